#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "segcore/event_triggers.hpp"
#include "segcore/identity.hpp"
#include "segcore/privacy.hpp"
#include "segcore/profile.hpp"
#include "support/retail_sample.hpp"
#include "segcore/rules.hpp"

using namespace segcore;

namespace {

const std::string kSample = SEGCORE_DATA_DIR "/online_retail_sample.csv";

CsvOptions sample_options() { return segcore_test::retail_options(); }

// The sample without the rows of the given customers, filtered as text (the CustomerID field
// is the last but one; Country, the last, holds no comma) and read again: an independent
// reference for erasure and opt-out.
EventTable sample_without(const std::set<std::string>& gone) {
  std::ifstream in(kSample);
  std::ostringstream kept;
  std::string line;
  for (bool header = true; std::getline(in, line); header = false) {
    const std::size_t last = line.rfind(','), before = line.rfind(',', last - 1);
    if (header || !gone.contains(line.substr(before + 1, last - before - 1))) kept << line << '\n';
  }
  auto r = parse_csv(kept.str(), sample_options(), "filtered sample");
  REQUIRE_MESSAGE(r.ok(), std::string(r.status().message()));
  return std::move(r->events);
}

EventTable sample() {
  auto r = read_csv(kSample, sample_options());
  REQUIRE(r.ok());
  return std::move(r->events);
}

void add_all(ProfileStore& store, const EventTable& ev, std::uint32_t seed) {
  std::vector<std::size_t> order(ev.rows());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(seed));
  for (std::size_t i : order) {
    REQUIRE(segcore_test::add_retail_row(store, ev, i).ok());
  }
}

// Tables equal by customer id and column name (the order of customers and of category
// columns follows arrival, which differs between a shuffled stream and a file).
void require_same(const ProfileTable& got, const ProfileTable& want) {
  REQUIRE(got.size() == want.size());
  CHECK(got.as_of == want.as_of);
  std::map<std::string, std::size_t> pos;
  for (std::size_t i = 0; i < got.size(); ++i) pos[got.customer_id[i]] = i;
  REQUIRE(pos.size() == want.size());
  std::set<std::string> got_names, want_names;
  for (const ProfileColumn& c : got.columns) got_names.insert(c.name);
  for (const ProfileColumn& c : want.columns) want_names.insert(c.name);
  REQUIRE(got_names == want_names);
  for (const ProfileColumn& w : want.columns) {
    const ProfileColumn& g = **got.column(w.name);
    REQUIRE(g.type == w.type);
    for (std::size_t i = 0; i < want.size(); ++i) {
      auto at = pos.find(want.customer_id[i]);
      REQUIRE(at != pos.end());
      const std::size_t j = at->second;
      bool same = g.valid[j] == w.valid[i];
      if (w.type == ColumnType::f64)
        same = same && (!w.valid[i] || g.f64[j] == w.f64[i]);
      else if (w.type == ColumnType::text)
        same = same && g.text[j] == w.text[i];
      else
        same = same && g.i64[j] == w.i64[i];
      if (!same) FAIL("column ", w.name, ", customer ", want.customer_id[i]);
    }
  }
}

}  // namespace

TEST_CASE("erasure: the store after erasing equals the batch table of the events without the customers") {
  const EventTable ev = sample();
  // The customer with the latest event (the default as_of moves back) and one whose country
  // nobody else has (a category column disappears).
  const std::size_t latest = std::max_element(ev.timestamp.begin(), ev.timestamp.end()) - ev.timestamp.begin();
  const std::string last_customer = ev.customer.values[ev.customer.codes[latest]];
  const Categorical& country = ev.categories[0];
  std::vector<std::set<std::uint32_t>> holders(country.values.size());
  for (std::size_t i = 0; i < ev.rows(); ++i) holders[country.codes[i]].insert(ev.customer.codes[i]);
  std::string lone_customer, lone_country;
  for (std::size_t v = 0; v < holders.size() && lone_country.empty(); ++v)
    if (holders[v].size() == 1 && ev.customer.values[*holders[v].begin()] != last_customer)
      lone_country = country.values[v], lone_customer = ev.customer.values[*holders[v].begin()];
  REQUIRE(!lone_country.empty());

  ProfileStore store({}, {.categories = {"Country"}, .attributes = {"Description"}, .numerics = {"UnitPrice"}});
  add_all(store, ev, 7);
  const std::size_t customers = store.customers();
  const std::uint64_t events = store.events();
  auto before = store.snapshot();
  REQUIRE(before.ok());

  std::uint64_t erased_events = 0;
  std::size_t lone_values = 0;
  for (const std::string& c : {last_customer, lone_customer}) {
    auto e = store.erase(c);
    REQUIRE_MESSAGE(e.ok(), std::string(e.status().message()));
    CHECK(e->events > 0);
    CHECK(e->orders > 0);
    CHECK(e->orders <= e->events);
    erased_events += e->events;
    lone_values = e->values;
  }
  CHECK(lone_values >= 1);  // at least the country nobody else has
  CHECK(store.customers() == customers - 2);
  CHECK(store.events() == events - erased_events);

  const ProfileTable want = *build_profiles(sample_without({last_customer, lone_customer}));
  auto after = store.snapshot();
  REQUIRE(after.ok());
  CHECK(after->as_of < before->as_of);
  require_same(*after, want);
  CHECK(std::count(after->customer_id.begin(), after->customer_id.end(), lone_customer) == 0);
  CHECK(absl::IsNotFound(after->column("Country=" + lone_country).status()));
  CHECK(before->column("Country=" + lone_country).ok());

  // Nothing lingers: a second erasure finds nothing, and the id comes back only as a new
  // customer with its new events alone.
  auto again = store.erase(lone_customer);
  CHECK(absl::IsNotFound(again.status()));
  CHECK(std::string(again.status().message()).find("no customer") != std::string::npos);
  REQUIRE(store
              .add({.customer = lone_customer,
                    .timestamp = ev.timestamp[latest],
                    .amount = 5,
                    .order = {},
                    .categories = std::vector<absl::string_view>{"Nowhere"},
                    .attributes = std::vector<absl::string_view>{"THING"},
                    .numerics = std::vector<double>{1.0}})
              .ok());
  auto back = store.snapshot();
  REQUIRE(back.ok());
  const std::size_t i =
      std::find(back->customer_id.begin(), back->customer_id.end(), lone_customer) - back->customer_id.begin();
  REQUIRE(i < back->size());
  CHECK((**back->column("n_events")).i64[i] == 1);
  CHECK((**back->column("monetary")).f64[i] == 5);
  CHECK(absl::IsNotFound(back->column("Country=" + lone_country).status()));
}

TEST_CASE("erasure: a store without a schema, erasing every customer, and unknown ids") {
  ProfileStore store;
  CHECK(absl::IsNotFound(store.erase("nobody").status()));
  REQUIRE(store.add("a", 100, 10).ok());
  REQUIRE(store.add("b", 200, 20, "o1").ok());
  REQUIRE(store.add("b", 300, 5, "o1").ok());
  REQUIRE(store.add("c", 50, 1).ok());
  auto e = store.erase("b");
  REQUIRE(e.ok());
  CHECK(e->events == 2);
  CHECK(e->orders == 1);
  CHECK(e->values == 0);
  auto t = store.snapshot();
  REQUIRE(t.ok());
  CHECK(t->customer_id == std::vector<std::string>{"a", "c"});
  CHECK(t->as_of == 100 + 86400);
  CHECK(store.erase("a").ok());
  CHECK(store.erase("c").ok());
  CHECK(store.customers() == 0);
  CHECK(store.events() == 0);
  CHECK(absl::IsFailedPrecondition(store.snapshot().status()));
  REQUIRE(store.add("b", 10, 1, "o1").ok());  // the order id of the erased b is not remembered
  auto t2 = store.snapshot();
  REQUIRE(t2.ok());
  CHECK((**t2->column("monetary")).f64 == std::vector<double>{1});
}

TEST_CASE("erasure: identity resolution forgets the customer, its identifiers and links") {
  IdentityResolver r("44");
  auto add = [&](std::vector<Identifier> ids) { return *r.add_record(ids); };
  add({{IdKind::email, "Ann@Example.com"}, {IdKind::phone, "07700 900123"}});  // 0 ann
  add({{IdKind::email, "bob@example.com"}});                                   // 1 bob
  add({{IdKind::phone, "+44 7700 900123"}, {IdKind::crm_id, "A-1"}});          // 2 ann
  add({{IdKind::email, "not an email"}, {IdKind::crm_id, "A-1"}});             // 3 ann, rejected
  add({{IdKind::crm_id, "A-1"}, {IdKind::phone, "07700900123"}});              // 4 ann, redundant
  add({{IdKind::device_id, "d9"}, {IdKind::email, "bob@example.com"}});        // 5 bob
  IdentityResult before = r.resolve();
  CHECK(before.n_customers == 2);
  CHECK(before.redundant_links == 1);
  CHECK(before.rejected.size() == 1);

  auto e = r.erase({IdKind::email, " ANN@example.COM "});
  REQUIRE_MESSAGE(e.ok(), std::string(e.status().message()));
  CHECK(e->records == 4);
  CHECK(e->identifiers == 3);  // the email, the phone, the CRM id
  CHECK(e->links == 3 + 1);    // three that joined records, one redundant
  CHECK(e->rejected == 1);

  // What is left equals a resolver that only ever saw bob's records.
  IdentityResult after = r.resolve();
  IdentityResolver only_bob("44");
  REQUIRE(only_bob.add_record(std::vector<Identifier>{{IdKind::email, "bob@example.com"}}).ok());
  REQUIRE(
      only_bob.add_record(std::vector<Identifier>{{IdKind::device_id, "d9"}, {IdKind::email, "bob@example.com"}}).ok());
  IdentityResult want = only_bob.resolve();
  constexpr std::uint32_t X = IdentityResult::kErased;
  CHECK(after.customer == std::vector<std::uint32_t>{X, 0, X, X, X, 0});
  CHECK(after.n_customers == want.n_customers);
  REQUIRE(after.links.size() == 1);
  CHECK(after.links[0].value == want.links[0].value);
  CHECK(after.links[0].record_a == 1);
  CHECK(after.links[0].record_b == 5);
  CHECK(after.redundant_links == want.redundant_links);
  CHECK(after.rejected.empty());
  CHECK(r.records() == 6);

  // The erased identifiers are unknown; new records carrying them are new customers, and the
  // old links do not come back.
  CHECK(absl::IsNotFound(r.erase({IdKind::crm_id, "A-1"}).status()));
  CHECK(absl::IsNotFound(r.erase_record(2).status()));
  CHECK(absl::IsNotFound(r.erase_record(99).status()));
  CHECK(absl::IsInvalidArgument(r.erase({IdKind::email, "not an email"}).status()));
  add({{IdKind::phone, "+447700900123"}});  // 6
  add({{IdKind::crm_id, "A-1"}});           // 7
  IdentityResult later = r.resolve();
  CHECK(later.n_customers == 3);
  CHECK(later.customer[6] != later.customer[7]);
  CHECK(later.links.size() == 1);

  // Erasing by record.
  auto b = r.erase_record(5);
  REQUIRE(b.ok());
  CHECK(b->records == 2);
  CHECK(b->identifiers == 2);
  CHECK(r.resolve().n_customers == 2);
  CHECK(r.resolve().links.empty());
}

TEST_CASE("erasure: event triggers forget the customer's state and pending moves") {
  const char* text = "trigger twice to Repeat: count(*) >= 2 within 10 days\n";
  auto set = EventTriggers::parse(text);
  auto clean = EventTriggers::parse(text);  // never sees the erased customer
  REQUIRE(set.ok());
  REQUIRE(clean.ok());
  auto ev = [](const char* c, std::int64_t t) {
    Event e;
    e.customer = c;
    e.timestamp = t;
    return e;
  };
  CHECK(absl::IsNotFound(set->erase("x").status()));
  for (auto e : {ev("x", 1), ev("y", 1), ev("x", 2)}) REQUIRE(set->add(e).ok());  // x's move pending
  REQUIRE(clean->add(ev("y", 1)).ok());
  CHECK(set->pending() == 1);
  CHECK(set->segment("x") == 0);
  auto dropped = set->erase("x");
  REQUIRE(dropped.ok());
  CHECK(*dropped == 1);
  CHECK(set->pending() == 0);
  CHECK(set->customers() == 1);
  CHECK(set->segment("x") == SegmentMove::kNone);
  CHECK(set->events() == 3);  // past events stay counted
  // Later events give the moves of a set that never saw x, and x starts afresh.
  std::vector<std::pair<std::string, std::int32_t>> got, want;
  auto rec = [](auto& out) {
    return [&out](const SegmentMove& m) {
      out.emplace_back(std::string(m.customer), m.to);
      return 0;
    };
  };
  for (auto e : {ev("z", 3), ev("x", 3), ev("y", 4), ev("x", 4), ev("z", 5)}) {
    REQUIRE(set->add(e, rec(got)).ok());
    REQUIRE(clean->add(e, rec(want)).ok());
  }
  CHECK(got == want);
  CHECK(got.size() == 3);
  CHECK(set->customers() == clean->customers());
}

TEST_CASE("erasure: segment trackers and trigger sets forget the customer") {
  ProfileStore store;
  REQUIRE(store.add("a", 0, 10).ok());
  REQUIRE(store.add("b", 0, 500).ok());
  const ProfileTable t = *store.snapshot();
  const Schema schema = schema_of(t);
  auto seg = SegmentSet::parse("segment Big: monetary > 100\n", schema);
  REQUIRE(seg.ok());
  SegmentTracker tracker(*std::move(seg));
  auto trig = TriggerSet::create({{"big", "monetary > 100"}}, schema);
  REQUIRE(trig.ok());
  std::vector<std::string> changed, entered;
  REQUIRE(tracker.update(t, [&](const SegmentChange& c) { return changed.emplace_back(c.customer), 0; }).ok());
  REQUIRE(trig->update(t, [&](const TriggerEvent& e) { return entered.emplace_back(e.customer), 0; }).ok());
  CHECK(tracker.customers() == 2);
  CHECK(tracker.erase("b").ok());
  CHECK(trig->erase("b").ok());
  CHECK(absl::IsNotFound(tracker.erase("b")));
  CHECK(absl::IsNotFound(trig->erase("b")));
  CHECK(tracker.customers() == 1);
  CHECK(trig->customers() == 1);
  // b, seen again, is new: reported as entering again; a, unchanged, is not reported.
  changed.clear(), entered.clear();
  REQUIRE(tracker.update(t, [&](const SegmentChange& c) { return changed.emplace_back(c.customer), 0; }).ok());
  REQUIRE(trig->update(t, [&](const TriggerEvent& e) { return entered.emplace_back(e.customer), 0; }).ok());
  CHECK(changed == std::vector<std::string>{"b"});
  CHECK(entered == std::vector<std::string>{"b"});
}
