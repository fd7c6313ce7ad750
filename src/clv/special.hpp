// Special functions the CLV models need, written for positive arguments. special.cpp says how
// each is computed and how accurate it is.
#pragma once

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

// log(exp(u) + exp(v)) without overflow.
double log_add_exp(double u, double v);

}  // namespace segcore::clv
