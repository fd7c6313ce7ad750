// Special functions the CLV models need, written for positive arguments. special.cpp says how
// each is computed and how accurate it is.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <vector>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

// log B(a, b) for a, b > 0, without the cancellation of lgamma(a) + lgamma(b) - lgamma(a + b)
// when an argument is large.
double log_beta(double a, double b);

// psi(x) = d/dx log Gamma(x) and psi'(x), for x > 0.
double digamma(double x);
double trigamma(double x);

// The hypergeometric-type power series sum_k c_k z^k with c_0 = 1 and
//   c_{k+1} / c_k = (a + k)(b + k) / ((c + k)(d + k)),
// i.e. 2F1(a, b; c; z) for d = 1 and 3F2(a, b, 1; c, d; z) in general, for c, d > 0 and
// 0 <= z < 1. The coefficients may change sign (a or b negative) for a few k. NaN when the
// series has not converged after max_terms terms, or when its terms cancel so much
// (sum |c_k z^k| > 1e7 |sum|) that fewer than 9 digits would be right.
inline constexpr long kMaxSeriesTerms = 10'000'000;
double hyp_series(double a, double b, double c, double d, double z, long max_terms = kMaxSeriesTerms);

// Gauss's 2F1(a, b; c; z) by its power series: hyp_series(a, b, c, 1, z).
double hyp2f1(double a, double b, double c, double z, long max_terms = kMaxSeriesTerms);

// The same series for many z sharing a, b, c and d: the coefficients are computed once,
// enough for every z in [0, z_max] (at most max_terms), and each z then costs a polynomial
// evaluation with four independent Horner chains instead of a division per term.
class HypSeries {
 public:
  HypSeries() = default;
  HypSeries(double a, double b, double c, double d, double z_max, int max_terms = 1024);
  // The series at 0 <= z <= z_max; when the table was cut at max_terms and z needs more
  // terms, or the coefficients change sign, hyp_series is summed instead.
  double operator()(double z) const;

 private:
  double a_ = 0, b_ = 0, c_ = 0, d_ = 1;
  std::vector<double> coef_;  // padded with zeros to a multiple of 4
  std::size_t used_ = 0;      // coefficients before the padding
  bool complete_ = true;      // the table reaches 1e-17 relative at z_max
  bool positive_ = true;      // every coefficient is >= 0 (no cancellation in Horner's sum)
};

// 2F1(a, b; c; z) tables: HypSeries with d = 1.
class Hyp2f1Series : public HypSeries {
 public:
  Hyp2f1Series() = default;
  Hyp2f1Series(double a, double b, double c, double z_max, int max_terms = 1024)
      : HypSeries(a, b, c, 1, z_max, max_terms) {}
};

// log(exp(u) + exp(v)) without overflow.
double log_add_exp(double u, double v);

// log(1 + exp(u)) without overflow or loss for large |u|.
double log1p_exp(double u);

// 1 / (1 + exp(u)), the probability whose log-odds against it are u, without overflow.
double inverse_logit_neg(double u);

// (1 - (c / (c + t))^e) / e for c > 0, t >= 0, continuous at e = 0 where it is
// log((c + t) / c), without cancellation for small t or e.
double power_gap(double c, double t, double e);

// The sum of a few doubles with compensation (Neumaier): exact to a rounding of the result,
// so that a + b - 1 keeps its digits when a + b is close to 1.
double compensated_sum(std::initializer_list<double> terms);

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
