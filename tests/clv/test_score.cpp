#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "clv/cdnow.hpp"
#include "segcore/clv.hpp"
#include "segcore/io.hpp"

TEST_CASE("score_customers runs the whole CLV job on CDNOW") {
  const auto t = segcore_test::load_cdnow_sample();
  segcore::ClvScoreOptions o;
  o.summary = {.time_unit_days = 7, .calibration_end = segcore_test::epoch_seconds(19970930)};
  o.prediction_horizon = 39;
  o.value = {.horizon = 52, .steps = 12, .discount_rate = 0.01};
  auto s = segcore::score_customers(t.customer, t.time, t.amount, o);
  REQUIRE(s.ok());
  REQUIRE(s->summary.size() == 2357);
  REQUIRE(s->param_names.size() == 7);
  CHECK(s->param_names[0] == "r");
  CHECK(s->param_names[4] == "p");
  CHECK(std::round(s->params[1] * 1000) == 4414);  // alpha
  CHECK(std::round(s->params[4] * 100) == 625);    // p
  CHECK(std::round(s->purchase_log_likelihood * 10) == -95824);
  CHECK(s->clv.size() == 2357);
  for (std::size_t i = 0; i < 2357; ++i) CHECK((s->clv[i] > 0 && s->probability_alive[i] > 0));

  o.spend = false;
  auto no_amounts = segcore::score_customers(t.customer, t.time, {}, o);
  REQUIRE(no_amounts.ok());
  CHECK(no_amounts->clv.empty());
  o.spend = true;
  auto bad = segcore::score_customers(t.customer, t.time, {}, o);
  CHECK(std::string(bad.status().message()).find("need transaction amounts") != std::string::npos);
}

TEST_CASE("CLV from a CSV read by the ingest module gives the same summary and fit") {
  segcore::CsvOptions csv;
  csv.columns.customer = "customer_id";
  csv.columns.timestamp = "date";
  csv.columns.amount = "dollar_value";
  csv.timestamp_format = segcore::TimestampFormat::yyyymmdd;
  auto in = segcore::read_csv(std::string(SEGCORE_DATA_DIR) + "/cdnow_sample.csv", csv);
  REQUIRE(in.ok());
  const segcore::ClvSummaryOptions so{.time_unit_days = 7, .calibration_end = segcore_test::epoch_seconds(19970930)};
  auto s = segcore::summarize_events(in->events, so);
  REQUIRE(s.ok());
  CHECK(s->size() == 2357);
  double total_x = 0;
  for (double x : s->frequency) total_x += x;
  CHECK(total_x == 2457);
  segcore::ClvScoreOptions o;
  o.summary = so;
  auto scores = segcore::score_events(in->events, o);
  REQUIRE(scores.ok());
  CHECK(std::round(scores->params[0] * 1000) == 243);
  CHECK(std::round(scores->purchase_log_likelihood * 10) == -95824);
  // Codes map back to the file's ids.
  const auto code = static_cast<std::size_t>(s->customer_id[0]);
  CHECK(!in->events.customer.values.at(code).empty());
}
