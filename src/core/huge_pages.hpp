// Transparent huge pages for large buffers. Where the kernel hands them out only on request
// (THP mode "madvise", the common default), a fresh buffer of hundreds of MB is faulted in one
// 4 KiB page at a time on first touch; each fault is costly, the more so in a virtual machine.
// Asked for huge pages, the kernel maps and clears 2 MiB at a time. Measured on a 5M-row CSV
// to RFM: the page faults were a quarter of the run (docs/BENCHMARKS.md, "Huge pages").
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

// Asks for huge pages over the 2 MiB-aligned part of [data, data + bytes); a hint the kernel
// may ignore, so it cannot fail. Buffers under 4 MiB are left alone.
inline void advise_huge_pages(void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  if (bytes < 2 * kHuge) return;
  const auto at = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (at + kHuge - 1) & ~(kHuge - 1), last = (at + bytes) & ~(kHuge - 1);
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)data, (void)bytes;
#endif
}

// v.resize(n), with huge pages asked for when it needs new memory: the advice must come
// between the allocation and the first write, which resize alone does in one step.
template <class T, class A>
void resize_on_huge_pages(std::vector<T, A>& v, std::size_t n) {
  if (n > v.capacity()) {
    v.reserve(n);
    advise_huge_pages(v.data(), n * sizeof(T));
  }
  v.resize(n);
}

}  // namespace detail
SEGCORE_NAMESPACE_END
