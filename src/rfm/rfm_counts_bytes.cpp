// The byte form of RfmCounts (docs/MODEL_FILES.md, "RFM selection counts"): the partial-state
// container (model/partial_image.hpp) around the round, the requests and their digit counts.
#include "model/byte_io.hpp"
#include "model/partial_image.hpp"
#include "segcore/rfm_partial.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr model_detail::PartialImageKind kImage{{'S', 'E', 'G', 'C', 'R', 'F', 'C', '\n'}, 1, "RFM selection counts"};
constexpr std::size_t kRequestBytes = 4 + 8 + 8 + 8;  // measure, prefixes, number of digits
constexpr std::size_t kEntryBytes = 4 + 8;            // digit, count

}  // namespace

std::vector<std::uint8_t> RfmCounts::to_bytes() const {
  model_detail::ByteWriter p;
  p.u32(static_cast<std::uint32_t>(round_));
  p.u64(n_measures_);
  p.u64(requests_.size());
  for (std::size_t r = 0; r < requests_.size(); ++r) {
    p.u32(requests_[r].measure);
    p.u64(requests_[r].value_prefix);
    p.u64(requests_[r].position_prefix);
    p.u64(start_[r + 1] - start_[r]);
    for (std::size_t e = start_[r]; e < start_[r + 1]; ++e) {
      p.u32(digits_[e]);
      p.u64(counts_[e]);
    }
  }
  return model_detail::partial_image(kImage, p.bytes());
}

StatusOr<RfmCounts> RfmCounts::from_bytes(std::span<const std::uint8_t> bytes) {
  SEGCORE_ASSIGN_OR_RETURN(const auto payload, model_detail::partial_payload(kImage, bytes));
  model_detail::ByteReader r(payload, model_detail::kPartialImageHeader, kImage.source());
  std::uint32_t round = 0;
  std::uint64_t n_measures = 0, n_requests = 0;
  SEGCORE_RETURN_IF_ERROR(r.u32("round", round));
  SEGCORE_RETURN_IF_ERROR(r.u64("measures", n_measures));
  SEGCORE_RETURN_IF_ERROR(model_detail::count(r, "requests", kRequestBytes, n_requests));
  std::vector<RfmCountRequest> requests(n_requests);
  std::vector<std::size_t> start(n_requests + 1, 0);
  std::vector<std::uint16_t> digits;
  std::vector<std::uint64_t> counts;
  for (std::uint64_t q = 0; q < n_requests; ++q) {
    std::uint64_t n_entries = 0;
    SEGCORE_RETURN_IF_ERROR(r.u32("request measure", requests[q].measure));
    SEGCORE_RETURN_IF_ERROR(r.u64("request value prefix", requests[q].value_prefix));
    SEGCORE_RETURN_IF_ERROR(r.u64("request position prefix", requests[q].position_prefix));
    SEGCORE_RETURN_IF_ERROR(model_detail::count(r, "request digits", kEntryBytes, n_entries));
    for (std::uint64_t e = 0; e < n_entries; ++e) {
      std::uint32_t digit = 0;
      std::uint64_t n = 0;
      SEGCORE_RETURN_IF_ERROR(r.u32("digit", digit));
      if (digit > 0xFFFFu || (e > 0 && digit <= digits.back()))
        return r.corrupt("digit", absl::StrCat(digit, " is not a 16-bit digit above the one before"));
      SEGCORE_RETURN_IF_ERROR(r.u64("count", n));
      if (n == 0) return r.corrupt("count", "a digit counted 0 times is not stored");
      digits.push_back(static_cast<std::uint16_t>(digit));
      counts.push_back(n);
    }
    start[q + 1] = digits.size();
  }
  SEGCORE_RETURN_IF_ERROR(r.finish("RFM selection counts"));
  auto made =
      RfmCounts::create(static_cast<int>(std::min<std::uint32_t>(round, 1u << 30)), n_measures, std::move(requests));
  if (!made.ok()) return r.invalid(made.status());
  made->start_ = std::move(start);
  made->digits_ = std::move(digits);
  made->counts_ = std::move(counts);
  return made;
}

SEGCORE_NAMESPACE_END
