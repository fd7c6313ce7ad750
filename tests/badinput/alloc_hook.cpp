// Replacements of the global allocation functions for the out-of-memory test. Nothing here
// may allocate: the bookkeeping is a fixed table guarded by a spin lock.
#include "alloc_hook.hpp"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include <elf.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SEGCORE_HOOK_MALLOC 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define SEGCORE_HOOK_MALLOC 0
#endif
#endif
#ifndef SEGCORE_HOOK_MALLOC
#define SEGCORE_HOOK_MALLOC 1
#endif

#if SEGCORE_HOOK_MALLOC
// glibc's allocator under its internal names: what the replaced malloc family forwards to.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void* __libc_valloc(std::size_t);
void* __libc_pvalloc(std::size_t);
void __libc_free(void*);
}
#endif

namespace {

std::atomic<long> g_countdown{0};
std::atomic<bool> g_persistent{false};
std::atomic<bool> g_failed{false};

// Code whose allocations are never failed: address ranges of the executable's functions.
struct Range {
  std::uintptr_t begin, end;
};
constexpr std::size_t kMaxSpared = 1 << 14;
Range g_spared[kMaxSpared];
std::size_t g_n_spared = 0;
thread_local bool t_in_hook = false;

// True when a function in spared code is on the calling thread's stack.
bool called_from_spared_code() {
  if (g_n_spared == 0) return false;
  void* frames[24];
  const int n = backtrace(frames, 24);
  for (int f = 0; f < n; ++f) {
    const auto pc = reinterpret_cast<std::uintptr_t>(frames[f]);
    for (std::size_t r = 0; r < g_n_spared; ++r)
      if (pc >= g_spared[r].begin && pc < g_spared[r].end) return true;
  }
  return false;
}

// Counts down one allocation; true when this is the one to fail. With `spare`, an allocation
// made from spared code is not failed: the failure moves on to the next allocation.
bool fail_now() {
  if (g_countdown.load(std::memory_order_relaxed) == 0 || t_in_hook) return false;
  if (g_persistent.load(std::memory_order_relaxed)) {
    const long left = g_countdown.fetch_sub(1, std::memory_order_relaxed);
    if (left > 1) return false;
    g_countdown.store(1, std::memory_order_relaxed);  // stays at "fail" until fail_from(0)
  } else {
    long left = g_countdown.load(std::memory_order_relaxed);
    while (left > 0 && !g_countdown.compare_exchange_weak(left, left - 1, std::memory_order_relaxed)) {}
    if (left != 1) return false;
  }
  t_in_hook = true;
  const bool spared = called_from_spared_code();
  t_in_hook = false;
  if (spared) {
    g_countdown.store(1, std::memory_order_relaxed);  // the next allocation fails instead
    return false;
  }
  g_failed.store(true, std::memory_order_relaxed);
  return true;
}

// The blocks allocated inside the window: an open-addressing set of addresses.
constexpr std::size_t kSlots = std::size_t(1) << 16;
void* g_slots[kSlots];
std::size_t g_live = 0;
std::atomic<bool> g_window{false};
std::atomic_flag g_lock = ATOMIC_FLAG_INIT;
void* const kTombstone = reinterpret_cast<void*>(std::uintptr_t(1));

struct Lock {
  Lock() {
    while (g_lock.test_and_set(std::memory_order_acquire)) {}
  }
  ~Lock() { g_lock.clear(std::memory_order_release); }
};

std::size_t slot_of(const void* p) {
  std::uintptr_t h = reinterpret_cast<std::uintptr_t>(p) >> 4;
  h ^= h >> 17;
  h *= 0x9E3779B97F4A7C15ull;
  return static_cast<std::size_t>(h >> 48) & (kSlots - 1);
}

void track(void* p) {
  if (p == nullptr || !g_window.load(std::memory_order_relaxed)) return;
  Lock lock;
  for (std::size_t i = slot_of(p), n = 0; n < kSlots; i = (i + 1) & (kSlots - 1), ++n) {
    if (g_slots[i] == nullptr || g_slots[i] == kTombstone) {
      g_slots[i] = p;
      ++g_live;
      return;
    }
  }
  std::abort();  // more live blocks than the table holds: make it larger
}

void untrack(void* p) {
  if (p == nullptr || !g_window.load(std::memory_order_relaxed)) return;
  Lock lock;
  for (std::size_t i = slot_of(p), n = 0; n < kSlots && g_slots[i] != nullptr; i = (i + 1) & (kSlots - 1), ++n) {
    if (g_slots[i] == p) {
      g_slots[i] = kTombstone;
      --g_live;
      return;
    }
  }
}

#if SEGCORE_HOOK_MALLOC
void* raw_alloc(std::size_t size, std::size_t align) {
  return align <= alignof(std::max_align_t) ? __libc_malloc(size) : __libc_memalign(align, size);
}
void raw_free(void* p) { __libc_free(p); }
#else
void* raw_alloc(std::size_t size, std::size_t align) {
  if (align <= alignof(std::max_align_t)) return std::malloc(size);
  void* p = nullptr;
  return posix_memalign(&p, align, size) == 0 ? p : nullptr;
}
void raw_free(void* p) { std::free(p); }
#endif

void* hooked(std::size_t size, std::size_t align) noexcept {
  if (fail_now()) return nullptr;
  void* p = raw_alloc(size == 0 ? 1 : size, align);
  track(p);
  return p;
}

void* hooked_or_throw(std::size_t size, std::size_t align) {
  void* p = hooked(size, align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void release(void* p) noexcept {
  untrack(p);
  raw_free(p);
}

}  // namespace

namespace alloc_hook {

void fail_from(long n, bool persistent) {
  g_countdown.store(0, std::memory_order_relaxed);
  g_failed.store(false, std::memory_order_relaxed);
  g_persistent.store(persistent, std::memory_order_relaxed);
  g_countdown.store(n, std::memory_order_relaxed);
}

bool failed() { return g_failed.load(std::memory_order_relaxed); }

void begin_window() {
  Lock lock;
  for (auto& s : g_slots) s = nullptr;
  g_live = 0;
  g_window.store(true, std::memory_order_relaxed);
}

std::size_t end_window() {
  Lock lock;
  g_window.store(false, std::memory_order_relaxed);
  return g_live;
}

bool sees_malloc() { return SEGCORE_HOOK_MALLOC != 0; }

namespace {

int first_object(struct dl_phdr_info* info, std::size_t, void* out) {
  *static_cast<std::uintptr_t*>(out) = info->dlpi_addr;  // the executable comes first
  return 1;
}

}  // namespace

std::size_t spare_functions_named(const char* fragment) {
  void* warm[1];
  backtrace(warm, 1);  // loads the unwinder now, not inside an allocation
  std::uintptr_t bias = 0;
  dl_iterate_phdr(first_object, &bias);
  const int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return 0;
  }
  void* map = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED) return 0;
  const auto* base = static_cast<const unsigned char*>(map);
  const auto* eh = reinterpret_cast<const Elf64_Ehdr*>(base);
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(base + eh->e_shoff);
  std::size_t found = 0;
  for (unsigned i = 0; i < eh->e_shnum; ++i) {
    if (sections[i].sh_type != SHT_SYMTAB) continue;
    const auto* syms = reinterpret_cast<const Elf64_Sym*>(base + sections[i].sh_offset);
    const char* names = reinterpret_cast<const char*>(base + sections[sections[i].sh_link].sh_offset);
    for (std::size_t k = 0; k < sections[i].sh_size / sizeof(Elf64_Sym); ++k) {
      if (ELF64_ST_TYPE(syms[k].st_info) != STT_FUNC || syms[k].st_size == 0) continue;
      if (std::strstr(names + syms[k].st_name, fragment) == nullptr) continue;
      if (g_n_spared == kMaxSpared) break;
      g_spared[g_n_spared++] = {bias + syms[k].st_value, bias + syms[k].st_value + syms[k].st_size};
      ++found;
    }
  }
  munmap(map, static_cast<std::size_t>(st.st_size));
  return found;
}

}  // namespace alloc_hook

// ---- Global operator new and delete: every form ------------------------------------------

void* operator new(std::size_t n) { return hooked_or_throw(n, 0); }
void* operator new[](std::size_t n) { return hooked_or_throw(n, 0); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return hooked(n, 0); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return hooked(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return hooked_or_throw(n, std::size_t(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return hooked_or_throw(n, std::size_t(a)); }
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return hooked(n, std::size_t(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return hooked(n, std::size_t(a));
}

void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }

// ---- The malloc family, where no sanitizer owns it -----------------------------------------

#if SEGCORE_HOOK_MALLOC
extern "C" {

void* malloc(std::size_t n) noexcept {
  if (fail_now()) {
    errno = ENOMEM;
    return nullptr;
  }
  void* p = __libc_malloc(n);
  track(p);
  return p;
}

void* calloc(std::size_t count, std::size_t size) noexcept {
  if (fail_now()) {
    errno = ENOMEM;
    return nullptr;
  }
  void* p = __libc_calloc(count, size);
  track(p);
  return p;
}

void* realloc(void* old, std::size_t n) noexcept {
  if (old == nullptr) return malloc(n);
  if (n == 0) {
    free(old);
    return nullptr;
  }
  if (fail_now()) {
    errno = ENOMEM;
    return nullptr;  // the old block stays valid
  }
  void* p = __libc_realloc(old, n);
  if (p != nullptr) {
    untrack(old);
    track(p);
  }
  return p;
}

void free(void* p) noexcept {
  untrack(p);
  __libc_free(p);
}

void* memalign(std::size_t align, std::size_t n) noexcept {
  if (fail_now()) {
    errno = ENOMEM;
    return nullptr;
  }
  void* p = __libc_memalign(align, n);
  track(p);
  return p;
}

void* aligned_alloc(std::size_t align, std::size_t n) noexcept { return memalign(align, n); }

int posix_memalign(void** out, std::size_t align, std::size_t n) noexcept {
  if (align < sizeof(void*) || (align & (align - 1)) != 0) return EINVAL;
  void* p = memalign(align, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}

void* valloc(std::size_t n) noexcept {
  if (fail_now()) {
    errno = ENOMEM;
    return nullptr;
  }
  void* p = __libc_valloc(n);
  track(p);
  return p;
}

void* pvalloc(std::size_t n) noexcept {
  if (fail_now()) {
    errno = ENOMEM;
    return nullptr;
  }
  void* p = __libc_pvalloc(n);
  track(p);
  return p;
}

}  // extern "C"
#endif
