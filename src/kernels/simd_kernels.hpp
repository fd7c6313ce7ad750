// The vectorised kernels, written once against xsimd and instantiated per instruction set in
// table_<arch>.cpp, each compiled with that instruction set's flags. Include nowhere else:
// code from this header compiled with baseline flags would be wrong for the wider sets.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <xsimd/xsimd.hpp>

#include "kernels/kernel_table.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::simd {

template <class B>
typename B::value_type sum_lanes(const B& b) {
#if XSIMD_VERSION_MAJOR >= 11
  return xsimd::reduce_add(b);
#else
  return xsimd::hadd(b);
#endif
}

// Horizontal sums of a.b, a.a and b.b over d values; the vector loop, then a scalar tail.
template <class A, class T>
void dot3(const T* a, const T* b, std::size_t d, T& ab, T& aa, T& bb) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  B vab(T(0)), vaa(T(0)), vbb(T(0));
  std::size_t j = 0;
  for (; j + W <= d; j += W) {
    const B x = B::load_unaligned(a + j), y = B::load_unaligned(b + j);
    vab = xsimd::fma(x, y, vab);
    vaa = xsimd::fma(x, x, vaa);
    vbb = xsimd::fma(y, y, vbb);
  }
  ab = sum_lanes(vab), aa = sum_lanes(vaa), bb = sum_lanes(vbb);
  for (; j < d; ++j) ab += a[j] * b[j], aa += a[j] * a[j], bb += b[j] * b[j];
}

template <class A, class T>
T sqdist(const T* a, const T* b, std::size_t d) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  B acc0(T(0)), acc1(T(0));  // two chains hide the FMA latency
  std::size_t j = 0;
  for (; j + 2 * W <= d; j += 2 * W) {
    const B d0 = B::load_unaligned(a + j) - B::load_unaligned(b + j);
    const B d1 = B::load_unaligned(a + j + W) - B::load_unaligned(b + j + W);
    acc0 = xsimd::fma(d0, d0, acc0);
    acc1 = xsimd::fma(d1, d1, acc1);
  }
  for (; j + W <= d; j += W) {
    const B d0 = B::load_unaligned(a + j) - B::load_unaligned(b + j);
    acc0 = xsimd::fma(d0, d0, acc0);
  }
  T s = sum_lanes(acc0 + acc1);
  for (; j < d; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
  return s;
}

template <class A, class T>
T dot(const T* a, const T* b, std::size_t d) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  B acc0(T(0)), acc1(T(0));
  std::size_t j = 0;
  for (; j + 2 * W <= d; j += 2 * W) {
    acc0 = xsimd::fma(B::load_unaligned(a + j), B::load_unaligned(b + j), acc0);
    acc1 = xsimd::fma(B::load_unaligned(a + j + W), B::load_unaligned(b + j + W), acc1);
  }
  for (; j + W <= d; j += W) acc0 = xsimd::fma(B::load_unaligned(a + j), B::load_unaligned(b + j), acc0);
  T s = sum_lanes(acc0 + acc1);
  for (; j < d; ++j) s += a[j] * b[j];
  return s;
}

template <class A, class T>
T cosine(const T* a, const T* b, std::size_t d) {
  T ab, aa, bb;
  dot3<A>(a, b, d, ab, aa, bb);
  if (aa == T(0) || bb == T(0)) return T(0);
  return T(1) - ab / std::sqrt(aa * bb);
}

template <class T, T (*F)(const T*, const T*, std::size_t)>
void many(const T* q, const T* y, std::size_t m, std::size_t d, std::size_t ldy, T* out) {
  for (std::size_t i = 0; i < m; ++i) out[i] = F(q, y + i * ldy, d);
}

// R rows against all packed centres, one register of centres at a time: x values are
// broadcast, so no horizontal reduction is needed until the final argmin of each row.
template <class A, class T, std::size_t R>
inline void nearest_rows(const T* x, std::size_t d, std::size_t ldx, const T* ct,
                         const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  alignas(64) T lane[W];
  for (std::size_t l = 0; l < W; ++l) lane[l] = static_cast<T>(l);
  const B iota = B::load_aligned(lane);
  const B two(T(2));
  B best[R], best_idx[R];
  for (std::size_t k0 = 0; k0 < kpad; k0 += W) {
    B acc[R];
    for (std::size_t r = 0; r < R; ++r) acc[r] = B(T(0));
    for (std::size_t j = 0; j < d; ++j) {
      const B c = B::load_unaligned(ct + j * kpad + k0);
      for (std::size_t r = 0; r < R; ++r) acc[r] = xsimd::fma(B(x[r * ldx + j]), c, acc[r]);
    }
    const B cn = B::load_unaligned(cnorm + k0);
    const B idx = iota + B(static_cast<T>(k0));
    for (std::size_t r = 0; r < R; ++r) {
      const B v = xsimd::fnma(two, acc[r], cn);  // |c|^2 - 2 x.c
      if (k0 == 0) {
        best[r] = v, best_idx[r] = idx;
      } else {
        const auto better = v < best[r];  // strict: equal values keep the lower index
        best[r] = xsimd::select(better, v, best[r]);
        best_idx[r] = xsimd::select(better, idx, best_idx[r]);
      }
    }
  }
  for (std::size_t r = 0; r < R; ++r) {
    alignas(64) T v[W], ix[W];
    best[r].store_aligned(v);
    best_idx[r].store_aligned(ix);
    T bv = v[0], bi = ix[0];
    for (std::size_t l = 1; l < W; ++l)
      if (v[l] < bv || (v[l] == bv && ix[l] < bi)) bv = v[l], bi = ix[l];
    label[r] = static_cast<std::int32_t>(bi);
    partial[r] = bv;
  }
}

// Rows per register block: enough accumulators to hide FMA latency, few enough that
// accumulators, running minima and their indices fit the register file (32 with AVX-512).
template <class A>
constexpr std::size_t rows_per_block() {
  return A::version() >= xsimd::avx512f::version() ? 8 : 4;
}

template <class A, class T>
void nearest(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* ct,
             const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial) {
  constexpr std::size_t R = rows_per_block<A>();
  std::size_t i = 0;
  for (; i + R <= n; i += R) nearest_rows<A, T, R>(x + i * ldx, d, ldx, ct, cnorm, kpad, label + i, partial + i);
  for (; i < n; ++i) nearest_rows<A, T, 1>(x + i * ldx, d, ldx, ct, cnorm, kpad, label + i, partial + i);
}

template <class A, class T>
void partials(const T* x, std::size_t d, const T* ct, const T* cnorm, std::size_t kpad, T* out) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  const B two(T(2));
  for (std::size_t k0 = 0; k0 < kpad; k0 += W) {
    B acc(T(0));
    for (std::size_t j = 0; j < d; ++j) acc = xsimd::fma(B(x[j]), B::load_unaligned(ct + j * kpad + k0), acc);
    xsimd::fnma(two, acc, B::load_unaligned(cnorm + k0)).store_unaligned(out + k0);
  }
}

template <class A, class T>
Kernels<T> kernels_for() {
  return {sqdist<A, T>,
          dot<A, T>,
          cosine<A, T>,
          many<T, sqdist<A, T>>,
          many<T, dot<A, T>>,
          many<T, cosine<A, T>>,
          nearest<A, T>,
          partials<A, T>};
}

template <class A>
KernelTable make_table(const char* name) {
  return {name, kernels_for<A, float>(), kernels_for<A, double>()};
}

}  // namespace kernels::simd
SEGCORE_NAMESPACE_END
