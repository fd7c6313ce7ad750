/*
 * segcore: rules, segment sets, triggers and scores, C ABI.
 *
 * A rule is a condition over named columns ("recency_days <= 30 and frequency >= 3"),
 * compiled once against the columns' names and types, then evaluated over a whole table or
 * for one profile. A segment set is a list of named rules with priorities. Language, missing
 * values and the segment-set text format: docs/RULES.md.
 *
 * The conventions of segcore.h and segcore_profile.h apply: int status codes,
 * segcore_last_error_message(), caller-owned outputs as (pointer, count), snprintf-style
 * strings, destroy(NULL) is a no-op. A compiled rule or segment set is never changed by
 * evaluation, so one object may be evaluated from several threads at once.
 *
 * Errors on table arguments (segcore_rule_data), as the functions below say "errors of the
 * data": SEGCORE_EINVAL when struct_size is below the first layout's size, reserved0 is not
 * 0, or a caller column has a NULL name, an unknown type or a NULL data pointer for its type;
 * SEGCORE_ENOTFOUND when the table lacks a column the rule, set or model reads.
 */
#ifndef SEGCORE_RULES_H
#define SEGCORE_RULES_H

#include "segcore_profile.h"

SEGCORE_BEGIN_DECLS

/* A compiled rule. Since: 0.1 */
typedef struct segcore_rule segcore_rule;
/* A compiled segment set. Since: 0.1 */
typedef struct segcore_segment_set segcore_segment_set;

/* One caller column of n_rows values. type is SEGCORE_COLUMN_*; the pointer that matches
 * the type is read: f64 (F64), i64 (I64 and TIMESTAMP), text (TEXT; NULL entries are
 * missing). valid may be NULL (all present); a NaN f64 is missing too. Since: 0.1 */
typedef struct segcore_column {
  const char* name;        /* the name rules use */
  int32_t type;            /* SEGCORE_COLUMN_* */
  int32_t reserved0;       /* must be 0 */
  const double* f64;       /* n_rows values for SEGCORE_COLUMN_F64, else unused */
  const int64_t* i64;      /* n_rows values for SEGCORE_COLUMN_I64 and SEGCORE_COLUMN_TIMESTAMP */
  const char* const* text; /* n_rows NUL-terminated strings for SEGCORE_COLUMN_TEXT */
  const uint8_t* valid;    /* n_rows flags, 0 = missing; NULL: all present */
} segcore_column;

/* The table rules read: a profile table, or the caller's columns when profiles is NULL.
 * as_of (epoch seconds, used when has_as_of != 0) is "now" for days_since(); a profile table
 * brings its own, which as_of overrides. The data must stay valid for the call only.
 * Since: 0.1 */
typedef struct segcore_rule_data {
  size_t struct_size;               /* sizeof(segcore_rule_data) */
  const segcore_profiles* profiles; /* the table to read, or NULL for columns */
  const segcore_column* columns;    /* n_columns columns, read when profiles is NULL */
  size_t n_columns;                 /* ignored with profiles */
  size_t n_rows;                    /* rows of each column; ignored with profiles */
  int64_t as_of;                    /* epoch seconds, read when has_as_of != 0 */
  int32_t has_as_of;                /* nonzero: as_of is "now" */
  int32_t reserved0;                /* must be 0 */
} segcore_rule_data;

#define SEGCORE_RULE_FALSE 0   /* Since: 0.1 */
#define SEGCORE_RULE_TRUE 1    /* Since: 0.1 */
#define SEGCORE_RULE_UNKNOWN 2 /* a missing value decided the outcome. Since: 0.1 */

#define SEGCORE_SEGMENTS_EXCLUSIVE 0   /* one segment per row: the first true by priority. Since: 0.1 */
#define SEGCORE_SEGMENTS_OVERLAPPING 1 /* every segment whose rule is true. Since: 0.1 */

/* Compiles text against the names and types of schema's columns (data pointers and n_rows
 * are not read) into a new rule owned by the caller (segcore_rule_destroy); *out is NULL on
 * failure. Errors: SEGCORE_EINVAL "line L, column C: expected X, found Y" on syntax and type
 * errors; SEGCORE_ENOTFOUND on an unknown field; the errors of the data. Since: 0.1 */
SEGCORE_API int segcore_rule_compile(segcore_rule** out, const char* text, const segcore_rule_data* schema);
/* Frees a rule; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_rule_destroy(segcore_rule* rule);

/* The number of fields the rule reads into *out. Since: 0.1 */
SEGCORE_API int segcore_rule_n_fields(const segcore_rule* rule, size_t* out);
/* The name of field j, in the order segcore_rule_evaluate_one wants the values, snprintf
 * style. Errors: SEGCORE_ERANGE when j >= n_fields; SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_rule_field_name(const segcore_rule* rule, size_t j, char* buffer, size_t capacity,
                                        size_t* length);
/* SEGCORE_COLUMN_* type of field j into *out. Errors: SEGCORE_ERANGE when j >= n_fields.
 * Since: 0.1 */
SEGCORE_API int segcore_rule_field_type(const segcore_rule* rule, size_t j, int32_t* out);

/* The rule's source text, snprintf-style: at most capacity bytes (NUL included) into buffer,
 * the full length into *length (may be NULL). SEGCORE_EINVAL for a NULL rule, or a NULL
 * buffer with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_rule_text(const segcore_rule* rule, char* buffer, size_t capacity, size_t* length);

/* out[i] = 1 where the rule is true for row i, else 0 (missing values make it false).
 * n_threads >= 1, or 0 for all cores; the result does not depend on it. Errors: the errors
 * of the data; SEGCORE_EINVAL when a column is text where the rule was compiled for a
 * number or the reverse, or the rule uses days_since() and the table has no as_of;
 * SEGCORE_ERANGE when count < rows. Since: 0.1 */
SEGCORE_API int segcore_rule_evaluate(const segcore_rule* rule, const segcore_rule_data* data, int32_t n_threads,
                                      uint8_t* out, size_t count);

/* One profile: value j of field j is numbers[j] (numeric fields) or texts[j] (text fields);
 * valid[j] == 0 or a NaN number or a NULL text is missing. texts and valid may be NULL.
 * as_of (may be NULL) is "now" for days_since(), which is missing without it.
 * *truth = SEGCORE_RULE_*. Errors: SEGCORE_EINVAL when n_values is not n_fields or numbers
 * is NULL while a field is numeric. Since: 0.1 */
SEGCORE_API int segcore_rule_evaluate_one(const segcore_rule* rule, const double* numbers, const char* const* texts,
                                          const uint8_t* valid, size_t n_values, const int64_t* as_of, int32_t* truth);

/* Each condition's outcome for one row, with the values it read, one per line, snprintf
 * style. Errors: the errors of the data; SEGCORE_ERANGE when row >= rows; SEGCORE_EINVAL when buffer is NULL with
 * capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_rule_explain(const segcore_rule* rule, const segcore_rule_data* data, size_t row, char* buffer,
                                     size_t capacity, size_t* length);

/* Parses a segment set in the text format of docs/RULES.md and compiles each rule against
 * schema, into a new set owned by the caller (segcore_segment_set_destroy). Errors:
 * SEGCORE_EINVAL on a syntax or type error, SEGCORE_ENOTFOUND on an unknown field, each
 * with the text's line and column; the errors of the data. Since: 0.1 */
SEGCORE_API int segcore_segment_set_parse(segcore_segment_set** out, const char* text, const segcore_rule_data* schema);
/* The built-in lifecycle set, in the text format (pass it to segcore_segment_set_parse),
 * snprintf style. Errors: SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_segment_set_lifecycle_text(char* buffer, size_t capacity, size_t* length);
/* Tiered thresholds on one numeric field of schema: names[0] below edges[0], names[j] from
 * edges[j-1] to edges[j], names[n_edges] above the last edge (the top tier starts above its
 * edge, the others at theirs; docs/RULES.md), into a new set owned by the caller. Errors:
 * SEGCORE_EINVAL for no edges, edges that are not finite and strictly ascending, a NULL
 * name, or names or a field the compiled rules refuse (repeated or empty names, a text
 * field); SEGCORE_ENOTFOUND for an unknown field; the errors of the data. Since: 0.1 */
SEGCORE_API int segcore_segment_set_tiers(segcore_segment_set** out, const char* field, const double* edges,
                                          size_t n_edges, const char* const* names, const segcore_rule_data* schema);
/* Frees a segment set; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_segment_set_destroy(segcore_segment_set* set);

/* The number of segments (without the fallback) into *out. Since: 0.1 */
SEGCORE_API int segcore_segment_set_n_segments(const segcore_segment_set* set, size_t* out);
/* The name of segment k (priority order), snprintf style. Errors: SEGCORE_ERANGE when
 * k >= n_segments; SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_segment_set_name(const segcore_segment_set* set, size_t k, char* buffer, size_t capacity,
                                         size_t* length);
/* The fallback segment's name, snprintf style. Errors: SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1
 */
SEGCORE_API int segcore_segment_set_fallback(const segcore_segment_set* set, char* buffer, size_t capacity,
                                             size_t* length);
/* The set's SEGCORE_SEGMENTS_* mode into *out. Since: 0.1 */
SEGCORE_API int segcore_segment_set_mode(const segcore_segment_set* set, int32_t* out);

/* out[i] = index of the first segment (priority order) whose rule is true for row i, or -1
 * for the fallback; the result does not depend on n_threads (>= 1, or 0 for all cores).
 * Errors: the errors of the data; SEGCORE_ERANGE when count < rows. Since: 0.1 */
SEGCORE_API int segcore_segment_set_assign(const segcore_segment_set* set, const segcore_rule_data* data,
                                           int32_t n_threads, int32_t* out, size_t count);
/* out[i * n_segments + k] = 1 where segment k's rule is true for row i, else 0. Errors: the
 * errors of the data; SEGCORE_ENOTFITTED for a set without segments; SEGCORE_ERANGE when
 * count < rows * n_segments. Since: 0.1 */
SEGCORE_API int segcore_segment_set_membership(const segcore_segment_set* set, const segcore_rule_data* data,
                                               int32_t n_threads, uint8_t* out, size_t count);
/* Every segment's explanation for one row, and the segment assigned, snprintf style.
 * Errors: the errors of the data; SEGCORE_ERANGE when row >= rows; SEGCORE_EINVAL when buffer is NULL with capacity >
 * 0. Since: 0.1 */
SEGCORE_API int segcore_segment_set_explain(const segcore_segment_set* set, const segcore_rule_data* data, size_t row,
                                            char* buffer, size_t capacity, size_t* length);

/* Segment entry and exit over successive profile snapshots. Since: 0.1 */
typedef struct segcore_segment_tracker segcore_segment_tracker;

#define SEGCORE_SEGMENT_NONE (-2) /* "from" of a customer seen for the first time. Since: 0.1 */

/* Called once per customer whose segment changed: from and to are segment indices, -1 for
 * the fallback, SEGCORE_SEGMENT_NONE for a customer not seen before. Return nonzero to stop
 * the update with SEGCORE_ECANCELLED; must not unwind through segcore. Since: 0.1 */
typedef int (*segcore_segment_change_fn)(void* payload, const char* customer, int32_t from, int32_t to);

/* A tracker over a copy of set (set may be destroyed afterwards), owned by the caller
 * (segcore_segment_tracker_destroy). Since: 0.1 */
SEGCORE_API int segcore_segment_tracker_create(segcore_segment_tracker** out, const segcore_segment_set* set);
/* Frees a tracker; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_segment_tracker_destroy(segcore_segment_tracker* tracker);
/* Assigns every customer of profiles and calls fn, in row order, for each whose segment
 * differs from the last update; changes left unreported by a stop are reported next time.
 * fn is called on the calling thread. Errors: SEGCORE_ECANCELLED when fn returned nonzero;
 * SEGCORE_EINVAL when fn is NULL; SEGCORE_ENOTFOUND when profiles lack a column the set
 * reads. Since: 0.1 */
SEGCORE_API int segcore_segment_tracker_update(segcore_segment_tracker* tracker, const segcore_profiles* profiles,
                                               int32_t n_threads, segcore_segment_change_fn fn, void* payload);
/* A copy of the set the tracker assigns with, into a new object owned by the caller
 * (segcore_segment_set_destroy); *out is NULL on failure. Since: 0.2 */
SEGCORE_API int segcore_segment_tracker_segment_set(const segcore_segment_tracker* tracker, segcore_segment_set** out);

/* ---------------------------------------------------------------------------------------- */
/* Scores: weighted sums of named columns, and binary logistic regression.                  */
/* ---------------------------------------------------------------------------------------- */

/* One term of a weighted score. Since: 0.1 */
typedef struct segcore_score_term {
  const char* column; /* a numeric column of the data */
  double weight;      /* finite */
} segcore_score_term;

/* out[i] = bias + sum of weight * column value over the terms' numeric columns; a row with a
 * missing term is NaN, or the term adds nothing when missing_as_zero != 0. Errors: the
 * errors of the data; SEGCORE_EINVAL for terms NULL with n_terms > 0, a NULL or text column,
 * or a weight or bias that is not finite; SEGCORE_ERANGE when count < rows. Since: 0.1 */
SEGCORE_API int segcore_weighted_score(const segcore_rule_data* data, const segcore_score_term* terms, size_t n_terms,
                                       double bias, int32_t missing_as_zero, double* out, size_t count);

/* Weighted sums over normalised features: x' = (x - center) / scale per feature, fitted on
 * a table (z-score: mean and population standard deviation; min-max: min and max - min) or
 * given; score = bias + sum of weight * x'. docs/RULES.md, "Scores". Since: 0.1 */
typedef struct segcore_weighted_model segcore_weighted_model;

#define SEGCORE_NORMALIZE_NONE 0   /* center 0, scale 1. Since: 0.1 */
#define SEGCORE_NORMALIZE_ZSCORE 1 /* center mean, scale population standard deviation. Since: 0.1 */
#define SEGCORE_NORMALIZE_MINMAX 2 /* center min, scale max - min. Since: 0.1 */

/* One feature. center and scale are read by segcore_weighted_model_create and written by
 * segcore_weighted_model_get_feature (column then points into the model). Since: 0.1 */
typedef struct segcore_score_feature {
  const char* column;    /* a numeric column of the data */
  double weight;         /* finite */
  int32_t normalization; /* SEGCORE_NORMALIZE_* */
  int32_t reserved0;     /* must be 0 */
  double center;         /* subtracted from the value */
  double scale;          /* the difference is divided by it */
} segcore_score_feature;

/* Fits center and scale of each feature on data's present values, into a new model owned by
 * the caller (segcore_weighted_model_destroy); the features are copied. Errors:
 * SEGCORE_ENOTFOUND for an unknown column; SEGCORE_EINVAL for no features, a NULL or text
 * column, an unknown normalization, reserved0 != 0, an infinite value, a feature without
 * values or with zero variance (z-score, min-max), a non-finite weight or bias; the errors
 * of the data. Since: 0.1 */
SEGCORE_API int segcore_weighted_model_fit(segcore_weighted_model** out, const segcore_rule_data* data,
                                           const segcore_score_feature* features, size_t n_features, double bias);
/* A model from known center and scale per feature, owned by the caller. Errors:
 * SEGCORE_EINVAL for no features, a NULL or empty column name, an unknown normalization,
 * reserved0 != 0, a center that is not finite, a scale that is not finite and > 0, or a
 * non-finite weight or bias. Since: 0.1 */
SEGCORE_API int segcore_weighted_model_create(segcore_weighted_model** out, const segcore_score_feature* features,
                                              size_t n_features, double bias);
/* Frees a model; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_weighted_model_destroy(segcore_weighted_model* model);
/* The number of features into *out. Since: 0.1 */
SEGCORE_API int segcore_weighted_model_n_features(const segcore_weighted_model* model, size_t* out);
/* Feature j with its fitted center and scale into *out; out->column points into the model
 * and lives as long as it. Errors: SEGCORE_ERANGE when j >= n_features. Since: 0.1 */
SEGCORE_API int segcore_weighted_model_get_feature(const segcore_weighted_model* model, size_t j,
                                                   segcore_score_feature* out);
/* The bias into *out. Since: 0.1 */
SEGCORE_API int segcore_weighted_model_get_bias(const segcore_weighted_model* model, double* out);
/* out[i] = the score of row i of data. A row with a missing feature is NaN unless
 * missing_as_zero (the normalised term is then 0). The result does not depend on n_threads
 * (>= 1, or 0 for all cores). Errors: the errors of the data; SEGCORE_EINVAL for a text
 * column; SEGCORE_ERANGE when count < rows. Since: 0.1 */
SEGCORE_API int segcore_weighted_model_score(const segcore_weighted_model* model, const segcore_rule_data* data,
                                             int32_t missing_as_zero, int32_t n_threads, double* out, size_t count);
/* One profile: values[j] for feature j (NaN: missing) into *out. Errors: SEGCORE_EINVAL
 * when n_values is not n_features. Since: 0.1 */
SEGCORE_API int segcore_weighted_model_score_one(const segcore_weighted_model* model, const double* values,
                                                 size_t n_values, int32_t missing_as_zero, double* out);

/* Named score bands from strictly ascending edges: names[0] below edges[0], names[j] from
 * edges[j-1] to edges[j] (both inclusive), names[n_edges] above the last edge. Since: 0.1 */
typedef struct segcore_score_bands segcore_score_bands;

/* Makes bands from n_edges edges and n_edges + 1 names (both copied), owned by the caller
 * (segcore_score_bands_destroy). Errors: SEGCORE_EINVAL for no edges, edges that are not
 * finite and strictly ascending, or a NULL, empty or repeated name. Since: 0.1 */
SEGCORE_API int segcore_score_bands_create(segcore_score_bands** out, const double* edges, size_t n_edges,
                                           const char* const* names);
/* Frees bands; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_score_bands_destroy(segcore_score_bands* bands);
/* The number of bands (n_edges + 1) into *out. Since: 0.1 */
SEGCORE_API int segcore_score_bands_n_bands(const segcore_score_bands* bands, size_t* out);
/* The name of band k, snprintf style. Errors: SEGCORE_ERANGE when k >= n_bands; SEGCORE_EINVAL when buffer is NULL with
 * capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_score_bands_name(const segcore_score_bands* bands, size_t k, char* buffer, size_t capacity,
                                         size_t* length);
/* out[i] = the band of scores[i], -1 for NaN. Errors: SEGCORE_EINVAL when scores is NULL
 * with n > 0; SEGCORE_ERANGE when count < n. Since: 0.1 */
SEGCORE_API int segcore_score_bands_assign(const segcore_score_bands* bands, const double* scores, size_t n,
                                           int32_t* out, size_t count);

/* L2-penalised logistic regression, scikit-learn's objective: C * sum_i w_i * logloss_i +
 * 0.5 * ||coef||^2, intercept unpenalised; fitted by Newton's method. Since: 0.1 */
typedef struct segcore_logistic segcore_logistic;

/* Since: 0.1 */
typedef struct segcore_logistic_options {
  size_t struct_size;    /* sizeof(segcore_logistic_options) as the caller knows it */
  double C;              /* > 0; default 1 */
  int32_t fit_intercept; /* default 1 */
  int32_t max_iter;      /* Newton iterations; default 100 */
  double tol;            /* stop when max |gradient| <= tol * max(1, initial max |gradient|); default 1e-8 */
  int32_t n_threads;     /* >= 1, or 0 for all cores; results do not depend on it; default 1 */
  int32_t reserved0;     /* must be 0 */
} segcore_logistic_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_logistic_options_init(segcore_logistic_options* opts, size_t struct_size);
/* Makes an unfitted model owned by the caller (segcore_logistic_destroy); opts may be NULL
 * (defaults). Errors: SEGCORE_EINVAL for C not finite and > 0, max_iter < 1, tol < 0,
 * n_threads < 0 or reserved0 != 0; SEGCORE_EUNSUPPORTED for a newer struct whose unknown
 * fields are set. Since: 0.1 */
SEGCORE_API int segcore_logistic_create(segcore_logistic** out, const segcore_logistic_options* opts);
/* Frees a model; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_logistic_destroy(segcore_logistic* model);

/* Fits the model. X: rows x cols row-major; y: 0 or 1 per row; sample_weight may be NULL.
 * Errors: SEGCORE_EINVAL for an empty X, a value that is not finite, a label other than 0
 * or 1, a negative or non-finite weight, all weights 0, or one class only. Since: 0.1 */
SEGCORE_API int segcore_logistic_fit(segcore_logistic* model, const double* X, size_t rows, size_t cols,
                                     const double* y, const double* sample_weight);
/* P(y = 1) per row into out. Errors: SEGCORE_ENOTFITTED before fit; SEGCORE_EINVAL when
 * cols differs from the fit's; SEGCORE_ERANGE when count < rows. Since: 0.1 */
SEGCORE_API int segcore_logistic_predict_proba(const segcore_logistic* model, const double* X, size_t rows, size_t cols,
                                               double* out, size_t count);
/* X coef + intercept per row into out. Errors as segcore_logistic_predict_proba.
 * Since: 0.1 */
SEGCORE_API int segcore_logistic_decision_function(const segcore_logistic* model, const double* X, size_t rows,
                                                   size_t cols, double* out, size_t count);
/* The coefficients, one per feature, into out. Errors: SEGCORE_ENOTFITTED before fit;
 * SEGCORE_ERANGE when count < n_features. Since: 0.1 */
SEGCORE_API int segcore_logistic_get_coef(const segcore_logistic* model, double* out, size_t count);
/* The intercept (0 without fit_intercept) into *out. Errors: SEGCORE_ENOTFITTED before fit.
 * Since: 0.1 */
SEGCORE_API int segcore_logistic_get_intercept(const segcore_logistic* model, double* out);
/* The number of features of the fit into *out. Errors: SEGCORE_ENOTFITTED before fit.
 * Since: 0.1 */
SEGCORE_API int segcore_logistic_n_features(const segcore_logistic* model, size_t* out);
/* Newton iterations run, and *converged = 0 when max_iter ran out first (either pointer may
 * be NULL). Errors: SEGCORE_ENOTFITTED before fit. Since: 0.1 */
SEGCORE_API int segcore_logistic_get_n_iter(const segcore_logistic* model, int32_t* n_iter, int32_t* converged);

/* ---------------------------------------------------------------------------------------- */
/* Triggers: rules watched over successive profile snapshots.                               */
/* ---------------------------------------------------------------------------------------- */

/* Since: 0.1 */
typedef struct segcore_triggers segcore_triggers;

/* Called once per change: customer (valid during the call), trigger index, entered = 1 when
 * the rule became true, 0 when it stopped being true. Return nonzero to stop the update with
 * SEGCORE_ECANCELLED; the callback must not unwind (longjmp, C++ exception) through segcore.
 * Since: 0.1 */
typedef int (*segcore_trigger_fn)(void* payload, const char* customer, size_t trigger, int32_t entered);

/* n triggers named names[i] with rule texts rules[i], compiled against schema, into a new
 * set owned by the caller (segcore_triggers_destroy). Errors: SEGCORE_EINVAL for names or
 * rules NULL with n > 0, a NULL name or rule, or a rule's syntax or type error;
 * SEGCORE_ENOTFOUND for an unknown field; the errors of the data. Since: 0.1 */
SEGCORE_API int segcore_triggers_create(segcore_triggers** out, const char* const* names, const char* const* rules,
                                        size_t n, const segcore_rule_data* schema);
/* Frees a trigger set; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_triggers_destroy(segcore_triggers* triggers);

/* Evaluates every trigger over profiles (e.g. a segcore_profile_store_snapshot) and calls fn
 * for each customer whose outcome changed since the last update, in row order then trigger
 * order; a customer seen for the first time enters every rule true for it. Changes not
 * reported because fn stopped the call are reported by the next update. fn is called on the
 * calling thread. Errors: SEGCORE_ECANCELLED when fn returned nonzero; SEGCORE_EINVAL when
 * fn is NULL; SEGCORE_ENOTFITTED for a set without triggers; SEGCORE_ENOTFOUND when profiles
 * lack a column a rule reads. Since: 0.1 */
SEGCORE_API int segcore_triggers_update(segcore_triggers* triggers, const segcore_profiles* profiles, int32_t n_threads,
                                        segcore_trigger_fn fn, void* payload);

/* ---------------------------------------------------------------------------------------- */
/* Event triggers: conditions on each customer's recent events, checked as each event       */
/* arrives, that move the customer to a segment. Text format and semantics: docs/RULES.md.  */
/* A set changes with every event: use it from one thread at a time.                        */
/* ---------------------------------------------------------------------------------------- */

/* Since: 0.1 */
typedef struct segcore_event_triggers segcore_event_triggers;

/* One event of a stream. categories holds n_categories values in the order of the category
 * names the trigger set was made with (e.g. "type", "category"); a NULL entry is missing.
 * order may be NULL or "" (no order id). Since: 0.1 */
typedef struct segcore_stream_event {
  size_t struct_size;            /* sizeof(segcore_stream_event) */
  const char* customer;          /* the customer's id, not NULL */
  int64_t timestamp;             /* epoch seconds */
  double amount;                 /* money of the event (0 for none) */
  const char* order;             /* order id; NULL or "" for none */
  const char* const* categories; /* n_categories values, in the trigger set's category order */
  size_t n_categories;           /* must equal the trigger set's number of category names */
} segcore_stream_event;

/* A customer's move between segments and the event that caused it; valid during the call.
 * Since: 0.1 */
typedef struct segcore_segment_move {
  size_t struct_size;            /* sizeof the struct as this library fills it */
  const char* customer;          /* the customer's id */
  int32_t from;                  /* segment index; SEGCORE_SEGMENT_NONE: the customer had no segment yet */
  int32_t to;                    /* segment index */
  size_t trigger;                /* the first trigger, in order, whose condition held */
  uint64_t position;             /* the event's index among the events the set accepted, from 0 */
  int64_t timestamp;             /* the event's fields */
  double amount;                 /* (the event's fields) */
  const char* order;             /* "" when the event had none */
  const char* const* categories; /* n_categories values; NULL entries are missing */
  size_t n_categories;           /* as given to the trigger set */
} segcore_segment_move;

/* Called for each move. Return 0 to accept it; nonzero stops the reports with
 * SEGCORE_ECANCELLED and keeps this move and the later ones pending (the event is applied all
 * the same), to be reported first by the next add or flush. It must not unwind through segcore
 * nor call add or flush on the same set (SEGCORE_ENOTFITTED). Since: 0.1 */
typedef int (*segcore_segment_move_fn)(void* payload, const segcore_segment_move* move);

/* Reads the "trigger" lines of a rule-set text (other entries are skipped) into a new set
 * owned by the caller (segcore_event_triggers_destroy):
 *   `trigger <name> to <segment>: count(<filter>) <op> <n> within <n> <unit> [without (<filter>)]`
 * Filters are rules over the event's fields: amount, timestamp, order and the n_categories
 * names given here (text, copied). Errors: SEGCORE_EINVAL on a syntax or type error,
 * SEGCORE_ENOTFOUND on an unknown field, each with the text's line and column;
 * SEGCORE_EINVAL for categories NULL with n_categories > 0, a NULL name, or too many
 * names. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_parse(segcore_event_triggers** out, const char* text,
                                             const char* const* categories, size_t n_categories);
/* Frees a set; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_event_triggers_destroy(segcore_event_triggers* triggers);

/* The number of triggers into *out. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_n_triggers(const segcore_event_triggers* triggers, size_t* out);
/* The name of trigger k (text order), snprintf style. Errors: SEGCORE_ERANGE when
 * k >= n_triggers; SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_trigger_name(const segcore_event_triggers* triggers, size_t k, char* buffer,
                                                    size_t capacity, size_t* length);
/* The index of trigger k's target segment into *out. Errors: SEGCORE_ERANGE when
 * k >= n_triggers. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_trigger_segment(const segcore_event_triggers* triggers, size_t k, int32_t* out);
/* The number of distinct target segments (numbered in order of first use) into *out.
 * Since: 0.1 */
SEGCORE_API int segcore_event_triggers_n_segments(const segcore_event_triggers* triggers, size_t* out);
/* The name of segment s, snprintf style. Errors: SEGCORE_ERANGE when s >= n_segments;
 * SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_segment_name(const segcore_event_triggers* triggers, size_t s, char* buffer,
                                                    size_t capacity, size_t* length);
/* The number of category names the set's events carry, as given to
 * segcore_event_triggers_parse, into *out. Since: 0.2 */
SEGCORE_API int segcore_event_triggers_n_categories(const segcore_event_triggers* triggers, size_t* out);
/* Category name j, snprintf style. Errors: SEGCORE_ERANGE when j >= n_categories;
 * SEGCORE_EINVAL when buffer is NULL with capacity > 0. Since: 0.2 */
SEGCORE_API int segcore_event_triggers_category_name(const segcore_event_triggers* triggers, size_t j, char* buffer,
                                                     size_t capacity, size_t* length);

/* Applies one event and reports, in order, the pending moves and the move it caused. With a
 * store (may be NULL) the event's customer, timestamp, amount and order are applied to it too;
 * an event that the set or the store refuses changes neither. fn may be NULL: the move is then
 * kept pending for segcore_event_triggers_flush. fn runs on the calling thread. Errors:
 * SEGCORE_ECANCELLED when fn returned nonzero (the event is applied); SEGCORE_ENOTFITTED for a
 * set without triggers or a call from inside fn; SEGCORE_EINVAL for an event with a
 * struct_size below the first layout, an empty or NULL customer, a timestamp beyond +-2^60, a
 * non-finite amount or another number of categories than the set's; the store's errors
 * (segcore_profile_store_add). Since: 0.1 */
SEGCORE_API int segcore_event_triggers_add(segcore_event_triggers* triggers, const segcore_stream_event* event,
                                           segcore_profile_store* store, segcore_segment_move_fn fn, void* payload);
/* Reports the pending moves in order. Errors: SEGCORE_ECANCELLED as for add; SEGCORE_EINVAL
 * when fn is NULL; SEGCORE_ENOTFITTED when called from inside fn. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_flush(segcore_event_triggers* triggers, segcore_segment_move_fn fn,
                                             void* payload);
/* The customer's segment index, or SEGCORE_SEGMENT_NONE (unknown, or not moved yet), into
 * *out. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_customer_segment(const segcore_event_triggers* triggers, const char* customer,
                                                        int32_t* out);
/* Events accepted, those that arrived with a timestamp before their customer's latest,
 * customers seen and moves pending; any pointer may be NULL. Errors: only SEGCORE_EINVAL when
 * triggers is NULL. Since: 0.1 */
SEGCORE_API int segcore_event_triggers_counts(const segcore_event_triggers* triggers, uint64_t* events,
                                              uint64_t* late_events, uint64_t* customers, uint64_t* pending);

SEGCORE_END_DECLS

#endif /* SEGCORE_RULES_H */
