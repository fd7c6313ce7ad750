// The nearest-center kernel with rows in the lanes, for small d. A block of rows is turned into
// d registers (register j: value j of every row); then for each center its coordinates are
// broadcast and |c|^2 - 2 x.c is computed for all the rows at once, each row keeping its running
// minimum and index with a compare, a select and a min. No horizontal reduction at all: for small d
// the per-row argmin across lanes costs as much as the distance FMAs of the centers-in-lanes
// kernel. The rows have the origin subtracted once, after the turn (one subtraction per
// register of rows and value, against a register of FMAs per center). Each value is the same
// chain of FMAs in the same order as there (|c|^2, then (x_j - o_j) (-2 c_j) for j = 0 .. d-1),
// so both kernels give the same bits and labels.
// Included by simd_kernels.hpp only; every function is a template on the arch A.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#include "kernels/native_ops.hpp"
#include "kernels/row_loads.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::simd {

// The largest d the kernel is built for; wider rows go to the centers-in-lanes kernel. Not built
// for SSE2 double (two lanes), where it measured no faster than the centers-in-lanes kernel.
template <class A, class T>
constexpr std::size_t row_lanes_max_d() {
  return native::rows_in_lanes<A, T>() ? 16 : 0;
}

// Registers of rows per block (R) and centers per step (Q): R * Q independent FMA chains, with
// the d x R registers of rows mostly kept in the register file (32 registers with AVX-512, 16
// below). Chosen by measurement (bench_kernels, nearest_f32/<arch>/by_row).
template <class A, class T, std::size_t D>
constexpr std::size_t row_registers() {
  if constexpr (native::wide_register_file<A>()) return D <= 5 ? 4 : D <= 12 ? 2 : 1;
  return D <= 8 ? 2 : 1;
}
template <class A, class T, std::size_t D>
constexpr std::size_t centers_per_step() {
  if constexpr (native::wide_register_file<A>())
    if (row_registers<A, T, D>() == 2 && D <= 8) return 4;  // 8 chains; measured 4% faster than 4
  return row_registers<A, T, D>() == 1 ? 4 : 2;
}

// Centers to visit: up to the last with a finite norm (the padding after it has norm +inf and
// can never be strictly below a running minimum), rounded up to a multiple of q <= kpad. A
// template on A like everything here, so that no instantiation is shared across instruction sets.
template <class A, class T>
std::size_t centers_in_use(const T* cnorm, std::size_t kpad, std::size_t q) {
  std::size_t k = kpad;
  while (k > 0 && cnorm[k - 1] == std::numeric_limits<T>::infinity()) --k;
  return std::min(kpad, (k + q - 1) / q * q);
}

// Stores the W indices of v (whole numbers held as T) as int32.
template <class A, class T>
void store_labels(const xsimd::batch<T, A>& v, std::int32_t* out) {
  if constexpr (native::stores_labels<A, T>()) {
    native::store_labels<A, T>(v, out);
  } else {
    constexpr std::size_t W = xsimd::batch<T, A>::size;
    alignas(64) T buf[W];
    v.store_aligned(buf);
    for (std::size_t l = 0; l < W; ++l) out[l] = static_cast<std::int32_t>(buf[l]);
  }
}

// With kSecond, also the second smallest value of each row (Hamerly's lower bound): one more
// running value per lane, the old minimum when a center beats it.
template <class A, class T, std::size_t D, bool kSecond = false, std::size_t R = row_registers<A, T, D>(),
          std::size_t Q = centers_per_step<A, T, D>()>
void nearest_by_row_d(const T* x, std::size_t n, std::size_t ldx, const T* origin, const T* ct, const T* cnorm,
                      std::size_t kpad, std::int32_t* label, T* partial, T* second = nullptr) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  constexpr std::size_t kBlock = R * W;
  // Center indices as T, read by broadcast (a load, not an arithmetic instruction); windows of
  // kWindow centers when there are more.
  constexpr std::size_t kWindow = 512;
  alignas(64) T order[kWindow];
  const std::size_t kuse = centers_in_use<A>(cnorm, kpad, Q);
  const std::size_t ahead = 2048 / (ldx * sizeof(T)) + kBlock;  // rows
  const std::size_t steps = std::min(kuse, kWindow) / Q;        // of the first window
  const B inf(std::numeric_limits<T>::infinity());
  for (std::size_t c = 0; c < std::min(kuse, kWindow); ++c) order[c] = static_cast<T>(c);
  SpreadPrefetch<A, T> prefetch(x, n, D, ldx, kBlock, steps);
  for (std::size_t i = 0; i < n; i += kBlock) {
    const std::size_t m = std::min(kBlock, n - i);
    prefetch.start(i + ahead);
    B xt[R][D], best[R], best_idx[R], next[kSecond ? R : 1];
    for (std::size_t r = 0; r < R; ++r) {
      const std::size_t rows = m > r * W ? std::min(W, m - r * W) : 0;
      load_columns<A, T, D>(x + (i + r * W) * ldx, ldx, rows, xt[r]);
      for (std::size_t j = 0; j < D; ++j) xt[r][j] = xt[r][j] - B(origin[j]);  // the values center_rows makes
      best[r] = inf, best_idx[r] = B(T(0));
      if constexpr (kSecond) next[r] = inf;
    }
    for (std::size_t w0 = 0; w0 < kuse; w0 += kWindow) {
      const std::size_t w1 = std::min(kuse, w0 + kWindow);
      if (w0 > 0 || kuse > kWindow)
        for (std::size_t c = w0; c < w1; ++c) order[c - w0] = static_cast<T>(c);
      for (std::size_t c0 = w0; c0 < w1; c0 += Q) {
        if (w0 == 0) prefetch.step();
        B acc[Q][R];
        for (std::size_t q = 0; q < Q; ++q) {
          const B cn(cnorm[c0 + q]);
          for (std::size_t r = 0; r < R; ++r) acc[q][r] = cn;
        }
        // Unrolled, so that the rows stay in registers rather than being reloaded per center.
#pragma GCC unroll 16
        for (std::size_t j = 0; j < D; ++j)
#pragma GCC unroll 8
          for (std::size_t q = 0; q < Q; ++q) {
            const B cj(ct[j * kpad + c0 + q]);
            for (std::size_t r = 0; r < R; ++r) acc[q][r] = xsimd::fma(xt[r][j], cj, acc[q][r]);
          }
        for (std::size_t q = 0; q < Q; ++q) {  // in center order: equal values keep the lower index
          const B index(order[c0 + q - w0]);
          for (std::size_t r = 0; r < R; ++r) {
            const auto better = acc[q][r] < best[r];
            if constexpr (kSecond) next[r] = xsimd::select(better, best[r], xsimd::min(acc[q][r], next[r]));
            best_idx[r] = xsimd::select(better, index, best_idx[r]);
            best[r] = xsimd::min(acc[q][r], best[r]);  // acc < best ? acc : best, one instruction
          }
        }
      }
    }
    if (m == kBlock) {
      for (std::size_t r = 0; r < R; ++r) {
        best[r].store_unaligned(partial + i + r * W);
        store_labels<A>(best_idx[r], label + i + r * W);
        if constexpr (kSecond) next[r].store_unaligned(second + i + r * W);
      }
    } else {
      alignas(64) T values[kBlock], indices[kBlock], seconds[kBlock];
      for (std::size_t r = 0; r < R; ++r) {
        best[r].store_aligned(values + r * W);
        best_idx[r].store_aligned(indices + r * W);
        if constexpr (kSecond) next[r].store_aligned(seconds + r * W);
      }
      for (std::size_t q = 0; q < m; ++q) {
        label[i + q] = static_cast<std::int32_t>(indices[q]);
        partial[i + q] = values[q];
        if constexpr (kSecond) second[i + q] = seconds[q];
      }
    }
  }
}

// nearest with rows in the lanes for d <= row_lanes_max_d; `wide` for larger d.
template <class A, class T, auto wide>
void nearest_by_row(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                    const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial) {
  using Fn =
      void (*)(const T*, std::size_t, std::size_t, const T*, const T*, const T*, std::size_t, std::int32_t*, T*, T*);
  static constexpr auto table = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<Fn, sizeof...(I)>{&nearest_by_row_d<A, T, I + 1>...};
  }
  (std::make_index_sequence<row_lanes_max_d<A, T>()>{});
  if (d >= 1 && d <= table.size())
    table[d - 1](x, n, ldx, origin, ct, cnorm, kpad, label, partial, nullptr);
  else
    wide(x, n, d, ldx, origin, ct, cnorm, kpad, label, partial);
}

// nearest2 with rows in the lanes for d <= row_lanes_max_d; `wide` for larger d.
template <class A, class T, auto wide>
void nearest2_by_row(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                     const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial, T* second) {
  using Fn =
      void (*)(const T*, std::size_t, std::size_t, const T*, const T*, const T*, std::size_t, std::int32_t*, T*, T*);
  static constexpr auto table = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<Fn, sizeof...(I)>{&nearest_by_row_d<A, T, I + 1, true>...};
  }
  (std::make_index_sequence<row_lanes_max_d<A, T>()>{});
  if (d >= 1 && d <= table.size())
    table[d - 1](x, n, ldx, origin, ct, cnorm, kpad, label, partial, second);
  else
    wide(x, n, d, ldx, origin, ct, cnorm, kpad, label, partial, second);
}

}  // namespace kernels::simd
SEGCORE_NAMESPACE_END
