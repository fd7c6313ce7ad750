// The stream consumer's checkpoint writer: one thread, started and joined by the consumer that
// owns it, which encodes a checkpoint image from a snapshot of the state, seals it and replaces
// the checkpoint file with it (write, fsync, rename, fsync of the folder) while the consumer's
// loop goes on. At most one save, so one snapshot, is in flight; its result is taken back on the
// loop thread (poll or wait), where the consumer acknowledges the input it covers or reports
// its error.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "model/checkpoint_image.hpp"
#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace stream_detail {

class CheckpointWriter {
 public:
  // A finished save: its status, the snapshot and the image's buffer back (kept for the next
  // save), and when it ended and how long the writer spent on it.
  struct Done {
    Status status;
    std::unique_ptr<model_detail::CheckpointSnapshot> snapshot;
    std::vector<std::uint8_t> image;
    std::chrono::steady_clock::time_point ended;
    std::chrono::steady_clock::duration writing{};
  };

  // A writer of the file at path; its thread starts here, with every signal blocked (a stop
  // signal reaches the loop's thread, as without a writer).
  explicit CheckpointWriter(std::string path);
  // Waits for the save in flight (it completes: a checkpoint written is never half written),
  // then ends the thread.
  ~CheckpointWriter();
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  // A save in flight whose result has not been taken.
  bool busy() const { return busy_; }
  // Hands a snapshot made by model_detail::snapshot_checkpoint, and a buffer for its image, to
  // the thread. Only when !busy().
  void start(std::unique_ptr<model_detail::CheckpointSnapshot> snapshot, std::vector<std::uint8_t> image);
  // The result of the save in flight once it has finished; nullopt while it runs or when none
  // is in flight.
  std::optional<Done> poll();
  // Waits for the save in flight and returns its result; nullopt when none is in flight.
  std::optional<Done> wait();

  // Tests only: called on the writer's thread before each save is encoded; a non-OK status
  // fails that save as a failing write would, and a hook that blocks holds the save in flight.
  static void set_test_hook(std::function<Status()> hook);

 private:
  void loop();

  const std::string path_;
  bool busy_ = false;  // loop thread only
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Done> job_;   // guarded by mu_: a save handed over (its status and times unset)
  std::optional<Done> done_;  // guarded by mu_
  bool quit_ = false;         // guarded by mu_
  std::thread thread_;
};

}  // namespace stream_detail
SEGCORE_NAMESPACE_END
