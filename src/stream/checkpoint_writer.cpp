// The checkpoint writer's thread (stream/checkpoint_writer.hpp).
#include "stream/checkpoint_writer.hpp"

#include <signal.h>

#include <utility>

#include "model/atomic_file.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace stream_detail {
namespace {

using Clock = std::chrono::steady_clock;

std::mutex g_hook_mu;
std::function<Status()> g_hook;

Status run_test_hook() {
  std::function<Status()> hook;
  {
    std::lock_guard<std::mutex> lock(g_hook_mu);
    hook = g_hook;
  }
  return hook ? hook() : absl::OkStatus();
}

}  // namespace

void CheckpointWriter::set_test_hook(std::function<Status()> hook) {
  std::lock_guard<std::mutex> lock(g_hook_mu);
  g_hook = std::move(hook);
}

CheckpointWriter::CheckpointWriter(std::string path) : path_(std::move(path)) {
  // The thread inherits the mask: blocked from its first instruction, not after a race.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  thread_ = std::thread([this] { loop(); });
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

CheckpointWriter::~CheckpointWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void CheckpointWriter::start(std::unique_ptr<model_detail::CheckpointSnapshot> snapshot,
                             std::vector<std::uint8_t> image) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    job_.emplace(Done{});  // from a value: clang 14 does not see Done as default-constructible here
    job_->snapshot = std::move(snapshot);
    job_->image = std::move(image);
  }
  busy_ = true;
  cv_.notify_all();
}

std::optional<CheckpointWriter::Done> CheckpointWriter::poll() {
  if (!busy_) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  if (!done_) return std::nullopt;
  busy_ = false;
  return std::exchange(done_, std::nullopt);
}

std::optional<CheckpointWriter::Done> CheckpointWriter::wait() {
  if (!busy_) return std::nullopt;
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return done_.has_value(); });
  busy_ = false;
  return std::exchange(done_, std::nullopt);
}

void CheckpointWriter::loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return quit_ || job_.has_value(); });
    if (!job_) return;  // quit with nothing in flight (a job is finished first)
    Done d = std::move(*job_);
    job_.reset();
    lock.unlock();
    const auto begin = Clock::now();
    d.status = run_test_hook();
    if (d.status.ok()) {
      model_detail::checkpoint_image(*d.snapshot, d.image);
      d.status = model_detail::replace_file_atomically(path_, d.image);
      model_detail::ready_for_next(*d.snapshot);
    }
    d.ended = Clock::now();
    d.writing = d.ended - begin;
    lock.lock();
    done_ = std::move(d);
    cv_.notify_all();
  }
}

}  // namespace stream_detail
SEGCORE_NAMESPACE_END
