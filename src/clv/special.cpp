// Special functions for the CLV models.
//
// Accuracy (checked in tests/clv/test_special.cpp against values from scipy.special):
//  - log_beta: lgamma directly while both arguments are below 10; otherwise Stirling's series
//    with the remainder delta(x) = lgamma(x) - [(x - 1/2) log x - x + log(2 pi) / 2] summed to
//    x^-9 (error below 1e-16 for x >= 10), arranged so that the large terms cancel
//    analytically (log1p of the ratio) instead of numerically. Absolute error ~1e-14.
//  - digamma, trigamma: the recurrences psi(x) = psi(x + 1) - 1/x and
//    psi'(x) = psi'(x + 1) + 1/x^2 up to x >= 8, then the asymptotic series in 1/x^2 to
//    x^-14 / x^-15 (truncation below 1e-16). Relative error ~1e-15.
//  - hyp_series (2F1, and 3F2 with a unit upper parameter): the power series, summed until a
//    rigorous bound on the tail (each later term ratio is below z max(1, (a+k)/(c+k))
//    max(1, (b+k)/(d+k))) is below 1e-17 of the sum. The models call it only after Euler's
//    transformation has put it where its terms are positive, or signed for a few terms only,
//    and shrinking (bgnbd.cpp, pareto_nbd.cpp), so the relative error is ~1e-16 per term;
//    when signed terms cancel by more than 1e7 the result is NaN, not a guess. Terms shrink
//    like z^k, so z near 1 needs many: the sum gives up (NaN) after kMaxSeriesTerms, i.e.
//    below 1 - z ~ 1e-6 for the slowest series.
//    Boost.Math has no 2F1 of its own (its hypergeometric_pFq sums the same series, without
//    the transformations), so it would add a dependency without adding a method.
#include "core/log_gamma.hpp"
#include "clv/special.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

// lgamma(x) minus its Stirling approximation, for x >= 10.
double stirling_remainder(double x) {
  const double y = 1.0 / (x * x);
  return (1.0 / 12 + y * (-1.0 / 360 + y * (1.0 / 1260 + y * (-1.0 / 1680 + y * (1.0 / 1188))))) / x;
}

}  // namespace

double log_beta(double a, double b) {
  if (a > b) std::swap(a, b);  // a <= b
  if (b < 10) return log_gamma(a) + log_gamma(b) - log_gamma(a + b);
  const double ratio = a / b;
  // lgamma(b) - lgamma(a + b) by Stirling: -(b - 1/2) log1p(a/b) - a log(a + b) + a + remainders.
  const double big =
      -(b - 0.5) * std::log1p(ratio) - a * std::log(a + b) + a + stirling_remainder(b) - stirling_remainder(a + b);
  if (a < 10) return log_gamma(a) + big;
  // Both large: lgamma(a) by Stirling as well, merged so that the x log x terms become logs of
  // ratios: (a - 1/2) log(a / (a + b)) - b log1p(a / b) - log(b) / 2 + log(2 pi) / 2.
  return 0.5 * std::log(2 * std::numbers::pi) + (a - 0.5) * std::log(a / (a + b)) - b * std::log1p(ratio) -
         0.5 * std::log(b) + stirling_remainder(a) + stirling_remainder(b) - stirling_remainder(a + b);
}

double digamma(double x) {
  double acc = 0;
  while (x < 8) {
    acc -= 1.0 / x;
    x += 1;
  }
  const double y = 1.0 / (x * x);
  const double series =
      y *
      (1.0 / 12 - y * (1.0 / 120 - y * (1.0 / 252 - y * (1.0 / 240 - y * (1.0 / 132 - y * (691.0 / 32760 - y / 12))))));
  return acc + std::log(x) - 0.5 / x - series;
}

double trigamma(double x) {
  double acc = 0;
  while (x < 8) {
    acc += 1.0 / (x * x);
    x += 1;
  }
  const double y = 1.0 / (x * x);
  const double series =
      y *
      (1.0 / 6 - y * (1.0 / 30 - y * (1.0 / 42 - y * (1.0 / 30 - y * (5.0 / 66 - y * (691.0 / 2730 - y * 7.0 / 6))))));
  return acc + 1.0 / x + 0.5 * y + series / x;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// An upper bound on |c_{k'+1} / c_{k'}| z for every k' >= k, or +inf when there is none yet
// (a + k or b + k still negative). Each factor (a + k) / (c + k) moves monotonically towards 1,
// so its supremum over k' >= k is max(1, its value at k); both pairings of a, b with c, d are
// valid, and the smaller bound is kept.
double ratio_bound(double a, double b, double c, double d, double z, double k) {
  if (a + k < 0 || b + k < 0) return std::numeric_limits<double>::infinity();
  auto f = [k](double num, double den) { return std::max(1.0, (num + k) / (den + k)); };
  return z * std::min(f(a, c) * f(b, d), f(a, d) * f(b, c));
}

// The tail after a term of size |term| is below |term| * bound / (1 - bound).
bool tail_negligible(double term, double sum, double bound) {
  return bound < 1 && std::abs(term) * bound <= 1e-17 * std::abs(sum) * (1 - bound);
}

}  // namespace

double hyp_series(double a, double b, double c, double d, double z, long max_terms) {
  if (z == 0) return 1;
  double sum = 1, abs_sum = 1, term = 1;
  for (long k = 0; k < max_terms; ++k) {
    const double kd = static_cast<double>(k);
    term *= (a + kd) * (b + kd) / ((c + kd) * (d + kd)) * z;
    sum += term;
    abs_sum += std::abs(term);
    // The bound costs divisions: only worth it once the terms are small.
    const bool small = std::abs(term) <= 1e-15 * std::abs(sum);
    if (term == 0 || (small && tail_negligible(term, sum, ratio_bound(a, b, c, d, z, kd + 1))))
      return abs_sum > 1e7 * std::abs(sum) ? kNaN : sum;
  }
  return kNaN;
}

double hyp2f1(double a, double b, double c, double z, long max_terms) { return hyp_series(a, b, c, 1, z, max_terms); }

HypSeries::HypSeries(double a, double b, double c, double d, double z_max, int max_terms) : a_(a), b_(b), c_(c), d_(d) {
  double coef = 1, sum = 1, power = 1;
  coef_.push_back(1);
  complete_ = z_max == 0;
  for (int k = 0; !complete_ && k + 1 < max_terms; ++k) {
    const double kd = k;
    coef *= (a + kd) * (b + kd) / ((c + kd) * (d + kd));
    power *= z_max;
    coef_.push_back(coef);
    positive_ = positive_ && coef >= 0;
    const double term = coef * power;
    sum += term;
    complete_ = term == 0 || tail_negligible(term, sum, ratio_bound(a, b, c, d, z_max, kd + 1));
  }
  used_ = coef_.size();
  coef_.resize((used_ + 3) / 4 * 4, 0.0);
}

double HypSeries::operator()(double z) const {
  if (!positive_) return hyp_series(a_, b_, c_, d_, z);  // signed terms: the sum checks its cancellation
  const double z2 = z * z, z4 = z2 * z2;
  double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
  for (std::size_t k = coef_.size(); k >= 4; k -= 4) {
    p0 = p0 * z4 + coef_[k - 4];
    p1 = p1 * z4 + coef_[k - 3];
    p2 = p2 * z4 + coef_[k - 2];
    p3 = p3 * z4 + coef_[k - 1];
  }
  const double sum = p0 + z * (p1 + z * (p2 + z * p3));
  if (!complete_ && z > 0 && coef_[used_ - 1] * std::pow(z, static_cast<double>(used_ - 1)) > sum * 1e-17)
    return hyp_series(a_, b_, c_, d_, z);
  return sum;
}

double log_add_exp(double u, double v) {
  const double m = std::max(u, v);
  if (m == -std::numeric_limits<double>::infinity()) return m;
  return m + std::log1p(std::exp(-std::abs(u - v)));
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

double log1p_exp(double u) { return u > 0 ? u + std::log1p(std::exp(-u)) : std::log1p(std::exp(u)); }

double inverse_logit_neg(double u) {
  if (u > 0) {
    const double e = std::exp(-u);
    return e / (1 + e);
  }
  return 1 / (1 + std::exp(u));
}

double power_gap(double c, double t, double e) {
  const double l = std::log1p(t / c);
  return std::abs(e * l) < 1e-300 ? l : -std::expm1(-e * l) / e;
}

double compensated_sum(std::initializer_list<double> terms) {
  double sum = 0, comp = 0;
  for (double v : terms) {
    const double t = sum + v;
    comp += std::abs(sum) >= std::abs(v) ? (sum - t) + v : (v - t) + sum;
    sum = t;
  }
  return sum + comp;
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
