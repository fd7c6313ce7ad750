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

// Indices sorted by key, ties in index order: a stable LSD radix sort of (key, index) pairs,
// 8 bits per pass; passes where every key has the same digit are skipped.
std::vector<std::uint32_t> sort_indices(const std::vector<std::uint64_t>& key) {
  const std::size_t n = key.size();
  struct Item {
    std::uint64_t key;
    std::uint32_t index;
  };
  std::vector<Item> a(n), b(n);
  for (std::size_t i = 0; i < n; ++i) a[i] = {key[i], static_cast<std::uint32_t>(i)};
  // All eight digit histograms in one pass; a pass runs only if its digit varies.
  std::vector<std::size_t> count(8 * 256, 0);
  for (const Item& it : a)
    for (int d = 0; d < 8; ++d) ++count[static_cast<std::size_t>(d) * 256 + ((it.key >> (8 * d)) & 0xFF)];
  for (int d = 0; d < 8 && n > 0; ++d) {
    std::size_t* c = count.data() + static_cast<std::size_t>(d) * 256;
    const int shift = 8 * d;
    if (c[(a[0].key >> shift) & 0xFF] == n) continue;
    std::size_t sum = 0;
    for (int k = 0; k < 256; ++k) sum += std::exchange(c[k], sum);
    for (const Item& it : a) b[c[(it.key >> shift) & 0xFF]++] = it;
    a.swap(b);
  }
  std::vector<std::uint32_t> idx(n);
  for (std::size_t i = 0; i < n; ++i) idx[i] = a[i].index;
  return idx;
}

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
    // Ranks with ties in order of appearance (pandas method="first"): a stable sort.
    std::vector<std::uint64_t> key(idx.size());
    for (std::size_t k = 0; k < idx.size(); ++k) key[k] = order_key(values[idx[k]] == 0.0 ? 0.0 : values[idx[k]]);
    const std::vector<std::uint32_t> order = sort_indices(key);
    std::vector<std::size_t> ranked(idx.size());
    for (std::size_t k = 0; k < idx.size(); ++k) ranked[k] = idx[order[k]];
    idx.swap(ranked);
    const std::uint64_t n = idx.size();
    for (int k = 1; k < bins; ++k)
      edges.push_back(1.0 + static_cast<double>(n == 0 ? 0 : n - 1) * k / bins);
    // score - 1 = number of edges 1 + (n-1)k/bins strictly below rank r, in exact integers:
    // the k with bins (r - 1) > (n - 1) k, i.e. k < bins (r - 1) / (n - 1).
    for (std::uint64_t r = 1; r <= n; ++r) {
      std::uint64_t below = 0;  // = ceil(bins (r - 1) / (n - 1)) - 1, within [0, bins - 1]
      if (n > 1 && r > 1) {
        const std::uint64_t num = static_cast<std::uint64_t>(bins) * (r - 1), den = n - 1;
        below = std::min<std::uint64_t>((num + den - 1) / den - 1, static_cast<std::uint64_t>(bins - 1));
      }
      score[idx[r - 1]] = 1 + static_cast<std::int32_t>(below);
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
    std::sort(sorted.begin(), sorted.end());  // introsort; quantiles need values only
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
