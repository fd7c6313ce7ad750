// Event triggers: conditions on a customer's recent events, checked as each event arrives,
// that move the customer to a segment ("third purchase within 30 days: move to Loyal").
// Each trigger counts the customer's events that match a filter within a sliding window,
// optionally only when no event of another kind fell in the same window. Semantics, the text
// format and the handling of late events: docs/RULES.md, "Event triggers".
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "segcore/config.hpp"
#include "segcore/profile.hpp"
#include "segcore/rules.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// The comparison of a trigger's count with its threshold: <, <=, >, >=, ==, !=.
enum class CountOp : int { lt = 0, le = 1, gt = 2, ge = 3, eq = 4, ne = 5 };

// count(filter) op threshold within window_seconds [without (without)]: move to segment.
// filter and without are rules (docs/RULES.md) over the event's fields: amount, timestamp,
// order, and the schema's categories, attributes and numerics. An empty filter or "*" matches
// every event; an empty without means no such condition.
struct EventTriggerDef {
  std::string name;                     // unique, non-empty
  std::string segment;                  // the segment the customer moves to
  std::string filter;                   // the events counted; "" or "*": every event
  CountOp op = CountOp::ge;             // count op threshold
  std::int64_t threshold = 1;           // 0 .. EventTriggers::kMaxThreshold
  std::int64_t window_seconds = 86400;  // 1 .. EventTriggers::kMaxWindow
  std::string without;                  // no such event within the window either; "": no condition
};

// A customer moving between segments because of one event. Segments are indices into the
// set's segment names; kNone is "no segment yet". The string views are valid during the call.
struct SegmentMove {
  static constexpr std::int32_t kNone = -2;       // no segment
  absl::string_view customer;                     // the customer's id
  std::int32_t from = kNone;                      // the segment before
  std::int32_t to = kNone;                        // the segment after
  std::size_t trigger = 0;                        // the first trigger, in order, whose condition held
  std::uint64_t position = 0;                     // the event's index among the events the set accepted (from 0)
  std::int64_t timestamp = 0;                     // the event's own fields
  double amount = 0;                              // (the event's fields)
  absl::string_view order;                        // empty when the event had none
  std::span<const absl::string_view> categories;  // in the schema's order; null data: missing
};

// Triggers evaluated per event. On each event of customer c the set updates c's counters, then
// evaluates every trigger at c's clock (the latest timestamp seen for c, so a late event counts
// when it falls inside the window that ends there); the first trigger whose condition holds
// names c's segment, and a change is reported. A customer stays in a segment until a trigger
// moves it elsewhere. Per customer the set keeps, for each trigger, at most threshold + 1
// timestamps and one more for `without`: memory does not grow with the number of events.
class EventTriggers {
 public:
  static constexpr std::int64_t kMaxThreshold = 1000;                       // the largest threshold
  static constexpr std::int64_t kMaxWindow = std::int64_t{100000} * 86400;  // about 274 years
  static constexpr std::int64_t kMaxTime = std::int64_t{1} << 60;           // |timestamp| limit

  // Compiles every filter against event_schema(schema). Names must be unique and non-empty.
  static StatusOr<EventTriggers> create(std::vector<EventTriggerDef> triggers, StoreSchema schema = {});
  // The "trigger" lines of the rule-set text format (docs/RULES.md); "mode", "fallback" and
  // "segment" lines are skipped, so one file can hold a segment set and event triggers.
  static StatusOr<EventTriggers> parse(absl::string_view text, StoreSchema schema = {});
  // The fields a filter may read: amount (f64), timestamp, order (text), then the categories
  // and attributes (text) and numerics (f64) of schema.
  static Schema event_schema(const StoreSchema& schema);

  EventTriggers();
  ~EventTriggers();
  EventTriggers(EventTriggers&&) noexcept;             // moves the triggers and all customer state
  EventTriggers& operator=(EventTriggers&&) noexcept;  // likewise

  std::size_t size() const { return defs_.size(); }  // the number of triggers
  // Trigger k (k < size(), unchecked) as defined.
  const EventTriggerDef& trigger(std::size_t k) const { return defs_[k]; }
  // The segment index trigger k (k < size(), unchecked) moves to.
  std::int32_t trigger_segment(std::size_t k) const { return target_[k]; }
  std::size_t n_segments() const { return segments_.size(); }  // distinct target segments
  // Segment names in order of first use by a trigger.
  const std::string& segment_name(std::size_t s) const { return segments_[s]; }
  const StoreSchema& schema() const { return schema_; }  // as given to create or parse

  // Checks an event as add() would, without applying it.
  Status check(const Event& e) const;
  // Applies one event, then reports what is pending and the move it caused, in order, to
  // on_move. A nonzero return stops the reports with Cancelled: the event is applied all the
  // same, and the moves not reported stay pending for the next add() or flush(). With a
  // store, the event is applied to it too (after check, before the triggers; if the store
  // refuses it, nothing changes). on_move must not throw.
  Status add(const Event& e, absl::FunctionRef<int(const SegmentMove&)> on_move, ProfileStore* store = nullptr);
  // Applies one event and keeps its move pending (for callers that collect moves later).
  Status add(const Event& e, ProfileStore* store = nullptr);
  // Reports the pending moves in order; Cancelled as for add().
  Status flush(absl::FunctionRef<int(const SegmentMove&)> on_move);
  std::size_t pending() const;  // moves not reported yet

  std::size_t customers() const;  // customers seen
  std::uint64_t events() const;   // events applied
  // Events that arrived with a timestamp before their customer's latest one.
  std::uint64_t late_events() const;
  // The customer's segment, or SegmentMove::kNone (unknown customer, or not moved yet).
  std::int32_t segment(absl::string_view customer) const;
  // Timestamps kept per customer (the fixed state size of docs/RULES.md).
  std::size_t slots_per_customer() const;
  // Forgets a customer: their clock, segment and kept timestamps, and their pending moves (the
  // count of which is returned). A later event of the id starts a new customer. events() and
  // late_events() keep counting the customer's past events. NotFound for an unknown id;
  // FailedPrecondition from inside the set's own callback.
  StatusOr<std::size_t> erase(absl::string_view customer);

 private:
  struct State;
  friend struct EventTriggersBuilder;
  StoreSchema schema_;
  std::vector<EventTriggerDef> defs_;
  std::vector<std::int32_t> target_;
  std::vector<std::string> segments_;
  std::unique_ptr<State> state_;
};

SEGCORE_NAMESPACE_END
