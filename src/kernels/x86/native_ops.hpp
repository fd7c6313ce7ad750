// The x86 instructions the portable kernels cannot get from xsimd: widening loads, masked
// loads, register transposes, label stores, a prefetch GCC keeps, and AVX-512's fast root. Each
// hook has a flag saying for which arch A and type T it exists; the portable code
// (kernels/native_ops.hpp) calls a hook only where its flag is true and uses xsimd otherwise.
// Included through kernels/native_ops.hpp on x86 only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <immintrin.h>
#include <xsimd/xsimd.hpp>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::simd::native {

template <class A>
constexpr bool is_avx512 = std::is_base_of_v<xsimd::avx512f, A>;
template <class A>
constexpr bool is_avx = std::is_base_of_v<xsimd::avx, A>;
template <class A>
constexpr bool is_sse2 = std::is_base_of_v<xsimd::sse2, A>;

// Asks for the cache line holding p. Written as an asm statement because GCC 12 deletes loops
// of __builtin_prefetch as dead code when it inlines them (it did so in prefetch_rows).
[[gnu::always_inline]] inline void prefetch_line(const char* p) { asm volatile("prefetcht0 %0" : : "m"(*p)); }

// GCC 12's 512-bit intrinsics read a deliberately undefined register and warn about it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

// A register of doubles from as many floats at p.
template <class A>
constexpr bool widens() {
  return is_sse2<A>;
}
template <class A>
xsimd::batch<double, A> load_widened(const float* p) {
  using BD = xsimd::batch<double, A>;
  if constexpr (is_avx512<A>)
    return BD(_mm512_cvtps_pd(_mm256_loadu_ps(p)));
  else if constexpr (is_avx<A>)
    return BD(_mm256_cvtps_pd(_mm_loadu_ps(p)));
  else
    return BD(_mm_cvtps_pd(_mm_castsi128_ps(_mm_loadl_epi64(reinterpret_cast<const __m128i_u*>(p)))));  // 2 floats
}

// Stores the lanes of v (whole numbers held as T) as int32.
template <class A, class T>
constexpr bool stores_labels() {
  return is_avx<A> || is_avx512<A> || (is_sse2<A> && std::is_same_v<T, float>);
}
template <class A, class T>
void store_labels(const xsimd::batch<T, A>& v, std::int32_t* out) {
  constexpr bool is_float = std::is_same_v<T, float>;
  if constexpr (is_avx512<A>) {
    if constexpr (is_float)
      _mm512_storeu_si512(out, _mm512_cvttps_epi32(v));
    else
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm512_cvttpd_epi32(v));
  } else if constexpr (is_avx<A>) {
    if constexpr (is_float)
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_cvttps_epi32(v));
    else
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm256_cvttpd_epi32(v));
  } else {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_cvttps_epi32(v));
  }
}

// `count` values from p, zeros in the other lanes, touching no memory past p + count.
template <class A, class T>
constexpr bool loads_partial() {
  return is_avx512<A> || is_avx<A>;
}
template <class A, class T, std::size_t count>
[[gnu::always_inline]] inline xsimd::batch<T, A> load_partial(const T* p) {
  using B = xsimd::batch<T, A>;
  if constexpr (is_avx512<A>) {
    if constexpr (std::is_same_v<T, float>)
      return B(_mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << count) - 1u), p));
    else
      return B(_mm512_maskz_loadu_pd(static_cast<__mmask8>((1u << count) - 1u), p));
  } else {
    if constexpr (std::is_same_v<T, float>)
      return B(_mm256_maskload_ps(
          p, _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))));
    else
      return B(_mm256_maskload_pd(p, _mm256_cmpgt_epi64(_mm256_set1_epi64x(count), _mm256_setr_epi64x(0, 1, 2, 3))));
  }
}

// Transposes the W x W tile v in place: afterwards v[j] lane r is what v[r] lane j was.
template <class A, class T>
constexpr bool transposes() {
  return is_sse2<A>;
}
template <class A, class T>
[[gnu::always_inline]] inline void transpose_tile(xsimd::batch<T, A>* v) {
  using B = xsimd::batch<T, A>;
  constexpr bool is_float = std::is_same_v<T, float>;
  if constexpr (is_avx512<A> && is_float) {
    // Pairs of rows interleaved, then quads, then the 4 x 4 blocks of 128-bit lanes.
    __m512 t[16], u[16];
    for (int i = 0; i < 8; ++i) {
      t[2 * i] = _mm512_unpacklo_ps(v[2 * i], v[2 * i + 1]);
      t[2 * i + 1] = _mm512_unpackhi_ps(v[2 * i], v[2 * i + 1]);
    }
    for (int i = 0; i < 4; ++i)
      for (int h = 0; h < 2; ++h) {
        const __m512d a = _mm512_castps_pd(t[4 * i + h]), b = _mm512_castps_pd(t[4 * i + 2 + h]);
        u[4 * i + 2 * h] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, b));
        u[4 * i + 2 * h + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, b));
      }
    // u[4 i + q], 128-bit lane l: rows 4i .. 4i+3 of column 4l + q.
    for (int q = 0; q < 4; ++q) {
      const __m512 e0 = _mm512_shuffle_f32x4(u[q], u[4 + q], 0x88), e1 = _mm512_shuffle_f32x4(u[q], u[4 + q], 0xDD);
      const __m512 e2 = _mm512_shuffle_f32x4(u[8 + q], u[12 + q], 0x88),
                   e3 = _mm512_shuffle_f32x4(u[8 + q], u[12 + q], 0xDD);
      v[q] = B(_mm512_shuffle_f32x4(e0, e2, 0x88));
      v[4 + q] = B(_mm512_shuffle_f32x4(e1, e3, 0x88));
      v[8 + q] = B(_mm512_shuffle_f32x4(e0, e2, 0xDD));
      v[12 + q] = B(_mm512_shuffle_f32x4(e1, e3, 0xDD));
    }
  } else if constexpr (is_avx512<A>) {
    __m512d t[8];
    for (int i = 0; i < 4; ++i) {
      t[2 * i] = _mm512_unpacklo_pd(v[2 * i], v[2 * i + 1]);
      t[2 * i + 1] = _mm512_unpackhi_pd(v[2 * i], v[2 * i + 1]);
    }
    // t[2 i + q], 128-bit lane l: rows 2i, 2i+1 of column 2l + q.
    for (int q = 0; q < 2; ++q) {
      const __m512d e0 = _mm512_shuffle_f64x2(t[q], t[2 + q], 0x88), e1 = _mm512_shuffle_f64x2(t[q], t[2 + q], 0xDD);
      const __m512d e2 = _mm512_shuffle_f64x2(t[4 + q], t[6 + q], 0x88),
                    e3 = _mm512_shuffle_f64x2(t[4 + q], t[6 + q], 0xDD);
      v[q] = B(_mm512_shuffle_f64x2(e0, e2, 0x88));
      v[2 + q] = B(_mm512_shuffle_f64x2(e1, e3, 0x88));
      v[4 + q] = B(_mm512_shuffle_f64x2(e0, e2, 0xDD));
      v[6 + q] = B(_mm512_shuffle_f64x2(e1, e3, 0xDD));
    }
  } else if constexpr (is_avx<A> && is_float) {
    __m256 t[8], u[8];
    for (int i = 0; i < 4; ++i) {
      t[2 * i] = _mm256_unpacklo_ps(v[2 * i], v[2 * i + 1]);
      t[2 * i + 1] = _mm256_unpackhi_ps(v[2 * i], v[2 * i + 1]);
    }
    for (int i = 0; i < 2; ++i)
      for (int h = 0; h < 2; ++h) {
        const __m256d a = _mm256_castps_pd(t[4 * i + h]), b = _mm256_castps_pd(t[4 * i + 2 + h]);
        u[4 * i + 2 * h] = _mm256_castpd_ps(_mm256_unpacklo_pd(a, b));
        u[4 * i + 2 * h + 1] = _mm256_castpd_ps(_mm256_unpackhi_pd(a, b));
      }
    // u[4 i + q], 128-bit lane l: rows 4i .. 4i+3 of column 4l + q.
    for (int q = 0; q < 4; ++q) {
      v[q] = B(_mm256_permute2f128_ps(u[q], u[4 + q], 0x20));
      v[4 + q] = B(_mm256_permute2f128_ps(u[q], u[4 + q], 0x31));
    }
  } else if constexpr (is_avx<A>) {
    const __m256d t0 = _mm256_unpacklo_pd(v[0], v[1]), t1 = _mm256_unpackhi_pd(v[0], v[1]);
    const __m256d t2 = _mm256_unpacklo_pd(v[2], v[3]), t3 = _mm256_unpackhi_pd(v[2], v[3]);
    v[0] = B(_mm256_permute2f128_pd(t0, t2, 0x20));
    v[1] = B(_mm256_permute2f128_pd(t1, t3, 0x20));
    v[2] = B(_mm256_permute2f128_pd(t0, t2, 0x31));
    v[3] = B(_mm256_permute2f128_pd(t1, t3, 0x31));
  } else if constexpr (is_float) {
    __m128 r0 = v[0], r1 = v[1], r2 = v[2], r3 = v[3];
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    v[0] = B(r0), v[1] = B(r1), v[2] = B(r2), v[3] = B(r3);
  } else {
    const __m128d a = v[0], b = v[1];
    v[0] = B(_mm_unpacklo_pd(a, b));
    v[1] = B(_mm_unpackhi_pd(a, b));
  }
}

// load_columns for AVX-512 float and d <= 8: rows r and r + 8 share a register, one in each
// 256-bit half, so 8 registers and a transpose of 8 x 8 within the halves (24 shuffles, the last
// 8 joining the halves' 128-bit lanes in order) replace the 16 x 16 transpose (up to 64).
template <class A, class T, std::size_t D>
constexpr bool loads_columns() {
  return is_avx512<A> && std::is_same_v<T, float> && D <= 8;
}
template <class A, std::size_t D>
[[gnu::always_inline]] inline void load_columns(const float* x, std::size_t ldx, std::size_t rows,
                                                xsimd::batch<float, A>* out) {
  static_assert(D >= 1 && D <= 8);
  constexpr auto mask = static_cast<__mmask8>((1u << D) - 1u);
  auto half = [&](std::size_t r) {
    if (r >= rows) return _mm256_setzero_ps();
    if constexpr (D == 8) return _mm256_loadu_ps(x + r * ldx);
    return _mm256_maskz_loadu_ps(mask, x + r * ldx);
  };
  __m512 v[8], t[8], u[8];
  for (std::size_t i = 0; i < 8; ++i) v[i] = _mm512_insertf32x8(_mm512_castps256_ps512(half(i)), half(i + 8), 1);
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = _mm512_unpacklo_ps(v[2 * i], v[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(v[2 * i], v[2 * i + 1]);
  }
  for (int i = 0; i < 2; ++i)
    for (int h = 0; h < 2; ++h) {
      const __m512d a = _mm512_castps_pd(t[4 * i + h]), b = _mm512_castps_pd(t[4 * i + 2 + h]);
      u[4 * i + 2 * h] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, b));
      u[4 * i + 2 * h + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, b));
    }
  // u[4 i + q], 128-bit lane l: rows 4i .. 4i+3 (of rows 0-7 for l < 2, of rows 8-15 for l >= 2)
  // of column 4 (l % 2) + q. Column 4 m + q is lanes m, m + 2 of u[q] and u[4 + q], interleaved.
  const __m512i first = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
  const __m512i second = _mm512_add_epi32(first, _mm512_set1_epi32(4));
  for (std::size_t q = 0; q < 4; ++q) {
    if (q < D) out[q] = xsimd::batch<float, A>(_mm512_permutex2var_ps(u[q], first, u[4 + q]));
    if (4 + q < D) out[4 + q] = xsimd::batch<float, A>(_mm512_permutex2var_ps(u[q], second, u[4 + q]));
  }
}

// sqrt(v) for v >= 0, AVX-512 double: the square root unit is the bottleneck of the silhouette
// kernel (one vsqrtpd per 8 distances costs more than their 16 FMAs), so the root is
// v * rsqrt(v) from the 14-bit estimate refined by two Newton steps (14 -> 28 -> 56 bits):
// within a few ulps of the rounded root.
template <class A, class T>
constexpr bool fast_sqrt() {
  return is_avx512<A> && std::is_same_v<T, double>;
}
template <class A, class T>
xsimd::batch<T, A> nonneg_sqrt(const xsimd::batch<T, A>& v) {
  const __m512d x = v;
  const __m512d half_x = _mm512_mul_pd(x, _mm512_set1_pd(0.5));
  const __m512d three_halves = _mm512_set1_pd(1.5);
  __m512d r = _mm512_rsqrt14_pd(x);
  for (int step = 0; step < 2; ++step)  // r *= 1.5 - (x / 2) r^2
    r = _mm512_mul_pd(r, _mm512_fnmadd_pd(_mm512_mul_pd(half_x, r), r, three_halves));
  const __mmask8 positive = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_GT_OQ);
  return xsimd::batch<T, A>(_mm512_maskz_mul_pd(positive, x, r));  // 0 where v = 0 (r = inf)
}

// The minimum of the lanes of v and the lowest lane index of ix holding it (see argmin_lanes in
// simd_kernels.hpp), with x86's horizontal operations.
template <class A>
constexpr bool reduces_argmin() {
  return is_sse2<A>;
}
template <class A, class T>
inline void argmin_lanes(const xsimd::batch<T, A>& v, const xsimd::batch<T, A>& ix, T& best, T& index) {
  constexpr bool is_float = std::is_same_v<T, float>;
  if constexpr (is_avx512<A>) {
    // One lane holds the minimum in all but exact ties: read its index with a permute, and
    // fall back to a masked reduction over the tied lanes only when there are several.
    if constexpr (is_float) {
      best = _mm512_reduce_min_ps(v);
      const __mmask16 tied = _mm512_cmp_ps_mask(v, _mm512_set1_ps(best), _CMP_EQ_OQ);
      if ((tied & (tied - 1)) == 0) [[likely]]
        index = _mm512_cvtss_f32(_mm512_permutexvar_ps(_mm512_set1_epi32(__builtin_ctz(tied)), ix));
      else
        index = _mm512_mask_reduce_min_ps(tied, ix);
    } else {
      best = _mm512_reduce_min_pd(v);
      const __mmask8 tied = _mm512_cmp_pd_mask(v, _mm512_set1_pd(best), _CMP_EQ_OQ);
      if ((tied & (tied - 1)) == 0) [[likely]]
        index = _mm512_cvtsd_f64(_mm512_permutexvar_pd(_mm512_set1_epi64(__builtin_ctz(tied)), ix));
      else
        index = _mm512_mask_reduce_min_pd(tied, ix);
    }
  } else if constexpr (is_avx<A>) {
    if constexpr (is_float) {
      auto spread_min = [](__m256 x) {
        x = _mm256_min_ps(x, _mm256_permute2f128_ps(x, x, 1));
        x = _mm256_min_ps(x, _mm256_shuffle_ps(x, x, _MM_SHUFFLE(1, 0, 3, 2)));
        return _mm256_min_ps(x, _mm256_shuffle_ps(x, x, _MM_SHUFFLE(2, 3, 0, 1)));
      };
      const __m256 m = spread_min(v);
      const __m256 cand =
          _mm256_blendv_ps(_mm256_set1_ps(std::numeric_limits<float>::infinity()), ix, _mm256_cmp_ps(v, m, _CMP_EQ_OQ));
      best = _mm256_cvtss_f32(m);
      index = _mm256_cvtss_f32(spread_min(cand));
    } else {
      auto spread_min = [](__m256d x) {
        x = _mm256_min_pd(x, _mm256_permute2f128_pd(x, x, 1));
        return _mm256_min_pd(x, _mm256_shuffle_pd(x, x, 0x5));
      };
      const __m256d m = spread_min(v);
      const __m256d cand = _mm256_blendv_pd(_mm256_set1_pd(std::numeric_limits<double>::infinity()), ix,
                                            _mm256_cmp_pd(v, m, _CMP_EQ_OQ));
      best = _mm256_cvtsd_f64(m);
      index = _mm256_cvtsd_f64(spread_min(cand));
    }
  } else {
    if constexpr (is_float) {
      auto spread_min = [](__m128 x) {
        x = _mm_min_ps(x, _mm_shuffle_ps(x, x, _MM_SHUFFLE(1, 0, 3, 2)));
        return _mm_min_ps(x, _mm_shuffle_ps(x, x, _MM_SHUFFLE(2, 3, 0, 1)));
      };
      const __m128 m = spread_min(v);
      const __m128 eq = _mm_cmpeq_ps(v, m);
      const __m128 cand =
          _mm_or_ps(_mm_and_ps(eq, ix), _mm_andnot_ps(eq, _mm_set1_ps(std::numeric_limits<float>::infinity())));
      best = _mm_cvtss_f32(m);
      index = _mm_cvtss_f32(spread_min(cand));
    } else {
      auto spread_min = [](__m128d x) { return _mm_min_pd(x, _mm_shuffle_pd(x, x, 1)); };
      const __m128d m = spread_min(v);
      const __m128d eq = _mm_cmpeq_pd(v, m);
      const __m128d cand =
          _mm_or_pd(_mm_and_pd(eq, ix), _mm_andnot_pd(eq, _mm_set1_pd(std::numeric_limits<double>::infinity())));
      best = _mm_cvtsd_f64(m);
      index = _mm_cvtsd_f64(spread_min(cand));
    }
  }
}

#pragma GCC diagnostic pop

// Wide rows below AVX-512: the compiler's own vectorisation of the plain accumulation loop is
// faster than the kernel's registers.
template <class A>
constexpr bool plain_wide_accumulate() {
  return !is_avx512<A>;
}

// The rows-in-lanes nearest kernel is not built for SSE2 double (two lanes), where it measured
// no faster than the centers-in-lanes kernel.
template <class A, class T>
constexpr bool rows_in_lanes() {
  return !(std::is_same_v<T, double> && !is_avx<A>);
}

// Registers of rows per block and centers per step of that kernel, by the register file (32
// registers with AVX-512, 16 below); chosen by measurement (bench_kernels, nearest_f32/<arch>/by_row).
template <class A>
constexpr bool wide_register_file() {
  return A::version() >= xsimd::avx512f::version();
}

}  // namespace kernels::simd::native
SEGCORE_NAMESPACE_END
