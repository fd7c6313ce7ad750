// Center sums for k-means: sums[label[i] * d + j] += w[i] (x[i][j] - origin[j]) and weights[label[i]] += w[i],
// in double, row by row in order. Full registers only, never masked: a masked store cannot
// pass its value on to a later load of the same address, so a masked version stalls every row
// whose cluster was written a few rows before (ChunkSums keeps each chunk's sums on 64 bytes,
// so that the registers do not straddle cache lines either). The rest of a row that fills no
// whole register is added value by value. Unrolled for each d up to kFixedMaxD.
// Included by simd_kernels.hpp only; every function is a template on the arch A.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#include "kernels/native_ops.hpp"
#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::simd {

// A register of doubles from that many values of p, widened from float if need be.
template <class A, class T>
xsimd::batch<double, A> load_widened(const T* p) {
  using BD = xsimd::batch<double, A>;
  if constexpr (std::is_same_v<T, double>) {
    return BD::load_unaligned(p);
  } else if constexpr (native::widens<A>()) {
    return native::load_widened<A>(p);
  } else {
    alignas(64) double buf[BD::size];
    for (std::size_t l = 0; l < BD::size; ++l) buf[l] = static_cast<double>(p[l]);
    return BD::load_aligned(buf);
  }
}

// D > 0: rows of exactly D values, the loops unrolled; D = 0: d values.
template <class A, class T, std::size_t D, bool kWeighted>
void accumulate_rows(const T* x, std::size_t n, std::size_t d_any, std::size_t ldx, const double* origin,
                     const std::int32_t* label, const double* w, double* sums, double* weights) {
  using BD = xsimd::batch<double, A>;
  constexpr std::size_t WD = BD::size;
  const std::size_t d = D > 0 ? D : d_any;
  if constexpr (D == 0 && native::plain_wide_accumulate<A>()) {
    // Wide rows below AVX-512: the compiler's own vectorisation of the plain loop is faster.
    for (std::size_t i = 0; i < n; ++i) {
      const double wi = kWeighted ? w[i] : 1.0;
      double* __restrict s = sums + static_cast<std::size_t>(label[i]) * d;
      const T* __restrict row = x + i * ldx;
      const double* __restrict o = origin;
      for (std::size_t j = 0; j < d; ++j) s[j] += wi * (static_cast<double>(row[j]) - o[j]);
      weights[label[i]] += wi;
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const T* row = x + i * ldx;
    double* s = sums + static_cast<std::size_t>(label[i]) * d;
    const double wi = kWeighted ? w[i] : 1.0;
    std::size_t j = 0;
    for (; j + WD <= d; j += WD) {
      const BD v = load_widened<A>(row + j) - BD::load_unaligned(origin + j), old = BD::load_unaligned(s + j);
      (kWeighted ? xsimd::fma(v, BD(wi), old) : old + v).store_unaligned(s + j);
    }
    for (; j < d; ++j) {
      const double v = static_cast<double>(row[j]) - origin[j];
      s[j] += kWeighted ? wi * v : v;
    }
    weights[label[i]] += wi;
  }
}

inline constexpr std::size_t kFixedMaxD = 16;

template <class A, class T>
void accumulate(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const double* origin,
                const std::int32_t* label, const double* w, double* sums, double* weights) {
  using Fn = void (*)(const T*, std::size_t, std::size_t, std::size_t, const double*, const std::int32_t*,
                      const double*, double*, double*);
  static constexpr auto table = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::array<Fn, 2>, sizeof...(I)>{
        std::array<Fn, 2>{&accumulate_rows<A, T, I, false>, &accumulate_rows<A, T, I, true>}...};
  }
  (std::make_index_sequence<kFixedMaxD + 1>{});
  table[d <= kFixedMaxD ? d : 0][w != nullptr](x, n, d, ldx, origin, label, w, sums, weights);
}

}  // namespace kernels::simd
SEGCORE_NAMESPACE_END
