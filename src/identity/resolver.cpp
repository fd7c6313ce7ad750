// Union-find over records that share an identifier. The root of a group is its lowest record,
// so the grouping and the customer numbering depend only on the records, not on hash order.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "io/csv_internal.hpp"
#include "segcore/identity.hpp"
#include "segcore/names.hpp"

SEGCORE_NAMESPACE_BEGIN

const char* to_string(IdKind kind) {
  const std::string_view name = enum_name(kind);  // a string literal of the table: NUL-terminated
  return name.empty() ? "unknown" : name.data();
}

std::uint32_t IdentityResolver::find(std::uint32_t x) const {
  while (parent_[x] != x) {
    parent_[x] = parent_[parent_[x]];
    x = parent_[x];
  }
  return x;
}

void IdentityResolver::unite(std::uint32_t a, std::uint32_t b, IdKind kind, const std::string& value) {
  const std::uint32_t ra = find(a), rb = find(b);
  if (ra == rb) {
    ++redundant_;
    ++redundant_at_[b];
    return;
  }
  parent_[std::max(ra, rb)] = std::min(ra, rb);
  links_.push_back({a, b, kind, value});
}

StatusOr<std::uint32_t> IdentityResolver::add_record(std::span<const Identifier> ids) {
  if (parent_.size() >= UINT32_MAX - 1) return invalid_argument("IdentityResolver::add_record", "too many records");
  for (const Identifier& id : ids)
    if (static_cast<unsigned>(id.kind) > 4)
      return invalid_argument("IdentityResolver::add_record", "unknown identifier kind ", static_cast<int>(id.kind));
  const auto r = static_cast<std::uint32_t>(parent_.size());
  parent_.push_back(r);
  redundant_at_.push_back(0);
  for (const Identifier& id : ids) {
    const absl::string_view raw = absl::StripAsciiWhitespace(id.value);
    if (raw.empty()) continue;
    StatusOr<std::string> key = key_of(id, raw);
    if (!key.ok()) {
      rejected_.push_back({r, id.kind, std::string(raw), std::string(key.status().message())});
      continue;
    }
    auto [it, inserted] = first_.try_emplace(*key, r);
    if (!inserted) unite(it->second, r, id.kind, key->substr(key->find(':') + 1));
  }
  return r;
}

StatusOr<std::string> IdentityResolver::key_of(const Identifier& id, absl::string_view raw) const {
  StatusOr<std::string> value = std::string(raw);
  if (const std::size_t bad = io_detail::invalid_utf8_at(raw); bad != absl::string_view::npos)
    value = invalid_argument("IdentityResolver::add_record", "not valid UTF-8 (byte ", bad, ")");
  else if (!pseudonymised_ && id.kind == IdKind::email)
    value = normalize_email(raw);
  else if (!pseudonymised_ && id.kind == IdKind::phone)
    value = normalize_phone(raw, country_);
  if (!value.ok()) return value.status();
  return absl::StrCat(static_cast<int>(id.kind), ":", *value);
}

IdentityResult IdentityResolver::resolve() const {
  IdentityResult res;
  const std::size_t n = parent_.size();
  res.customer.resize(n);
  std::vector<std::uint32_t> code(n, UINT32_MAX);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (parent_[i] == IdentityResult::kErased) {
      res.customer[i] = IdentityResult::kErased;
      continue;
    }
    const std::uint32_t root = find(i);  // root <= i, so roots are numbered in record order
    if (code[root] == UINT32_MAX) code[root] = static_cast<std::uint32_t>(res.n_customers++);
    res.customer[i] = code[root];
  }
  res.links = links_;
  res.redundant_links = redundant_;
  res.rejected = rejected_;
  return res;
}

SEGCORE_NAMESPACE_END
