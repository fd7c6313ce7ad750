// Plain-loop reference of the pairwise kernels (see kernel_table.hpp), in double.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels::reference {

template <class T>
void cluster_distance_sums(const T* x, std::size_t n, std::size_t d, std::size_t ldx, const T* yt, const T* ynorm,
                           const T* ymask, std::size_t ldy, const std::uint32_t* bounds,
                           const std::int32_t* piece_label, std::size_t n_pieces, std::size_t k, double* out,
                           const std::int32_t* xlabel, const T* xmask, double* col, std::size_t ldc) {
  for (std::size_t i = 0; i < n; ++i) {
    const T* xi = x + i * ldx;
    double xn = 0;
    for (std::size_t j = 0; j < d; ++j) xn += static_cast<double>(xi[j]) * xi[j];
    for (std::size_t p = 0; p < n_pieces; ++p) {
      for (std::size_t q = bounds[p]; q < bounds[p + 1]; ++q) {
        double v = xn + static_cast<double>(ynorm[q]);
        for (std::size_t j = 0; j < d; ++j) v += static_cast<double>(xi[j]) * yt[j * ldy + q];
        const double dist = std::sqrt(std::max(v, 0.0)) * ymask[q];
        out[i * k + static_cast<std::size_t>(piece_label[p])] += dist;
        if (col != nullptr) col[static_cast<std::size_t>(xlabel[i]) * ldc + q] += dist * xmask[i];
      }
    }
  }
}

}  // namespace kernels::reference
SEGCORE_NAMESPACE_END
