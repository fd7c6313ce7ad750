// Parallel loops whose results do not depend on the thread count.
//
// Work is cut into tasks by the caller, independently of how many threads run them; each task
// writes its own slot, and slots are combined in task order afterwards. Threads are started for
// the call and joined before it returns: segcore keeps no pool and no global state.
// Since: 0.1, every declaration in this header.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN

// The number of threads a caller asked for: n >= 1 as given, 0 for one per hardware thread.
// Negative values are rejected by the APIs before they get here.
inline int resolve_threads(int requested) {
  if (requested > 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

// A half-open range of indices.
struct IndexRange {
  std::size_t begin = 0;  // the first index
  std::size_t end = 0;    // one past the last
  // end - begin.
  std::size_t size() const { return end - begin; }
};

// [0, n) cut into blocks of `block` indices (the last may be shorter). The cut depends only on
// n and block, never on the thread count, which is what makes reductions reproducible.
class Blocks {
 public:
  // [0, n) in blocks of `block` indices (0 counts as 1).
  Blocks(std::size_t n, std::size_t block) : n_(n), block_(block == 0 ? 1 : block) {}
  // The number of blocks.
  std::size_t count() const { return (n_ + block_ - 1) / block_; }
  // Block t's index range.
  IndexRange operator[](std::size_t t) const { return {t * block_, std::min(n_, (t + 1) * block_)}; }

 private:
  std::size_t n_;
  std::size_t block_;
};

// Calls task(t) once for each t in [0, n_tasks) on up to n_threads threads (the calling thread
// included). Tasks are handed out in order; which thread runs which task is unspecified, so a
// task must write only its own outputs. If tasks throw, the exception of the lowest-numbered
// failing task is rethrown after every thread has finished.
//
// Inside a long call with a progress callback (progress.hpp), the calling thread polls the
// callback on entry and before each of its tasks (and reports the share of tasks handed out,
// inside a detail::ProgressSpan); once it asks to stop, every thread stops before its next
// task and detail::Cancelled is thrown after they have all finished.
template <class Task>
void parallel_for(int n_threads, std::size_t n_tasks, Task&& task) {
  std::atomic<bool>* const cancelled = detail::cancel_flag();
  if (cancelled && detail::poll_progress()) throw detail::Cancelled{};  // at least one check per loop
  std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(n_threads, 1)), n_tasks);
  if (workers <= 1) {
    for (std::size_t t = 0; t < n_tasks; ++t) {
      if (cancelled) detail::progress_tasks(t, n_tasks);
      if (cancelled && detail::poll_progress()) throw detail::Cancelled{};
      task(t);
    }
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(workers);
  std::vector<std::size_t> error_task(workers, n_tasks);
  auto work = [&](std::size_t w) {
    for (std::size_t t; (t = next.fetch_add(1, std::memory_order_relaxed)) < n_tasks;) {
      if (cancelled && w == 0) detail::progress_tasks(t, n_tasks);
      if (cancelled && (w == 0 ? detail::poll_progress() : cancelled->load(std::memory_order_relaxed))) break;
      try {
        task(t);
      } catch (...) {
        if (t < error_task[w]) {
          error_task[w] = t;
          errors[w] = std::current_exception();
        }
      }
    }
  };
  std::vector<std::thread> threads;
  threads.reserve(workers - 1);
  try {
    for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work, w);
  } catch (...) {
    // Could not start a thread: finish with the ones we have rather than fail.
  }
  work(0);
  for (auto& th : threads) th.join();
  if (cancelled && cancelled->load(std::memory_order_relaxed)) throw detail::Cancelled{};
  std::size_t first = workers;
  for (std::size_t w = 0; w < workers; ++w)
    if (errors[w] && (first == workers || error_task[w] < error_task[first])) first = w;
  if (first != workers) std::rethrow_exception(errors[first]);
}

SEGCORE_NAMESPACE_END
