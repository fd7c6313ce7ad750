// C ABI of stream checkpoints: the parts are the caller's handles, saved together; a loaded
// checkpoint hands each part out once as a new handle.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capi_handles.hpp"
#include "capi_profile_handles.hpp"
#include "capi_support.hpp"
#include "segcore/checkpoint.hpp"
#include "segcore/model_file.hpp"
#include "segcore_model.h"

struct segcore_checkpoint {
  segcore::StreamCheckpoint impl;
  std::vector<bool> tracker_taken;  // per saved tracker
};

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

static_assert(static_cast<int>(segcore::ModelKind::event_triggers) == SEGCORE_MODEL_EVENT_TRIGGERS);
static_assert(static_cast<int>(segcore::ModelKind::stream_checkpoint) == SEGCORE_MODEL_STREAM_CHECKPOINT);

// The same status with "<fn>: " in front, as every C function's messages start.
absl::Status prefixed(const char* fn, const absl::Status& st) {
  if (st.ok()) return st;
  return absl::Status(st.code(), absl::StrCat(fn, ": ", st.message()));
}

absl::Status save(const char* path, const char* position, std::uint64_t events_applied,
                  const segcore_profile_store* store, const segcore_event_triggers* triggers,
                  const segcore_segment_set* segments, const segcore_segment_tracker* const* trackers,
                  std::size_t n_trackers) {
  if (n_trackers != 0 && trackers == nullptr)
    return absl::InvalidArgumentError(absl::StrCat("trackers is NULL but n_trackers is ", n_trackers));
  std::vector<const segcore::SegmentTracker*> ts(n_trackers);
  for (std::size_t k = 0; k < n_trackers; ++k) {
    if (trackers[k] == nullptr) return absl::InvalidArgumentError(absl::StrCat("trackers[", k, "] is NULL"));
    ts[k] = &trackers[k]->impl;
  }
  segcore::CheckpointParts parts;
  parts.position = position;
  parts.events_applied = events_applied;
  parts.store = store ? &store->impl : nullptr;
  parts.triggers = triggers ? &triggers->impl : nullptr;
  parts.segments = segments ? &segments->impl : nullptr;
  parts.trackers = ts;
  return segcore::save_checkpoint(parts, path);
}

// Moves a saved part out into a new handle; NotFound when it is absent or taken.
template <class Handle, class Part>
absl::Status take(std::optional<Part>& part, Handle** out, const char* what, const char* fn) {
  if (!part) return absl::NotFoundError(absl::StrCat(fn, ": the checkpoint holds no ", what, " (or it was taken)"));
  *out = new Handle{std::move(*part)};
  part.reset();
  return absl::OkStatus();
}

absl::Status take_tracker(segcore_checkpoint& c, std::size_t k, segcore_segment_tracker** out, const char* fn) {
  if (k >= c.impl.trackers.size())
    return absl::OutOfRangeError(absl::StrCat(fn, ": tracker ", k, " of ", c.impl.trackers.size()));
  if (c.tracker_taken[k]) return absl::NotFoundError(absl::StrCat(fn, ": tracker ", k, " was taken already"));
  *out = new segcore_segment_tracker{std::move(c.impl.trackers[k])};
  c.tracker_taken[k] = true;
  return absl::OkStatus();
}

}  // namespace

extern "C" {

int segcore_checkpoint_save(const char* path, const char* position, uint64_t events_applied,
                            const segcore_profile_store* store, const segcore_event_triggers* triggers,
                            const segcore_segment_set* segments, const segcore_segment_tracker* const* trackers,
                            size_t n_trackers) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(path, position);
    return prefixed(fn, save(path, position, events_applied, store, triggers, segments, trackers, n_trackers));
  );
}

int segcore_checkpoint_load(segcore_checkpoint** out, const char* path) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(path);
    absl::StatusOr<segcore::StreamCheckpoint> c = segcore::load_checkpoint(path);
    if (!c.ok()) return prefixed(fn, c.status());
    const std::size_t n = c->trackers.size();
    *out = new segcore_checkpoint{*std::move(c), std::vector<bool>(n, false)};
  );
}

void segcore_checkpoint_destroy(segcore_checkpoint* checkpoint) { delete checkpoint; }

int segcore_checkpoint_position(const segcore_checkpoint* checkpoint, char* buffer, size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(checkpoint);
    return segcore::capi_detail::write_string(checkpoint->impl.position, buffer, capacity, length, fn);
  );
}

int segcore_checkpoint_events_applied(const segcore_checkpoint* checkpoint, uint64_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(checkpoint, out); *out = checkpoint->impl.events_applied;);
}

int segcore_checkpoint_take_store(segcore_checkpoint* checkpoint, segcore_profile_store** out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(checkpoint);
    return take(checkpoint->impl.store, out, "profile store", fn);
  );
}

int segcore_checkpoint_take_triggers(segcore_checkpoint* checkpoint, segcore_event_triggers** out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(checkpoint);
    return take(checkpoint->impl.triggers, out, "event triggers", fn);
  );
}

int segcore_checkpoint_take_segments(segcore_checkpoint* checkpoint, segcore_segment_set** out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(checkpoint);
    return take(checkpoint->impl.segments, out, "segment set", fn);
  );
}

int segcore_checkpoint_n_trackers(const segcore_checkpoint* checkpoint, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(checkpoint, out); *out = checkpoint->impl.trackers.size(););
}

int segcore_checkpoint_take_tracker(segcore_checkpoint* checkpoint, size_t k, segcore_segment_tracker** out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(checkpoint);
    return take_tracker(*checkpoint, k, out, fn);
  );
}

}  // extern "C"
