// Reading rows of a matrix in the kernels: prefetching ahead, and rows to columns for kernels
// whose lanes are rows. load_columns reads up to W rows (W = lanes of a batch) of D values and
// returns D batches, batch j holding value j of every row in lane order: rows are read whole
// (masked where a row is shorter than a register) and turned around with shuffles, which costs
// far less than gathering every column. Included by simd_kernels.hpp only; every function is a
// template on the arch A, like all of it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <immintrin.h>
#include <xsimd/xsimd.hpp>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::simd {

// Asks for the cache line holding p. Written as an asm statement because GCC 12 deletes loops
// of __builtin_prefetch as dead code when it inlines them (it did so in prefetch_rows).
template <class A>
[[gnu::always_inline]] inline void prefetch_line(const char* p) {
  asm volatile("prefetcht0 %0" : : "m"(*p));
}

// Asks for rows [first, first + count) (d values each, ldx apart) ahead of use. The kernels
// spend long on each block of rows, and the hardware prefetcher alone then leaves them waiting
// on memory.
template <class A, class T>
inline void prefetch_rows(const T* x, std::size_t first, std::size_t count, std::size_t n, std::size_t d,
                          std::size_t ldx) {
  if (first >= n) return;
  const std::size_t last = std::min(first + count, n);
  if ((ldx - d) * sizeof(T) <= 64) {  // gaps of at most a cache line: one sweep
    const char* end = reinterpret_cast<const char*>(x + (last - 1) * ldx + d);
    for (const char* p = reinterpret_cast<const char*>(x + first * ldx); p < end; p += 64) prefetch_line<A>(p);
    return;
  }
  for (std::size_t i = first; i < last; ++i) {
    const char* row = reinterpret_cast<const char*>(x + i * ldx);
    for (std::size_t b = 0; b < d * sizeof(T); b += 64) prefetch_line<A>(row + b);
    prefetch_line<A>(row + d * sizeof(T) - 1);  // a row may end on one more line
  }
}

// Prefetches rows [first, first + count) (d values each, ldx apart) a few cache lines at a
// time, one share per step() over the `steps` steps of the work on the current block. Issued
// all at once at the start of a block, the requests leave the memory idle while the block is
// computed: spread out, they keep it streaming (for d = 16, k = 16 from DRAM, about 1.8x the
// rows per second on this machine). Rows with gaps wider than a cache line between them are
// rare and simply prefetched at once. step() is one compare in the common case.
template <class A, class T>
class SpreadPrefetch {
 public:
  // For blocks of `count` rows; the share per step is fixed here, once per call.
  SpreadPrefetch(const T* x, std::size_t n, std::size_t d, std::size_t ldx, std::size_t count, std::size_t steps)
      : x_(x), n_(n), d_(d), ldx_(ldx), count_(count) {
    dense_ = (ldx - d) * sizeof(T) <= 64 && steps > 0;  // gaps of at most a cache line
    const std::size_t lines = (count * ldx * sizeof(T) + 63) / 64 + 1;  // + 1: a block need not start a line
    per_step_ = dense_ ? (lines + steps - 1) / steps : 0;
  }

  // Starts on the block of rows [first, first + count).
  void start(std::size_t first) {
    next_ = end_ = nullptr;
    if (first >= n_) return;
    const std::size_t last = std::min(first + count_, n_);
    if (!dense_) {  // rows far apart (rare): each row's own lines, at once
      prefetch_rows<A>(x_, first, count_, n_, d_, ldx_);
      return;
    }
    next_ = reinterpret_cast<const char*>(x_ + first * ldx_);
    end_ = reinterpret_cast<const char*>(x_ + (last - 1) * ldx_ + d_);
  }

  void step() {
    if (next_ >= end_) return;
    prefetch_line<A>(next_);
    for (std::size_t q = 1; q < per_step_; ++q) prefetch_line<A>(next_ + 64 * q);
    next_ += 64 * per_step_;  // the last share may reach past the block: prefetches cannot fault
  }

 private:
  const T* x_;
  std::size_t n_, d_, ldx_, count_, per_step_ = 0;
  bool dense_ = false;
  const char* next_ = nullptr;
  const char* end_ = nullptr;
};

// Loads `count` values from p (count < W known at compile time), zeros in the other lanes,
// touching no memory past p + count.
template <class A, class T, std::size_t count>
[[gnu::always_inline]] inline xsimd::batch<T, A> load_partial(const T* p) {
  using B = xsimd::batch<T, A>;
  static_assert(count > 0 && count < B::size);
  constexpr bool is_float = std::is_same_v<T, float>;
  if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    if constexpr (is_float)
      return B(_mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << count) - 1u), p));
    else
      return B(_mm512_maskz_loadu_pd(static_cast<__mmask8>((1u << count) - 1u), p));
  } else if constexpr (std::is_base_of_v<xsimd::avx, A>) {
    if constexpr (is_float)
      return B(_mm256_maskload_ps(p, _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7))));
    else
      return B(_mm256_maskload_pd(p, _mm256_cmpgt_epi64(_mm256_set1_epi64x(count), _mm256_setr_epi64x(0, 1, 2, 3))));
  } else {
    alignas(64) T buf[B::size] = {};
    for (std::size_t l = 0; l < count; ++l) buf[l] = p[l];
    return B::load_aligned(buf);
  }
}

// GCC 12's 512-bit shuffle intrinsics read a deliberately undefined register and warn about it.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

// Transposes the W x W tile v in place: afterwards v[j] lane r is what v[r] lane j was.
template <class A, class T>
[[gnu::always_inline]] inline void transpose_tile(xsimd::batch<T, A>* v) {
  using B = xsimd::batch<T, A>;
  constexpr bool is_float = std::is_same_v<T, float>;
  if constexpr (std::is_base_of_v<xsimd::avx512f, A> && is_float) {
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
      const __m512 e2 = _mm512_shuffle_f32x4(u[8 + q], u[12 + q], 0x88), e3 = _mm512_shuffle_f32x4(u[8 + q], u[12 + q], 0xDD);
      v[q] = B(_mm512_shuffle_f32x4(e0, e2, 0x88));
      v[4 + q] = B(_mm512_shuffle_f32x4(e1, e3, 0x88));
      v[8 + q] = B(_mm512_shuffle_f32x4(e0, e2, 0xDD));
      v[12 + q] = B(_mm512_shuffle_f32x4(e1, e3, 0xDD));
    }
  } else if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
    __m512d t[8];
    for (int i = 0; i < 4; ++i) {
      t[2 * i] = _mm512_unpacklo_pd(v[2 * i], v[2 * i + 1]);
      t[2 * i + 1] = _mm512_unpackhi_pd(v[2 * i], v[2 * i + 1]);
    }
    // t[2 i + q], 128-bit lane l: rows 2i, 2i+1 of column 2l + q.
    for (int q = 0; q < 2; ++q) {
      const __m512d e0 = _mm512_shuffle_f64x2(t[q], t[2 + q], 0x88), e1 = _mm512_shuffle_f64x2(t[q], t[2 + q], 0xDD);
      const __m512d e2 = _mm512_shuffle_f64x2(t[4 + q], t[6 + q], 0x88), e3 = _mm512_shuffle_f64x2(t[4 + q], t[6 + q], 0xDD);
      v[q] = B(_mm512_shuffle_f64x2(e0, e2, 0x88));
      v[2 + q] = B(_mm512_shuffle_f64x2(e1, e3, 0x88));
      v[4 + q] = B(_mm512_shuffle_f64x2(e0, e2, 0xDD));
      v[6 + q] = B(_mm512_shuffle_f64x2(e1, e3, 0xDD));
    }
  } else if constexpr (std::is_base_of_v<xsimd::avx, A> && is_float) {
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
  } else if constexpr (std::is_base_of_v<xsimd::avx, A>) {
    const __m256d t0 = _mm256_unpacklo_pd(v[0], v[1]), t1 = _mm256_unpackhi_pd(v[0], v[1]);
    const __m256d t2 = _mm256_unpacklo_pd(v[2], v[3]), t3 = _mm256_unpackhi_pd(v[2], v[3]);
    v[0] = B(_mm256_permute2f128_pd(t0, t2, 0x20));
    v[1] = B(_mm256_permute2f128_pd(t1, t3, 0x20));
    v[2] = B(_mm256_permute2f128_pd(t0, t2, 0x31));
    v[3] = B(_mm256_permute2f128_pd(t1, t3, 0x31));
  } else if constexpr (std::is_base_of_v<xsimd::sse2, A> && is_float) {
    __m128 r0 = v[0], r1 = v[1], r2 = v[2], r3 = v[3];
    _MM_TRANSPOSE4_PS(r0, r1, r2, r3);
    v[0] = B(r0), v[1] = B(r1), v[2] = B(r2), v[3] = B(r3);
  } else if constexpr (std::is_base_of_v<xsimd::sse2, A>) {
    const __m128d a = v[0], b = v[1];
    v[0] = B(_mm_unpacklo_pd(a, b));
    v[1] = B(_mm_unpackhi_pd(a, b));
  } else {
    constexpr std::size_t W = B::size;
    alignas(64) T buf[W][W];
    for (std::size_t r = 0; r < W; ++r) v[r].store_aligned(buf[r]);
    for (std::size_t j = 0; j < W; ++j) {
      alignas(64) T col[W];
      for (std::size_t r = 0; r < W; ++r) col[r] = buf[r][j];
      v[j] = B::load_aligned(col);
    }
  }
}

// load_columns for AVX-512 float and d <= 8: rows r and r + 8 share a register, one in each
// 256-bit half, so 8 registers and a transpose of 8 x 8 within the halves (24 shuffles, the last
// 8 joining the halves' 128-bit lanes in order) replace the 16 x 16 transpose (up to 64).
template <class A, std::size_t D>
[[gnu::always_inline]] inline void load_columns_paired(const float* x, std::size_t ldx, std::size_t rows,
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

#pragma GCC diagnostic pop

// Columns 0 .. D-1 of the `rows` rows at x (ldx apart; rows <= W) into out[0 .. D-1], lane r
// holding row r; lanes of missing rows are 0.
// Inlined, like the two above, so that the rows never leave the registers.
template <class A, class T, std::size_t D>
[[gnu::always_inline]] inline void load_columns(const T* x, std::size_t ldx, std::size_t rows, xsimd::batch<T, A>* out) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  if constexpr (std::is_base_of_v<xsimd::avx512f, A> && std::is_same_v<T, float> && D <= 8) {
    load_columns_paired<A, D>(x, ldx, rows, out);
    return;
  }
  [&]<std::size_t... Tile>(std::index_sequence<Tile...>) {
    auto one_tile = [&]<std::size_t j0>(std::integral_constant<std::size_t, j0>) {
      constexpr std::size_t count = D - j0 < W ? D - j0 : W;
      B tile[W];
      for (std::size_t r = 0; r < W; ++r) {
        if (r >= rows) {
          tile[r] = B(T(0));
        } else if constexpr (count == W) {
          tile[r] = B::load_unaligned(x + r * ldx + j0);
        } else {
          tile[r] = load_partial<A, T, count>(x + r * ldx + j0);
        }
      }
      transpose_tile<A, T>(tile);
      for (std::size_t j = 0; j < count; ++j) out[j0 + j] = tile[j];
    };
    (one_tile(std::integral_constant<std::size_t, Tile * W>{}), ...);
  }(std::make_index_sequence<(D + W - 1) / W>{});
}

}  // namespace kernels::simd
SEGCORE_NAMESPACE_END
