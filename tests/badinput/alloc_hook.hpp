// A test-only allocator hook: fail the Nth allocation from now (or every allocation from the
// Nth on), and list the allocations made in a window that are still outstanding.
//
// What it sees: every global operator new and new[] (plain, nothrow, aligned) of the whole
// process, which covers segcore's containers, absl::Status and Abseil's hash maps. In builds
// without AddressSanitizer or ThreadSanitizer it also replaces malloc, calloc, realloc, free
// and the aligned variants, so Eigen's buffers (Eigen calls malloc) fail and are counted too.
// Under a sanitizer the sanitizer owns malloc: only operator new is failed and counted there,
// and LeakSanitizer checks what malloc returns. Memory a library maps itself (thread stacks)
// is not an allocation the hook sees.
#pragma once

#include <cstddef>

namespace alloc_hook {

// Starts failing: the nth allocation from now fails (n >= 1); with persistent, every later
// one fails too. n = 0 stops failing.
void fail_from(long n, bool persistent);

// True when an allocation failed since the last fail_from.
bool failed();

// Starts recording the allocations made from now on; ends recording and returns how many of
// them are still live. Frees of blocks allocated before begin_window are ignored.
void begin_window();
std::size_t end_window();

// True when malloc and free are replaced too (no sanitizer owns them).
bool sees_malloc();

// Never fails an allocation made while a function of this executable whose (mangled) name
// holds fragment is on the stack; the failure moves on to the next allocation. Reads the
// executable's symbol table; returns the number of functions found (0: it has none, e.g.
// stripped). Call before failing any allocation.
std::size_t spare_functions_named(const char* fragment);

}  // namespace alloc_hook
