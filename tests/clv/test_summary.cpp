#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "clv/cdnow.hpp"
#include "segcore/clv.hpp"
#include "segcore/io.hpp"

using segcore_test::epoch_seconds;

TEST_CASE("summary merges same-day purchases and measures times in weeks from the first") {
  // Customer 7: 1997-01-01 (two orders), 1997-01-15, 1997-02-05 (after the end: ignored).
  // Customer 3: one order 1997-01-08. Customer 9: first seen after the end: left out.
  std::vector<std::int64_t> id = {7, 7, 3, 7, 7, 9};
  std::vector<std::int64_t> ts = {epoch_seconds(19970101), epoch_seconds(19970101) + 3600,
                                  epoch_seconds(19970108), epoch_seconds(19970115) + 86399,
                                  epoch_seconds(19970205), epoch_seconds(19970210)};
  std::vector<double> amount = {10, 5, 8, 20, 100, 1};
  auto s = segcore::summarize_transactions(id, ts, amount,
                                           {.time_unit_days = 7, .calibration_end = epoch_seconds(19970129)});
  REQUIRE(s.ok());
  REQUIRE(s->size() == 2);
  CHECK(s->customer_id == std::vector<std::int64_t>{3, 7});
  CHECK(s->frequency == std::vector<double>{0, 1});
  CHECK(s->recency[1] == doctest::Approx(2.0));
  CHECK(s->T[0] == doctest::Approx(3.0));
  CHECK(s->T[1] == doctest::Approx(4.0));
  CHECK(s->monetary == std::vector<double>{0, 20});
}

TEST_CASE("summary rejects bad input with a reason") {
  std::vector<std::int64_t> id = {1, 1};
  std::vector<std::int64_t> ts = {0, 86400};
  std::vector<double> bad = {1, NAN};
  auto s = segcore::summarize_transactions(id, ts, bad);
  REQUIRE(!s.ok());
  CHECK(std::string(s.status().message()).find("transaction 1: amount is nan") != std::string::npos);
  CHECK(!segcore::summarize_transactions(id, std::span<const std::int64_t>(ts.data(), 1), {}).ok());
  CHECK(!segcore::summarize_transactions(id, ts, {}, {.period_days = 0}).ok());
}

TEST_CASE("CDNOW sample: the summary has the published totals") {
  const auto t = segcore_test::load_cdnow_sample();
  REQUIRE(t.customer.size() == 6919);
  auto s = segcore::summarize_transactions(t.customer, t.time, t.amount,
                                           {.time_unit_days = 7, .calibration_end = epoch_seconds(19970930)});
  REQUIRE(s.ok());
  CHECK(s->size() == 2357);
  std::size_t repeaters = 0;
  double total_x = 0;
  for (double x : s->frequency) repeaters += x > 0, total_x += x;
  CHECK(repeaters == 946);
  CHECK(total_x == 2457);
  // Customer 1 in cdnow_customers_summary_with_transactions.csv: 2, 30.43, 38.86, 22.35.
  CHECK(s->frequency[0] == 2);
  CHECK(s->recency[0] == doctest::Approx(30.43).epsilon(2e-4));
  CHECK(s->T[0] == doctest::Approx(38.86).epsilon(2e-4));
  CHECK(s->monetary[0] == doctest::Approx(22.35).epsilon(3e-4));
}

// ---- Cancellations, the calibration cut and period alignment -------------------------------

namespace {

constexpr std::int64_t kDay = 86400;
// 2011-12-05, a Monday, 00:00 UTC.
constexpr std::int64_t kMonday = 1323043200;

}  // namespace

TEST_CASE("a large order cancelled minutes later is not a purchase and adds no value") {
  // Customer 1 buys small every week; then a 168,469.60 order, cancelled twelve minutes later
  // by a credit of the same total (Online Retail's C invoices). Customer 2: a partial return.
  std::vector<std::int64_t> id = {1, 1, 1, 1, 1, 2, 2, 2};
  std::vector<std::int64_t> ts = {kMonday,
                                  kMonday + 7 * kDay,
                                  kMonday + 14 * kDay + 9 * 3600,
                                  kMonday + 14 * kDay + 9 * 3600 + 12 * 60,
                                  kMonday + 21 * kDay,
                                  kMonday,
                                  kMonday + 7 * kDay,
                                  kMonday + 8 * kDay};
  std::vector<double> amount = {10, 12, 168469.6, -168469.6, 14, 50, 40, -15};
  auto p = segcore::clv_purchases(id, ts, amount);
  REQUIRE(p.ok());
  CHECK(p->credits == 2);
  CHECK(p->cancelled_orders == 1);
  CHECK(p->amount == std::vector<double>{10, 12, 14, 50, 25});
  auto s = segcore::summarize_transactions(id, ts, amount);
  REQUIRE(s.ok());
  REQUIRE(s->size() == 2);
  CHECK(s->frequency == std::vector<double>{2, 1});  // the cancelled day is no occasion
  CHECK(s->monetary[0] == doctest::Approx((12 + 14) / 2.0));
  CHECK(s->recency[0] == 21);
  CHECK(s->monetary[1] == 25);  // 40 less the 15 returned
}

TEST_CASE("cancellations: order lines net together, credits find their order, the rest is taken off the latest") {
  // Order ids: 100 (two lines, 30 + 20), 101 (70), 102 a credit of -70 (101's total), 103 (5 and a
  // -5 line), 105 (40), then 104 a credit of -60, a total no order has.
  std::vector<std::int64_t> id = {4, 4, 4, 4, 4, 4, 4, 4};
  std::vector<std::int64_t> order = {100, 100, 101, 102, 103, 103, 105, 104};
  std::vector<std::int64_t> ts = {kMonday,
                                  kMonday + 60,
                                  kMonday + kDay,
                                  kMonday + 2 * kDay,
                                  kMonday + 3 * kDay,
                                  kMonday + 3 * kDay,
                                  kMonday + 4 * kDay,
                                  kMonday + 5 * kDay};
  std::vector<double> amount = {30, 20, 70, -70, 5, -5, 40, -60};
  auto p = segcore::clv_purchases(id, ts, amount, order);
  REQUIRE(p.ok());
  // 101 cancelled by 102; 103 cancelled by its own line; 104 takes 40 off 105 (cancelled) and
  // 20 off 100 (30 left).
  CHECK(p->cancelled_orders == 3);
  CHECK(p->timestamp == std::vector<std::int64_t>{kMonday});
  CHECK(p->amount == std::vector<double>{30});
  // A credit before any purchase (of one bought before the data) is dropped; an order without
  // money (amount 0, no negative line) is still a purchase.
  std::vector<std::int64_t> id2 = {8, 8, 8};
  std::vector<std::int64_t> ts2 = {kMonday, kMonday + kDay, kMonday + 2 * kDay};
  std::vector<double> a2 = {-9, 0, 12};
  auto q = segcore::clv_purchases(id2, ts2, a2);
  REQUIRE(q.ok());
  CHECK(q->amount == std::vector<double>{0, 12});
  // The credit's later than calibration_end: not seen, the order stands (no look-ahead).
  auto r = segcore::clv_purchases(id, ts, amount, order, kMonday + 2 * kDay - 1);
  REQUIRE(r.ok());
  CHECK(r->amount == std::vector<double>{50, 70});
  CHECK(!segcore::clv_purchases(id, ts, amount, std::vector<std::int64_t>{1}).ok());
}

TEST_CASE("cancellations through events: a CSV's C invoice cancels its order") {
  std::vector<std::int64_t> customer = {5, 5, 5, 5, 6, 6};
  std::vector<std::int64_t> ts = {kMonday, kMonday + 7 * kDay, kMonday + 7 * kDay + 720, kMonday + 14 * kDay,
                                  kMonday, kMonday + 7 * kDay};
  std::vector<double> amount = {20, 168469.6, -168469.6, 30, 10, 10};
  std::vector<std::int64_t> order = {1, 2, 3, 4, 5, 6};
  auto ev = segcore::events_from_arrays(customer, ts, amount, order);
  REQUIRE(ev.ok());
  auto s = segcore::summarize_events(*ev, {.time_unit_days = 7});
  REQUIRE(s.ok());
  REQUIRE(s->size() == 2);
  CHECK(s->frequency[0] == 1);
  CHECK(s->monetary[0] == 30);
  CHECK(s->recency[0] == 2);
}

TEST_CASE("calibration_end cuts at its timestamp, and T runs to the start of its period") {
  // Customer 1 buys on Monday 10:00 and again on Wednesday 08:00 and 15:00; the calibration
  // ends on Wednesday 12:00: the 15:00 purchase is out, the 08:00 one in (lifetimes'
  // calibration_and_holdout_data). Customer 2's only purchase is at 13:00: left out.
  std::vector<std::int64_t> id = {1, 1, 1, 2};
  std::vector<std::int64_t> ts = {kMonday + 10 * 3600, kMonday + 2 * kDay + 8 * 3600, kMonday + 2 * kDay + 15 * 3600,
                                  kMonday + 2 * kDay + 13 * 3600};
  std::vector<double> amount = {5, 7, 1000, 3};
  auto s = segcore::summarize_transactions(id, ts, amount, {.calibration_end = kMonday + 2 * kDay + 12 * 3600});
  REQUIRE(s.ok());
  REQUIRE(s->size() == 1);
  CHECK(s->frequency[0] == 1);
  CHECK(s->monetary[0] == 7);  // the old rule (whole end period) made it 1007
  CHECK(s->recency[0] == 2);
  CHECK(s->T[0] == 2);
}

TEST_CASE("weekly periods run Monday to Sunday, as pandas' W periods; the anchor is an option") {
  // Customer 1: Sunday 23:00 and the next Monday 01:00, two weeks. Customer 2: Monday 01:00 and
  // Sunday 23:00 of one week. Epoch-anchored weeks (Thursday to Wednesday) say the opposite.
  const std::int64_t sunday = kMonday + 6 * kDay + 23 * 3600, next_monday = kMonday + 7 * kDay + 3600;
  std::vector<std::int64_t> id = {1, 1, 2, 2};
  std::vector<std::int64_t> ts = {sunday, next_monday, kMonday + 3600, sunday};
  const segcore::ClvSummaryOptions weeks{.period_days = 7, .time_unit_days = 7};
  auto s = segcore::summarize_transactions(id, ts, {}, weeks);
  REQUIRE(s.ok());
  CHECK(s->frequency == std::vector<double>{1, 0});
  CHECK(s->recency == std::vector<double>{1, 0});
  CHECK(s->T == std::vector<double>{1, 1});
  auto thu = segcore::summarize_transactions(id, ts, {}, {.period_days = 7, .time_unit_days = 7, .period_anchor = 0});
  REQUIRE(thu.ok());
  CHECK(thu->frequency == std::vector<double>{0, 1});
  // Days do not depend on the (midnight) anchor.
  auto d1 = segcore::summarize_transactions(id, ts, {}, {.period_anchor = 0});
  auto d2 = segcore::summarize_transactions(id, ts, {});
  REQUIRE((d1.ok() && d2.ok()));
  CHECK(d1->frequency == d2->frequency);
  CHECK(d1->T == d2->T);
  CHECK(!segcore::summarize_transactions(id, ts, {}, {.period_anchor = std::numeric_limits<std::int64_t>::min()}).ok());
}
