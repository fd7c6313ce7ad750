// KMeans::from_parameters and MiniBatchKMeans::from_parameters: fitted models rebuilt from
// saved centers (and, for mini-batch, the state partial_fit continues from).
#include <cmath>

#include "cluster/kmeans_engine.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/minibatch_kmeans.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

Status check_inertia(double inertia, absl::string_view where) {
  if (!std::isfinite(inertia) || inertia < 0)
    return invalid_argument(where, "inertia is ", inertia, "; it must be finite and >= 0");
  return absl::OkStatus();
}

}  // namespace

StatusOr<KMeans> KMeans::from_parameters(KMeansOptions options, ConstMatrixView<double> centers, double inertia,
                                         int n_iter) {
  constexpr absl::string_view where = "KMeans::from_parameters";
  SEGCORE_RETURN_IF_ERROR(validate(options));
  if (centers.rows() == 0) return invalid_argument(where, "there are no centers");
  SEGCORE_RETURN_IF_ERROR(check_inertia(inertia, where));
  if (n_iter < 0) return invalid_argument(where, "n_iter is ", n_iter, "; it must be >= 0");
  KMeans km(options);
  SEGCORE_RETURN_IF_ERROR(detail::copy_initial_centers(centers, options.n_clusters, where, km.centers_));
  km.n_features_ = centers.cols();
  km.inertia_ = inertia;
  km.n_iter_ = n_iter;
  return km;
}

StatusOr<MiniBatchKMeans> MiniBatchKMeans::from_parameters(MiniBatchKMeansOptions options,
                                                           ConstMatrixView<double> centers, State state) {
  constexpr absl::string_view where = "MiniBatchKMeans::from_parameters";
  SEGCORE_RETURN_IF_ERROR(validate(options));
  if (centers.rows() == 0) return invalid_argument(where, "there are no centers");
  if (state.cluster_weights.size() != centers.rows())
    return invalid_argument(where, state.cluster_weights.size(), " cluster weights for ", centers.rows(), " centers");
  for (std::size_t c = 0; c < state.cluster_weights.size(); ++c)
    if (!std::isfinite(state.cluster_weights[c]) || state.cluster_weights[c] < 0)
      return invalid_argument(where, "cluster weight ", c, " is ", state.cluster_weights[c],
                              "; it must be finite and >= 0");
  if (state.n_steps < 0 || state.rows_since_reassign < 0)
    return invalid_argument(where, "n_steps (", state.n_steps, ") and rows_since_reassign (", state.rows_since_reassign,
                            ") must be >= 0");
  SEGCORE_RETURN_IF_ERROR(check_inertia(state.inertia, where));
  MiniBatchKMeans mb(options);
  SEGCORE_RETURN_IF_ERROR(detail::copy_initial_centers(centers, options.n_clusters, where, mb.centers_));
  mb.weights_ = std::move(state.cluster_weights);
  mb.n_features_ = centers.cols();
  mb.n_steps_ = state.n_steps;
  mb.rows_since_reassign_ = state.rows_since_reassign;
  mb.inertia_ = state.inertia;
  return mb;
}

SEGCORE_NAMESPACE_END
