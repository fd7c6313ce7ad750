// The sse2 kernel table; this file alone is compiled with the sse2 instruction-set flags.
#include "kernels/simd_kernels.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels {

const KernelTable& sse2_kernels() {
  static const KernelTable table = simd::make_table<xsimd::sse2>("sse2");
  return table;
}

}  // namespace kernels
SEGCORE_NAMESPACE_END
