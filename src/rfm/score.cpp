// Scoring one measure into bins: quantile edges, rank bins, or the caller's edges.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "segcore/rfm.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

// numpy's default (linear) quantile of sorted values.
double quantile(const std::vector<double>& sorted, int k, int bins) {
  const double pos = static_cast<double>(k) * static_cast<double>(sorted.size() - 1) / bins;
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

StatusOr<std::vector<std::int32_t>> score_values(std::span<const double> values,
                                                 std::span<const std::uint8_t> keep, int bins,
                                                 RfmMode mode, std::span<const double> fixed_edges,
                                                 std::vector<double>& edges) {
  constexpr const char* where = "score_values";
  if (bins < 2 || bins > 100) return invalid_argument(where, "bins is ", bins, "; use 2 to 100");
  if (keep.size() != values.size()) return invalid_argument(where, "keep and values differ in length");
  std::vector<std::int32_t> score(values.size(), 0);
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (keep[i]) {
      if (std::isnan(values[i])) return invalid_argument(where, "value ", i, " is NaN");
      idx.push_back(i);
    }
  edges.clear();
  if (mode == RfmMode::rank) {
    // Stable sort = ranks with ties in order of appearance (pandas method="first").
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    const std::uint64_t n = idx.size();
    for (int k = 1; k < bins; ++k)
      edges.push_back(1.0 + static_cast<double>(n == 0 ? 0 : n - 1) * k / bins);
    for (std::uint64_t r = 1; r <= n; ++r) {
      // score - 1 = number of edges 1 + (n-1)k/bins strictly below r, in exact integers.
      std::int32_t below = 0;
      for (int k = 1; k < bins; ++k) below += static_cast<std::uint64_t>(bins) * (r - 1) > (n - 1) * static_cast<std::uint64_t>(k);
      score[idx[r - 1]] = 1 + below;
    }
    return score;
  }
  if (mode == RfmMode::fixed) {
    if (fixed_edges.size() != static_cast<std::size_t>(bins - 1))
      return invalid_argument(where, fixed_edges.size(), " fixed edges; ", bins - 1, " are needed for ", bins, " bins");
    for (std::size_t k = 0; k < fixed_edges.size(); ++k)
      if (!std::isfinite(fixed_edges[k]) || (k > 0 && !(fixed_edges[k - 1] < fixed_edges[k])))
        return invalid_argument(where, "fixed edges must be finite and strictly ascending (edge ", k, ")");
    edges.assign(fixed_edges.begin(), fixed_edges.end());
  } else if (mode == RfmMode::quantile) {
    std::vector<double> sorted;
    sorted.reserve(idx.size());
    for (std::size_t i : idx) sorted.push_back(values[i]);
    std::sort(sorted.begin(), sorted.end());
    for (int k = 1; k < bins; ++k) edges.push_back(sorted.empty() ? 0.0 : quantile(sorted, k, bins));
  } else {
    return invalid_argument(where, "unknown mode ", static_cast<int>(mode));
  }
  // A value equal to an edge takes the lower bin (right-closed bins, as pandas qcut/cut).
  for (std::size_t i : idx)
    score[i] = 1 + static_cast<std::int32_t>(std::lower_bound(edges.begin(), edges.end(), values[i]) - edges.begin());
  return score;
}

SEGCORE_NAMESPACE_END
