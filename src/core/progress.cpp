// The calling thread's progress callback and the state of the long call it watches.
#include "segcore/progress.hpp"

#include <string>

SEGCORE_NAMESPACE_BEGIN

namespace {

using Clock = std::chrono::steady_clock;

struct ThreadProgress {
  ProgressCallback callback;
  int depth = 0;             // nested long calls (choose-k fits k-means, ...)
  bool in_callback = false;  // a callback that calls segcore is not polled again
  Clock::time_point last;    // the last call, or the start of the outermost long call
  double done = 0;
  const char* stage = "";
  std::string call_name;  // the outermost long call's name: the stage until one is recorded
  // The span parallel loops report into (ProgressSpan); none when span_stage is null.
  double span_from = 0, span_to = 0;
  const char* span_stage = nullptr;
  std::atomic<bool> cancelled{false};
};

// Records the fraction done of the outermost call; a nested call's own fractions would make
// it jump.
void record(ThreadProgress& s, double done, const char* stage) {
  if (s.depth != 1) return;
  if (done > s.done) s.done = done < 1 ? done : 1;
  s.stage = stage;
}

ThreadProgress& state() {
  thread_local ThreadProgress s;
  return s;
}

}  // namespace

ProgressCallback set_progress_callback(ProgressCallback callback) { return std::exchange(state().callback, callback); }

namespace detail {

std::atomic<bool>* cancel_flag() {
  ThreadProgress& s = state();
  return s.depth > 0 && s.callback.function != nullptr ? &s.cancelled : nullptr;
}

bool poll_progress() noexcept {
  ThreadProgress& s = state();
  if (s.cancelled.load(std::memory_order_relaxed)) return true;
  if (s.depth == 0 || s.callback.function == nullptr || s.in_callback) return false;
  const Clock::time_point now = Clock::now();
  if (now - s.last < s.callback.interval) return false;
  s.last = now;
  s.in_callback = true;
  const int stop = s.callback.function(s.callback.user, s.done, s.stage);
  s.in_callback = false;
  if (stop != 0) s.cancelled.store(true, std::memory_order_relaxed);
  return stop != 0;
}

void progress(double done, const char* stage) {
  ThreadProgress& s = state();
  if (s.depth == 0) return;
  record(s, done, stage);
  if (poll_progress()) throw Cancelled{};
}

ProgressSpan::ProgressSpan(double from, double to, const char* stage) {
  ThreadProgress& s = state();
  from_ = std::exchange(s.span_from, from);
  to_ = std::exchange(s.span_to, to);
  stage_ = std::exchange(s.span_stage, stage);
}

ProgressSpan::~ProgressSpan() {
  ThreadProgress& s = state();
  s.span_from = from_;
  s.span_to = to_;
  s.span_stage = stage_;
}

void progress_tasks(std::size_t done, std::size_t total) noexcept {
  ThreadProgress& s = state();
  if (s.span_stage == nullptr || total == 0) return;
  record(s, s.span_from + (s.span_to - s.span_from) * static_cast<double>(done) / static_cast<double>(total),
         s.span_stage);
}

LongCall::LongCall(absl::string_view name) : outermost_(state().depth == 0) {
  ThreadProgress& s = state();
  if (s.depth++ == 0) {
    s.last = Clock::now();
    s.done = 0;
    s.call_name.assign(name.data(), name.size());
    s.stage = s.call_name.c_str();
    s.cancelled.store(false, std::memory_order_relaxed);
  }
}

LongCall::~LongCall() { --state().depth; }

}  // namespace detail

SEGCORE_NAMESPACE_END
