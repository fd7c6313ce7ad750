/*
 * segcore C ABI: social signals. Influence in an interaction graph (who mentions, shares,
 * replies to or follows whom): PageRank with networkx.pagerank's semantics, in/out degrees and
 * weights, reach, audience and influencer tiers. The conventions of segcore.h apply.
 *
 * Nodes are codes 0..n_nodes-1 (code text ids by first appearance, as the library does); an
 * edge goes from its source (the actor) to its target. Results are bit-identical for any
 * thread count.
 */
#ifndef SEGCORE_SOCIAL_H
#define SEGCORE_SOCIAL_H

#include "segcore.h"

SEGCORE_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------- */
/* Influence graph                                                                           */
/* ---------------------------------------------------------------------------------------- */

/* A directed weighted graph built once from an edge list. Since: 0.2 */
typedef struct segcore_influence_graph segcore_influence_graph;

/* Builds the graph of n_edges edges source[i] -> target[i] with weight[i] (weight NULL: 1 for
 * each) over n_nodes nodes into *out; labels (NULL, or n_nodes strings) name the nodes.
 * Parallel edges count in the degrees and their weights add up for PageRank; self loops count
 * like any edge. Errors: SEGCORE_EINVAL, naming the edge, for a code >= n_nodes or a negative,
 * NaN or infinite weight, and for NULL arrays with n_edges > 0 or a NULL label. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_create(segcore_influence_graph** out, size_t n_nodes, const uint32_t* source,
                                               const uint32_t* target, const double* weight, size_t n_edges,
                                               const char* const* labels);

/* Frees a graph; NULL is a no-op. Since: 0.2 */
SEGCORE_API void segcore_influence_graph_destroy(segcore_influence_graph* graph);

/* The number of nodes (isolated ones included) into *out. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_n_nodes(const segcore_influence_graph* graph, size_t* out);
/* The number of edges as given (parallel ones included) into *out. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_n_edges(const segcore_influence_graph* graph, size_t* out);

/* Node `node`'s label, snprintf-style: at most capacity bytes (NUL included) into buffer, the
 * full length into *length (may be NULL). Errors: SEGCORE_ERANGE for node >= n_nodes;
 * SEGCORE_ENOTFOUND when the graph was made without labels. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_label(const segcore_influence_graph* graph, size_t node, char* buffer,
                                              size_t capacity, size_t* length);

/* Options of segcore_influence_graph_pagerank(); the defaults are networkx.pagerank's. Fill
 * with segcore_pagerank_options_init() first. Since: 0.2 */
typedef struct segcore_pagerank_options {
  size_t struct_size;            /* sizeof(segcore_pagerank_options) as the caller knows it */
  double alpha;                  /* damping, in (0, 1); default 0.85 */
  double tol;                    /* stop when the L1 change < n_nodes * tol; > 0; default 1e-6 */
  int32_t max_iter;              /* >= 1; default 100 */
  int32_t n_threads;             /* >= 1, or 0 for one per core; default 1 */
  const double* personalization; /* NULL (uniform) or n_nodes values >= 0, not all 0 */
  size_t personalization_count;  /* its length: 0 or n_nodes */
  const double* dangling;        /* NULL (as personalization) or n_nodes values >= 0, not all 0 */
  size_t dangling_count;         /* its length: 0 or n_nodes */
} segcore_pagerank_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.2 */
SEGCORE_API int segcore_pagerank_options_init(segcore_pagerank_options* opts, size_t struct_size);

/* PageRank of each node into out (count >= n_nodes), opts NULL for defaults: networkx.pagerank's
 * power iteration (dangling nodes' mass spread by the dangling vector, else the personalization
 * vector). Memory: the graph plus a few n_nodes vectors. Errors: SEGCORE_EINVAL for bad options,
 * naming the field; SEGCORE_ENOTFITTED, naming the change reached, when max_iter iterations do
 * not converge; SEGCORE_ERANGE when count < n_nodes. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_pagerank(const segcore_influence_graph* graph,
                                                 const segcore_pagerank_options* opts, double* out, size_t count);

/* Edges into each node, parallel edges and self loops counted, into out (count >= n_nodes).
 * Errors: SEGCORE_ERANGE when count < n_nodes. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_in_degree(const segcore_influence_graph* graph, uint64_t* out, size_t count);
/* Edges out of each node; as segcore_influence_graph_in_degree. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_out_degree(const segcore_influence_graph* graph, uint64_t* out, size_t count);
/* The summed weights of the edges into each node; as segcore_influence_graph_in_degree.
 * Since: 0.2 */
SEGCORE_API int segcore_influence_graph_in_weight(const segcore_influence_graph* graph, double* out, size_t count);
/* The summed weights of the edges out of each node; as segcore_influence_graph_in_degree.
 * Since: 0.2 */
SEGCORE_API int segcore_influence_graph_out_weight(const segcore_influence_graph* graph, double* out, size_t count);
/* Reach: the distinct other nodes each node has an edge to; as
 * segcore_influence_graph_in_degree. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_reach(const segcore_influence_graph* graph, uint64_t* out, size_t count);
/* Audience: the distinct other nodes with an edge to each node (its followers in a follow
 * graph); as segcore_influence_graph_in_degree. Since: 0.2 */
SEGCORE_API int segcore_influence_graph_audience(const segcore_influence_graph* graph, uint64_t* out, size_t count);

/* ---------------------------------------------------------------------------------------- */
/* Influencer tiers                                                                          */
/* ---------------------------------------------------------------------------------------- */

#define SEGCORE_TIER_NONE 0  /* below the nano bound. Since: 0.2 */
#define SEGCORE_TIER_NANO 1  /* Since: 0.2 */
#define SEGCORE_TIER_MICRO 2 /* Since: 0.2 */
#define SEGCORE_TIER_MID 3   /* Since: 0.2 */
#define SEGCORE_TIER_MACRO 4 /* Since: 0.2 */
#define SEGCORE_TIER_MEGA 5  /* Since: 0.2 */

/* The lowest follower count of each tier; fill with segcore_influencer_bands_init() first
 * (defaults 1,000 / 10,000 / 100,000 / 500,000 / 1,000,000). Since: 0.2 */
typedef struct segcore_influencer_bands {
  size_t struct_size; /* sizeof(segcore_influencer_bands) as the caller knows it */
  uint64_t nano;      /* the lowest follower count of a nano influencer; default 1,000 */
  uint64_t micro;     /* of a micro influencer; default 10,000 */
  uint64_t mid;       /* of a mid-tier influencer; default 100,000 */
  uint64_t macro;     /* of a macro influencer; default 500,000 */
  uint64_t mega;      /* of a mega influencer; default 1,000,000 */
} segcore_influencer_bands;

/* Fills *bands with the defaults and sets bands->struct_size. Errors: SEGCORE_EINVAL when
 * bands is NULL or struct_size is below the first layout's size. Since: 0.2 */
SEGCORE_API int segcore_influencer_bands_init(segcore_influencer_bands* bands, size_t struct_size);

/* The tier (SEGCORE_TIER_*) of each of n follower counts into out (count >= n); bands NULL for
 * the defaults. Errors: SEGCORE_EINVAL unless the bounds strictly increase; SEGCORE_ERANGE when
 * count < n. Since: 0.2 */
SEGCORE_API int segcore_influencer_tiers(const uint64_t* followers, size_t n, const segcore_influencer_bands* bands,
                                         uint8_t* out, size_t count);

/* "none", "nano", "micro", "mid", "macro", "mega" for a SEGCORE_TIER_* code, "unknown" for other
 * numbers; a static string. Cannot fail. Since: 0.2 */
SEGCORE_API const char* segcore_influencer_tier_name(int32_t tier);

SEGCORE_END_DECLS

#endif /* SEGCORE_SOCIAL_H */
