// BG/NBD: Fader, Hardie and Lee (2005), "Counting your customers the easy way".
//
// Per customer, with B the Beta function,
//   L = B(a, b + x) / B(a, b) * Gamma(r + x) alpha^r / Gamma(r)
//       * [ (alpha + T)^-(r+x) + [x > 0] a / (b + x - 1) (alpha + t_x)^-(r+x) ],
// the two bracketed terms combined in log space. The terms that depend on x alone (the Gamma
// and Beta ratios, and their derivatives) are computed once per distinct x; the per-row work
// is two logs, an exp and a log1p. Gradient and Hessian are analytic (docs/CLV.md).
#include <array>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"

#include "clv/histories.hpp"
#include "clv/optimize.hpp"
#include "clv/special.hpp"
#include "segcore/clv.hpp"
#include "segcore/parallel.hpp"

namespace segcore::clv {
namespace {

constexpr std::array<const char*, 4> kNames = {"r", "alpha", "a", "b"};

// Sums of one task: log-likelihood, gradient (r, alpha, a, b) and the Hessian's upper triangle.
struct Partial {
  double ll = 0;
  std::array<double, 4> g{};
  std::array<double, 10> h{};  // (0,0) (0,1) (0,2) (0,3) (1,1) (1,2) (1,3) (2,2) (2,3) (3,3)
};

constexpr int hidx(int i, int j) {
  if (i > j) std::swap(i, j);
  return i * 4 - i * (i - 1) / 2 + (j - i);
}

// Terms of one distinct x: x-only parts of the log-likelihood and their derivatives, and the
// constants of the second bracketed term.
struct XTerms {
  double ll;                 // log of the Gamma and Beta ratios
  double rx;                 // r + x
  double log_c4, d4b, h4bb;  // log(a / (b + x - 1)), -1/(b + x - 1), 1/(b + x - 1)^2
};

class Likelihood {
 public:
  // penalty_weight: lifetimes' scale of each parameter's penalty (optimize.hpp).
  Likelihood(const DistinctHistories& d, double penalty, const Eigen::VectorXd& penalty_weight, int n_threads)
      : d_(d), penalty_(penalty), weight_(penalty_weight), threads_(resolve_threads(n_threads)) {}

  bool operator()(const Eigen::VectorXd& theta, double* f, Eigen::VectorXd* g, Eigen::MatrixXd* H) const {
    const double r = std::exp(theta[0]), al = std::exp(theta[1]), a = std::exp(theta[2]), b = std::exp(theta[3]);
    const bool deriv = g != nullptr;
    std::vector<XTerms> xt(d_.x_value.size());
    const double la = std::log(al), lbab = log_beta(a, b);
    const double dr = deriv ? digamma(r) : 0, tr = deriv ? trigamma(r) : 0;
    const double dab = deriv ? digamma(a + b) : 0, tab = deriv ? trigamma(a + b) : 0;
    const double db = deriv ? digamma(b) : 0, tb = deriv ? trigamma(b) : 0;
    Partial xs;  // x-only terms, weighted
    for (std::size_t j = 0; j < xt.size(); ++j) {
      const double x = d_.x_value[j], W = d_.x_weight[j];
      XTerms& t = xt[j];
      t.rx = r + x;
      t.ll = std::lgamma(r + x) - std::lgamma(r) + r * la + log_beta(a, b + x) - lbab;
      xs.ll += W * t.ll;
      if (x > 0) {
        t.log_c4 = std::log(a) - std::log(b + x - 1);
        t.d4b = -1 / (b + x - 1);
        t.h4bb = 1 / ((b + x - 1) * (b + x - 1));
      } else {
        t.log_c4 = t.d4b = t.h4bb = 0;
      }
      if (!deriv) continue;
      const double dabx = digamma(a + b + x), tabx = trigamma(a + b + x);
      xs.g[0] += W * (digamma(r + x) - dr + la);
      xs.g[1] += W * (r / al);
      xs.g[2] += W * (dab - dabx);
      xs.g[3] += W * (dab + digamma(b + x) - db - dabx);
      xs.h[hidx(0, 0)] += W * (trigamma(r + x) - tr);
      xs.h[hidx(0, 1)] += W * (1 / al);
      xs.h[hidx(1, 1)] += W * (-r / (al * al));
      xs.h[hidx(2, 2)] += W * (tab - tabx);
      xs.h[hidx(2, 3)] += W * (tab - tabx);
      xs.h[hidx(3, 3)] += W * (tab + trigamma(b + x) - tb - tabx);
    }
    const Blocks blocks(d_.size(), kRowsPerTask);
    std::vector<Partial> parts(blocks.count());
    parallel_for(threads_, blocks.count(), [&](std::size_t task) {
      Partial p;
      for (std::size_t i = blocks[task].begin; i < blocks[task].end; ++i) {
        const XTerms& t = xt[d_.x_index[i]];
        const double w = d_.w[i];
        const double l3 = std::log(al + d_.T[i]);
        const double A3 = -t.rx * l3;
        if (d_.t_x[i] == 0) {  // x = 0: only the first term
          p.ll += w * A3;
          if (deriv) {
            const double inv3 = 1 / (al + d_.T[i]);
            p.g[0] -= w * l3;
            p.g[1] -= w * t.rx * inv3;
            p.h[hidx(0, 1)] -= w * inv3;
            p.h[hidx(1, 1)] += w * t.rx * inv3 * inv3;
          }
          continue;
        }
        const double l4 = std::log(al + d_.t_x[i]);
        const double A4 = t.log_c4 - t.rx * l4;
        const double e = std::exp(-std::abs(A3 - A4));
        p.ll += w * (std::max(A3, A4) + std::log1p(e));
        if (!deriv) continue;
        // Weights of the two terms in the sum: w4 = e^A4 / (e^A3 + e^A4).
        const double w4 = A4 > A3 ? 1 / (1 + e) : e / (1 + e), w3 = 1 - w4;
        const double inv3 = 1 / (al + d_.T[i]), inv4 = 1 / (al + d_.t_x[i]);
        const std::array<double, 4> g3 = {-l3, -t.rx * inv3, 0, 0};
        const std::array<double, 4> g4 = {-l4, -t.rx * inv4, 1 / a, t.d4b};
        for (int k = 0; k < 4; ++k) p.g[k] += w * (w3 * g3[k] + w4 * g4[k]);
        p.h[hidx(0, 1)] += w * (-w3 * inv3 - w4 * inv4);
        p.h[hidx(1, 1)] += w * (w3 * t.rx * inv3 * inv3 + w4 * t.rx * inv4 * inv4);
        p.h[hidx(2, 2)] += w * (-w4 / (a * a));
        p.h[hidx(3, 3)] += w * (w4 * t.h4bb);
        const double ww = w * w3 * w4;
        std::array<double, 4> dl;
        for (int k = 0; k < 4; ++k) dl[k] = g3[k] - g4[k];
        for (int k = 0; k < 4; ++k)
          for (int m = k; m < 4; ++m) p.h[hidx(k, m)] += ww * dl[k] * dl[m];
      }
      parts[task] = p;
    });
    Partial s = xs;
    for (const Partial& p : parts) {  // task order: the same sums for any thread count
      s.ll += p.ll;
      for (int k = 0; k < 4; ++k) s.g[k] += p.g[k];
      for (int k = 0; k < 10; ++k) s.h[k] += p.h[k];
    }
    const double W = d_.total_weight;
    const std::array<double, 4> prm = {r, al, a, b};
    double pen = 0;
    for (int k = 0; k < 4; ++k) pen += weight_[k] * prm[k] * prm[k];
    loglik_ = s.ll;
    *f = -s.ll / W + penalty_ * pen;
    if (!std::isfinite(*f)) return false;
    if (!deriv) return true;
    // Natural-parameter derivatives of the mean objective, then to log-parameters.
    for (int k = 0; k < 4; ++k) {
      const double gp = -s.g[k] / W + 2 * penalty_ * weight_[k] * prm[k];
      (*g)[k] = prm[k] * gp;
    }
    for (int k = 0; k < 4; ++k)
      for (int m = 0; m < 4; ++m) {
        const double hp = -s.h[hidx(k, m)] / W + (k == m ? 2 * penalty_ * weight_[k] : 0);
        (*H)(k, m) = prm[k] * prm[m] * hp + (k == m ? (*g)[k] : 0);
      }
    return true;
  }

  double last_loglik() const { return loglik_; }

 private:
  const DistinctHistories& d_;
  double penalty_;
  Eigen::VectorXd weight_;
  int threads_;
  mutable double loglik_ = 0;
};

// The share of customers a BG/NBD model lets drop out within t_max: those who leave after one
// of the purchases an average customer makes in that time, n = t_max r / alpha; the chance of
// staying through n purchases is E[(1 - p)^n] = B(a, b + n) / B(a, b).
double share_lost(std::span<const double> p, double t_max) {
  const double n = t_max * p[0] / p[1];
  return -std::expm1(log_beta(p[2], p[3] + n) - log_beta(p[2], p[3]));
}

// What a BG/NBD fit at the boundary means, for an analyst.
std::string explain(std::span<const double> p, const std::vector<bool>& off, double t_max) {
  std::string s;
  if (off[2] || off[3]) {
    const double lost = share_lost(p, t_max);
    if (lost < kVanishingShare)
      s = absl::StrCat("the data show almost no customer dropping out, so the model cannot estimate churn; ",
                       "P(alive) is not meaningful (", named_values(kNames, p, {2, 3}), ": ",
                       absl::SixDigits(100 * lost), " % of customers would leave over the whole history)");
    else
      s = absl::StrCat("the model cannot estimate how the chance of dropping out differs between customers (",
                       named_values(kNames, p, {2, 3}), " ran off together); P(alive) is not meaningful");
  }
  if (off[0] || off[1])
    absl::StrAppend(&s, s.empty() ? "" : "; also, ",
                    "the model cannot estimate how purchase rates differ between customers (",
                    named_values(kNames, p, {0, 1}), " ran off together), so it gives every customer the same rate");
  return s;
}

}  // namespace
}  // namespace segcore::clv

SEGCORE_NAMESPACE_BEGIN

using clv::check_histories;

std::span<const char* const> BetaGeoModel::param_names() const { return clv::kNames; }

Status BetaGeoModel::fit(const ClvHistories& data, const ClvFitOptions& options) {
  constexpr const char* where = "BetaGeoModel::fit";
  SEGCORE_RETURN_IF_ERROR(validate(options));
  SEGCORE_RETURN_IF_ERROR(check_histories(data, where));
  const clv::DistinctHistories d = clv::group_histories(data);
  SEGCORE_ASSIGN_OR_RETURN(const double interval, clv::mean_purchase_interval(d, where));
  // alpha is in time units: it is judged and penalised in units of the oldest customer's T.
  const double t_max = clv::max_age(data);
  clv::ParamSpace space{clv::kNames, Eigen::VectorXd::Zero(4),
                        [t_max](std::span<const double> p, const std::vector<bool>& off) {
                          return clv::explain(p, off, t_max);
                        },
                        [t_max](std::span<const double> p) { return clv::share_lost(p, t_max); }, {2, 3}};
  space.log_scale[1] = std::log(t_max);
  clv::Likelihood lik(d, options.l2_penalty, clv::penalty_weights(space.log_scale), options.n_threads);
  // Start: r = 1, a = 1, b = 1 and alpha from the mean purchase rate r / alpha ~ sum x / sum T.
  Eigen::VectorXd theta0(4);
  theta0 << 0, std::log(interval), 0, 0;
  clv::Objective obj = [&lik](const Eigen::VectorXd& t, double* f, Eigen::VectorXd* g, Eigen::MatrixXd* H) {
    return lik(t, f, g, H);
  };
  SEGCORE_ASSIGN_OR_RETURN(clv::FitOutcome out,
                           clv::fit_log_params(where, obj, theta0, options, d.total_weight, space, &diagnostics_));
  double f;
  Eigen::VectorXd theta(4);
  for (int k = 0; k < 4; ++k) theta[k] = std::log(out.params[k]);
  lik(theta, &f, nullptr, nullptr);
  params_ = std::move(out.params);
  standard_errors_ = std::move(out.standard_errors);
  log_likelihood_ = lik.last_loglik();
  n_distinct_ = d.size();
  return absl::OkStatus();
}

namespace {

// (a + b - 1) / (a - 1) has a removable singularity at a = 1; nudge a off it (error ~1e-8).
double away_from_one(double a) { return std::abs(a - 1) < 1e-8 ? 1 + 1e-8 : a; }

}  // namespace

Status BetaGeoModel::expected_purchases(std::span<const double> t, std::span<double> out) const {
  constexpr const char* where = "BetaGeoModel::expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(clv::check_output(t.size(), out, where));
  const double r = params_[0], al = params_[1], a = away_from_one(params_[2]), b = params_[3];
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!(t[i] >= 0) || !std::isfinite(t[i])) return invalid_argument(where, "t[", i, "] is ", t[i], "; it must be finite and >= 0");
  return clv::predict_rows(where, t.size(), out, 1, [&](std::size_t i) {
    const double z = t[i] / (al + t[i]);
    return (a + b - 1) / (a - 1) * (1 - std::pow(al / (al + t[i]), r) * clv::hyp2f1(r, b, a + b - 1, z));
  });
}

Status BetaGeoModel::conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                                    int n_threads) const {
  constexpr const char* where = "BetaGeoModel::conditional_expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(check_histories(data, where));
  SEGCORE_RETURN_IF_ERROR(clv::check_output(data.frequency.size(), out, where));
  if (!(t >= 0) || !std::isfinite(t)) return invalid_argument(where, "t is ", t, "; it must be finite and >= 0");
  const double r = params_[0], al = params_[1], a = away_from_one(params_[2]), b = params_[3];
  const std::size_t n = data.frequency.size();
  // 2F1(r + x, b + x; a + b + x - 1; t / (alpha + T + t)) has the same a, b, c for every row
  // with the same x: one coefficient table per x small enough to index, sized for the
  // largest z (the smallest T) among its rows.
  constexpr double kMaxTabledX = 1 << 16;
  std::vector<double> min_T;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = data.frequency[i];
    if (x > kMaxTabledX) continue;
    const auto k = static_cast<std::size_t>(x);
    if (k >= min_T.size()) min_T.resize(k + 1, -1);
    if (min_T[k] < 0 || data.T[i] < min_T[k]) min_T[k] = data.T[i];
  }
  std::vector<clv::Hyp2f1Series> series(min_T.size());
  std::vector<double> log_c(min_T.size());  // log(a / (b + x - 1))
  for (std::size_t k = 0; k < min_T.size(); ++k)
    if (min_T[k] >= 0) {
      const double x = static_cast<double>(k);
      series[k] = clv::Hyp2f1Series(r + x, b + x, a + b + x - 1, t / (al + min_T[k] + t));
      log_c[k] = std::log(a / (b + x - 1));
    }
  return clv::predict_rows(where, n, out, n_threads, [&](std::size_t i) {
    const double x = data.frequency[i], tx = data.recency[i], T = data.T[i];
    const double z = t / (al + T + t);
    const bool tabled = x <= kMaxTabledX;
    const double f = tabled ? series[static_cast<std::size_t>(x)](z) : clv::hyp2f1(r + x, b + x, a + b + x - 1, z);
    const double head = (a + b + x - 1) / (a - 1) * (1 - std::exp((r + x) * std::log((al + T) / (al + T + t))) * f);
    const double lc = tabled ? log_c[static_cast<std::size_t>(x)] : std::log(a / (b + x - 1));
    const double odds = x > 0 ? std::exp(lc + (r + x) * std::log((al + T) / (al + tx))) : 0;
    return head / (1 + odds);
  });
}

Status BetaGeoModel::probability_alive(const ClvHistories& data, std::span<double> out, int n_threads) const {
  constexpr const char* where = "BetaGeoModel::probability_alive";
  SEGCORE_RETURN_IF_ERROR(clv::require_fitted(*this, where));
  SEGCORE_RETURN_IF_ERROR(check_histories(data, where));
  SEGCORE_RETURN_IF_ERROR(clv::check_output(data.frequency.size(), out, where));
  const double r = params_[0], al = params_[1], a = params_[2], b = params_[3];
  return clv::predict_rows(where, data.frequency.size(), out, n_threads, [&](std::size_t i) {
    const double x = data.frequency[i];
    if (x == 0) return 1.0;
    const double lodds = std::log(a / (b + x - 1)) + (r + x) * std::log((al + data.T[i]) / (al + data.recency[i]));
    return 1 / (1 + std::exp(lodds));
  });
}

SEGCORE_NAMESPACE_END
