// A stream checkpoint's image in two steps, so a consumer can stop its loop only for the first:
// the snapshot copies the live state (it must run where the state is changed), and the image is
// encoded and sealed from the snapshot alone, on any thread, while the state changes on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/snapshots.hpp"
#include "segcore/checkpoint.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

// The position and a snapshot of each part given (model/snapshots.hpp). Its vectors keep their
// memory between snapshots, so a consumer saving every second allocates little after the first.
struct CheckpointSnapshot {
  std::string position;
  std::uint64_t events_applied = 0;
  bool has_store = false, has_triggers = false, has_segments = false;
  StoreSnapshot store;
  TriggersSnapshot triggers;
  std::vector<std::uint8_t> segments;     // the segment set's payload
  std::vector<TrackerSnapshot> trackers;  // as many as the parts' trackers
};

// Copies the parts into `out`. Errors as checkpoint_to_bytes (nothing is copied then).
Status snapshot_checkpoint(const CheckpointParts& parts, CheckpointSnapshot& out);
// The file image into `image` (its capacity reused): checkpoint_to_bytes's bytes for the parts
// as they were when the snapshot was taken.
void checkpoint_image(const CheckpointSnapshot& snapshot, std::vector<std::uint8_t>& image);
// Readies the snapshot's memory for the next one, off the loop: room for a quarter more than it
// holds, every page of it touched, so the loop's next copy of a grown state neither reallocates
// nor faults in fresh pages. Its content is kept.
void ready_for_next(CheckpointSnapshot& snapshot);

}  // namespace model_detail
SEGCORE_NAMESPACE_END
