#include <doctest/doctest.h>

#include <cmath>

#include "clv/special.hpp"

using namespace segcore::clv;

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
