// BG/BB: Fader, Hardie and Shang (2010), "Customer-base analysis in a discrete-time
// noncontractual setting". Per customer with x purchases in n opportunities, the last at t_x,
//   L = B(alpha + x, beta + n - x) / B(alpha, beta) * B(gamma, delta + n) / B(gamma, delta)
//     + sum_{i=0}^{n-t_x-1} B(alpha + x, beta + t_x - x + i) / B(alpha, beta)
//                           * B(gamma + 1, delta + t_x + i) / B(gamma, delta).
// The sum's terms fall by the ratio (beta + t_x - x + i)(delta + t_x + i) /
// ((alpha + beta + t_x + i)(gamma + delta + 1 + t_x + i)) < 1, so it is summed relative to its
// first term (no underflow, no cancellation) and combined with the first part in logs.
// Derivatives are central differences (optimize.hpp), as for Pareto/NBD.
//
// Predictions follow from the posterior: alive in period n with probability
// P = 1 / (1 + sum / first part), and then alive in period n + j with B(gamma, delta + n + j) /
// B(gamma, delta + n), buying with mean probability (alpha + x) / (alpha + beta + n), so
//   E[purchases in n+1 .. n+m] = P (alpha + x) / (alpha + beta + n) S(n, m),
//   S(n, m) = sum_{j=1}^m prod_{k=0}^{j-1} (delta + n + k) / (gamma + delta + n + k),
// the same as the paper's eq. (13) without its 1 / (gamma - 1) (which cancels at gamma = 1).
#include <array>
#include <cmath>
#include <limits>
#include <map>

#include "clv/histories.hpp"
#include "clv/optimize.hpp"
#include "clv/special.hpp"
#include "segcore/clv.hpp"
#include "segcore/parallel.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

constexpr std::array<const char*, 4> kNames = {"alpha", "beta", "gamma", "delta"};

// At most this many periods per history: a likelihood evaluation sums n - t_x terms.
constexpr double kMaxPeriods = 1e6;

Status check_bgbb(const ClvHistories& h, const char* where) {
  SEGCORE_RETURN_IF_ERROR(check_histories(h, where));
  for (std::size_t i = 0; i < h.frequency.size(); ++i) {
    const double x = h.frequency[i], tx = h.recency[i], n = h.T[i];
    if (tx != std::floor(tx) || n != std::floor(n))
      return invalid_argument(where, "row ", i, ": recency ", tx, " and periods ", n,
                              " must be whole numbers of periods (BG/BB is a discrete-time model)");
    if (x > tx)
      return invalid_argument(where, "row ", i, ": frequency ", x, " exceeds recency ", tx,
                              "; at most one purchase per period");
    if (n > kMaxPeriods)
      return invalid_argument(where, "row ", i, ": ", n, " periods; BG/BB takes at most ", kMaxPeriods);
  }
  return absl::OkStatus();
}

Status check_periods(double m, const char* where, const char* name) {
  if (!(m >= 0) || !std::isfinite(m) || m != std::floor(m))
    return invalid_argument(where, name, " is ", m, "; it must be a whole number of periods >= 0");
  return absl::OkStatus();
}

struct Params {
  double al, be, ga, de;
};

Params unpack(std::span<const double> p) { return {p[0], p[1], p[2], p[3]}; }

// log of the two parts of L: "alive through period n" and "dropped out after period t_x + i".
struct Parts {
  double alive, dead;  // dead is -inf when t_x = n
};

Parts log_parts(const Params& p, double lb_ab, double lb_gd, double x, double tx, double n) {
  Parts out;
  out.alive = log_beta(p.al + x, p.be + n - x) - lb_ab + log_beta(p.ga, p.de + n) - lb_gd;
  if (tx >= n) {
    out.dead = -std::numeric_limits<double>::infinity();
    return out;
  }
  double term = 1, sum = 0;
  for (double i = 0; i < n - tx; ++i) {
    sum += term;
    const double u = p.be + tx - x + i, v = p.de + tx + i;
    term *= u / (p.al + p.be + tx + i) * (v / (p.ga + 1 + v));
  }
  out.dead = log_beta(p.al + x, p.be + tx - x) - lb_ab + log_beta(p.ga + 1, p.de + tx) - lb_gd + std::log(sum);
  return out;
}

// S(n, m) of the header comment; NaN beyond kMaxSeriesTerms terms. The terms fall, so the sum
// stops once the remaining terms together are below 1e-17 of it.
double survival_sum(const Params& p, double n, double m) {
  if (m > static_cast<double>(kMaxSeriesTerms)) return std::numeric_limits<double>::quiet_NaN();
  double term = 1, sum = 0;
  for (double k = 0; k < m; ++k) {
    term *= (p.de + n + k) / (p.ga + p.de + n + k);
    sum += term;
    if (term * (m - k - 1) < 1e-17 * sum) break;
  }
  return sum;
}

// The share of customers who drop out within n_max periods: 1 - B(gamma, delta + n) / B(gamma, delta).
double share_lost(std::span<const double> p, double n_max) {
  return -std::expm1(log_beta(p[2], p[3] + n_max) - log_beta(p[2], p[3]));
}

}  // namespace
}  // namespace clv_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

std::span<const char* const> BetaGeoBetaBinomModel::param_names() const { return clv_detail::kNames; }

Status BetaGeoBetaBinomModel::fit(const ClvHistories& data, const ClvFitOptions& options) {
  constexpr const char* where = "BetaGeoBetaBinomModel::fit";
  return detail::cancellable(where, [&]() -> Status {
    SEGCORE_RETURN_IF_ERROR(validate(options));
    SEGCORE_RETURN_IF_ERROR(clv_detail::check_bgbb(data, where));
    const clv_detail::DistinctHistories d = clv_detail::group_histories(data);
    SEGCORE_RETURN_IF_ERROR(clv_detail::mean_purchase_interval(d, where).status());  // needs a repeat purchase
    const int threads = resolve_threads(options.n_threads);
    const double n_max = clv_detail::max_age(data);
    clv_detail::ParamSpace space{clv_detail::kNames,
                                 Eigen::VectorXd::Zero(4),
                                 [n_max](std::span<const double> p, const std::vector<bool>& off) {
                                   return clv_detail::explain_purchase_fit(
                                       clv_detail::kNames, p, off, clv_detail::share_lost(p, n_max),
                                       "how the chance of dropping out differs between customers");
                                 },
                                 [n_max](std::span<const double> p) { return clv_detail::share_lost(p, n_max); },
                                 {2, 3}};
    const Eigen::VectorXd pw = clv_detail::penalty_weights(space.log_scale);
    const double penalty = options.l2_penalty;
    double loglik = 0;
    auto value = [&](const Eigen::VectorXd& theta, double* f) {
      const clv_detail::Params p{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
      const double lb_ab = clv_detail::log_beta(p.al, p.be), lb_gd = clv_detail::log_beta(p.ga, p.de);
      const Blocks blocks(d.size(), clv_detail::kRowsPerTask);
      std::vector<double> parts(blocks.count());
      parallel_for(threads, blocks.count(), [&](std::size_t task) {
        double s = 0;
        for (std::size_t i = blocks[task].begin; i < blocks[task].end; ++i) {
          const clv_detail::Parts lp =
              clv_detail::log_parts(p, lb_ab, lb_gd, d.x_value[d.x_index[i]], d.t_x[i], d.T[i]);
          s += d.w[i] * clv_detail::log_add_exp(lp.alive, lp.dead);
        }
        parts[task] = s;
      });
      double ll = 0;
      for (double s : parts) ll += s;  // task order: the same sum for any thread count
      loglik = ll;
      *f = -ll / d.total_weight +
           penalty * (pw[0] * p.al * p.al + pw[1] * p.be * p.be + pw[2] * p.ga * p.ga + pw[3] * p.de * p.de);
      return std::isfinite(*f);
    };
    Eigen::VectorXd theta0 = Eigen::VectorXd::Zero(4);  // alpha = beta = gamma = delta = 1
    SEGCORE_ASSIGN_OR_RETURN(clv_detail::FitOutcome out,
                             clv_detail::fit_log_params(where, clv_detail::numeric_derivatives(value), theta0, options,
                                                        d.total_weight, space, &diagnostics_));
    Eigen::VectorXd theta(4);
    for (int k = 0; k < 4; ++k) theta[k] = std::log(out.params[k]);
    double f;
    value(theta, &f);
    params_ = std::move(out.params);
    standard_errors_ = std::move(out.standard_errors);
    covariance_ = std::move(out.covariance);
    log_likelihood_ = loglik;
    n_distinct_ = d.size();
    return absl::OkStatus();
  });
}

Status BetaGeoBetaBinomModel::expected_purchases(std::span<const double> t, std::span<double> out) const {
  constexpr const char* where = "BetaGeoBetaBinomModel::expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(t.size(), out, where));
  for (std::size_t i = 0; i < t.size(); ++i) SEGCORE_RETURN_IF_ERROR(clv_detail::check_periods(t[i], where, "t"));
  const clv_detail::Params p = clv_detail::unpack(params_);
  return clv_detail::predict_rows(
      t.size(), out, 1, [&](std::size_t i) { return p.al / (p.al + p.be) * clv_detail::survival_sum(p, 0, t[i]); });
}

Status BetaGeoBetaBinomModel::probability_alive_after(double m, const ClvHistories& data, std::span<double> out,
                                                      int n_threads) const {
  constexpr const char* where = "BetaGeoBetaBinomModel::probability_alive_after";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_bgbb(data, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(data.frequency.size(), out, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_periods(m, where, "m"));
  const clv_detail::Params p = clv_detail::unpack(params_);
  const double lb_ab = clv_detail::log_beta(p.al, p.be), lb_gd = clv_detail::log_beta(p.ga, p.de);
  return clv_detail::predict_rows(data.frequency.size(), out, n_threads, [&](std::size_t i) {
    const double x = data.frequency[i], n = data.T[i];
    const clv_detail::Parts lp = clv_detail::log_parts(p, lb_ab, lb_gd, x, data.recency[i], n);
    const double later = m == 0 ? 0 : clv_detail::log_beta(p.ga, p.de + n + m) - clv_detail::log_beta(p.ga, p.de + n);
    return std::exp(later) * clv_detail::inverse_logit_neg(lp.dead - lp.alive);
  });
}

Status BetaGeoBetaBinomModel::probability_alive(const ClvHistories& data, std::span<double> out, int n_threads) const {
  return probability_alive_after(0, data, out, n_threads);
}

Status BetaGeoBetaBinomModel::conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                                             int n_threads) const {
  constexpr const char* where = "BetaGeoBetaBinomModel::conditional_expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_bgbb(data, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(data.frequency.size(), out, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_periods(t, where, "t"));
  const clv_detail::Params p = clv_detail::unpack(params_);
  const double lb_ab = clv_detail::log_beta(p.al, p.be), lb_gd = clv_detail::log_beta(p.ga, p.de);
  // S(n, t) depends on n alone: once per distinct n, before the parallel loop.
  std::map<double, double> survival;
  for (double n : data.T) survival.emplace(n, 0.0);
  for (auto& [n, s] : survival) s = clv_detail::survival_sum(p, n, t);
  return clv_detail::predict_rows(data.frequency.size(), out, n_threads, [&](std::size_t i) {
    const double x = data.frequency[i], n = data.T[i];
    const clv_detail::Parts lp = clv_detail::log_parts(p, lb_ab, lb_gd, x, data.recency[i], n);
    return clv_detail::inverse_logit_neg(lp.dead - lp.alive) * (p.al + x) / (p.al + p.be + n) * survival.at(n);
  });
}

SEGCORE_NAMESPACE_END
