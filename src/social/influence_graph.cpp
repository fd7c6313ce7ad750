// Building the interaction graph and its degrees (definitions in influence.hpp).
#include <cmath>
#include <numeric>
#include <vector>

#include "segcore/influence.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

// A stable counting sort of the edge indices `order` by key[edge]: ties keep their order.
std::vector<std::size_t> sort_by(const std::vector<std::size_t>& order, std::span<const std::uint32_t> key,
                                 std::size_t n_keys) {
  std::vector<std::size_t> start(n_keys + 1, 0);
  for (std::size_t e : order) ++start[key[e] + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::size_t> sorted(order.size());
  for (std::size_t e : order) sorted[start[key[e]]++] = e;
  return sorted;
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
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  order = sort_by(sort_by(order, source, n_nodes), target, n_nodes);  // by (target, source, edge)
  g.in_offsets_.assign(n_nodes + 1, 0);
  g.in_source_.reserve(m);
  g.in_weight_.reserve(m);
  for (std::size_t i = 0; i < m; ++i) {
    const std::size_t e = order[i];
    const bool parallel = i > 0 && target[order[i - 1]] == target[e] && source[order[i - 1]] == source[e];
    if (parallel) {
      g.in_weight_.back() += w(e);
    } else {
      g.in_source_.push_back(source[e]);
      g.in_weight_.push_back(w(e));
      ++g.in_offsets_[target[e] + 1];
    }
  }
  std::partial_sum(g.in_offsets_.begin(), g.in_offsets_.end(), g.in_offsets_.begin());
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
