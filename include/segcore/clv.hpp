// Customer lifetime value: summary data from transactions, the BG/NBD and Pareto/NBD models of
// repeat purchasing, the Gamma-Gamma model of spend, and CLV over a horizon. docs/CLV.md has
// the formulas and the rules.
//
// A customer's history is (frequency x, recency t_x, age T): x repeat purchase periods, the
// last at t_x, the customer first seen T time units before the end of the calibration period.
// Fits maximise the likelihood over log-parameters with Newton's method; identical histories
// are grouped with weights, so the cost of an iteration grows with the distinct histories.
// Results do not depend on the thread count.
// Since: 0.1, every declaration in this header.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

struct EventTable;  // io.hpp

// ---- Summary data ---------------------------------------------------------------------------

// 1970-01-05T00:00Z, a Monday: the default start of the summary's periods. Since: 0.1
inline constexpr std::int64_t kClvMondayAnchor = 4 * 86400;

// How transactions are summarised per customer (summarize_transactions, summarize_events).
struct ClvSummaryOptions {
  // Purchases of one customer in the same period count once (their amounts are added). Periods
  // are counted from the Unix epoch in UTC: 1 means calendar days.
  double period_days = 1.0;
  // Unit of recency and T: 1 for days, 7 for weeks. Times are period starts, converted.
  double time_unit_days = 1.0;
  // Transactions after this time (Unix seconds) are left out, also later ones in its period,
  // and T runs to the start of its period (lifetimes' calibration_period_end). The default is
  // the last transaction. Customers first seen after it are left out.
  std::int64_t calibration_end = std::numeric_limits<std::int64_t>::max();
  // A period start (Unix seconds): periods are [anchor + k period, anchor + (k + 1) period).
  // The default, 1970-01-05 00:00 UTC, a Monday, gives UTC calendar days for period_days = 1
  // and Monday-to-Sunday weeks for period_days = 7, as pandas' "W" periods (lifetimes' freq="W").
  // Since: 0.1
  std::int64_t period_anchor = kClvMondayAnchor;
};

// InvalidArgument unless period_days and time_unit_days are finite and > 0.
Status validate(const ClvSummaryOptions& options);

// One row per customer, in ascending id order.
struct ClvSummary {
  std::vector<std::int64_t> customer_id;                   // the customer's id (summarize_events: its code)
  std::vector<double> frequency;                           // repeat purchases (periods after the first with a purchase)
  std::vector<double> recency;                             // time of the last purchase since the first; 0 if none
  std::vector<double> T;                                   // time from the first purchase to the calibration end
  std::vector<double> monetary;                            // mean amount of the repeat purchases; 0 if none
  std::size_t size() const { return customer_id.size(); }  // the number of customers
};

// Transactions as three parallel arrays: customer id, Unix time in seconds, amount (amount may
// be empty: monetary is then 0, and every transaction is a purchase). Amounts must be finite; a
// negative amount is a cancellation or return, netted against the customer's earlier
// purchases as clv_purchases does (each transaction its own order).
StatusOr<ClvSummary> summarize_transactions(std::span<const std::int64_t> customer_id,
                                            std::span<const std::int64_t> timestamp, std::span<const double> amount,
                                            const ClvSummaryOptions& options = {});

// Purchases after cancellations, the CLV input rule (docs/CLV.md, "Cancellations"). Since: 0.1
// - the lines of one order (same order id, or each line its own order when order is empty) are
//   added; an order's time is its first line's;
// - an order whose total is negative is a credit (a cancellation or return). It cancels the
//   same customer's latest earlier order with exactly that total; without one, it is taken off
//   the customer's earlier orders, latest first, until used up (what is left over refers to
//   purchases before the data and is dropped);
// - an order that had negative lines or credits and ends with a total <= 0 is not a purchase;
//   orders without any negative amount (also amount 0: events without money) are purchases;
// - transactions after calibration_end are left out before netting (no look-ahead).
// Returns one row per purchase, grouped by customer in ascending id order, in time order.
struct ClvPurchases {
  std::vector<std::int64_t> customer_id;  // the purchase's customer
  std::vector<std::int64_t> timestamp;    // its order's time (the first line's)
  std::vector<double> amount;             // what is left of its total after credits
  std::size_t cancelled_orders = 0;       // orders removed by their credits
  std::size_t credits = 0;                // orders with a negative total
};
// The purchases among these transactions, by the rule above. Since: 0.1
StatusOr<ClvPurchases> clv_purchases(std::span<const std::int64_t> customer_id, std::span<const std::int64_t> timestamp,
                                     std::span<const double> amount, std::span<const std::int64_t> order = {},
                                     std::int64_t calibration_end = std::numeric_limits<std::int64_t>::max());

// The same from ingested events (io.hpp: read_csv, events_from_arrays), with the events'
// order ids when they have them. customer_id then holds each customer's code, an index into
// events.customer.values (their text ids).
StatusOr<ClvSummary> summarize_events(const EventTable& events, const ClvSummaryOptions& options = {});

// ---- Models ---------------------------------------------------------------------------------

// The histories a purchase model is fitted on or predicts for: equal-length arrays; weight is
// empty (all 1) or one finite weight >= 0 per row (a count of identical customers).
// Rules, checked per row: finite values; x a whole number >= 0; 0 <= t_x <= T; t_x = 0 when
// x = 0 and t_x > 0 when x > 0. T = 0 (a customer first seen at the calibration end) is valid
// and carries no information.
struct ClvHistories {
  std::span<const double> frequency;    // x: repeat purchases
  std::span<const double> recency;      // t_x: time of the last purchase since the first
  std::span<const double> T;            // time from the first purchase to the calibration end
  std::span<const double> weight = {};  // empty, or one weight per row
};

// How a CLV model is fitted (Newton steps on the log-parameters).
struct ClvFitOptions {
  // lifetimes' penalizer_coef: adds l2_penalty * (sum of squared parameters) to the mean
  // negative log-likelihood, with the purchase models' alpha and beta measured in units of the
  // oldest customer's T (lifetimes fits in that time scale), so the penalty does not depend on
  // the time unit. Gamma-Gamma's parameters are taken as they are.
  double l2_penalty = 0.0;
  int max_iter = 100;  // Newton steps, >= 1; each step evaluates the likelihood at most 42 times
  // Converged when every derivative of the objective (mean negative log-likelihood, plus the
  // penalty) with respect to a log-parameter is below this in absolute value.
  double gradient_tol = 1e-7;
  int n_threads = 1;  // >= 1, or 0 for one per hardware thread
  // Wall-clock limit of the fit in seconds (checked once per Newton step); 0: none. A fit that
  // reaches it stops with ClvFitStop::time_limit and fails. The default is off so that results
  // do not depend on the machine's speed; max_iter and the runaway bound (docs/CLV.md) already
  // bound the work. Since: 0.1
  double max_seconds = 0.0;
  // Gamma-Gamma only (the purchase models ignore it): keep q > 1, lifetimes' q_constraint, so
  // that the population mean spend p v / (q - 1) exists. The fit then works on log(q - 1); data
  // that want q <= 1 drive q to 1 and the fit is reported degenerate (the mean spend of the
  // population is unbounded). Since: 0.2
  bool q_constraint = false;
};

// InvalidArgument unless l2_penalty is finite and >= 0, max_iter >= 1, gradient_tol is finite
// and > 0, n_threads >= 0 and max_seconds is finite and >= 0.
Status validate(const ClvFitOptions& options);

// Why a fit stopped.
enum class ClvFitStop : int {
  converged = 0,       // the gradient is below gradient_tol
  max_iterations = 1,  // max_iter Newton steps did not get there
  no_progress = 2,     // no step lowers the objective, yet the gradient is not small
  not_finite = 3,      // the likelihood is not finite at the start
  diverged = 4,        // a parameter ran towards 0 or infinity: the data do not identify it
  time_limit = 5,      // max_seconds passed. Since: 0.1
};

// How a fit went: filled by every fit, also a failing one.
struct ClvFitDiagnostics {
  ClvFitStop stop = ClvFitStop::max_iterations;  // why it stopped
  int iterations = 0;                            // Newton steps taken
  int evaluations = 0;                           // objective evaluations
  double gradient_norm = 0;                      // max |d objective / d log parameter| at the last point
  double objective = 0;                          // mean negative log-likelihood plus penalty at the last point
  std::string message;                           // why the fit stopped, in words
  // The fit ended, but the data do not identify the model: a parameter ran to the edge of its
  // range (towards 0 or infinity), or the likelihood is flat around the optimum (standard
  // errors NaN or many times the value). The parameters are the limit the data point to and
  // predictions are finite, but some of them mean nothing; `warning` says which. Since: 0.1
  bool degenerate = false;
  // For an analyst: what the data do not show and which outputs not to trust; empty unless
  // degenerate. Since: 0.1
  std::string warning;
  bool converged() const { return stop == ClvFitStop::converged; }  // stop is converged
};

// What every model shares: parameters, their standard errors and the fit's diagnostics.
class ClvModel {
 public:
  virtual ~ClvModel() = default;
  // The parameters' names, in the order of params(); static strings.
  virtual std::span<const char* const> param_names() const = 0;

  bool fitted() const { return !params_.empty(); }  // a fit or set_params succeeded
  // In param_names() order.
  std::span<const double> params() const { return params_; }
  // From the inverse Hessian of the penalised negative log-likelihood at the optimum; empty
  // after set_params.
  std::span<const double> standard_errors() const { return standard_errors_; }
  // The covariance of the parameters (the inverse of that Hessian), k x k row-major in
  // param_names() order; its diagonal is the squared standard errors. NaN when the Hessian is
  // not positive definite; empty after set_params. Since: 0.2
  std::span<const double> covariance() const { return covariance_; }
  double log_likelihood() const { return log_likelihood_; }              // of the fitted rows, weighted
  const ClvFitDiagnostics& diagnostics() const { return diagnostics_; }  // of the last fit
  std::size_t n_distinct_rows() const { return n_distinct_; }            // rows the likelihood summed
  // Uses these parameters (all finite and > 0) for predictions, as a fit would.
  Status set_params(std::span<const double> params);

 protected:
  std::vector<double> params_;           // for derived models: params()
  std::vector<double> standard_errors_;  // standard_errors()
  std::vector<double> covariance_;       // covariance(). Since: 0.2
  double log_likelihood_ = 0;            // log_likelihood()
  ClvFitDiagnostics diagnostics_;        // diagnostics()
  std::size_t n_distinct_ = 0;           // n_distinct_rows()
};

// Predictions of a model of repeat purchases (BG/NBD, Pareto/NBD). Every prediction is finite
// for every valid row; a row whose value cannot be computed (a series past its term limit) gets
// NaN and the call still succeeds (docs/CLV.md, "Values that cannot be computed").
class PurchaseModel : public ClvModel {
 public:
  // Fails, keeping the previous parameters, on bad rows, on data without any repeat purchase,
  // and when the fit does not converge; diagnostics() then says why. A degenerate fit (a
  // parameter running off to 0 or infinity, a flat likelihood) succeeds, stopping where the
  // runaway is clear, with diagnostics().degenerate set and its warning.
  virtual Status fit(const ClvHistories& data, const ClvFitOptions& options = {}) = 0;
  // E[X(t)]: expected purchases in (0, t] of a customer first seen at time 0.
  virtual Status expected_purchases(std::span<const double> t, std::span<double> out) const = 0;
  // E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] of each customer.
  virtual Status conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                                int n_threads = 1) const = 0;
  // P(alive | x, t_x, T) at T.
  virtual Status probability_alive(const ClvHistories& data, std::span<double> out, int n_threads = 1) const = 0;
};

// BG/NBD (Fader, Hardie and Lee 2005). Parameters r, alpha, a, b.
class BetaGeoModel final : public PurchaseModel {
 public:
  std::span<const char* const> param_names() const override;  // "r", "alpha", "a", "b"
  Status fit(const ClvHistories& data, const ClvFitOptions& options = {}) override;
  Status expected_purchases(std::span<const double> t, std::span<double> out) const override;
  Status conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                        int n_threads = 1) const override;
  Status probability_alive(const ClvHistories& data, std::span<double> out, int n_threads = 1) const override;
};

// Pareto/NBD (Schmittlein, Morrison and Colombo 1987). Parameters r, alpha, s, beta.
class ParetoNbdModel final : public PurchaseModel {
 public:
  std::span<const char* const> param_names() const override;  // "r", "alpha", "s", "beta"
  Status fit(const ClvHistories& data, const ClvFitOptions& options = {}) override;
  Status expected_purchases(std::span<const double> t, std::span<double> out) const override;
  Status conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                        int n_threads = 1) const override;
  Status probability_alive(const ClvHistories& data, std::span<double> out, int n_threads = 1) const override;
};

// MBG/NBD (Batislam, Denizel and Filiztekin 2007; lifetimes' ModifiedBetaGeoFitter): BG/NBD
// in which a customer may also drop out right after the first purchase, so that a customer
// without repeat purchases is not certain to be alive. Parameters r, alpha, a, b. Since: 0.2
class ModifiedBetaGeoModel final : public PurchaseModel {
 public:
  std::span<const char* const> param_names() const override;  // "r", "alpha", "a", "b"
  Status fit(const ClvHistories& data, const ClvFitOptions& options = {}) override;
  Status expected_purchases(std::span<const double> t, std::span<double> out) const override;
  Status conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                        int n_threads = 1) const override;
  Status probability_alive(const ClvHistories& data, std::span<double> out, int n_threads = 1) const override;
};

// BG/BB (Fader, Hardie and Shang 2010; lifetimes' BetaGeoBetaBinomFitter): discrete time, one
// purchase opportunity per period (a yearly donation, a campaign). Parameters alpha, beta (the
// purchase probability ~ Beta(alpha, beta)), gamma, delta (the dropout probability per period
// ~ Beta(gamma, delta)). A history is (x, t_x, n) in ClvHistories' (frequency, recency, T):
// x purchases in the n periods after the first, the last in period t_x; whole numbers with
// 0 <= x <= t_x <= n, and t_x = 0 exactly when x = 0. Horizons t are whole numbers of periods.
// A likelihood evaluation costs n - t_x terms per distinct history. Since: 0.2
class BetaGeoBetaBinomModel final : public PurchaseModel {
 public:
  std::span<const char* const> param_names() const override;  // "alpha", "beta", "gamma", "delta"
  Status fit(const ClvHistories& data, const ClvFitOptions& options = {}) override;
  // E[X(t)]: expected purchases in the first t periods of a new customer.
  Status expected_purchases(std::span<const double> t, std::span<double> out) const override;
  // Expected purchases in periods n + 1 .. n + t.
  Status conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                        int n_threads = 1) const override;
  // P(alive in period n): probability_alive_after with m = 0.
  Status probability_alive(const ClvHistories& data, std::span<double> out, int n_threads = 1) const override;
  // P(alive in period n + m | x, t_x, n) (lifetimes' conditional_probability_alive with
  // m_periods_in_future = m); m a whole number >= 0.
  Status probability_alive_after(double m, const ClvHistories& data, std::span<double> out, int n_threads = 1) const;
};

// Gamma-Gamma model of the mean spend per transaction (Fader, Hardie and Lee 2005, "RFM and
// CLV"). Parameters p, q, v. Fitted on customers with frequency > 0 (the others are skipped);
// their monetary values must be > 0.
class GammaGammaModel final : public ClvModel {
 public:
  std::span<const char* const> param_names() const override;  // "p", "q", "v"
  // Fits on the rows with frequency > 0 and weight > 0. InvalidArgument for bad options, arrays
  // of different lengths, a bad row or weight, or no such row; FailedPrecondition when the fit
  // does not converge (diagnostics() says why). A failing fit keeps the previous parameters.
  Status fit(std::span<const double> frequency, std::span<const double> monetary, std::span<const double> weight = {},
             const ClvFitOptions& options = {});
  // E[M | x, m]: the expected mean spend of each customer (m = 0 is allowed here); the
  // population mean p v / (q - 1) for x = 0. NaN for a customer where the mean does not exist
  // (p x + q - 1 <= 0, e.g. x = 0 with q <= 1); the call still succeeds.
  Status conditional_expected_spend(std::span<const double> frequency, std::span<const double> monetary,
                                    std::span<double> out) const;
};

// How customer_lifetime_value sums the expected spend over the horizon.
struct ClvValueOptions {
  double horizon = 52;       // in the models' time unit
  int steps = 12;            // the horizon is cut into this many equal steps
  double discount_rate = 0;  // per step: the k-th step's value is divided by (1 + rate)^k
  int n_threads = 1;         // >= 1, or 0 for one per hardware thread
};

// CLV of each customer: sum over steps k of E[spend] * (E[Y(k h)] - E[Y((k-1) h)]) / (1 + d)^k,
// h = horizon / steps, with E[Y] from `purchases` and E[spend] from `spend`. NaN for a customer
// whose expected spend or purchases could not be computed; the others are unaffected.
Status customer_lifetime_value(const PurchaseModel& purchases, const GammaGammaModel& spend, const ClvHistories& data,
                               std::span<const double> monetary, const ClvValueOptions& options, std::span<double> out);

// ---- The whole job, for programs (the CLI's `clv` command) ------------------------------------

// The purchase model clv_scores fits: BG/NBD or Pareto/NBD.
enum class ClvPurchaseModelKind : int { bgnbd = 0, pareto_nbd = 1 };

// What clv_scores does: the summary, the models, the horizon.
struct ClvScoreOptions {
  ClvSummaryOptions summary;                                 // how transactions are summarised
  ClvPurchaseModelKind model = ClvPurchaseModelKind::bgnbd;  // the purchase model
  ClvFitOptions fit;                                         // for both fits
  double prediction_horizon = 52;                            // E[Y(t)] is reported for this t (model time unit)
  bool spend = true;                                         // fit Gamma-Gamma and compute CLV (needs amounts)
  ClvValueOptions value;                                     // horizon, steps, discount rate; n_threads from fit
};

// Per customer, in the summary's order; expected_spend and clv are empty when spend is off.
struct ClvScores {
  ClvSummary summary;                      // the customers' histories
  std::vector<double> probability_alive;   // P(alive) at T
  std::vector<double> expected_purchases;  // in (T, T + prediction_horizon]
  std::vector<double> expected_spend;      // Gamma-Gamma's E[M | x, m]
  std::vector<double> clv;                 // customer_lifetime_value over value's horizon
  std::vector<std::string> param_names;    // purchase model, then spend model
  std::vector<double> params;              // in param_names order
  std::vector<double> standard_errors;     // in param_names order
  ClvFitDiagnostics purchase_diagnostics;  // of the purchase-model fit
  ClvFitDiagnostics spend_diagnostics;     // of the Gamma-Gamma fit (default when spend is off)
  double purchase_log_likelihood = 0;      // of the purchase-model fit
  double spend_log_likelihood = 0;         // of the Gamma-Gamma fit
  // Customers with a value that could not be computed: NaN in probability_alive,
  // expected_purchases, expected_spend or clv (docs/CLV.md, "Values that cannot be computed").
  std::size_t uncomputed = 0;
};

// Transactions to scores: summary, purchase-model fit, predictions, and (with amounts) the
// Gamma-Gamma fit and CLV. Gamma-Gamma is fitted on the repeat customers with positive mean
// spend. Any failing step fails the whole call with its reason; a customer whose value cannot be
// computed is not a failing step (NaN for that customer, counted in uncomputed).
StatusOr<ClvScores> score_customers(std::span<const std::int64_t> customer_id, std::span<const std::int64_t> timestamp,
                                    std::span<const double> amount, const ClvScoreOptions& options = {});
// The same from ingested events; summary.customer_id holds codes into events.customer.values.
StatusOr<ClvScores> score_events(const EventTable& events, const ClvScoreOptions& options = {});

SEGCORE_NAMESPACE_END
