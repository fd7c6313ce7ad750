// Progress reports and cancellation of long calls.
//
// A caller installs a callback for its own thread; the long calls made on that thread (k-means
// and mini-batch fits, ... : the list is in docs/ERRORS.md) call it about every `interval` of
// work with the fraction done and the name of the stage. A nonzero return asks the call to
// stop: it returns Cancelled soon after (its worker threads stop at their next block of
// rows), leaving the object it works on as it was before the call. Only the calling thread
// ever runs the callback, so it needs no locking; it must not call segcore itself.
// Since: 0.1, every declaration in this header.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <utility>

#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Called with the user pointer, the fraction done in [0, 1] (an estimate; it never goes
// back within one call) and the stage ("KMeans::fit", ...); nonzero cancels the call.
using ProgressFunction = int (*)(void* user, double done, const char* stage);

// A callback and how often to call it.
struct ProgressCallback {
  ProgressFunction function = nullptr;  // nullptr: no reports, no cancellation
  void* user = nullptr;                 // passed back unchanged
  // The least time between two calls; 0 calls at every check (about every block of rows).
  std::chrono::nanoseconds interval = std::chrono::milliseconds(50);
};

// Installs `callback` for the long calls made on this thread from now on; returns the one it
// replaces. A default ProgressCallback removes it.
ProgressCallback set_progress_callback(ProgressCallback callback);

// Installs a callback for its lifetime on this thread, then puts the previous one back.
class ScopedProgressCallback {
 public:
  // Installs callback, keeping the one it replaces.
  explicit ScopedProgressCallback(ProgressCallback callback) : previous_(set_progress_callback(callback)) {}
  // Puts the previous callback back.
  ~ScopedProgressCallback() { set_progress_callback(previous_); }
  ScopedProgressCallback(const ScopedProgressCallback&) = delete;
  ScopedProgressCallback& operator=(const ScopedProgressCallback&) = delete;

 private:
  ProgressCallback previous_;
};

namespace detail {

// Thrown by progress() and parallel_for when the callback asked to stop; caught by
// cancellable(), which every long call runs its body in, so it never leaves the library.
struct Cancelled {};

// While a long call runs on this thread with a callback installed: the flag its worker
// threads read; nullptr otherwise.
std::atomic<bool>* cancel_flag();

// On the calling thread: calls the callback if `interval` has passed since the last call and
// raises the flag when it asks to stop. Returns whether the call is cancelled. Never throws.
bool poll_progress() noexcept;

// Records the fraction done and the stage, polls, and throws Cancelled on a stop.
void progress(double done, const char* stage);

// Polls without recording progress; throws Cancelled on a stop. For serial loops of a long
// call (every million rows or so) that run no parallel_for.
inline void check_cancelled() {
  if (cancel_flag() != nullptr && poll_progress()) throw Cancelled{};
}

// While alive on the calling thread of the outermost long call: the parallel_for loops it runs
// report their share of tasks done as a fraction between `from` and `to` of the call, so a
// pass over rows shows per-row progress without code of its own.
class ProgressSpan {
 public:
  // Opens the span [from, to] named `stage`, keeping the one it replaces.
  ProgressSpan(double from, double to, const char* stage);
  // Puts the previous span back.
  ~ProgressSpan();
  ProgressSpan(const ProgressSpan&) = delete;
  ProgressSpan& operator=(const ProgressSpan&) = delete;

 private:
  double from_, to_;
  const char* stage_;
};

// Called by parallel_for on the calling thread before task `done` of `total`: records the
// fraction within the current span, if any. Never throws.
void progress_tasks(std::size_t done, std::size_t total) noexcept;

// Marks a long call on this thread for its lifetime; the outermost one starts the clock.
class LongCall {
 public:
  // `name` is the stage the callback sees until the call records one of its own.
  explicit LongCall(absl::string_view name);
  ~LongCall();
  LongCall(const LongCall&) = delete;
  LongCall& operator=(const LongCall&) = delete;
  // Whether no other long call on this thread encloses this one.
  bool outermost() const { return outermost_; }

 private:
  bool outermost_;
};

// Runs body (returning Status or StatusOr) as the long call `where`: Cancelled becomes
// absl::CancelledError naming it. Inside another long call (the CLV job fits its models) it
// passes Cancelled on, so the error names the call the caller made.
template <class Body>
auto cancellable(absl::string_view where, Body&& body) -> decltype(body()) {
  LongCall call(where);
  try {
    return std::forward<Body>(body)();
  } catch (const Cancelled&) {
    if (!call.outermost()) throw;
    return absl::CancelledError(absl::StrCat(where, ": cancelled by the progress callback"));
  }
}

}  // namespace detail

SEGCORE_NAMESPACE_END
