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
//  - hyp2f1: the Gauss power series sum_k (a)_k (b)_k / ((c)_k k!) z^k. With a, b, c > 0 and
//    0 <= z < 1 every term is positive, so the sum has no cancellation and its relative error
//    is ~1e-16 per term added. Terms shrink like z^k, so z near 1 needs many terms (about
//    37 / -log z to reach 1e-16); the CLV models call it with z = t / (alpha + T + t) and
//    similar, which is far from 1 in practice. No transformation to 1 - z is attempted.
#include "clv/special.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace segcore::clv {
namespace {

// lgamma(x) minus its Stirling approximation, for x >= 10.
double stirling_remainder(double x) {
  const double y = 1.0 / (x * x);
  return (1.0 / 12 + y * (-1.0 / 360 + y * (1.0 / 1260 + y * (-1.0 / 1680 + y * (1.0 / 1188))))) / x;
}

}  // namespace

double log_beta(double a, double b) {
  if (a > b) std::swap(a, b);  // a <= b
  if (b < 10) return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  const double ratio = a / b;
  // lgamma(b) - lgamma(a + b) by Stirling: -(b - 1/2) log1p(a/b) - a log(a + b) + a + remainders.
  const double big = -(b - 0.5) * std::log1p(ratio) - a * std::log(a + b) + a +
                     stirling_remainder(b) - stirling_remainder(a + b);
  if (a < 10) return std::lgamma(a) + big;
  // Both large: lgamma(a) by Stirling as well, merged so that the x log x terms become logs of
  // ratios: (a - 1/2) log(a / (a + b)) - b log1p(a / b) - log(b) / 2 + log(2 pi) / 2.
  return 0.5 * std::log(2 * std::numbers::pi) + (a - 0.5) * std::log(a / (a + b)) -
         b * std::log1p(ratio) - 0.5 * std::log(b) + stirling_remainder(a) +
         stirling_remainder(b) - stirling_remainder(a + b);
}

double digamma(double x) {
  double acc = 0;
  while (x < 8) {
    acc -= 1.0 / x;
    x += 1;
  }
  const double y = 1.0 / (x * x);
  const double series =
      y * (1.0 / 12 - y * (1.0 / 120 - y * (1.0 / 252 - y * (1.0 / 240 - y * (1.0 / 132 - y * (691.0 / 32760 - y / 12))))));
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
      y * (1.0 / 6 - y * (1.0 / 30 - y * (1.0 / 42 - y * (1.0 / 30 - y * (5.0 / 66 - y * (691.0 / 2730 - y * 7.0 / 6))))));
  return acc + 1.0 / x + 0.5 * y + series / x;
}

double hyp2f1(double a, double b, double c, double z, int max_terms) {
  if (z == 0) return 1;
  double sum = 1, term = 1;
  for (int k = 0; k < max_terms; ++k) {
    term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
    sum += term;
    if (term <= sum * 1e-17) return sum;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

Hyp2f1Series::Hyp2f1Series(double a, double b, double c, double z_max, int max_terms) : a_(a), b_(b), c_(c) {
  double coef = 1, sum = 1, power = 1;
  coef_.push_back(1);
  complete_ = false;
  for (int k = 0; k + 1 < max_terms; ++k) {
    const double ratio = (a + k) * (b + k) / ((c + k) * (k + 1));
    coef *= ratio;
    power *= z_max;
    coef_.push_back(coef);
    const double term = coef * power;
    sum += term;
    if (term <= sum * 1e-17 && ratio * z_max < 1) {  // past the peak and negligible
      complete_ = true;
      break;
    }
  }
  if (z_max == 0) complete_ = true;
  used_ = coef_.size();
  coef_.resize((used_ + 3) / 4 * 4, 0.0);
}

double Hyp2f1Series::operator()(double z) const {
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
    return hyp2f1(a_, b_, c_, z);
  return sum;
}

double log_add_exp(double u, double v) {
  const double m = std::max(u, v);
  if (m == -std::numeric_limits<double>::infinity()) return m;
  return m + std::log1p(std::exp(-std::abs(u - v)));
}

}  // namespace segcore::clv
