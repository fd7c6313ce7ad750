/*
 * segcore: customer segmentation engine, C ABI.
 *
 * This header is the contract: a function that is not declared here is not part of the ABI.
 * It is C99, includes only <stddef.h>, <stdint.h> and the generated segcore_version.h, and
 * every declaration says since which version it exists.
 *
 * Threading: a segcore object must not be used from two threads at once; different objects
 * may be used from different threads at the same time. Functions that take no object are
 * safe to call from any thread. Work inside one call runs on as many threads as its options
 * ask for (n_threads); segcore keeps no thread pool between calls.
 *
 * Errors: every function that can fail returns an int status, SEGCORE_OK (0) or a negative
 * SEGCORE_E* code. The message of the last failure on the calling thread is read with
 * segcore_last_error_message(). No C++ exception ever leaves a segcore function. Codes
 * every function may return, not repeated per function: SEGCORE_EINVAL when an object or a
 * pointer it must read or write is NULL, SEGCORE_ENOMEM when memory runs out, and
 * SEGCORE_EINTERNAL for a bug in segcore. Each function's comment lists its other codes.
 *
 * Memory: results go into buffers the caller owns, passed as (pointer, count); a count
 * smaller than the values to write fails with SEGCORE_ERANGE and writes nothing. Input
 * arrays and strings are read during the call only (segcore keeps copies where it needs
 * them). Objects are made by `segcore_<name>_create` (or _build, _parse, ...), owned by the
 * caller, and freed by `segcore_<name>_destroy`, which accepts NULL.
 *
 * Options: option structs begin with `size_t struct_size`. Fill one with
 * `segcore_<name>_options_init(&opts, sizeof opts)` and change the fields you need. A struct
 * from older headers (smaller struct_size) is accepted: the fields it lacks take defaults.
 *
 * Progress and cancellation: a callback installed with segcore_set_progress_callback() on a
 * thread is called by the long calls made on that thread (CSV read, profiles, k-means fits,
 * choose-k, stability, silhouette, linkage; the list is in the C ABI guide) about every 50 ms of work, always on the
 * calling thread. A nonzero return stops the call within about one block of rows: it returns SEGCORE_ECANCELLED, leaves
 * its object as it was before the call and frees what it made.
 */
#ifndef SEGCORE_H
#define SEGCORE_H

#include <stddef.h>
#include <stdint.h>

#include "segcore_version.h"

/* Marks a function exported by the library: dllexport/dllimport on Windows (define
 * SEGCORE_STATIC there when linking the static library), default visibility elsewhere. */
#if defined(_WIN32) || defined(__CYGWIN__)
#if defined(SEGCORE_BUILDING)
#define SEGCORE_API __declspec(dllexport)
#elif defined(SEGCORE_STATIC)
#define SEGCORE_API
#else
#define SEGCORE_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define SEGCORE_API __attribute__((visibility("default")))
#else
#define SEGCORE_API
#endif

#ifdef __cplusplus
#define SEGCORE_BEGIN_DECLS extern "C" {
#define SEGCORE_END_DECLS }
#else
#define SEGCORE_BEGIN_DECLS /* opens the headers' declarations: `extern "C" {` in C++ */
#define SEGCORE_END_DECLS   /* closes them: `}` in C++ */
#endif

SEGCORE_BEGIN_DECLS

/* ---------------------------------------------------------------------------------------- */
/* Status codes. Their values never change; new codes take new numbers.                     */
/* ---------------------------------------------------------------------------------------- */

#define SEGCORE_OK 0            /* Success. Since: 0.1 */
#define SEGCORE_EINVAL (-1)     /* An argument is invalid: NULL, wrong size, NaN, bad value. Since: 0.1 */
#define SEGCORE_ENOMEM (-2)     /* Out of memory. Since: 0.1 */
#define SEGCORE_ENOTFITTED (-3) /* The object is not in the state the call needs (not fitted yet). Since: 0.1 */
#define SEGCORE_EINTERNAL (-4)  /* A bug in segcore: please report the message. Since: 0.1 */
#define SEGCORE_ERANGE (-5)     /* A value or buffer is out of range (buffer too small, index too large). Since: 0.1 */
#define SEGCORE_ENOTFOUND (-6)  /* A named thing (file, column, field) does not exist. Since: 0.1 */
#define SEGCORE_EIO (-7)        /* Reading or writing a file failed. Since: 0.1 */
#define SEGCORE_ECORRUPT (-8)   /* Stored data is truncated or fails its checksum. Since: 0.1 */
#define SEGCORE_EUNSUPPORTED (-9) /* Valid but not supported by this build or version. Since: 0.1 */
#define SEGCORE_ECANCELLED (-10)  /* The caller's callback asked to stop. Since: 0.1 */

/* Fixed English text for a status code ("invalid argument", ...), "unknown status code" for
 * a number that is not one; never NULL, never freed. Cannot fail. Since: 0.1 */
SEGCORE_API const char* segcore_status_string(int status);

/* The message of the last failed segcore call on this thread, saying what went wrong and
 * where; "" when the last call that can fail succeeded. The text is owned by segcore and
 * stays valid until the next segcore call on the same thread. Never NULL; cannot fail.
 * Since: 0.1 */
SEGCORE_API const char* segcore_last_error_message(void);

/* ---------------------------------------------------------------------------------------- */
/* Progress and cancellation                                                                 */
/* ---------------------------------------------------------------------------------------- */

/* A progress callback: user_data as installed, done the estimated fraction of the call's work
 * in [0, 1] (never decreasing within a call), stage the running call ("KMeans::fit", ...).
 * Return 0 to go on, nonzero to cancel. It runs on the thread that made the call, so it needs
 * no locking; it must not call segcore functions. Since: 0.1 */
typedef int (*segcore_progress_fn)(void* user_data, double done, const char* stage);

/* Installs fn for the long calls made on the calling thread from now on, until it is replaced
 * or reset with NULL; other threads are not affected. Each long call reads it at entry and
 * calls it about every 50 ms of work (never more often; less often only while one block of
 * rows is processed); a nonzero return makes the call return SEGCORE_ECANCELLED with the
 * object it worked on unchanged. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_set_progress_callback(segcore_progress_fn fn, void* user_data);

/* ---------------------------------------------------------------------------------------- */
/* Version                                                                                   */
/* ---------------------------------------------------------------------------------------- */

/* SEGCORE_VERSION_NUMBER of the library that is running (it may differ from the headers
 * the caller was compiled with). Cannot fail. Since: 0.1 */
SEGCORE_API int32_t segcore_version_number(void);

/* "MAJOR.MINOR.PATCH" of the library that is running; a static string, never NULL. Cannot
 * fail. Since: 0.1 */
SEGCORE_API const char* segcore_version_string(void);

/* ---------------------------------------------------------------------------------------- */
/* Vectorised kernels                                                                        */
/* ---------------------------------------------------------------------------------------- */

/* The instruction set the kernels use: "avx512", "avx2", "sse2" or "scalar". At start-up the
 * best the CPU runs, unless the environment variable SEGCORE_ARCH names another runnable one.
 * A static string, never NULL; cannot fail. Since: 0.1 */
SEGCORE_API const char* segcore_simd_arch(void);

/* Forces the kernels of `name` for the whole process ("" or NULL: the best again). Errors:
 * SEGCORE_EINVAL, listing the choices, when this build or CPU lacks it. Threading: it changes
 * process-wide state; call it before other threads run segcore work. Since: 0.1 */
SEGCORE_API int segcore_set_simd_arch(const char* name);

/* ---------------------------------------------------------------------------------------- */
/* Feature scaling                                                                           */
/* ---------------------------------------------------------------------------------------- */

/* A fitted per-column transform y = (g(x) - center) / scale, where g is log1p when the
 * log1p option is set and the identity otherwise. Since: 0.1 */
typedef struct segcore_scaler segcore_scaler;

#define SEGCORE_SCALER_STANDARD 0 /* center = mean, scale = standard deviation (ddof 0). Since: 0.1 */
#define SEGCORE_SCALER_MINMAX 1   /* maps [min, max] onto [range_min, range_max]. Since: 0.1 */
#define SEGCORE_SCALER_ROBUST 2   /* center = median, scale = 75th - 25th percentile. Since: 0.1 */

/* Options of a scaler (segcore_scaler_create()); fill with segcore_scaler_options_init() first.
 * Since: 0.1 */
typedef struct segcore_scaler_options {
  size_t struct_size; /* sizeof(segcore_scaler_options) as the caller knows it */
  int32_t kind;       /* SEGCORE_SCALER_*; default SEGCORE_SCALER_STANDARD */
  int32_t log1p;      /* nonzero: apply log1p before scaling (values must be > -1); default 0 */
  int32_t n_threads;  /* threads for fit and transform, >= 1, or 0 for one per core; default 1 */
  int32_t reserved0;  /* must be 0 */
  double range_min;   /* SEGCORE_SCALER_MINMAX target range; default 0 */
  double range_max;   /* default 1 */
} segcore_scaler_options;

/* Fills *opts with defaults and sets opts->struct_size = struct_size. Errors: SEGCORE_EINVAL
 * when opts is NULL or struct_size is less than the size of the first published layout.
 * Since: 0.1 */
SEGCORE_API int segcore_scaler_options_init(segcore_scaler_options* opts, size_t struct_size);

/* Makes an unfitted scaler, owned by the caller (segcore_scaler_destroy). opts may be NULL
 * for defaults. *out is NULL on failure. Errors: SEGCORE_EINVAL for an unknown kind, n_threads
 * < 0, a range that is not finite with range_min < range_max, reserved0 != 0, or a
 * struct_size below the first layout; SEGCORE_EUNSUPPORTED for a newer struct whose fields
 * this library does not know are set. Since: 0.1 */
SEGCORE_API int segcore_scaler_create(segcore_scaler** out, const segcore_scaler_options* opts);

/* Frees a scaler; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_scaler_destroy(segcore_scaler* scaler);

/* Learns center and scale from a row-major n_rows x n_cols matrix. A column with zero
 * spread gets scale 1 and is reported by segcore_scaler_zero_variance_columns. Refitting
 * replaces the previous fit; a failed fit keeps it. Errors: SEGCORE_EINVAL, naming the row
 * and column, for an empty matrix, NaN or infinite values (after log1p), values <= -1 with
 * log1p, or a column that overflows double. Since: 0.1 */
SEGCORE_API int segcore_scaler_fit_f64(segcore_scaler* scaler, const double* x, size_t n_rows, size_t n_cols);
/* segcore_scaler_fit_f64 for float data (statistics in double). Since: 0.1 */
SEGCORE_API int segcore_scaler_fit_f32(segcore_scaler* scaler, const float* x, size_t n_rows, size_t n_cols);

/* Writes the transform of x (n_rows x n_cols, row-major) to out, which holds out_count
 * values (at least n_rows * n_cols). x and out may be the same buffer. Errors:
 * SEGCORE_ENOTFITTED before a fit; SEGCORE_EINVAL when n_cols differs from the fit's or
 * on a NaN or infinite value (after log1p), naming row and column; SEGCORE_ERANGE when
 * out_count < n_rows * n_cols. Since: 0.1 */
SEGCORE_API int segcore_scaler_transform_f64(const segcore_scaler* scaler, const double* x, size_t n_rows,
                                             size_t n_cols, double* out, size_t out_count);
/* segcore_scaler_transform_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_scaler_transform_f32(const segcore_scaler* scaler, const float* x, size_t n_rows, size_t n_cols,
                                             float* out, size_t out_count);

/* The inverse of transform (expm1 is applied when log1p is set); y and out may be the same
 * buffer. Errors as segcore_scaler_transform_f64. Since: 0.1 */
SEGCORE_API int segcore_scaler_inverse_transform_f64(const segcore_scaler* scaler, const double* y, size_t n_rows,
                                                     size_t n_cols, double* out, size_t out_count);
/* segcore_scaler_inverse_transform_f64 for float data. Since: 0.1 */
SEGCORE_API int segcore_scaler_inverse_transform_f32(const segcore_scaler* scaler, const float* y, size_t n_rows,
                                                     size_t n_cols, float* out, size_t out_count);

/* Copies the scaler's options into *out, whose struct_size the caller sets (as many fields as
 * both layouts know are written), e.g. to see what a loaded scaler does. SEGCORE_EINVAL for
 * NULL arguments or a struct_size below the first layout. Since: 0.1 */
SEGCORE_API int segcore_scaler_get_options(const segcore_scaler* scaler, segcore_scaler_options* out);

/* Number of columns the scaler was fitted on into *out; 0 before a fit. Since: 0.1 */
SEGCORE_API int segcore_scaler_n_features(const segcore_scaler* scaler, size_t* out);

/* Copies the fitted center of each column into out, which holds count values. Errors:
 * SEGCORE_ENOTFITTED before a fit; SEGCORE_ERANGE when count < n_features. Since: 0.1 */
SEGCORE_API int segcore_scaler_get_center(const segcore_scaler* scaler, double* out, size_t count);
/* Copies the fitted scale of each column (1 for a constant column); errors as
 * segcore_scaler_get_center. Since: 0.1 */
SEGCORE_API int segcore_scaler_get_scale(const segcore_scaler* scaler, double* out, size_t count);
/* Copies one flag per column, 1 where the column had zero spread in the fit, else 0; errors
 * as segcore_scaler_get_center. Since: 0.1 */
SEGCORE_API int segcore_scaler_zero_variance_columns(const segcore_scaler* scaler, int32_t* out, size_t count);

SEGCORE_END_DECLS

#endif /* SEGCORE_H */
