// The last step of Calinski-Harabasz and Davies-Bouldin, from per-cluster quantities, shared by
// the one-process scores (scores.cpp) and the merged partial states (cluster_sums.cpp). Centers
// and means are relative to one origin. Internal.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

// counts (k), centers (k x d) and the overall mean (d); intra: the summed squared distances of
// the rows to their centers; n rows.
inline StatusOr<double> calinski_harabasz_from(std::span<const double> counts, std::span<const double> centers,
                                               std::span<const double> mean, double intra, std::size_t n,
                                               absl::string_view where) {
  const std::size_t k = counts.size(), d = mean.size();
  double extra = 0;
  for (std::size_t q = 0; q < k; ++q) {
    double s = 0;
    for (std::size_t j = 0; j < d; ++j) s += (centers[q * d + j] - mean[j]) * (centers[q * d + j] - mean[j]);
    extra += counts[q] * s;
  }
  if (!std::isfinite(extra) || !std::isfinite(intra))
    return invalid_argument(where, "the dispersions overflow double precision (values too large to square)");
  if (intra == 0) return 1.0;
  return extra * static_cast<double>(n - k) / (intra * static_cast<double>(k - 1));
}

// spread (k): each cluster's mean distance of its rows to its center; centers (k x d).
inline StatusOr<double> davies_bouldin_from(std::span<const double> spread, std::span<const double> centers,
                                            std::size_t d, absl::string_view where) {
  const std::size_t k = spread.size();
  bool all_spread_zero = true, all_dist_zero = true;
  for (std::size_t q = 0; q < k; ++q) all_spread_zero = all_spread_zero && std::abs(spread[q]) <= 1e-8;  // np.allclose
  std::vector<double> dist(k * k, 0.0);
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = 0; b < k; ++b) {
      double s = 0;
      for (std::size_t j = 0; j < d; ++j)
        s += (centers[a * d + j] - centers[b * d + j]) * (centers[a * d + j] - centers[b * d + j]);
      dist[a * k + b] = std::sqrt(s);
      all_dist_zero = all_dist_zero && dist[a * k + b] <= 1e-8;
    }
  if (all_spread_zero || all_dist_zero) return 0.0;
  double total = 0;
  for (std::size_t a = 0; a < k; ++a) {
    double worst = -INFINITY;
    for (std::size_t b = 0; b < k; ++b) {
      const double dd = dist[a * k + b] == 0 ? INFINITY : dist[a * k + b];  // itself, or a twin centroid
      worst = std::max(worst, (spread[a] + spread[b]) / dd);
    }
    total += worst;
  }
  if (!std::isfinite(total))  // distances of finite values near the limits of double
    return invalid_argument(where, "the score overflows double precision (values too large to square)");
  return total / static_cast<double>(k);
}

}  // namespace detail
SEGCORE_NAMESPACE_END
