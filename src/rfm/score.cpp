// Scoring one measure into bins: quantile edges, rank bins, or the caller's edges.
#include <algorithm>
#include <cstring>
#include <utility>
#include <cmath>
#include <numeric>

#include "segcore/rfm.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

// An unsigned key with the order of the double (NaN excluded; -0 sorts before +0, which
// only reorders equal values).
std::uint64_t order_key(double v) {
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return (b >> 63) ? ~b : b | (std::uint64_t{1} << 63);
}

// A value's order key and its index.
struct KeyIndex {
  std::uint64_t key;
  std::uint32_t index;
};

// Sorts by key, ties in index order (the input is in index order): a stable LSD radix sort,
// 8 bits per pass; passes where every key has the same digit are skipped.
void sort_by_key(std::vector<KeyIndex>& a) {
  const std::size_t n = a.size();
  std::vector<KeyIndex> b(n);
  // All eight digit histograms in one pass; a pass runs only if its digit varies.
  std::vector<std::size_t> count(8 * 256, 0);
  for (const KeyIndex& it : a)
    for (int d = 0; d < 8; ++d) ++count[static_cast<std::size_t>(d) * 256 + ((it.key >> (8 * d)) & 0xFF)];
  for (int d = 0; d < 8 && n > 0; ++d) {
    std::size_t* c = count.data() + static_cast<std::size_t>(d) * 256;
    const int shift = 8 * d;
    if (c[(a[0].key >> shift) & 0xFF] == n) continue;
    std::size_t sum = 0;
    for (int k = 0; k < 256; ++k) sum += std::exchange(c[k], sum);
    for (const KeyIndex& it : a) b[c[(it.key >> shift) & 0xFF]++] = it;
    a.swap(b);
  }
}

// The kept indices in ascending order of value, ties in index order (a stable sort). Integer
// values within a span of 2^22 (days of recency, order counts) take one counting sort; any
// other values the radix sort on their order keys.
std::vector<std::uint32_t> rank_order(std::span<const double> values, std::span<const std::uint8_t> keep) {
  const std::size_t n = values.size();
  double lo = INFINITY, hi = -INFINITY;
  bool integers = true;
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) {
      const double v = values[i];
      integers &= v == std::floor(v);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  std::vector<std::uint32_t> order;
  if (integers && lo <= hi && hi - lo < 4194304.0) {
    std::vector<std::uint32_t> start(static_cast<std::size_t>(hi - lo) + 2, 0);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (keep[i]) ++start[static_cast<std::size_t>(values[i] - lo) + 1], ++kept;
    for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    order.resize(kept);
    for (std::size_t i = 0; i < n; ++i)
      if (keep[i]) order[start[static_cast<std::size_t>(values[i] - lo)]++] = static_cast<std::uint32_t>(i);
    return order;
  }
  std::vector<KeyIndex> sorted;
  sorted.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) sorted.push_back({order_key(values[i] == 0.0 ? 0.0 : values[i]), static_cast<std::uint32_t>(i)});
  sort_by_key(sorted);
  order.resize(sorted.size());
  for (std::size_t k = 0; k < sorted.size(); ++k) order[k] = sorted[k].index;
  return order;
}

// numpy's default (linear) quantile of sorted values.
double quantile(const std::vector<double>& sorted, int k, int bins) {
  const double pos = static_cast<double>(k) * static_cast<double>(sorted.size() - 1) / bins;
  const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

StatusOr<std::vector<std::int32_t>> score_values(std::span<const double> values, std::span<const std::uint8_t> keep,
                                                 int bins, RfmMode mode, std::span<const double> fixed_edges,
                                                 std::vector<double>& edges) {
  constexpr const char* where = "score_values";
  if (bins < kRfmMinBins || bins > kRfmMaxBins)
    return invalid_argument(where, "bins is ", bins, "; use ", kRfmMinBins, " to ", kRfmMaxBins);
  if (keep.size() != values.size()) return invalid_argument(where, "keep and values differ in length");
  if (values.size() >= UINT32_MAX) return invalid_argument(where, values.size(), " values; at most 2^32 - 2");
  std::vector<std::int32_t> score(values.size(), 0);
  for (std::size_t i = 0; i < values.size(); ++i)
    if (keep[i] && std::isnan(values[i])) return invalid_argument(where, "value ", i, " is NaN");
  edges.clear();
  if (mode == RfmMode::rank) {
    // Ranks with ties in order of appearance (pandas method="first"): a stable sort.
    const std::vector<std::uint32_t> sorted = rank_order(values, keep);
    const std::uint64_t n = sorted.size();
    for (int k = 1; k < bins; ++k) edges.push_back(1.0 + static_cast<double>(n == 0 ? 0 : n - 1) * k / bins);
    // score - 1 = number of edges 1 + (n-1)k/bins strictly below rank r, in exact integers:
    // the k with bins (r - 1) > (n - 1) k. Ranks rise, so the count only grows.
    std::uint64_t below = 0;
    const auto b = static_cast<std::uint64_t>(bins);
    for (std::uint64_t r = 1; r <= n; ++r) {
      while (below + 1 < b && b * (r - 1) > (n - 1) * (below + 1)) ++below;
      score[sorted[r - 1]] = 1 + static_cast<std::int32_t>(below);
    }
    return score;
  }
  std::vector<std::uint32_t> idx;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (keep[i]) idx.push_back(static_cast<std::uint32_t>(i));
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
    for (std::uint32_t i : idx) sorted.push_back(values[i]);
    std::sort(sorted.begin(), sorted.end());  // introsort; quantiles need values only
    for (int k = 1; k < bins; ++k) edges.push_back(sorted.empty() ? 0.0 : quantile(sorted, k, bins));
  } else {
    return invalid_argument(where, "unknown mode ", static_cast<int>(mode));
  }
  // A value equal to an edge takes the lower bin (right-closed bins, as pandas qcut/cut).
  for (std::uint32_t i : idx)
    score[i] = 1 + static_cast<std::int32_t>(std::lower_bound(edges.begin(), edges.end(), values[i]) - edges.begin());
  return score;
}

SEGCORE_NAMESPACE_END
