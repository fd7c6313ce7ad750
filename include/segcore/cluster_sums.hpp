// Partial states of the clustering metrics that are functions of per-cluster sums
// (Calinski-Harabasz, Davies-Bouldin, the inertia), for data split across processes. Two
// passes over the blocks of rows:
//   1. ClusterSums: per distinct label, the rows' count and their sum less an origin (the
//      first row of the data, so data far from zero keep their digits);
//   2. ClusterSpread, made from the merged ClusterSums (the clusters' means) or from given
//      centers: per cluster, the sum of the rows' squared distances to its mean or center and
//      the sum of the distances.
// Each block's state travels as bytes; states merge in any order. Sums are kept exactly (as
// lists of partials) and rounded once when read, so the merged result is the same, bit for
// bit, however the rows were split and whatever the merge order; it equals the one-process
// metrics (metrics.hpp), which add in row order, to rounding.
// Labels are compared for equality only, as metrics.hpp does.
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace detail {
class ExactSum;
}  // namespace detail

// The first pass: per distinct label, the count of rows and the sum of the rows less the origin.
class ClusterSums {
 public:
  // An empty state for rows of origin.size() features, relative to origin (finite values;
  // give every block the same origin, e.g. the data's first row). InvalidArgument otherwise.
  static StatusOr<ClusterSums> create(std::span<const double> origin);

  // Adds the rows of x (a block whose first row is row first_row of the whole data, for
  // messages) with their labels. InvalidArgument, naming the row, for another column count, a
  // value that is not finite, labels of another size; nothing is added then.
  Status accumulate(ConstMatrixView<double> x, std::span<const std::int32_t> labels, std::uint64_t first_row = 0);
  // The same for float data.
  Status accumulate(ConstMatrixView<float> x, std::span<const std::int32_t> labels, std::uint64_t first_row = 0);

  // Adds other's counts and sums. InvalidArgument unless the origins are equal bit for bit.
  Status merge(const ClusterSums& other);

  // The little-endian byte form (docs/MODEL_FILES.md, "Clustering-metric partial states").
  std::vector<std::uint8_t> to_bytes() const;
  // A state from its byte form; DataLoss naming the field or offset for a bad image.
  static StatusOr<ClusterSums> from_bytes(std::span<const std::uint8_t> bytes);

  // The columns of a row.
  std::size_t n_features() const { return origin_.size(); }
  // The distinct labels seen.
  std::size_t n_clusters() const { return labels_.size(); }
  // The rows accumulated.
  std::uint64_t n_rows() const;
  // The origin the sums are relative to.
  const std::vector<double>& origin() const { return origin_; }
  const std::vector<std::int32_t>& labels() const { return labels_; }   // ascending
  const std::vector<std::uint64_t>& counts() const { return counts_; }  // per label
  // Each cluster's sum of rows less the origin, rounded (n_clusters x n_features).
  std::vector<double> sums() const;
  // Each cluster's mean less the origin (the rounded sum / count), n_clusters x n_features.
  std::vector<double> means() const;
  // The overall mean less the origin (the rounded sum of every row / rows), n_features.
  std::vector<double> overall_mean() const;

  // A copy of another state.
  ClusterSums(const ClusterSums&);
  // Takes another state's sums.
  ClusterSums(ClusterSums&&) noexcept;
  // Copies another state.
  ClusterSums& operator=(const ClusterSums&);
  // Takes another state's sums.
  ClusterSums& operator=(ClusterSums&&) noexcept;
  // Frees the sums.
  ~ClusterSums();

 private:
  ClusterSums() = default;
  template <class T>
  Status accumulate_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels, std::uint64_t first_row);
  // The index of label in labels_, inserted (with zero sums) when new.
  std::size_t slot(std::int32_t label);

  std::vector<double> origin_;
  std::vector<std::int32_t> labels_;
  std::vector<std::uint64_t> counts_;
  std::vector<detail::ExactSum> sums_;  // n_clusters x n_features
};

// The second pass: per cluster, the sum over its rows of the squared distance to its center and
// the sum of the distances, the centers given relative to an origin.
class ClusterSpread {
 public:
  // For the clustering scores: the clusters and means of merged first-pass sums. InvalidArgument
  // when the sums hold fewer than 2 or more than n_rows - 1 clusters (scikit-learn's rule).
  static StatusOr<ClusterSpread> from_sums(const ClusterSums& sums);
  // For the inertia: centers (k x d, finite, the data's coordinates) with labels 0 .. k-1.
  static StatusOr<ClusterSpread> for_centers(ConstMatrixView<double> centers);

  // Adds the rows of x with their labels (each one of the state's clusters). InvalidArgument
  // naming the row for another column count, a value that is not finite, an unknown label,
  // labels of another size; nothing is added then.
  Status accumulate(ConstMatrixView<double> x, std::span<const std::int32_t> labels, std::uint64_t first_row = 0);
  // The same for float data.
  Status accumulate(ConstMatrixView<float> x, std::span<const std::int32_t> labels, std::uint64_t first_row = 0);

  // Adds other's sums. InvalidArgument unless both have the same origin, labels and centers
  // (bit for bit).
  Status merge(const ClusterSpread& other);

  // The little-endian byte form (docs/MODEL_FILES.md, "Clustering-metric partial states").
  std::vector<std::uint8_t> to_bytes() const;
  // A state from its byte form; DataLoss naming the field or offset for a bad image.
  static StatusOr<ClusterSpread> from_bytes(std::span<const std::uint8_t> bytes);

  // The columns of a row.
  std::size_t n_features() const { return origin_.size(); }
  // The clusters.
  std::size_t n_clusters() const { return labels_.size(); }
  // The rows accumulated.
  std::uint64_t n_rows() const { return n_rows_; }
  const std::vector<std::int32_t>& labels() const { return labels_; }  // ascending
  // The origin the rows are taken relative to.
  const std::vector<double>& origin() const { return origin_; }
  // The clusters' centers less the origin (n_clusters x n_features).
  const std::vector<double>& centers() const { return centers_; }
  // Per cluster, the rounded sum of squared distances to its center.
  std::vector<double> squared_distances() const;
  // Per cluster, the rounded sum of distances to its center.
  std::vector<double> distances() const;
  // The sum of every row's squared distance to its center, rounded once; NaN when the squared
  // distances overflow double precision (the C ABI makes that an error).
  double inertia() const;

  // A copy of another state.
  ClusterSpread(const ClusterSpread&);
  // Takes another state's sums.
  ClusterSpread(ClusterSpread&&) noexcept;
  // Copies another state.
  ClusterSpread& operator=(const ClusterSpread&);
  // Takes another state's sums.
  ClusterSpread& operator=(ClusterSpread&&) noexcept;
  // Frees the sums.
  ~ClusterSpread();

 private:
  ClusterSpread() = default;
  template <class T>
  Status accumulate_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels, std::uint64_t first_row);

  std::vector<double> origin_;
  std::vector<std::int32_t> labels_;  // ascending
  std::vector<double> centers_;       // n_clusters x n_features, less the origin
  std::uint64_t n_rows_ = 0;
  std::vector<detail::ExactSum> squares_, distances_;  // per cluster
};

// The scores of metrics.hpp from merged states: sums of the whole data and the spread made
// from them (ClusterSpread::from_sums) over the whole data. InvalidArgument when the spread was
// not made from these sums, did not see every row, or the values overflow double precision.
StatusOr<double> calinski_harabasz_score(const ClusterSums& sums, const ClusterSpread& spread);
// The Davies-Bouldin score from merged states, as calinski_harabasz_score above.
StatusOr<double> davies_bouldin_score(const ClusterSums& sums, const ClusterSpread& spread);

SEGCORE_NAMESPACE_END
