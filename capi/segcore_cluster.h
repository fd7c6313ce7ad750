/*
 * segcore C ABI: k-means clustering. The conventions of segcore.h apply.
 *
 * One handle type serves the three algorithms. Data are row-major float or double with
 * n_rows x n_features values; sample weights are NULL or n_rows finite values >= 0. Centers,
 * distances and inertia are double. Labels are int32 cluster indices in [0, n_clusters).
 */
#ifndef SEGCORE_CLUSTER_H
#define SEGCORE_CLUSTER_H

#include "segcore.h"

SEGCORE_BEGIN_DECLS

typedef struct segcore_kmeans segcore_kmeans; /* Since: 0.1 */

#define SEGCORE_KMEANS_LLOYD 0     /* Lloyd's algorithm. Since: 0.1 */
#define SEGCORE_KMEANS_HAMERLY 1   /* Hamerly's exact acceleration: Lloyd's result, fewer distances. Since: 0.1 */
#define SEGCORE_KMEANS_MINIBATCH 2 /* mini-batch k-means; the only one with partial_fit. Since: 0.1 */

/* Options of a k-means model (segcore_kmeans_create()); fill with segcore_kmeans_options_init()
 * (Lloyd's and Hamerly's defaults) or segcore_kmeans_minibatch_options_init() (mini-batch's)
 * first. Since: 0.1 */
typedef struct segcore_kmeans_options {
  size_t struct_size;        /* sizeof(segcore_kmeans_options) as the caller knows it */
  int32_t n_clusters;        /* default 8 */
  int32_t n_init;            /* k-means++ restarts, best inertia kept (Lloyd, Hamerly); default 1 */
  int32_t max_iter;          /* iterations (passes over the data for mini-batch); default 300, mini-batch 100 */
  int32_t algorithm;         /* SEGCORE_KMEANS_*; default SEGCORE_KMEANS_LLOYD */
  double tol;                /* relative to the mean column variance; default 1e-4, mini-batch 0 (off) */
  uint64_t seed;             /* default 0 */
  int32_t n_threads;         /* >= 1, or 0 for one per core; default 1 */
  int32_t batch_size;        /* mini-batch rows per step; default 1024 */
  double reassignment_ratio; /* mini-batch; default 0.01 */
  /* Since: 0.1, after the first layout. */
  int32_t max_no_improvement; /* mini-batch: stop after this many steps without a better smoothed
                                 batch inertia, 0 never; default 10 */
  int32_t reserved0;          /* must be 0 */
} segcore_kmeans_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_kmeans_options_init(segcore_kmeans_options* opts, size_t struct_size);

/* Fills *opts with mini-batch k-means' defaults (algorithm SEGCORE_KMEANS_MINIBATCH,
 * max_iter 100, tol 0, max_no_improvement 10, the rest as segcore_kmeans_options_init) and
 * sets opts->struct_size. Errors as segcore_kmeans_options_init. Since: 0.1 */
SEGCORE_API int segcore_kmeans_minibatch_options_init(segcore_kmeans_options* opts, size_t struct_size);

/* Makes an unfitted model, owned by the caller (segcore_kmeans_destroy); opts NULL for
 * defaults; *out is NULL on failure. Errors: SEGCORE_EINVAL for an unknown algorithm,
 * n_clusters outside [1, 2^24], n_init, max_iter or batch_size < 1, tol negative or not
 * finite, reassignment_ratio outside [0, 1], n_threads < 0, or a struct_size below the first
 * layout; SEGCORE_EUNSUPPORTED for a newer struct whose unknown fields are set. Since: 0.1 */
SEGCORE_API int segcore_kmeans_create(segcore_kmeans** out, const segcore_kmeans_options* opts);

/* Frees a model; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_kmeans_destroy(segcore_kmeans* km);

/* Starts later fits from these n_clusters x n_features centers (copied) instead of
 * k-means++ (n_init is then ignored). centers NULL with n_clusters 0 returns to k-means++.
 * Errors: SEGCORE_EINVAL when n_clusters differs from the model's, or on a NaN or infinite
 * value; a width that differs from the data's fails at fit. Since: 0.1 */
SEGCORE_API int segcore_kmeans_set_init_centers(segcore_kmeans* km, const double* centers, size_t n_clusters,
                                                size_t n_features);

/* Fits the model on x (n_rows x n_features); sample_weight is NULL or n_rows values. A
 * refit replaces the previous one. Errors: SEGCORE_EINVAL, saying why, on NaN or infinite
 * values, empty data, n_clusters > n_rows, fewer distinct rows than n_clusters, negative,
 * non-finite or all-zero weights, or initial centers of another width. Since: 0.1 */
SEGCORE_API int segcore_kmeans_fit_f32(segcore_kmeans* km, const float* x, size_t n_rows, size_t n_features,
                                       const double* sample_weight);
/* segcore_kmeans_fit_f32 for double data. Since: 0.1 */
SEGCORE_API int segcore_kmeans_fit_f64(segcore_kmeans* km, const double* x, size_t n_rows, size_t n_features,
                                       const double* sample_weight);

/* One mini-batch step with x as the batch. The first call initialises the centers from x.
 * Errors: SEGCORE_EUNSUPPORTED unless the algorithm is SEGCORE_KMEANS_MINIBATCH;
 * SEGCORE_EINVAL on an empty batch, NaN or infinite values, bad weights, a width other than
 * the model's, or a first batch with fewer than n_clusters rows. Since: 0.1 */
SEGCORE_API int segcore_kmeans_partial_fit_f32(segcore_kmeans* km, const float* x, size_t n_rows, size_t n_features,
                                               const double* sample_weight);
/* segcore_kmeans_partial_fit_f32 for double data. Since: 0.1 */
SEGCORE_API int segcore_kmeans_partial_fit_f64(segcore_kmeans* km, const double* x, size_t n_rows, size_t n_features,
                                               const double* sample_weight);

/* Nearest center of each row into labels (count >= n_rows). Errors: SEGCORE_ENOTFITTED
 * before a fit; SEGCORE_EINVAL when n_features differs from the model's or on NaN or
 * infinite values; SEGCORE_ERANGE when count < n_rows. Since: 0.1 */
SEGCORE_API int segcore_kmeans_predict_f32(const segcore_kmeans* km, const float* x, size_t n_rows, size_t n_features,
                                           int32_t* labels, size_t count);
/* segcore_kmeans_predict_f32 for double data. Since: 0.1 */
SEGCORE_API int segcore_kmeans_predict_f64(const segcore_kmeans* km, const double* x, size_t n_rows, size_t n_features,
                                           int32_t* labels, size_t count);

/* Euclidean distance of each row to each center, n_rows x n_clusters into out
 * (count >= n_rows * n_clusters). Errors as segcore_kmeans_predict_f32. Since: 0.1 */
SEGCORE_API int segcore_kmeans_transform_f32(const segcore_kmeans* km, const float* x, size_t n_rows, size_t n_features,
                                             double* out, size_t count);
/* segcore_kmeans_transform_f32 for double data. Since: 0.1 */
SEGCORE_API int segcore_kmeans_transform_f64(const segcore_kmeans* km, const double* x, size_t n_rows,
                                             size_t n_features, double* out, size_t count);

/* Shape of the fitted model and of its labels: n_clusters, n_features, and the number of
 * labels held (the rows of the last fit or partial_fit batch; 0 for a model file). Any pointer may be NULL.
 * Errors: SEGCORE_ENOTFITTED before a fit. Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_shape(const segcore_kmeans* km, size_t* n_clusters, size_t* n_features,
                                         size_t* n_labels);

/* Fitted centers (n_clusters x n_features into out, count values). Errors:
 * SEGCORE_ENOTFITTED before a fit; SEGCORE_ERANGE when count < n_clusters * n_features.
 * Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_centers(const segcore_kmeans* km, double* out, size_t count);

/* Labels of the rows of the last fit (count >= n_labels). Errors: SEGCORE_ENOTFITTED before
 * a fit; SEGCORE_ERANGE when count < n_labels. Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_labels(const segcore_kmeans* km, int32_t* out, size_t count);

/* Inertia (weighted sum of squared distances to the centers) of the last fit, or of the last
 * batch after partial_fit (against the updated centers). Errors: SEGCORE_ENOTFITTED before a
 * fit. Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_inertia(const segcore_kmeans* km, double* out);
/* The iterations of the best run of the last fit (Lloyd, Hamerly), or the passes over the
 * data begun by the last mini-batch fit (0 after partial_fit alone or a model file). Errors:
 * SEGCORE_ENOTFITTED before a fit. Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_n_iter(const segcore_kmeans* km, int64_t* out);
/* Mini-batch steps taken so far, by fit and partial_fit (scikit-learn's n_steps_); the
 * iterations, as segcore_kmeans_get_n_iter, for Lloyd and Hamerly. Errors: SEGCORE_ENOTFITTED
 * before a fit. Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_n_steps(const segcore_kmeans* km, int64_t* out);

/* ---- k-means partial states: Lloyd iterations over data split across processes ----
 *
 * A partial state holds one iteration's sufficient statistics for given centers: per-cluster
 * weighted sums and weights, the inertia, the rows accumulated, and the (at most n_clusters)
 * rows farthest from their centers, which the relocation of empty clusters needs. Each
 * process accumulates its blocks of rows into a state, the states travel as bytes and are
 * merged in a fixed order (partition order: floating-point sums depend on it), and
 * segcore_kmeans_partial_next turns the merged state into the next iteration's, as one Lloyd
 * iteration of segcore_kmeans_fit does (the same kernels, origin and empty-cluster rule).
 * Byte layout: docs/MODEL_FILES.md, "k-means partial states". */

typedef struct segcore_kmeans_partial segcore_kmeans_partial; /* Since: 0.2 */

#define SEGCORE_PARTIAL_F64 0 /* the data are double. Since: 0.2 */
#define SEGCORE_PARTIAL_F32 1 /* the data are float. Since: 0.2 */

/* An empty state for the first iteration of a fit from the initial centers (n_clusters x
 * n_features, finite), for data of value_type (SEGCORE_PARTIAL_F64 or _F32); distances
 * are taken relative to the centers' mean, as segcore_kmeans_fit does. Errors:
 * SEGCORE_EINVAL for a NULL pointer, empty or non-finite centers, an unknown value_type.
 * Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_create(segcore_kmeans_partial** out, const double* centers, size_t n_clusters,
                                              size_t n_features, int32_t value_type);

/* Frees a state; NULL is a no-op. Cannot fail. Since: 0.2 */
SEGCORE_API void segcore_kmeans_partial_destroy(segcore_kmeans_partial* state);

/* Assigns each row of x (n_rows x n_features; its first row is row first_row of the whole
 * data, which orders ties among the farthest rows) to its nearest center and adds it to the
 * state. sample_weight: NULL or n_rows finite values >= 0. labels: NULL, or count >= n_rows
 * values receiving each row's center. Errors: SEGCORE_EINVAL for a NULL state or x, another
 * n_features, data of the other value type, NaN or infinite values, bad weights;
 * SEGCORE_ERANGE when labels holds fewer than n_rows values. Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_accumulate_f32(segcore_kmeans_partial* state, const float* x, size_t n_rows,
                                                      size_t n_features, const double* sample_weight,
                                                      uint64_t first_row, int32_t* labels, size_t count);
/* segcore_kmeans_partial_accumulate_f32 for double data. Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_accumulate_f64(segcore_kmeans_partial* state, const double* x, size_t n_rows,
                                                      size_t n_features, const double* sample_weight,
                                                      uint64_t first_row, int32_t* labels, size_t count);

/* Adds other's statistics to state's (state = state + other; merge in partition order).
 * Errors: SEGCORE_EINVAL for a NULL pointer or states of another shape, value type or
 * centers (another iteration or fit). Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_merge(segcore_kmeans_partial* state, const segcore_kmeans_partial* other);

/* The next iteration: *out receives a new empty state for the updated centers (each cluster's
 * weighted mean; clusters left empty moved onto the farthest rows) and *shift_sq_total (may be
 * NULL) the summed squared distance the centers moved, which a fit compares with tol times the
 * mean column variance. Errors: SEGCORE_EINVAL for a NULL pointer or a state without a row of
 * positive weight. Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_next(const segcore_kmeans_partial* state, segcore_kmeans_partial** out,
                                            double* shift_sq_total);

/* The state's shape: n_clusters, n_features and the rows accumulated; any out pointer may be
 * NULL. Errors: SEGCORE_EINVAL for a NULL state. Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_get_shape(const segcore_kmeans_partial* state, size_t* n_clusters,
                                                 size_t* n_features, uint64_t* n_rows);

/* The centers the state assigns rows to, in the data's coordinates (n_clusters x n_features
 * into out, count values). Errors: SEGCORE_EINVAL for a NULL pointer; SEGCORE_ERANGE when
 * count < n_clusters * n_features. Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_get_centers(const segcore_kmeans_partial* state, double* out, size_t count);

/* The summed weight of each cluster's rows (n_clusters values into out). Errors as
 * segcore_kmeans_partial_get_centers (count < n_clusters). Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_get_weights(const segcore_kmeans_partial* state, double* out, size_t count);

/* The inertia of the rows accumulated: their weighted squared distances to their centers.
 * Errors: SEGCORE_EINVAL for a NULL pointer. Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_get_inertia(const segcore_kmeans_partial* state, double* out);

/* The state's byte form, as segcore_kmeans_to_bytes writes a model's: *size receives its
 * length; with buffer NULL and capacity 0 only the size is given; a capacity below the size
 * fails with SEGCORE_ERANGE, writing nothing. Errors: SEGCORE_EINVAL for a NULL state or size.
 * Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_to_bytes(const segcore_kmeans_partial* state, void* buffer, size_t capacity,
                                                size_t* size);

/* A state from bytes made by segcore_kmeans_partial_to_bytes. Errors: SEGCORE_EINVAL for a
 * NULL pointer; SEGCORE_ECORRUPT for bytes that are truncated, corrupt (checksum), of another
 * format version or inconsistent, the message naming the offset or field. Since: 0.2 */
SEGCORE_API int segcore_kmeans_partial_from_bytes(segcore_kmeans_partial** out, const void* data, size_t size);

SEGCORE_END_DECLS

#endif /* SEGCORE_CLUSTER_H */
