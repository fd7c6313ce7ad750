// CLV predictions at extreme histories: one batch mixing ordinary and very frequent buyers gets
// a finite value for everyone, and a value that cannot be computed is NaN for that customer
// only (docs/CLV.md, "Values that cannot be computed"). The values themselves are checked
// against mpmath in test_clv_reference.cpp.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "clv/cdnow.hpp"
#include "clv/cdnow_summary.hpp"
#include "segcore/clv.hpp"
#include "segcore_clv.h"

namespace {

// CDNOW's histories followed by very frequent buyers: x from 200 to 20,000, recency near T.
struct Mixed {
  std::vector<double> x, tx, T;
  segcore::ClvHistories histories() const { return {.frequency = x, .recency = tx, .T = T}; }
};

Mixed mixed() {
  const auto s = segcore_test::cdnow_calibration_summary();
  Mixed m{s.frequency, s.recency, s.T};
  for (double x : {200.0, 300.0, 700.0, 1000.0, 5000.0, 20000.0})
    for (double gap : {1e-6, 0.01, 1.0, 30.0}) {
      m.x.push_back(x);
      m.T.push_back(39);
      m.tx.push_back(39 - gap);
    }
  return m;
}

}  // namespace

TEST_CASE("BG/NBD and Pareto/NBD answer for every customer of a batch with very frequent buyers") {
  const Mixed m = mixed();
  const std::size_t n = m.x.size();
  segcore::BetaGeoModel bg;
  segcore::ParetoNbdModel pn;
  REQUIRE(bg.set_params(std::vector<double>{0.242595, 4.413602, 0.792922, 2.425907}).ok());
  REQUIRE(pn.set_params(std::vector<double>{0.5534, 10.5802, 0.6061, 11.6562}).ok());
  for (segcore::PurchaseModel* pm :
       {static_cast<segcore::PurchaseModel*>(&bg), static_cast<segcore::PurchaseModel*>(&pn)}) {
    std::vector<double> alive(n), ey(n), ey2(n);
    REQUIRE(pm->probability_alive(m.histories(), alive).ok());
    REQUIRE(pm->conditional_expected_purchases(52, m.histories(), ey).ok());
    REQUIRE(pm->conditional_expected_purchases(52, m.histories(), ey2, 2).ok());
    CHECK(std::memcmp(ey.data(), ey2.data(), n * sizeof(double)) == 0);  // any thread count
    for (std::size_t i = 0; i < n; ++i) {
      CAPTURE(i);
      CAPTURE(m.x[i]);
      CAPTURE(m.tx[i]);
      CHECK((alive[i] >= 0 && alive[i] <= 1));
      CHECK((std::isfinite(ey[i]) && ey[i] >= 0));
    }
    // A buyer of 1,000 purchases whose last one was 30 weeks ago has almost surely left: the
    // value is tiny, not the 1.0 an overflowing series gave.
    const std::size_t gone = n - 24 + 3 * 4 + 3;  // x = 1000, gap 30
    CHECK(m.x[gone] == 1000);
    CHECK(alive[gone] < 1e-100);
  }
}

TEST_CASE("a value that does not exist is NaN for that customer, and the call succeeds") {
  segcore::GammaGammaModel gg;
  REQUIRE(gg.set_params(std::vector<double>{0.5, 0.8, 20.0}).ok());  // q < 1: no population mean
  const std::vector<double> x{0, 3, 10}, m{0, 20, 5}, tx{0, 20, 30}, T{39, 39, 39};
  std::vector<double> spend(3);
  REQUIRE(gg.conditional_expected_spend(x, m, spend).ok());
  CHECK(std::isnan(spend[0]));
  CHECK(spend[1] == doctest::Approx(0.5 * (20 + 3 * 20.0) / (0.5 * 3 + 0.8 - 1)).epsilon(1e-15));
  segcore::BetaGeoModel bg;
  REQUIRE(bg.set_params(std::vector<double>{0.242595, 4.413602, 0.792922, 2.425907}).ok());
  std::vector<double> clv(3);
  REQUIRE(segcore::customer_lifetime_value(bg, gg, {.frequency = x, .recency = tx, .T = T}, m, {}, clv).ok());
  CHECK(std::isnan(clv[0]));
  CHECK((std::isfinite(clv[1]) && clv[1] > 0 && std::isfinite(clv[2]) && clv[2] > 0));
}

TEST_CASE("a series past its term limit is NaN for that customer only, never a guess") {
  // beta / alpha = 1e9: a one-time buyer's series would need ~1e10 terms.
  segcore::ParetoNbdModel pn;
  REQUIRE(pn.set_params(std::vector<double>{0.5, 1.0, 0.5, 1e9}).ok());
  const std::vector<double> x{0, 0, 3}, tx{0, 0, 5}, T{1, 0, 5};
  std::vector<double> alive(3);
  REQUIRE(pn.probability_alive({.frequency = x, .recency = tx, .T = T}, alive).ok());
  CHECK(std::isnan(alive[0]));
  CHECK(alive[1] == 1.0);  // T = 0: no time to leave, no series needed
  CHECK(alive[2] == 1.0);  // bought at T: alive for certain
}

TEST_CASE("score_customers scores a very frequent buyer with everyone else") {
  // CDNOW plus one customer who bought every hour for the last three weeks (hourly periods
  // leave CDNOW's whole-day histories as they are): x = 503 in T = 3 weeks, where the
  // untransformed 2F1 of E[Y] overflows and used to fail the whole call.
  auto t = segcore_test::load_cdnow_sample();
  const std::int64_t end = segcore_test::epoch_seconds(19970930);
  for (int h = 0; h < 21 * 24; ++h) {
    t.customer.push_back(999999);
    t.time.push_back(end - 21 * 86400 + h * 3600);
    t.amount.push_back(10.0 + h % 7);
  }
  segcore::ClvScoreOptions o;
  o.summary = {.period_days = 1.0 / 24, .time_unit_days = 7, .calibration_end = end};
  auto s = segcore::score_customers(t.customer, t.time, t.amount, o);
  REQUIRE(s.ok());
  CHECK(s->uncomputed == 0);
  const std::size_t last = s->summary.size() - 1;
  REQUIRE(s->summary.customer_id[last] == 999999);
  CHECK(s->summary.frequency[last] == 21 * 24 - 1);
  CHECK((s->probability_alive[last] > 0.5 && s->probability_alive[last] <= 1));
  // About (r + x) / (alpha + T) purchases per week for 52 weeks, a little less for dropout.
  CHECK((s->expected_purchases[last] > 100 && s->expected_purchases[last] < 52 * 504 / 7.4));
  CHECK((std::isfinite(s->clv[last]) && s->clv[last] > 0));
}

TEST_CASE("through the C ABI: SEGCORE_OK, NaN for the customer that cannot be computed, values for the others") {
  segcore_clv_options o;
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.model = SEGCORE_CLV_GAMMA_GAMMA;
  segcore_clv_model* gg = nullptr;
  REQUIRE(segcore_clv_create(&gg, &o) == SEGCORE_OK);
  const double params[] = {0.5, 0.8, 20.0};  // q < 1: no population mean for x = 0
  REQUIRE(segcore_clv_set_params(gg, params, 3) == SEGCORE_OK);
  const double x[] = {0, 3}, m[] = {0, 20};
  double out[2];
  CHECK(segcore_clv_conditional_expected_spend(gg, x, m, 2, out, 2) == SEGCORE_OK);
  CHECK(std::isnan(out[0]));
  CHECK(out[1] == doctest::Approx(0.5 * (20 + 3 * 20.0) / (0.5 * 3 + 0.8 - 1)).epsilon(1e-15));
  segcore_clv_destroy(gg);

  o.model = SEGCORE_CLV_PARETO_NBD;
  segcore_clv_model* pn = nullptr;
  REQUIRE(segcore_clv_create(&pn, &o) == SEGCORE_OK);
  const double cdnow[] = {0.5534, 10.5802, 0.6061, 11.6562};
  REQUIRE(segcore_clv_set_params(pn, cdnow, 4) == SEGCORE_OK);
  const double fx[] = {5000, 1}, ftx[] = {38, 20}, fT[] = {39, 39};
  CHECK(segcore_clv_probability_alive(pn, fx, ftx, fT, 2, out, 2) == SEGCORE_OK);
  CHECK(out[0] == doctest::Approx(4.68827155877086e-41).epsilon(1e-12));  // mpmath; was 1.0
  CHECK((out[1] > 0 && out[1] < 1));
  segcore_clv_destroy(pn);
}
