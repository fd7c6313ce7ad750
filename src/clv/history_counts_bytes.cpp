// The byte form of ClvHistoryCounts in the partial states' container (model/partial_image.hpp;
// docs/MODEL_FILES.md, "CLV history counts"); weights as their exact sums' partials.
#include <cmath>

#include "core/exact_sum.hpp"
#include "model/byte_io.hpp"
#include "model/partial_image.hpp"
#include "segcore/clv_history_counts.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {
constexpr model_detail::PartialImageKind kImage{{'S', 'E', 'G', 'C', 'H', 'C', 'T', '\n'}, 1, "CLV history counts"};
}  // namespace

std::vector<std::uint8_t> ClvHistoryCounts::to_bytes() const {
  model_detail::ByteWriter p;
  p.u32(static_cast<std::uint32_t>(kind_));
  p.f64s(tuples_);
  for (const detail::ExactSum& w : weights_) p.f64s(w.parts());
  return model_detail::partial_image(kImage, p.bytes());
}

StatusOr<ClvHistoryCounts> ClvHistoryCounts::from_bytes(std::span<const std::uint8_t> bytes) {
  SEGCORE_ASSIGN_OR_RETURN(const std::span<const std::uint8_t> payload, model_detail::partial_payload(kImage, bytes));
  model_detail::ByteReader r(payload, model_detail::kPartialImageHeader, kImage.source());
  std::uint32_t kind = 0;
  SEGCORE_RETURN_IF_ERROR(r.u32("kind", kind));
  if (kind > 1) return r.corrupt("kind", absl::StrCat(kind, " is not purchases (0) or spend (1)"));
  ClvHistoryCounts c;
  c.kind_ = static_cast<ClvHistoryKind>(kind);
  const std::size_t m = c.width();
  SEGCORE_RETURN_IF_ERROR(r.f64s("tuples", c.tuples_));
  if (c.tuples_.size() % m != 0)
    return r.corrupt("tuples", absl::StrCat(c.tuples_.size(), " values are not whole tuples of ", m));
  const std::size_t n = c.tuples_.size() / m;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j)
      if (!std::isfinite(c.tuples_[i * m + j])) return r.corrupt("tuples", "a value that is not finite");
    if (i > 0) {
      bool ascending = false;
      for (std::size_t j = 0; j < m; ++j) {
        const double a = c.tuples_[(i - 1) * m + j], b = c.tuples_[i * m + j];
        if (a != b) {
          ascending = a < b;
          break;
        }
      }
      if (!ascending) return r.corrupt("tuples", "the tuples are not strictly ascending");
    }
  }
  if (n > r.left() / 8) return r.corrupt("weights", "more tuples than the bytes left can weigh");
  c.weights_.resize(n);
  std::vector<double> parts;
  for (detail::ExactSum& w : c.weights_) {
    SEGCORE_RETURN_IF_ERROR(r.f64s("weights", parts));
    if (!w.assign(parts) || !(w.value() >= 0)) return r.corrupt("weights", "a weight that is not finite and >= 0");
  }
  SEGCORE_RETURN_IF_ERROR(r.finish("CLV history counts"));
  return c;
}

SEGCORE_NAMESPACE_END
