// Agglomerative (hierarchical) clustering with scipy's definitions: Ward, complete, average
// and single linkage on Euclidean distances, giving a dendrogram (scipy's linkage matrix)
// that is cut into flat clusters by a count or a height.
//
// Ward works on centroids with the nearest-neighbour chain and needs O(n x d) memory; single
// linkage is Prim's minimum spanning tree, O(n) extra memory; complete and average keep the
// condensed distance matrix, n (n - 1) / 2 doubles, as scipy does.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// How the distance between two clusters is measured when merging.
enum class Linkage : int {
  ward = 0,      // sqrt(2 na nb / (na + nb)) |ca - cb|: the increase in within-cluster variance
  complete = 1,  // the largest distance between members
  average = 2,   // the mean distance between members (UPGMA)
  single = 3,    // the smallest distance between members
};

// One merge, as a row of scipy's linkage matrix: clusters a < b (ids below n are rows; id
// n + i is the cluster made by merge i), the linkage height, and the size of the result.
struct Merge {
  std::int64_t a = 0;     // the smaller id of the two merged clusters
  std::int64_t b = 0;     // the larger id
  double height = 0;      // their linkage distance
  std::int64_t size = 0;  // rows in the merged cluster
};

// The merges of an agglomerative clustering, and flat clusters cut from them.
class Dendrogram {
 public:
  // An empty tree (no leaves).
  Dendrogram() = default;
  // A tree over n_leaves rows from its merges (as linkage_tree makes them).
  Dendrogram(std::size_t n_leaves, std::vector<Merge> merges) : n_leaves_(n_leaves), merges_(std::move(merges)) {}

  // The number of rows the tree was built on.
  std::size_t n_leaves() const { return n_leaves_; }
  // n_leaves - 1 merges, by non-decreasing height (ties keep the order they were found in).
  const std::vector<Merge>& merges() const { return merges_; }

  // Flat clusters: the first n_leaves - n_clusters merges applied. Labels are numbered
  // 0, 1, ... in order of each cluster's first row. n_clusters in [1, n_leaves].
  Status cut(std::size_t n_clusters, std::span<std::int32_t> labels) const;
  // The merges whose height is below threshold applied (scikit-learn's distance_threshold).
  Status cut_height(double threshold, std::span<std::int32_t> labels) const;
  // The number of clusters cut_height(threshold) gives.
  std::size_t clusters_below(double threshold) const;

 private:
  std::size_t n_leaves_ = 0;
  std::vector<Merge> merges_;
};

// Builds the dendrogram of the rows of x (at least 2 rows, finite values).
StatusOr<Dendrogram> linkage_tree(ConstMatrixView<double> x, Linkage linkage);
// The same for float data.
StatusOr<Dendrogram> linkage_tree(ConstMatrixView<float> x, Linkage linkage);

SEGCORE_NAMESPACE_END
