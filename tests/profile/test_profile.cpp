#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "segcore/profile.hpp"
#include "support/retail_sample.hpp"

using namespace segcore;

namespace {

constexpr std::int64_t D = 86400;

const ProfileColumn& col(const ProfileTable& t, const char* name) {
  auto c = t.column(name);
  REQUIRE_MESSAGE(c.ok(), std::string(c.status().message()));
  return **c;
}

EventTable hand_events() {
  // customer a: order 1 (two rows) day 10, order 2 day 95, return day 96, order 4 day 99.5;
  // b: a return only; c: only an event after as_of.
  std::vector<std::int64_t> cust = {1, 1, 1, 1, 1, 2, 3};
  std::vector<std::int64_t> ts = {10 * D, 10 * D + 60, 95 * D, 96 * D, 99 * D + D / 2, 50 * D, 150 * D};
  std::vector<double> amt = {10, 5, 20, -5, 7, -3, 1};
  std::vector<std::int64_t> ord = {1, 1, 2, 3, 4, 5, 6};
  auto ev = events_from_arrays(cust, ts, amt, ord);
  REQUIRE(ev.ok());
  return *ev;
}

}  // namespace

TEST_CASE("profiles: features match hand-computed values") {
  ProfileOptions o;
  o.as_of = 100 * D;
  auto t = build_profiles(hand_events(), o);
  REQUIRE_MESSAGE(t.ok(), std::string(t.status().message()));
  CHECK(t->customer_id == std::vector<std::string>{"1", "2", "3"});
  CHECK(t->events_after_as_of == 1);
  CHECK(col(*t, "n_events").i64 == std::vector<std::int64_t>{5, 1, 0});
  CHECK(col(*t, "n_orders").i64 == std::vector<std::int64_t>{4, 1, 0});
  CHECK(col(*t, "frequency").i64 == std::vector<std::int64_t>{3, 0, 0});
  CHECK(col(*t, "monetary").f64 == std::vector<double>{37, -3, 0});
  CHECK(col(*t, "revenue").f64[0] == 42);
  CHECK(col(*t, "returns_count").i64 == std::vector<std::int64_t>{1, 1, 0});
  CHECK(col(*t, "returns_amount").f64 == std::vector<double>{-5, -3, 0});
  CHECK(col(*t, "avg_order_value").f64[0] == 14);
  CHECK(std::isnan(col(*t, "avg_order_value").f64[1]));
  const ProfileColumn& rec = col(*t, "recency_days");
  CHECK(rec.i64[0] == 0);
  CHECK(rec.valid == std::vector<std::uint8_t>{1, 0, 0});
  CHECK(col(*t, "first_purchase").i64[0] == 10 * D);
  CHECK(col(*t, "last_purchase").i64[0] == 99 * D + D / 2);
  CHECK(col(*t, "tenure_days").i64[0] == 90);
  CHECK(col(*t, "mean_interpurchase_days").f64[0] == doctest::Approx(44.75));
  CHECK(col(*t, "orders_7d").i64[0] == 2);
  CHECK(col(*t, "amount_7d").f64[0] == 22);
  CHECK(col(*t, "orders_90d").i64[0] == 2);  // day 10 is exactly 90 days old: outside (as_of - 90d, as_of]
  CHECK(col(*t, "velocity_30d").f64[0] == 1.0);
  CHECK(col(*t, "trend_12w").f64[0] == doctest::Approx(1.0 / 13));
  CHECK(col(*t, "velocity_30d").f64[1] == 0.0);
  CHECK(t->column("nope").status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("profiles: default as_of is the latest event plus one day") {
  auto t = build_profiles(hand_events());
  REQUIRE(t.ok());
  CHECK(t->as_of == 151 * D);
  CHECK(t->events_after_as_of == 0);
  CHECK(col(*t, "recency_days").i64[0] == 51);
}

TEST_CASE("profiles: batch equals the streaming store in any arrival order, for any threads") {
  const CsvOptions o = segcore_test::retail_options();
  auto in = read_csv(SEGCORE_DATA_DIR "/online_retail_sample.csv", o);
  REQUIRE(in.ok());
  const EventTable& ev = in->events;
  ProfileOptions po;
  po.n_threads = 1;
  auto batch = build_profiles(ev, po);
  REQUIRE_MESSAGE(batch.ok(), std::string(batch.status().message()));
  po.n_threads = 3;
  auto batch3 = build_profiles(ev, po);
  REQUIRE(batch3.ok());

  std::vector<std::size_t> order(ev.rows());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(42));
  ProfileStore store(po, segcore_test::kRetailSchema);
  for (std::size_t i : order) {
    REQUIRE(segcore_test::add_retail_row(store, ev, i).ok());
  }
  CHECK(store.events() == ev.rows());
  auto stream = store.snapshot();
  REQUIRE(stream.ok());
  REQUIRE(stream->size() == batch->size());
  CHECK(stream->as_of == batch->as_of);
  std::map<std::string, std::size_t> pos;
  for (std::size_t i = 0; i < stream->size(); ++i) pos[stream->customer_id[i]] = i;
  REQUIRE(stream->columns.size() == batch->columns.size());
  std::size_t compared = 0;
  for (const ProfileColumn& b : batch->columns) {
    const ProfileColumn& s = col(*stream, b.name.c_str());
    const ProfileColumn& b3 = col(*batch3, b.name.c_str());
    REQUIRE(s.type == b.type);
    for (std::size_t i = 0; i < batch->size(); ++i) {
      const std::size_t j = pos.at(batch->customer_id[i]);
      bool same = s.valid[j] == b.valid[i] && b3.valid[i] == b.valid[i];
      if (b.type == ColumnType::f64)
        same = same && (!b.valid[i] || (s.f64[j] == b.f64[i] && b3.f64[i] == b.f64[i]));
      else if (b.type == ColumnType::text)
        same = same && s.text[j] == b.text[i];
      else
        same = same && s.i64[j] == b.i64[i] && b3.i64[i] == b.i64[i];
      if (!same) FAIL("column ", b.name, ", customer ", batch->customer_id[i]);
      ++compared;
    }
  }
  CHECK(compared == batch->size() * batch->columns.size());
  // Sanity: the sample has cancellations, so some returns exist.
  std::int64_t returns = 0;
  for (auto v : col(*batch, "returns_count").i64) returns += v;
  CHECK(returns > 0);
  // The store cannot go back in time.
  CHECK(store.snapshot(batch->as_of - 2 * D).status().code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("profiles: bad input to the store and the options") {
  ProfileStore store;
  CHECK_FALSE(store.add("", 0, 1).ok());
  CHECK_FALSE(store.add("a", 0, std::nan("")).ok());
  CHECK_FALSE(store.add("a", 0, 1e13).ok());
  CHECK(store.customers() == 0);
  CHECK(store.snapshot().status().code() == absl::StatusCode::kFailedPrecondition);
  ProfileOptions bad;
  bad.trend_weeks = 1;
  CHECK_FALSE(build_profiles(hand_events(), bad).ok());
  EventTable empty;
  CHECK_FALSE(build_profiles(empty).ok());
}
