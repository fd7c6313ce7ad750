// Influence in an interaction graph: who mentions, shares, replies to or follows whom.
//
// Nodes are codes 0..n_nodes-1, as the library codes text ids (by first appearance, see
// Categorical in io.hpp); an edge goes from the actor (source) to the one acted on (target).
// The graph is kept once, in compressed rows sorted by target, so PageRank pulls each node's
// score from its in-edges in a fixed order: results are bit-identical for any thread count.
// Memory: the edges once (12 bytes an edge) plus a few vectors of n_nodes values, never
// n_nodes^2; while it is built, 4 more bytes an edge (8 past 2^32 edges) for one sort.
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// PageRank options; the defaults are networkx.pagerank's.
struct PageRankOptions {
  double alpha = 0.85;                      // damping: the chance of following an edge, in (0, 1)
  int max_iter = 100;                       // power iterations before giving up (>= 1)
  double tol = 1e-6;                        // stop when the L1 change is below n_nodes * tol (> 0)
  std::span<const double> personalization;  // empty: uniform; else n_nodes values >= 0, not all 0
  int n_threads = 1;                        // 0: one per hardware thread
  std::span<const double> dangling;         // how dangling nodes' mass spreads; empty: as personalization
};

// A directed weighted graph over n_nodes nodes, built once from an edge list.
class InfluenceGraph {
 public:
  // The graph of edges source[i] -> target[i] with weight[i] (empty weight: 1 for every edge).
  // Parallel edges are kept for the degrees and their weights summed for PageRank (networkx's
  // MultiDiGraph); self loops count like any edge. Fails when a code is >= n_nodes, when the
  // lengths differ, or when a weight is negative, NaN or infinite (the message names the edge).
  static StatusOr<InfluenceGraph> from_edges(std::size_t n_nodes, std::span<const std::uint32_t> source,
                                             std::span<const std::uint32_t> target,
                                             std::span<const double> weight = {});

  std::size_t n_nodes() const { return n_nodes_; }  // nodes, isolated ones included
  std::size_t n_edges() const { return n_edges_; }  // edges as given, parallel ones included

  // networkx.pagerank of the graph: power iteration from the uniform vector, the mass of
  // dangling nodes (no out-weight) spread by the dangling vector or else the personalization
  // vector (each normalised to sum 1), stopping when the L1
  // change is below n_nodes * tol. The result sums to 1 (up to rounding). Fails on bad options
  // and, naming the change reached, when max_iter iterations do not converge (FailedPrecondition).
  StatusOr<std::vector<double>> pagerank(const PageRankOptions& options = {}) const;

  // Edges into each node, parallel edges and self loops counted.
  std::vector<std::uint64_t> in_degree() const;
  // Edges out of each node, likewise.
  std::vector<std::uint64_t> out_degree() const;
  // The summed weights of the edges into each node.
  std::vector<double> in_weight() const;
  // The summed weights of the edges out of each node.
  std::vector<double> out_weight() const;
  // Reach: the distinct other nodes each node has an edge to (out-degree without parallel edges
  // and self loops).
  std::vector<std::uint64_t> reach() const;
  // Audience: the distinct other nodes with an edge to each node (its followers in a follow graph).
  std::vector<std::uint64_t> audience() const;

 private:
  std::size_t n_nodes_ = 0;
  std::size_t n_edges_ = 0;
  // In-edges by target, parallel edges merged: in_offsets_[v]..in_offsets_[v+1] index in_source_
  // (ascending) and in_weight_ (their summed weights).
  std::vector<std::uint64_t> in_offsets_;
  std::vector<std::uint32_t> in_source_;
  std::vector<double> in_weight_;
  std::vector<std::uint64_t> in_count_;   // per target: edges before merging
  std::vector<std::uint64_t> out_count_;  // per source: edges before merging
  std::vector<double> out_weight_;        // per source: summed weights
  std::vector<double> in_weight_sum_;     // per target: summed weights
};

// Influencer tiers by follower count: 0 below `nano`, then 1 nano, 2 micro, 3 mid, 4 macro,
// 5 mega. Each bound is the lowest follower count of its tier; the defaults are the common
// marketing bands.
struct InfluencerBands {
  std::uint64_t nano = 1'000;      // the lowest follower count of a nano influencer
  std::uint64_t micro = 10'000;    // of a micro influencer
  std::uint64_t mid = 100'000;     // of a mid-tier influencer
  std::uint64_t macro = 500'000;   // of a macro influencer
  std::uint64_t mega = 1'000'000;  // of a mega influencer
};

// The tier names by code: "none", "nano", "micro", "mid", "macro", "mega".
const char* influencer_tier_name(int tier);

// The tier of each follower count. Fails unless the bounds strictly increase.
StatusOr<std::vector<std::uint8_t>> influencer_tiers(std::span<const std::uint64_t> followers,
                                                     const InfluencerBands& bands = {});

SEGCORE_NAMESPACE_END
