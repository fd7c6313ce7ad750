// The byte forms of ClusterSums and ClusterSpread in the partial states' container
// (model/partial_image.hpp; docs/MODEL_FILES.md, "Clustering-metric partial states"). Exact
// sums are stored as their lists of partials.
#include <algorithm>
#include <cmath>

#include "core/exact_sum.hpp"
#include "model/byte_io.hpp"
#include "model/partial_image.hpp"
#include "segcore/cluster_sums.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr model_detail::PartialImageKind kSumsImage{
    {'S', 'E', 'G', 'C', 'C', 'S', '1', '\n'}, 1, "clustering-metric sums"};
constexpr model_detail::PartialImageKind kSpreadImage{
    {'S', 'E', 'G', 'C', 'C', 'S', '2', '\n'}, 1, "clustering-metric spread"};

void write_sums(model_detail::ByteWriter& w, const std::vector<detail::ExactSum>& sums) {
  for (const detail::ExactSum& s : sums) w.f64s(s.parts());
}

Status read_sums(model_detail::ByteReader& r, const char* field, std::size_t n, std::vector<detail::ExactSum>& sums) {
  sums.assign(n, detail::ExactSum());
  std::vector<double> parts;
  for (detail::ExactSum& s : sums) {
    SEGCORE_RETURN_IF_ERROR(r.f64s(field, parts));
    if (!s.assign(parts)) return r.corrupt(field, "holds a partial sum that is not finite");
  }
  return absl::OkStatus();
}

Status read_labels(model_detail::ByteReader& r, std::vector<std::int32_t>& labels) {
  std::uint64_t k = 0;
  SEGCORE_RETURN_IF_ERROR(model_detail::count(r, "labels", 4, k));
  labels.resize(k);
  for (std::int32_t& l : labels) SEGCORE_RETURN_IF_ERROR(r.i32("labels", l));
  if (!std::is_sorted(labels.begin(), labels.end()) || std::adjacent_find(labels.begin(), labels.end()) != labels.end())
    return r.corrupt("labels", "the labels are not strictly ascending");
  return absl::OkStatus();
}

void write_labels(model_detail::ByteWriter& w, const std::vector<std::int32_t>& labels) {
  w.u64(labels.size());
  for (std::int32_t l : labels) w.i32(l);
}

Status read_origin(model_detail::ByteReader& r, std::vector<double>& origin) {
  SEGCORE_RETURN_IF_ERROR(r.f64s("origin", origin));
  if (origin.empty()) return r.corrupt("origin", "has no values");
  for (double v : origin)
    if (!std::isfinite(v)) return r.corrupt("origin", absl::StrCat("holds ", v));
  return absl::OkStatus();
}

}  // namespace

std::vector<std::uint8_t> ClusterSums::to_bytes() const {
  model_detail::ByteWriter p;
  p.f64s(origin_);
  write_labels(p, labels_);
  for (std::uint64_t c : counts_) p.u64(c);
  write_sums(p, sums_);
  return model_detail::partial_image(kSumsImage, p.bytes());
}

StatusOr<ClusterSums> ClusterSums::from_bytes(std::span<const std::uint8_t> bytes) {
  SEGCORE_ASSIGN_OR_RETURN(const std::span<const std::uint8_t> payload,
                           model_detail::partial_payload(kSumsImage, bytes));
  model_detail::ByteReader r(payload, model_detail::kPartialImageHeader, kSumsImage.source());
  ClusterSums s;
  SEGCORE_RETURN_IF_ERROR(read_origin(r, s.origin_));
  SEGCORE_RETURN_IF_ERROR(read_labels(r, s.labels_));
  if (s.labels_.size() > r.left() / 8) return r.corrupt("counts", "more labels than the bytes left can count");
  s.counts_.resize(s.labels_.size());
  std::uint64_t total = 0;
  for (std::uint64_t& c : s.counts_) {
    SEGCORE_RETURN_IF_ERROR(r.u64("counts", c));
    if (c == 0) return r.corrupt("counts", "a label with no rows");
    if (__builtin_add_overflow(total, c, &total)) return r.corrupt("counts", "the row counts add up past 2^64");
  }
  if (s.labels_.size() > r.left() / (8 * s.origin_.size()))
    return r.corrupt("sums", "more sums than the bytes left can hold");
  SEGCORE_RETURN_IF_ERROR(read_sums(r, "sums", s.labels_.size() * s.origin_.size(), s.sums_));
  SEGCORE_RETURN_IF_ERROR(r.finish("clustering-metric sums"));
  return s;
}

std::vector<std::uint8_t> ClusterSpread::to_bytes() const {
  model_detail::ByteWriter p;
  p.f64s(origin_);
  write_labels(p, labels_);
  p.f64s(centers_);
  p.u64(n_rows_);
  write_sums(p, squares_);
  write_sums(p, distances_);
  return model_detail::partial_image(kSpreadImage, p.bytes());
}

StatusOr<ClusterSpread> ClusterSpread::from_bytes(std::span<const std::uint8_t> bytes) {
  SEGCORE_ASSIGN_OR_RETURN(const std::span<const std::uint8_t> payload,
                           model_detail::partial_payload(kSpreadImage, bytes));
  model_detail::ByteReader r(payload, model_detail::kPartialImageHeader, kSpreadImage.source());
  ClusterSpread s;
  SEGCORE_RETURN_IF_ERROR(read_origin(r, s.origin_));
  SEGCORE_RETURN_IF_ERROR(read_labels(r, s.labels_));
  if (s.labels_.empty()) return r.corrupt("labels", "no clusters");
  SEGCORE_RETURN_IF_ERROR(r.f64s("centers", s.centers_));
  if (s.centers_.size() != s.labels_.size() * s.origin_.size())
    return r.corrupt("centers", absl::StrCat(s.centers_.size(), " values for ", s.labels_.size(), " clusters of ",
                                             s.origin_.size(), " features"));
  for (double v : s.centers_)
    if (!std::isfinite(v)) return r.corrupt("centers", absl::StrCat("holds ", v));
  SEGCORE_RETURN_IF_ERROR(r.u64("rows", s.n_rows_));
  if (s.labels_.size() > r.left() / 16) return r.corrupt("squared distances", "more sums than the bytes left hold");
  SEGCORE_RETURN_IF_ERROR(read_sums(r, "squared distances", s.labels_.size(), s.squares_));
  SEGCORE_RETURN_IF_ERROR(read_sums(r, "distances", s.labels_.size(), s.distances_));
  SEGCORE_RETURN_IF_ERROR(r.finish("clustering-metric spread"));
  return s;
}

SEGCORE_NAMESPACE_END
