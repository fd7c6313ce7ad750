/*
 * segcore C ABI: k-means clustering. The conventions of segcore.h apply.
 *
 * One handle type serves the three algorithms. Data are row-major float or double with
 * n_rows x n_features values; sample weights are NULL or n_rows finite values >= 0. Centres,
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

typedef struct segcore_kmeans_options {
  size_t struct_size;         /* sizeof(segcore_kmeans_options) as the caller knows it */
  int32_t n_clusters;         /* default 8 */
  int32_t n_init;             /* k-means++ restarts, best inertia kept (Lloyd, Hamerly); default 1 */
  int32_t max_iter;           /* iterations (passes over the data for mini-batch); default 300 */
  int32_t algorithm;          /* SEGCORE_KMEANS_*; default SEGCORE_KMEANS_LLOYD */
  double tol;                 /* relative to the mean column variance; default 1e-4 */
  uint64_t seed;              /* default 0 */
  int32_t n_threads;          /* >= 1, or 0 for one per core; default 1 */
  int32_t batch_size;         /* mini-batch rows per step; default 1024 */
  double reassignment_ratio;  /* mini-batch; default 0.01 */
} segcore_kmeans_options;

/* Fills *opts with defaults; see segcore_scaler_options_init. Since: 0.1 */
SEGCORE_API int segcore_kmeans_options_init(segcore_kmeans_options *opts, size_t struct_size);

/* Makes an unfitted model (opts NULL for defaults); *out is NULL on failure. Since: 0.1 */
SEGCORE_API int segcore_kmeans_create(segcore_kmeans **out, const segcore_kmeans_options *opts);

/* Frees a model; NULL is a no-op. Since: 0.1 */
SEGCORE_API void segcore_kmeans_destroy(segcore_kmeans *km);

/* Starts later fits from these n_clusters x n_features centres instead of k-means++
 * (n_init is then ignored). centers NULL with n_clusters 0 returns to k-means++. Since: 0.1 */
SEGCORE_API int segcore_kmeans_set_init_centers(segcore_kmeans *km, const double *centers,
                                                size_t n_clusters, size_t n_features);

/* Fits the model. Fails with SEGCORE_EINVAL, saying why, on NaN or infinite values, empty
 * data, n_clusters > n_rows, fewer distinct rows than n_clusters, bad weights, or initial
 * centres of another width. Since: 0.1 */
SEGCORE_API int segcore_kmeans_fit_f32(segcore_kmeans *km, const float *x, size_t n_rows,
                                       size_t n_features, const double *sample_weight);
SEGCORE_API int segcore_kmeans_fit_f64(segcore_kmeans *km, const double *x, size_t n_rows,
                                       size_t n_features, const double *sample_weight);

/* One mini-batch step with x as the batch (SEGCORE_KMEANS_MINIBATCH only; otherwise
 * SEGCORE_EUNSUPPORTED). The first call initialises the centres from x. Since: 0.1 */
SEGCORE_API int segcore_kmeans_partial_fit_f32(segcore_kmeans *km, const float *x, size_t n_rows,
                                               size_t n_features, const double *sample_weight);
SEGCORE_API int segcore_kmeans_partial_fit_f64(segcore_kmeans *km, const double *x, size_t n_rows,
                                               size_t n_features, const double *sample_weight);

/* Nearest centre of each row into labels (count >= n_rows). Since: 0.1 */
SEGCORE_API int segcore_kmeans_predict_f32(const segcore_kmeans *km, const float *x, size_t n_rows,
                                           size_t n_features, int32_t *labels, size_t count);
SEGCORE_API int segcore_kmeans_predict_f64(const segcore_kmeans *km, const double *x,
                                           size_t n_rows, size_t n_features, int32_t *labels,
                                           size_t count);

/* Euclidean distance of each row to each centre, n_rows x n_clusters into out
 * (count >= n_rows * n_clusters). Since: 0.1 */
SEGCORE_API int segcore_kmeans_transform_f32(const segcore_kmeans *km, const float *x,
                                             size_t n_rows, size_t n_features, double *out,
                                             size_t count);
SEGCORE_API int segcore_kmeans_transform_f64(const segcore_kmeans *km, const double *x,
                                             size_t n_rows, size_t n_features, double *out,
                                             size_t count);

/* Shape of the fitted model and of its labels: n_clusters, n_features, and the number of
 * labels held (the rows of the last fit; 0 after partial_fit). Any pointer may be NULL.
 * Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_shape(const segcore_kmeans *km, size_t *n_clusters,
                                         size_t *n_features, size_t *n_labels);

/* Fitted centres (n_clusters x n_features into out, count values). Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_centers(const segcore_kmeans *km, double *out, size_t count);

/* Labels of the rows of the last fit (count >= n_labels). Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_labels(const segcore_kmeans *km, int32_t *out, size_t count);

/* Inertia (weighted sum of squared distances to the centres) of the last fit, or of the last
 * batch after partial_fit, and the iterations (steps for mini-batch) it took. Since: 0.1 */
SEGCORE_API int segcore_kmeans_get_inertia(const segcore_kmeans *km, double *out);
SEGCORE_API int segcore_kmeans_get_n_iter(const segcore_kmeans *km, int64_t *out);

SEGCORE_END_DECLS

#endif /* SEGCORE_CLUSTER_H */
