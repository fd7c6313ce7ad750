// PageRank with networkx.pagerank's semantics (definition in influence.hpp).
//
// Pull-style power iteration over the in-edges: node v's new score sums x[u] / out_weight[u] *
// w(u, v) over its in-edges in source order. Sums across nodes (the dangling mass, the L1
// change) are taken per fixed block of nodes and combined in block order, so the thread count
// never changes a bit of the result.
#include <cmath>
#include <vector>

#include "segcore/influence.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

constexpr std::size_t kBlock = 8192;  // nodes per task; fixed, so sums do not depend on threads

// A caller's distribution over the nodes: n_nodes finite values >= 0, not all zero.
Status check_distribution(std::span<const double> d, std::size_t n_nodes, absl::string_view name) {
  constexpr absl::string_view where = "pagerank";
  if (d.size() != n_nodes) return invalid_argument(where, name, " has ", d.size(), " values for ", n_nodes, " nodes");
  double sum = 0;
  for (std::size_t v = 0; v < n_nodes; ++v) {
    if (!(std::isfinite(d[v]) && d[v] >= 0))
      return invalid_argument(where, name, "[", v, "] = ", d[v], " is not a finite value >= 0");
    sum += d[v];
  }
  if (!(sum > 0)) return invalid_argument(where, name, " is zero for every node");
  if (!std::isfinite(sum)) return invalid_argument(where, name, " sums to ", sum);
  return absl::OkStatus();
}

// d / sum(d), or uniform when d is empty.
std::vector<double> normalised(std::span<const double> d, std::size_t n) {
  if (d.empty()) return std::vector<double>(n, 1.0 / static_cast<double>(n));
  double sum = 0;
  for (double v : d) sum += v;
  std::vector<double> out(n);
  for (std::size_t v = 0; v < n; ++v) out[v] = d[v] / sum;
  return out;
}

Status check_options(const PageRankOptions& o, std::size_t n_nodes) {
  constexpr absl::string_view where = "pagerank";
  if (!(o.alpha > 0 && o.alpha < 1)) return invalid_argument(where, "alpha = ", o.alpha, " is not in (0, 1)");
  if (o.max_iter < 1) return invalid_argument(where, "max_iter = ", o.max_iter, " is not >= 1");
  if (!(o.tol > 0 && std::isfinite(o.tol)))
    return invalid_argument(where, "tol = ", o.tol, " is not a finite value > 0");
  if (o.n_threads < 0) return invalid_argument(where, "n_threads = ", o.n_threads, " is negative");
  if (!o.personalization.empty())
    SEGCORE_RETURN_IF_ERROR(check_distribution(o.personalization, n_nodes, "personalization"));
  if (!o.dangling.empty()) SEGCORE_RETURN_IF_ERROR(check_distribution(o.dangling, n_nodes, "dangling"));
  return absl::OkStatus();
}

double sum_in_order(const std::vector<double>& parts) {
  double s = 0;
  for (double p : parts) s += p;
  return s;
}

}  // namespace

StatusOr<std::vector<double>> InfluenceGraph::pagerank(const PageRankOptions& options) const {
  SEGCORE_RETURN_IF_ERROR(check_options(options, n_nodes_));
  const std::size_t n = n_nodes_;
  if (n == 0) return std::vector<double>{};
  const double alpha = options.alpha;
  const std::vector<double> p = normalised(options.personalization, n);
  const std::vector<double> spread = options.dangling.empty() ? p : normalised(options.dangling, n);
  std::vector<double> inv_out(n, 0.0);  // 1 / out_weight, 0 for dangling nodes
  for (std::size_t u = 0; u < n; ++u)
    if (out_weight_[u] != 0) inv_out[u] = 1.0 / out_weight_[u];

  const Blocks blocks(n, kBlock);
  const int threads = resolve_threads(options.n_threads);
  std::vector<double> x(n, 1.0 / static_cast<double>(n)), next(n), share(n), parts(blocks.count());
  double err = 0;
  for (int iter = 0; iter < options.max_iter; ++iter) {
    // share[u]: what u passes along each unit of out-weight; parts: the dangling mass per block.
    parallel_for(threads, blocks.count(), [&](std::size_t t) {
      double dangling = 0;
      for (std::size_t u = blocks[t].begin; u < blocks[t].end; ++u) {
        share[u] = x[u] * inv_out[u];
        if (out_weight_[u] == 0) dangling += x[u];
      }
      parts[t] = dangling;
    });
    const double dangling = sum_in_order(parts);
    parallel_for(threads, blocks.count(), [&](std::size_t t) {
      double change = 0;
      for (std::size_t v = blocks[t].begin; v < blocks[t].end; ++v) {
        double pulled = 0;
        for (std::uint64_t i = in_offsets_[v]; i < in_offsets_[v + 1]; ++i)
          pulled += share[in_source_[i]] * in_weight_[i];
        next[v] = alpha * (pulled + dangling * spread[v]) + (1 - alpha) * p[v];
        change += std::abs(next[v] - x[v]);
      }
      parts[t] = change;
    });
    x.swap(next);
    err = sum_in_order(parts);
    if (err < static_cast<double>(n) * options.tol) return x;
  }
  return absl::FailedPreconditionError(absl::StrCat("pagerank: not converged after max_iter = ", options.max_iter,
                                                    " iterations: L1 change ", err,
                                                    " >= n_nodes * tol = ", static_cast<double>(n) * options.tol));
}

SEGCORE_NAMESPACE_END
