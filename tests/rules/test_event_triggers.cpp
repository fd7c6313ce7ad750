#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "segcore/event_triggers.hpp"
#include "support/random_stream.hpp"

using namespace segcore;
using Ev = segcore_test::StreamEvent;  // owned strings; a missing category is nullopt
using segcore_test::random_stream;

namespace {

constexpr std::int64_t D = 86400;

StoreSchema type_and_category() { return {{"type", "category"}, {}, {}}; }

struct Seen {
  std::string customer;
  std::int32_t from, to;
  std::size_t trigger;
  std::uint64_t position;
  std::int64_t t;
  double amount;
  std::string type;
  bool operator==(const Seen&) const = default;
};

doctest::String toString(const Seen& s) {
  return absl::StrCat(s.customer, " ", s.from, ">", s.to, " by ", s.trigger, " at #", s.position, " t=", s.t).c_str();
}

Seen seen(const SegmentMove& m) {
  return {std::string(m.customer),
          m.from,
          m.to,
          m.trigger,
          m.position,
          m.timestamp,
          m.amount,
          std::string(m.categories.empty() ? absl::string_view() : m.categories[0])};
}

const char* kShop = R"(# a segment set and event triggers in one file
mode exclusive
segment Big: monetary > 1000
trigger third_purchase to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days
trigger browsing to "Shoe browser": count(type = 'view' and category = 'shoes') > 3
   within 7 days without (type = 'purchase')
)";

}  // namespace

TEST_CASE("event triggers: the issue's two examples, reported with the event that caused the move") {
  auto set = EventTriggers::parse(kShop, type_and_category());
  REQUIRE_MESSAGE(set.ok(), set.status().ToString());
  REQUIRE(set->size() == 2);
  CHECK(set->n_segments() == 2);
  CHECK(set->segment_name(0) == "Loyal");
  CHECK(set->segment_name(1) == "Shoe browser");
  CHECK(set->trigger(1).window_seconds == 7 * D);
  CHECK(set->trigger(1).op == CountOp::gt);
  CHECK(set->trigger(1).threshold == 3);
  std::vector<Seen> got;
  auto on = [&](const SegmentMove& m) {
    got.push_back(seen(m));
    return 0;
  };
  std::vector<Ev> evs = {
      {"ann", 1 * D, "view", "shoes"},
      {"ann", 2 * D, "view", "shoes"},
      {"ann", 3 * D, "view", "hats"},
      {"ann", 4 * D, "view", "shoes"},
      {"bob", 4 * D, "purchase", "shoes", 30},
      {"ann", 5 * D, "view", "shoes"},  // 4th shoe view in 7 days, no purchase: moves
      {"ann", 6 * D, "purchase", "hats", 20},
      {"ann", 20 * D, "purchase", "hats", 0},  // zero: not counted
      {"ann", 25 * D, "purchase", "hats", 10},
      {"ann", 40 * D, "purchase", "shoes", 10},  // 3 in (10, 40]: no
      {"ann", 50 * D, "purchase", "shoes", 10},  // 25, 40, 50: third within 30 days
  };
  for (Ev& e : evs) REQUIRE(set->add(e.event(), on).ok());
  REQUIRE(got.size() == 2);
  CHECK(got[0] == Seen{"ann", SegmentMove::kNone, 1, 1, 5, 5 * D, 0, "view"});
  CHECK(got[1] == Seen{"ann", 1, 0, 0, 10, 50 * D, 10, "purchase"});
  CHECK(set->segment("ann") == 0);
  CHECK(set->segment("bob") == SegmentMove::kNone);
  CHECK(set->segment("nobody") == SegmentMove::kNone);
  CHECK(set->events() == evs.size());
  CHECK(set->customers() == 2);
  CHECK(set->late_events() == 0);
  // Each trigger keeps threshold + 1 timestamps; the browser one more for `without`.
  CHECK(set->slots_per_customer() == 9);

  // The segment-set parser reads the same file and skips the trigger lines.
  auto segs = SegmentSet::parse(kShop, {{"monetary", ColumnType::f64}});
  REQUIRE_MESSAGE(segs.ok(), segs.status().ToString());
  CHECK(segs->size() == 1);
}

namespace {

// The reference: every event kept, every window counted from scratch.
struct Filter {
  const char* text;
  std::function<bool(const Ev&)> match;
};

std::vector<Filter> filters() {
  auto cat = [](const Ev& e, const char* c) { return e.category && *e.category == c; };
  return {
      {"*", [](const Ev&) { return true; }},
      {"type = 'purchase' and amount > 0", [](const Ev& e) { return e.type == "purchase" && e.amount > 0; }},
      {"type = 'view'", [](const Ev& e) { return e.type == "view"; }},
      {"type = 'view' and category = 'shoes'", [=](const Ev& e) { return e.type == "view" && cat(e, "shoes"); }},
      {"category in ('shoes', 'hats')", [=](const Ev& e) { return cat(e, "shoes") || cat(e, "hats"); }},
      {"amount < 0", [](const Ev& e) { return e.amount < 0; }},
      {"type != 'view' or category is missing", [](const Ev& e) { return e.type != "view" || !e.category; }},
      {"not (category = 'shoes')", [](const Ev& e) { return e.category && *e.category != "shoes"; }},
  };
}

struct RefTrigger {
  EventTriggerDef def;
  int filter = 0, without = -1;
  std::int32_t target = 0;
};

bool compare(std::int64_t c, CountOp op, std::int64_t n) {
  switch (op) {
    case CountOp::lt:
      return c < n;
    case CountOp::le:
      return c <= n;
    case CountOp::gt:
      return c > n;
    case CountOp::ge:
      return c >= n;
    case CountOp::eq:
      return c == n;
    case CountOp::ne:
      return c != n;
  }
  return false;
}

std::vector<Seen> reference(const std::vector<RefTrigger>& ts, const std::vector<Ev>& evs,
                            std::map<std::string, std::int32_t>& segment) {
  const auto fs = filters();
  std::map<std::string, std::vector<const Ev*>> history;
  std::vector<Seen> out;
  for (std::size_t p = 0; p < evs.size(); ++p) {
    const Ev& e = evs[p];
    auto& h = history[e.customer];
    h.push_back(&e);
    std::int64_t now = e.t;
    for (const Ev* x : h) now = std::max(now, x->t);
    auto [seg, fresh] = segment.try_emplace(e.customer, SegmentMove::kNone);
    for (std::size_t k = 0; k < ts.size(); ++k) {
      const RefTrigger& r = ts[k];
      std::int64_t count = 0;
      bool excluded = false;
      for (const Ev* x : h) {
        if (x->t <= now - r.def.window_seconds) continue;
        count += fs[r.filter].match(*x);
        if (r.without >= 0 && fs[r.without].match(*x)) excluded = true;
      }
      if (excluded || !compare(count, r.def.op, r.def.threshold)) continue;
      if (seg->second != r.target) {
        out.push_back({e.customer, seg->second, r.target, k, p, e.t, e.amount, e.type});
        seg->second = r.target;
      }
      break;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("event triggers: random streams with late events and refusing callbacks match a brute-force reference") {
  const auto fs = filters();
  const char* segment_pool[] = {"Loyal", "Browser", "Quiet", "Churn risk"};
  const std::int64_t windows[] = {3600, D, 7 * D, 30 * D};
  std::size_t total_moves = 0, total_refused = 0;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    std::mt19937_64 g(seed);
    std::uniform_int_distribution<int> pick(0, 1'000'000);
    std::vector<RefTrigger> ref;
    std::vector<EventTriggerDef> defs;
    std::vector<std::string> segments;
    const int n_triggers = 1 + pick(g) % 5;
    for (int k = 0; k < n_triggers; ++k) {
      RefTrigger r;
      r.filter = pick(g) % static_cast<int>(fs.size());
      r.without = pick(g) % 3 == 0 ? pick(g) % static_cast<int>(fs.size()) : -1;
      r.def.name = absl::StrCat("t", k);
      r.def.segment = segment_pool[pick(g) % 4];
      r.def.filter = fs[r.filter].text;
      r.def.without = r.without >= 0 ? fs[r.without].text : "";
      r.def.op = static_cast<CountOp>(pick(g) % 6);
      r.def.threshold = pick(g) % 5;
      r.def.window_seconds = windows[pick(g) % 4];
      auto s = std::find(segments.begin(), segments.end(), r.def.segment);
      r.target = static_cast<std::int32_t>(s - segments.begin());
      if (s == segments.end()) segments.push_back(r.def.segment);
      defs.push_back(r.def);
      ref.push_back(r);
    }
    auto set = EventTriggers::create(defs, type_and_category());
    REQUIRE_MESSAGE(set.ok(), set.status().ToString());
    std::vector<Ev> evs = random_stream(g, 2000, 1 + static_cast<int>(seed % 10) * 4);
    std::map<std::string, std::int32_t> want_segment;
    const std::vector<Seen> want = reference(ref, evs, want_segment);

    // The callback refuses about one report in five; refused moves come back, in order.
    std::vector<Seen> got;
    std::size_t refused = 0;
    std::uint64_t late = 0;
    std::map<std::string, std::int64_t> latest;
    auto on = [&](const SegmentMove& m) {
      if (pick(g) % 5 == 0) return ++refused, 1;
      got.push_back(seen(m));
      return 0;
    };
    for (Ev& e : evs) {
      auto [it, fresh] = latest.try_emplace(e.customer, e.t);
      if (!fresh && e.t < it->second) ++late;
      it->second = std::max(it->second, e.t);
      Status st = set->add(e.event(), on);
      REQUIRE_MESSAGE((st.ok() || absl::IsCancelled(st)), st.ToString());
    }
    while (!set->flush(on).ok()) {}
    CHECK(set->pending() == 0);
    total_moves += want.size();
    total_refused += refused;
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) REQUIRE(got[i] == want[i]);
    for (const auto& [c, s] : want_segment) CHECK(set->segment(c) == s);
    CHECK(set->late_events() == late);
    CHECK(late > 0);
    CHECK(set->customers() == want_segment.size());
  }
  // The streams exercise the engine: many moves, many of them refused at first.
  CHECK(total_moves > 1000);
  CHECK(total_refused > 200);
}

TEST_CASE("event triggers: state per customer does not grow with the number of events") {
  auto set = EventTriggers::parse(
      "trigger busy to Busy: count(*) >= 5 within 1 hours\n"
      "trigger calm to Calm: count(*) < 5 within 1 hours\n");
  REQUIRE(set.ok());
  CHECK(set->slots_per_customer() == 12);
  int moves = 0;
  for (int i = 0; i < 200000; ++i) {
    Event e;
    e.customer = i % 2 ? "a" : "b";
    // Bursts of 10 events a minute apart, then an hour of quiet.
    e.timestamp = (i / 20) * 7200 + (i % 20) / 2 * 60;
    REQUIRE(set->add(e, [&](const SegmentMove&) { return ++moves, 0; }).ok());
  }
  CHECK(set->customers() == 2);
  CHECK(set->slots_per_customer() == 12);
  CHECK(moves == 2 * (1 + 2 * (200000 / 20) - 1));  // enters Calm once, then Busy/Calm per burst
}

TEST_CASE("event triggers: late events count inside the window ending at the customer's latest event") {
  auto set = EventTriggers::parse("trigger loyal to Loyal: count(amount > 0) >= 3 within 30 days\n");
  REQUIRE(set.ok());
  std::vector<Seen> got;
  auto on = [&](const SegmentMove& m) { return got.push_back(seen(m)), 0; };
  auto add = [&](std::int64_t t) {
    Event e;
    e.customer = "a";
    e.timestamp = t;
    e.amount = 5;
    REQUIRE(set->add(e, on).ok());
  };
  add(10 * D);
  add(20 * D);
  add(-100 * D);  // late, and outside (20 - 30, 20] days: changes nothing
  CHECK(got.empty());
  add(5 * D);  // late, inside the window: the third purchase
  REQUIRE(got.size() == 1);
  CHECK(got[0].position == 3);
  CHECK(got[0].t == 5 * D);
  CHECK(set->late_events() == 2);
}

TEST_CASE("event triggers: a refusing callback leaves moves pending; nothing is lost or repeated") {
  auto set = EventTriggers::parse("trigger any to Seen: count(*) >= 1 within 1 days\n");
  REQUIRE(set.ok());
  std::vector<std::string> got;
  bool refuse = true;
  auto on = [&](const SegmentMove& m) {
    if (refuse) return 1;
    got.emplace_back(m.customer);
    return 0;
  };
  Event e;
  e.customer = "a";
  Status st = set->add(e, on);
  CHECK(absl::IsCancelled(st));
  CHECK(set->pending() == 1);
  CHECK(set->segment("a") == 0);  // the event is applied all the same
  e.customer = "b";
  CHECK(absl::IsCancelled(set->add(e, on)));
  CHECK(set->pending() == 2);
  e.customer = "c";
  CHECK(set->add(e).ok());  // no callback: kept pending
  CHECK(set->pending() == 3);
  refuse = false;
  e.customer = "d";
  CHECK(set->add(e, on).ok());
  CHECK(got == std::vector<std::string>{"a", "b", "c", "d"});
  CHECK(set->pending() == 0);
  CHECK(set->flush(on).ok());

  // The callback may not feed the set it is called from.
  Status inner;
  e.customer = "e";
  CHECK(set->add(e,
                 [&](const SegmentMove&) {
                   Event again;
                   again.customer = "f";
                   inner = set->add(again);
                   return 0;
                 })
            .ok());
  CHECK(absl::IsFailedPrecondition(inner));
  CHECK(set->customers() == 5);
}

TEST_CASE("event triggers: with a profile store, the same event feeds both; a refused event changes neither") {
  StoreSchema schema = type_and_category();
  ProfileStore store({}, schema);
  auto set = EventTriggers::parse("trigger buyer to Buyer: count(type = 'purchase') >= 1 within 1 days\n", schema);
  REQUIRE(set.ok());
  int moves = 0;
  auto on = [&](const SegmentMove&) { return ++moves, 0; };
  Ev ok{"a", D, "purchase", "shoes", 10};
  REQUIRE(set->add(ok.event(), on, &store).ok());
  CHECK(store.events() == 1);
  CHECK(moves == 1);
  Ev bad{"", D, "purchase", "shoes", 10};
  CHECK(absl::IsInvalidArgument(set->add(bad.event(), on, &store)));
  Event wrong;  // no categories: the store's and the set's schema want two
  wrong.customer = "b";
  CHECK(absl::IsInvalidArgument(set->add(wrong, on, &store)));
  CHECK(store.events() == 1);
  CHECK(set->events() == 1);
  auto snap = store.snapshot();
  REQUIRE(snap.ok());
  CHECK(snap->size() == 1);
  Ev nan{"c", D, "purchase", "shoes", std::nan("")};
  CHECK(absl::IsInvalidArgument(set->add(nan.event(), on)));
  Ev future{"c", EventTriggers::kMaxTime + 1, "view", std::nullopt};
  CHECK(absl::IsInvalidArgument(set->add(future.event(), on)));
}

TEST_CASE("event triggers: text errors name the line and column") {
  auto err = [](const char* text) {
    auto s = EventTriggers::parse(text, type_and_category());
    return s.ok() ? std::string("ok") : std::string(s.status().message());
  };
  CHECK(err("trigger a to B: count(type = 'view') >= 3 within 7 days") == "ok");
  CHECK(err("trigger a to B: count(*) >= 3 within 7 days without (amount < 0)") == "ok");
  CHECK(err("trigger a to B: cnt(*) >= 3 within 7 days") ==
        "trigger 'a': line 1, column 17: expected 'count', found 'cnt'");
  CHECK(err("trigger a to B: count(typ = 'view') >= 3 within 7 days") ==
        "trigger 'a': filter: line 1, column 23: unknown field 'typ' (did you mean 'type'?)");
  CHECK(err("segment x: a > 1\n\ntrigger a to B: count(*)\n  >= 3 within 7 fortnights") ==
        "trigger 'a': line 4, column 17: expected a unit (seconds, minutes, hours, days or weeks), found 'fortnights'");
  CHECK(err("trigger a to B: count(*) >= 2.5 within 7 days") ==
        "trigger 'a': line 1, column 29: expected a count (a whole number from 0 to 1000), found number 2.5");
  CHECK(err("trigger a to B: count(*) >= 3 within 7 days without type = 'view'") ==
        "trigger 'a': line 1, column 53: expected '(' before a filter, found 'type'");
  CHECK(err("trigger a to B: count(() >= 3 within 7 days") ==
        "trigger 'a': line 1, column 44: expected ')' closing a filter, found end of rule");
  CHECK(err("trigger a to B: count() >= 3 within 7 days") ==
        "trigger 'a': line 1, column 23: expected a filter or '*', found ')'");
  CHECK(err("trigger a B: count(*) >= 3 within 7 days") ==
        "line 1, column 11: expected 'to' and a segment name, found 'B'");
  CHECK(err("trigger a to B: count(*) >= 3 within 7 days\ntrigger a to C: count(*) >= 1 within 1 days") ==
        "EventTriggers: trigger 'a' is defined twice");
  CHECK(err("trigger a to B: count(amount) >= 3 within 7 days") ==
        "trigger 'a': filter: line 1, column 23: expected a condition, found a number ('amount')");
  CHECK(err("mode exclusive\n") == "event triggers: no 'trigger' lines");
  CHECK(err("trigger a to B: count(*) >= 3 within 7 days and more") ==
        "trigger 'a': line 1, column 45: expected 'without' or the end of the trigger, found 'and'");
  auto clash = EventTriggers::parse("trigger a to B: count(*) >= 1 within 1 days", {{"amount"}, {}, {}});
  CHECK(std::string(clash.status().message()) ==
        "EventTriggers: the event field 'amount' is named twice (amount, timestamp and order are built in)");
}
