// C ABI of event triggers: converts segcore_stream_event into an Event and each SegmentMove
// into a segcore_segment_move for the caller's function pointer.
#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "capi_handles.hpp"
#include "capi_profile_handles.hpp"
#include "capi_support.hpp"
#include "segcore/event_triggers.hpp"
#include "segcore_rules.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {


static_assert(sizeof(segcore_stream_event) == offsetof(segcore_stream_event, n_categories) + sizeof(size_t),
              "no tail padding (capi_support.hpp)");
static_assert(sizeof(segcore_segment_move) == offsetof(segcore_segment_move, n_categories) + sizeof(size_t),
              "no tail padding");

static_assert(segcore::SegmentMove::kNone == SEGCORE_SEGMENT_NONE);

constexpr std::size_t kMaxCategories = 64;

// The caller's event; views point into the caller's strings for the length of the call.
struct CEvent {
  segcore_stream_event raw{};
  std::array<absl::string_view, kMaxCategories> categories;
  segcore::Event event;
};

absl::Status read_event(const segcore_stream_event* user, std::size_t expected, CEvent& out, const char* fn) {
  SEGCORE_REQUIRE_AS(user, "event");
  out.raw.struct_size = sizeof out.raw;
  if (user->struct_size < sizeof out.raw)  // an event, not options: it has no _init function
    return segcore::invalid_argument(fn, "event->struct_size is ", user->struct_size,
                                     "; set it to sizeof(segcore_stream_event), ", sizeof out.raw);
  SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(user, &out.raw, sizeof out.raw, sizeof out.raw, fn));
  const segcore_stream_event& r = out.raw;
  SEGCORE_REQUIRE_AS(r.customer, "event->customer");
  if (r.n_categories != expected)
    return segcore::invalid_argument(fn, "event->n_categories is ", r.n_categories, "; the trigger set has ", expected,
                                     " category names");
  if (r.n_categories != 0 && r.categories == nullptr) return segcore::invalid_argument(fn, "event->categories is NULL");
  for (std::size_t j = 0; j < r.n_categories; ++j)
    out.categories[j] = r.categories[j] == nullptr ? absl::string_view() : absl::string_view(r.categories[j]);
  out.event.customer = r.customer;
  out.event.timestamp = r.timestamp;
  out.event.amount = r.amount;
  out.event.order = r.order == nullptr ? absl::string_view() : absl::string_view(r.order);
  out.event.categories = std::span<const absl::string_view>(out.categories.data(), r.n_categories);
  return absl::OkStatus();
}

// Every view of a SegmentMove is a C string of the caller's event or a std::string the set
// owns, so data() is NUL-terminated; missing categories have null data.
int call(segcore_segment_move_fn fn, void* payload, const segcore::SegmentMove& m) {
  std::array<const char*, kMaxCategories> categories;
  for (std::size_t j = 0; j < m.categories.size(); ++j) categories[j] = m.categories[j].data();
  segcore_segment_move c;
  c.struct_size = sizeof c;
  c.customer = m.customer.data();
  c.from = m.from;
  c.to = m.to;
  c.trigger = m.trigger;
  c.position = m.position;
  c.timestamp = m.timestamp;
  c.amount = m.amount;
  c.order = m.order.empty() ? "" : m.order.data();
  c.categories = categories.data();
  c.n_categories = m.categories.size();
  return fn(payload, &c);
}

}  // namespace

extern "C" {

int segcore_event_triggers_parse(segcore_event_triggers** out, const char* text, const char* const* categories,
                                 size_t n_categories) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(text);
    if (n_categories > kMaxCategories)
      return segcore::invalid_argument(fn, n_categories, " category names; at most ", kMaxCategories, " are supported");
    if (n_categories != 0 && categories == nullptr) return segcore::invalid_argument(fn, "categories is NULL");
    segcore::StoreSchema schema;
    for (std::size_t j = 0; j < n_categories; ++j) {
      if (categories[j] == nullptr) return segcore::invalid_argument(fn, "categories[", j, "] is NULL");
      schema.categories.emplace_back(categories[j]);
    }
    SEGCORE_ASSIGN_OR_RETURN(segcore::EventTriggers set, segcore::EventTriggers::parse(text, std::move(schema)));
    *out = new segcore_event_triggers{std::move(set)};
  );
}

void segcore_event_triggers_destroy(segcore_event_triggers* triggers) { delete triggers; }

int segcore_event_triggers_n_triggers(const segcore_event_triggers* triggers, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(triggers, out); *out = triggers->impl.size(););
}

int segcore_event_triggers_trigger_name(const segcore_event_triggers* triggers, size_t k, char* buffer, size_t capacity,
                                        size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers);
    if (k >= triggers->impl.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": trigger ", k, " of ", triggers->impl.size()));
    return segcore::capi_detail::write_string(triggers->impl.trigger(k).name, buffer, capacity, length, fn);
  );
}

int segcore_event_triggers_trigger_segment(const segcore_event_triggers* triggers, size_t k, int32_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers, out);
    if (k >= triggers->impl.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": trigger ", k, " of ", triggers->impl.size()));
    *out = triggers->impl.trigger_segment(k);
  );
}

int segcore_event_triggers_n_segments(const segcore_event_triggers* triggers, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(triggers, out); *out = triggers->impl.n_segments(););
}

int segcore_event_triggers_segment_name(const segcore_event_triggers* triggers, size_t s, char* buffer, size_t capacity,
                                        size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers);
    if (s >= triggers->impl.n_segments())
      return absl::OutOfRangeError(absl::StrCat(fn, ": segment ", s, " of ", triggers->impl.n_segments()));
    return segcore::capi_detail::write_string(triggers->impl.segment_name(s), buffer, capacity, length, fn);
  );
}

int segcore_event_triggers_n_categories(const segcore_event_triggers* triggers, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(triggers, out); *out = triggers->impl.schema().categories.size(););
}

int segcore_event_triggers_category_name(const segcore_event_triggers* triggers, size_t j, char* buffer,
                                         size_t capacity, size_t* length) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers);
    const auto& names = triggers->impl.schema().categories;
    if (j >= names.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": category ", j, " of ", names.size()));
    return segcore::capi_detail::write_string(names[j], buffer, capacity, length, fn);
  );
}

int segcore_event_triggers_add(segcore_event_triggers* triggers, const segcore_stream_event* event,
                               segcore_profile_store* store, segcore_segment_move_fn cb, void* payload) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers);
    CEvent e;
    SEGCORE_RETURN_IF_ERROR(read_event(event, triggers->impl.schema().categories.size(), e, fn));
    if (store != nullptr) {
      // The store made through the C ABI counts no categories: it takes the rest of the event.
      SEGCORE_RETURN_IF_ERROR(triggers->impl.check(e.event));
      SEGCORE_RETURN_IF_ERROR(store->impl.add(e.event.customer, e.event.timestamp, e.event.amount, e.event.order));
    }
    if (cb == nullptr) return triggers->impl.add(e.event);
    return triggers->impl.add(e.event, [&](const segcore::SegmentMove& m) { return call(cb, payload, m); });
  );
}

int segcore_event_triggers_flush(segcore_event_triggers* triggers, segcore_segment_move_fn cb, void* payload) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers);
    SEGCORE_REQUIRE_AS(reinterpret_cast<const void*>(cb), "fn");
    return triggers->impl.flush([&](const segcore::SegmentMove& m) { return call(cb, payload, m); });
  );
}

int segcore_event_triggers_customer_segment(const segcore_event_triggers* triggers, const char* customer,
                                            int32_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers, customer, out);
    *out = triggers->impl.segment(customer);
  );
}

int segcore_event_triggers_counts(const segcore_event_triggers* triggers, uint64_t* events, uint64_t* late_events,
                                  uint64_t* customers, uint64_t* pending) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(triggers);
    if (events != nullptr) *events = triggers->impl.events();
    if (late_events != nullptr) *late_events = triggers->impl.late_events();
    if (customers != nullptr) *customers = triggers->impl.customers();
    if (pending != nullptr) *pending = triggers->impl.pending();
  );
}

}  // extern "C"
