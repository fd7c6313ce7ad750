// Pareto/NBD: Schmittlein, Morrison and Colombo (1987), in the form of Fader and Hardie (2005),
// "A Note on Deriving the Pareto/NBD Model and Related Expressions":
//   L = Gamma(r + x) alpha^r beta^s / Gamma(r)
//       * [ (alpha + T)^-(r+x) (beta + T)^-s + s / (r + s + x) * A0 ],
// where, with m = max(alpha, beta), k = r + s + x and u = s + 1 if alpha >= beta else r + x,
//   A0 = F(t_x) - F(T),  F(y) = 2F1(k, u; k + 1; |alpha - beta| / (m + y)) / (m + y)^k,
// evaluated through Euler's transformation of the 2F1 (a0_form below). Everything is in logs;
// the difference F(t_x) - F(T) as log F(T) + log(expm1(log F(t_x) - log F(T))).
// The fit's derivatives are analytic, carried through the formulas by pareto_likelihood.cpp.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "core/log_gamma.hpp"
#include "absl/strings/str_cat.h"

#include "clv/histories.hpp"
#include "clv/optimize.hpp"
#include "clv/pareto_likelihood.hpp"
#include "clv/pareto_terms.hpp"
#include "clv/special.hpp"
#include "segcore/clv.hpp"
#include "segcore/progress.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

constexpr std::array<const char*, 4> kNames = {"r", "alpha", "s", "beta"};
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

struct Params {
  double r, al, s, be;
};

// The pieces of A0 = F(t_x) - F(T). F's 2F1(k, u; k + 1; z) grows like (1 - z)^-(r+x) when
// alpha < beta (it overflows for frequent buyers) and sums slowly for alpha > beta. Euler's
// transformation 2F1(A, B; C; z) = (1 - z)^(C-A-B) 2F1(C - A, C - B; C; z), with 1 - z =
// (min(alpha, beta) + y) / (m + y), turns F into powers times Q(z) = 2F1(1, q; k + 1; z):
//   alpha >= beta: F(y) = (alpha + y)^-(r+x)     (beta + y)^-s     Q(z_y), q = r + x
//   alpha <  beta: F(y) = (alpha + y)^-(r+x-1)   (beta + y)^-(s+1) Q(z_y), q = s + 1
// Q's terms are positive and each is below z times the one before (q < k + 1), so Q is
// between 1 and 1 / (1 - z) and sums without overflow or cancellation.
struct A0Form {
  double e_alpha, e_beta;  // exponents of (alpha + y) and (beta + y) in -log F
  double q, c;             // Q = 2F1(1, q; c; z)
};

A0Form a0_form(const Params& p, double x) {
  const double c = p.r + p.s + x + 1;
  if (p.al >= p.be) return {p.r + x, p.s, p.r + x, c};
  return {p.r + x - 1, p.s + 1, p.s + 1, c};
}

double log_q(const Params& p, const A0Form& f, double y, long max_terms) {
  return std::log(hyp2f1(1, f.q, f.c, std::abs(p.al - p.be) / (std::max(p.al, p.be) + y), max_terms));
}

// log(e^d - 1) for d >= 0 without overflow.
double log_expm1(double d) { return d > 1 ? d + std::log1p(-std::exp(-d)) : std::log(std::expm1(d)); }

// log F(t_x) - log F(T) >= 0, with the powers' ratios as log1p of the (small) gaps.
double log_f_drop(const Params& p, const A0Form& f, double tx, double T, double lq_tx, double lq_T) {
  return f.e_alpha * std::log1p((T - tx) / (p.al + tx)) + f.e_beta * std::log1p((T - tx) / (p.be + tx)) + lq_tx - lq_T;
}

// log of the odds that the customer has left, given (x, t_x, T): s/(r+s+x) A0 over the first
// term (alpha + T)^-(r+x) (beta + T)^-s. The powers at T cancel analytically against F(T)'s.
double log_dead_odds(const Params& p, double x, double tx, double T) {
  if (tx == T) return kNegInf;  // bought at the end of the period: alive for certain
  const A0Form f = a0_form(p, x);
  const double lq_tx = log_q(p, f, tx, kMaxSeriesTerms), lq_T = log_q(p, f, T, kMaxSeriesTerms);
  const double drop = log_f_drop(p, f, tx, T, lq_tx, lq_T);
  if (!(drop > 0)) return std::isnan(drop) ? drop : kNegInf;
  const double at_T = p.al >= p.be ? lq_T : std::log((p.al + T) / (p.be + T)) + lq_T;
  return std::log(p.s) - std::log(p.r + p.s + x) + log_expm1(drop) + at_T;
}

// The share of customers a Pareto/NBD model loses within t_max: 1 - (beta / (beta + t_max))^s.
double share_lost(std::span<const double> p, double t_max) { return -std::expm1(-p[2] * std::log1p(t_max / p[3])); }

// What a Pareto/NBD fit at the boundary means, for an analyst; t_max is the oldest customer's T.
std::string explain(std::span<const double> p, const std::vector<bool>& off, double t_max) {
  return explain_purchase_fit(kNames, p, off, share_lost(p, t_max), "how dropout rates differ between customers");
}

}  // namespace

StatusOr<FitOutcome> fit_pareto(const char* where, const ClvHistories& data, const DistinctHistories& d,
                                const ClvFitOptions& options, const ParetoObjectiveMaker& make,
                                ClvFitDiagnostics* diagnostics) {
  SEGCORE_ASSIGN_OR_RETURN(const double interval, mean_purchase_interval(d, where));
  // alpha and beta are in time units: judged and penalised in units of the oldest customer's T.
  const double t_max = max_age(data);
  ParamSpace space{kNames,
                   Eigen::VectorXd::Zero(4),
                   [t_max](std::span<const double> p, const std::vector<bool>& off) { return explain(p, off, t_max); },
                   [t_max](std::span<const double> p) { return share_lost(p, t_max); },
                   {2, 3}};
  space.log_scale[1] = space.log_scale[3] = std::log(t_max);
  const Eigen::VectorXd pw = penalty_weights(space.log_scale);
  // Start as BG/NBD does: r = s = 1, alpha = beta from the mean purchase rate.
  const double rate_scale = std::log(interval);
  Eigen::VectorXd theta0(4);
  theta0 << 0, rate_scale, 0, rate_scale;
  return fit_log_params(where, make(d, options.l2_penalty, pw, resolve_threads(options.n_threads)), theta0, options,
                        d.total_weight, space, diagnostics);
}

double pareto_log_dead_odds(std::span<const double> params, double x, double tx, double T) {
  return log_dead_odds({params[0], params[1], params[2], params[3]}, x, tx, T);
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

std::span<const char* const> ParetoNbdModel::param_names() const { return clv_detail::kNames; }

Status ParetoNbdModel::fit(const ClvHistories& data, const ClvFitOptions& options) {
  constexpr const char* where = "ParetoNbdModel::fit";
  // Cancellable as a whole, the grouping of the rows included (progress.hpp).
  return detail::cancellable(where, [&]() -> Status {
    SEGCORE_RETURN_IF_ERROR(validate(options));
    SEGCORE_RETURN_IF_ERROR(clv_detail::check_histories(data, where));
    const clv_detail::DistinctHistories d = clv_detail::group_histories(data);
    auto make = [](const clv_detail::DistinctHistories& h, double penalty, const Eigen::VectorXd& weights,
                   int threads) -> clv_detail::Objective {
      return clv_detail::ParetoObjective(h, penalty, weights, threads);
    };
    SEGCORE_ASSIGN_OR_RETURN(clv_detail::FitOutcome out,
                             clv_detail::fit_pareto(where, data, d, options, make, &diagnostics_));
    Eigen::VectorXd theta(4);
    for (int k = 0; k < 4; ++k) theta[k] = std::log(out.params[k]);
    const clv_detail::ParetoObjective objective(d, 0, Eigen::VectorXd::Zero(4), resolve_threads(options.n_threads));
    double f;
    objective(theta, &f, nullptr, nullptr);
    params_ = std::move(out.params);
    standard_errors_ = std::move(out.standard_errors);
    covariance_ = std::move(out.covariance);
    log_likelihood_ = objective.last_loglik();
    n_distinct_ = d.size();
    return absl::OkStatus();
  });
}

Status ParetoNbdModel::expected_purchases(std::span<const double> t, std::span<double> out) const {
  constexpr const char* where = "ParetoNbdModel::expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(t.size(), out, where));
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!(t[i] >= 0) || !std::isfinite(t[i]))
      return invalid_argument(where, "t[", i, "] is ", t[i], "; it must be finite and >= 0");
  const clv_detail::Params p{params_[0], params_[1], params_[2], params_[3]};
  return clv_detail::predict_rows(
      t.size(), out, 1, [&](std::size_t i) { return p.r * p.be / p.al * clv_detail::power_gap(p.be, t[i], p.s - 1); });
}

Status ParetoNbdModel::conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                                      int n_threads) const {
  constexpr const char* where = "ParetoNbdModel::conditional_expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_histories(data, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(data.frequency.size(), out, where));
  if (!(t >= 0) || !std::isfinite(t)) return invalid_argument(where, "t is ", t, "; it must be finite and >= 0");
  const clv_detail::Params p{params_[0], params_[1], params_[2], params_[3]};
  return clv_detail::predict_rows(data.frequency.size(), out, n_threads, [&](std::size_t i) {
    const double x = data.frequency[i], T = data.T[i];
    const double rate = clv_detail::power_gap(p.be + T, t, p.s - 1) * (p.r + x) * (p.be + T) / (p.al + T);
    if (rate == 0) return 0.0;
    // P(alive) * rate in logs, so that a P(alive) below the smallest double is not taken as 0.
    const double lodds = clv_detail::log_dead_odds(p, x, data.recency[i], T);
    if (lodds < 700) return rate * clv_detail::inverse_logit_neg(lodds);  // P(alive) >= 1e-304
    return std::exp(std::log(rate) - clv_detail::log1p_exp(lodds));
  });
}

Status ParetoNbdModel::probability_alive(const ClvHistories& data, std::span<double> out, int n_threads) const {
  constexpr const char* where = "ParetoNbdModel::probability_alive";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_histories(data, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(data.frequency.size(), out, where));
  const clv_detail::Params p{params_[0], params_[1], params_[2], params_[3]};
  return clv_detail::predict_rows(data.frequency.size(), out, n_threads, [&](std::size_t i) {
    return clv_detail::inverse_logit_neg(clv_detail::log_dead_odds(p, data.frequency[i], data.recency[i], data.T[i]));
  });
}

SEGCORE_NAMESPACE_END
