// The avx2 kernel table; this file alone is compiled with the avx2 instruction-set flags.
#include "kernels/simd_kernels.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels {

const KernelTable& avx2_kernels() {
  static const KernelTable table = simd::make_table<xsimd::fma3<xsimd::avx2>>("avx2");
  return table;
}

}  // namespace kernels
SEGCORE_NAMESPACE_END
