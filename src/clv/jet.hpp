// A number carried with its gradient and Hessian in four variables (second-order forward
// differentiation), for likelihoods whose analytic derivatives would be long to write out by
// hand (Pareto/NBD). The value of every operation is computed exactly as the double operation
// would be, so code templated on the number type gives the same value bits in both.
#pragma once

#include <array>
#include <cmath>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

struct Jet {
  static constexpr int kVars = 4;
  static constexpr int kPairs = kVars * (kVars + 1) / 2;
  double v = 0;
  std::array<double, kVars> g{};
  std::array<double, kPairs> h{};  // upper triangle, row by row: (0,0) (0,1) .. (0,3) (1,1) ..

  Jet() = default;
  explicit Jet(double value) : v(value) {}  // a constant
};

// Index of the pair (i, j), i <= j, in Jet::h.
constexpr int jet_pair(int i, int j) { return i * Jet::kVars - i * (i - 1) / 2 + (j - i); }

// f(u) from f's value and its first two derivatives at u.v.
inline Jet chain(const Jet& u, double f, double f1, double f2) {
  Jet o(f);
  for (int i = 0; i < Jet::kVars; ++i) o.g[i] = f1 * u.g[i];
  for (int i = 0, k = 0; i < Jet::kVars; ++i)
    for (int j = i; j < Jet::kVars; ++j, ++k) o.h[k] = f1 * u.h[k] + f2 * u.g[i] * u.g[j];
  return o;
}

inline Jet operator+(const Jet& a, const Jet& b) {
  Jet o(a.v + b.v);
  for (int i = 0; i < Jet::kVars; ++i) o.g[i] = a.g[i] + b.g[i];
  for (int k = 0; k < Jet::kPairs; ++k) o.h[k] = a.h[k] + b.h[k];
  return o;
}
inline Jet operator-(const Jet& a, const Jet& b) {
  Jet o(a.v - b.v);
  for (int i = 0; i < Jet::kVars; ++i) o.g[i] = a.g[i] - b.g[i];
  for (int k = 0; k < Jet::kPairs; ++k) o.h[k] = a.h[k] - b.h[k];
  return o;
}
inline Jet operator-(const Jet& a) { return chain(a, -a.v, -1, 0); }
inline Jet operator+(const Jet& a, double c) {
  Jet o = a;
  o.v = a.v + c;
  return o;
}
inline Jet operator+(double c, const Jet& a) {
  Jet o = a;
  o.v = c + a.v;
  return o;
}
inline Jet operator-(const Jet& a, double c) { return a + -c; }
inline Jet operator-(double c, const Jet& a) { return chain(a, c - a.v, -1, 0); }
inline Jet operator*(double c, const Jet& a) { return chain(a, c * a.v, c, 0); }
inline Jet operator*(const Jet& a, double c) { return chain(a, a.v * c, c, 0); }
inline Jet operator/(double c, const Jet& b) {
  const double inv = 1 / b.v;
  return chain(b, c / b.v, -c * inv * inv, 2 * c * inv * inv * inv);
}
inline Jet operator*(const Jet& a, const Jet& b) {
  Jet o(a.v * b.v);
  for (int i = 0; i < Jet::kVars; ++i) o.g[i] = a.v * b.g[i] + b.v * a.g[i];
  for (int i = 0, k = 0; i < Jet::kVars; ++i)
    for (int j = i; j < Jet::kVars; ++j, ++k) o.h[k] = a.v * b.h[k] + b.v * a.h[k] + a.g[i] * b.g[j] + a.g[j] * b.g[i];
  return o;
}
inline Jet operator/(const Jet& a, const Jet& b) {
  const double inv = 1 / b.v;
  Jet o = a * chain(b, inv, -inv * inv, 2 * inv * inv * inv);
  o.v = a.v / b.v;
  return o;
}

inline Jet log(const Jet& u) { return chain(u, std::log(u.v), 1 / u.v, -1 / (u.v * u.v)); }
inline Jet log1p(const Jet& u) {
  const double d = 1 / (1 + u.v);
  return chain(u, std::log1p(u.v), d, -d * d);
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
