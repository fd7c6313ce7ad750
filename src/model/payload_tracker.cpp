// A segment tracker's part of a stream checkpoint (layout in docs/MODEL_FILES.md): the segment
// set as a block, then each customer's last reported segment in ascending id order, so equal
// trackers give equal bytes whatever their hash-map order.
#include "absl/strings/str_cat.h"
#include "model/payloads.hpp"
#include "model/snapshots.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

void snapshot(const SegmentTracker& m, TrackerSnapshot& out) {
  ByteWriter set(std::move(out.set));
  encode(m.set(), set);
  out.set = std::move(set.bytes());
  SegmentTrackerAccess::last_segments(m, out.last);
}

void encode(const TrackerSnapshot& s, ByteWriter& w) {
  w.u8s(s.set);
  const auto order = by_id(s.last);
  w.u64(order.size());
  for (const auto* c : order) {
    w.str(c->first);
    w.i32(c->second);
  }
}

void encode(const SegmentTracker& m, ByteWriter& w) {
  TrackerSnapshot s;
  snapshot(m, s);
  encode(s, w);
}

StatusOr<SegmentTracker> decode_segment_tracker(ByteReader& r) {
  SEGCORE_ASSIGN_OR_RETURN(SegmentSet set, read_block<SegmentSet>(r, "tracker segment set", decode_segment_set));
  std::uint64_t n;
  SEGCORE_RETURN_IF_ERROR(count(r, "tracker customers", 8, n));
  std::vector<std::pair<std::string, std::int32_t>> last(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    SEGCORE_RETURN_IF_ERROR(r.str("tracker customer", last[i].first));
    if (i > 0 && !(last[i - 1].first < last[i].first))
      return r.corrupt("tracker customer",
                       absl::StrCat("'", last[i].first, "' is not after '", last[i - 1].first, "'"));
    SEGCORE_RETURN_IF_ERROR(r.i32("tracker segment", last[i].second));
  }
  SEGCORE_RETURN_IF_ERROR(r.finish("segment tracker"));
  auto t = SegmentTracker::restore(std::move(set), last);
  if (!t.ok()) return r.invalid(t.status());
  return t;
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
