/*
 * segcore C ABI: analysis of segments. Quality metrics (silhouette, Calinski-Harabasz,
 * Davies-Bouldin, adjusted Rand index), PCA and hierarchical clustering. The conventions of
 * segcore.h apply.
 *
 * Data are row-major float or double, n_rows x n_features. Labels are int32 values, one per
 * row, compared for equality only. Results are double. Every function taking data fails
 * with SEGCORE_EINVAL, naming row and column, on a NaN or infinite value.
 */
#ifndef SEGCORE_ANALYSIS_H
#define SEGCORE_ANALYSIS_H

#include "segcore.h"

SEGCORE_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------- */
/* Metrics (scikit-learn's definitions; see docs/ANALYSIS.md)                                */
/* ---------------------------------------------------------------------------------------- */

/* Options of segcore_silhouette_score_f64(); fill with segcore_silhouette_options_init()
 * first. Since: 0.1 */
typedef struct segcore_silhouette_options {
  size_t struct_size;   /* sizeof(segcore_silhouette_options) as the caller knows it */
  int32_t n_threads;    /* >= 1, or 0 for one per core; default 1 */
  int32_t reserved0;    /* must be 0 */
  uint64_t sample_size; /* 0 (default): every row; else rows drawn without replacement */
  uint64_t seed;        /* for the sample; default 0 */
} segcore_silhouette_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_silhouette_options_init(segcore_silhouette_options* opts, size_t struct_size);

/* Mean silhouette coefficient (Euclidean) into *out; opts NULL for defaults. Extra memory
 * O(n_rows x n_features). Errors: SEGCORE_EINVAL when n_labels is not n_rows, the number of
 * distinct labels is outside [2, n_rows - 1] (of the sample, when sampling), x has no
 * columns or 2^31 rows or more, sample_size exceeds n_rows, or n_threads < 0;
 * SEGCORE_EUNSUPPORTED for a newer options struct whose unknown fields are set. Since: 0.1 */
SEGCORE_API int segcore_silhouette_score_f64(const double* x, size_t n_rows, size_t n_features, const int32_t* labels,
                                             size_t n_labels, const segcore_silhouette_options* opts, double* out);
/* segcore_silhouette_score_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_silhouette_score_f32(const float* x, size_t n_rows, size_t n_features, const int32_t* labels,
                                             size_t n_labels, const segcore_silhouette_options* opts, double* out);

/* The silhouette of every row into out. Errors: as segcore_silhouette_score_f64 (without
 * sampling); SEGCORE_ERANGE when count < n_rows. Since: 0.1 */
SEGCORE_API int segcore_silhouette_samples_f64(const double* x, size_t n_rows, size_t n_features, const int32_t* labels,
                                               size_t n_labels, int32_t n_threads, double* out, size_t count);
/* segcore_silhouette_samples_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_silhouette_samples_f32(const float* x, size_t n_rows, size_t n_features, const int32_t* labels,
                                               size_t n_labels, int32_t n_threads, double* out, size_t count);

/* Calinski-Harabasz score into *out. Errors: SEGCORE_EINVAL when n_labels is not n_rows,
 * the number of distinct labels is outside [2, n_rows - 1], or x has no columns.
 * Since: 0.1 */
SEGCORE_API int segcore_calinski_harabasz_score_f64(const double* x, size_t n_rows, size_t n_features,
                                                    const int32_t* labels, size_t n_labels, double* out);
/* segcore_calinski_harabasz_score_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_calinski_harabasz_score_f32(const float* x, size_t n_rows, size_t n_features,
                                                    const int32_t* labels, size_t n_labels, double* out);
/* Davies-Bouldin score into *out. Errors as segcore_calinski_harabasz_score_f64. Since: 0.1 */
SEGCORE_API int segcore_davies_bouldin_score_f64(const double* x, size_t n_rows, size_t n_features,
                                                 const int32_t* labels, size_t n_labels, double* out);
/* segcore_davies_bouldin_score_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_davies_bouldin_score_f32(const float* x, size_t n_rows, size_t n_features,
                                                 const int32_t* labels, size_t n_labels, double* out);

/* ---- Clustering-metric partial states: the scores over data split across processes ----
 *
 * Calinski-Harabasz, Davies-Bouldin and the inertia are functions of per-cluster sums. Two
 * passes over the blocks of rows: segcore_cluster_sums (per distinct label, the row count and
 * the sum of the rows less an origin, e.g. the data's first row), then segcore_cluster_spread
 * made from the merged sums (per cluster, the sums of the rows' squared distances and distances
 * to its mean) or from given centers (the inertia). Each block's state travels as bytes and
 * the states merge in any order: sums are kept exactly and rounded once, so the result is the
 * same, bit for bit, however the rows were split. Byte layout: docs/MODEL_FILES.md,
 * "Clustering-metric partial states". */

typedef struct segcore_cluster_sums segcore_cluster_sums;     /* Since: 0.2 */
typedef struct segcore_cluster_spread segcore_cluster_spread; /* Since: 0.2 */

/* An empty first-pass state for rows of n_features values, taken relative to origin
 * (n_features finite values; give every block the same). Errors: SEGCORE_EINVAL for a NULL
 * pointer, n_features 0 or a value that is not finite. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_create(segcore_cluster_sums** out, const double* origin, size_t n_features);

/* Frees a state; NULL is a no-op. Cannot fail. Since: 0.2 */
SEGCORE_API void segcore_cluster_sums_destroy(segcore_cluster_sums* state);

/* Adds the rows of x (n_rows x n_features, a block whose first row is row first_row of the
 * whole data, for messages) with their labels. Errors: SEGCORE_EINVAL for a NULL pointer,
 * n_labels other than n_rows, another column count, a value that is not finite (naming the
 * row as X[first_row + i]); nothing is added then. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_accumulate_f64(segcore_cluster_sums* state, const double* x, size_t n_rows,
                                                    size_t n_features, const int32_t* labels, size_t n_labels,
                                                    uint64_t first_row);
/* segcore_cluster_sums_accumulate_f64 for float data. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_accumulate_f32(segcore_cluster_sums* state, const float* x, size_t n_rows,
                                                    size_t n_features, const int32_t* labels, size_t n_labels,
                                                    uint64_t first_row);

/* Adds other's counts and sums to state's. Errors: SEGCORE_EINVAL for a NULL pointer or
 * states of different origins. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_merge(segcore_cluster_sums* state, const segcore_cluster_sums* other);

/* The distinct labels seen (n_clusters), n_features and the rows accumulated; any out pointer
 * may be NULL. Errors: SEGCORE_EINVAL for a NULL state. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_get_shape(const segcore_cluster_sums* state, size_t* n_clusters,
                                               size_t* n_features, uint64_t* n_rows);

/* The labels seen, ascending (n_clusters values into out). Errors: SEGCORE_EINVAL for a NULL
 * pointer; SEGCORE_ERANGE when count < n_clusters. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_get_labels(const segcore_cluster_sums* state, int32_t* out, size_t count);

/* The rows of each label (n_clusters values). Errors as segcore_cluster_sums_get_labels.
 * Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_get_counts(const segcore_cluster_sums* state, uint64_t* out, size_t count);

/* The state's byte form: *size receives its length; with buffer NULL and capacity 0 only the
 * size is given. Errors: SEGCORE_EINVAL for a NULL state or size; SEGCORE_ERANGE when capacity
 * is below the size. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_to_bytes(const segcore_cluster_sums* state, void* buffer, size_t capacity,
                                              size_t* size);

/* A state from bytes made by segcore_cluster_sums_to_bytes. Errors: SEGCORE_EINVAL for a NULL
 * pointer; SEGCORE_ECORRUPT for truncated, corrupt or inconsistent bytes, the message naming
 * the field or offset. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_from_bytes(segcore_cluster_sums** out, const void* data, size_t size);

/* An empty second-pass state for the clusters and means of merged sums. Errors:
 * SEGCORE_EINVAL for a NULL pointer, or sums with fewer than 2 or more than n_rows - 1
 * clusters (the scores' rule). Since: 0.2 */
SEGCORE_API int segcore_cluster_spread_create_from_sums(segcore_cluster_spread** out, const segcore_cluster_sums* sums);

/* An empty second-pass state for given centers (n_clusters x n_features, finite, the data's
 * coordinates) and labels 0 .. n_clusters - 1: its inertia is the rows' summed squared
 * distance to their centers. Errors: SEGCORE_EINVAL for a NULL pointer, empty or non-finite
 * centers. Since: 0.2 */
SEGCORE_API int segcore_cluster_spread_create_for_centers(segcore_cluster_spread** out, const double* centers,
                                                          size_t n_clusters, size_t n_features);

/* Frees a state; NULL is a no-op. Cannot fail. Since: 0.2 */
SEGCORE_API void segcore_cluster_spread_destroy(segcore_cluster_spread* state);

/* Adds the rows of x with their labels, each one of the state's clusters. Errors: as
 * segcore_cluster_sums_accumulate_f64, and SEGCORE_EINVAL naming the row for an unknown
 * label; nothing is added then. Since: 0.2 */
SEGCORE_API int segcore_cluster_spread_accumulate_f64(segcore_cluster_spread* state, const double* x, size_t n_rows,
                                                      size_t n_features, const int32_t* labels, size_t n_labels,
                                                      uint64_t first_row);
/* segcore_cluster_spread_accumulate_f64 for float data. Since: 0.2 */
SEGCORE_API int segcore_cluster_spread_accumulate_f32(segcore_cluster_spread* state, const float* x, size_t n_rows,
                                                      size_t n_features, const int32_t* labels, size_t n_labels,
                                                      uint64_t first_row);

/* Adds other's sums to state's. Errors: SEGCORE_EINVAL for a NULL pointer or states of other
 * origins, clusters or centers. Since: 0.2 */
SEGCORE_API int segcore_cluster_spread_merge(segcore_cluster_spread* state, const segcore_cluster_spread* other);

/* The summed squared distance of the rows accumulated to their centers, rounded once, into
 * *out. Errors: SEGCORE_EINVAL for a NULL pointer, or when the squared distances overflow
 * double precision (*out unchanged). Since: 0.2 */
SEGCORE_API int segcore_cluster_spread_get_inertia(const segcore_cluster_spread* state, double* out);

/* The state's byte form, as segcore_cluster_sums_to_bytes. Since: 0.2 */
SEGCORE_API int segcore_cluster_spread_to_bytes(const segcore_cluster_spread* state, void* buffer, size_t capacity,
                                                size_t* size);

/* A state from bytes made by segcore_cluster_spread_to_bytes; errors as
 * segcore_cluster_sums_from_bytes. Since: 0.2 */
SEGCORE_API int segcore_cluster_spread_from_bytes(segcore_cluster_spread** out, const void* data, size_t size);

/* The Calinski-Harabasz score of the whole data into *out, from its merged sums and the spread
 * made from them and merged over every row. Errors: SEGCORE_EINVAL for a NULL pointer, a spread
 * not made from these sums or that did not see every row, or values that overflow double
 * precision. Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_calinski_harabasz(const segcore_cluster_sums* sums,
                                                       const segcore_cluster_spread* spread, double* out);

/* The Davies-Bouldin score likewise; errors as segcore_cluster_sums_calinski_harabasz.
 * Since: 0.2 */
SEGCORE_API int segcore_cluster_sums_davies_bouldin(const segcore_cluster_sums* sums,
                                                    const segcore_cluster_spread* spread, double* out);

/* Adjusted Rand index of two labelings of n rows into *out. Errors: SEGCORE_EINVAL when a
 * labeling is NULL with n > 0. Since: 0.1 */
SEGCORE_API int segcore_adjusted_rand_score(const int32_t* labels_true, const int32_t* labels_pred, size_t n,
                                            double* out);

/* ---------------------------------------------------------------------------------------- */
/* PCA                                                                                       */
/* ---------------------------------------------------------------------------------------- */

typedef struct segcore_pca segcore_pca; /* Since: 0.1 */

/* Options of a PCA model (segcore_pca_create()); fill with segcore_pca_options_init()
 * first. Since: 0.1 */
typedef struct segcore_pca_options {
  size_t struct_size;   /* sizeof(segcore_pca_options) as the caller knows it */
  int32_t n_components; /* 0 (default): min(n_rows, n_features) */
  int32_t whiten;       /* nonzero: unit-variance projections; default 0 */
  int32_t n_threads;    /* >= 1, or 0 for one per core; default 1 */
  int32_t reserved0;    /* must be 0 */
  /* Fields below since 0.1 (second layout); older callers' struct_size leaves them 0. */
  double variance_fraction; /* in (0, 1): keep the fewest components whose explained variance
                               ratios add up to more than it; n_components must be 0.
                               0 (default): off */
  int32_t mle;              /* nonzero: choose the number of components by Minka's maximum
                               likelihood (needs n_components 0, variance_fraction 0,
                               n_rows >= n_features >= 2); default 0 */
  int32_t reserved1;        /* must be 0 */
} segcore_pca_options;

/* What segcore_pca_get copies. Since: 0.1 */
#define SEGCORE_PCA_COMPONENTS 0               /* n_components x n_features */
#define SEGCORE_PCA_MEAN 1                     /* n_features */
#define SEGCORE_PCA_EXPLAINED_VARIANCE 2       /* n_components */
#define SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO 3 /* n_components */
#define SEGCORE_PCA_SINGULAR_VALUES 4          /* n_components */
#define SEGCORE_PCA_NOISE_VARIANCE 5           /* 1 value */

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_pca_options_init(segcore_pca_options* opts, size_t struct_size);
/* Makes an unfitted PCA owned by the caller (segcore_pca_destroy); opts NULL for defaults;
 * *out is NULL on failure. Errors: SEGCORE_EINVAL for n_components < 0, n_threads < 0, a
 * variance_fraction outside [0, 1), more than one of n_components, variance_fraction and mle
 * set, or reserved0 or reserved1 != 0; SEGCORE_EUNSUPPORTED for a newer struct whose unknown
 * fields are set. Model files keep the fitted components, not variance_fraction or mle.
 * Since: 0.1 */
SEGCORE_API int segcore_pca_create(segcore_pca** out, const segcore_pca_options* opts);
/* Frees a PCA; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_pca_destroy(segcore_pca* pca);
/* Fits on at least 2 rows of finite values; a refit replaces the previous fit. Errors:
 * SEGCORE_EINVAL for fewer than 2 rows, no columns, non-finite values, n_components above
 * min(n_rows, n_features), or mle with fewer rows than features or fewer than 2 features.
 * Since: 0.1 */
SEGCORE_API int segcore_pca_fit_f64(segcore_pca* pca, const double* x, size_t n_rows, size_t n_features);
/* segcore_pca_fit_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_pca_fit_f32(segcore_pca* pca, const float* x, size_t n_rows, size_t n_features);
/* Projections, n_rows x n_components into out. Errors: SEGCORE_ENOTFITTED before a fit;
 * SEGCORE_EINVAL when n_features differs from the fit's; SEGCORE_ERANGE when
 * count < n_rows * n_components. Since: 0.1 */
SEGCORE_API int segcore_pca_transform_f64(const segcore_pca* pca, const double* x, size_t n_rows, size_t n_features,
                                          double* out, size_t count);
/* segcore_pca_transform_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_pca_transform_f32(const segcore_pca* pca, const float* x, size_t n_rows, size_t n_features,
                                          double* out, size_t count);
/* Back to feature space: y is n_rows x n_components, out n_rows x n_features. Errors:
 * SEGCORE_ENOTFITTED before a fit; SEGCORE_EINVAL when n_components differs from the fit's;
 * SEGCORE_ERANGE when count < n_rows * n_features. Since: 0.1 */
SEGCORE_API int segcore_pca_inverse_transform(const segcore_pca* pca, const double* y, size_t n_rows,
                                              size_t n_components, double* out, size_t count);
/* n_components and n_features of the fit (either pointer may be NULL). Errors:
 * SEGCORE_ENOTFITTED before a fit. Since: 0.1 */
SEGCORE_API int segcore_pca_get_shape(const segcore_pca* pca, size_t* n_components, size_t* n_features);
/* Copies one fitted quantity (SEGCORE_PCA_*) into out, which holds count values. Errors:
 * SEGCORE_ENOTFITTED before a fit; SEGCORE_EINVAL for an unknown `what`; SEGCORE_ERANGE when
 * count is less than the quantity's size. Since: 0.1 */
SEGCORE_API int segcore_pca_get(const segcore_pca* pca, int32_t what, double* out, size_t count);

/* ---------------------------------------------------------------------------------------- */
/* Hierarchical clustering                                                                   */
/* ---------------------------------------------------------------------------------------- */

typedef struct segcore_dendrogram segcore_dendrogram; /* Since: 0.1 */

#define SEGCORE_LINKAGE_WARD 0     /* O(n x d) memory (nearest-neighbour chain on centroids). Since: 0.1 */
#define SEGCORE_LINKAGE_COMPLETE 1 /* keeps n (n - 1) / 2 distances; at most 50,000 rows. Since: 0.1 */
#define SEGCORE_LINKAGE_AVERAGE 2  /* keeps n (n - 1) / 2 distances; at most 50,000 rows. Since: 0.1 */
#define SEGCORE_LINKAGE_SINGLE 3   /* O(n) extra memory (minimum spanning tree). Since: 0.1 */

/* Builds the dendrogram of the rows of x (at least 2) with a SEGCORE_LINKAGE_* linkage, into
 * a new tree owned by the caller (segcore_dendrogram_destroy). Errors: SEGCORE_EINVAL for an
 * unknown linkage, fewer than 2 rows, no columns, non-finite values, or more than 50,000
 * rows for complete or average linkage; SEGCORE_ENOMEM when those cannot hold their distance
 * matrix. Since: 0.1 */
SEGCORE_API int segcore_dendrogram_build_f64(segcore_dendrogram** out, const double* x, size_t n_rows,
                                             size_t n_features, int32_t linkage);
/* segcore_dendrogram_build_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_dendrogram_build_f32(segcore_dendrogram** out, const float* x, size_t n_rows, size_t n_features,
                                             int32_t linkage);
/* Frees a dendrogram; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_dendrogram_destroy(segcore_dendrogram* tree);
/* The number of rows it was built on into *out. Since: 0.1 */
SEGCORE_API int segcore_dendrogram_n_leaves(const segcore_dendrogram* tree, size_t* out);
/* scipy's linkage matrix: (n_leaves - 1) rows of (a, b, height, size) into out. Errors:
 * SEGCORE_ERANGE when count < 4 * (n_leaves - 1). Since: 0.1 */
SEGCORE_API int segcore_dendrogram_get_merges(const segcore_dendrogram* tree, double* out, size_t count);
/* Cuts the tree into n_clusters flat clusters, numbered 0.. in order of their first row,
 * into labels. Errors: SEGCORE_EINVAL when n_clusters is outside [1, n_leaves];
 * SEGCORE_ERANGE when count < n_leaves. Since: 0.1 */
SEGCORE_API int segcore_dendrogram_cut(const segcore_dendrogram* tree, size_t n_clusters, int32_t* labels,
                                       size_t count);
/* Flat clusters from the merges lower than threshold, numbered as segcore_dendrogram_cut
 * does. Errors: SEGCORE_EINVAL when threshold is NaN; SEGCORE_ERANGE when count < n_leaves.
 * Since: 0.1 */
SEGCORE_API int segcore_dendrogram_cut_height(const segcore_dendrogram* tree, double threshold, int32_t* labels,
                                              size_t count);

/* ---------------------------------------------------------------------------------------- */
/* Choosing k and stability (k-means)                                                        */
/* ---------------------------------------------------------------------------------------- */

/* Options of segcore_choose_k_f64(); fill with segcore_choose_k_options_init() first.
 * Since: 0.1 */
typedef struct segcore_choose_k_options {
  size_t struct_size;         /* sizeof(segcore_choose_k_options) as the caller knows it */
  int32_t k_min;              /* >= 2; default 2 */
  int32_t k_max;              /* <= n_rows - 1; default 10 */
  int32_t n_init;             /* k-means restarts per k; default 1 */
  int32_t max_iter;           /* default 300 */
  int32_t algorithm;          /* SEGCORE_KMEANS_LLOYD or SEGCORE_KMEANS_HAMERLY; default Lloyd */
  int32_t n_threads;          /* default 1 */
  double tol;                 /* default 1e-4 */
  uint64_t seed;              /* default 0 */
  uint64_t silhouette_sample; /* 0 (default): exact silhouette; else rows sampled */
} segcore_choose_k_options;

/* The scores of one k, as segcore_choose_k_f64() writes them. Since: 0.1 */
typedef struct segcore_k_score {
  int32_t k;                /* the number of clusters */
  int32_t reserved0;        /* written as 0 */
  double inertia;           /* sum of squared distances to the nearest center */
  double silhouette;        /* mean silhouette (of a sample when silhouette_sample is set) */
  double calinski_harabasz; /* Calinski-Harabasz index, higher is better */
  double davies_bouldin;    /* Davies-Bouldin index, lower is better */
} segcore_k_score;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_choose_k_options_init(segcore_choose_k_options* opts, size_t struct_size);

/* Runs k-means for k_min..k_max and scores each k into scores (count >= k_max - k_min + 1).
 * *recommended_k and *elbow_k receive the vote's choice and the knee of inertia (either
 * pointer may be NULL); reason (may be NULL with reason_size 0) receives one sentence saying
 * why, truncated to reason_size - 1 bytes and always NUL-terminated. opts may be NULL.
 * Errors: SEGCORE_EINVAL for k_min < 2, k_max < k_min, k_max >= n_rows, an algorithm other
 * than Lloyd or Hamerly, invalid k-means options, or bad data; SEGCORE_ERANGE when count <
 * k_max - k_min + 1. Since: 0.1 */
SEGCORE_API int segcore_choose_k_f64(const double* x, size_t n_rows, size_t n_features,
                                     const segcore_choose_k_options* opts, segcore_k_score* scores, size_t count,
                                     int32_t* recommended_k, int32_t* elbow_k, char* reason, size_t reason_size);
/* segcore_choose_k_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_choose_k_f32(const float* x, size_t n_rows, size_t n_features,
                                     const segcore_choose_k_options* opts, segcore_k_score* scores, size_t count,
                                     int32_t* recommended_k, int32_t* elbow_k, char* reason, size_t reason_size);

/* Options of segcore_cluster_stability_f64(); fill with segcore_stability_options_init()
 * first. Since: 0.1 */
typedef struct segcore_stability_options {
  size_t struct_size;     /* sizeof(segcore_stability_options) as the caller knows it */
  int32_t n_clusters;     /* default 8 */
  int32_t n_resamples;    /* default 20 */
  double sample_fraction; /* rows per resample, in (0, 1]; default 0.8 */
  int32_t n_init;         /* default 1 */
  int32_t max_iter;       /* default 300 */
  int32_t algorithm;      /* SEGCORE_KMEANS_LLOYD or SEGCORE_KMEANS_HAMERLY; default Lloyd */
  int32_t n_threads;      /* default 1 */
  double tol;             /* default 1e-4 */
  uint64_t seed;          /* default 0 */
} segcore_stability_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_stability_options_init(segcore_stability_options* opts, size_t struct_size);

/* Clusters all rows (the reference, into labels, count n_labels >= n_rows), re-clusters
 * n_resamples random subsets, and reports the adjusted Rand index of each resample against
 * the reference (into ari, n_ari >= n_resamples), its mean, and per reference cluster the mean
 * best Jaccard index (into jaccard, n_jaccard >= n_clusters). opts may be NULL. Errors:
 * SEGCORE_EINVAL for n_resamples < 1, sample_fraction outside (0, 1] or giving fewer rows
 * than n_clusters, an algorithm other than Lloyd or Hamerly, invalid k-means options, or bad
 * data; SEGCORE_ERANGE when an output count is too small. Since: 0.1 */
SEGCORE_API int segcore_cluster_stability_f64(const double* x, size_t n_rows, size_t n_features,
                                              const segcore_stability_options* opts, double* mean_ari, double* ari,
                                              size_t n_ari, double* jaccard, size_t n_jaccard, int32_t* labels,
                                              size_t n_labels);
/* segcore_cluster_stability_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_cluster_stability_f32(const float* x, size_t n_rows, size_t n_features,
                                              const segcore_stability_options* opts, double* mean_ari, double* ari,
                                              size_t n_ari, double* jaccard, size_t n_jaccard, int32_t* labels,
                                              size_t n_labels);

/* ---------------------------------------------------------------------------------------- */
/* Statistical tests (scipy.stats's definitions; see docs/ANALYSIS.md)                        */
/* ---------------------------------------------------------------------------------------- */

/* One-way ANOVA of every column across the groups given by labels: F and p per feature into
 * f and p (count >= n_features). A column equal everywhere gets NaN. Errors: SEGCORE_EINVAL
 * when n_labels is not n_rows, there are fewer than 2 groups, or no more rows than groups;
 * SEGCORE_ERANGE when count < n_features. Since: 0.1 */
SEGCORE_API int segcore_anova_f64(const double* x, size_t n_rows, size_t n_features, const int32_t* labels,
                                  size_t n_labels, double* f, double* p, size_t count);
/* segcore_anova_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_anova_f32(const float* x, size_t n_rows, size_t n_features, const int32_t* labels,
                                  size_t n_labels, double* f, double* p, size_t count);

/* Chi-square test of independence on a rows x cols table of counts (row-major), with Yates'
 * correction when correction is nonzero and dof is 1. expected may be NULL (count 0), else
 * receives the rows x cols expected frequencies. Errors: SEGCORE_EINVAL for an empty table,
 * a count that is negative or not finite, or a row or column that sums to 0; SEGCORE_ERANGE
 * when expected is given and count < rows * cols. Since: 0.1 */
SEGCORE_API int segcore_chi2_independence(const double* table, size_t rows, size_t cols, int32_t correction,
                                          double* chi2, double* p_value, int64_t* dof, double* expected, size_t count);

/* The result of an A/B comparison of variant B against control A. Since: 0.1 */
typedef struct segcore_ab_result {
  double statistic;  /* t or z of B - A */
  double p_value;    /* two-sided */
  double df;         /* Welch's degrees of freedom; infinity for the z-test */
  double a;          /* mean (proportion) of A */
  double b;          /* mean (proportion) of B */
  double difference; /* b - a */
  double lift;       /* (b - a) / a; NaN when a is 0 */
  double ci_low;     /* confidence interval of the difference */
  double ci_high;    /* its upper end */
} segcore_ab_result;

/* Welch's unequal-variance t-test of two samples into *out. Errors: SEGCORE_EINVAL when a
 * sample has fewer than 2 values or a non-finite one, or confidence is outside (0, 1).
 * Since: 0.1 */
SEGCORE_API int segcore_welch_t_test(const double* a, size_t n_a, const double* b, size_t n_b, double confidence,
                                     segcore_ab_result* out);

/* Two-proportion z-test (pooled standard error; Wald interval of the difference) into *out.
 * Errors: SEGCORE_EINVAL when a trial count is not > 0, successes are not within 0..trials,
 * or confidence is outside (0, 1). Since: 0.1 */
SEGCORE_API int segcore_two_proportion_test(int64_t successes_a, int64_t n_a, int64_t successes_b, int64_t n_b,
                                            double confidence, segcore_ab_result* out);

/* ---------------------------------------------------------------------------------------- */
/* Segment profiles (personas)                                                               */
/* ---------------------------------------------------------------------------------------- */

typedef struct segcore_personas segcore_personas; /* Since: 0.1 */

/* Per-column statistics of a segment, for segcore_personas_get_stats. Since: 0.1 */
#define SEGCORE_PROFILE_MEAN 0   /* the segment's mean */
#define SEGCORE_PROFILE_MEDIAN 1 /* the segment's median */
#define SEGCORE_PROFILE_LIFT 2   /* mean / population mean (NaN when that is 0) */
#define SEGCORE_PROFILE_EFFECT 3 /* (mean - population mean) / population standard deviation */

/* Profiles every segment (one per distinct label, ascending), into a new object owned by the
 * caller (segcore_personas_destroy); the strings are copied. feature_names, low_words and
 * high_words are each NULL or n_features strings (a NULL or "" word takes the default "low
 * <name>" / "high <name>"). top_features >= 0 columns are reported per segment, and named
 * when |effect| >= min_effect. Errors: SEGCORE_EINVAL when n_labels is not n_rows, x has no
 * columns, or top_features < 0. Since: 0.1 */
SEGCORE_API int segcore_personas_build_f64(segcore_personas** out, const double* x, size_t n_rows, size_t n_features,
                                           const int32_t* labels, size_t n_labels, const char* const* feature_names,
                                           const char* const* low_words, const char* const* high_words,
                                           int32_t top_features, double min_effect);
/* segcore_personas_build_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_personas_build_f32(segcore_personas** out, const float* x, size_t n_rows, size_t n_features,
                                           const int32_t* labels, size_t n_labels, const char* const* feature_names,
                                           const char* const* low_words, const char* const* high_words,
                                           int32_t top_features, double min_effect);
/* Frees personas; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_personas_destroy(segcore_personas* profiles);
/* The number of segments into *out. Since: 0.1 */
SEGCORE_API int segcore_personas_count(const segcore_personas* profiles, size_t* out);
/* Segment `segment` (0-based): its label, size and share (any pointer may be NULL).
 * Errors: SEGCORE_ERANGE when segment >= the count. Since: 0.1 */
SEGCORE_API int segcore_personas_get(const segcore_personas* profiles, size_t segment, int32_t* label, size_t* size,
                                     double* share);
/* One SEGCORE_PROFILE_* statistic per column into out. Errors: SEGCORE_ERANGE when segment
 * >= the count or count < n_features; SEGCORE_EINVAL for an unknown `what`. Since: 0.1 */
SEGCORE_API int segcore_personas_get_stats(const segcore_personas* profiles, size_t segment, int32_t what, double* out,
                                           size_t count);
/* The distinguishing columns, most first, into out; *n_top receives how many there are.
 * Errors: SEGCORE_ERANGE when segment >= the count or count < n_top. Since: 0.1 */
SEGCORE_API int segcore_personas_get_top(const segcore_personas* profiles, size_t segment, int32_t* out, size_t count,
                                         size_t* n_top);
/* The generated name, snprintf-style: writes at most size bytes (NUL-terminated when size > 0)
 * and sets *needed (may be NULL) to the length without the NUL. Errors: SEGCORE_ERANGE when
 * segment >= the count; SEGCORE_EINVAL when buf is NULL with size > 0. Since: 0.1 */
SEGCORE_API int segcore_personas_get_name(const segcore_personas* profiles, size_t segment, char* buf, size_t size,
                                          size_t* needed);

SEGCORE_END_DECLS

#endif /* SEGCORE_ANALYSIS_H */
