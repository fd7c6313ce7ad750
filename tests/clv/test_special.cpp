#include <doctest/doctest.h>

#include <cmath>

#include "clv/special.hpp"

using namespace segcore::clv_detail;

// Reference values from mpmath at 30 digits.
TEST_CASE("log_beta is accurate for small, mixed and large arguments") {
  CHECK(log_beta(0.3, 2.5) == doctest::Approx(0.863778073303247888).epsilon(1e-14));
  CHECK(log_beta(2.5, 0.3) == doctest::Approx(0.863778073303247888).epsilon(1e-14));
  // lgamma(a) + lgamma(b) - lgamma(a + b) loses ~1e-9 here (scipy's betaln too).
  CHECK(std::abs(log_beta(15.5, 1e6) - -187.603611531768764) < 1e-11);
  CHECK(std::abs(log_beta(2e5, 3e5) - -336510.762189078118) < 1e-8);
  CHECK(log_beta(3.0, 40.0) == doctest::Approx(std::log(2.0 / (40.0 * 41 * 42))).epsilon(1e-14));
}

TEST_CASE("digamma and trigamma match references across the range") {
  CHECK(digamma(0.01) == doctest::Approx(-100.56088545786868).epsilon(1e-14));
  CHECK(digamma(7.3) == doctest::Approx(1.917820335637986).epsilon(1e-14));
  CHECK(digamma(123.4) == doctest::Approx(4.8113737751162775).epsilon(1e-14));
  CHECK(trigamma(0.01) == doctest::Approx(10001.6212135283128).epsilon(1e-14));
  CHECK(trigamma(7.3) == doctest::Approx(0.146795768131427102).epsilon(1e-14));
  CHECK(trigamma(123.4) == doctest::Approx(0.00813665161086526331).epsilon(1e-14));
}

TEST_CASE("hyp2f1 sums its series to full precision, also near z = 1") {
  CHECK(hyp2f1(0.5, 2.4, 1.7, 0.3) == doctest::Approx(1.29732489915408430).epsilon(1e-14));
  CHECK(hyp2f1(3.2, 5.1, 2.2, 0.9) == doctest::Approx(2752468.74124088488).epsilon(1e-13));
  CHECK(hyp2f1(1.2, 3.4, 2.5, 0.99) == doctest::Approx(8140.13658564676681).epsilon(1e-12));
  CHECK(hyp2f1(1, 1, 1, 0) == 1.0);
  CHECK(std::isnan(hyp2f1(1.2, 3.4, 2.5, 0.99, 50)));  // too few terms allowed: NaN, not a guess
}

TEST_CASE("hyp_series sums 3F2(a, b, 1; c, d; z), with signed terms too, and refuses what it cannot sum") {
  CHECK(hyp_series(1.98, 0.79, 3.22, 2, 0.6) ==
        doctest::Approx(1.201616685057101164650963993365493892789).epsilon(1e-14));
  CHECK(hyp_series(-1.5, 0.5, 2, 2, 0.9) == doctest::Approx(0.845041987243648837800991685438254500899).epsilon(1e-14));
  // The Pareto/NBD series after Euler's transformation: positive terms, near z = 1, large c.
  CHECK(hyp2f1(1, 5000.5, 5002.1, 0.999) == doctest::Approx(781.2799525938729326641632547725478522213).epsilon(1e-13));
  CHECK(hyp2f1(1, 1.5, 2.0, 1 - 1e-3) == doctest::Approx(61.30686006343101765763550639504942009439).epsilon(1e-12));
  CHECK(std::isnan(hyp2f1(1, 1.5, 2.0, 1 - 1e-9)));  // would need ~1e10 terms: NaN, not a guess
  const HypSeries table(1.98, 0.79, 3.22, 2, 0.6);
  CHECK(table(0.6) == doctest::Approx(1.201616685057101164650963993365493892789).epsilon(1e-14));
  const HypSeries signed_table(-1.5, 0.5, 2, 2, 0.9);  // signed coefficients: summed directly
  CHECK(signed_table(0.9) == doctest::Approx(0.845041987243648837800991685438254500899).epsilon(1e-14));
}

TEST_CASE("the small helpers keep their digits at the edges") {
  CHECK(compensated_sum({0.6, 0.4 + 1e-12, -1.0}) == doctest::Approx(1e-12).epsilon(1e-6));
  CHECK(compensated_sum({1e-3, 5000.0, -1.0}) == 4999.001);
  CHECK(power_gap(2.0, 1e-12, 0.5) == doctest::Approx(5e-13).epsilon(1e-12));
  CHECK(power_gap(2.0, 3.0, 0.0) == doctest::Approx(std::log(2.5)).epsilon(1e-15));
  CHECK(log1p_exp(800) == 800.0);
  CHECK(log1p_exp(-700) == doctest::Approx(std::exp(-700.0)).epsilon(1e-15));
  CHECK(inverse_logit_neg(700) == doctest::Approx(std::exp(-700.0)).epsilon(1e-15));
  CHECK(inverse_logit_neg(-800) == 1.0);
}

TEST_CASE("log_add_exp does not overflow") {
  CHECK(log_add_exp(1000, 1000) == doctest::Approx(1000 + std::log(2.0)));
  CHECK(log_add_exp(-1e300, 0) == 0.0);
}

TEST_CASE("Hyp2f1Series equals the plain series, also beyond its table") {
  for (double zmax : {0.1, 0.5, 0.9}) {
    const Hyp2f1Series s(2.243, 4.426, 4.219, zmax);
    for (double z : {0.0, zmax / 3, zmax / 2, zmax})
      CHECK(s(z) == doctest::Approx(hyp2f1(2.243, 4.426, 4.219, z)).epsilon(1e-14));
  }
  const Hyp2f1Series cut(1.2, 3.4, 2.5, 0.99, 64);  // table too short: falls back
  CHECK(cut(0.99) == doctest::Approx(8140.13658564676681).epsilon(1e-12));
  CHECK(cut(0.2) == doctest::Approx(hyp2f1(1.2, 3.4, 2.5, 0.2)).epsilon(1e-14));
}
