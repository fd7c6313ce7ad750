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

#include <xsimd/xsimd.hpp>

#include "kernels/native_ops.hpp"
#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::simd {

// Asks for the cache line holding p.
template <class A>
[[gnu::always_inline]] inline void prefetch_line(const char* p) {
  native::prefetch_line(p);
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
    dense_ = (ldx - d) * sizeof(T) <= 64 && steps > 0;                  // gaps of at most a cache line
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
  if constexpr (native::loads_partial<A, T>()) {
    return native::load_partial<A, T, count>(p);
  } else {
    alignas(64) T buf[B::size] = {};
    for (std::size_t l = 0; l < count; ++l) buf[l] = p[l];
    return B::load_aligned(buf);
  }
}

// Transposes the W x W tile v in place: afterwards v[j] lane r is what v[r] lane j was.
template <class A, class T>
[[gnu::always_inline]] inline void transpose_tile(xsimd::batch<T, A>* v) {
  using B = xsimd::batch<T, A>;
  if constexpr (native::transposes<A, T>()) {
    native::transpose_tile<A, T>(v);
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

// Columns 0 .. D-1 of the `rows` rows at x (ldx apart; rows <= W) into out[0 .. D-1], lane r
// holding row r; lanes of missing rows are 0.
// Inlined, like the two above, so that the rows never leave the registers.
template <class A, class T, std::size_t D>
[[gnu::always_inline]] inline void load_columns(const T* x, std::size_t ldx, std::size_t rows,
                                                xsimd::batch<T, A>* out) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  if constexpr (native::loads_columns<A, T, D>()) {
    native::load_columns<A, D>(x, ldx, rows, out);
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
  }
  (std::make_index_sequence<(D + W - 1) / W>{});
}

}  // namespace kernels::simd
SEGCORE_NAMESPACE_END
