// Stream checkpoints (segcore/checkpoint.hpp): the position, then each part's own payload as a
// length-prefixed block read by a nested reader (model_detail::read_block). A part bit this build
// does not know is refused, so a newer file is never half read.
#include "segcore/checkpoint.hpp"

#include "model/atomic_file.hpp"
#include "model/checkpoint_image.hpp"
#include "model/container.hpp"
#include "model/payloads.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

using model_detail::ByteReader;
using model_detail::ByteWriter;

enum : std::uint8_t { kHasStore = 1, kHasTriggers = 2, kHasSegments = 4, kHasTrackers = 8, kAllParts = 15 };

// A length-prefixed block (as ByteWriter::u8s writes it), encoded in place: its length is
// filled in afterwards, so a large part is not copied.
template <class M>
void part(ByteWriter& w, const M& m) {
  const std::size_t at = w.size();
  w.u64(0);
  model_detail::encode(m, w);
  w.patch_u64(at, w.size() - at - 8);
}

// A count (at least one), then each tracker as a block.
Status read_trackers(ByteReader& r, std::vector<SegmentTracker>& out) {
  std::uint64_t n;
  SEGCORE_RETURN_IF_ERROR(model_detail::count(r, "segment trackers", 8, n));
  if (n == 0) return r.corrupt("segment trackers", "the part is present but counts no tracker");
  out.reserve(n);
  for (std::uint64_t k = 0; k < n; ++k) {
    SEGCORE_ASSIGN_OR_RETURN(SegmentTracker t, model_detail::read_block<SegmentTracker>(
                                                   r, "segment tracker", model_detail::decode_segment_tracker));
    out.push_back(std::move(t));
  }
  return absl::OkStatus();
}

StatusOr<StreamCheckpoint> decode(std::span<const std::uint8_t> bytes, const std::string& source) {
  const ModelKind kinds[] = {ModelKind::stream_checkpoint};
  SEGCORE_ASSIGN_OR_RETURN(ByteReader r, model_detail::open(bytes, kinds, source));
  StreamCheckpoint c;
  std::uint8_t parts;
  SEGCORE_RETURN_IF_ERROR(r.str("position", c.position));
  SEGCORE_RETURN_IF_ERROR(r.u64("events applied", c.events_applied));
  SEGCORE_RETURN_IF_ERROR(r.u8("parts", parts));
  if ((parts & ~kAllParts) != 0) return r.corrupt("parts", "names a part this build does not know");
  if (parts & kHasStore) {
    SEGCORE_ASSIGN_OR_RETURN(
        c.store, model_detail::read_block<ProfileStore>(r, "profile store", model_detail::decode_profile_store));
  }
  if (parts & kHasTriggers) {
    SEGCORE_ASSIGN_OR_RETURN(
        c.triggers, model_detail::read_block<EventTriggers>(r, "event triggers", model_detail::decode_event_triggers));
  }
  if (parts & kHasSegments) {
    SEGCORE_ASSIGN_OR_RETURN(c.segments,
                             model_detail::read_block<SegmentSet>(r, "segment set", model_detail::decode_segment_set));
  }
  if (parts & kHasTrackers) SEGCORE_RETURN_IF_ERROR(read_trackers(r, c.trackers));
  SEGCORE_RETURN_IF_ERROR(r.finish("stream checkpoint"));
  return c;
}

}  // namespace

namespace model_detail {

Status snapshot_checkpoint(const CheckpointParts& p, CheckpointSnapshot& out) {
  if (p.triggers != nullptr && p.triggers->size() == 0)
    return absl::FailedPreconditionError("checkpoint_to_bytes: the event trigger set has no triggers");
  for (const SegmentTracker* t : p.trackers)
    if (t == nullptr) return absl::InvalidArgumentError("checkpoint_to_bytes: a segment tracker is null");
  out.position.assign(p.position.data(), p.position.size());
  out.events_applied = p.events_applied;
  out.has_store = p.store != nullptr;
  out.has_triggers = p.triggers != nullptr;
  out.has_segments = p.segments != nullptr;
  if (p.store) snapshot(*p.store, out.store);
  if (p.triggers) snapshot(*p.triggers, out.triggers);
  if (p.segments) {
    ByteWriter w(std::move(out.segments));
    encode(*p.segments, w);
    out.segments = std::move(w.bytes());
  }
  out.trackers.resize(p.trackers.size());
  for (std::size_t k = 0; k < p.trackers.size(); ++k) snapshot(*p.trackers[k], out.trackers[k]);
  return absl::OkStatus();
}

void checkpoint_image(const CheckpointSnapshot& s, std::vector<std::uint8_t>& image) {
  ByteWriter w(std::move(image));
  for (std::size_t k = 0; k < kHeaderSize; ++k) w.u8(0);  // room for the header
  w.str(s.position);
  w.u64(s.events_applied);
  w.u8(static_cast<std::uint8_t>((s.has_store ? kHasStore : 0) | (s.has_triggers ? kHasTriggers : 0) |
                                 (s.has_segments ? kHasSegments : 0) | (s.trackers.empty() ? 0 : kHasTrackers)));
  if (s.has_store) part(w, s.store);
  if (s.has_triggers) part(w, s.triggers);
  if (s.has_segments) w.u8s(s.segments);
  if (!s.trackers.empty()) {
    w.u64(s.trackers.size());
    for (const TrackerSnapshot& t : s.trackers) part(w, t);
  }
  image = std::move(w.bytes());
  seal_in_place(ModelKind::stream_checkpoint, image);
}

namespace {

template <class V>
void ready(V& v) {
  const std::size_t n = v.size();
  make_room(v, n + n / 4);
  v.resize(v.capacity());  // writes every element: the pages are faulted in here
  v.resize(n);
}

}  // namespace

void ready_for_next(CheckpointSnapshot& s) {
  StoreSnapshot& st = s.store;
  ready(st.ids), ready(st.customers), ready(st.orders), ready(st.order_ids), ready(st.order_ids_at);
  ready(st.counts), ready(st.counts_at), ready(st.attributes), ready(st.numerics);
  ready(s.triggers.state.index), ready(s.triggers.state.records);
  for (TrackerSnapshot& t : s.trackers) ready(t.last);
}

}  // namespace model_detail

Status checkpoint_to_bytes(const CheckpointParts& p, std::vector<std::uint8_t>& image) {
  model_detail::CheckpointSnapshot s;
  SEGCORE_RETURN_IF_ERROR(model_detail::snapshot_checkpoint(p, s));
  model_detail::checkpoint_image(s, image);
  return absl::OkStatus();
}

StatusOr<std::vector<std::uint8_t>> checkpoint_to_bytes(const CheckpointParts& p) {
  std::vector<std::uint8_t> image;
  SEGCORE_RETURN_IF_ERROR(checkpoint_to_bytes(p, image));
  return image;
}

Status save_checkpoint(const CheckpointParts& parts, const std::string& path, std::vector<std::uint8_t>& buffer) {
  SEGCORE_RETURN_IF_ERROR(checkpoint_to_bytes(parts, buffer));
  return model_detail::replace_file_atomically(path, buffer);
}

Status save_checkpoint(const CheckpointParts& parts, const std::string& path) {
  std::vector<std::uint8_t> image;
  return save_checkpoint(parts, path, image);
}

StatusOr<StreamCheckpoint> checkpoint_from_bytes(std::span<const std::uint8_t> bytes) {
  return decode(bytes, model_detail::bytes_source());
}

StatusOr<StreamCheckpoint> load_checkpoint(const std::string& path) {
  SEGCORE_ASSIGN_OR_RETURN(std::vector<std::uint8_t> bytes, model_detail::read_whole_file(path));
  return decode(bytes, model_detail::file_source(path));
}

SEGCORE_NAMESPACE_END
