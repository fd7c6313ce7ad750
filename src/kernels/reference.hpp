// Plain-loop reference kernels: the definition every vectorised kernel is tested against,
// and the kernels of a build without SIMD. Sums are accumulated in double.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "kernels/pairwise_reference.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::reference {

template <class T>
T sqdist(const T* a, const T* b, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) {
    const double diff = static_cast<double>(a[j]) - static_cast<double>(b[j]);
    s += diff * diff;
  }
  return static_cast<T>(s);
}

template <class T>
T dot(const T* a, const T* b, std::size_t d) {
  double s = 0;
  for (std::size_t j = 0; j < d; ++j) s += static_cast<double>(a[j]) * static_cast<double>(b[j]);
  return static_cast<T>(s);
}

template <class T>
T cosine(const T* a, const T* b, std::size_t d) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t j = 0; j < d; ++j) {
    ab += static_cast<double>(a[j]) * b[j];
    aa += static_cast<double>(a[j]) * a[j];
    bb += static_cast<double>(b[j]) * b[j];
  }
  if (aa == 0 || bb == 0) return T(0);
  return static_cast<T>(1.0 - ab / std::sqrt(aa * bb));
}

template <class T, T (*F)(const T*, const T*, std::size_t)>
void many(const T* q, const T* y, std::size_t m, std::size_t d, std::size_t ldy, T* out) {
  for (std::size_t i = 0; i < m; ++i) out[i] = F(q, y + i * ldy, d);
}

template <class T>
void partials(const T* x, std::size_t d, const T* ct, const T* cnorm, std::size_t kpad, T* out) {
  for (std::size_t c = 0; c < kpad; ++c) {
    double s = 0;
    for (std::size_t j = 0; j < d; ++j) s += static_cast<double>(x[j]) * ct[j * kpad + c];  // ct = -2c
    out[c] = static_cast<T>(static_cast<double>(cnorm[c]) + s);
  }
}

// Row x less the origin, rounded to T as the vectorised kernels round it.
template <class T>
void centered_row(const T* x, const T* origin, std::size_t d, T* out) {
  for (std::size_t j = 0; j < d; ++j) out[j] = x[j] - origin[j];
}

template <class T>
void nearest(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct, const T* cnorm,
             std::size_t kpad, std::int32_t* label, T* partial) {
  std::vector<T> row(d);
  for (std::size_t i = 0; i < n; ++i) {
    centered_row(x + i * ldx, origin, d, row.data());
    std::int32_t best = 0;
    double best_v = INFINITY;
    for (std::size_t c = 0; c < kpad; ++c) {
      double s = 0;
      for (std::size_t j = 0; j < d; ++j) s += static_cast<double>(row[j]) * ct[j * kpad + c];
      const double v = static_cast<double>(cnorm[c]) + s;
      if (v < best_v) best_v = v, best = static_cast<std::int32_t>(c);
    }
    label[i] = best;
    partial[i] = static_cast<T>(best_v);
  }
}

template <class T>
void nearest2(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct, const T* cnorm,
              std::size_t kpad, std::int32_t* label, T* partial, T* second) {
  std::vector<T> all(kpad), row(d);
  for (std::size_t i = 0; i < n; ++i) {
    centered_row(x + i * ldx, origin, d, row.data());
    partials(row.data(), d, ct, cnorm, kpad, all.data());
    std::size_t best = 0;
    for (std::size_t c = 1; c < kpad; ++c)
      if (all[c] < all[best]) best = c;
    T next = INFINITY;
    for (std::size_t c = 0; c < kpad; ++c)
      if (c != best) next = std::min(next, all[c]);
    label[i] = static_cast<std::int32_t>(best);
    partial[i] = all[best];
    second[i] = next;
  }
}

template <class T>
void accumulate(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const double* origin,
                const std::int32_t* label, const double* w, double* sums, double* weights) {
  for (std::size_t i = 0; i < n; ++i) {
    const double wi = w ? w[i] : 1.0;
    for (std::size_t j = 0; j < d; ++j)
      sums[static_cast<std::size_t>(label[i]) * d + j] += wi * (static_cast<double>(x[i * ldx + j]) - origin[j]);
    weights[label[i]] += wi;
  }
}

template <class T>
Kernels<T> table() {
  return {sqdist<T>,  dot<T>,     cosine<T>,   many<T, sqdist<T>>, many<T, dot<T>>, many<T, cosine<T>>,      nearest<T>,
          nearest<T>, nearest<T>, nearest2<T>, accumulate<T>,      partials<T>,     cluster_distance_sums<T>};
}

}  // namespace kernels::reference
SEGCORE_NAMESPACE_END
