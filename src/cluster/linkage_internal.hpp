// Shared pieces of the linkage algorithms. Internal.
#pragma once

#include <cmath>
#include <cstddef>
#include <numeric>
#include <vector>

#include "segcore/hierarchy.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

struct UnionFind {
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t find(std::size_t i);
  std::vector<std::size_t> parent;
};

// Merges recorded with slot numbers (a, b: the rows that represent the clusters) become a
// linkage matrix: sorted by height (stable) and numbered as scipy numbers clusters.
std::vector<Merge> relabel(std::vector<Merge> merges, std::size_t n);

std::vector<Merge> ward_chain(const std::vector<double>& x, std::size_t n, std::size_t d);
std::vector<Merge> matrix_chain(const std::vector<double>& x, std::size_t n, std::size_t d, Linkage linkage);
std::vector<Merge> single_mst(const std::vector<double>& x, std::size_t n, std::size_t d);

}  // namespace detail
SEGCORE_NAMESPACE_END
