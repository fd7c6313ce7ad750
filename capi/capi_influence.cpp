// C ABI of segcore::InfluenceGraph and the influencer tiers (segcore_social.h).
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "capi_support.hpp"
#include "segcore/influence.hpp"
#include "segcore_social.h"

struct segcore_influence_graph {
  segcore::InfluenceGraph impl;
  std::vector<std::string> labels;  // empty when made without labels
};

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::room;

constexpr std::size_t kMinPageRankSize = offsetof(segcore_pagerank_options, dangling_count) + sizeof(size_t);
static_assert(sizeof(segcore_pagerank_options) == kMinPageRankSize, "no tail padding (capi_support.hpp)");
constexpr std::size_t kMinBandsSize = offsetof(segcore_influencer_bands, mega) + sizeof(uint64_t);
static_assert(sizeof(segcore_influencer_bands) == kMinBandsSize, "no tail padding (capi_support.hpp)");

segcore_pagerank_options default_pagerank() {
  const segcore::PageRankOptions d;
  segcore_pagerank_options o{};
  o.struct_size = sizeof o;
  o.alpha = d.alpha;
  o.tol = d.tol;
  o.max_iter = d.max_iter;
  o.n_threads = d.n_threads;
  return o;
}

segcore_influencer_bands default_bands() {
  const segcore::InfluencerBands d;
  segcore_influencer_bands b{};
  b.struct_size = sizeof b;
  b.nano = d.nano, b.micro = d.micro, b.mid = d.mid, b.macro = d.macro, b.mega = d.mega;
  return b;
}

// A caller's optional array of n values: NULL only when n is 0.
template <class T>
absl::StatusOr<std::span<const T>> input_array(const T* p, std::size_t n, const char* fn, const char* name) {
  if (p == nullptr && n != 0) return segcore::invalid_argument(fn, name, " is NULL");
  return std::span<const T>(p, n);
}

// Copies one per-node vector of the graph into the caller's buffer.
template <class T, class Get>
int copy_per_node(const segcore_influence_graph* g, T* out, std::size_t count, const char* fn, Get get) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_AS(g, "graph");
    const std::vector<T> values = get(g->impl);
    SEGCORE_RETURN_IF_ERROR(room(count, values.size(), out, fn));
    std::copy(values.begin(), values.end(), out);
  );
}

}  // namespace

extern "C" {

int segcore_influence_graph_create(segcore_influence_graph** out, size_t n_nodes, const uint32_t* source,
                                   const uint32_t* target, const double* weight, size_t n_edges,
                                   const char* const* labels) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto s, input_array(source, n_edges, fn, "source"));
    SEGCORE_ASSIGN_OR_RETURN(auto t, input_array(target, n_edges, fn, "target"));
    std::span<const double> w;
    if (weight != nullptr) w = std::span<const double>(weight, n_edges);
    std::vector<std::string> names;
    if (labels != nullptr) {
      names.reserve(n_nodes);
      for (std::size_t v = 0; v < n_nodes; ++v) {
        if (labels[v] == nullptr) return segcore::invalid_argument(fn, "labels[", v, "] is NULL");
        names.emplace_back(labels[v]);
      }
    }
    SEGCORE_ASSIGN_OR_RETURN(auto graph, segcore::InfluenceGraph::from_edges(n_nodes, s, t, w));
    *out = new segcore_influence_graph{std::move(graph), std::move(names)};
  );
}

void segcore_influence_graph_destroy(segcore_influence_graph* graph) { delete graph; }

int segcore_influence_graph_n_nodes(const segcore_influence_graph* graph, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(graph, out); *out = graph->impl.n_nodes(););
}

int segcore_influence_graph_n_edges(const segcore_influence_graph* graph, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(graph, out); *out = graph->impl.n_edges(););
}

int segcore_influence_graph_label(const segcore_influence_graph* graph, size_t node, char* buffer, size_t capacity,
                                  size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(graph);
    if (node >= graph->impl.n_nodes())
      return absl::OutOfRangeError(absl::StrCat(fn, ": node ", node, " is not below n_nodes = ", graph->impl.n_nodes()));
    if (graph->labels.empty()) return absl::NotFoundError(absl::StrCat(fn, ": the graph was made without labels"));
    return segcore::capi_detail::write_string(graph->labels[node], buffer, capacity, length, fn);
  );
}

int segcore_pagerank_options_init(segcore_pagerank_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_pagerank_options defaults = default_pagerank();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinPageRankSize, fn);
  );
}

int segcore_influence_graph_pagerank(const segcore_influence_graph* graph, const segcore_pagerank_options* opts,
                                     double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(graph);
    segcore_pagerank_options o = default_pagerank();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinPageRankSize, fn));
    SEGCORE_RETURN_IF_ERROR(room(count, graph->impl.n_nodes(), out, fn));
    segcore::PageRankOptions p;
    p.alpha = o.alpha;
    p.tol = o.tol;
    p.max_iter = o.max_iter;
    p.n_threads = o.n_threads;
    SEGCORE_ASSIGN_OR_RETURN(p.personalization,
                             input_array(o.personalization, o.personalization_count, fn, "personalization"));
    SEGCORE_ASSIGN_OR_RETURN(p.dangling, input_array(o.dangling, o.dangling_count, fn, "dangling"));
    SEGCORE_ASSIGN_OR_RETURN(auto rank, graph->impl.pagerank(p));
    std::copy(rank.begin(), rank.end(), out);
  );
}

int segcore_influence_graph_in_degree(const segcore_influence_graph* graph, uint64_t* out, size_t count) {
  return copy_per_node(graph, out, count, __func__, [](const segcore::InfluenceGraph& g) { return g.in_degree(); });
}

int segcore_influence_graph_out_degree(const segcore_influence_graph* graph, uint64_t* out, size_t count) {
  return copy_per_node(graph, out, count, __func__, [](const segcore::InfluenceGraph& g) { return g.out_degree(); });
}

int segcore_influence_graph_in_weight(const segcore_influence_graph* graph, double* out, size_t count) {
  return copy_per_node(graph, out, count, __func__, [](const segcore::InfluenceGraph& g) { return g.in_weight(); });
}

int segcore_influence_graph_out_weight(const segcore_influence_graph* graph, double* out, size_t count) {
  return copy_per_node(graph, out, count, __func__, [](const segcore::InfluenceGraph& g) { return g.out_weight(); });
}

int segcore_influence_graph_reach(const segcore_influence_graph* graph, uint64_t* out, size_t count) {
  return copy_per_node(graph, out, count, __func__, [](const segcore::InfluenceGraph& g) { return g.reach(); });
}

int segcore_influence_graph_audience(const segcore_influence_graph* graph, uint64_t* out, size_t count) {
  return copy_per_node(graph, out, count, __func__, [](const segcore::InfluenceGraph& g) { return g.audience(); });
}

int segcore_influencer_bands_init(segcore_influencer_bands* bands, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_influencer_bands defaults = default_bands();
    return segcore::capi_detail::init_options(bands, struct_size, &defaults, sizeof defaults, kMinBandsSize, fn);
  );
}

int segcore_influencer_tiers(const uint64_t* followers, size_t n, const segcore_influencer_bands* bands, uint8_t* out,
                             size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(auto f, input_array(followers, n, fn, "followers"));
    segcore_influencer_bands b = default_bands();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(bands, &b, sizeof b, kMinBandsSize, fn));
    SEGCORE_RETURN_IF_ERROR(room(count, n, out, fn));
    const segcore::InfluencerBands cb{b.nano, b.micro, b.mid, b.macro, b.mega};
    SEGCORE_ASSIGN_OR_RETURN(auto tiers, segcore::influencer_tiers(f, cb));
    std::copy(tiers.begin(), tiers.end(), out);
  );
}

const char* segcore_influencer_tier_name(int32_t tier) { return segcore::influencer_tier_name(tier); }

}  // extern "C"
