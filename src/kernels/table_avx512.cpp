// The avx512 kernel table; this file alone is compiled with the avx512 instruction-set flags.
// GCC 12's 512-bit intrinsics read a deliberately undefined register and warn about it where
// they are inlined, anywhere in this table.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "kernels/simd_kernels.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels {

const KernelTable& avx512_kernels() {
  static const KernelTable table = simd::make_table<xsimd::avx512bw>("avx512");
  return table;
}

}  // namespace kernels
SEGCORE_NAMESPACE_END
