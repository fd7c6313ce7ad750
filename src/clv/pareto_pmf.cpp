// P(X(t) = n) under Pareto/NBD. A customer's purchases until dropout are NBD, and the dropout
// time tau is Pareto (Lomax) with density s beta^s / (beta + tau)^(s+1), independent of the
// purchase rate, so
//   P(X(t) = n) = NB(n; r, alpha/(alpha+t)) (beta/(beta+t))^s
//               + integral_0^t NB(n; r, alpha/(alpha+tau)) s beta^s (beta+tau)^-(s+1) dtau.
// Fader and Hardie's closed form of the integral ("Deriving an expression for P(X(t) = x) under
// the Pareto/NBD model", 2006) is a 2F1 minus a partial sum of n + 1 others, which cancels
// badly as n grows; the integrand is positive and smooth, so adaptive Gauss-Kronrod quadrature
// gets it to ~1e-12 relative without cancellation. The integrand is scaled by its largest value
// on a grid, so values far below the double range do not underflow before the end. For a large
// r (the conditional distribution's r + x) the integrand is a narrow peak around the NB mode
// tau = n alpha / r: the interval is cut there and a few widths either side, so that no
// quadrature rule steps over the peak.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>

#include "core/log_gamma.hpp"
#include "clv/histories.hpp"
#include "clv/pareto_terms.hpp"
#include "segcore/clv_pmf.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

// Gauss-Kronrod 7-15 nodes on [-1, 1] (QUADPACK's qk15): Kronrod nodes and weights, and the
// Gauss weights of the odd-indexed nodes.
constexpr std::array<double, 8> kNode = {0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                                         0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                                         0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                                         0.207784955007898467600689403773245, 0.0};
constexpr std::array<double, 8> kKronrod = {0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                                            0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                                            0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                                            0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
constexpr std::array<double, 4> kGauss = {0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                                          0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

constexpr int kMaxIntervals = 4000;

// The integral of f over [a, b] to tol absolute: bisection of every interval whose Kronrod and
// Gauss sums differ by more than its share (or 1e-12 of its value); NaN when kMaxIntervals do
// not get there.
template <class F>
double integrate(const F& f, double a, double b, double tol, int* intervals) {
  const double c = 0.5 * (a + b), h = 0.5 * (b - a);
  double k = kKronrod[7] * f(c), g = kGauss[3] * f(c);
  for (int i = 0; i < 7; ++i) {
    const double s = f(c - h * kNode[i]) + f(c + h * kNode[i]);
    k += kKronrod[i] * s;
    if (i % 2 == 1) g += kGauss[i / 2] * s;
  }
  k *= h;
  g *= h;
  // Also accepted at 1e-12 of the interval's own value: the integrand is exp of a log whose
  // rounding (~1e-16 of lgamma(r + n)) makes finer agreement impossible for large n.
  if (std::abs(k - g) <= std::max(tol, 1e-12 * std::abs(k)) || b - a <= 1e-15 * std::abs(b)) return k;
  if (++*intervals > kMaxIntervals) return std::numeric_limits<double>::quiet_NaN();
  return integrate(f, a, c, 0.5 * tol, intervals) + integrate(f, c, b, 0.5 * tol, intervals);
}

}  // namespace

double pareto_log_count_pmf(double r, double al, double s, double be, double t, double k) {
  constexpr double kNegInf = -std::numeric_limits<double>::infinity();
  if (t == 0) return k == 0 ? 0.0 : kNegInf;
  const double head = log_gamma(r + k) - log_gamma(r) - log_gamma(k + 1);
  auto log_nb = [&](double tau) {  // log NB(k; r, alpha / (alpha + tau)); -inf at tau = 0 for k > 0
    const double l = std::log1p(tau / al);
    return head - r * l + (k == 0 ? 0.0 : k * (std::log(tau / al) - l));
  };
  auto log_integrand = [&](double tau) { return log_nb(tau) + std::log(s / be) - (s + 1) * std::log1p(tau / be); };
  const double alive = log_nb(t) - s * std::log1p(t / be);
  // Cuts: 0, the NB mode and 1, 3, 10 and 30 of its widths (from the curvature of log NB)
  // either side where inside (0, t), and t.
  std::array<double, 11> cuts{};
  std::size_t n_cuts = 0;
  cuts[n_cuts++] = 0;
  if (k > 0) {
    const double mode = k * al / r, width = al * std::sqrt(k * (r + k) / (r * r * r));
    for (double z : {-30.0, -10.0, -3.0, -1.0, 0.0, 1.0, 3.0, 10.0, 30.0}) {
      const double c = mode + z * width;
      if (c > cuts[n_cuts - 1] && c < t) cuts[n_cuts++] = c;
    }
  }
  cuts[n_cuts++] = t;
  double top = alive;
  for (int j = 1; j <= 64; ++j) top = std::max(top, log_integrand(t * j / 64.0));
  for (std::size_t j = 1; j < n_cuts; ++j) top = std::max(top, log_integrand(cuts[j]));
  int intervals = 0;
  double rest = 0;
  for (std::size_t j = 1; j < n_cuts; ++j)
    rest += integrate([&](double tau) { return std::exp(log_integrand(tau) - top); }, cuts[j - 1], cuts[j], 1e-15,
                      &intervals);
  return top + std::log(std::exp(alive - top) + rest);
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

Status probability_of_n_purchases(const ParetoNbdModel& model, double t, std::span<const double> n,
                                  std::span<double> out) {
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_count_query(model, t, n, out));
  const auto p = model.params();
  return clv_detail::predict_rows(n.size(), out, 1, [&](std::size_t i) {
    return std::exp(clv_detail::pareto_log_count_pmf(p[0], p[1], p[2], p[3], t, n[i]));
  });
}

SEGCORE_NAMESPACE_END
