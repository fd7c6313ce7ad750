// The distance kernels, as a table of function pointers per instruction set. Internal: the
// algorithms call through active_kernels(); tests walk every table the CPU can run.
//
// Kernels see only pointers, strides and sizes. Centers for the many-to-many kernels come
// packed (CenterPack): transposed to d x kpad so that one SIMD register holds one coordinate
// of several centers, scaled by -2 so that |c|^2 - 2 x.c is one chain of FMAs starting from
// |c|^2, with kpad a multiple of 16 and padding centers whose norm is +inf.
//
// The many-to-many kernels work relative to an origin (d values, near the centers): each row
// has the origin subtracted before use, and the packed centers are stored less the origin. The
// expansion |x - c|^2 = |x|^2 - 2 x.c + |c|^2 loses about eps (|x|^2 + |c|^2) to rounding, all
// of it when the data sit far from zero (epoch seconds, or float columns near 1e5); relative to
// an origin among the centers the lost part is eps times the spread of the data instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels {

// Padding unit of CenterPack::kpad: the widest register (AVX-512 float) holds 16 lanes.
inline constexpr std::size_t kCenterLanes = 16;

template <class T>
struct Kernels {
  // One-to-one over d values: squared L2, dot product, cosine distance 1 - a.b / (|a| |b|)
  // (0 when either vector is all zeros).
  T (*sqdist)(const T* a, const T* b, std::size_t d);
  T (*dot)(const T* a, const T* b, std::size_t d);
  T (*cosine)(const T* a, const T* b, std::size_t d);
  // One-to-many: out[i] = f(q, row i of y), y has m rows of d values, ldy apart.
  void (*sqdist_many)(const T* q, const T* y, std::size_t m, std::size_t d, std::size_t ldy, T* out);
  void (*dot_many)(const T* q, const T* y, std::size_t m, std::size_t d, std::size_t ldy, T* out);
  void (*cosine_many)(const T* q, const T* y, std::size_t m, std::size_t d, std::size_t ldy, T* out);
  // Many-to-many nearest center: for each of the n rows of x (ldx apart), with x' = x - origin
  // (rounded to T), the index of the center minimising |c'|^2 - 2 x'.c' (the squared distance
  // less |x'|^2) and that value. Ties go to the lower index. ct is d x kpad (packed, -2c'),
  // cnorm has kpad entries, origin d.
  void (*nearest)(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                  const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial);
  // The two layouts nearest chooses between, with the same results to the bit: centers in the
  // lanes (any d), and rows in the lanes (d <= 16, not for SSE2 double; nearest_by_center
  // otherwise). For benchmarks and tests; algorithms call nearest.
  void (*nearest_by_center)(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                            const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial);
  void (*nearest_by_row)(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                         const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial);
  // nearest, also giving the second smallest |c'|^2 - 2 x'.c' of each row (+inf when k = 1).
  void (*nearest2)(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* origin, const T* ct,
                   const T* cnorm, std::size_t kpad, std::int32_t* label, T* partial, T* second);
  // Center sums relative to the origin (the same values as nearest's, in double): for each
  // row i, sums[label[i] * d + j] += w[i] * (x[i][j] - origin[j]) and weights[label[i]] += w[i],
  // in double, row by row in order; w == nullptr means weight 1. Sums of values near the
  // origin keep their precision where sums of values far from zero would not.
  void (*accumulate)(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const double* origin,
                     const std::int32_t* label, const double* w, double* sums, double* weights);
  // |c|^2 - 2 x.c for one row x against all kpad packed centers (no origin: the caller's x and
  // centers are already relative to one).
  void (*partials)(const T* x, std::size_t d, const T* ct, const T* cnorm, std::size_t kpad, T* out);
  // Silhouette sums: out[i * k + piece_label[p]] += sum over q in [bounds[p], bounds[p+1]) of
  // ymask[q] * |x_i - y_q| for each of the n rows x_i (ldx apart). The points y are packed
  // transposed and scaled like centers: yt[j * ldy + q] = -2 y_q[j], ynorm[q] = |y_q|^2;
  // ymask is 1 for a point and 0 for padding. Every bound is a multiple of kCenterLanes.
  // Unless col is null, the same distances are also summed the other way, by the cluster of
  // the row: col[xlabel[i] * ldc + q] += xmask[i] * ymask[q] * |x_i - y_q|; rows 4g .. 4g + 3
  // of every complete group of four must then share one xlabel.
  void (*cluster_distance_sums)(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* yt, const T* ynorm,
                                const T* ymask, std::size_t ldy, const std::uint32_t* bounds,
                                const std::int32_t* piece_label, std::size_t n_pieces, std::size_t k, double* out,
                                const std::int32_t* xlabel, const T* xmask, double* col, std::size_t ldc);
};

struct KernelTable {
  const char* name;  // "avx512", "avx2", "sse2" or "scalar"
  Kernels<float> f32;
  Kernels<double> f64;

  template <class T>
  const Kernels<T>& get() const {
    if constexpr (sizeof(T) == sizeof(float))
      return f32;
    else
      return f64;
  }
};

// Centers packed for the many-to-many kernels, relative to an origin.
template <class T>
struct CenterPack {
  std::size_t k = 0, d = 0, kpad = 0;
  std::vector<T> origin;  // d; the kernels subtract it from every row
  std::vector<T> ct;      // d x kpad, ct[j * kpad + c] = -2 * (center c, coordinate j)
  std::vector<T> cnorm;   // kpad, |c|^2 computed from the packed (rounded) values; +inf padding

  // Packs k row-major centers of d coordinates (any source precision), given relative to
  // `origin` (d values of T; nullptr: zero).
  template <class U>
  void assign(const U* centers, std::size_t k_, std::size_t d_, const T* origin_ = nullptr);
};

// The table in use: forced by set_simd_arch() or SEGCORE_ARCH, else the best the CPU runs.
const KernelTable& active_kernels();
// Every table this build has and this CPU can run, best first; the scalar table is last.
std::vector<const KernelTable*> runnable_kernel_tables();
// The plain-loop reference table.
const KernelTable& scalar_kernels();

}  // namespace kernels
SEGCORE_NAMESPACE_END

#include "kernels/center_pack-inl.hpp"
