/*
 * segcore C ABI: analysis of segments. Quality metrics (silhouette, Calinski-Harabasz,
 * Davies-Bouldin, adjusted Rand index), PCA and hierarchical clustering. The conventions of
 * segcore.h apply.
 *
 * Data are row-major float or double, n_rows x n_features. Labels are int32 values, one per
 * row, compared for equality only. Results are double.
 */
#ifndef SEGCORE_ANALYSIS_H
#define SEGCORE_ANALYSIS_H

#include "segcore.h"

SEGCORE_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------- */
/* Metrics (scikit-learn's definitions; see docs/ANALYSIS.md)                                */
/* ---------------------------------------------------------------------------------------- */

typedef struct segcore_silhouette_options {
  size_t struct_size;   /* sizeof(segcore_silhouette_options) as the caller knows it */
  int32_t n_threads;    /* >= 1, or 0 for one per core; default 1 */
  int32_t reserved0;    /* must be 0 */
  uint64_t sample_size; /* 0 (default): every row; else rows drawn without replacement */
  uint64_t seed;        /* for the sample; default 0 */
} segcore_silhouette_options; /* Since: 0.1 */

/* Fills *opts with defaults; see segcore_scaler_options_init. Since: 0.1 */
SEGCORE_API int segcore_silhouette_options_init(segcore_silhouette_options *opts, size_t struct_size);

/* Mean silhouette coefficient (Euclidean) into *out; opts NULL for defaults. n_labels must
 * equal n_rows; the number of distinct labels must be in [2, n_rows - 1] (of the sample, when
 * sampling), else SEGCORE_EINVAL. Extra memory O(n_rows x n_features). Since: 0.1 */
SEGCORE_API int segcore_silhouette_score_f64(const double *x, size_t n_rows, size_t n_features,
                                             const int32_t *labels, size_t n_labels,
                                             const segcore_silhouette_options *opts, double *out);
SEGCORE_API int segcore_silhouette_score_f32(const float *x, size_t n_rows, size_t n_features,
                                             const int32_t *labels, size_t n_labels,
                                             const segcore_silhouette_options *opts, double *out);

/* The silhouette of every row into out (count >= n_rows). Since: 0.1 */
SEGCORE_API int segcore_silhouette_samples_f64(const double *x, size_t n_rows, size_t n_features,
                                               const int32_t *labels, size_t n_labels,
                                               int32_t n_threads, double *out, size_t count);
SEGCORE_API int segcore_silhouette_samples_f32(const float *x, size_t n_rows, size_t n_features,
                                               const int32_t *labels, size_t n_labels,
                                               int32_t n_threads, double *out, size_t count);

/* Calinski-Harabasz and Davies-Bouldin scores into *out. Since: 0.1 */
SEGCORE_API int segcore_calinski_harabasz_score_f64(const double *x, size_t n_rows, size_t n_features,
                                                    const int32_t *labels, size_t n_labels, double *out);
SEGCORE_API int segcore_calinski_harabasz_score_f32(const float *x, size_t n_rows, size_t n_features,
                                                    const int32_t *labels, size_t n_labels, double *out);
SEGCORE_API int segcore_davies_bouldin_score_f64(const double *x, size_t n_rows, size_t n_features,
                                                 const int32_t *labels, size_t n_labels, double *out);
SEGCORE_API int segcore_davies_bouldin_score_f32(const float *x, size_t n_rows, size_t n_features,
                                                 const int32_t *labels, size_t n_labels, double *out);

/* Adjusted Rand index of two labelings of n rows into *out. Since: 0.1 */
SEGCORE_API int segcore_adjusted_rand_score(const int32_t *labels_true, const int32_t *labels_pred,
                                            size_t n, double *out);

/* ---------------------------------------------------------------------------------------- */
/* PCA                                                                                       */
/* ---------------------------------------------------------------------------------------- */

typedef struct segcore_pca segcore_pca; /* Since: 0.1 */

typedef struct segcore_pca_options {
  size_t struct_size;   /* sizeof(segcore_pca_options) as the caller knows it */
  int32_t n_components; /* 0 (default): min(n_rows, n_features) */
  int32_t whiten;       /* nonzero: unit-variance projections; default 0 */
  int32_t n_threads;    /* >= 1, or 0 for one per core; default 1 */
  int32_t reserved0;    /* must be 0 */
} segcore_pca_options; /* Since: 0.1 */

/* What segcore_pca_get copies. Since: 0.1 */
#define SEGCORE_PCA_COMPONENTS 0               /* n_components x n_features */
#define SEGCORE_PCA_MEAN 1                     /* n_features */
#define SEGCORE_PCA_EXPLAINED_VARIANCE 2       /* n_components */
#define SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO 3 /* n_components */
#define SEGCORE_PCA_SINGULAR_VALUES 4          /* n_components */
#define SEGCORE_PCA_NOISE_VARIANCE 5           /* 1 value */

/* Since: 0.1 */
SEGCORE_API int segcore_pca_options_init(segcore_pca_options *opts, size_t struct_size);
/* Makes an unfitted PCA (opts NULL for defaults); *out is NULL on failure. Since: 0.1 */
SEGCORE_API int segcore_pca_create(segcore_pca **out, const segcore_pca_options *opts);
/* Frees a PCA; NULL is a no-op. Since: 0.1 */
SEGCORE_API void segcore_pca_destroy(segcore_pca *pca);
/* Fits on at least 2 rows of finite values. Since: 0.1 */
SEGCORE_API int segcore_pca_fit_f64(segcore_pca *pca, const double *x, size_t n_rows, size_t n_features);
SEGCORE_API int segcore_pca_fit_f32(segcore_pca *pca, const float *x, size_t n_rows, size_t n_features);
/* Projections, n_rows x n_components into out (count >= n_rows * n_components). Since: 0.1 */
SEGCORE_API int segcore_pca_transform_f64(const segcore_pca *pca, const double *x, size_t n_rows,
                                          size_t n_features, double *out, size_t count);
SEGCORE_API int segcore_pca_transform_f32(const segcore_pca *pca, const float *x, size_t n_rows,
                                          size_t n_features, double *out, size_t count);
/* Back to feature space: y is n_rows x n_components, out n_rows x n_features. Since: 0.1 */
SEGCORE_API int segcore_pca_inverse_transform(const segcore_pca *pca, const double *y, size_t n_rows,
                                              size_t n_components, double *out, size_t count);
/* n_components and n_features of the fit (either pointer may be NULL). Since: 0.1 */
SEGCORE_API int segcore_pca_get_shape(const segcore_pca *pca, size_t *n_components, size_t *n_features);
/* Copies one fitted quantity (SEGCORE_PCA_*) into out, which holds count values. Since: 0.1 */
SEGCORE_API int segcore_pca_get(const segcore_pca *pca, int32_t what, double *out, size_t count);

/* ---------------------------------------------------------------------------------------- */
/* Hierarchical clustering                                                                   */
/* ---------------------------------------------------------------------------------------- */

typedef struct segcore_dendrogram segcore_dendrogram; /* Since: 0.1 */

#define SEGCORE_LINKAGE_WARD 0     /* O(n x d) memory (nearest-neighbour chain on centroids). Since: 0.1 */
#define SEGCORE_LINKAGE_COMPLETE 1 /* keeps n (n - 1) / 2 distances; at most 50,000 rows. Since: 0.1 */
#define SEGCORE_LINKAGE_AVERAGE 2  /* keeps n (n - 1) / 2 distances; at most 50,000 rows. Since: 0.1 */
#define SEGCORE_LINKAGE_SINGLE 3   /* O(n) extra memory (minimum spanning tree). Since: 0.1 */

/* Builds the dendrogram of the rows of x (at least 2). SEGCORE_ENOMEM when complete or
 * average linkage cannot hold its distance matrix. Since: 0.1 */
SEGCORE_API int segcore_dendrogram_build_f64(segcore_dendrogram **out, const double *x, size_t n_rows,
                                             size_t n_features, int32_t linkage);
SEGCORE_API int segcore_dendrogram_build_f32(segcore_dendrogram **out, const float *x, size_t n_rows,
                                             size_t n_features, int32_t linkage);
/* Frees a dendrogram; NULL is a no-op. Since: 0.1 */
SEGCORE_API void segcore_dendrogram_destroy(segcore_dendrogram *tree);
/* The number of rows it was built on. Since: 0.1 */
SEGCORE_API int segcore_dendrogram_n_leaves(const segcore_dendrogram *tree, size_t *out);
/* scipy's linkage matrix: (n_leaves - 1) rows of (a, b, height, size) into out
 * (count >= 4 * (n_leaves - 1)). Since: 0.1 */
SEGCORE_API int segcore_dendrogram_get_merges(const segcore_dendrogram *tree, double *out, size_t count);
/* Flat clusters 0.. numbered by first row, into labels (count >= n_leaves): cut into
 * n_clusters, or apply the merges lower than threshold. Since: 0.1 */
SEGCORE_API int segcore_dendrogram_cut(const segcore_dendrogram *tree, size_t n_clusters,
                                       int32_t *labels, size_t count);
SEGCORE_API int segcore_dendrogram_cut_height(const segcore_dendrogram *tree, double threshold,
                                              int32_t *labels, size_t count);

/* ---------------------------------------------------------------------------------------- */
/* Choosing k and stability (k-means)                                                        */
/* ---------------------------------------------------------------------------------------- */

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
} segcore_choose_k_options; /* Since: 0.1 */

typedef struct segcore_k_score {
  int32_t k;
  int32_t reserved0;
  double inertia;
  double silhouette;
  double calinski_harabasz;
  double davies_bouldin;
} segcore_k_score; /* Since: 0.1 */

/* Since: 0.1 */
SEGCORE_API int segcore_choose_k_options_init(segcore_choose_k_options *opts, size_t struct_size);

/* Runs k-means for k_min..k_max and scores each k into scores (count >= k_max - k_min + 1).
 * *recommended_k and *elbow_k receive the vote's choice and the knee of inertia (either
 * pointer may be NULL); reason (may be NULL with reason_size 0) receives one sentence saying
 * why, truncated to reason_size - 1 bytes and always NUL-terminated. Since: 0.1 */
SEGCORE_API int segcore_choose_k_f64(const double *x, size_t n_rows, size_t n_features,
                                     const segcore_choose_k_options *opts, segcore_k_score *scores,
                                     size_t count, int32_t *recommended_k, int32_t *elbow_k,
                                     char *reason, size_t reason_size);
SEGCORE_API int segcore_choose_k_f32(const float *x, size_t n_rows, size_t n_features,
                                     const segcore_choose_k_options *opts, segcore_k_score *scores,
                                     size_t count, int32_t *recommended_k, int32_t *elbow_k,
                                     char *reason, size_t reason_size);

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
} segcore_stability_options; /* Since: 0.1 */

/* Since: 0.1 */
SEGCORE_API int segcore_stability_options_init(segcore_stability_options *opts, size_t struct_size);

/* Clusters all rows (the reference, into labels, count n_labels >= n_rows), re-clusters
 * n_resamples random subsets, and reports the adjusted Rand index of each resample against
 * the reference (into ari, n_ari >= n_resamples), its mean, and per reference cluster the mean
 * best Jaccard index (into jaccard, n_jaccard >= n_clusters). Since: 0.1 */
SEGCORE_API int segcore_cluster_stability_f64(const double *x, size_t n_rows, size_t n_features,
                                              const segcore_stability_options *opts, double *mean_ari,
                                              double *ari, size_t n_ari, double *jaccard,
                                              size_t n_jaccard, int32_t *labels, size_t n_labels);
SEGCORE_API int segcore_cluster_stability_f32(const float *x, size_t n_rows, size_t n_features,
                                              const segcore_stability_options *opts, double *mean_ari,
                                              double *ari, size_t n_ari, double *jaccard,
                                              size_t n_jaccard, int32_t *labels, size_t n_labels);

/* ---------------------------------------------------------------------------------------- */
/* Statistical tests (scipy.stats's definitions; see docs/ANALYSIS.md)                        */
/* ---------------------------------------------------------------------------------------- */

/* One-way ANOVA of every column across the groups given by labels: F and p per feature into
 * f and p (count >= n_features). A column equal everywhere gets NaN. Since: 0.1 */
SEGCORE_API int segcore_anova_f64(const double *x, size_t n_rows, size_t n_features, const int32_t *labels,
                                  size_t n_labels, double *f, double *p, size_t count);
SEGCORE_API int segcore_anova_f32(const float *x, size_t n_rows, size_t n_features, const int32_t *labels,
                                  size_t n_labels, double *f, double *p, size_t count);

/* Chi-square test of independence on a rows x cols table of counts (row-major), with Yates'
 * correction when correction is nonzero and dof is 1. expected may be NULL (count 0), else
 * receives the rows x cols expected frequencies. Since: 0.1 */
SEGCORE_API int segcore_chi2_independence(const double *table, size_t rows, size_t cols, int32_t correction,
                                          double *chi2, double *p_value, int64_t *dof, double *expected,
                                          size_t count);

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
  double ci_high;
} segcore_ab_result;

/* Welch's unequal-variance t-test of two samples (each at least 2 finite values). Since: 0.1 */
SEGCORE_API int segcore_welch_t_test(const double *a, size_t n_a, const double *b, size_t n_b,
                                     double confidence, segcore_ab_result *out);

/* Two-proportion z-test (pooled standard error; Wald interval of the difference). Since: 0.1 */
SEGCORE_API int segcore_two_proportion_test(int64_t successes_a, int64_t n_a, int64_t successes_b, int64_t n_b,
                                            double confidence, segcore_ab_result *out);

/* ---------------------------------------------------------------------------------------- */
/* Segment profiles (personas)                                                               */
/* ---------------------------------------------------------------------------------------- */

typedef struct segcore_personas segcore_personas; /* Since: 0.1 */

/* Per-column statistics of a segment, for segcore_personas_get_stats. Since: 0.1 */
#define SEGCORE_PROFILE_MEAN 0   /* the segment's mean */
#define SEGCORE_PROFILE_MEDIAN 1 /* the segment's median */
#define SEGCORE_PROFILE_LIFT 2   /* mean / population mean (NaN when that is 0) */
#define SEGCORE_PROFILE_EFFECT 3 /* (mean - population mean) / population standard deviation */

/* Profiles every segment (one per distinct label, ascending). feature_names, low_words and
 * high_words are each NULL or n_features strings (a NULL or "" word takes the default "low
 * <name>" / "high <name>"). top_features >= 0 columns are reported per segment, and named
 * when |effect| >= min_effect. Since: 0.1 */
SEGCORE_API int segcore_personas_build_f64(segcore_personas **out, const double *x, size_t n_rows,
                                           size_t n_features, const int32_t *labels, size_t n_labels,
                                           const char *const *feature_names, const char *const *low_words,
                                           const char *const *high_words, int32_t top_features,
                                           double min_effect);
SEGCORE_API int segcore_personas_build_f32(segcore_personas **out, const float *x, size_t n_rows,
                                           size_t n_features, const int32_t *labels, size_t n_labels,
                                           const char *const *feature_names, const char *const *low_words,
                                           const char *const *high_words, int32_t top_features,
                                           double min_effect);
/* Frees profiles; NULL is a no-op. Since: 0.1 */
SEGCORE_API void segcore_personas_destroy(segcore_personas *profiles);
/* The number of segments. Since: 0.1 */
SEGCORE_API int segcore_personas_count(const segcore_personas *profiles, size_t *out);
/* Segment `segment` (0-based): its label, size and share (any pointer may be NULL). Since: 0.1 */
SEGCORE_API int segcore_personas_get(const segcore_personas *profiles, size_t segment, int32_t *label,
                                     size_t *size, double *share);
/* One SEGCORE_PROFILE_* statistic per column into out (count >= n_features). Since: 0.1 */
SEGCORE_API int segcore_personas_get_stats(const segcore_personas *profiles, size_t segment, int32_t what,
                                           double *out, size_t count);
/* The distinguishing columns, most first, into out (count >= top_features); *n_top receives
 * how many there are. Since: 0.1 */
SEGCORE_API int segcore_personas_get_top(const segcore_personas *profiles, size_t segment, int32_t *out,
                                         size_t count, size_t *n_top);
/* The generated name, snprintf-style: writes at most size bytes (NUL-terminated when size > 0)
 * and sets *needed (may be NULL) to the length without the NUL. Since: 0.1 */
SEGCORE_API int segcore_personas_get_name(const segcore_personas *profiles, size_t segment, char *buf,
                                          size_t size, size_t *needed);

SEGCORE_END_DECLS

#endif /* SEGCORE_ANALYSIS_H */
