#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

#include "clv/cdnow.hpp"
#include "segcore/clv.hpp"

using segcore_test::epoch_seconds;

TEST_CASE("summary merges same-day purchases and measures times in weeks from the first") {
  // Customer 7: 1997-01-01 (two orders), 1997-01-15, 1997-02-05 (after the end: ignored).
  // Customer 3: one order 1997-01-08. Customer 9: first seen after the end: left out.
  std::vector<std::int64_t> id = {7, 7, 3, 7, 7, 9};
  std::vector<std::int64_t> ts = {epoch_seconds(19970101), epoch_seconds(19970101) + 3600, epoch_seconds(19970108),
                                  epoch_seconds(19970115) + 86399, epoch_seconds(19970205), epoch_seconds(19970210)};
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
  std::vector<double> bad = {1, -2};
  auto s = segcore::summarize_transactions(id, ts, bad);
  REQUIRE(!s.ok());
  CHECK(std::string(s.status().message()).find("transaction 1: amount is -2") != std::string::npos);
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
