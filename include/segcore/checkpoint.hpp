// Stream checkpoints: the state of a streaming consumer (profile store, event triggers, segment
// set) and the stream position it reflects, saved as one model file (kind stream_checkpoint), so
// the parts and the position can never disagree. Restoring a checkpoint and applying the events
// after its position gives the same state and the same segment moves as a run that never
// stopped. Layout: docs/MODEL_FILES.md; use: docs/guides/real-time.md, "Checkpoints".
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/event_triggers.hpp"
#include "segcore/profile.hpp"
#include "segcore/rules.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// The parts of a running consumer to save. Null parts are left out of the checkpoint.
struct CheckpointParts {
  absl::string_view position;               // opaque to segcore: the source's id of the last event applied
  std::uint64_t events_applied = 0;         // events applied up to and including that position
  const ProfileStore* store = nullptr;      // the profile store, or null
  const EventTriggers* triggers = nullptr;  // the event triggers with their customer state, or null
  const SegmentSet* segments = nullptr;     // the segment set, or null
  // Segment trackers, each with its set and last segments (e.g. rule segments and lifecycle).
  std::span<const SegmentTracker* const> trackers;
};

// A loaded checkpoint: the parts that were saved, each whole, and the position they reflect.
struct StreamCheckpoint {
  std::string position;                   // as saved
  std::uint64_t events_applied = 0;       // as saved
  std::optional<ProfileStore> store;      // set when saved
  std::optional<EventTriggers> triggers;  // set when saved
  std::optional<SegmentSet> segments;     // set when saved
  std::vector<SegmentTracker> trackers;   // as saved, in order
};

// The checkpoint's file image. The bytes depend only on the parts' content. FailedPrecondition
// for a trigger set without triggers, InvalidArgument for a null tracker.
StatusOr<std::vector<std::uint8_t>> checkpoint_to_bytes(const CheckpointParts& parts);
// checkpoint_to_bytes into `image` (its old content replaced, its capacity reused: a consumer
// saving every second keeps one buffer and its pages). Errors as checkpoint_to_bytes.
Status checkpoint_to_bytes(const CheckpointParts& parts, std::vector<std::uint8_t>& image);
// checkpoint_to_bytes, then written atomically (write_model_file): a reader sees the previous
// checkpoint or this one whole, never a mixture.
Status save_checkpoint(const CheckpointParts& parts, const std::string& path);
// save_checkpoint with `buffer` as the image's memory (kept between calls; see checkpoint_to_bytes).
Status save_checkpoint(const CheckpointParts& parts, const std::string& path, std::vector<std::uint8_t>& buffer);
// The checkpoint in a file image; errors as model_from_bytes (DataLoss for a truncated or
// altered image, InvalidArgument for a model file of another kind).
StatusOr<StreamCheckpoint> checkpoint_from_bytes(std::span<const std::uint8_t> bytes);
// The checkpoint in the file at path; errors as load_model.
StatusOr<StreamCheckpoint> load_checkpoint(const std::string& path);

SEGCORE_NAMESPACE_END
