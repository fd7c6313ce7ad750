// Cluster stability by repeated subsample re-clustering: the reference k-means on all rows,
// then k-means on random subsets, compared on the rows they share.
#include <algorithm>
#include <numeric>
#include <vector>

#include "cluster/rng.hpp"
#include "segcore/metrics.hpp"
#include "segcore/selection.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

template <class T>
StatusOr<StabilityResult> stability_impl(ConstMatrixView<T> x, const StabilityOptions& o) {
  constexpr absl::string_view where = "cluster_stability";
  if (o.n_resamples < 1) return invalid_argument(where, "n_resamples is ", o.n_resamples, "; it must be >= 1");
  if (!(o.sample_fraction > 0 && o.sample_fraction <= 1))
    return invalid_argument(where, "sample_fraction is ", o.sample_fraction, "; it must be in (0, 1]");
  const std::size_t n = x.rows(), d = x.cols(), k = static_cast<std::size_t>(std::max(o.kmeans.n_clusters, 0));
  const std::size_t m = static_cast<std::size_t>(o.sample_fraction * static_cast<double>(n));
  if (m < k || m < 2)
    return invalid_argument(where, "a sample of ", m, " rows (sample_fraction ", o.sample_fraction, " of ", n,
                            ") cannot hold ", k, " clusters");
  KMeans reference(o.kmeans);
  SEGCORE_RETURN_IF_ERROR(reference.fit(x));
  StabilityResult r;
  r.labels = reference.labels();
  r.jaccard.assign(k, 0.0);
  std::vector<std::size_t> idx(n);
  std::vector<T> sub(m * d);
  std::vector<std::int32_t> ref_sub(m);
  for (int b = 0; b < o.n_resamples; ++b) {
    detail::progress(static_cast<double>(b + 1) / (o.n_resamples + 1), "cluster_stability");
    detail::Rng rng(detail::run_seed(o.kmeans.seed ^ 0x5AB1E5ull, b));
    std::iota(idx.begin(), idx.end(), std::size_t{0});
    for (std::size_t i = 0; i < m; ++i) std::swap(idx[i], idx[i + rng.below(n - i)]);
    std::sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(m));
    for (std::size_t i = 0; i < m; ++i) {
      std::copy(x.row(idx[i]), x.row(idx[i]) + d, &sub[i * d]);
      ref_sub[i] = r.labels[idx[i]];
    }
    KMeansOptions ko = o.kmeans;
    ko.seed = detail::run_seed(o.kmeans.seed, b + 1);
    KMeans again(ko);
    SEGCORE_RETURN_IF_ERROR(again.fit(ConstMatrixView<T>(sub.data(), m, d)));
    const auto& l = again.labels();
    SEGCORE_ASSIGN_OR_RETURN(double ari, adjusted_rand_score(ref_sub, l));
    r.ari.push_back(ari);
    // Contingency counts between reference clusters and the new ones, on the shared rows.
    std::vector<double> both(k * k, 0.0), ref_n(k, 0.0), new_n(k, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
      const std::size_t a = static_cast<std::size_t>(ref_sub[i]), c = static_cast<std::size_t>(l[i]);
      both[a * k + c] += 1, ref_n[a] += 1, new_n[c] += 1;
    }
    for (std::size_t a = 0; a < k; ++a) {
      double best = 0;  // a cluster absent from the sample counts as dissolved (0)
      for (std::size_t c = 0; c < k; ++c) {
        const double uni = ref_n[a] + new_n[c] - both[a * k + c];
        if (uni > 0) best = std::max(best, both[a * k + c] / uni);
      }
      r.jaccard[a] += best / o.n_resamples;
    }
  }
  r.mean_ari = std::accumulate(r.ari.begin(), r.ari.end(), 0.0) / static_cast<double>(r.ari.size());
  return r;
}

}  // namespace

StatusOr<StabilityResult> cluster_stability(ConstMatrixView<double> x, const StabilityOptions& o) {
  return detail::cancellable("cluster_stability", [&] { return stability_impl(x, o); });
}
StatusOr<StabilityResult> cluster_stability(ConstMatrixView<float> x, const StabilityOptions& o) {
  return detail::cancellable("cluster_stability", [&] { return stability_impl(x, o); });
}

SEGCORE_NAMESPACE_END
