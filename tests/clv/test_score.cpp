#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "clv/cdnow.hpp"
#include "segcore/clv.hpp"

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
