#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "clv/cdnow.hpp"
#include "segcore_clv.h"

TEST_CASE("MBG/NBD and BG/BB through the C ABI") {
  segcore_clv_options o;
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.model = SEGCORE_CLV_BGBB;
  segcore_clv_model* bb = nullptr;
  REQUIRE(segcore_clv_create(&bb, &o) == SEGCORE_OK);
  // The donations of Fader, Hardie and Shang (2010) (test_bgbb.cpp has all of them).
  const std::vector<double> x = {0, 1, 2, 3, 6, 2}, tx = {0, 1, 4, 6, 6, 2}, n = {6, 6, 6, 6, 6, 6},
                            w = {3464, 1091, 155, 357, 1203, 613};
  REQUIRE(segcore_clv_fit(bb, x.data(), tx.data(), n.data(), w.data(), x.size()) == SEGCORE_OK);
  size_t k = 0;
  REQUIRE(segcore_clv_get_n_params(bb, &k) == SEGCORE_OK);
  CHECK(k == 4);
  // The covariance: symmetric, positive diagonal equal to the squared standard errors.
  std::vector<double> cov(16), se(4);
  REQUIRE(segcore_clv_get_covariance(bb, cov.data(), cov.size()) == SEGCORE_OK);
  REQUIRE(segcore_clv_get_standard_errors(bb, se.data(), se.size()) == SEGCORE_OK);
  for (int i = 0; i < 4; ++i) {
    CHECK(cov[i * 4 + i] == doctest::Approx(se[i] * se[i]).epsilon(1e-12));
    for (int j = 0; j < 4; ++j) CHECK(cov[i * 4 + j] == cov[j * 4 + i]);
  }
  CHECK(segcore_clv_get_covariance(bb, cov.data(), 15) == SEGCORE_ERANGE);
  // The purchase-count distribution in the first 6 periods sums to 1 over 0..6.
  const std::vector<double> counts = {0, 1, 2, 3, 4, 5, 6};
  std::vector<double> pmf(7);
  REQUIRE(segcore_clv_probability_of_n_purchases(bb, 6, counts.data(), 7, pmf.data(), 7) == SEGCORE_OK);
  double total = 0;
  for (double v : pmf) total += v;
  CHECK(total == doctest::Approx(1.0).epsilon(1e-13));
  CHECK(segcore_clv_probability_of_n_purchases(bb, 2.5, counts.data(), 7, pmf.data(), 7) == SEGCORE_EINVAL);
  std::vector<double> alive(6), alive1(6), e(6);
  REQUIRE(segcore_clv_probability_alive(bb, x.data(), tx.data(), n.data(), 6, alive.data(), 6) == SEGCORE_OK);
  REQUIRE(segcore_clv_probability_alive_after(bb, 0, x.data(), tx.data(), n.data(), 6, alive1.data(), 6) == SEGCORE_OK);
  for (int i = 0; i < 6; ++i) CHECK(alive[i] == alive1[i]);
  REQUIRE(segcore_clv_probability_alive_after(bb, 1, x.data(), tx.data(), n.data(), 6, alive1.data(), 6) == SEGCORE_OK);
  for (int i = 0; i < 6; ++i) CHECK((alive1[i] < alive[i] && alive1[i] > 0));
  REQUIRE(segcore_clv_conditional_expected_purchases(bb, 5, x.data(), tx.data(), n.data(), 6, e.data(), 6) ==
          SEGCORE_OK);
  for (int i = 0; i < 6; ++i) CHECK((e[i] > 0 && e[i] < 5));
  // Fractional periods and a short buffer are errors.
  CHECK(segcore_clv_probability_alive_after(bb, 0.5, x.data(), tx.data(), n.data(), 6, alive1.data(), 6) ==
        SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()).find("whole number") != std::string::npos);
  CHECK(segcore_clv_probability_alive_after(bb, 1, x.data(), tx.data(), n.data(), 6, alive1.data(), 5) ==
        SEGCORE_ERANGE);
  CHECK(segcore_clv_probability_alive_after(nullptr, 1, x.data(), tx.data(), n.data(), 6, alive1.data(), 6) ==
        SEGCORE_EINVAL);

  o.model = SEGCORE_CLV_MBGNBD;
  segcore_clv_model* mbg = nullptr;
  REQUIRE(segcore_clv_create(&mbg, &o) == SEGCORE_OK);
  const std::vector<double> p = {0.525, 6.183, 0.891, 1.614};
  double unset = 0;
  CHECK(segcore_clv_get_covariance(mbg, &unset, 1) == SEGCORE_ENOTFITTED);
  REQUIRE(segcore_clv_set_params(mbg, p.data(), 4) == SEGCORE_OK);
  REQUIRE(segcore_clv_get_covariance(mbg, cov.data(), cov.size()) == SEGCORE_OK);
  CHECK(std::isnan(cov[0]));  // set by hand: no Hessian
  const double zero = 0;
  double a0 = 0;
  REQUIRE(segcore_clv_probability_alive(mbg, &zero, &zero, &zero, 1, &a0, 1) == SEGCORE_OK);
  CHECK(a0 == doctest::Approx(1.614 / (0.891 + 1.614)));
  CHECK(segcore_clv_probability_of_n_purchases(mbg, 6, &zero, 1, &a0, 1) == SEGCORE_EUNSUPPORTED);
  // probability_alive_after is BG/BB's alone.
  CHECK(segcore_clv_probability_alive_after(mbg, 1, &zero, &zero, &zero, 1, &a0, 1) == SEGCORE_EUNSUPPORTED);
  segcore_clv_destroy(mbg);
  // Pareto/NBD's purchase-count distribution: P(X(0) = 0) = 1, and a probability at t > 0.
  o.model = SEGCORE_CLV_PARETO_NBD;
  segcore_clv_model* pn = nullptr;
  REQUIRE(segcore_clv_create(&pn, &o) == SEGCORE_OK);
  const std::vector<double> pp = {0.55, 10.58, 0.61, 11.67};
  REQUIRE(segcore_clv_set_params(pn, pp.data(), 4) == SEGCORE_OK);
  double p0 = 0;
  REQUIRE(segcore_clv_probability_of_n_purchases(pn, 0, &zero, 1, &p0, 1) == SEGCORE_OK);
  CHECK(p0 == 1.0);
  REQUIRE(segcore_clv_probability_of_n_purchases(pn, 39, &zero, 1, &p0, 1) == SEGCORE_OK);
  CHECK((p0 > 0.5 && p0 < 1));
  segcore_clv_destroy(pn);
  segcore_clv_destroy(bb);
}
