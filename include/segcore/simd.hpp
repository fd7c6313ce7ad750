// Which vectorised kernels segcore runs, and how to force a lower instruction set.
// Since: 0.1, every declaration in this header.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// The kernels in use: "avx512", "avx2", "sse2" or "scalar". At start-up segcore picks the best
// the CPU runs, unless the environment variable SEGCORE_ARCH names another runnable one (an
// unknown or unrunnable name is ignored, so a stale setting cannot stop a program).
const char* simd_arch();

// The instruction sets this build has and this CPU runs, best first; "scalar" is always last.
std::vector<std::string> available_simd_archs();

// Forces the kernels of `name` (one of available_simd_archs()) for the whole process, or the
// best again for "". Results of every algorithm may change in the last bits: different
// instruction sets round differently. Safe to call from any thread, but calls running in
// other threads may use either table.
Status set_simd_arch(absl::string_view name);

SEGCORE_NAMESPACE_END
