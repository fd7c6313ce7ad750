// Statistical tests: distribution tails at textbook critical values, a hand-computed ANOVA
// and chi-square, and bad input. Equality with scipy.stats is tested in python/tests.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "segcore/stats.hpp"

using segcore::ConstMatrixView;

TEST_CASE("tails at critical values from statistical tables") {
  CHECK(segcore::normal_sf(1.959963984540054) == doctest::Approx(0.025).epsilon(1e-12));
  CHECK(segcore::chi2_sf(3.841458820694124, 1) == doctest::Approx(0.05).epsilon(1e-12));
  CHECK(segcore::chi2_sf(18.307038053275146, 10) == doctest::Approx(0.05).epsilon(1e-12));
  CHECK(segcore::t_sf(2.228138851986274, 10) == doctest::Approx(0.025).epsilon(1e-12));
  CHECK(segcore::f_sf(3.325834530413011, 5, 10) == doctest::Approx(0.05).epsilon(1e-12));
  CHECK(segcore::t_isf(0.025, 10) == doctest::Approx(2.228138851986274).epsilon(1e-12));
  CHECK(segcore::normal_isf(0.005) == doctest::Approx(2.5758293035489004).epsilon(1e-12));
  CHECK(segcore::t_sf(-1.0, 5) == doctest::Approx(1.0 - segcore::t_sf(1.0, 5)));
}

TEST_CASE("ANOVA and chi-square on hand-computed cases") {
  // Groups {1, 2, 3} and {5, 6, 7}: between 24 (df 1), within 4 (df 4): F = 24.
  std::vector<double> x = {1, 2, 3, 5, 6, 7};
  std::vector<std::int32_t> g = {0, 0, 0, 1, 1, 1};
  auto a = segcore::anova_oneway(ConstMatrixView<double>(x.data(), 6, 1), g);
  REQUIRE(a.ok());
  CHECK(a->f[0] == doctest::Approx(24.0));
  CHECK(a->p[0] == doctest::Approx(segcore::f_sf(24.0, 1, 4)));
  // 2 x 2 table [[10, 20], [30, 40]] without correction: expected [[12, 18], [28, 42]].
  std::vector<double> t = {10, 20, 30, 40};
  auto c = segcore::chi2_independence(ConstMatrixView<double>(t.data(), 2, 2), false);
  REQUIRE(c.ok());
  CHECK(c->dof == 1);
  CHECK(c->chi2 == doctest::Approx(4.0 / 12 + 4.0 / 18 + 4.0 / 28 + 4.0 / 42));
  auto yates = segcore::chi2_independence(ConstMatrixView<double>(t.data(), 2, 2), true);
  CHECK(yates->chi2 == doctest::Approx(2.25 / 12 + 2.25 / 18 + 2.25 / 28 + 2.25 / 42));
}

TEST_CASE("A/B tests reject bad input") {
  std::vector<double> one = {1.0}, two = {1.0, 2.0}, nan = {1.0, NAN};
  CHECK(!segcore::welch_t_test(one, two).ok());
  CHECK(std::string(segcore::welch_t_test(two, nan).status().message()) == "welch_t_test: sample b, value 1 is nan");
  CHECK(!segcore::welch_t_test(two, two, 1.0).ok());
  CHECK(!segcore::two_proportion_test(5, 0, 1, 10).ok());
  auto same = segcore::two_proportion_test(0, 10, 0, 20);
  REQUIRE(same.ok());
  CHECK(std::isnan(same->p_value));
}
