// Vectorised pairwise kernels (silhouette sums), templated on the arch A like everything in
// simd_kernels.hpp, which includes this header; include nowhere else.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "kernels/kernel_table.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::simd {

template <class A, class B>
typename B::value_type pair_sum_lanes(const B& b) {
#if XSIMD_VERSION_MAJOR >= 11
  return xsimd::reduce_add(b);
#else
  return xsimd::hadd(b);
#endif
}

// sqrt(v) for v >= 0: the exact root, or AVX-512's faster one (native_ops.hpp) within a few ulps.
template <class A, class T>
xsimd::batch<T, A> nonneg_sqrt(const xsimd::batch<T, A>& v) {
  if constexpr (native::fast_sqrt<A, T>())
    return native::nonneg_sqrt<A, T>(v);
  else
    return xsimd::sqrt(v);
}

// R rows of x against every piece of the packed points; see Kernels::cluster_distance_sums.
// Distances come from |x|^2 + |y|^2 - 2 x.y (one FMA per coordinate and lane), clamped at 0
// before the square root. Lane sums are flushed to double at each piece end and every
// kFlushChunks chunks, so float input does not sum thousands of distances in float. The R
// rows share one cluster (xlabel of the first), which is what lets one vector per chunk carry
// their column sums.
template <class A, class T, std::size_t R>
void distance_sum_rows(const T* x, std::size_t d, std::size_t ldx, const T* yt, const T* ynorm, const T* ymask,
                       std::size_t ldy, const std::uint32_t* bounds, const std::int32_t* piece_label,
                       std::size_t n_pieces, std::size_t k, double* out, const std::int32_t* xlabel, const T* xmask,
                       double* col, std::size_t ldc) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  constexpr std::size_t kFlushChunks = 64;
  B xnorm[R];
  for (std::size_t r = 0; r < R; ++r) {
    double s = 0;
    for (std::size_t j = 0; j < d; ++j) s += static_cast<double>(x[r * ldx + j]) * x[r * ldx + j];
    xnorm[r] = B(static_cast<T>(s));
  }
  double* col_row = col == nullptr ? nullptr : col + static_cast<std::size_t>(xlabel[0]) * ldc;
  const B zero(T(0));
  for (std::size_t p = 0; p < n_pieces; ++p) {
    const std::size_t c = static_cast<std::size_t>(piece_label[p]);
    B sum[R];
    for (std::size_t r = 0; r < R; ++r) sum[r] = zero;
    std::size_t chunks = 0;
    for (std::size_t q = bounds[p]; q < bounds[p + 1]; q += W) {
      B acc[R];
      const B yn = B::load_unaligned(ynorm + q);
      for (std::size_t r = 0; r < R; ++r) acc[r] = xnorm[r] + yn;
      for (std::size_t j = 0; j < d; ++j) {  // yt holds -2y
        const B yj = B::load_unaligned(yt + j * ldy + q);
        for (std::size_t r = 0; r < R; ++r) acc[r] = xsimd::fma(B(x[r * ldx + j]), yj, acc[r]);
      }
      const B m = B::load_unaligned(ymask + q);
      for (std::size_t r = 0; r < R; ++r) acc[r] = nonneg_sqrt<A, T>(xsimd::max(acc[r], zero)) * m;
      for (std::size_t r = 0; r < R; ++r) sum[r] += acc[r];
      if (col_row != nullptr) {
        B cs = acc[0] * B(xmask[0]);
        for (std::size_t r = 1; r < R; ++r) cs = xsimd::fma(acc[r], B(xmask[r]), cs);
        if constexpr (std::is_same_v<T, double>) {
          (B::load_unaligned(col_row + q) + cs).store_unaligned(col_row + q);
        } else {
          alignas(64) T lanes[W];
          cs.store_aligned(lanes);
          for (std::size_t l = 0; l < W; ++l) col_row[q + l] += static_cast<double>(lanes[l]);
        }
      }
      if (++chunks == kFlushChunks) {
        for (std::size_t r = 0; r < R; ++r)
          out[r * k + c] += static_cast<double>(pair_sum_lanes<A>(sum[r])), sum[r] = zero;
        chunks = 0;
      }
    }
    for (std::size_t r = 0; r < R; ++r) out[r * k + c] += static_cast<double>(pair_sum_lanes<A>(sum[r]));
  }
}

template <class A, class T>
void cluster_distance_sums(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* yt, const T* ynorm,
                           const T* ymask, std::size_t ldy, const std::uint32_t* bounds,
                           const std::int32_t* piece_label, std::size_t n_pieces, std::size_t k, double* out,
                           const std::int32_t* xlabel, const T* xmask, double* col, std::size_t ldc) {
  constexpr std::size_t R = 4;
  std::size_t i = 0;
  for (; i + R <= n; i += R)
    distance_sum_rows<A, T, R>(x + i * ldx, d, ldx, yt, ynorm, ymask, ldy, bounds, piece_label, n_pieces, k,
                               out + i * k, xlabel + i, xmask + i, col, ldc);
  for (; i < n; ++i)
    distance_sum_rows<A, T, 1>(x + i * ldx, d, ldx, yt, ynorm, ymask, ldy, bounds, piece_label, n_pieces, k,
                               out + i * k, xlabel + i, xmask + i, col, ldc);
}

}  // namespace kernels::simd
SEGCORE_NAMESPACE_END
