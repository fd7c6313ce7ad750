#include "segcore/kmeans.hpp"

#include <cmath>
#include <limits>

#include "cluster/kmeans_engine.hpp"
#include "cluster/rng.hpp"
#include "segcore/describe.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN

Status validate(const KMeansOptions& o) {
  constexpr absl::string_view where = "KMeans options";
  if (o.n_clusters < 1 || o.n_clusters > kMaxClusters)
    return invalid_argument(where, "n_clusters is ", o.n_clusters, "; it must be in [1, ", kMaxClusters, "]");
  if (o.n_init < 1) return invalid_argument(where, "n_init is ", o.n_init, "; it must be >= 1");
  if (o.max_iter < 1) return invalid_argument(where, "max_iter is ", o.max_iter, "; it must be >= 1");
  if (!(o.tol >= 0) || !std::isfinite(o.tol))
    return invalid_argument(where, "tol is ", o.tol, "; it must be finite and >= 0");
  if (o.n_threads < 0) return invalid_argument(where, "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  const int alg = static_cast<int>(o.algorithm);
  if (alg < 0 || alg > 1) return invalid_argument(where, "algorithm ", alg, " is not lloyd (0) or hamerly (1)");
  return absl::OkStatus();
}

namespace {

template <class T>
Status check_input(ConstMatrixView<T> x, std::size_t d, absl::string_view where, int threads) {
  if (x.cols() != d) return invalid_argument(where, "x has ", x.cols(), " columns; the model was fitted on ", d);
  return check_finite(x, where, threads);
}

}  // namespace

Status KMeans::set_initial_centers(ConstMatrixView<double> c) {
  return detail::copy_initial_centers(c, options_.n_clusters, "KMeans::set_initial_centers", initial_centers_);
}

template <class T>
Status KMeans::fit_impl(ConstMatrixView<T> x, std::span<const double> w) {
  constexpr absl::string_view where = "KMeans::fit";
  SEGCORE_RETURN_IF_ERROR(validate(options_));
  const std::size_t d = x.cols(), k = static_cast<std::size_t>(options_.n_clusters);
  const int threads = resolve_threads(options_.n_threads);
  SEGCORE_ASSIGN_OR_RETURN(const double tol, detail::check_fit(x, w, k, options_.tol, threads, where));
  if (!initial_centers_.empty() && initial_centers_.size() != k * d)
    return invalid_argument(where, "the initial centers have ", initial_centers_.size() / k, " columns; x has ", d);

  const detail::ScaledWeights weights = detail::scale_weights(w);
  const detail::Points<T> p(x, weights.w, threads);
  const int runs = initial_centers_.empty() ? options_.n_init : 1;
  detail::RunResult best;
  best.inertia = std::numeric_limits<double>::infinity();
  for (int run = 0; run < runs; ++run) {
    detail::progress(static_cast<double>(run) / runs, "KMeans::fit");
    std::vector<double> start = initial_centers_;
    if (start.empty()) {
      detail::Rng rng(detail::run_seed(options_.seed, run));
      SEGCORE_ASSIGN_OR_RETURN(start, detail::kmeans_plusplus(p, k, rng));
    }
    detail::RunResult r = options_.algorithm == KMeansAlgorithm::hamerly
                              ? detail::run_hamerly(p, std::move(start), k, options_.max_iter, tol)
                              : detail::run_lloyd(p, std::move(start), k, options_.max_iter, tol);
    if (r.inertia < best.inertia || run == 0) best = std::move(r);
  }
  SEGCORE_ASSIGN_OR_RETURN(const double inertia, detail::unscaled_inertia(best.inertia, weights.exponent, where));
  centers_ = std::move(best.centers);
  labels_ = std::move(best.labels);
  inertia_ = inertia;
  n_iter_ = best.n_iter;
  n_features_ = d;
  return absl::OkStatus();
}

template <class T>
Status KMeans::predict_impl(ConstMatrixView<T> x, std::span<std::int32_t> labels) const {
  constexpr absl::string_view where = "KMeans::predict";
  if (!fitted()) return absl::FailedPreconditionError("KMeans::predict: the model is not fitted");
  const int threads = resolve_threads(options_.n_threads);
  SEGCORE_RETURN_IF_ERROR(check_input(x, n_features_, where, threads));
  if (labels.size() != x.rows())
    return invalid_argument(where, "labels holds ", labels.size(), " values for ", x.rows(), " rows");
  detail::assign_nearest(x, centers_, threads, labels.data());
  return absl::OkStatus();
}

template <class T>
Status KMeans::transform_impl(ConstMatrixView<T> x, MatrixView<double> out) const {
  constexpr absl::string_view where = "KMeans::transform";
  if (!fitted()) return absl::FailedPreconditionError("KMeans::transform: the model is not fitted");
  const int threads = resolve_threads(options_.n_threads);
  SEGCORE_RETURN_IF_ERROR(check_input(x, n_features_, where, threads));
  const std::size_t k = centers_.size() / n_features_;
  if (out.rows() != x.rows() || out.cols() != k)
    return invalid_argument(where, "out is ", out.rows(), " x ", out.cols(), "; it must be ", x.rows(), " x ", k);
  return detail::center_distances(x, centers_, threads, out, where);
}

// The fit commits its results only at its end, so a cancelled one leaves the model as it was.
Status KMeans::fit(ConstMatrixView<float> x, std::span<const double> w) {
  return detail::cancellable("KMeans::fit", [&] { return fit_impl(x, w); });
}
Status KMeans::fit(ConstMatrixView<double> x, std::span<const double> w) {
  return detail::cancellable("KMeans::fit", [&] { return fit_impl(x, w); });
}
Status KMeans::predict(ConstMatrixView<float> x, std::span<std::int32_t> l) const { return predict_impl(x, l); }
Status KMeans::predict(ConstMatrixView<double> x, std::span<std::int32_t> l) const { return predict_impl(x, l); }
Status KMeans::transform(ConstMatrixView<float> x, MatrixView<double> out) const { return transform_impl(x, out); }
Status KMeans::transform(ConstMatrixView<double> x, MatrixView<double> out) const { return transform_impl(x, out); }

SEGCORE_NAMESPACE_END
