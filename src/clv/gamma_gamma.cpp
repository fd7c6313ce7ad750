// Gamma-Gamma spend model: Fader, Hardie and Lee (2005), "RFM and CLV: Using Iso-Value Curves
// for Customer Base Analysis", after Colombo and Jiang (1999). A customer's mean spend m over
// x transactions has density
//   Gamma(p x + q) / (Gamma(p x) Gamma(q)) v^q m^(p x - 1) x^(p x) / (v + m x)^(p x + q).
// Terms in x alone are computed once per distinct x; gradient and Hessian are analytic.
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/log_gamma.hpp"
#include "absl/strings/str_cat.h"
#include "clv/histories.hpp"
#include "clv/optimize.hpp"
#include "clv/special.hpp"
#include "segcore/clv.hpp"
#include "segcore/progress.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

constexpr std::array<const char*, 3> kNames = {"p", "q", "v"};
// Under q_constraint the optimiser's second parameter is q - 1 (named so in its messages).
constexpr std::array<const char*, 3> kConstrainedNames = {"p", "q - 1", "v"};

struct SpendRows {
  std::vector<double> x, log_m, m, w;
  std::vector<std::uint32_t> x_index;
  std::vector<double> x_value, x_weight;
  double total_weight = 0;
};

struct Partial {
  double ll = 0;
  std::array<double, 3> g{};
  std::array<double, 6> h{};  // (p,p) (p,q) (p,v) (q,q) (q,v) (v,v)
};

class Likelihood {
 public:
  // shifted_q: theta[1] is log(q - 1) (q_constraint) instead of log q.
  Likelihood(const SpendRows& d, double penalty, int n_threads, bool shifted_q)
      : d_(d), penalty_(penalty), threads_(resolve_threads(n_threads)), shifted_q_(shifted_q) {}

  bool operator()(const Eigen::VectorXd& theta, double* f, Eigen::VectorXd* g, Eigen::MatrixXd* H) const {
    const double p = std::exp(theta[0]), v = std::exp(theta[2]);
    const double q = shifted_q_ ? 1 + std::exp(theta[1]) : std::exp(theta[1]);
    const bool deriv = g != nullptr;
    const double lv = std::log(v), lgq = log_gamma(q);
    const double dq = deriv ? digamma(q) : 0, tq = deriv ? trigamma(q) : 0;
    Partial xs;
    for (std::size_t j = 0; j < d_.x_value.size(); ++j) {
      const double x = d_.x_value[j], W = d_.x_weight[j], px = p * x;
      xs.ll += W * (log_gamma(px + q) - log_gamma(px) - lgq + px * std::log(x) + q * lv);
      if (!deriv) continue;
      const double d1 = digamma(px + q), t1 = trigamma(px + q);
      xs.g[0] += W * x * (d1 - digamma(px) + std::log(x));
      xs.g[1] += W * (d1 - dq + lv);
      xs.g[2] += W * q / v;
      xs.h[0] += W * x * x * (t1 - trigamma(px));
      xs.h[1] += W * x * t1;
      xs.h[3] += W * (t1 - tq + 0.0);
      xs.h[4] += W / v;
      xs.h[5] -= W * q / (v * v);
    }
    const Blocks blocks(d_.w.size(), kRowsPerTask);
    std::vector<Partial> parts(blocks.count());
    parallel_for(threads_, blocks.count(), [&](std::size_t task) {
      Partial s;
      for (std::size_t i = blocks[task].begin; i < blocks[task].end; ++i) {
        const double x = d_.x[i], w = d_.w[i], px = p * x, vm = v + d_.m[i] * x, L = std::log(vm);
        s.ll += w * ((px - 1) * d_.log_m[i] - (px + q) * L);
        if (!deriv) continue;
        s.g[0] += w * x * (d_.log_m[i] - L);
        s.g[1] -= w * L;
        s.g[2] -= w * (px + q) / vm;
        s.h[2] -= w * x / vm;
        s.h[4] -= w / vm;
        s.h[5] += w * (px + q) / (vm * vm);
      }
      parts[task] = s;
    });
    Partial s = xs;
    for (const Partial& t : parts) {
      s.ll += t.ll;
      for (int k = 0; k < 3; ++k) s.g[k] += t.g[k];
      for (int k = 0; k < 6; ++k) s.h[k] += t.h[k];
    }
    const double W = d_.total_weight;
    const std::array<double, 3> prm = {p, q, v};
    // d param / d theta, which is also d^2 param / d theta^2 (param = e^theta or 1 + e^theta).
    const std::array<double, 3> jac = {p, shifted_q_ ? q - 1 : q, v};
    loglik_ = s.ll;
    *f = -s.ll / W + penalty_ * (p * p + q * q + v * v);
    if (!std::isfinite(*f)) return false;
    if (!deriv) return true;
    constexpr int idx[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
    for (int k = 0; k < 3; ++k) (*g)[k] = jac[k] * (-s.g[k] / W + 2 * penalty_ * prm[k]);
    for (int k = 0; k < 3; ++k)
      for (int m = 0; m < 3; ++m)
        (*H)(k, m) = jac[k] * jac[m] * (-s.h[idx[k][m]] / W + (k == m ? 2 * penalty_ : 0)) + (k == m ? (*g)[k] : 0);
    return true;
  }

  double last_loglik() const { return loglik_; }

 private:
  const SpendRows& d_;
  double penalty_;
  int threads_;
  bool shifted_q_;
  mutable double loglik_ = 0;
};

// Fitting needs m > 0 where x > 0 (log m enters the likelihood); predicting accepts m = 0.
Status check_spend(std::span<const double> x, std::span<const double> m, std::span<const double> w, const char* where,
                   bool fitting) {
  if (m.size() != x.size())
    return invalid_argument(where, "frequency has ", x.size(), " values and monetary ", m.size(),
                            "; they must be equal");
  if (!w.empty() && w.size() != x.size())
    return invalid_argument(where, "weight has ", w.size(), " values; ", x.size(), " rows");
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || x[i] < 0 || x[i] != std::floor(x[i]))
      return invalid_argument(where, "row ", i, ": frequency is ", x[i], "; it must be a whole number >= 0");
    if (!std::isfinite(m[i]) || m[i] < 0)
      return invalid_argument(where, "row ", i, ": monetary is ", m[i], "; it must be finite and >= 0");
    if (fitting && x[i] > 0 && m[i] == 0)
      return invalid_argument(where, "row ", i, ": monetary is 0 with frequency ", x[i],
                              "; the Gamma-Gamma model needs positive spend (leave such customers out)");
    if (!w.empty() && (!(w[i] >= 0) || !std::isfinite(w[i])))
      return invalid_argument(where, "row ", i, ": weight is ", w[i], "; it must be finite and >= 0");
  }
  return absl::OkStatus();
}

// What a Gamma-Gamma fit at the boundary means, for an analyst.
std::string explain(std::span<const double> p, const std::vector<bool>&) {
  return absl::StrCat("the spend model cannot estimate how spend per order differs between customers (",
                      named_values(kNames, p, {0, 1, 2}),
                      " ran to the edge of their range), so expected spend and CLV do not tell customers apart");
}

// The same under q_constraint, where params[1] is q - 1: q at its bound 1 means customers' mean
// spends vary so much that the population's mean does not exist.
std::string explain_constrained(std::span<const double> p, const std::vector<bool>& off) {
  if (!off[1]) {
    const std::array<double, 3> natural = {p[0], p[1] + 1, p[2]};
    return explain(natural, off);
  }
  return absl::StrCat("customers' mean spends vary so widely that their population mean does not exist (q reached ",
                      "its bound 1 under q_constraint, q - 1 = ", p[1], "), so the expected spend of customers ",
                      "with few purchases, and their CLV, are not to be trusted");
}

}  // namespace
}  // namespace clv_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

std::span<const char* const> GammaGammaModel::param_names() const { return clv_detail::kNames; }

Status GammaGammaModel::fit(std::span<const double> frequency, std::span<const double> monetary,
                            std::span<const double> weight, const ClvFitOptions& options) {
  constexpr const char* where = "GammaGammaModel::fit";
  // Cancellable as a whole, the grouping of the rows included (progress.hpp).
  return detail::cancellable(where, [&]() -> Status {
    SEGCORE_RETURN_IF_ERROR(validate(options));
    SEGCORE_RETURN_IF_ERROR(clv_detail::check_spend(frequency, monetary, weight, where, true));
    // Rows sorted by x, so that each distinct x gets one entry of the per-x terms.
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < frequency.size(); ++i)
      if (frequency[i] > 0 && (weight.empty() || weight[i] > 0)) order.push_back(i);
    if (order.empty()) return invalid_argument(where, "no customer has a repeat purchase with positive weight");
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return frequency[a] < frequency[b]; });
    clv_detail::SpendRows d;
    double sum_log_m = 0;
    for (std::size_t i : order) {
      const double x = frequency[i], w = weight.empty() ? 1.0 : weight[i];
      if (d.x_value.empty() || d.x_value.back() != x) d.x_value.push_back(x), d.x_weight.push_back(0);
      d.x_weight.back() += w;
      d.x.push_back(x);
      d.m.push_back(monetary[i]);
      d.log_m.push_back(std::log(monetary[i]));
      d.w.push_back(w);
      d.total_weight += w;
      sum_log_m += w * d.log_m.back();
    }
    // v is in money units: judged in units of the spends' geometric mean (lifetimes penalises it
    // as it is). Not the arithmetic mean: with spend rates as dispersed as q < 1 allows, a few
    // huge spends make that mean many decades larger than v, and the fit was stopped as a runaway.
    const double typical_m = std::exp(sum_log_m / d.total_weight);
    const bool shifted = options.q_constraint;
    clv_detail::ParamSpace space{shifted ? clv_detail::kConstrainedNames : clv_detail::kNames, Eigen::VectorXd::Zero(3),
                                 shifted ? clv_detail::explain_constrained : clv_detail::explain};
    space.log_scale[2] = std::log(typical_m);
    clv_detail::Likelihood lik(d, options.l2_penalty, options.n_threads, shifted);
    // Start at p = 1, q = 2 and v at the typical spend, where the population mean p v / (q - 1)
    // equals it (log(q - 1) = 0 under q_constraint).
    Eigen::VectorXd theta0(3);
    theta0 << 0, shifted ? 0.0 : std::log(2.0), std::log(typical_m);
    clv_detail::Objective obj = [&lik](const Eigen::VectorXd& t, double* f, Eigen::VectorXd* g, Eigen::MatrixXd* H) {
      return lik(t, f, g, H);
    };
    SEGCORE_ASSIGN_OR_RETURN(
        clv_detail::FitOutcome out,
        clv_detail::fit_log_params(where, obj, theta0, options, d.total_weight, space, &diagnostics_));
    Eigen::VectorXd theta(3);
    for (int k = 0; k < 3; ++k) theta[k] = std::log(out.params[k]);
    double f;
    lik(theta, &f, nullptr, nullptr);
    // The optimiser's q - 1 back to q; its standard error and covariances are those of q.
    if (shifted) out.params[1] += 1;
    params_ = std::move(out.params);
    standard_errors_ = std::move(out.standard_errors);
    covariance_ = std::move(out.covariance);
    log_likelihood_ = lik.last_loglik();
    n_distinct_ = d.w.size();
    return absl::OkStatus();
  });
}

Status GammaGammaModel::conditional_expected_spend(std::span<const double> frequency, std::span<const double> monetary,
                                                   std::span<double> out) const {
  constexpr const char* where = "GammaGammaModel::conditional_expected_spend";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_spend(frequency, monetary, {}, where, false));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(frequency.size(), out, where));
  const double p = params_[0], q = params_[1], v = params_[2];
  // The posterior mean p (v + x m) / (p x + q - 1) exists only while p x + q - 1 > 0 (for x = 0:
  // the population mean, which needs q > 1); where it does not, that customer gets NaN
  // (docs/CLV.md, "Values that cannot be computed"). The denominator is summed with
  // compensation: q - 1 may be close to -p x.
  return clv_detail::predict_rows(frequency.size(), out, 1, [&](std::size_t i) {
    const double x = frequency[i];
    const double den = clv_detail::compensated_sum({p * x, q, -1.0});
    if (!(den > 0)) return std::numeric_limits<double>::quiet_NaN();
    // Weighted mean of the population mean p v / (q - 1) and the customer's own mean.
    return p * (v + x * monetary[i]) / den;
  });
}

SEGCORE_NAMESPACE_END
