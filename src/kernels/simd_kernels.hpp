// The vectorised kernels, written once against xsimd and instantiated per instruction set in
// table_<arch>.cpp, each compiled with that instruction set's flags. Include nowhere else.
// Every function here is a template on the arch A, so that the linker can never merge an
// AVX-512 instantiation with a baseline one of the same name.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <limits>
#include <type_traits>
#include <vector>

#include <xsimd/xsimd.hpp>

#include "kernels/accumulate.hpp"
#include "kernels/kernel_table.hpp"
#include "kernels/nearest_by_row.hpp"
#include "kernels/pairwise_kernels.hpp"
#include "kernels/row_loads.hpp"

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

// Minimum of the lanes of v, and the smallest of the lanes of ix where v holds that minimum:
// a branch-free horizontal argmin with ties to the lower index. Mispredicted branches of a
// scalar scan over the lanes cost more than the whole distance computation for small d.
template <class A, class T>
inline void argmin_lanes(const xsimd::batch<T, A>& v, const xsimd::batch<T, A>& ix, T& best, T& index) {
  if constexpr (native::reduces_argmin<A>()) {
    native::argmin_lanes<A, T>(v, ix, best, index);
  } else {
    constexpr std::size_t W = xsimd::batch<T, A>::size;
    alignas(64) T vv[W], ii[W];
    v.store_aligned(vv);
    ix.store_aligned(ii);
    best = vv[0], index = ii[0];
    for (std::size_t l = 1; l < W; ++l)
      if (vv[l] < best || (vv[l] == best && ii[l] < index)) best = vv[l], index = ii[l];
  }
}

// R rows against all packed centers, V registers of centers at a time: each x value is
// broadcast once and used V times, and no horizontal reduction is needed until the final
// argmin of each row. Per lane the running minimum keeps the lower index on ties. With
// kSecond, the second smallest value of each row is kept too (Hamerly's lower bound).
template <class A, class T, std::size_t R, std::size_t V, bool kSecond>
inline void nearest_rows(const T* x, std::size_t d, std::size_t ldx, const T* ct, const T* cnorm, std::size_t kpad,
                         std::int32_t* label, T* partial, T* second) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  alignas(64) T lane[W];
  for (std::size_t l = 0; l < W; ++l) lane[l] = static_cast<T>(l);
  const B iota = B::load_aligned(lane);
  const B inf(std::numeric_limits<T>::infinity());
  B best[R], best_idx[R], next[kSecond ? R : 1];
  for (std::size_t r = 0; r < R; ++r) {
    best[r] = inf, best_idx[r] = B(T(0));
    if constexpr (kSecond) next[r] = inf;
  }
  auto track = [&](std::size_t r, const B& v, std::size_t first) {
    const auto better = v < best[r];  // strict: equal values keep the lower index
    if constexpr (kSecond) next[r] = xsimd::select(better, best[r], xsimd::min(next[r], v));
    best[r] = xsimd::select(better, v, best[r]);
    best_idx[r] = xsimd::select(better, iota + B(static_cast<T>(first)), best_idx[r]);
  };
  std::size_t k0 = 0;
  for (; k0 + V * W <= kpad; k0 += V * W) {
    B acc[R][V];
    for (std::size_t v = 0; v < V; ++v) {
      const B cn = B::load_unaligned(cnorm + k0 + v * W);
      for (std::size_t r = 0; r < R; ++r) acc[r][v] = cn;
    }
    for (std::size_t j = 0; j < d; ++j) {  // |c|^2 + sum_j x_j (-2 c_j)
      B c[V];
      for (std::size_t v = 0; v < V; ++v) c[v] = B::load_unaligned(ct + j * kpad + k0 + v * W);
      for (std::size_t r = 0; r < R; ++r) {
        const B xb(x[r * ldx + j]);
        for (std::size_t v = 0; v < V; ++v) acc[r][v] = xsimd::fma(xb, c[v], acc[r][v]);
      }
    }
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t v = 0; v < V; ++v) track(r, acc[r][v], k0 + v * W);
  }
  for (; k0 < kpad; k0 += W) {  // the last registers of centers, one at a time
    B acc[R];
    const B cn = B::load_unaligned(cnorm + k0);
    for (std::size_t r = 0; r < R; ++r) acc[r] = cn;
    for (std::size_t j = 0; j < d; ++j) {
      const B c = B::load_unaligned(ct + j * kpad + k0);
      for (std::size_t r = 0; r < R; ++r) acc[r] = xsimd::fma(B(x[r * ldx + j]), c, acc[r]);
    }
    for (std::size_t r = 0; r < R; ++r) track(r, acc[r], k0);
  }
  for (std::size_t r = 0; r < R; ++r) {
    T bv, bi;
    argmin_lanes(best[r], best_idx[r], bv, bi);
    label[r] = static_cast<std::int32_t>(bi);
    partial[r] = bv;
    if constexpr (kSecond) {
      // The best of the other lanes, or the runner-up within the winning lane.
      T other, runner_up, ignored;
      argmin_lanes(xsimd::select(best_idx[r] == B(bi), inf, best[r]), best_idx[r], other, ignored);
      argmin_lanes(next[r], best_idx[r], runner_up, ignored);
      second[r] = std::min(other, runner_up);
    }
  }
}

// Register blocking, rows x registers of centers: enough independent accumulators to hide the
// FMA latency, few enough that accumulators, running minima and their indices fit the register
// file (32 registers with AVX-512, 16 below). Chosen by measurement (bench_kernels).
template <class A>
constexpr std::size_t rows_per_block() {
  return native::wide_register_file<A>() ? 6 : 4;
}
template <class A>
constexpr std::size_t center_registers() {
  return native::wide_register_file<A>() ? 2 : 1;
}

// rows rows of x (ldx apart) less the origin into out (d apart): a vector subtraction per
// register of a row, so that the centers-in-lanes kernel, which broadcasts each value of a row
// once per register of centers, reads values already centered.
template <class A, class T>
void center_rows(const T* x, std::size_t rows, std::size_t d, std::size_t ldx, const T* origin, T* out) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  for (std::size_t r = 0; r < rows; ++r) {
    const T* row = x + r * ldx;
    T* o = out + r * d;
    std::size_t j = 0;
    for (; j + W <= d; j += W) (B::load_unaligned(row + j) - B::load_unaligned(origin + j)).store_unaligned(o + j);
    for (; j < d; ++j) o[j] = row[j] - origin[j];
  }
}

// The centers-in-lanes layout over blocks of R rows, each block first centered into a buffer.
template <class A, class T, std::size_t R, std::size_t V, bool kSecond>
void nearest_by_center_blocks(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                              const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial, T* second) {
  const std::size_t ahead = 2048 / (ldx * sizeof(T)) + 1;  // rows
  std::vector<T> rows(R * d);
  std::size_t i = 0;
  for (; i + R <= n; i += R) {
    prefetch_rows<A>(x, i + ahead, R, n, d, ldx);
    center_rows<A>(x + i * ldx, R, d, ldx, origin, rows.data());
    nearest_rows<A, T, R, V, kSecond>(rows.data(), d, d, ct, cnorm, kpad, label + i, partial + i,
                                      kSecond ? second + i : nullptr);
  }
  for (; i < n; ++i) {
    center_rows<A>(x + i * ldx, 1, d, ldx, origin, rows.data());
    nearest_rows<A, T, 1, 1, kSecond>(rows.data(), d, d, ct, cnorm, kpad, label + i, partial + i,
                                      kSecond ? second + i : nullptr);
  }
}

template <class A, class T>
void nearest_by_center(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                       const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial) {
  nearest_by_center_blocks<A, T, rows_per_block<A>(), center_registers<A>(), false>(x, n, d, ldx, origin, ct, cnorm,
                                                                                    kpad, label, partial, nullptr);
}

// The faster of the two layouts (bench_kernels: nearest_f32/<arch>/...): rows in the lanes for
// d <= row_lanes_max_d (16, but none for SSE2 double); centers in the lanes beyond.
template <class A, class T>
void nearest(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct, const T* cnorm,
             std::size_t kpad, std::int32_t* label, T* partial) {
  nearest_by_row<A, T, nearest_by_center<A, T>>(x, n, d, ldx, origin, ct, cnorm, kpad, label, partial);
}

template <class A, class T>
void nearest2_by_center(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                        const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial, T* second) {
  constexpr std::size_t R = rows_per_block<A>() * 2 / 3;  // a third running value
  nearest_by_center_blocks<A, T, R, center_registers<A>(), true>(x, n, d, ldx, origin, ct, cnorm, kpad, label, partial,
                                                                 second);
}

// The same choice as nearest. Either layout gives Lloyd's labels and values, so Hamerly stays
// equal to Lloyd whichever runs.
template <class A, class T>
void nearest2(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct, const T* cnorm,
              std::size_t kpad, std::int32_t* label, T* partial, T* second) {
  nearest2_by_row<A, T, nearest2_by_center<A, T>>(x, n, d, ldx, origin, ct, cnorm, kpad, label, partial, second);
}

template <class A, class T>
void partials(const T* x, std::size_t d, const T* ct, const T* cnorm, std::size_t kpad, T* out) {
  using B = xsimd::batch<T, A>;
  constexpr std::size_t W = B::size;
  for (std::size_t k0 = 0; k0 < kpad; k0 += W) {
    B acc = B::load_unaligned(cnorm + k0);
    for (std::size_t j = 0; j < d; ++j) acc = xsimd::fma(B(x[j]), B::load_unaligned(ct + j * kpad + k0), acc);
    acc.store_unaligned(out + k0);
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
          nearest_by_center<A, T>,
          nearest_by_row<A, T, nearest_by_center<A, T>>,
          nearest2<A, T>,
          accumulate<A, T>,
          partials<A, T>,
          cluster_distance_sums<A, T>};
}

template <class A>
KernelTable make_table(const char* name) {
  return {name, kernels_for<A, float>(), kernels_for<A, double>()};
}

}  // namespace kernels::simd
SEGCORE_NAMESPACE_END
