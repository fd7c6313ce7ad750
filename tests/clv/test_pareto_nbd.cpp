#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "clv/cdnow_summary.hpp"
#include "segcore/clv.hpp"

using segcore::ClvHistories;
using segcore::ParetoNbdModel;

TEST_CASE("Pareto/NBD on CDNOW reproduces Fader, Hardie and Lee (2005)") {
  const auto s = segcore_test::cdnow_calibration_summary();
  ParetoNbdModel m;
  REQUIRE(m.fit(segcore_test::histories(s)).ok());
  const auto p = m.params();
  // The paper's Table: r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67, LL = -9595.0.
  CHECK(std::abs(p[0] - 0.55) < 5e-3);
  CHECK(std::abs(p[1] - 10.58) < 5e-3);
  CHECK(std::abs(p[2] - 0.61) < 5e-3);
  CHECK(std::abs(p[3] - 11.67) < 5e-3);
  CHECK(std::abs(m.log_likelihood() - -9595.0) < 0.05);
  CHECK(m.diagnostics().converged());
  for (double se : m.standard_errors()) CHECK((se > 0 && std::isfinite(se)));
  ParetoNbdModel two;
  REQUIRE(two.fit(segcore_test::histories(s), {.n_threads = 2}).ok());
  for (int k = 0; k < 4; ++k) CHECK(two.params()[k] == p[k]);
}

TEST_CASE("Pareto/NBD predictions agree with each other and with the formulas") {
  ParetoNbdModel m;
  REQUIRE(m.set_params(std::vector<double>{0.55, 10.58, 0.61, 11.67}).ok());
  std::vector<double> t = {1, 39}, ex(2), cond(1), zero = {0};
  REQUIRE(m.expected_purchases(t, ex).ok());
  for (int i = 0; i < 2; ++i) {  // seen for no time: a new customer
    REQUIRE(m.conditional_expected_purchases(t[i], {.frequency = zero, .recency = zero, .T = zero}, cond).ok());
    CHECK(cond[0] == doctest::Approx(ex[i]).epsilon(1e-12));
  }
  CHECK(ex[1] == doctest::Approx(0.55 * 11.67 / (10.58 * (0.61 - 1)) * (1 - std::pow(11.67 / (11.67 + 39), 0.61 - 1)))
                     .epsilon(1e-13));
  std::vector<double> x = {2, 2, 0}, tx = {10, 30, 0}, T = {38, 38, 38}, pa(3), ey(3);
  const ClvHistories h{.frequency = x, .recency = tx, .T = T};
  REQUIRE(m.probability_alive(h, pa).ok());
  REQUIRE(m.conditional_expected_purchases(39, h, ey).ok());
  CHECK((0 < pa[0] && pa[0] < pa[1] && pa[1] < 1 && pa[2] < 1));
  CHECK(ey[0] < ey[1]);
  // A customer whose last purchase is at T is certainly alive at T.
  std::vector<double> x1 = {3}, t1 = {20}, pa1(1);
  REQUIRE(m.probability_alive({.frequency = x1, .recency = t1, .T = t1}, pa1).ok());
  CHECK(pa1[0] == 1.0);
}
