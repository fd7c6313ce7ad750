// Clustering quality metrics with scikit-learn's definitions: silhouette (exact, blocked, O(n)
// extra memory; or on a seeded sample), Calinski-Harabasz, Davies-Bouldin, adjusted Rand index.
//
// Labels are any int32 values, one per row; they are compared for equality only (like
// scikit-learn's LabelEncoder). Results are bit-identical for every thread count.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Options of silhouette_score().
struct SilhouetteOptions {
  int n_threads = 1;            // >= 1, or 0 for one per hardware thread
  std::size_t sample_size = 0;  // 0: every row; else that many rows drawn without replacement
  std::uint64_t seed = 0;       // drawing the sample
};

// Mean silhouette coefficient, Euclidean distance. With a sample, the score of the sampled
// rows among themselves (scikit-learn's sample_size). The number of distinct labels (of the
// sample) must be in [2, n - 1]; a row alone in its cluster scores 0.
StatusOr<double> silhouette_score(ConstMatrixView<double> x, std::span<const std::int32_t> labels,
                                  const SilhouetteOptions& options = {});
// The same for float data.
StatusOr<double> silhouette_score(ConstMatrixView<float> x, std::span<const std::int32_t> labels,
                                  const SilhouetteOptions& options = {});

// The silhouette of each row into out (x.rows() values).
Status silhouette_samples(ConstMatrixView<double> x, std::span<const std::int32_t> labels, std::span<double> out,
                          int n_threads = 1);
// The same for float data.
Status silhouette_samples(ConstMatrixView<float> x, std::span<const std::int32_t> labels, std::span<double> out,
                          int n_threads = 1);

// Between-cluster over within-cluster dispersion, scaled by (n - k) / (k - 1); 1 when every
// cluster is a single point repeated. Needs 2 <= k <= n - 1 distinct labels.
StatusOr<double> calinski_harabasz_score(ConstMatrixView<double> x, std::span<const std::int32_t> labels);
// The same for float data.
StatusOr<double> calinski_harabasz_score(ConstMatrixView<float> x, std::span<const std::int32_t> labels);

// Mean over clusters of the worst (s_i + s_j) / d(c_i, c_j), s = mean distance to the centroid;
// 0 when all s or all centroid distances are zero (scikit-learn's rule). 2 <= k <= n - 1.
StatusOr<double> davies_bouldin_score(ConstMatrixView<double> x, std::span<const std::int32_t> labels);
// The same for float data.
StatusOr<double> davies_bouldin_score(ConstMatrixView<float> x, std::span<const std::int32_t> labels);

// Adjusted Rand index of two labelings of the same rows (scikit-learn's pair-counting form):
// 1 for identical partitions up to renumbering (including both one cluster, both all
// singletons, and empty input), about 0 for independent ones, negative below chance.
StatusOr<double> adjusted_rand_score(std::span<const std::int32_t> a, std::span<const std::int32_t> b);

SEGCORE_NAMESPACE_END
