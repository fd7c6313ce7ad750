/*
 * segcore: durable model files, C ABI.
 *
 * Fitted models are saved in one versioned, checksummed format (docs/MODEL_FILES.md), to a file
 * or to the caller's buffer so a host can keep models in its own database.
 *
 * Saving to a file is atomic: the image goes to a temporary file in the same folder, is
 * flushed to disk and renamed over the target, and the folder is flushed. A failed save
 * leaves the previous file as it was and no temporary file behind; the temporary file of a
 * killed save (PATH.tmp.PID.N, locked while written) is removed by the next save to PATH.
 * A replaced file keeps its permission bits. Only a regular file (or nothing) is replaced: a
 * path naming a device (/dev/null), FIFO, socket, symbolic link or folder is SEGCORE_EIO
 * and stays as it was.
 *
 * Loading makes a new object; *out is NULL on failure and nothing else changes. Every load
 * checks the file completely before using it and fails with
 *   SEGCORE_ECORRUPT     not a model file, truncated, bad checksum, or a payload that does not
 *                        parse or does not make a valid model (the message names the offset
 *                        or field);
 *   SEGCORE_EUNSUPPORTED written in a newer format version (the message names both versions)
 *                        or holding a model kind this library does not know;
 *   SEGCORE_EINVAL       a model of another kind (the message names both), or a NULL argument;
 *   SEGCORE_ENOTFOUND    the file does not exist;
 *   SEGCORE_EIO          the file cannot be read.
 * Saving fails with SEGCORE_ENOTFITTED for an unfitted model, SEGCORE_ENOTFOUND when the
 * folder does not exist and SEGCORE_EIO when creating, writing, flushing or renaming fails.
 *
 * _to_bytes functions write the file image into the caller's buffer: *size receives the
 * image's size; with buffer NULL and capacity 0 nothing else happens (a size query), and a
 * capacity below the size fails with SEGCORE_ERANGE, writing nothing. _from_bytes reads an
 * image from memory with the same checks as _load.
 */
#ifndef SEGCORE_MODEL_H
#define SEGCORE_MODEL_H

#include "segcore.h"
#include "segcore_analysis.h"
#include "segcore_cluster.h"
#include "segcore_clv.h"
#include "segcore_rules.h"

SEGCORE_BEGIN_DECLS

/* Model kinds, as stored in files. Their values never change. */
#define SEGCORE_MODEL_SCALER 1             /* segcore_scaler. Since: 0.1 */
#define SEGCORE_MODEL_PCA 2                /* segcore_pca. Since: 0.1 */
#define SEGCORE_MODEL_KMEANS 3             /* segcore_kmeans (Lloyd or Hamerly). Since: 0.1 */
#define SEGCORE_MODEL_MINIBATCH_KMEANS 4   /* segcore_kmeans (SEGCORE_KMEANS_MINIBATCH). Since: 0.1 */
#define SEGCORE_MODEL_RULE 5               /* segcore_rule. Since: 0.1 */
#define SEGCORE_MODEL_SEGMENT_SET 6        /* segcore_segment_set. Since: 0.1 */
#define SEGCORE_MODEL_RFM_EDGES 7          /* fixed RFM edges from a segcore_rfm. Since: 0.1 */
#define SEGCORE_MODEL_LOGISTIC 8           /* segcore_logistic. Since: 0.1 */
#define SEGCORE_MODEL_BGNBD 9              /* segcore_clv_model, BG/NBD. Since: 0.1 */
#define SEGCORE_MODEL_PARETO_NBD 10        /* segcore_clv_model, Pareto/NBD. Since: 0.1 */
#define SEGCORE_MODEL_GAMMA_GAMMA 11       /* segcore_clv_model, Gamma-Gamma. Since: 0.1 */
#define SEGCORE_MODEL_MBGNBD 12            /* segcore_clv_model, MBG/NBD. Since: 0.2 */
#define SEGCORE_MODEL_BGBB 13              /* segcore_clv_model, BG/BB. Since: 0.2 */
#define SEGCORE_MODEL_PROFILE_STORE 14     /* segcore_profile_store, its whole state. Since: 0.2 */
#define SEGCORE_MODEL_EVENT_TRIGGERS 15    /* segcore_event_triggers with their customer state. Since: 0.2 */
#define SEGCORE_MODEL_STREAM_CHECKPOINT 16 /* a stream checkpoint (segcore_checkpoint_save). Since: 0.2 */

/* The format version this library writes; it reads versions 1 up to it. Since: 0.1 */
#define SEGCORE_MODEL_FORMAT_VERSION 1

/* Checks the container of a model image in memory (magic, length, checksum, format version,
 * known kind; not the payload) and reports its header: the kind (SEGCORE_MODEL_*), the format
 * version and the SEGCORE_VERSION_NUMBER of the library that wrote it. Any out pointer may be
 * NULL. Errors: those of loading (see the top of this header). Since: 0.1 */
SEGCORE_API int segcore_model_info(const void* data, size_t size, int32_t* kind, int32_t* format_version,
                                   int32_t* library_version);

/* segcore_model_info for a file; SEGCORE_ENOTFOUND / SEGCORE_EIO when it cannot be read.
 * Since: 0.1 */
SEGCORE_API int segcore_model_file_info(const char* path, int32_t* kind, int32_t* format_version,
                                        int32_t* library_version);

/* ---- Scaler ---------------------------------------------------------------------------- */

/* Saves a fitted scaler (options, center, scale, zero-variance flags) to path, atomically.
 * Errors: SEGCORE_EINVAL for NULL arguments, SEGCORE_ENOTFITTED, SEGCORE_ENOTFOUND (no such
 * folder), SEGCORE_EIO (also for a path that is not a regular file). Since: 0.1 */
SEGCORE_API int segcore_scaler_save(const segcore_scaler* scaler, const char* path);

/* Loads a scaler saved by segcore_scaler_save into a new object the caller frees with
 * segcore_scaler_destroy; *out is NULL on failure. Errors: see the top of this header.
 * Since: 0.1 */
SEGCORE_API int segcore_scaler_load(segcore_scaler** out, const char* path);

/* The file image of a fitted scaler in the caller's buffer (see the top of this header):
 * SEGCORE_ERANGE when capacity < *size. Since: 0.1 */
SEGCORE_API int segcore_scaler_to_bytes(const segcore_scaler* scaler, void* buffer, size_t capacity, size_t* size);

/* A scaler from an image made by segcore_scaler_to_bytes (or read from a file); the bytes
 * are not kept. Errors as segcore_scaler_load. Since: 0.1 */
SEGCORE_API int segcore_scaler_from_bytes(segcore_scaler** out, const void* data, size_t size);

/* ---- PCA ------------------------------------------------------------------------------- */

/* Saves a fitted PCA (options, mean, components, variances, singular values, noise
 * variance) to path, atomically. Errors as segcore_scaler_save. Since: 0.1 */
SEGCORE_API int segcore_pca_save(const segcore_pca* pca, const char* path);

/* Loads a PCA into a new object (segcore_pca_destroy frees it); *out is NULL on failure.
 * Since: 0.1 */
SEGCORE_API int segcore_pca_load(segcore_pca** out, const char* path);

/* The file image of a fitted PCA; see segcore_scaler_to_bytes. Since: 0.1 */
SEGCORE_API int segcore_pca_to_bytes(const segcore_pca* pca, void* buffer, size_t capacity, size_t* size);

/* A PCA from a file image; see segcore_scaler_from_bytes. Since: 0.1 */
SEGCORE_API int segcore_pca_from_bytes(segcore_pca** out, const void* data, size_t size);

/* ---- k-means --------------------------------------------------------------------------- */

/* Saves a fitted k-means model (options, centers, inertia, iterations) or mini-batch model
 * (also the state partial_fit continues from) to path, atomically. The labels of the fitted
 * rows are not saved. Errors as segcore_scaler_save. Since: 0.1 */
SEGCORE_API int segcore_kmeans_save(const segcore_kmeans* km, const char* path);

/* Loads either kind into a new object (segcore_kmeans_destroy frees it); *out is NULL on
 * failure. Predictions and, for mini-batch, further partial fits are bit-identical to those
 * of the saved object. Since: 0.1 */
SEGCORE_API int segcore_kmeans_load(segcore_kmeans** out, const char* path);

/* The file image of a fitted k-means model; see segcore_scaler_to_bytes. Since: 0.1 */
SEGCORE_API int segcore_kmeans_to_bytes(const segcore_kmeans* km, void* buffer, size_t capacity, size_t* size);

/* A k-means model from a file image; see segcore_scaler_from_bytes. Since: 0.1 */
SEGCORE_API int segcore_kmeans_from_bytes(segcore_kmeans** out, const void* data, size_t size);

/* ---- Logistic regression --------------------------------------------------------------- */

/* Saves a fitted logistic regression (options, coefficients, intercept, iterations,
 * convergence) to path, atomically. Errors as segcore_scaler_save. Since: 0.1 */
SEGCORE_API int segcore_logistic_save(const segcore_logistic* model, const char* path);

/* Loads a logistic regression into a new object (segcore_logistic_destroy frees it); *out is
 * NULL on failure. Since: 0.1 */
SEGCORE_API int segcore_logistic_load(segcore_logistic** out, const char* path);

/* The file image of a fitted logistic regression; see segcore_scaler_to_bytes. Since: 0.1 */
SEGCORE_API int segcore_logistic_to_bytes(const segcore_logistic* model, void* buffer, size_t capacity, size_t* size);

/* A logistic regression from a file image; see segcore_scaler_from_bytes. Since: 0.1 */
SEGCORE_API int segcore_logistic_from_bytes(segcore_logistic** out, const void* data, size_t size);

/* ---- CLV models ------------------------------------------------------------------------ */

/* Saves the parameters of a fitted BG/NBD, Pareto/NBD or Gamma-Gamma model to path,
 * atomically (standard errors and fit diagnostics are not saved). Errors as
 * segcore_scaler_save. Since: 0.1 */
SEGCORE_API int segcore_clv_save(const segcore_clv_model* model, const char* path);

/* Loads any of the three into a new object with default options of that model kind
 * (segcore_clv_destroy frees it), as segcore_clv_set_params would make it; *out is NULL on
 * failure. Since: 0.1 */
SEGCORE_API int segcore_clv_load(segcore_clv_model** out, const char* path);

/* The file image of a fitted CLV model; see segcore_scaler_to_bytes. Since: 0.1 */
SEGCORE_API int segcore_clv_to_bytes(const segcore_clv_model* model, void* buffer, size_t capacity, size_t* size);

/* A CLV model from a file image; see segcore_scaler_from_bytes. Since: 0.1 */
SEGCORE_API int segcore_clv_from_bytes(segcore_clv_model** out, const void* data, size_t size);

/* ---- Profile stores --------------------------------------------------------------------- */

/* Saves a profile store's whole state (options, schema, customers, orders, carried values)
 * atomically: a checkpoint of a stream. Errors as segcore_scaler_save. Since: 0.2 */
SEGCORE_API int segcore_profile_store_save(const segcore_profile_store* store, const char* path);

/* Loads a store into a new object (segcore_profile_store_destroy frees it) whose snapshots,
 * adds and merges equal the saved store's; *out is NULL on failure. Since: 0.2 */
SEGCORE_API int segcore_profile_store_load(segcore_profile_store** out, const char* path);

/* The image of a store (see segcore_scaler_to_bytes): the partial state one process sends
 * another to merge (segcore_profile_store_merge). The same store always gives the same bytes.
 * Since: 0.2 */
SEGCORE_API int segcore_profile_store_to_bytes(const segcore_profile_store* store, void* buffer, size_t capacity,
                                               size_t* size);

/* A store from an image; see segcore_scaler_from_bytes. Since: 0.2 */
SEGCORE_API int segcore_profile_store_from_bytes(segcore_profile_store** out, const void* data, size_t size);

/* ---- Rules and segment sets ------------------------------------------------------------ */

/* Saves a rule as its text and the fields (names and types) it reads, atomically. Loading
 * compiles the text again against those fields. Errors as segcore_scaler_save (a rule is
 * always fitted). Since: 0.1 */
SEGCORE_API int segcore_rule_save(const segcore_rule* rule, const char* path);

/* Loads and compiles a rule into a new object (segcore_rule_destroy frees it); *out is NULL
 * on failure. A text that no longer compiles, or reads other fields than the file lists, is
 * SEGCORE_ECORRUPT. Since: 0.1 */
SEGCORE_API int segcore_rule_load(segcore_rule** out, const char* path);

/* The file image of a rule; see segcore_scaler_to_bytes. Since: 0.1 */
SEGCORE_API int segcore_rule_to_bytes(const segcore_rule* rule, void* buffer, size_t capacity, size_t* size);

/* A rule from a file image; see segcore_scaler_from_bytes. Since: 0.1 */
SEGCORE_API int segcore_rule_from_bytes(segcore_rule** out, const void* data, size_t size);

/* Saves a segment set (mode, fallback, segment names and rule texts in priority order, and
 * the fields the rules read), atomically. Errors as segcore_scaler_save. Since: 0.1 */
SEGCORE_API int segcore_segment_set_save(const segcore_segment_set* set, const char* path);

/* Loads and compiles a segment set into a new object (segcore_segment_set_destroy frees it);
 * *out is NULL on failure. Since: 0.1 */
SEGCORE_API int segcore_segment_set_load(segcore_segment_set** out, const char* path);

/* The file image of a segment set; see segcore_scaler_to_bytes. Since: 0.1 */
SEGCORE_API int segcore_segment_set_to_bytes(const segcore_segment_set* set, void* buffer, size_t capacity,
                                             size_t* size);

/* A segment set from a file image; see segcore_scaler_from_bytes. Since: 0.1 */
SEGCORE_API int segcore_segment_set_from_bytes(segcore_segment_set** out, const void* data, size_t size);

/* ---- RFM edges ------------------------------------------------------------------------- */

/* Saves the edges an RFM result used (bins and bins - 1 edges per measure), to score other
 * customers the same way with SEGCORE_RFM_FIXED. Fails with SEGCORE_EINVAL for a
 * SEGCORE_RFM_RANK result (its edges are in rank units) and for tied quantile edges (fixed
 * edges must be strictly ascending); otherwise as segcore_scaler_save. Since: 0.1 */
SEGCORE_API int segcore_rfm_save_edges(const segcore_rfm* rfm, const char* path);

/* The file image of an RFM result's edges; see segcore_rfm_save_edges and
 * segcore_scaler_to_bytes. Since: 0.1 */
SEGCORE_API int segcore_rfm_edges_to_bytes(const segcore_rfm* rfm, void* buffer, size_t capacity, size_t* size);

/* Loads RFM edges: *bins, and bins - 1 edges into each of recency, frequency and monetary,
 * which hold count values each (count >= bins - 1, at most 99; SEGCORE_ERANGE otherwise).
 * Use them as segcore_rfm_options' edges with mode SEGCORE_RFM_FIXED. The outputs are
 * written only on success. Errors: see the top of this header. Since: 0.1 */
SEGCORE_API int segcore_rfm_load_edges(const char* path, int32_t* bins, double* recency, double* frequency,
                                       double* monetary, size_t count);

/* segcore_rfm_load_edges from a file image in memory. Since: 0.1 */
SEGCORE_API int segcore_rfm_edges_from_bytes(const void* data, size_t size, int32_t* bins, double* recency,
                                             double* frequency, double* monetary, size_t count);

/* ---- Stream checkpoints ---------------------------------------------------------------- */

/* A loaded stream checkpoint: the position, the count of events applied, and the parts that
 * were saved, each taken out once into its own object. Since: 0.2 */
typedef struct segcore_checkpoint segcore_checkpoint;

/* Saves the state of a streaming consumer as one model file (kind
 * SEGCORE_MODEL_STREAM_CHECKPOINT), atomically: position (opaque text: the source's id of the
 * last event applied), events_applied, each part that is not NULL (store, triggers, segments)
 * and the n_trackers trackers, so the parts and the position can never disagree. Errors:
 * SEGCORE_EINVAL for a NULL path or position, a NULL tracker, or trackers NULL with
 * n_trackers > 0; SEGCORE_ENOTFITTED for triggers without triggers; otherwise as
 * segcore_scaler_save. Since: 0.2 */
SEGCORE_API int segcore_checkpoint_save(const char* path, const char* position, uint64_t events_applied,
                                        const segcore_profile_store* store, const segcore_event_triggers* triggers,
                                        const segcore_segment_set* segments,
                                        const segcore_segment_tracker* const* trackers, size_t n_trackers);

/* Loads a checkpoint saved by segcore_checkpoint_save into a new object the caller frees with
 * segcore_checkpoint_destroy; *out is NULL on failure. Errors: see the top of this header.
 * Since: 0.2 */
SEGCORE_API int segcore_checkpoint_load(segcore_checkpoint** out, const char* path);

/* Frees a checkpoint and the parts not taken; NULL is a no-op. Cannot fail. Since: 0.2 */
SEGCORE_API void segcore_checkpoint_destroy(segcore_checkpoint* checkpoint);

/* The saved position, snprintf style (see segcore_event_triggers_trigger_name). Since: 0.2 */
SEGCORE_API int segcore_checkpoint_position(const segcore_checkpoint* checkpoint, char* buffer, size_t capacity,
                                            size_t* length);

/* The saved count of events applied into *out. Since: 0.2 */
SEGCORE_API int segcore_checkpoint_events_applied(const segcore_checkpoint* checkpoint, uint64_t* out);

/* Moves the saved profile store out into a new object (segcore_profile_store_destroy frees
 * it); *out is NULL on failure. Errors: SEGCORE_ENOTFOUND when the checkpoint holds no store
 * or it was taken already. Since: 0.2 */
SEGCORE_API int segcore_checkpoint_take_store(segcore_checkpoint* checkpoint, segcore_profile_store** out);

/* The event triggers, as segcore_checkpoint_take_store (segcore_event_triggers_destroy frees
 * them). Since: 0.2 */
SEGCORE_API int segcore_checkpoint_take_triggers(segcore_checkpoint* checkpoint, segcore_event_triggers** out);

/* The segment set, as segcore_checkpoint_take_store (segcore_segment_set_destroy frees it).
 * Since: 0.2 */
SEGCORE_API int segcore_checkpoint_take_segments(segcore_checkpoint* checkpoint, segcore_segment_set** out);

/* The number of segment trackers saved into *out. Since: 0.2 */
SEGCORE_API int segcore_checkpoint_n_trackers(const segcore_checkpoint* checkpoint, size_t* out);

/* Segment tracker k (in the order saved) with its set and each customer's last segment, as
 * segcore_checkpoint_take_store (segcore_segment_tracker_destroy frees it): it reports the
 * same changes as the saved tracker would have. Errors: SEGCORE_ERANGE when
 * k >= n_trackers; SEGCORE_ENOTFOUND when it was taken already. Since: 0.2 */
SEGCORE_API int segcore_checkpoint_take_tracker(segcore_checkpoint* checkpoint, size_t k,
                                                segcore_segment_tracker** out);

SEGCORE_END_DECLS

#endif /* SEGCORE_MODEL_H */
