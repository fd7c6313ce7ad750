// Instruction-set-specific hooks of the portable xsimd kernels: the x86 ones hold intrinsics
// (kernels/x86/), the generic ones say "none" (kernels/generic/), and both have the same names.
// A kernel asks a hook's flag (native::transposes<A, T>() ...) and falls back to xsimd.
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include "kernels/x86/native_ops.hpp"
#else
#include "kernels/generic/native_ops.hpp"
#endif
