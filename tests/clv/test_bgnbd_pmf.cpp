#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "segcore/clv_pmf.hpp"

using segcore::BetaGeoModel;

namespace {

BetaGeoModel cdnow_model() {
  BetaGeoModel m;
  REQUIRE(m.set_params(std::vector<double>{0.243, 4.414, 0.793, 2.426}).ok());
  return m;
}

}  // namespace

TEST_CASE("BG/NBD P(X(t) = n) gives R BTYD's values") {
  const BetaGeoModel m = cdnow_model();
  std::vector<double> n = {10}, out(1);
  REQUIRE(segcore::probability_of_n_purchases(m, 2, n, out).ok());
  CHECK(out[0] == doctest::Approx(1.07869e-07).epsilon(1e-5));
  n = {0};
  REQUIRE(segcore::probability_of_n_purchases(m, 39, n, out).ok());
  CHECK(out[0] == doctest::Approx(0.5737864).epsilon(1e-6));
  n = {11, 20};
  out.resize(2);
  REQUIRE(segcore::probability_of_n_purchases(m, 30, n, out).ok());
  CHECK(out[0] == doctest::Approx(0.0019995214).epsilon(1e-7));
  CHECK(out[1] == doctest::Approx(0.0002222260).epsilon(1e-6));
}

TEST_CASE("BG/NBD P(X(t) = n) is a distribution with mean E[X(t)], also far in the tail") {
  BetaGeoModel m;
  REQUIRE(m.set_params(std::vector<double>{1.7, 12.5, 2.3, 9.1}).ok());
  for (double t : {0.0, 0.5, 39.0, 520.0}) {
    std::vector<double> n(6000), p(6000), mean(1);
    std::iota(n.begin(), n.end(), 0.0);
    REQUIRE(segcore::probability_of_n_purchases(m, t, n, p).ok());
    double total = 0, first_moment = 0;
    for (std::size_t k = 0; k < n.size(); ++k) {
      CHECK(p[k] >= 0);
      total += p[k];
      first_moment += n[k] * p[k];
    }
    CHECK(total == doctest::Approx(1.0).epsilon(1e-12));
    const std::vector<double> ts = {t};
    REQUIRE(m.expected_purchases(ts, mean).ok());
    CHECK(first_moment == doctest::Approx(mean[0]).epsilon(1e-9));
  }
  // Far beyond the mean the terms underflow; the value is a tiny finite number, found at once.
  std::vector<double> n = {2552, 1e6}, p(2);
  REQUIRE(segcore::probability_of_n_purchases(m, 39, n, p).ok());
  CHECK(p[0] < 1e-300);
  CHECK(p[1] == 0.0);
}

TEST_CASE("BG/NBD P(X(t) = n) refuses bad input") {
  const BetaGeoModel m = cdnow_model();
  std::vector<double> n = {1, 2.5}, out(2), short_out(1);
  CHECK(segcore::probability_of_n_purchases(m, 1, n, out).code() == absl::StatusCode::kInvalidArgument);
  n = {1, 2};
  CHECK(segcore::probability_of_n_purchases(m, -1, n, out).code() == absl::StatusCode::kInvalidArgument);
  CHECK(segcore::probability_of_n_purchases(m, NAN, n, out).code() == absl::StatusCode::kInvalidArgument);
  CHECK(!segcore::probability_of_n_purchases(m, 1, n, short_out).ok());
  CHECK(segcore::probability_of_n_purchases(BetaGeoModel(), 1, n, out).code() == absl::StatusCode::kFailedPrecondition);
}
