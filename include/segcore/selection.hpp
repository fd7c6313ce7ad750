// Choosing k and checking that segments are stable, around k-means.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Options of choose_k().
struct ChooseKOptions {
  int k_min = 2;                      // >= 2: a single cluster has no silhouette
  int k_max = 10;                     // <= n_rows - 1
  KMeansOptions kmeans;               // n_clusters is set per candidate; seed, n_init, threads used as given
  std::size_t silhouette_sample = 0;  // 0: exact silhouette; else rows sampled with kmeans.seed
};

// The scores of the partition into k clusters.
struct KScore {
  int k = 0;                     // the number of clusters
  double inertia = 0;            // sum of squared distances to the nearest center
  double silhouette = 0;         // mean silhouette (of a sample with silhouette_sample)
  double calinski_harabasz = 0;  // higher is better
  double davies_bouldin = 0;     // lower is better
};

// What choose_k() found.
struct ChooseKResult {
  std::vector<KScore> scores;  // one per k, ascending
  int elbow_k = 0;             // the knee of inertia (largest gap below the chord); k_min if < 3 candidates
  int recommended_k = 0;       // the k with most votes
  std::string reason;          // one sentence saying why
};

// Runs k-means for every k in [k_min, k_max] and scores each partition. The recommendation is
// the k with most votes among: highest silhouette, highest Calinski-Harabasz, lowest
// Davies-Bouldin, the elbow; ties go to the higher silhouette.
StatusOr<ChooseKResult> choose_k(ConstMatrixView<double> x, const ChooseKOptions& options);
// The same for float data.
StatusOr<ChooseKResult> choose_k(ConstMatrixView<float> x, const ChooseKOptions& options);

// The knee of a decreasing curve y(k) (Kneedle without smoothing): the point farthest below
// the straight line from the first to the last point, after scaling both axes to [0, 1].
// Returns the index; 0 when there are fewer than 3 points.
std::size_t knee_index(const std::vector<double>& y);

// Options of cluster_stability().
struct StabilityOptions {
  int n_resamples = 20;          // >= 1
  double sample_fraction = 0.8;  // in (0, 1]: rows per resample, drawn without replacement
  KMeansOptions kmeans;          // the clustering checked, n_clusters included
};

// What cluster_stability() measured.
struct StabilityResult {
  std::vector<std::int32_t> labels;  // the reference clustering of all rows
  std::vector<double> ari;           // per resample: reference vs re-clustering on the sample
  double mean_ari = 0;               // the mean of ari
  std::vector<double> jaccard;       // per reference cluster: mean over resamples of its best Jaccard
};

// Repeated subsample re-clustering (Hennig's clusterwise bootstrap, without replacement): a
// cluster whose mean Jaccard stays above about 0.75 is stable; below 0.5 it dissolves.
StatusOr<StabilityResult> cluster_stability(ConstMatrixView<double> x, const StabilityOptions& options);
// The same for float data.
StatusOr<StabilityResult> cluster_stability(ConstMatrixView<float> x, const StabilityOptions& options);

SEGCORE_NAMESPACE_END
