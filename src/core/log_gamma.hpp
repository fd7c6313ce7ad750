// log |Gamma(x)| without the C library's global: std::lgamma stores the sign in `signgam`, a
// write that races when two threads call it (ThreadSanitizer reports it); lgamma_r returns the
// sign to the caller instead.
#pragma once

#include <math.h>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN

inline double log_gamma(double x) {
  int sign;
  return lgamma_r(x, &sign);
}

SEGCORE_NAMESPACE_END
