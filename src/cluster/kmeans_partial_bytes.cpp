// The byte form of KMeansPartial, a sibling of the model-file container (docs/MODEL_FILES.md,
// "k-means partial states"): magic, format version, payload length, the little-endian
// payload (model/byte_io.hpp) and a CRC-32C of everything before it.
#include <algorithm>
#include <cmath>
#include <limits>

#include "model/byte_io.hpp"
#include "model/partial_seal.hpp"
#include "segcore/kmeans_partial.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr std::uint8_t kMagic[8] = {'S', 'E', 'G', 'C', 'K', 'M', 'P', '\n'};
constexpr std::uint32_t kVersion = 1;
constexpr const char* kSource = "k-means partial state bytes";

}  // namespace

std::vector<std::uint8_t> KMeansPartial::to_bytes() const {
  model_detail::ByteWriter p;
  p.u32(static_cast<std::uint32_t>(type_));
  p.u64(k_);
  p.u64(d_);
  p.u64(n_rows_);
  p.f64(inertia_);
  p.f64s(origin_);
  p.f64s(centers_);
  p.f64s(sums_);
  p.f64s(weights_);
  p.u64(far_.size());
  for (const KMeansFarRow& r : far_) {
    p.f64(r.sqdist);
    p.u64(r.row);
    p.i32(r.label);
    p.f64(r.weight);
    p.f64s(r.offset);
  }
  return model_detail::seal_partial(kMagic, kVersion, p.bytes());
}

StatusOr<KMeansPartial> KMeansPartial::from_bytes(std::span<const std::uint8_t> bytes) {
  SEGCORE_ASSIGN_OR_RETURN(model_detail::ByteReader r,
                           model_detail::open_partial(bytes, kMagic, kVersion, kSource, "a k-means partial state"));
  KMeansPartial s;
  std::uint32_t type = 0;
  std::uint64_t k = 0, d = 0, n_far = 0;
  SEGCORE_RETURN_IF_ERROR(r.u32("value type", type));
  SEGCORE_RETURN_IF_ERROR(r.u64("n_clusters", k));
  SEGCORE_RETURN_IF_ERROR(r.u64("n_features", d));
  SEGCORE_RETURN_IF_ERROR(r.u64("rows", s.n_rows_));
  SEGCORE_RETURN_IF_ERROR(r.f64("inertia", s.inertia_));
  SEGCORE_RETURN_IF_ERROR(r.f64s("origin", s.origin_));
  SEGCORE_RETURN_IF_ERROR(r.f64s("centers", s.centers_));
  SEGCORE_RETURN_IF_ERROR(r.f64s("sums", s.sums_));
  SEGCORE_RETURN_IF_ERROR(r.f64s("weights", s.weights_));
  if (type > 1) return r.corrupt("value type", absl::StrCat(type, " is not f64 (0) or f32 (1)"));
  if (k == 0 || d == 0 || s.origin_.size() != d || s.centers_.size() / d != k || s.centers_.size() % d != 0 ||
      s.sums_.size() != s.centers_.size() || s.weights_.size() != k)
    return r.corrupt("weights", absl::StrCat("the arrays' sizes do not fit ", k, " clusters of ", d, " features"));
  // The origin and centers are what accumulate computes with: finite, and an origin of float
  // data a float value, as create made it.
  auto of_type = [&](double v) {
    if (!std::isfinite(v)) return false;
    if (type == 0) return true;
    return std::abs(v) <= std::numeric_limits<float>::max() && static_cast<double>(static_cast<float>(v)) == v;
  };
  for (double v : s.origin_)
    if (!of_type(v)) return r.corrupt("origin", absl::StrCat("holds ", v, ", not a finite value of the data's type"));
  for (double v : s.centers_)
    if (!std::isfinite(v)) return r.corrupt("centers", absl::StrCat("holds ", v));
  SEGCORE_RETURN_IF_ERROR(r.u64("farthest rows", n_far));
  if (n_far > k) return r.corrupt("farthest rows", absl::StrCat(n_far, " rows kept for ", k, " clusters"));
  s.k_ = k;
  s.d_ = d;
  s.type_ = static_cast<KMeansValueType>(type);
  for (std::uint64_t e = 0; e < n_far; ++e) {
    KMeansFarRow f;
    SEGCORE_RETURN_IF_ERROR(r.f64("farthest row distance", f.sqdist));
    SEGCORE_RETURN_IF_ERROR(r.u64("farthest row index", f.row));
    SEGCORE_RETURN_IF_ERROR(r.i32("farthest row label", f.label));
    SEGCORE_RETURN_IF_ERROR(r.f64("farthest row weight", f.weight));
    SEGCORE_RETURN_IF_ERROR(r.f64s("farthest row offset", f.offset));
    if (f.label < 0 || static_cast<std::uint64_t>(f.label) >= k || f.offset.size() != d || !(f.weight > 0))
      return r.corrupt("farthest row", "a label, weight or offset out of range");
    s.far_.push_back(std::move(f));
  }
  SEGCORE_RETURN_IF_ERROR(r.finish("k-means partial state"));
  return s;
}

SEGCORE_NAMESPACE_END
