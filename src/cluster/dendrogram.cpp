// Cutting a dendrogram into flat clusters with a union-find over the applied merges.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "cluster/linkage_internal.hpp"
#include "segcore/hierarchy.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

std::size_t UnionFind::find(std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

std::vector<Merge> relabel(std::vector<Merge> merges, std::size_t n) {
  // Sort by height, stable, then turn slot numbers into scipy's cluster ids (scipy's label()).
  std::vector<std::size_t> order(merges.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t p, std::size_t q) { return merges[p].height < merges[q].height; });
  UnionFind uf(n);
  std::vector<std::int64_t> id(n);  // cluster id of each union-find root
  std::iota(id.begin(), id.end(), std::int64_t{0});
  std::vector<Merge> out(merges.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Merge& m = merges[order[i]];
    const std::size_t ra = uf.find(static_cast<std::size_t>(m.a)), rb = uf.find(static_cast<std::size_t>(m.b));
    const std::int64_t ia = id[ra], ib = id[rb];
    uf.parent[ra] = rb;
    id[rb] = static_cast<std::int64_t>(n + i);
    out[i] = Merge{std::min(ia, ib), std::max(ia, ib), m.height, m.size};
  }
  return out;
}

}  // namespace detail

Status Dendrogram::cut(std::size_t n_clusters, std::span<std::int32_t> labels) const {
  constexpr absl::string_view where = "Dendrogram::cut";
  if (n_leaves_ == 0) return absl::FailedPreconditionError("Dendrogram::cut: the dendrogram is empty");
  if (n_clusters < 1 || n_clusters > n_leaves_)
    return invalid_argument(where, "n_clusters is ", n_clusters, "; it must be in [1, ", n_leaves_, "]");
  if (labels.size() != n_leaves_)
    return invalid_argument(where, "labels holds ", labels.size(), " values for ", n_leaves_, " rows");
  detail::UnionFind uf(2 * n_leaves_ - 1);
  for (std::size_t i = 0; i + n_clusters < n_leaves_; ++i) {
    uf.parent[uf.find(static_cast<std::size_t>(merges_[i].a))] = n_leaves_ + i;
    uf.parent[uf.find(static_cast<std::size_t>(merges_[i].b))] = n_leaves_ + i;
  }
  std::vector<std::int32_t> number(2 * n_leaves_ - 1, -1);
  std::int32_t next = 0;
  for (std::size_t i = 0; i < n_leaves_; ++i) {
    std::int32_t& l = number[uf.find(i)];
    if (l < 0) l = next++;
    labels[i] = l;
  }
  return absl::OkStatus();
}

std::size_t Dendrogram::clusters_below(double threshold) const {
  std::size_t applied = 0;
  for (const Merge& m : merges_) applied += m.height < threshold ? 1 : 0;
  return n_leaves_ - applied;
}

Status Dendrogram::cut_height(double threshold, std::span<std::int32_t> labels) const {
  if (std::isnan(threshold)) return invalid_argument("Dendrogram::cut_height", "threshold is NaN");
  return cut(clusters_below(threshold), labels);
}

SEGCORE_NAMESPACE_END
