// BG/NBD: Fader, Hardie and Lee (2005), "Counting your customers the easy way", and its
// modification MBG/NBD (Batislam, Denizel and Filiztekin 2007), in which a customer may also
// drop out right after the first purchase.
//
// Per customer, with B the Beta function,
//   L = B(a, b + x) / B(a, b) * Gamma(r + x) alpha^r / Gamma(r)
//       * [ (alpha + T)^-(r+x) + [x > 0] a / (b + x - 1) (alpha + t_x)^-(r+x) ],
// the two bracketed terms combined in log space. The terms that depend on x alone (the Gamma
// and Beta ratios, and their derivatives) are computed once per distinct x; the per-row work
// is two logs, an exp and a log1p. Gradient and Hessian are analytic (docs/CLV.md).
//
// MBG/NBD is BG/NBD with b + 1 in place of b everywhere except B(a, b) in the denominator, and
// with the second bracketed term for x = 0 too:
//   L = B(a, b + x + 1) / B(a, b) ... [ (alpha + T)^-(r+x) + a / (b + x) (alpha + t_x)^-(r+x) ],
// so the code below runs on bb = b + 1 (derivatives in b and bb are the same) and adds
// log B(a, b + 1) - log B(a, b) = log(b / (a + b)) per customer.
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

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
  // modified: MBG/NBD instead of BG/NBD.
  Likelihood(const DistinctHistories& d, double penalty, const Eigen::VectorXd& penalty_weight, int n_threads,
             bool modified)
      : d_(d), penalty_(penalty), weight_(penalty_weight), threads_(resolve_threads(n_threads)), modified_(modified) {}

  bool operator()(const Eigen::VectorXd& theta, double* f, Eigen::VectorXd* g, Eigen::MatrixXd* H) const {
    const double r = std::exp(theta[0]), al = std::exp(theta[1]), a = std::exp(theta[2]), b0 = std::exp(theta[3]);
    const double b = modified_ ? b0 + 1 : b0;  // the b of the BG/NBD expressions
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
      t.ll = log_gamma(r + x) - log_gamma(r) + r * la + log_beta(a, b + x) - lbab;
      xs.ll += W * t.ll;
      if (x > 0 || modified_) {
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
    if (modified_) {  // log(b0 / (a + b0)) per customer, and its derivatives
      const double W = d_.total_weight, s = 1 / (a + b0);
      xs.ll += W * (std::log(b0) - std::log(a + b0));
      xs.g[2] -= W * s;
      xs.g[3] += W * (1 / b0 - s);
      xs.h[hidx(2, 2)] += W * s * s;
      xs.h[hidx(2, 3)] += W * s * s;
      xs.h[hidx(3, 3)] += W * (s * s - 1 / (b0 * b0));
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
        if (d_.t_x[i] == 0 && !modified_) {  // BG/NBD, x = 0: only the first term
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
    const std::array<double, 4> prm = {r, al, a, b0};
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
  bool modified_;
  mutable double loglik_ = 0;
};

// E[Y(t) | x, t_x, T] = H / (1 + odds), with the alive-odds of probability_alive and
//   H = C / (a - 1) [1 - (1 - z)^(r+x) 2F1(r + x, b + x; C; z)],  C = a + b + x - 1,
//   z = t / (alpha + T + t). For large x that 2F1 grows like (1 - z)^-(r+x) (it overflows
// near x = 1000) while the power underflows, and their product is close to 1: the bracket
// loses every digit. Euler's transformation 2F1(A, B; C; z) = (1 - z)^(C-A-B) 2F1(C-A, C-B; C; z)
// with C - A = p = a + b - 1 - r and C - B = a - 1 turns H into
//   H = C G(z) - (1 - z)^(a-1) p z Phi(z),  G = (1 - (1 - z)^(a-1)) / (a - 1) (power_gap),
//   Phi = sum_m (p + 1)_m (a)_m / ((C + 1)_m (2)_m) z^m,
// because every term of 2F1(p, a - 1; C; z) - 1 has the factor (a - 1). This form has no
// removable singularity at a = 1, no 1 - (~1) cancellation for small t, and a series whose
// terms shrink faster as x grows (like m^(a - r - x - 2) z^m). Phi's coefficients are positive
// unless a + b < r.
struct Head {
  double C, p;  // a + b + x - 1 and a + b - 1 - r, summed with compensation
};

Head head_constants(double r, double a, double b, double x) {
  return {compensated_sum({a, b, x, -1.0}), compensated_sum({a, b, -1.0, -r})};
}

double head(const Head& h, double a, double alpha_T, double t, double phi) {
  const double z = t / (alpha_T + t);
  const double l = std::log1p(t / alpha_T);     // -log(1 - z)
  const double gap = std::expm1(-(a - 1) * l);  // (1 - z)^(a-1) - 1
  const double G = a == 1 ? l : -gap / (a - 1);
  return h.C * G - (1 + gap) * h.p * z * phi;
}

// The bands of z = t / (alpha_T + t) that share a Phi table: band j holds 1 - 2^-(j-1) <= z <=
// 1 - 2^-j (band 0 is z = 0), so a table sized for its band's largest z has at most about
// twice the terms a row needs. -1 past the last band, where the row sums its own series.
constexpr int kBands = 64;
int z_band(double t, double alpha_T) {
  if (t == 0) return 0;
  const double band = std::floor(std::log2(1 + t / alpha_T)) + 1;  // -log2(1 - z) < band
  return band < 53 ? static_cast<int>(band) : -1;
}
double band_z_max(int band) { return band == 0 ? 0.0 : 1 - std::ldexp(1.0, -band); }
std::uint64_t table_key(double x, int band) { return static_cast<std::uint64_t>(x) * kBands + band; }

// log of the odds that the customer has dropped out: a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r+x);
// -inf for x = 0 under BG/NBD (its customers cannot drop out before their first repeat
// purchase); MBG/NBD passes b + 1 and always has the odds. log_a is log(a), computed once per call.
double log_dead_odds(bool modified, double r, double alpha, double log_a, double b, double x, double tx, double T) {
  if (x == 0 && !modified) return -std::numeric_limits<double>::infinity();
  return log_a - std::log(b + (x - 1)) + (r + x) * std::log1p((T - tx) / (alpha + tx));
}

// H / (1 + exp(lodds)) in logs, so that a tiny P(alive) does not turn a finite value into 0 * inf.
double conditional_value(double head_value, double lodds) {
  if (!(head_value > 0)) return head_value == 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN();
  if (lodds < 700) return head_value * inverse_logit_neg(lodds);  // P(alive) >= 1e-304
  return std::exp(std::log(head_value) - log1p_exp(lodds));
}

// The share of customers a BG/NBD model lets drop out within t_max: those who leave after one
// of the purchases an average customer makes in that time, n = t_max r / alpha; the chance of
// staying through n purchases is E[(1 - p)^n] = B(a, b + n) / B(a, b). MBG/NBD customers may
// also leave right after the first purchase: n + 1 chances.
double share_lost(bool modified, std::span<const double> p, double t_max) {
  const double n = t_max * p[0] / p[1] + (modified ? 1 : 0);
  return -std::expm1(log_beta(p[2], p[3] + n) - log_beta(p[2], p[3]));
}

// Fits BG/NBD or MBG/NBD; the caller stores the outcome in its members.
struct BgFit {
  FitOutcome out;
  double log_likelihood = 0;
  std::size_t distinct = 0;
};

StatusOr<BgFit> fit_bg(const char* where, bool modified, const ClvHistories& data, const ClvFitOptions& options,
                       ClvFitDiagnostics* diagnostics) {
  SEGCORE_RETURN_IF_ERROR(validate(options));
  SEGCORE_RETURN_IF_ERROR(check_histories(data, where));
  const DistinctHistories d = group_histories(data);
  SEGCORE_ASSIGN_OR_RETURN(const double interval, mean_purchase_interval(d, where));
  // alpha is in time units: it is judged and penalised in units of the oldest customer's T.
  const double t_max = max_age(data);
  ParamSpace space{kNames,
                   Eigen::VectorXd::Zero(4),
                   [t_max, modified](std::span<const double> p, const std::vector<bool>& off) {
                     return explain_purchase_fit(kNames, p, off, share_lost(modified, p, t_max),
                                                 "how the chance of dropping out differs between customers");
                   },
                   [t_max, modified](std::span<const double> p) { return share_lost(modified, p, t_max); },
                   {2, 3}};
  space.log_scale[1] = std::log(t_max);
  Likelihood lik(d, options.l2_penalty, penalty_weights(space.log_scale), options.n_threads, modified);
  // Start: r = 1, a = 1, b = 1 and alpha from the mean purchase rate r / alpha ~ sum x / sum T.
  Eigen::VectorXd theta0(4);
  theta0 << 0, std::log(interval), 0, 0;
  Objective obj = [&lik](const Eigen::VectorXd& t, double* f, Eigen::VectorXd* g, Eigen::MatrixXd* H) {
    return lik(t, f, g, H);
  };
  BgFit fit;
  SEGCORE_ASSIGN_OR_RETURN(fit.out, fit_log_params(where, obj, theta0, options, d.total_weight, space, diagnostics));
  double f;
  Eigen::VectorXd theta(4);
  for (int k = 0; k < 4; ++k) theta[k] = std::log(fit.out.params[k]);
  lik(theta, &f, nullptr, nullptr);
  fit.log_likelihood = lik.last_loglik();
  fit.distinct = d.size();
  return fit;
}

// The predictions of both models from their parameters (r, alpha, a, b).
Status expected_bg(const char* where, bool modified, std::span<const double> params, std::span<const double> t,
                   std::span<double> out) {
  SEGCORE_RETURN_IF_ERROR(check_output(t.size(), out, where));
  const double r = params[0], al = params[1], a = params[2], b = params[3] + (modified ? 1 : 0);
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!(t[i] >= 0) || !std::isfinite(t[i]))
      return invalid_argument(where, "t[", i, "] is ", t[i], "; it must be finite and >= 0");
  // E[X(t)] is E[Y(t) | x = 0, t_x = 0, T = 0] (for MBG/NBD with the odds a / b of leaving at once).
  const Head h = head_constants(r, a, b, 0);
  const double lodds = log_dead_odds(modified, r, al, std::log(a), b, 0, 0, 0);
  return predict_rows(t.size(), out, 1, [&](std::size_t i) {
    const double z = t[i] / (al + t[i]);
    const double phi = hyp_series(h.p + 1, a, h.C + 1, 2, z);
    return conditional_value(head(h, a, al, t[i], phi), lodds);
  });
}

Status conditional_bg(const char* where, bool modified, std::span<const double> params, double t,
                      const ClvHistories& data, std::span<double> out, int n_threads) {
  SEGCORE_RETURN_IF_ERROR(check_histories(data, where));
  SEGCORE_RETURN_IF_ERROR(check_output(data.frequency.size(), out, where));
  if (!(t >= 0) || !std::isfinite(t)) return invalid_argument(where, "t is ", t, "; it must be finite and >= 0");
  const double r = params[0], al = params[1], a = params[2], b = params[3] + (modified ? 1 : 0), log_a = std::log(a);
  const std::size_t n = data.frequency.size();
  // Phi has the same coefficients for every row with the same x: one table per x small enough
  // to index and per band of z. A table's length (and so the rounding of its sum) depends on
  // its z_max; taking z_max from the row's own band, never from the other rows of the call,
  // gives each row the same bits whether it is scored alone or in any batch.
  constexpr double kMaxTabledX = 1 << 16;
  // bands[x]: a bit per band of z that rows with that x fall in; first[x]: the index of x's
  // first table, so that a row's table is first[x] plus the number of x's bands below its own.
  std::vector<std::uint64_t> bands;
  for (std::size_t i = 0; i < n; ++i) {
    const int band = z_band(t, al + data.T[i]);
    if (data.frequency[i] > kMaxTabledX || band < 0) continue;
    const auto x = static_cast<std::size_t>(data.frequency[i]);
    if (x >= bands.size()) bands.resize(x + 1, 0);
    bands[x] |= std::uint64_t{1} << band;
  }
  std::vector<std::uint64_t> keys;
  std::vector<std::uint32_t> first(bands.size());
  for (std::size_t x = 0; x < bands.size(); ++x) {
    first[x] = static_cast<std::uint32_t>(keys.size());
    for (int band = 0; band < kBands; ++band)
      if (bands[x] >> band & 1) keys.push_back(table_key(static_cast<double>(x), band));
  }
  std::vector<HypSeries> series(keys.size());
  std::vector<Head> heads(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const int band = static_cast<int>(keys[k] % kBands);
    heads[k] = head_constants(r, a, b, static_cast<double>(keys[k] / kBands));
    series[k] = HypSeries(heads[k].p + 1, a, heads[k].C + 1, 2, band_z_max(band));
  }
  return predict_rows(n, out, n_threads, [&](std::size_t i) {
    const double x = data.frequency[i], tx = data.recency[i], T = data.T[i];
    const double z = t / (al + T + t);
    const int band = z_band(t, al + T);
    const bool tabled = x <= kMaxTabledX && band >= 0;
    const auto xi = static_cast<std::size_t>(x);
    const std::size_t k = tabled ? first[xi] + std::popcount(bands[xi] & ((std::uint64_t{1} << band) - 1)) : 0;
    const Head h = tabled ? heads[k] : head_constants(r, a, b, x);
    const double phi = tabled ? series[k](z) : hyp_series(h.p + 1, a, h.C + 1, 2, z);
    return conditional_value(head(h, a, al + T, t, phi), log_dead_odds(modified, r, al, log_a, b, x, tx, T));
  });
}

Status alive_bg(const char* where, bool modified, std::span<const double> params, const ClvHistories& data,
                std::span<double> out, int n_threads) {
  SEGCORE_RETURN_IF_ERROR(check_histories(data, where));
  SEGCORE_RETURN_IF_ERROR(check_output(data.frequency.size(), out, where));
  const double r = params[0], al = params[1], log_a = std::log(params[2]), b = params[3] + (modified ? 1 : 0);
  return predict_rows(data.frequency.size(), out, n_threads, [&](std::size_t i) {
    return inverse_logit_neg(log_dead_odds(modified, r, al, log_a, b, data.frequency[i], data.recency[i], data.T[i]));
  });
}

}  // namespace
}  // namespace clv_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

std::span<const char* const> BetaGeoModel::param_names() const { return clv_detail::kNames; }

Status BetaGeoModel::fit(const ClvHistories& data, const ClvFitOptions& options) {
  constexpr const char* where = "BetaGeoModel::fit";
  // Cancellable as a whole, the grouping of the rows included (progress.hpp).
  return detail::cancellable(where, [&]() -> Status {
    SEGCORE_ASSIGN_OR_RETURN(clv_detail::BgFit fit, clv_detail::fit_bg(where, false, data, options, &diagnostics_));
    params_ = std::move(fit.out.params);
    standard_errors_ = std::move(fit.out.standard_errors);
    covariance_ = std::move(fit.out.covariance);
    log_likelihood_ = fit.log_likelihood;
    n_distinct_ = fit.distinct;
    return absl::OkStatus();
  });
}

Status BetaGeoModel::expected_purchases(std::span<const double> t, std::span<double> out) const {
  constexpr const char* where = "BetaGeoModel::expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  return clv_detail::expected_bg(where, false, params_, t, out);
}

Status BetaGeoModel::conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                                    int n_threads) const {
  constexpr const char* where = "BetaGeoModel::conditional_expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  return clv_detail::conditional_bg(where, false, params_, t, data, out, n_threads);
}

Status BetaGeoModel::probability_alive(const ClvHistories& data, std::span<double> out, int n_threads) const {
  constexpr const char* where = "BetaGeoModel::probability_alive";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  return clv_detail::alive_bg(where, false, params_, data, out, n_threads);
}

std::span<const char* const> ModifiedBetaGeoModel::param_names() const { return clv_detail::kNames; }

Status ModifiedBetaGeoModel::fit(const ClvHistories& data, const ClvFitOptions& options) {
  constexpr const char* where = "ModifiedBetaGeoModel::fit";
  return detail::cancellable(where, [&]() -> Status {
    SEGCORE_ASSIGN_OR_RETURN(clv_detail::BgFit fit, clv_detail::fit_bg(where, true, data, options, &diagnostics_));
    params_ = std::move(fit.out.params);
    standard_errors_ = std::move(fit.out.standard_errors);
    covariance_ = std::move(fit.out.covariance);
    log_likelihood_ = fit.log_likelihood;
    n_distinct_ = fit.distinct;
    return absl::OkStatus();
  });
}

Status ModifiedBetaGeoModel::expected_purchases(std::span<const double> t, std::span<double> out) const {
  constexpr const char* where = "ModifiedBetaGeoModel::expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  return clv_detail::expected_bg(where, true, params_, t, out);
}

Status ModifiedBetaGeoModel::conditional_expected_purchases(double t, const ClvHistories& data, std::span<double> out,
                                                            int n_threads) const {
  constexpr const char* where = "ModifiedBetaGeoModel::conditional_expected_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  return clv_detail::conditional_bg(where, true, params_, t, data, out, n_threads);
}

Status ModifiedBetaGeoModel::probability_alive(const ClvHistories& data, std::span<double> out, int n_threads) const {
  constexpr const char* where = "ModifiedBetaGeoModel::probability_alive";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(*this, where));
  return clv_detail::alive_bg(where, true, params_, data, out, n_threads);
}

SEGCORE_NAMESPACE_END
