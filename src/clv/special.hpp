// Special functions the CLV models need, written for positive arguments. special.cpp says how
// each is computed and how accurate it is.
#pragma once

#include <cstddef>
#include <vector>

namespace segcore::clv {

// log B(a, b) for a, b > 0, without the cancellation of lgamma(a) + lgamma(b) - lgamma(a + b)
// when an argument is large.
double log_beta(double a, double b);

// psi(x) = d/dx log Gamma(x) and psi'(x), for x > 0.
double digamma(double x);
double trigamma(double x);

// Gauss's 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1, where every term of the power
// series is positive. NaN when the series has not converged after max_terms terms.
double hyp2f1(double a, double b, double c, double z, int max_terms = 200000);

// The same series for many z sharing a, b and c: the coefficients (a)_k (b)_k / ((c)_k k!) are
// computed once, enough for every z in [0, z_max] (at most max_terms), and each z then costs
// a polynomial evaluation with four independent Horner chains instead of a division per term.
// All coefficients are positive, so the evaluation has no cancellation either.
class Hyp2f1Series {
 public:
  Hyp2f1Series() = default;
  Hyp2f1Series(double a, double b, double c, double z_max, int max_terms = 1024);
  // 2F1(a, b; c; z) for 0 <= z <= z_max; when the table was cut at max_terms and z needs more
  // terms, the plain series (hyp2f1) is summed instead.
  double operator()(double z) const;

 private:
  double a_ = 0, b_ = 0, c_ = 0;
  std::vector<double> coef_;  // padded with zeros to a multiple of 4
  std::size_t used_ = 0;      // coefficients before the padding
  bool complete_ = true;      // the table reaches 1e-17 relative at z_max
};

// log(exp(u) + exp(v)) without overflow.
double log_add_exp(double u, double v);

}  // namespace segcore::clv
