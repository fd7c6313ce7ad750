// The hooks of kernels/native_ops.hpp for instruction sets without hand-written code (ARM's
// NEON among them): every flag is false, so the portable kernels use xsimd's operations, and
// the hooks are declared only, never defined or called.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <xsimd/xsimd.hpp>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::simd::native {

// The builtin: the x86 hook writes the instruction as asm because GCC 12 deleted loops of the
// builtin there; whether it does so elsewhere has not been measured.
[[gnu::always_inline]] inline void prefetch_line(const char* p) { __builtin_prefetch(p, 0, 3); }

template <class A>
constexpr bool widens() {
  return false;
}
template <class A>
xsimd::batch<double, A> load_widened(const float* p);

template <class A, class T>
constexpr bool stores_labels() {
  return false;
}
template <class A, class T>
void store_labels(const xsimd::batch<T, A>& v, std::int32_t* out);

template <class A, class T>
constexpr bool loads_partial() {
  return false;
}
template <class A, class T, std::size_t count>
xsimd::batch<T, A> load_partial(const T* p);

template <class A, class T>
constexpr bool transposes() {
  return false;
}
template <class A, class T>
void transpose_tile(xsimd::batch<T, A>* v);

template <class A, class T, std::size_t D>
constexpr bool loads_columns() {
  return false;
}
template <class A, std::size_t D>
void load_columns(const float* x, std::size_t ldx, std::size_t rows, xsimd::batch<float, A>* out);

template <class A, class T>
constexpr bool fast_sqrt() {
  return false;
}
template <class A, class T>
xsimd::batch<T, A> nonneg_sqrt(const xsimd::batch<T, A>& v);

template <class A>
constexpr bool reduces_argmin() {
  return false;
}
template <class A, class T>
void argmin_lanes(const xsimd::batch<T, A>& v, const xsimd::batch<T, A>& ix, T& best, T& index);

// The plain accumulation loop for wide rows, as below AVX-512 on x86.
template <class A>
constexpr bool plain_wide_accumulate() {
  return true;
}

// Two double lanes (NEON): the rows-in-lanes kernel is not built, as for SSE2 double.
template <class A, class T>
constexpr bool rows_in_lanes() {
  return !std::is_same_v<T, double>;
}

// AArch64 has 32 vector registers, as AVX-512 has.
template <class A>
constexpr bool wide_register_file() {
  return true;
}

}  // namespace kernels::simd::native
SEGCORE_NAMESPACE_END
