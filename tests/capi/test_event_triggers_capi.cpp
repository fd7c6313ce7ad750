#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "segcore_rules.h"

namespace {

std::string last() { return segcore_last_error_message(); }

constexpr int64_t D = 86400;

struct Log {
  std::vector<std::string> lines;
  int refuse = 0;  // refuse this many reports first
};

int on_move(void* payload, const segcore_segment_move* m) {
  auto* log = static_cast<Log*>(payload);
  if (log->refuse > 0) return log->refuse--, 1;
  REQUIRE(m->struct_size == sizeof(segcore_segment_move));
  REQUIRE(m->n_categories == 2);
  std::string line = std::string(m->customer) + " " + std::to_string(m->from) + ">" + std::to_string(m->to) + " #" +
                     std::to_string(m->position) + " t" + std::to_string(m->timestamp / D) + " " +
                     (m->categories[0] ? m->categories[0] : "-") + "/" + (m->categories[1] ? m->categories[1] : "-") +
                     " " + std::to_string(static_cast<int>(m->amount)) + " [" + m->order + "]";
  log->lines.push_back(line);
  return 0;
}

struct Ev {
  segcore_stream_event e;
  const char* cats[2];
  Ev(const char* customer, int64_t day, const char* type, const char* category, double amount = 0,
     const char* order = nullptr) {
    std::memset(&e, 0, sizeof e);
    e.struct_size = sizeof e;
    e.customer = customer;
    e.timestamp = day * D;
    e.amount = amount;
    e.order = order;
    cats[0] = type;
    cats[1] = category;
    e.categories = cats;
    e.n_categories = 2;
  }
};

const char* kText =
    "trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days\n"
    "trigger browsing to Browser: count(type = 'view' and category = 'shoes') > 3 within 7 days\n"
    "  without (type = 'purchase')\n";
const char* kNames[] = {"type", "category"};

}  // namespace

TEST_CASE("capi event triggers: moves reach a C callback with the event; a store takes the same events") {
  segcore_event_triggers* t = nullptr;
  REQUIRE(segcore_event_triggers_parse(&t, kText, kNames, 2) == SEGCORE_OK);
  size_t n = 0;
  REQUIRE(segcore_event_triggers_n_triggers(t, &n) == SEGCORE_OK);
  CHECK(n == 2);
  REQUIRE(segcore_event_triggers_n_segments(t, &n) == SEGCORE_OK);
  CHECK(n == 2);
  char buf[8];
  size_t len = 0;
  REQUIRE(segcore_event_triggers_segment_name(t, 1, buf, sizeof buf, &len) == SEGCORE_OK);
  CHECK(std::string(buf) == "Browser");
  REQUIRE(segcore_event_triggers_trigger_name(t, 1, buf, 4, &len) == SEGCORE_OK);
  CHECK(len == 8);
  CHECK(std::string(buf) == "bro");  // snprintf-style: truncated, NUL-terminated, full length returned
  int32_t seg = 0;
  REQUIRE(segcore_event_triggers_trigger_segment(t, 0, &seg) == SEGCORE_OK);
  CHECK(seg == 0);

  segcore_profile_store* store = nullptr;
  REQUIRE(segcore_profile_store_create(&store, nullptr) == SEGCORE_OK);
  Log log;
  Ev evs[] = {{"ann", 1, "view", "shoes"},        {"ann", 2, "view", "shoes"},
              {"ann", 3, "view", nullptr},        {"ann", 4, "view", "shoes"},
              {"ann", 5, "view", "shoes"},        {"bob", 5, "purchase", "hats", 10, "o1"},
              {"bob", 6, "purchase", "hats", 10}, {"bob", 4, "purchase", nullptr, 10, "o3"}};
  for (Ev& e : evs) REQUIRE(segcore_event_triggers_add(t, &e.e, store, on_move, &log) == SEGCORE_OK);
  CHECK(log.lines == std::vector<std::string>{"ann -2>1 #4 t5 view/shoes 0 []", "bob -2>0 #7 t4 purchase/- 10 [o3]"});
  uint64_t events = 0, late = 0, customers = 0, pending = 0;
  REQUIRE(segcore_event_triggers_counts(t, &events, &late, &customers, &pending) == SEGCORE_OK);
  CHECK(events == 8);
  CHECK(late == 1);
  CHECK(customers == 2);
  CHECK(pending == 0);
  REQUIRE(segcore_event_triggers_counts(t, nullptr, nullptr, nullptr, nullptr) == SEGCORE_OK);
  uint64_t store_events = 0;
  REQUIRE(segcore_profile_store_n_events(store, &store_events) == SEGCORE_OK);
  CHECK(store_events == 8);
  REQUIRE(segcore_event_triggers_customer_segment(t, "bob", &seg) == SEGCORE_OK);
  CHECK(seg == 0);
  REQUIRE(segcore_event_triggers_customer_segment(t, "zed", &seg) == SEGCORE_OK);
  CHECK(seg == SEGCORE_SEGMENT_NONE);

  // A refused report stays pending, the event is applied; the next call reports it first.
  log.lines.clear();
  log.refuse = 1;
  Ev buy("ann", 8, "purchase", "shoes", 5);
  Ev buy2("ann", 9, "purchase", "shoes", 5);
  Ev buy3("ann", 10, "purchase", "shoes", 5);
  Ev other("cat", 10, "purchase", "shoes", 5);
  REQUIRE(segcore_event_triggers_add(t, &buy.e, nullptr, on_move, &log) == SEGCORE_OK);  // no move
  REQUIRE(segcore_event_triggers_add(t, &buy2.e, nullptr, on_move, &log) == SEGCORE_OK);
  CHECK(segcore_event_triggers_add(t, &buy3.e, nullptr, on_move, &log) == SEGCORE_ECANCELLED);
  CHECK(last().find("pending") != std::string::npos);
  REQUIRE(segcore_event_triggers_counts(t, nullptr, nullptr, nullptr, &pending) == SEGCORE_OK);
  CHECK(pending == 1);
  REQUIRE(segcore_event_triggers_customer_segment(t, "ann", &seg) == SEGCORE_OK);
  CHECK(seg == 0);
  CHECK(segcore_event_triggers_flush(t, nullptr, &log) == SEGCORE_EINVAL);
  REQUIRE(segcore_event_triggers_add(t, &other.e, nullptr, nullptr, nullptr) == SEGCORE_OK);  // kept pending
  CHECK(log.lines.empty());
  REQUIRE(segcore_event_triggers_flush(t, on_move, &log) == SEGCORE_OK);
  CHECK(log.lines == std::vector<std::string>{"ann 1>0 #10 t10 purchase/shoes 5 []"});
  segcore_event_triggers_destroy(t);
  segcore_event_triggers_destroy(nullptr);
  segcore_profile_store_destroy(store);
}

TEST_CASE("capi event triggers: bad input is refused with a message; nothing is applied") {
  segcore_event_triggers* t = nullptr;
  CHECK(segcore_event_triggers_parse(&t, "trigger a to B: count(typ = 'x') >= 1 within 1 days", kNames, 2) ==
        SEGCORE_ENOTFOUND);
  CHECK(t == nullptr);
  CHECK(last() == "trigger 'a': filter: line 1, column 23: unknown field 'typ' (did you mean 'type'?)");
  CHECK(segcore_event_triggers_parse(&t, "trigger a to B: count(*) >= 1 within 1 days", nullptr, 2) == SEGCORE_EINVAL);
  CHECK(segcore_event_triggers_parse(&t, nullptr, kNames, 2) == SEGCORE_EINVAL);
  REQUIRE(segcore_event_triggers_parse(&t, kText, kNames, 2) == SEGCORE_OK);
  Log log;
  Ev e("ann", 1, "view", "shoes");
  e.e.n_categories = 1;
  CHECK(segcore_event_triggers_add(t, &e.e, nullptr, on_move, &log) == SEGCORE_EINVAL);
  CHECK(last() == "segcore_event_triggers_add: event->n_categories is 1; the trigger set has 2 category names");
  e.e.n_categories = 2;
  e.e.customer = "";
  CHECK(segcore_event_triggers_add(t, &e.e, nullptr, on_move, &log) == SEGCORE_EINVAL);
  e.e.customer = nullptr;
  CHECK(segcore_event_triggers_add(t, &e.e, nullptr, on_move, &log) == SEGCORE_EINVAL);
  CHECK(segcore_event_triggers_add(t, nullptr, nullptr, on_move, &log) == SEGCORE_EINVAL);
  e.e.customer = "ann";
  e.e.struct_size = 8;  // smaller than the first layout
  CHECK(segcore_event_triggers_add(t, &e.e, nullptr, on_move, &log) != SEGCORE_OK);
  uint64_t events = 1;
  REQUIRE(segcore_event_triggers_counts(t, &events, nullptr, nullptr, nullptr) == SEGCORE_OK);
  CHECK(events == 0);
  int32_t seg = 0;
  CHECK(segcore_event_triggers_trigger_segment(t, 2, &seg) == SEGCORE_ERANGE);
  CHECK(segcore_event_triggers_customer_segment(t, nullptr, &seg) == SEGCORE_EINVAL);
  segcore_event_triggers_destroy(t);
}
