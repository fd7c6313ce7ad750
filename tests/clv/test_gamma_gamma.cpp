#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "clv/cdnow_summary.hpp"
#include "segcore/clv.hpp"

TEST_CASE("Gamma-Gamma on CDNOW reproduces Fader, Hardie and Lee (2005, RFM and CLV)") {
  const auto s = segcore_test::cdnow_calibration_summary();
  segcore::GammaGammaModel g;
  REQUIRE(g.fit(s.frequency, s.monetary).ok());
  // The paper: p = 6.25, q = 3.74, gamma = 15.44 (946 repeat customers).
  CHECK(std::abs(g.params()[0] - 6.25) < 5e-3);
  CHECK(std::abs(g.params()[1] - 3.74) < 5e-3);
  CHECK(std::abs(g.params()[2] - 15.44) < 5e-3);
  CHECK(g.diagnostics().converged());
  // Conditional mean: between the population mean p v / (q - 1) and the customer's own mean.
  std::vector<double> x = {0, 1, 10}, m = {0, 100, 100}, out(3);
  REQUIRE(g.conditional_expected_spend(x, m, out).ok());
  const double p = g.params()[0], q = g.params()[1], v = g.params()[2];
  CHECK(out[0] == doctest::Approx(p * v / (q - 1)).epsilon(1e-14));
  CHECK((out[0] < out[1] && out[1] < out[2] && out[2] < 100));
  std::vector<double> bx = {1}, bm = {0};
  auto st = g.fit(bx, bm);
  CHECK(std::string(st.message()).find("row 0: monetary is 0") != std::string::npos);
}

// Mean spends of customers whose spend rates are Gamma(q = 0.5): so dispersed that the
// population mean spend does not exist, and the unconstrained fit finds q < 1.
static void heavy_tailed_spends(std::vector<double>* x, std::vector<double>* m) {
  std::mt19937_64 rng(11);
  std::gamma_distribution<double> rate(0.5, 1.0 / 10.0);
  for (int i = 0; i < 3000; ++i) {
    const double nu = rate(rng);
    const int n = 1 + static_cast<int>(rng() % 6);
    std::gamma_distribution<double> spend(4.0, 1.0 / nu);
    double sum = 0;
    for (int j = 0; j < n; ++j) sum += spend(rng);
    x->push_back(n);
    m->push_back(sum / n);
  }
}

TEST_CASE("q_constraint keeps q > 1: the CDNOW fit is unchanged; spends that want q < 1 give a flagged fit") {
  const auto s = segcore_test::cdnow_calibration_summary();
  segcore::GammaGammaModel free, bound;
  REQUIRE(free.fit(s.frequency, s.monetary).ok());
  REQUIRE(bound.fit(s.frequency, s.monetary, {}, {.q_constraint = true}).ok());
  for (int k = 0; k < 3; ++k) CHECK(bound.params()[k] == doctest::Approx(free.params()[k]).epsilon(1e-6));
  for (int k = 0; k < 3; ++k)
    CHECK(bound.standard_errors()[k] == doctest::Approx(free.standard_errors()[k]).epsilon(1e-4));
  CHECK(!bound.diagnostics().degenerate);
  CHECK(bound.log_likelihood() == doctest::Approx(free.log_likelihood()).epsilon(1e-12));

  std::vector<double> x, m, out(1), none = {0}, zero = {0};
  heavy_tailed_spends(&x, &m);
  REQUIRE(free.fit(x, m).ok());
  CHECK(free.params()[1] < 1);
  REQUIRE(free.conditional_expected_spend(none, zero, out).ok());
  CHECK(std::isnan(out[0]));  // no population mean
  REQUIRE(bound.fit(x, m, {}, {.q_constraint = true}).ok());
  INFO(bound.diagnostics().message);
  CHECK(bound.params()[1] > 1);
  CHECK(bound.params()[1] < 1.001);
  CHECK(bound.diagnostics().degenerate);
  CHECK(bound.diagnostics().warning.find("population mean does not exist") != std::string::npos);
  REQUIRE(bound.conditional_expected_spend(none, zero, out).ok());
  CHECK(std::isfinite(out[0]));
  // The purchase models ignore the option.
  segcore::BetaGeoModel bg, bg_bound;
  REQUIRE(bg.fit(segcore_test::histories(s)).ok());
  REQUIRE(bg_bound.fit(segcore_test::histories(s), {.q_constraint = true}).ok());
  for (int k = 0; k < 4; ++k) CHECK(bg_bound.params()[k] == bg.params()[k]);
}

TEST_CASE("CLV is the discounted sum of expected purchases times expected spend") {
  const auto s = segcore_test::cdnow_calibration_summary();
  segcore::BetaGeoModel bg;
  segcore::GammaGammaModel gg;
  REQUIRE(bg.fit(segcore_test::histories(s)).ok());
  REQUIRE(gg.fit(s.frequency, s.monetary).ok());
  const std::size_t n = 20;
  segcore::ClvHistories h{.frequency = std::span(s.frequency).first(n),
                          .recency = std::span(s.recency).first(n),
                          .T = std::span(s.T).first(n)};
  std::vector<double> clv(n), flat(n), ey(n), spend(n);
  REQUIRE(segcore::customer_lifetime_value(bg, gg, h, std::span(s.monetary).first(n), {.horizon = 52, .steps = 4}, flat)
              .ok());
  REQUIRE(bg.conditional_expected_purchases(52, h, ey).ok());
  REQUIRE(gg.conditional_expected_spend(h.frequency, std::span(s.monetary).first(n), spend).ok());
  for (std::size_t i = 0; i < n; ++i) CHECK(flat[i] == doctest::Approx(ey[i] * spend[i]).epsilon(1e-12));
  REQUIRE(segcore::customer_lifetime_value(bg, gg, h, std::span(s.monetary).first(n),
                                           {.horizon = 52, .steps = 4, .discount_rate = 0.05}, clv)
              .ok());
  for (std::size_t i = 0; i < n; ++i) CHECK((clv[i] < flat[i] && clv[i] > flat[i] / std::pow(1.05, 4)));
  CHECK(!segcore::customer_lifetime_value(bg, gg, h, std::span(s.monetary).first(n), {.steps = 0}, clv).ok());
}
