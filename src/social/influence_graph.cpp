// Building the interaction graph and its degrees (definitions in influence.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/huge_pages.hpp"
#include "segcore/influence.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

// Offsets of the buckets of `count` (a prefix sum with a leading 0).
std::vector<std::uint64_t> bucket_starts(const std::vector<std::uint64_t>& count) {
  std::vector<std::uint64_t> start(count.size() + 1, 0);
  std::partial_sum(count.begin(), count.end(), start.begin() + 1);
  return start;
}

}  // namespace

StatusOr<InfluenceGraph> InfluenceGraph::from_edges(std::size_t n_nodes, std::span<const std::uint32_t> source,
                                                    std::span<const std::uint32_t> target,
                                                    std::span<const double> weight) {
  constexpr absl::string_view where = "InfluenceGraph::from_edges";
  const std::size_t m = source.size();
  if (target.size() != m) return invalid_argument(where, source.size(), " sources but ", target.size(), " targets");
  if (!weight.empty() && weight.size() != m)
    return invalid_argument(where, m, " edges but ", weight.size(), " weights");
  for (std::size_t e = 0; e < m; ++e) {
    if (source[e] >= n_nodes)
      return invalid_argument(where, "edge ", e, ": source code ", source[e], " is not below n_nodes = ", n_nodes);
    if (target[e] >= n_nodes)
      return invalid_argument(where, "edge ", e, ": target code ", target[e], " is not below n_nodes = ", n_nodes);
    if (!weight.empty() && !(std::isfinite(weight[e]) && weight[e] >= 0))
      return invalid_argument(where, "edge ", e, ": weight ", weight[e], " is not a finite value >= 0");
  }
  InfluenceGraph g;
  g.n_nodes_ = n_nodes;
  g.n_edges_ = m;
  g.in_count_.assign(n_nodes, 0);
  g.out_count_.assign(n_nodes, 0);
  g.out_weight_.assign(n_nodes, 0.0);
  g.in_weight_sum_.assign(n_nodes, 0.0);
  auto w = [&](std::size_t e) { return weight.empty() ? 1.0 : weight[e]; };
  // Sums in edge order, so they do not depend on how the edges are sorted below.
  for (std::size_t e = 0; e < m; ++e) {
    ++g.out_count_[source[e]];
    ++g.in_count_[target[e]];
    g.out_weight_[source[e]] += w(e);
    g.in_weight_sum_[target[e]] += w(e);
  }
  // Rows by target, each row by source, and parallel edges in edge order: a stable counting
  // sort of the edges by source (a permutation, 4 bytes an edge below 2^32 edges), then one by
  // target over it. Two passes over the edges instead of a comparison sort per row; parallel
  // edges end up side by side in edge order, so their weights add up in edge order.
  auto fill_rows = [&]<class Index>(std::vector<Index>& by_source) {
    std::vector<std::uint64_t> next = bucket_starts(g.out_count_);
    detail::resize_on_huge_pages(by_source, m);
    for (std::size_t e = 0; e < m; ++e) by_source[next[source[e]]++] = static_cast<Index>(e);
    next = bucket_starts(g.in_count_);
    detail::resize_on_huge_pages(g.in_source_, m);
    detail::resize_on_huge_pages(g.in_weight_, m);
    for (const Index e : by_source) {
      const std::uint64_t i = next[target[e]]++;
      g.in_source_[i] = source[e];
      g.in_weight_[i] = w(e);
    }
  };
  if (m <= UINT32_MAX) {
    std::vector<std::uint32_t> by_source;
    fill_rows(by_source);
  } else {
    std::vector<std::uint64_t> by_source;
    fill_rows(by_source);
  }
  // Parallel edges merged in place, row by row.
  g.in_offsets_.assign(n_nodes + 1, 0);
  std::uint64_t kept = 0, row_start = 0;
  for (std::size_t v = 0; v < n_nodes; ++v) {
    const std::uint64_t row_end = row_start + g.in_count_[v];
    const std::uint64_t first_kept = kept;
    for (std::uint64_t i = row_start; i < row_end; ++i) {
      if (kept > first_kept && g.in_source_[kept - 1] == g.in_source_[i]) {
        g.in_weight_[kept - 1] += g.in_weight_[i];
      } else {
        g.in_source_[kept] = g.in_source_[i];
        g.in_weight_[kept] = g.in_weight_[i];
        ++kept;
      }
    }
    g.in_offsets_[v + 1] = kept;
    row_start = row_end;
  }
  g.in_source_.resize(kept);
  g.in_weight_.resize(kept);
  g.in_source_.shrink_to_fit();
  g.in_weight_.shrink_to_fit();
  return g;
}

std::vector<std::uint64_t> InfluenceGraph::in_degree() const { return in_count_; }
std::vector<std::uint64_t> InfluenceGraph::out_degree() const { return out_count_; }
std::vector<double> InfluenceGraph::in_weight() const { return in_weight_sum_; }
std::vector<double> InfluenceGraph::out_weight() const { return out_weight_; }

std::vector<std::uint64_t> InfluenceGraph::reach() const {
  std::vector<std::uint64_t> r(n_nodes_, 0);
  for (std::size_t v = 0; v < n_nodes_; ++v)
    for (std::uint64_t i = in_offsets_[v]; i < in_offsets_[v + 1]; ++i)
      if (in_source_[i] != v) ++r[in_source_[i]];
  return r;
}

std::vector<std::uint64_t> InfluenceGraph::audience() const {
  std::vector<std::uint64_t> a(n_nodes_, 0);
  for (std::size_t v = 0; v < n_nodes_; ++v)
    for (std::uint64_t i = in_offsets_[v]; i < in_offsets_[v + 1]; ++i) a[v] += in_source_[i] != v;
  return a;
}

const char* influencer_tier_name(int tier) {
  static const char* const kNames[] = {"none", "nano", "micro", "mid", "macro", "mega"};
  return tier >= 0 && tier < 6 ? kNames[tier] : "unknown";
}

StatusOr<std::vector<std::uint8_t>> influencer_tiers(std::span<const std::uint64_t> followers,
                                                     const InfluencerBands& bands) {
  const std::uint64_t bounds[] = {bands.nano, bands.micro, bands.mid, bands.macro, bands.mega};
  for (int t = 1; t < 5; ++t)
    if (bounds[t] <= bounds[t - 1])
      return invalid_argument("influencer_tiers", "the ", influencer_tier_name(t + 1), " bound ", bounds[t],
                              " is not above the ", influencer_tier_name(t), " bound ", bounds[t - 1]);
  std::vector<std::uint8_t> tiers(followers.size());
  for (std::size_t i = 0; i < followers.size(); ++i) {
    std::uint8_t t = 0;
    while (t < 5 && followers[i] >= bounds[t]) ++t;
    tiers[i] = t;
  }
  return tiers;
}

SEGCORE_NAMESPACE_END
