// The event triggers' payload (model kind event_triggers; layout in docs/MODEL_FILES.md): the
// definitions and schema, rebuilt through EventTriggers::create on reading, then the customer
// state in id order, so equal sets give equal bytes whatever their hash-map order.
#include "absl/strings/str_cat.h"
#include "model/payloads.hpp"
#include "model/snapshots.hpp"
#include "rules/event_trigger_build.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {
void snapshot(const EventTriggers& m, TriggersSnapshot& out) {
  out.schema = m.schema();
  out.defs.resize(m.size());
  for (std::size_t k = 0; k < m.size(); ++k) out.defs[k] = m.trigger(k);
  EventTriggersBuilder::copy(m, out.state);
}

void encode(const TriggersSnapshot& t, ByteWriter& w) {
  strings(w, t.schema.categories);
  strings(w, t.schema.attributes);
  strings(w, t.schema.numerics);
  w.u64(t.defs.size());
  for (const EventTriggerDef& d : t.defs) {
    w.str(d.name);
    w.str(d.segment);
    w.str(d.filter);
    w.u8(static_cast<std::uint8_t>(d.op));
    w.i64(d.threshold);
    w.i64(d.window_seconds);
    w.str(d.without);
  }
  const EventTriggersCopy& s = t.state;
  w.u64(s.events);
  w.u64(s.late);
  const auto order = by_id(s.index);
  w.u64(order.size());
  for (const auto* c : order) {
    const std::int64_t* rec = s.records.data() + static_cast<std::size_t>(c->second) * s.width;
    w.str(c->first);
    w.i64(rec[0]);                             // clock
    w.i32(static_cast<std::int32_t>(rec[1]));  // segment
    for (std::size_t k = 2; k < s.width; ++k) w.i64(rec[k]);
  }
  w.u64(s.pending.size());
  for (const PendingMoveState& p : s.pending) {
    w.str(p.customer);
    w.str(p.order);
    w.u64(p.categories.size());
    for (std::size_t j = 0; j < p.categories.size(); ++j) {
      w.u8(p.present[j]);
      w.str(p.categories[j]);
    }
    w.i32(p.from);
    w.i32(p.to);
    w.u64(p.trigger);
    w.u64(p.position);
    w.i64(p.timestamp);
    w.f64(p.amount);
  }
}

void encode(const EventTriggers& m, ByteWriter& w) {
  TriggersSnapshot s;
  snapshot(m, s);
  encode(s, w);
}

StatusOr<EventTriggers> decode_event_triggers(ByteReader& r) {
  StoreSchema schema;
  SEGCORE_RETURN_IF_ERROR(strings(r, "categories", schema.categories));
  SEGCORE_RETURN_IF_ERROR(strings(r, "attributes", schema.attributes));
  SEGCORE_RETURN_IF_ERROR(strings(r, "numerics", schema.numerics));
  std::uint64_t n;
  SEGCORE_RETURN_IF_ERROR(count(r, "triggers", 33, n));
  std::vector<EventTriggerDef> defs(n);
  for (EventTriggerDef& d : defs) {
    std::uint8_t op;
    SEGCORE_RETURN_IF_ERROR(r.str("trigger name", d.name));
    SEGCORE_RETURN_IF_ERROR(r.str("trigger segment", d.segment));
    SEGCORE_RETURN_IF_ERROR(r.str("trigger filter", d.filter));
    SEGCORE_RETURN_IF_ERROR(r.u8("trigger op", op));
    SEGCORE_RETURN_IF_ERROR(r.i64("trigger threshold", d.threshold));
    SEGCORE_RETURN_IF_ERROR(r.i64("trigger window", d.window_seconds));
    SEGCORE_RETURN_IF_ERROR(r.str("trigger without", d.without));
    d.op = static_cast<CountOp>(op);
  }
  auto set = EventTriggers::create(std::move(defs), std::move(schema));
  if (!set.ok()) return r.invalid(set.status());
  EventTriggersState s;
  SEGCORE_RETURN_IF_ERROR(r.u64("events", s.events));
  SEGCORE_RETURN_IF_ERROR(r.u64("late events", s.late));
  const std::size_t stride = set->slots_per_customer();
  SEGCORE_RETURN_IF_ERROR(count(r, "customers", 16 + 8 * stride, n));
  s.customers.resize(n);
  for (TriggerCustomerState& c : s.customers) {
    SEGCORE_RETURN_IF_ERROR(r.str("customer id", c.id));
    SEGCORE_RETURN_IF_ERROR(r.i64("customer clock", c.clock));
    SEGCORE_RETURN_IF_ERROR(r.i32("customer segment", c.segment));
    c.slots.resize(stride);
    for (std::int64_t& t : c.slots) SEGCORE_RETURN_IF_ERROR(r.i64("kept timestamp", t));
  }
  SEGCORE_RETURN_IF_ERROR(count(r, "pending moves", 48, n));
  s.pending.resize(n);
  for (PendingMoveState& p : s.pending) {
    SEGCORE_RETURN_IF_ERROR(r.str("move customer", p.customer));
    SEGCORE_RETURN_IF_ERROR(r.str("move order", p.order));
    std::uint64_t n_cat;
    SEGCORE_RETURN_IF_ERROR(count(r, "move categories", 5, n_cat));
    p.categories.resize(n_cat);
    p.present.resize(n_cat);
    for (std::size_t j = 0; j < n_cat; ++j) {
      SEGCORE_RETURN_IF_ERROR(r.u8("move category present", p.present[j]));
      SEGCORE_RETURN_IF_ERROR(r.str("move category", p.categories[j]));
    }
    SEGCORE_RETURN_IF_ERROR(r.i32("move from", p.from));
    SEGCORE_RETURN_IF_ERROR(r.i32("move to", p.to));
    SEGCORE_RETURN_IF_ERROR(r.u64("move trigger", p.trigger));
    SEGCORE_RETURN_IF_ERROR(r.u64("move position", p.position));
    SEGCORE_RETURN_IF_ERROR(r.i64("move timestamp", p.timestamp));
    SEGCORE_RETURN_IF_ERROR(r.f64("move amount", p.amount));
  }
  SEGCORE_RETURN_IF_ERROR(r.finish("event triggers"));
  if (Status st = EventTriggersBuilder::restore(*set, std::move(s)); !st.ok()) return r.invalid(st);
  return set;
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
