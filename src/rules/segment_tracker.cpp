// Segment entry and exit: each customer's last reported segment, compared with a new
// exclusive assignment of the whole table.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "model/snapshots.hpp"
#include "segcore/rules.hpp"

SEGCORE_NAMESPACE_BEGIN

struct SegmentTracker::State {
  absl::flat_hash_map<std::string, std::int32_t> segment;  // customer -> last reported
};

SegmentTracker::SegmentTracker(SegmentSet set) : set_(std::move(set)), state_(std::make_unique<State>()) {}
SegmentTracker::~SegmentTracker() = default;
SegmentTracker::SegmentTracker(SegmentTracker&&) noexcept = default;
SegmentTracker& SegmentTracker::operator=(SegmentTracker&&) noexcept = default;

Status SegmentTracker::update(const ProfileTable& table, absl::FunctionRef<int(const SegmentChange&)> on_event,
                              int n_threads) {
  std::vector<std::int32_t> now(table.size());
  SEGCORE_RETURN_IF_ERROR(set_.assign(TableView::of(table), now, n_threads));
  std::uint64_t delivered = 0;
  for (std::size_t i = 0; i < table.size(); ++i) {
    auto [it, fresh] = state_->segment.try_emplace(table.customer_id[i], SegmentChange::kNoSegment);
    if (!fresh && it->second == now[i]) continue;
    SegmentChange c{table.customer_id[i], it->second, now[i]};
    if (on_event(c) != 0)
      return absl::CancelledError(
          absl::StrCat("SegmentTracker::update: the callback asked to stop after ", delivered, " changes"));
    it->second = now[i];  // only a delivered change is remembered
    ++delivered;
  }
  return absl::OkStatus();
}

std::size_t SegmentTracker::customers() const { return state_ ? state_->segment.size() : 0; }

Status SegmentTracker::erase(absl::string_view customer) {
  if (!state_ || state_->segment.erase(customer) == 0)
    return absl::NotFoundError(absl::StrCat("SegmentTracker::erase: customer '", customer, "' was not seen"));
  return absl::OkStatus();
}

std::vector<std::pair<std::string, std::int32_t>> SegmentTracker::last_segments() const {
  std::vector<std::pair<std::string, std::int32_t>> out;
  out.reserve(customers());  // exactly: no room to spare in a list returned once
  SegmentTrackerAccess::last_segments(*this, out);
  std::sort(out.begin(), out.end());
  return out;
}

void SegmentTrackerAccess::last_segments(const SegmentTracker& t,
                                         std::vector<std::pair<std::string, std::int32_t>>& out) {
  out.clear();
  if (!t.state_) return;
  model_detail::make_room(out, t.state_->segment.size());
  for (const auto& [id, seg] : t.state_->segment) out.emplace_back(id, seg);
}

StatusOr<SegmentTracker> SegmentTracker::restore(SegmentSet set,
                                                 std::span<const std::pair<std::string, std::int32_t>> last) {
  const auto n = static_cast<std::int32_t>(set.size());
  SegmentTracker t(std::move(set));
  t.state_->segment.reserve(last.size());
  for (const auto& [id, seg] : last) {
    if (seg < SegmentChange::kNoSegment || seg >= n)
      return absl::InvalidArgumentError(absl::StrCat("SegmentTracker::restore: customer '", id, "' has segment ", seg,
                                                     "; it must be -2 (a change not yet reported) to ", n - 1));
    if (!t.state_->segment.try_emplace(id, seg).second)
      return absl::InvalidArgumentError(absl::StrCat("SegmentTracker::restore: customer '", id, "' is listed twice"));
  }
  return t;
}

SEGCORE_NAMESPACE_END
