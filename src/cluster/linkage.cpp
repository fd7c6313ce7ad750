// linkage_tree: input checks, then Ward (ward.cpp), single linkage by Prim's minimum spanning
// tree, or complete / average by the nearest-neighbour chain over the condensed distance
// matrix with the Lance-Williams updates, as scipy.cluster.hierarchy.linkage does.
#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <vector>

#include "cluster/linkage_internal.hpp"
#include "kernels/kernel_table.hpp"
#include "segcore/describe.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {
namespace {

// Index of the pair (i, j), i < j, in the condensed matrix (scipy's condensed_index).
inline std::size_t condensed(std::size_t n, std::size_t i, std::size_t j) {
  if (i > j) std::swap(i, j);
  return n * i - i * (i + 1) / 2 + (j - i - 1);
}

}  // namespace

std::vector<Merge> single_mst(const std::vector<double>& x, std::size_t n, std::size_t d) {
  const auto& kern = kernels::active_kernels().f64;
  std::vector<double> best(n, std::numeric_limits<double>::infinity()), dist(n);
  std::vector<char> merged(n, 0);
  std::vector<Merge> merges;
  merges.reserve(n - 1);
  std::size_t cur = 0;
  for (std::size_t k = 0; k + 1 < n; ++k) {
    progress(static_cast<double>(k) / static_cast<double>(n), "linkage_tree");
    merged[cur] = 1;
    kern.sqdist_many(&x[cur * d], x.data(), n, d, d, dist.data());
    std::size_t next = 0;
    double next_v = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) {
      if (merged[i]) continue;
      const double v = std::sqrt(dist[i]);
      if (best[i] > v) best[i] = v;
      if (best[i] < next_v) next_v = best[i], next = i;
    }
    merges.push_back(Merge{static_cast<std::int64_t>(cur), static_cast<std::int64_t>(next), next_v, 0});
    cur = next;
  }
  // Sizes follow from the union-find in relabel; set them there.
  UnionFind uf(n);
  std::vector<std::int64_t> size(n, 1);
  std::vector<std::size_t> order(merges.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t p, std::size_t q) { return merges[p].height < merges[q].height; });
  for (std::size_t i : order) {
    const std::size_t ra = uf.find(static_cast<std::size_t>(merges[i].a)),
                      rb = uf.find(static_cast<std::size_t>(merges[i].b));
    uf.parent[ra] = rb;
    size[rb] += size[ra];
    merges[i].size = size[rb];
  }
  return merges;
}

std::vector<Merge> matrix_chain(const std::vector<double>& x, std::size_t n, std::size_t d, Linkage linkage) {
  const auto& kern = kernels::active_kernels().f64;
  std::vector<double> dm(n * (n - 1) / 2);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    double* row = &dm[condensed(n, i, i + 1)];
    kern.sqdist_many(&x[i * d], &x[(i + 1) * d], n - i - 1, d, d, row);
    for (std::size_t j = 0; j < n - i - 1; ++j) row[j] = std::sqrt(row[j]);
  }
  std::vector<double> size(n, 1.0);
  std::vector<std::size_t> chain;
  std::vector<Merge> merges;
  merges.reserve(n - 1);
  for (std::size_t k = 0; k + 1 < n; ++k) {
    progress(static_cast<double>(k) / static_cast<double>(n), "linkage_tree");
    if (chain.empty())
      for (std::size_t i = 0; i < n; ++i)
        if (size[i] > 0) {
          chain.push_back(i);
          break;
        }
    std::size_t a, b = 0;
    double best;
    for (;;) {
      a = chain.back();
      best = std::numeric_limits<double>::infinity();
      if (chain.size() > 1) b = chain[chain.size() - 2], best = dm[condensed(n, a, b)];
      for (std::size_t i = 0; i < n; ++i) {
        if (size[i] == 0 || i == a) continue;
        const double v = dm[condensed(n, a, i)];
        if (v < best) best = v, b = i;
      }
      if (chain.size() > 1 && b == chain[chain.size() - 2]) break;
      chain.push_back(b);
    }
    chain.resize(chain.size() - 2);
    if (a > b) std::swap(a, b);
    const double na = size[a], nb = size[b];
    merges.push_back(
        Merge{static_cast<std::int64_t>(a), static_cast<std::int64_t>(b), best, static_cast<std::int64_t>(na + nb)});
    size[a] = 0;
    size[b] = na + nb;
    for (std::size_t i = 0; i < n; ++i) {
      if (size[i] == 0 || i == b) continue;
      const double da = dm[condensed(n, i, a)], db = dm[condensed(n, i, b)];
      dm[condensed(n, i, b)] = linkage == Linkage::complete ? std::max(da, db) : (na * da + nb * db) / (na + nb);
    }
  }
  return merges;
}

}  // namespace detail

namespace {

template <class T>
StatusOr<Dendrogram> tree_impl(ConstMatrixView<T> x, Linkage linkage) {
  constexpr absl::string_view where = "linkage_tree";
  const int l = static_cast<int>(linkage);
  if (l < 0 || l > 3)
    return invalid_argument(where, "linkage ", l, " is not ward (0), complete (1), average (2) or single (3)");
  const std::size_t n = x.rows(), d = x.cols();
  if (n < 2 || d == 0)
    return invalid_argument(where, "x is ", n, " x ", d, "; clustering needs at least 2 rows and 1 column");
  if (n >= (std::size_t{1} << 31)) return invalid_argument(where, "x has ", n, " rows; at most 2^31 - 1 are supported");
  // The condensed matrix of 50,000 rows is 10 GB; beyond that an allocation may succeed and
  // the kernel's out-of-memory killer end the process on first touch, so refuse up front.
  constexpr std::size_t kMaxMatrixRows = 50000;
  if ((linkage == Linkage::complete || linkage == Linkage::average) && n > kMaxMatrixRows)
    return invalid_argument(where, "complete and average linkage keep n (n - 1) / 2 distances and accept at most ",
                            kMaxMatrixRows, " rows; x has ", n, " (ward and single linkage need O(n x d) memory)");
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where));
  std::vector<double> data(n * d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) data[i * d + j] = static_cast<double>(x(i, j));
  std::vector<Merge> merges;
  try {
    switch (linkage) {
      case Linkage::ward:
        merges = detail::ward_chain(data, n, d);
        break;
      case Linkage::single:
        merges = detail::single_mst(data, n, d);
        break;
      default:
        merges = detail::matrix_chain(data, n, d, linkage);
        break;
    }
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(
        absl::StrCat(where, ": out of memory; complete and average linkage keep n (n - 1) / 2 = ", n * (n - 1) / 2,
                     " distances (ward and single need O(n x d))"));
  }
  return Dendrogram(n, detail::relabel(std::move(merges), n));
}

}  // namespace

StatusOr<Dendrogram> linkage_tree(ConstMatrixView<double> x, Linkage l) {
  return detail::cancellable("linkage_tree", [&] { return tree_impl(x, l); });
}
StatusOr<Dendrogram> linkage_tree(ConstMatrixView<float> x, Linkage l) {
  return detail::cancellable("linkage_tree", [&] { return tree_impl(x, l); });
}

SEGCORE_NAMESPACE_END
