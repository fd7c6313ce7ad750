// Chooses the kernel table: SEGCORE_ARCH or set_simd_arch() if given, else the best the CPU
// runs. Built with baseline flags; it only calls into a wider table after checking the CPU.
#include <atomic>
#include <cstdlib>
#include <string>

#include "absl/strings/str_join.h"
#include "kernels/kernel_table.hpp"
#include "kernels/reference.hpp"
#include "segcore/simd.hpp"

#if defined(SEGCORE_HAVE_SIMD)
#include <xsimd/config/xsimd_cpuid.hpp>
#endif

SEGCORE_NAMESPACE_BEGIN
namespace kernels {

#if defined(SEGCORE_HAVE_SIMD) && defined(__aarch64__)
const KernelTable& neon_kernels();
#elif defined(SEGCORE_HAVE_SIMD)
const KernelTable& avx512_kernels();
const KernelTable& avx2_kernels();
const KernelTable& sse2_kernels();
#endif

const KernelTable& scalar_kernels() {
  static const KernelTable table{"scalar", reference::table<float>(), reference::table<double>()};
  return table;
}

std::vector<const KernelTable*> runnable_kernel_tables() {
  std::vector<const KernelTable*> tables;
#if defined(SEGCORE_HAVE_SIMD) && defined(__aarch64__)
  tables.push_back(&neon_kernels());  // NEON is part of AArch64
#elif defined(SEGCORE_HAVE_SIMD)
  const auto cpu = xsimd::available_architectures();
  if (cpu.avx512f && cpu.avx512cd && cpu.avx512dq && cpu.avx512bw) tables.push_back(&avx512_kernels());
  if (cpu.avx2 && cpu.fma3_avx2) tables.push_back(&avx2_kernels());
  if (cpu.sse2) tables.push_back(&sse2_kernels());
#endif
  tables.push_back(&scalar_kernels());
  return tables;
}

namespace {

const KernelTable* find_table(absl::string_view name) {
  for (const KernelTable* t : runnable_kernel_tables())
    if (name == t->name) return t;
  return nullptr;
}

const KernelTable* initial_table() {
  if (const char* env = std::getenv("SEGCORE_ARCH"); env != nullptr && *env != '\0')
    if (const KernelTable* t = find_table(env)) return t;  // unknown names fall back: see simd.hpp
  return runnable_kernel_tables().front();
}

std::atomic<const KernelTable*>& active_slot() {
  static std::atomic<const KernelTable*> slot{initial_table()};
  return slot;
}

}  // namespace

const KernelTable& active_kernels() { return *active_slot().load(std::memory_order_acquire); }

}  // namespace kernels

const char* simd_arch() { return kernels::active_kernels().name; }

std::vector<std::string> available_simd_archs() {
  std::vector<std::string> names;
  for (const kernels::KernelTable* t : kernels::runnable_kernel_tables()) names.emplace_back(t->name);
  return names;
}

Status set_simd_arch(absl::string_view name) {
  const kernels::KernelTable* t = name.empty() ? kernels::runnable_kernel_tables().front() : kernels::find_table(name);
  if (t == nullptr)
    return invalid_argument("set_simd_arch", "'", name,
                            "' is not available here; choose one of: ", absl::StrJoin(available_simd_archs(), ", "));
  kernels::active_slot().store(t, std::memory_order_release);
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
