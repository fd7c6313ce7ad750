// The NEON kernel table (AArch64, where NEON is always present); the portable kernels with the
// generic hooks of kernels/generic/native_ops.hpp.
#include "kernels/simd_kernels.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace kernels {

const KernelTable& neon_kernels() {
  static const KernelTable table = simd::make_table<xsimd::neon64>("neon");
  return table;
}

}  // namespace kernels
SEGCORE_NAMESPACE_END
