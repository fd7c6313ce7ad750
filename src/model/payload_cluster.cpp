// Payloads of k-means and mini-batch k-means: options, then centers (rows, columns, values),
// then what the model reports about its fit.
#include "model/payloads.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {
namespace {

void put_centers(ConstMatrixView<double> c, ByteWriter& w) {
  w.u64(c.rows());
  w.u64(c.cols());
  w.f64s(std::span<const double>(c.data(), c.rows() * c.cols()));
}

// Reads rows, columns and the values; their count must be rows x columns.
Status get_centers(ByteReader& r, std::uint64_t& rows, std::uint64_t& cols, std::vector<double>& values) {
  SEGCORE_RETURN_IF_ERROR(r.u64("center rows", rows));
  SEGCORE_RETURN_IF_ERROR(r.u64("center columns", cols));
  SEGCORE_RETURN_IF_ERROR(r.f64s("centers", values));
  if (cols == 0 || values.size() / cols != rows || values.size() % cols != 0)
    return r.corrupt("centers", absl::StrCat(values.size(), " values for ", rows, " x ", cols, " centers"));
  return absl::OkStatus();
}

}  // namespace

void encode(const KMeans& m, ByteWriter& w) {
  const KMeansOptions& o = m.options();
  w.i32(o.n_clusters);
  w.i32(o.n_init);
  w.i32(o.max_iter);
  w.f64(o.tol);
  w.u8(static_cast<std::uint8_t>(o.algorithm));
  w.u64(o.seed);
  w.i32(o.n_threads);
  put_centers(m.centers(), w);
  w.f64(m.inertia());
  w.i32(m.n_iter());
}

StatusOr<KMeans> decode_kmeans(ByteReader& r) {
  KMeansOptions o;
  std::uint8_t algorithm;
  std::uint64_t rows, cols;
  std::vector<double> centers;
  double inertia;
  std::int32_t n_iter;
  SEGCORE_RETURN_IF_ERROR(r.i32("n_clusters", o.n_clusters));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_init", o.n_init));
  SEGCORE_RETURN_IF_ERROR(r.i32("max_iter", o.max_iter));
  SEGCORE_RETURN_IF_ERROR(r.f64("tol", o.tol));
  SEGCORE_RETURN_IF_ERROR(r.u8("algorithm", algorithm));
  SEGCORE_RETURN_IF_ERROR(r.u64("seed", o.seed));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_threads", o.n_threads));
  SEGCORE_RETURN_IF_ERROR(get_centers(r, rows, cols, centers));
  SEGCORE_RETURN_IF_ERROR(r.f64("inertia", inertia));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_iter", n_iter));
  SEGCORE_RETURN_IF_ERROR(r.finish("k-means"));
  o.algorithm = static_cast<KMeansAlgorithm>(algorithm);
  auto km = KMeans::from_parameters(o, ConstMatrixView<double>(centers.data(), rows, cols), inertia, n_iter);
  if (!km.ok()) return r.invalid(km.status());
  return km;
}

void encode(const MiniBatchKMeans& m, ByteWriter& w) {
  const MiniBatchKMeansOptions& o = m.options();
  w.i32(o.n_clusters);
  w.i32(o.batch_size);
  w.i32(o.max_iter);
  w.f64(o.tol);
  w.i32(o.max_no_improvement);
  w.f64(o.reassignment_ratio);
  w.u64(o.seed);
  w.i32(o.n_threads);
  put_centers(m.centers(), w);
  w.f64s(m.cluster_weights());
  w.i64(m.n_steps());
  w.i64(m.rows_since_reassign());
  w.f64(m.inertia());
}

StatusOr<MiniBatchKMeans> decode_minibatch_kmeans(ByteReader& r) {
  MiniBatchKMeansOptions o;
  std::uint64_t rows, cols;
  std::vector<double> centers;
  MiniBatchKMeans::State state;
  SEGCORE_RETURN_IF_ERROR(r.i32("n_clusters", o.n_clusters));
  SEGCORE_RETURN_IF_ERROR(r.i32("batch_size", o.batch_size));
  SEGCORE_RETURN_IF_ERROR(r.i32("max_iter", o.max_iter));
  SEGCORE_RETURN_IF_ERROR(r.f64("tol", o.tol));
  SEGCORE_RETURN_IF_ERROR(r.i32("max_no_improvement", o.max_no_improvement));
  SEGCORE_RETURN_IF_ERROR(r.f64("reassignment_ratio", o.reassignment_ratio));
  SEGCORE_RETURN_IF_ERROR(r.u64("seed", o.seed));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_threads", o.n_threads));
  SEGCORE_RETURN_IF_ERROR(get_centers(r, rows, cols, centers));
  SEGCORE_RETURN_IF_ERROR(r.f64s("cluster_weights", state.cluster_weights));
  SEGCORE_RETURN_IF_ERROR(r.i64("n_steps", state.n_steps));
  SEGCORE_RETURN_IF_ERROR(r.i64("rows_since_reassign", state.rows_since_reassign));
  SEGCORE_RETURN_IF_ERROR(r.f64("inertia", state.inertia));
  SEGCORE_RETURN_IF_ERROR(r.finish("mini-batch k-means"));
  auto mb = MiniBatchKMeans::from_parameters(o, ConstMatrixView<double>(centers.data(), rows, cols), std::move(state));
  if (!mb.ok()) return r.invalid(mb.status());
  return mb;
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
