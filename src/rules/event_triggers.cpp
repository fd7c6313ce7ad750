// Event triggers: per customer, for each trigger, the latest threshold + 1 timestamps of the
// events its filter matched, and the latest timestamp its `without` filter matched. That is
// all a condition "count within the window ending at the customer's clock, compared with the
// threshold" needs: when the true count reaches threshold + 1, the kept timestamps are all in
// the window, and below that every matching event in the window is among them. Older
// timestamps leave a window before newer ones, because a customer's clock never goes back.
#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "event_trigger_build.hpp"
#include "model/snapshots.hpp"
#include "io/csv_internal.hpp"
#include "program.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr std::int64_t kEmpty = std::numeric_limits<std::int64_t>::min();

// Event fields, in the order of EventTriggers::event_schema.
enum : std::size_t { kAmount = 0, kTimestamp = 1, kOrder = 2, kFirstSchemaField = 3 };

struct Filter {
  std::shared_ptr<const rules_detail::Program> program;  // null: every event
  std::vector<std::size_t> field_of_slot;                // event field read by each program slot
};

// A move kept until the callback accepts it: owned copies of the event's strings.
struct OwnedMove {
  std::string customer, order;
  std::vector<std::string> categories;
  std::vector<std::uint8_t> present;
  std::int32_t from = 0, to = 0;
  std::size_t trigger = 0;
  std::uint64_t position = 0;
  std::int64_t timestamp = 0;
  double amount = 0;
};

// Inserts t into a[0..k), the k largest timestamps seen so far in ascending order (kEmpty
// for unused entries). A timestamp no larger than the smallest kept one changes nothing.
inline void keep_latest(std::int64_t* a, std::size_t k, std::int64_t t) {
  if (t <= a[0]) return;
  std::size_t j = 0;
  while (j + 1 < k && a[j + 1] < t) {
    a[j] = a[j + 1];
    ++j;
  }
  a[j] = t;
}

inline bool compare(std::int64_t count, CountOp op, std::int64_t n) {
  switch (op) {
    case CountOp::lt:
      return count < n;
    case CountOp::le:
      return count <= n;
    case CountOp::gt:
      return count > n;
    case CountOp::ge:
      return count >= n;
    case CountOp::eq:
      return count == n;
    case CountOp::ne:
      return count != n;
  }
  return false;
}

}  // namespace

struct EventTriggers::State {
  std::vector<Filter> filters;  // distinct filter texts
  struct Slotting {
    std::size_t count_filter = 0;
    std::ptrdiff_t without_filter = -1;
    std::size_t offset = 0;  // first of its k latest timestamps
    std::size_t k = 1;
    std::size_t without_at = 0;  // valid when without_filter >= 0
  };
  std::vector<Slotting> slotting;  // per trigger
  std::size_t stride = 0;          // timestamps per customer
  std::size_t n_fields = 0;

  // Per customer one record of kHead + stride values: its clock, its segment, then the
  // timestamps, so an event touches one place (a cache miss fewer per event than apart).
  static constexpr std::size_t kClock = 0, kSegment = 1, kHead = 2;
  absl::flat_hash_map<std::string, std::uint32_t> index;
  std::vector<std::int64_t> records;
  std::size_t n_customers = 0;
  std::vector<std::uint32_t> free_records;  // left by erased customers, reused first
  std::deque<OwnedMove> pending;
  std::uint64_t events = 0, late = 0;
  bool reporting = false;  // inside on_move: add and flush are refused

  // Scratch reused by every event.
  std::vector<FieldValue> fields, gathered;
  std::vector<std::uint8_t> matched;

  // Applies a checked event; true (and *move filled, viewing e) when the customer's segment changed.
  bool apply(const std::vector<std::int32_t>& target, const std::vector<EventTriggerDef>& defs, const Event& e,
             SegmentMove* move);
};

EventTriggers::EventTriggers() : state_(std::make_unique<State>()) {}
EventTriggers::~EventTriggers() = default;
EventTriggers::EventTriggers(EventTriggers&&) noexcept = default;
EventTriggers& EventTriggers::operator=(EventTriggers&&) noexcept = default;

Schema EventTriggers::event_schema(const StoreSchema& schema) {
  Schema s = {{"amount", ColumnType::f64}, {"timestamp", ColumnType::timestamp}, {"order", ColumnType::text}};
  for (const std::string& n : schema.categories) s.push_back({n, ColumnType::text});
  for (const std::string& n : schema.attributes) s.push_back({n, ColumnType::text});
  for (const std::string& n : schema.numerics) s.push_back({n, ColumnType::f64});
  return s;
}

StatusOr<EventTriggers> EventTriggers::create(std::vector<EventTriggerDef> triggers, StoreSchema schema) {
  std::vector<LocatedTrigger> located;
  located.reserve(triggers.size());
  for (EventTriggerDef& d : triggers) located.push_back({std::move(d)});
  return EventTriggersBuilder::build(std::move(located), std::move(schema));
}

StatusOr<EventTriggers> EventTriggersBuilder::build(std::vector<LocatedTrigger> triggers, StoreSchema schema) {
  constexpr const char* where = "EventTriggers";
  if (triggers.empty()) return invalid_argument(where, "no triggers");
  const Schema fields = EventTriggers::event_schema(schema);
  {
    absl::flat_hash_set<std::string> names;
    for (const FieldSpec& f : fields)
      if (!names.insert(f.name).second)
        return invalid_argument(where, "the event field '", f.name,
                                "' is named twice (amount, timestamp and order are built in)");
  }
  EventTriggers set;
  EventTriggers::State& s = *set.state_;
  s.n_fields = fields.size();
  absl::flat_hash_map<std::string, std::size_t> filter_of;  // text -> index into s.filters
  absl::flat_hash_set<std::string> seen;
  auto compile = [&](const std::string& name, const std::string& text, int line, int column,
                     const char* what) -> StatusOr<std::size_t> {
    absl::string_view t = absl::StripAsciiWhitespace(text);
    std::string key = t == "*" ? std::string() : std::string(t);
    if (auto it = filter_of.find(key); it != filter_of.end()) return it->second;
    Filter f;
    if (!key.empty()) {
      auto p = rules_detail::parse_rule(text, fields, line, column);
      if (!p.ok())
        return Status(p.status().code(), absl::StrCat("trigger '", name, "': ", what, ": ", p.status().message()));
      for (const FieldSpec& used : p->fields)
        for (std::size_t j = 0; j < fields.size(); ++j)
          if (fields[j].name == used.name) f.field_of_slot.push_back(j);
      f.program = std::make_shared<const rules_detail::Program>(*std::move(p));
    }
    s.filters.push_back(std::move(f));
    filter_of.emplace(std::move(key), s.filters.size() - 1);
    return s.filters.size() - 1;
  };
  for (LocatedTrigger& lt : triggers) {
    EventTriggerDef& d = lt.def;
    if (d.name.empty()) return invalid_argument(where, "a trigger has an empty name");
    if (!seen.insert(d.name).second) return invalid_argument(where, "trigger '", d.name, "' is defined twice");
    if (d.segment.empty()) return invalid_argument(where, "trigger '", d.name, "' has no segment to move to");
    if (static_cast<int>(d.op) < 0 || static_cast<int>(d.op) > static_cast<int>(CountOp::ne))
      return invalid_argument(where, "trigger '", d.name, "': comparison ", static_cast<int>(d.op),
                              " is not a CountOp");
    if (d.threshold < 0 || d.threshold > EventTriggers::kMaxThreshold)
      return invalid_argument(where, "trigger '", d.name, "': threshold ", d.threshold, " is outside 0..",
                              EventTriggers::kMaxThreshold);
    if (d.window_seconds < 1 || d.window_seconds > EventTriggers::kMaxWindow)
      return invalid_argument(where, "trigger '", d.name, "': window of ", d.window_seconds, " seconds is outside 1..",
                              EventTriggers::kMaxWindow);
    EventTriggers::State::Slotting sl;
    SEGCORE_ASSIGN_OR_RETURN(sl.count_filter, compile(d.name, d.filter, lt.filter_line, lt.filter_column, "filter"));
    if (!absl::StripAsciiWhitespace(d.without).empty()) {
      SEGCORE_ASSIGN_OR_RETURN(std::size_t w,
                               compile(d.name, d.without, lt.without_line, lt.without_column, "without"));
      sl.without_filter = static_cast<std::ptrdiff_t>(w);
    }
    sl.k = static_cast<std::size_t>(d.threshold) + 1;
    sl.offset = s.stride;
    s.stride += sl.k;
    if (sl.without_filter >= 0) sl.without_at = s.stride++;
    s.slotting.push_back(sl);
    auto seg = std::find(set.segments_.begin(), set.segments_.end(), d.segment);
    if (seg == set.segments_.end()) seg = set.segments_.insert(seg, d.segment);
    set.target_.push_back(static_cast<std::int32_t>(seg - set.segments_.begin()));
    set.defs_.push_back(std::move(d));
  }
  set.schema_ = std::move(schema);
  s.fields.resize(s.n_fields);
  s.gathered.resize(s.n_fields);
  s.matched.resize(s.filters.size());
  return set;
}

// A moved-from set has no state: it reads as empty and refuses events (no triggers).
std::size_t EventTriggers::pending() const { return state_ ? state_->pending.size() : 0; }
std::size_t EventTriggers::customers() const { return state_ ? state_->n_customers : 0; }
std::uint64_t EventTriggers::events() const { return state_ ? state_->events : 0; }
std::uint64_t EventTriggers::late_events() const { return state_ ? state_->late : 0; }
std::size_t EventTriggers::slots_per_customer() const { return state_ ? state_->stride : 0; }

std::int32_t EventTriggers::segment(absl::string_view customer) const {
  if (!state_) return SegmentMove::kNone;
  auto it = state_->index.find(customer);
  if (it == state_->index.end()) return SegmentMove::kNone;
  const std::size_t at = static_cast<std::size_t>(it->second) * (State::kHead + state_->stride) + State::kSegment;
  return static_cast<std::int32_t>(state_->records[at]);
}

Status EventTriggers::check(const Event& e) const {
  constexpr const char* where = "EventTriggers::add";
  if (defs_.empty() || !state_) return absl::FailedPreconditionError(absl::StrCat(where, ": the set has no triggers"));
  if (state_->reporting)
    return absl::FailedPreconditionError(absl::StrCat(where, ": called from inside the set's own callback"));
  if (e.customer.empty()) return invalid_argument(where, "the customer id is empty");
  // Ids must be UTF-8, as in the profile store; the message gives the byte, not the text.
  if (const std::size_t at = io_detail::invalid_utf8_at(e.customer); at != absl::string_view::npos)
    return invalid_argument(where, "the customer id is not valid UTF-8 (byte ", at, ")");
  if (const std::size_t at = io_detail::invalid_utf8_at(e.order); at != absl::string_view::npos)
    return invalid_argument(where, "customer '", e.customer, "': the order id is not valid UTF-8 (byte ", at, ")");
  if (e.timestamp < -kMaxTime || e.timestamp > kMaxTime)
    return invalid_argument(where, "customer '", e.customer, "': timestamp ", e.timestamp, " is beyond +-2^60");
  if (!std::isfinite(e.amount)) return invalid_argument(where, "customer '", e.customer, "': the amount is not finite");
  if (e.categories.size() != schema_.categories.size() || e.attributes.size() != schema_.attributes.size() ||
      e.numerics.size() != schema_.numerics.size())
    return invalid_argument(where, "the event has ", e.categories.size(), " categories, ", e.attributes.size(),
                            " attributes and ", e.numerics.size(), " numerics; the trigger set's schema has ",
                            schema_.categories.size(), ", ", schema_.attributes.size(), " and ",
                            schema_.numerics.size());
  return absl::OkStatus();
}

namespace {

FieldValue text_value(absl::string_view v) {
  return v.data() == nullptr ? FieldValue::missing() : FieldValue::of_text(v);
}

SegmentMove view_of(const OwnedMove& m, std::vector<absl::string_view>& categories) {
  categories.clear();
  for (std::size_t j = 0; j < m.categories.size(); ++j)
    categories.push_back(m.present[j] ? absl::string_view(m.categories[j]) : absl::string_view());
  SegmentMove v;
  v.customer = m.customer;
  v.from = m.from;
  v.to = m.to;
  v.trigger = m.trigger;
  v.position = m.position;
  v.timestamp = m.timestamp;
  v.amount = m.amount;
  v.order = m.order;
  v.categories = categories;
  return v;
}

OwnedMove owned(const SegmentMove& m) {
  OwnedMove o;
  o.customer = std::string(m.customer);
  o.order = std::string(m.order);
  for (absl::string_view c : m.categories) {
    o.categories.emplace_back(c);
    o.present.push_back(c.data() != nullptr);
  }
  o.from = m.from;
  o.to = m.to;
  o.trigger = m.trigger;
  o.position = m.position;
  o.timestamp = m.timestamp;
  o.amount = m.amount;
  return o;
}

}  // namespace

bool EventTriggers::State::apply(const std::vector<std::int32_t>& target, const std::vector<EventTriggerDef>& defs,
                                 const Event& e, SegmentMove* move) {
  State& s = *this;
  auto it = s.index.find(e.customer);
  std::uint32_t c;
  if (it == s.index.end()) {
    if (s.free_records.empty()) {
      c = static_cast<std::uint32_t>(s.records.size() / (kHead + s.stride));
      s.records.resize(s.records.size() + kHead + s.stride, kEmpty);
    } else {
      c = s.free_records.back();
      s.free_records.pop_back();
    }
    ++s.n_customers;
    s.index.emplace(std::string(e.customer), c);
    s.records[static_cast<std::size_t>(c) * (kHead + s.stride) + kSegment] = SegmentMove::kNone;
  } else {
    c = it->second;
  }
  std::int64_t* rec = s.records.data() + static_cast<std::size_t>(c) * (kHead + s.stride);
  const std::uint64_t position = s.events++;
  std::int64_t now = rec[kClock];
  if (e.timestamp < now)
    ++s.late;
  else
    now = e.timestamp;
  rec[kClock] = now;

  FieldValue* f = s.fields.data();
  f[kAmount] = FieldValue::of(e.amount);
  f[kTimestamp] = FieldValue::of(static_cast<double>(e.timestamp));
  f[kOrder] = e.order.empty() ? FieldValue::missing() : FieldValue::of_text(e.order);
  std::size_t j = kFirstSchemaField;
  for (absl::string_view v : e.categories) f[j++] = text_value(v);
  for (absl::string_view v : e.attributes) f[j++] = text_value(v);
  for (double v : e.numerics) f[j++] = FieldValue::of(v);
  const double as_of = static_cast<double>(now);
  for (std::size_t k = 0; k < s.filters.size(); ++k) {
    const Filter& flt = s.filters[k];
    if (!flt.program) {
      s.matched[k] = 1;
      continue;
    }
    for (std::size_t slot = 0; slot < flt.field_of_slot.size(); ++slot) s.gathered[slot] = f[flt.field_of_slot[slot]];
    s.matched[k] = rules_detail::eval_one(*flt.program, s.gathered.data(), &as_of) == Truth::is_true;
  }

  std::int64_t* slots = rec + kHead;
  const auto current = static_cast<std::int32_t>(rec[kSegment]);
  for (const EventTriggers::State::Slotting& sl : s.slotting) {
    if (s.matched[sl.count_filter]) keep_latest(slots + sl.offset, sl.k, e.timestamp);
    if (sl.without_filter >= 0 && s.matched[static_cast<std::size_t>(sl.without_filter)])
      slots[sl.without_at] = std::max(slots[sl.without_at], e.timestamp);
  }
  for (std::size_t k = 0; k < defs.size(); ++k) {
    const EventTriggers::State::Slotting& sl = s.slotting[k];
    const std::int64_t after = now - defs[k].window_seconds;  // the window is (now - w, now]
    if (sl.without_filter >= 0 && slots[sl.without_at] > after) continue;
    const std::int64_t* a = slots + sl.offset;
    std::int64_t count = 0;
    for (std::size_t i = sl.k; i-- > 0 && a[i] > after;) ++count;
    if (!compare(count, defs[k].op, defs[k].threshold)) continue;
    if (target[k] == current) return false;
    move->customer = e.customer;
    move->from = current;
    move->to = target[k];
    move->trigger = k;
    move->position = position;
    move->timestamp = e.timestamp;
    move->amount = e.amount;
    move->order = e.order;
    move->categories = e.categories;
    rec[kSegment] = target[k];
    return true;
  }
  return false;
}

Status EventTriggers::add(const Event& e, ProfileStore* store) {
  SEGCORE_RETURN_IF_ERROR(check(e));
  if (store != nullptr) SEGCORE_RETURN_IF_ERROR(store->add(e));
  SegmentMove m;
  if (state_->apply(target_, defs_, e, &m)) state_->pending.push_back(owned(m));
  return absl::OkStatus();
}

Status EventTriggers::add(const Event& e, absl::FunctionRef<int(const SegmentMove&)> on_move, ProfileStore* store) {
  SEGCORE_RETURN_IF_ERROR(check(e));
  if (store != nullptr) SEGCORE_RETURN_IF_ERROR(store->add(e));
  State& s = *state_;
  SegmentMove m;
  if (!s.apply(target_, defs_, e, &m)) return s.pending.empty() ? absl::OkStatus() : flush(on_move);
  if (!s.pending.empty()) {  // older moves first
    s.pending.push_back(owned(m));
    return flush(on_move);
  }
  s.reporting = true;
  const int stop = on_move(m);
  s.reporting = false;
  if (stop == 0) return absl::OkStatus();
  s.pending.push_back(owned(m));
  return absl::CancelledError(
      "EventTriggers::add: the callback asked to stop; the event is applied and its move is pending");
}

StatusOr<std::size_t> EventTriggers::erase(absl::string_view customer) {
  constexpr const char* where = "EventTriggers::erase";
  if (!state_) return absl::NotFoundError(absl::StrCat(where, ": the set holds no customers"));
  State& s = *state_;
  if (s.reporting)
    return absl::FailedPreconditionError(absl::StrCat(where, ": called from inside the set's own callback"));
  auto it = s.index.find(customer);
  if (it == s.index.end()) return absl::NotFoundError(absl::StrCat(where, ": no customer '", customer, "' in the set"));
  const std::uint32_t c = it->second;
  s.index.erase(it);
  const std::size_t width = State::kHead + s.stride;
  std::fill_n(s.records.begin() + static_cast<std::ptrdiff_t>(c * width), width, kEmpty);
  s.free_records.push_back(c);
  --s.n_customers;
  const std::size_t before = s.pending.size();
  std::erase_if(s.pending, [&](const OwnedMove& m) { return m.customer == customer; });
  return before - s.pending.size();
}

Status EventTriggers::flush(absl::FunctionRef<int(const SegmentMove&)> on_move) {
  if (!state_) return absl::OkStatus();
  State& s = *state_;
  if (s.reporting)
    return absl::FailedPreconditionError("EventTriggers::flush: called from inside the set's own callback");
  std::vector<absl::string_view> categories;
  while (!s.pending.empty()) {
    s.reporting = true;
    const int stop = on_move(view_of(s.pending.front(), categories));
    s.reporting = false;
    if (stop != 0)
      return absl::CancelledError(
          absl::StrCat("EventTriggers: the callback asked to stop; ", s.pending.size(), " moves are pending"));
    s.pending.pop_front();
  }
  return absl::OkStatus();
}

void EventTriggersBuilder::copy(const EventTriggers& set, EventTriggersCopy& out) {
  out.index.clear();
  out.records.clear();
  out.pending.clear();
  if (!set.state_) return;
  const EventTriggers::State& s = *set.state_;
  static_assert(EventTriggers::State::kClock == 0 && EventTriggers::State::kSegment == 1 &&
                EventTriggers::State::kHead == 2);  // the layout EventTriggersCopy documents
  out.events = s.events;
  out.late = s.late;
  out.width = EventTriggers::State::kHead + s.stride;
  model_detail::make_room(out.index, s.index.size());
  for (const auto& [id, c] : s.index) out.index.emplace_back(id, c);
  model_detail::make_room(out.records, s.records.size());
  out.records.assign(s.records.begin(), s.records.end());
  for (const OwnedMove& m : s.pending)
    out.pending.push_back(
        {m.customer, m.order, m.categories, m.present, m.from, m.to, m.trigger, m.position, m.timestamp, m.amount});
}

Status EventTriggersBuilder::restore(EventTriggers& set, EventTriggersState state) {
  constexpr const char* where = "EventTriggers state";
  if (!set.state_ || set.state_->events != 0) return invalid_argument(where, "the set is not freshly built");
  EventTriggers::State& s = *set.state_;
  const auto n_segments = static_cast<std::int32_t>(set.segments_.size());
  auto in_time = [](std::int64_t t) { return t >= -EventTriggers::kMaxTime && t <= EventTriggers::kMaxTime; };
  auto segment_ok = [&](std::int32_t g, bool none_ok) {
    return (none_ok && g == SegmentMove::kNone) || (g >= 0 && g < n_segments);
  };
  for (std::size_t i = 0; i < state.customers.size(); ++i) {
    const TriggerCustomerState& c = state.customers[i];
    if (c.id.empty() || (i > 0 && !(state.customers[i - 1].id < c.id)))
      return invalid_argument(where, "customer ", i, ": ids must be non-empty, distinct and sorted");
    if (!in_time(c.clock)) return invalid_argument(where, "customer '", c.id, "': clock ", c.clock, " out of range");
    if (!segment_ok(c.segment, true))
      return invalid_argument(where, "customer '", c.id, "': segment ", c.segment, " is not a segment of the set");
    if (c.slots.size() != s.stride)
      return invalid_argument(where, "customer '", c.id, "': ", c.slots.size(), " timestamps, the set keeps ",
                              s.stride);
    for (const EventTriggers::State::Slotting& sl : s.slotting) {
      const std::int64_t* a = c.slots.data() + sl.offset;
      for (std::size_t k = 0; k < sl.k; ++k)
        if ((a[k] != kEmpty && (!in_time(a[k]) || a[k] > c.clock)) || (k > 0 && a[k] < a[k - 1]))
          return invalid_argument(where, "customer '", c.id, "': kept timestamps out of order or range");
      if (sl.without_filter >= 0 && c.slots[sl.without_at] != kEmpty &&
          (!in_time(c.slots[sl.without_at]) || c.slots[sl.without_at] > c.clock))
        return invalid_argument(where, "customer '", c.id, "': the without timestamp is out of range");
    }
  }
  for (std::size_t i = 0; i < state.pending.size(); ++i) {
    const PendingMoveState& m = state.pending[i];
    if (m.customer.empty() || !segment_ok(m.from, true) || !segment_ok(m.to, false) || m.trigger >= set.size() ||
        m.categories.size() != set.schema_.categories.size() || m.present.size() != m.categories.size() ||
        m.position >= state.events || !in_time(m.timestamp) || !std::isfinite(m.amount))
      return invalid_argument(where, "pending move ", i, " breaks the set's rules");
  }
  if (state.late > state.events) return invalid_argument(where, "more late events than events");
  const std::size_t width = EventTriggers::State::kHead + s.stride;
  s.records.assign(state.customers.size() * width, kEmpty);
  s.index.reserve(state.customers.size());
  for (std::size_t i = 0; i < state.customers.size(); ++i) {
    TriggerCustomerState& c = state.customers[i];
    std::int64_t* rec = s.records.data() + i * width;
    rec[EventTriggers::State::kClock] = c.clock;
    rec[EventTriggers::State::kSegment] = c.segment;
    std::copy(c.slots.begin(), c.slots.end(), rec + EventTriggers::State::kHead);
    s.index.emplace(std::move(c.id), static_cast<std::uint32_t>(i));
  }
  s.n_customers = state.customers.size();
  s.events = state.events;
  s.late = state.late;
  for (PendingMoveState& m : state.pending) {
    OwnedMove o;
    o.customer = std::move(m.customer);
    o.order = std::move(m.order);
    o.categories = std::move(m.categories);
    o.present = std::move(m.present);
    o.from = m.from;
    o.to = m.to;
    o.trigger = static_cast<std::size_t>(m.trigger);
    o.position = m.position;
    o.timestamp = m.timestamp;
    o.amount = m.amount;
    s.pending.push_back(std::move(o));
  }
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
