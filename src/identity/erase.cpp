// Erasing a customer from the resolver. Groups never split, so every identifier whose first
// record lies in the customer's group belongs to that group alone, and every link and
// rejection naming one of its records goes with it. Erased records keep their index (callers
// hold record numbers) but are marked, and nothing can link to them again: their identifiers
// are no longer known.
#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "segcore/identity.hpp"

SEGCORE_NAMESPACE_BEGIN

StatusOr<IdentityErasure> IdentityResolver::erase(const Identifier& id) {
  constexpr const char* where = "IdentityResolver::erase";
  if (static_cast<unsigned>(id.kind) > 4)
    return invalid_argument(where, "unknown identifier kind ", static_cast<int>(id.kind));
  const absl::string_view raw = absl::StripAsciiWhitespace(id.value);
  if (raw.empty()) return invalid_argument(where, "the ", to_string(id.kind), " is empty");
  StatusOr<std::string> key = key_of(id, raw);
  if (!key.ok()) return invalid_argument(where, to_string(id.kind), ": ", key.status().message());
  auto it = first_.find(*key);
  if (it == first_.end())
    return absl::NotFoundError(absl::StrCat(where, ": no record carries this ", to_string(id.kind)));
  return erase_record(it->second);
}

StatusOr<IdentityErasure> IdentityResolver::erase_record(std::uint32_t record) {
  if (record >= parent_.size() || parent_[record] == IdentityResult::kErased)
    return absl::NotFoundError(absl::StrCat("IdentityResolver::erase_record: record ", record,
                                            record >= parent_.size() ? " does not exist" : " is already erased"));
  IdentityErasure out;
  const std::uint32_t root = find(record);
  std::vector<std::uint8_t> gone(parent_.size(), 0);
  for (std::uint32_t i = root; i < parent_.size(); ++i)  // a group's root is its lowest record
    if (parent_[i] != IdentityResult::kErased && find(i) == root) gone[i] = 1, ++out.records;
  for (std::uint32_t i = root; i < parent_.size(); ++i)
    if (gone[i]) {
      parent_[i] = IdentityResult::kErased;
      out.links += redundant_at_[i];
      redundant_ -= redundant_at_[i];
      redundant_at_[i] = 0;
    }
  out.identifiers = absl::erase_if(first_, [&](const auto& kv) { return gone[kv.second] != 0; });
  const std::size_t listed = links_.size();
  std::erase_if(links_, [&](const IdentityLink& l) { return gone[l.record_a] != 0; });
  out.links += listed - links_.size();
  const std::size_t rejected = rejected_.size();
  std::erase_if(rejected_, [&](const RejectedIdentifier& r) { return gone[r.record] != 0; });
  out.rejected = rejected - rejected_.size();
  links_.shrink_to_fit();
  rejected_.shrink_to_fit();
  return out;
}

SEGCORE_NAMESPACE_END
