// The Pareto/NBD log-likelihood of pareto_nbd.cpp's header comment, written once for two number
// types: double for the value alone, and Jet (jet.hpp) for the value with its gradient and
// Hessian in theta = log(r, alpha, s, beta). Both do the same double operations for the value,
// so a Newton step's objective and its line search's agree to the bit.
//
// The only part a Jet cannot pass through is the 2F1 series Q = 2F1(1, q; c; z): its
// derivatives in (q, c, z) are summed with it, term by term. With t_m = (q)_m / (c)_m z^m,
//   dt_m/dq = t_m a_m,  a_m = sum_{j<m} 1 / (q + j),
//   dt_m/dc = -t_m b_m, b_m = sum_{j<m} 1 / (c + j),
//   dt_m/dz = m t_m / z,
// and the second derivatives follow from da_m/dq = -sum 1 / (q + j)^2 and its twin in c. Every
// term of Q, Q_q, Q_z, Q_qq (a_m^2 >= its squares' sum), Q_qz and Q_zz is >= 0, and of Q_c,
// Q_qc and Q_cz <= 0, so the sums do not cancel.
#include "clv/pareto_likelihood.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "clv/jet.hpp"
#include "clv/special.hpp"
#include "core/log_gamma.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double value(double u) { return u; }
double value(const Jet& u) { return u.v; }

// The series of Q at two points z[0] and z[1] (t_x and T), with its derivatives when kDerivs:
// the two share q and c, so the coefficient ratios and the sums a, b, ... are computed once per
// term for both. Each series stops once Q's tail is below 1e-17 Q (its terms shrink by at least
// z, as q < c) and the tail of Q_zz (the slowest of the sums) below about 1e-13 Q; the value
// path stops at the same term, so both sum the same terms of Q.
using QSums = std::array<double, 10>;

template <bool kDerivs>
std::array<QSums, 2> q_series(double q, double c, const std::array<double, 2>& z) {
  std::array<QSums, 2> s{};
  std::array<double, 2> tol, tol_zz, zm, zm1, zm2;
  std::array<bool, 2> open;
  for (int i = 0; i < 2; ++i) {
    s[i][0] = 1;
    tol[i] = 1e-17 * (1 - z[i]);
    tol_zz[i] = 1e-13 * (1 - z[i]) * (1 - z[i]) * (1 - z[i]);
    zm[i] = 1, zm1[i] = zm2[i] = 0;  // z^m, z^(m-1), z^(m-2)
    open[i] = true;
  }
  double coef = 1, a = 0, b = 0, a2 = 0, b2 = 0;  // coef = (q)_m / (c)_m
  for (long m = 1; m <= kParetoFitTerms; ++m) {
    const double k = static_cast<double>(m - 1), md = static_cast<double>(m);
    const double ic = 1 / (c + k);
    coef *= (q + k) * ic;
    if constexpr (kDerivs) {
      const double iq = 1 / (q + k);
      a += iq, b += ic, a2 += iq * iq, b2 += ic * ic;
    }
    for (int i = 0; i < 2; ++i) {
      if (!open[i]) continue;
      zm2[i] = zm1[i], zm1[i] = zm[i], zm[i] *= z[i];
      const double t = coef * zm[i];
      QSums& u = s[i];
      u[0] += t;
      if constexpr (kDerivs) {
        const double tz = md * coef * zm1[i], tzz = md * (md - 1) * coef * zm2[i];
        u[1] += t * a;
        u[2] -= t * b;
        u[3] += tz;
        u[4] += t * (a * a - a2);
        u[5] -= t * a * b;
        u[6] += tz * a;
        u[7] += t * (b * b + b2);
        u[8] -= tz * b;
        u[9] += tzz;
      }
      open[i] = !(m >= 3 && t <= tol[i] * u[0] && md * md * coef * zm2[i] <= tol_zz[i] * u[0]);
    }
    if (!open[0] && !open[1]) return s;
  }
  for (int i = 0; i < 2; ++i)
    if (open[i]) s[i].fill(kNaN);
  return s;
}

// log Q at t_x and T.
std::array<double, 2> log_q(double q, double c, const std::array<double, 2>& z) {
  const std::array<QSums, 2> s = q_series<false>(q, c, z);
  return {std::log(s[0][0]), std::log(s[1][0])};
}

// log Q as a Jet of q, c and z, from the series' derivatives: (log Q)_i = Q_i / Q and
// (log Q)_ij = Q_ij / Q - (log Q)_i (log Q)_j.
Jet log_q_jet(const QSums& s, const Jet& q, const Jet& c, const Jet& z) {
  const Jet* u[3] = {&q, &c, &z};
  const double l1[3] = {s[1] / s[0], s[2] / s[0], s[3] / s[0]};
  const int pair[3][3] = {{4, 5, 6}, {5, 7, 8}, {6, 8, 9}};
  Jet o(std::log(s[0]));
  std::array<std::array<double, Jet::kVars>, 3> mix{};  // sum_j (log Q)_ij grad u_j
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < Jet::kVars; ++k) o.g[k] += l1[i] * u[i]->g[k];
    for (int k = 0; k < Jet::kPairs; ++k) o.h[k] += l1[i] * u[i]->h[k];
    for (int j = 0; j < 3; ++j) {
      const double l2 = s[pair[i][j]] / s[0] - l1[i] * l1[j];
      for (int k = 0; k < Jet::kVars; ++k) mix[i][k] += l2 * u[j]->g[k];
    }
  }
  for (int i = 0; i < 3; ++i)
    for (int p = 0, k = 0; p < Jet::kVars; ++p)
      for (int r = p; r < Jet::kVars; ++r, ++k) o.h[k] += u[i]->g[p] * mix[i][r];
  return o;
}

std::array<Jet, 2> log_q(const Jet& q, const Jet& c, const std::array<Jet, 2>& z) {
  const std::array<QSums, 2> s = q_series<true>(q.v, c.v, {z[0].v, z[1].v});
  return {log_q_jet(s[0], q, c, z[0]), log_q_jet(s[1], q, c, z[1])};
}

// log(e^d - 1) for d > 0 without overflow.
double log_expm1(double d) { return d > 1 ? d + std::log1p(-std::exp(-d)) : std::log(std::expm1(d)); }
Jet log_expm1(const Jet& d) {
  const double f1 = -1 / std::expm1(-d.v);  // 1 / (1 - e^-d)
  return chain(d, log_expm1(d.v), f1, -f1 * f1 * std::exp(-d.v));
}

// log(e^u + e^v), as special.hpp's log_add_exp computes its value.
using clv_detail::log_add_exp;
Jet log_add_exp(const Jet& u, const Jet& v) {
  const bool u_high = u.v >= v.v;
  const Jet& high = u_high ? u : v;
  const double e = std::exp(-std::abs(u.v - v.v)), share = e / (1 + e);
  Jet o = high + chain(u_high ? v - u : u - v, 0, share, share * (1 - share));
  o.v = std::max(u.v, v.v) + std::log1p(e);
  return o;
}

// log Gamma(u).
double log_gamma_of(double u) { return log_gamma(u); }
Jet log_gamma_of(const Jet& u) { return chain(u, log_gamma(u.v), digamma(u.v), trigamma(u.v)); }

template <class N>
struct Params {
  N r, al, s, be;
  bool al_ge_be;  // alpha >= beta: which form of A0 (pareto_nbd.cpp)
};

// The terms of one distinct x: the row's constant part of the log-likelihood, and A0's form.
template <class N>
struct XTerms {
  N head;       // log Gamma(r + x) - log Gamma(r) + r log alpha + s log beta
  N rx;         // r + x
  N log_ratio;  // log(s / (r + s + x))
  N e_alpha, e_beta, q, c;
};

template <class N>
XTerms<N> x_terms(const Params<N>& p, const N& lead, double x) {
  using std::log;
  XTerms<N> t{log_gamma_of(p.r + x) + lead, p.r + x, log(p.s / (p.r + p.s + x)), N(), N(), N(), p.r + p.s + x + 1};
  if (p.al_ge_be) {
    t.e_alpha = p.r + x, t.e_beta = p.s, t.q = p.r + x;
  } else {
    t.e_alpha = p.r + x - 1, t.e_beta = p.s + 1, t.q = p.s + 1;
  }
  return t;
}

template <class N>
N z_at(const Params<N>& p, double y) {
  return p.al_ge_be ? (p.al - p.be) / (p.al + y) : (p.be - p.al) / (p.be + y);
}

// One history's log-likelihood.
template <class N>
N row_loglik(const Params<N>& p, const XTerms<N>& t, double tx, double T) {
  using std::log, std::log1p;
  const N l_aT = log(p.al + T), l_bT = log(p.be + T);
  const N first = -t.rx * l_aT - p.s * l_bT;
  if (tx == T) return t.head + first;  // A0 = 0
  const std::array<N, 2> lq = log_q(t.q, t.c, std::array<N, 2>{z_at(p, tx), z_at(p, T)});
  const N &lq_tx = lq[0], &lq_T = lq[1];
  const N drop = t.e_alpha * log1p((T - tx) / (p.al + tx)) + t.e_beta * log1p((T - tx) / (p.be + tx)) + lq_tx - lq_T;
  if (!(value(drop) > 0)) return std::isnan(value(drop)) ? N(kNaN) : t.head + first;
  const N log_a0 = -t.e_alpha * l_aT - t.e_beta * l_bT + lq_T + log_expm1(drop);
  return t.head + log_add_exp(first, t.log_ratio + log_a0);
}

template <class N>
void add_weighted(N& sum, double w, const N& u) {
  sum = sum + w * u;
}

// The log-likelihood of all rows: per-x terms once, rows in fixed blocks summed in order.
template <class N>
N total_loglik(const DistinctHistories& d, const Params<N>& p, int threads) {
  using std::log;
  const N lead = -log_gamma_of(p.r) + p.r * log(p.al) + p.s * log(p.be);
  std::vector<XTerms<N>> xt;
  xt.reserve(d.x_value.size());
  for (double x : d.x_value) xt.push_back(x_terms(p, lead, x));
  const Blocks blocks(d.size(), kRowsPerTask);
  std::vector<N> parts(blocks.count(), N(0));
  parallel_for(threads, blocks.count(), [&](std::size_t task) {
    N s(0);
    for (std::size_t i = blocks[task].begin; i < blocks[task].end; ++i)
      add_weighted(s, d.w[i], row_loglik(p, xt[d.x_index[i]], d.t_x[i], d.T[i]));
    parts[task] = s;
  });
  N ll(0);
  for (const N& s : parts) ll = ll + s;
  return ll;
}

}  // namespace

std::array<double, 10> pareto_q_series(double q, double c, double z) { return q_series<true>(q, c, {z, z})[0]; }

bool ParetoObjective::operator()(const Eigen::VectorXd& theta, double* f, Eigen::VectorXd* g,
                                 Eigen::MatrixXd* H) const {
  const std::array<double, 4> prm = {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
  double pen = 0;
  for (int k = 0; k < 4; ++k) pen += weight_[k] * prm[k] * prm[k];
  const double W = d_.total_weight;
  const bool al_ge_be = prm[1] >= prm[3];
  if (g == nullptr) {
    loglik_ = total_loglik(d_, Params<double>{prm[0], prm[1], prm[2], prm[3], al_ge_be}, threads_);
    *f = -loglik_ / W + penalty_ * pen;
    return std::isfinite(*f);
  }
  // Each parameter as a Jet of theta: p = e^theta, so dp/dtheta = d2p/dtheta2 = p.
  std::array<Jet, 4> pj;
  for (int k = 0; k < 4; ++k) {
    pj[k] = Jet(prm[k]);
    pj[k].g[k] = pj[k].h[jet_pair(k, k)] = prm[k];
  }
  const Jet ll = total_loglik(d_, Params<Jet>{pj[0], pj[1], pj[2], pj[3], al_ge_be}, threads_);
  loglik_ = ll.v;
  *f = -ll.v / W + penalty_ * pen;
  if (!std::isfinite(*f)) return false;
  for (int k = 0; k < 4; ++k) {
    const double wp = penalty_ * weight_[k] * prm[k] * prm[k];
    (*g)[k] = -ll.g[k] / W + 2 * wp;
    for (int m = k; m < 4; ++m) (*H)(k, m) = (*H)(m, k) = -ll.h[jet_pair(k, m)] / W + (k == m ? 4 * wp : 0);
  }
  return true;
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
