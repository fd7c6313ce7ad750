/*
 * segcore C ABI: customer lifetime value. The conventions of segcore.h apply.
 *
 * A customer's history is (frequency, recency, T): repeat purchase periods, the time of the
 * last purchase since the first, and the time from the first purchase to the end of the
 * calibration period, in one time unit (days, weeks). segcore_clv_summarize derives them from
 * transactions. One handle type holds a fitted BG/NBD, Pareto/NBD, MBG/NBD, BG/BB (purchase
 * models) or Gamma-Gamma (spend) model;
 * calls that do not apply to its kind fail with SEGCORE_EUNSUPPORTED. docs/CLV.md has the
 * formulas and the rules for bad rows.
 */
#ifndef SEGCORE_CLV_H
#define SEGCORE_CLV_H

#include "segcore.h"

SEGCORE_BEGIN_DECLS

/* ---- Summary data ---------------------------------------------------------------------- */

/* Options of segcore_clv_summarize(); fill with segcore_clv_summary_options_init() first.
 * Since: 0.1 */
typedef struct segcore_clv_summary_options {
  size_t struct_size;      /* sizeof(segcore_clv_summary_options) as the caller knows it */
  double period_days;      /* purchases of a customer in one period count once; default 1 (UTC days) */
  double time_unit_days;   /* unit of recency and T: 1 days, 7 weeks; default 1 */
  int64_t calibration_end; /* Unix seconds; later transactions are ignored (also later ones in
                              its period) and T runs to the start of its period; default
                              INT64_MAX: the last transaction */
  int64_t period_anchor;   /* a period start in Unix seconds; default 345600 (1970-01-05, a
                              Monday): UTC days, and Monday-to-Sunday weeks as pandas' "W".
                              Since: 0.1 */
} segcore_clv_summary_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_clv_summary_options_init(segcore_clv_summary_options* opts, size_t struct_size);

/* Per-customer summary of n transactions (customer id, Unix time in seconds, amount; amount
 * may be NULL, giving monetary 0). Rows come out in ascending customer id order: id,
 * frequency, recency, T and the mean amount of the repeat purchases (0 when there are none).
 * A negative amount is a cancellation or return: it cancels the customer's latest earlier
 * transaction of exactly that amount, or else is taken off the latest earlier ones (docs/CLV.md,
 * "Cancellations"; before 0.2 it was an error). *n_customers receives the number of rows; when
 * it exceeds capacity, nothing is written and SEGCORE_ERANGE is returned, so a first call with
 * capacity 0 asks for the size. Any output pointer may be NULL to skip that column. opts may
 * be NULL. Errors: SEGCORE_EINVAL for NaN or infinite amounts, an input array NULL with n > 0,
 * or invalid options; SEGCORE_ERANGE when the customers exceed capacity (*n_customers is
 * still set). Since: 0.1 */
SEGCORE_API int segcore_clv_summarize(const int64_t* customer_id, const int64_t* timestamp, const double* amount,
                                      size_t n, const segcore_clv_summary_options* opts, int64_t* out_customer_id,
                                      double* frequency, double* recency, double* T, double* monetary, size_t capacity,
                                      size_t* n_customers);

/* ---- Models ---------------------------------------------------------------------------- */

typedef struct segcore_clv_model segcore_clv_model; /* Since: 0.1 */

#define SEGCORE_CLV_BGNBD 0       /* BG/NBD; parameters r, alpha, a, b. Since: 0.1 */
#define SEGCORE_CLV_PARETO_NBD 1  /* Pareto/NBD; parameters r, alpha, s, beta. Since: 0.1 */
#define SEGCORE_CLV_GAMMA_GAMMA 2 /* Gamma-Gamma spend; parameters p, q, v. Since: 0.1 */
#define SEGCORE_CLV_MBGNBD                                         \
  3 /* MBG/NBD (BG/NBD in which a customer may also drop out right \
       after the first purchase); parameters r, alpha, a, b. Since: 0.2 */
#define SEGCORE_CLV_BGBB                                           \
  4 /* BG/BB, discrete time: histories are (frequency, recency, n) \
       in whole periods with frequency <= recency <= n, passed as  \
       (frequency, recency, T), and horizons are whole periods;    \
       parameters alpha, beta, gamma, delta. Since: 0.2 */

/* Why a fit stopped (segcore_clv_get_diagnostics). */
#define SEGCORE_CLV_STOP_CONVERGED 0      /* the gradient fell below gradient_tol. Since: 0.1 */
#define SEGCORE_CLV_STOP_MAX_ITERATIONS 1 /* max_iter Newton steps were not enough. Since: 0.1 */
#define SEGCORE_CLV_STOP_NO_PROGRESS 2    /* no step lowers the objective; gradient not small. Since: 0.1 */
#define SEGCORE_CLV_STOP_NOT_FINITE 3     /* the likelihood is not finite at the start. Since: 0.1 */
#define SEGCORE_CLV_STOP_DIVERGED 4       /* a parameter ran towards 0 or infinity. Since: 0.1 */
#define SEGCORE_CLV_STOP_TIME_LIMIT 5     /* max_seconds passed. Since: 0.1 */

/* Options of a CLV model (segcore_clv_create()); fill with segcore_clv_options_init() first.
 * Since: 0.1 */
typedef struct segcore_clv_options {
  size_t struct_size;   /* sizeof(segcore_clv_options) as the caller knows it */
  int32_t model;        /* SEGCORE_CLV_*; default SEGCORE_CLV_BGNBD */
  int32_t max_iter;     /* Newton steps; default 100 */
  double l2_penalty;    /* lifetimes' penalizer_coef: l2_penalty * sum(params^2) is added to the mean
                           -log-likelihood, alpha and beta measured in units of the largest T
                           (since 0.2; before, in the caller's time unit); default 0 */
  double gradient_tol;  /* on the gradient in log-parameters; default 1e-7 */
  int32_t n_threads;    /* for fits and predictions, >= 1, or 0 for one per core; default 1 */
  int32_t reserved0;    /* must be 0 */
  double max_seconds;   /* wall-clock limit of a fit, checked per Newton step; 0 (default): none.
                           Since: 0.1 */
  int32_t q_constraint; /* 1: a Gamma-Gamma fit keeps q > 1 so that the population mean spend
                           exists (lifetimes' q_constraint; data that want q <= 1 give a
                           degenerate fit at q near 1); 0 (default): q > 0. Only for
                           SEGCORE_CLV_GAMMA_GAMMA. Since: 0.2 */
  int32_t reserved1;    /* must be 0. Since: 0.2 */
} segcore_clv_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_clv_options_init(segcore_clv_options* opts, size_t struct_size);

/* Makes an unfitted model owned by the caller (segcore_clv_destroy); opts NULL for a BG/NBD
 * with defaults; *out is NULL on failure. Errors: SEGCORE_EINVAL for an unknown model,
 * max_iter < 1, l2_penalty negative or not finite, gradient_tol not finite and > 0,
 * max_seconds negative or not finite,
 * n_threads < 0, reserved0 or reserved1 != 0, q_constraint not 0 or 1, or q_constraint set for
 * a model other than Gamma-Gamma; SEGCORE_EUNSUPPORTED for a newer struct whose unknown
 * fields are set. Since: 0.1 */
SEGCORE_API int segcore_clv_create(segcore_clv_model** out, const segcore_clv_options* opts);

/* Frees a model; NULL is a no-op. Cannot fail. Since: 0.1 */
SEGCORE_API void segcore_clv_destroy(segcore_clv_model* model);

/* Fits BG/NBD or Pareto/NBD on n histories; weight is NULL or n counts >= 0. Fails with
 * SEGCORE_EINVAL naming the first bad row (T < recency, negative or fractional frequency,
 * recency 0 with frequency > 0, ...) or when no customer has a repeat purchase, and with
 * SEGCORE_ENOTFITTED when the fit does not converge (the message and
 * segcore_clv_get_diagnostics say why); the previous parameters are then kept; and with
 * SEGCORE_EUNSUPPORTED for a Gamma-Gamma model. A degenerate fit succeeds and says so
 * (segcore_clv_get_fit_warning). Since: 0.1 */
SEGCORE_API int segcore_clv_fit(segcore_clv_model* model, const double* frequency, const double* recency,
                                const double* T, const double* weight, size_t n);

/* Fits Gamma-Gamma on the customers with frequency > 0 (others are skipped); their monetary
 * values must be > 0. Errors: as segcore_clv_fit (SEGCORE_EINVAL for a bad row or no repeat
 * purchase, SEGCORE_ENOTFITTED when the fit does not converge), and SEGCORE_EUNSUPPORTED for
 * a BG/NBD or Pareto/NBD model. Since: 0.1 */
SEGCORE_API int segcore_clv_fit_spend(segcore_clv_model* model, const double* frequency, const double* monetary,
                                      const double* weight, size_t n);

/* Number of parameters of the model's kind (4, or 3 for Gamma-Gamma) into *out. Since: 0.1 */
SEGCORE_API int segcore_clv_get_n_params(const segcore_clv_model* model, size_t* out);

/* Uses these parameters (copied) instead of a fit. Errors: SEGCORE_EINVAL when count is not
 * n_params or a parameter is not finite and > 0. Since: 0.1 */
SEGCORE_API int segcore_clv_set_params(segcore_clv_model* model, const double* params, size_t count);

/* The fitted (or set) parameters into out. Errors: SEGCORE_ENOTFITTED before a fit or set_params;
 * SEGCORE_ERANGE when count < n_params. Since: 0.1 */
SEGCORE_API int segcore_clv_get_params(const segcore_clv_model* model, double* out, size_t count);
/* The parameters' standard errors into out: NaN after set_params, or when the Hessian is not
 * positive definite. Errors as segcore_clv_get_params. Since: 0.1 */
SEGCORE_API int segcore_clv_get_standard_errors(const segcore_clv_model* model, double* out, size_t count);

/* The covariance matrix of the parameters, n_params x n_params row-major into out (the inverse
 * Hessian of the penalised negative log-likelihood at the optimum, whose diagonal gives
 * segcore_clv_get_standard_errors): NaN after set_params, or when the Hessian is not positive
 * definite. Errors: SEGCORE_ENOTFITTED before a fit or set_params; SEGCORE_ERANGE when
 * count < n_params * n_params. Since: 0.2 */
SEGCORE_API int segcore_clv_get_covariance(const segcore_clv_model* model, double* out, size_t count);

/* The last fit's outcome, also after a failed fit: stop reason (SEGCORE_CLV_STOP_*), Newton
 * steps, gradient norm, log-likelihood of the fitted rows and the number of distinct rows
 * the likelihood summed. Any pointer may be NULL. Errors: only SEGCORE_EINVAL when model is
 * NULL. Since: 0.1 */
SEGCORE_API int segcore_clv_get_diagnostics(const segcore_clv_model* model, int32_t* stop, int64_t* iterations,
                                            double* gradient_norm, double* log_likelihood, size_t* n_distinct_rows);

/* The last fit's outcome in words ("converged: ...", or why it stopped, with notes such as a
 * parameter near the boundary), snprintf style: at most size - 1 bytes and a NUL go to buf
 * (buf may be NULL when size is 0), and *length (if not NULL) receives the full length.
 * Errors: SEGCORE_EINVAL when buf is NULL with size > 0. Since: 0.1 */
SEGCORE_API int segcore_clv_get_fit_message(const segcore_clv_model* model, char* buf, size_t size, size_t* length);

#define SEGCORE_CLV_FIT_SOUND 0 /* the data identify the model. Since: 0.1 */
#define SEGCORE_CLV_FIT_DEGENERATE                                 \
  1 /* a parameter ran to the edge of its range, or the likelihood \
       is flat: some outputs are not meaningful. Since: 0.1 */

/* Whether the last successful fit is degenerate (SEGCORE_CLV_FIT_* into *quality, when not
 * NULL) and, if so, why in words for an analyst ("the data show almost no customer dropping
 * out, so the model cannot estimate churn; P(alive) is not meaningful ..."), snprintf style
 * as segcore_clv_get_fit_message; the text is empty for a sound fit. A degenerate fit succeeds
 * (its parameters are the limit the data point to); fits stop early once a parameter runs off
 * (docs/CLV.md, "Degenerate fits"). Errors: SEGCORE_EINVAL when model is NULL, or buf is NULL
 * with size > 0. Since: 0.1 */
SEGCORE_API int segcore_clv_get_fit_warning(const segcore_clv_model* model, int32_t* quality, char* buf, size_t size,
                                            size_t* length);

/* E[X(t)] for a new customer at each of n times t (BG/NBD, Pareto/NBD) into out; NaN for a
 * value that cannot be computed (docs/CLV.md, "Values that cannot be computed"). Errors:
 * SEGCORE_EUNSUPPORTED for a Gamma-Gamma model; SEGCORE_ENOTFITTED before a fit or set_params; SEGCORE_EINVAL
 * for a t that is negative or not finite; SEGCORE_ERANGE when count < n. Since: 0.1 */
SEGCORE_API int segcore_clv_expected_purchases(const segcore_clv_model* model, const double* t, size_t n, double* out,
                                               size_t count);

/* E[Y(t) | frequency, recency, T]: expected purchases in the next t time units, per
 * customer into out. Finite for every valid history; a customer whose value cannot be computed
 * gets NaN and the call still returns SEGCORE_OK (docs/CLV.md, "Values that cannot be
 * computed"). Errors: SEGCORE_EUNSUPPORTED for a Gamma-Gamma model; SEGCORE_ENOTFITTED before a fit or set_params;
 * SEGCORE_EINVAL for a bad t or a bad history row (as segcore_clv_fit);
 * SEGCORE_ERANGE when count < n. Since: 0.1 */
SEGCORE_API int segcore_clv_conditional_expected_purchases(const segcore_clv_model* model, double t,
                                                           const double* frequency, const double* recency,
                                                           const double* T, size_t n, double* out, size_t count);

/* P(alive | frequency, recency, T) per customer into out; NaN for a customer whose value cannot
 * be computed, as segcore_clv_conditional_expected_purchases. Errors as
 * segcore_clv_conditional_expected_purchases. Since: 0.1 */
SEGCORE_API int segcore_clv_probability_alive(const segcore_clv_model* model, const double* frequency,
                                              const double* recency, const double* T, size_t n, double* out,
                                              size_t count);

/* Gamma-Gamma: expected mean spend per transaction of each customer into out; NaN (and
 * SEGCORE_OK) for a customer whose mean does not exist (p x + q - 1 <= 0). Errors:
 * SEGCORE_EUNSUPPORTED for a BG/NBD or Pareto/NBD model; SEGCORE_ENOTFITTED before a fit or set_params;
 * SEGCORE_EINVAL for a bad row (as segcore_clv_fit_spend); SEGCORE_ERANGE when count < n.
 * Since: 0.1 */
SEGCORE_API int segcore_clv_conditional_expected_spend(const segcore_clv_model* model, const double* frequency,
                                                       const double* monetary, size_t n, double* out, size_t count);

/* Options of segcore_clv_lifetime_value(); fill with segcore_clv_value_options_init()
 * first. Since: 0.1 */
typedef struct segcore_clv_value_options {
  size_t struct_size;   /* sizeof(segcore_clv_value_options) as the caller knows it */
  double horizon;       /* in the models' time unit; default 52 */
  double discount_rate; /* per step; default 0 */
  int32_t steps;        /* the horizon is cut into this many steps; default 12 */
  int32_t reserved0;    /* must be 0 */
} segcore_clv_value_options;

/* Fills *opts with defaults and sets opts->struct_size. Errors: SEGCORE_EINVAL when opts is
 * NULL or struct_size is below the first layout's size. Since: 0.1 */
SEGCORE_API int segcore_clv_value_options_init(segcore_clv_value_options* opts, size_t struct_size);

/* CLV of each customer: sum over steps k of E[spend] (E[Y(k h)] - E[Y((k-1) h)]) /
 * (1 + discount_rate)^k, h = horizon / steps; NaN (and SEGCORE_OK) for a customer whose spend
 * or purchases cannot be computed. purchases is a fitted BG/NBD or Pareto/NBD,
 * spend a fitted Gamma-Gamma. Runs on the purchase model's n_threads. opts may be NULL.
 * Errors: SEGCORE_EUNSUPPORTED when a model is of the other kind; SEGCORE_ENOTFITTED when
 * one is not fitted; SEGCORE_EINVAL for a bad row, invalid options (horizon, steps, discount
 * rate); SEGCORE_ERANGE when count < n. Since: 0.1 */
SEGCORE_API int segcore_clv_lifetime_value(const segcore_clv_model* purchases, const segcore_clv_model* spend,
                                           const double* frequency, const double* recency, const double* T,
                                           const double* monetary, size_t n, const segcore_clv_value_options* opts,
                                           double* out, size_t count);

/* P(X(t) = n[i]) into out[i] for a BG/NBD model: the probability that a customer first seen at
 * time 0 makes exactly n[i] repeat purchases in (0, t] (lifetimes'
 * probability_of_n_purchases_up_to_time; docs/CLV.md); also for a Pareto/NBD model (since 0.2).
 * For a BG/BB model (since 0.2), t is a
 * whole number of periods (at most 10^6) and out[i] the probability of exactly n[i] purchases
 * in the first t opportunities (0 for n[i] > t). Errors: SEGCORE_EUNSUPPORTED for an MBG/NBD
 * or Gamma-Gamma model; SEGCORE_ENOTFITTED before a fit or set_params;
 * SEGCORE_EINVAL for a NULL model (or n, out with count_n > 0), t not finite and >= 0, or an
 * n[i] that is not a whole number >= 0; SEGCORE_ERANGE when count < count_n or a value cannot
 * be computed (named by its index). Since: 0.1 */
SEGCORE_API int segcore_clv_probability_of_n_purchases(const segcore_clv_model* model, double t, const double* n,
                                                       size_t count_n, double* out, size_t count);

/* BG/BB: P(alive in period n + m | frequency, recency, n) per customer into out (lifetimes'
 * conditional_probability_alive with m_periods_in_future = m; m = 0 is
 * segcore_clv_probability_alive). Errors: SEGCORE_EUNSUPPORTED for a model that is not BG/BB;
 * SEGCORE_ENOTFITTED before a fit or set_params; SEGCORE_EINVAL for m not a whole number
 * >= 0 or a bad history row; SEGCORE_ERANGE when count < n. Since: 0.2 */
SEGCORE_API int segcore_clv_probability_alive_after(const segcore_clv_model* model, double m, const double* frequency,
                                                    const double* recency, const double* n_periods, size_t n,
                                                    double* out, size_t count);

/* Pareto/NBD: P(Y(t) = n[i] | frequency[i], recency[i], T[i]) into out[i], the probability
 * that customer i makes exactly n[i] purchases in (T[i], T[i] + t] (lifetimes'
 * conditional_probability_of_n_purchases_up_to_time): P(alive) times the count distribution
 * of Pareto/NBD(r + x, alpha + T, s, beta + T), plus 1 - P(alive) for n[i] = 0 (docs/CLV.md).
 * Finite for every valid history; NaN (and SEGCORE_OK) for a value that cannot be computed,
 * as segcore_clv_conditional_expected_purchases. Runs on the model's n_threads. Errors:
 * SEGCORE_EUNSUPPORTED for a model that is not Pareto/NBD; SEGCORE_ENOTFITTED before a fit or
 * set_params; SEGCORE_EINVAL for a NULL model (or array with count_n > 0), t not finite and
 * >= 0, an n[i] that is not a whole number >= 0, or a bad history row (as segcore_clv_fit);
 * SEGCORE_ERANGE when count < count_n. Since: 0.2 */
SEGCORE_API int segcore_clv_conditional_probability_of_n_purchases(const segcore_clv_model* model, double t,
                                                                   const double* n, const double* frequency,
                                                                   const double* recency, const double* T,
                                                                   size_t count_n, double* out, size_t count);

/* ---- CLV history counts: fits on customers that no process holds whole ----
 *
 * Each process counts the distinct history tuples of its customers with their summed weights:
 * (frequency, recency, T) for the purchase models, (frequency, monetary) of the customers with
 * frequency != 0 for Gamma-Gamma. The tables travel as bytes, merge in any order into one
 * sorted table (weights summed exactly: every split gives the same bits), and
 * segcore_clv_fit_history_counts fits a model on it with the counts as weights: the same
 * likelihood as the fit on every customer. Byte layout: docs/MODEL_FILES.md, "CLV history
 * counts". */

typedef struct segcore_clv_history_counts segcore_clv_history_counts; /* Since: 0.2 */

#define SEGCORE_CLV_COUNTS_PURCHASES 0 /* tuples (frequency, recency, T). Since: 0.2 */
#define SEGCORE_CLV_COUNTS_SPEND 1     /* tuples (frequency, monetary), frequency != 0. Since: 0.2 */

/* An empty table of kind SEGCORE_CLV_COUNTS_PURCHASES or _SPEND. Errors: SEGCORE_EINVAL for a
 * NULL pointer or an unknown kind. Since: 0.2 */
SEGCORE_API int segcore_clv_history_counts_create(segcore_clv_history_counts** out, int32_t kind);

/* Frees a table; NULL is a no-op. Cannot fail. Since: 0.2 */
SEGCORE_API void segcore_clv_history_counts_destroy(segcore_clv_history_counts* counts);

/* Adds a block of customers: rows (n_rows x n_columns, row-major; 3 columns for purchases, 2
 * for spend, in the order above) and weight (NULL: 1 each; else n_rows finite values >= 0);
 * the block's first row is row first_row of the whole data (for messages). Spend tables skip
 * rows whose frequency is 0; -0.0 counts as 0.0. Errors: SEGCORE_EINVAL for a NULL pointer,
 * another column count, a value that is not finite or a bad weight (naming the column and
 * row); nothing is added then. Since: 0.2 */
SEGCORE_API int segcore_clv_history_counts_accumulate(segcore_clv_history_counts* counts, const double* rows,
                                                      size_t n_rows, size_t n_columns, const double* weight,
                                                      uint64_t first_row);

/* Adds other's tuples and weights to counts'. Errors: SEGCORE_EINVAL for a NULL pointer or
 * tables of different kinds. Since: 0.2 */
SEGCORE_API int segcore_clv_history_counts_merge(segcore_clv_history_counts* counts,
                                                 const segcore_clv_history_counts* other);

/* The distinct tuples (n_tuples) and their width (n_columns: 3 or 2); any out pointer may be
 * NULL. Errors: SEGCORE_EINVAL for a NULL table. Since: 0.2 */
SEGCORE_API int segcore_clv_history_counts_get_shape(const segcore_clv_history_counts* counts, size_t* n_tuples,
                                                     size_t* n_columns);

/* The tuples, ascending, n_tuples x n_columns row-major into out. Errors: SEGCORE_EINVAL for a
 * NULL pointer; SEGCORE_ERANGE when count is too small. Since: 0.2 */
SEGCORE_API int segcore_clv_history_counts_get_tuples(const segcore_clv_history_counts* counts, double* out,
                                                      size_t count);

/* Each tuple's summed weight, rounded once (n_tuples values). Errors as
 * segcore_clv_history_counts_get_tuples. Since: 0.2 */
SEGCORE_API int segcore_clv_history_counts_get_weights(const segcore_clv_history_counts* counts, double* out,
                                                       size_t count);

/* The table's byte form: *size receives its length; with buffer NULL and capacity 0 only the
 * size is given. Errors: SEGCORE_EINVAL for a NULL table or size; SEGCORE_ERANGE when capacity
 * is below the size. Since: 0.2 */
SEGCORE_API int segcore_clv_history_counts_to_bytes(const segcore_clv_history_counts* counts, void* buffer,
                                                    size_t capacity, size_t* size);

/* A table from bytes made by segcore_clv_history_counts_to_bytes. Errors: SEGCORE_EINVAL for a
 * NULL pointer; SEGCORE_ECORRUPT for truncated, corrupt or inconsistent bytes, the message
 * naming the field or offset. Since: 0.2 */
SEGCORE_API int segcore_clv_history_counts_from_bytes(segcore_clv_history_counts** out, const void* data, size_t size);

/* Fits model on a merged table, its tuples weighted by their counts: a purchase model on a
 * purchases table, Gamma-Gamma on a spend table, with the model's fit options. Errors: those of
 * segcore_clv_fit / segcore_clv_fit_spend; SEGCORE_EUNSUPPORTED for a model that does not take
 * the table's kind (a purchases table and Gamma-Gamma, or the reverse). Since: 0.2 */
SEGCORE_API int segcore_clv_fit_history_counts(segcore_clv_model* model, const segcore_clv_history_counts* counts);

SEGCORE_END_DECLS

#endif /* SEGCORE_CLV_H */
