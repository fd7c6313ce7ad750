// Pareto/NBD's conditional purchase-count distribution P(Y(t) = n | x, t_x, T): a distribution
// with the model's conditional expectation as its mean, for ordinary and extreme histories;
// the same bits on any thread count; bad input refused by name. Its values are checked against
// an mpmath integral over the posterior in python/tests/test_clv_pareto_conditional_pmf.py.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "segcore/clv.hpp"
#include "segcore/clv_pmf.hpp"
#include "segcore_clv.h"

namespace {

const std::vector<double> kCdnow = {0.5534, 10.5802, 0.6061, 11.6562};

// P(Y(t) = n) for n = 0 .. count - 1 of one history.
std::vector<double> pmf(const segcore::ParetoNbdModel& m, double t, double x, double tx, double T, int count) {
  std::vector<double> n(count), xs(count, x), txs(count, tx), Ts(count, T), out(count);
  for (int k = 0; k < count; ++k) n[k] = k;
  const segcore::ClvHistories h{.frequency = xs, .recency = txs, .T = Ts};
  REQUIRE(segcore::conditional_probability_of_n_purchases(m, t, n, h, out).ok());
  return out;
}

}  // namespace

TEST_CASE("Pareto/NBD conditional count distribution: sums to 1 with the conditional expectation as mean") {
  segcore::ParetoNbdModel m;
  REQUIRE(m.set_params(kCdnow).ok());
  struct History {
    double x, tx, T;
  };
  // A new customer, ordinary ones, one who bought at T, 1,000 purchases, and a P(alive) ~ 1e-250.
  for (const History& h : std::vector<History>{
           {0, 0, 39}, {2, 30.43, 38.86}, {26, 30.86, 31}, {40, 39, 39}, {1000, 38.9, 39}, {200, 1, 200}})
    for (double t : {0.5, 10.0, 39.0}) {
      CAPTURE(h.x);
      CAPTURE(h.tx);
      CAPTURE(t);
      const auto p = pmf(m, t, h.x, h.tx, h.T, 3000);
      double sum = 0, mean = 0;
      for (int k = 0; k < 3000; ++k) {
        CHECK((p[k] >= 0 && p[k] <= 1));
        sum += p[k];
        mean += k * p[k];
      }
      REQUIRE(p.back() < 1e-30);  // the tail past 2,999 is negligible here
      CHECK(std::abs(sum - 1) < 1e-9);
      std::vector<double> ey(1);
      const std::vector<double> x{h.x}, tx{h.tx}, T{h.T};
      REQUIRE(m.conditional_expected_purchases(t, {.frequency = x, .recency = tx, .T = T}, ey).ok());
      CHECK(mean == doctest::Approx(ey[0]).epsilon(1e-9));
    }
}

TEST_CASE("Pareto/NBD conditional count distribution: finite for very frequent buyers, NaN only where P(alive) is") {
  segcore::ParetoNbdModel m;
  REQUIRE(m.set_params(kCdnow).ok());
  // x from 200 to 20,000 with the last purchase from 1e-6 to 30 weeks before T = 39, each at
  // n = 0, 1 and its expected count (the extreme batch of test_clv_extreme.cpp).
  std::vector<double> x, tx, T;
  for (double f : {200.0, 1000.0, 5000.0, 20000.0})
    for (double gap : {1e-6, 0.01, 1.0, 30.0}) {
      x.push_back(f);
      tx.push_back(39 - gap);
      T.push_back(39);
    }
  const segcore::ClvHistories h{.frequency = x, .recency = tx, .T = T};
  std::vector<double> ey(x.size());
  REQUIRE(m.conditional_expected_purchases(52, h, ey).ok());
  for (int which = 0; which < 3; ++which) {
    std::vector<double> n(x.size()), out(x.size());
    for (std::size_t i = 0; i < n.size(); ++i) n[i] = which < 2 ? which : std::round(ey[i]);
    REQUIRE(segcore::conditional_probability_of_n_purchases(m, 52, n, h, out).ok());
    for (std::size_t i = 0; i < n.size(); ++i) {
      CAPTURE(x[i]);
      CAPTURE(tx[i]);
      CAPTURE(n[i]);
      CHECK((std::isfinite(out[i]) && out[i] >= 0 && out[i] <= 1));
    }
  }
  // beta / alpha = 1e9: a one-time buyer's P(alive) series would need ~1e10 terms, so it is NaN
  // (test_clv_extreme.cpp), and so is this; the row that needs no series has its value.
  segcore::ParetoNbdModel far;
  REQUIRE(far.set_params(std::vector<double>{0.5, 1.0, 0.5, 1e9}).ok());
  const std::vector<double> fx{0, 3}, ftx{0, 5}, fT{1, 5}, fn{0, 0};
  std::vector<double> out(2);
  REQUIRE(segcore::conditional_probability_of_n_purchases(far, 10, fn, {.frequency = fx, .recency = ftx, .T = fT}, out)
              .ok());
  CHECK(std::isnan(out[0]));
  CHECK((out[1] > 0 && out[1] < 1));
}

TEST_CASE("Pareto/NBD conditional count distribution: the same bits on any thread count") {
  segcore::ParetoNbdModel m;
  REQUIRE(m.set_params(kCdnow).ok());
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  const std::size_t rows = 9000;  // two tasks of the parallel loop
  std::vector<double> n(rows), x(rows), tx(rows), T(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    T[i] = 100 * u(rng);
    x[i] = std::floor(50 * u(rng) * u(rng));
    tx[i] = x[i] == 0 ? 0 : T[i] * (0.01 + 0.99 * u(rng));
    n[i] = std::floor(10 * u(rng));
  }
  const segcore::ClvHistories h{.frequency = x, .recency = tx, .T = T};
  std::vector<double> one(rows), two(rows);
  REQUIRE(segcore::conditional_probability_of_n_purchases(m, 20, n, h, one, 1).ok());
  REQUIRE(segcore::conditional_probability_of_n_purchases(m, 20, n, h, two, 2).ok());
  CHECK(std::memcmp(one.data(), two.data(), rows * sizeof(double)) == 0);
  for (double v : one) CHECK((v >= 0 && v <= 1));
}

TEST_CASE("Pareto/NBD conditional count distribution refuses bad input by name") {
  segcore::ParetoNbdModel m;
  const std::vector<double> n{1}, x{2}, tx{30}, T{39};
  const segcore::ClvHistories h{.frequency = x, .recency = tx, .T = T};
  std::vector<double> out(1);
  CHECK(segcore::conditional_probability_of_n_purchases(m, 10, n, h, out).code() ==
        absl::StatusCode::kFailedPrecondition);
  REQUIRE(m.set_params(kCdnow).ok());
  auto message = [&](double t, std::vector<double> ns, std::vector<double> xs, std::vector<double> txs,
                     std::size_t out_size) {
    std::vector<double> o(out_size);
    const auto s =
        segcore::conditional_probability_of_n_purchases(m, t, ns, {.frequency = xs, .recency = txs, .T = T}, o);
    return std::string(s.message());
  };
  CHECK(message(-1, n, x, tx, 1).find("t is -1") != std::string::npos);
  CHECK(message(NAN, n, x, tx, 1).find("t is nan") != std::string::npos);
  CHECK(message(10, {-1}, x, tx, 1).find("n[0] is -1") != std::string::npos);
  CHECK(message(10, {0.5}, x, tx, 1).find("whole number") != std::string::npos);
  CHECK(message(10, {1, 2}, x, tx, 1).find("n has 2 values") != std::string::npos);
  CHECK(message(10, n, x, {40}, 1).find("row 0: recency 40 exceeds T 39") != std::string::npos);
  CHECK(message(10, n, {0}, tx, 1).find("frequency is 0 but recency is 30") != std::string::npos);
  CHECK(message(10, n, x, tx, 0).find("out holds 0 values") != std::string::npos);
}

TEST_CASE("Pareto/NBD conditional count distribution through the C ABI") {
  segcore_clv_options o;
  REQUIRE(segcore_clv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.model = SEGCORE_CLV_PARETO_NBD;
  segcore_clv_model* pn = nullptr;
  REQUIRE(segcore_clv_create(&pn, &o) == SEGCORE_OK);
  const double n[2] = {0, 1}, x[2] = {2, 2}, tx[2] = {30.43, 30.43}, T[2] = {38.86, 38.86};
  double out[2] = {0, 0};
  CHECK(segcore_clv_conditional_probability_of_n_purchases(pn, 39, n, x, tx, T, 2, out, 2) == SEGCORE_ENOTFITTED);
  REQUIRE(segcore_clv_set_params(pn, kCdnow.data(), 4) == SEGCORE_OK);
  REQUIRE(segcore_clv_conditional_probability_of_n_purchases(pn, 39, n, x, tx, T, 2, out, 2) == SEGCORE_OK);
  CHECK((out[0] > 0 && out[1] > 0 && out[0] + out[1] < 1));
  CHECK(segcore_clv_conditional_probability_of_n_purchases(pn, 39, n, x, tx, T, 2, out, 1) == SEGCORE_ERANGE);
  CHECK(segcore_clv_conditional_probability_of_n_purchases(pn, 39, nullptr, x, tx, T, 2, out, 2) == SEGCORE_EINVAL);
  CHECK(segcore_clv_conditional_probability_of_n_purchases(pn, -1, n, x, tx, T, 2, out, 2) == SEGCORE_EINVAL);
  CHECK(segcore_clv_conditional_probability_of_n_purchases(nullptr, 39, n, x, tx, T, 2, out, 2) == SEGCORE_EINVAL);
  CHECK(segcore_clv_conditional_probability_of_n_purchases(pn, 39, nullptr, nullptr, nullptr, nullptr, 0, nullptr, 0) ==
        SEGCORE_OK);
  segcore_clv_destroy(pn);
  o.model = SEGCORE_CLV_BGNBD;  // the method is Pareto/NBD's alone
  segcore_clv_model* bg = nullptr;
  REQUIRE(segcore_clv_create(&bg, &o) == SEGCORE_OK);
  const std::vector<double> bp = {0.242595, 4.413602, 0.792922, 2.425907};
  REQUIRE(segcore_clv_set_params(bg, bp.data(), 4) == SEGCORE_OK);
  CHECK(segcore_clv_conditional_probability_of_n_purchases(bg, 39, n, x, tx, T, 2, out, 2) == SEGCORE_EUNSUPPORTED);
  segcore_clv_destroy(bg);
}
