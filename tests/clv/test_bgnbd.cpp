#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "clv/cdnow_summary.hpp"
#include "segcore/clv.hpp"

using segcore::BetaGeoModel;
using segcore::ClvHistories;

TEST_CASE("BG/NBD on CDNOW reproduces Fader, Hardie and Lee (2005)") {
  const auto s = segcore_test::cdnow_calibration_summary();
  BetaGeoModel m;
  REQUIRE(m.fit(segcore_test::histories(s)).ok());
  const auto p = m.params();
  // The paper: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4.
  CHECK(std::abs(p[0] - 0.243) < 5e-4);
  CHECK(std::abs(p[1] - 4.414) < 5e-4);
  CHECK(std::abs(p[2] - 0.793) < 5e-4);
  CHECK(std::abs(p[3] - 2.426) < 5e-4);
  CHECK(std::abs(m.log_likelihood() - -9582.4) < 0.05);
  CHECK(m.diagnostics().converged());
  CHECK(m.diagnostics().gradient_norm <= 1e-7);
  CHECK(m.n_distinct_rows() < s.size());
  const auto se = m.standard_errors();
  REQUIRE(se.size() == 4);
  for (int k = 0; k < 4; ++k) CHECK((se[k] > 0 && se[k] < p[k]));
}

TEST_CASE("BG/NBD fit is identical for any thread count and equals the fit of weighted rows") {
  const auto s = segcore_test::cdnow_calibration_summary();
  BetaGeoModel one, two;
  REQUIRE(one.fit(segcore_test::histories(s), {.n_threads = 1}).ok());
  REQUIRE(two.fit(segcore_test::histories(s), {.n_threads = 2}).ok());
  for (int k = 0; k < 4; ++k) CHECK(one.params()[k] == two.params()[k]);
  // The first 500 rows given twice, against once with weight 2.
  std::vector<double> x(s.frequency.begin(), s.frequency.begin() + 500), tx(s.recency.begin(), s.recency.begin() + 500),
      T(s.T.begin(), s.T.begin() + 500), w(500, 2.0);
  std::vector<double> x2 = x, tx2 = tx, T2 = T;
  x2.insert(x2.end(), x.begin(), x.end());
  tx2.insert(tx2.end(), tx.begin(), tx.end());
  T2.insert(T2.end(), T.begin(), T.end());
  BetaGeoModel weighted, doubled;
  REQUIRE(weighted.fit({.frequency = x, .recency = tx, .T = T, .weight = w}).ok());
  REQUIRE(doubled.fit({.frequency = x2, .recency = tx2, .T = T2}).ok());
  for (int k = 0; k < 4; ++k) CHECK(weighted.params()[k] == doctest::Approx(doubled.params()[k]).epsilon(1e-10));
  CHECK(weighted.log_likelihood() == doctest::Approx(doubled.log_likelihood()).epsilon(1e-12));
}

TEST_CASE("BG/NBD predictions agree with each other") {
  BetaGeoModel m;
  REQUIRE(m.set_params(std::vector<double>{0.243, 4.414, 0.793, 2.426}).ok());
  // A customer seen for no time at all is a new customer: conditional = unconditional.
  std::vector<double> t = {0.5, 10, 39, 78}, ex(4), cond(1);
  REQUIRE(m.expected_purchases(t, ex).ok());
  std::vector<double> zero = {0};
  for (int i = 0; i < 4; ++i) {
    REQUIRE(m.conditional_expected_purchases(t[i], {.frequency = zero, .recency = zero, .T = zero}, cond).ok());
    CHECK(cond[0] == doctest::Approx(ex[i]).epsilon(1e-12));
  }
  // For small t a new customer buys at rate r / alpha.
  std::vector<double> tiny = {1e-6}, e1(1);
  REQUIRE(m.expected_purchases(tiny, e1).ok());
  CHECK(e1[0] / 1e-6 == doctest::Approx(0.243 / 4.414).epsilon(1e-5));
  // More recent purchases: more likely alive and more purchases expected.
  std::vector<double> x = {2, 2, 0}, tx = {10, 30, 0}, T = {38, 38, 38}, pa(3), ey(3);
  const ClvHistories h{.frequency = x, .recency = tx, .T = T};
  REQUIRE(m.probability_alive(h, pa).ok());
  REQUIRE(m.conditional_expected_purchases(39, h, ey).ok());
  CHECK(pa[2] == 1.0);
  CHECK((0 < pa[0] && pa[0] < pa[1] && pa[1] < 1));
  CHECK(ey[0] < ey[1]);
  // P(alive) from its formula.
  const double odds = 0.793 / (2.426 + 1) * std::pow((4.414 + 38) / (4.414 + 30), 0.243 + 2);
  CHECK(pa[1] == doctest::Approx(1 / (1 + odds)).epsilon(1e-14));
}

TEST_CASE("BG/NBD says why bad rows are refused") {
  auto message = [](std::vector<double> x, std::vector<double> tx, std::vector<double> T) {
    BetaGeoModel m;
    auto st = m.fit({.frequency = x, .recency = tx, .T = T});
    CHECK(!st.ok());
    CHECK(!m.fitted());
    return std::string(st.message());
  };
  CHECK(message({1, 2}, {5, 8}, {10, 7}).find("row 1: recency 8 exceeds T 7") != std::string::npos);
  CHECK(message({1, -1}, {5, 0}, {10, 7}).find("row 1: frequency is -1") != std::string::npos);
  CHECK(message({1.5}, {5}, {10}).find("whole number") != std::string::npos);
  CHECK(message({0, 1}, {0, 0}, {3, 4}).find("recency is 0") != std::string::npos);
  CHECK(message({0, 0}, {0, 0}, {3, 4}).find("no customer") != std::string::npos);
  CHECK(message({1, NAN}, {1, 0}, {3, 4}).find("finite") != std::string::npos);
  CHECK(message({1}, {1, 2}, {3}).find("must be equal") != std::string::npos);
}

TEST_CASE("BG/NBD reports a fit that does not converge, and never returns NaN parameters") {
  const auto s = segcore_test::cdnow_calibration_summary();
  BetaGeoModel m;
  auto st = m.fit(segcore_test::histories(s), {.max_iter = 2});
  CHECK(st.code() == absl::StatusCode::kFailedPrecondition);
  CHECK(std::string(st.message()).find("not converged after 2 Newton steps") != std::string::npos);
  CHECK(m.diagnostics().stop == segcore::ClvFitStop::max_iterations);
  CHECK(m.diagnostics().iterations == 2);
  CHECK(!m.fitted());
  std::vector<double> out(1);
  CHECK(m.probability_alive({}, out).code() == absl::StatusCode::kFailedPrecondition);
}

TEST_CASE("BG/NBD: an L2 penalty shrinks the parameters") {
  const auto s = segcore_test::cdnow_calibration_summary();
  BetaGeoModel plain, pen;
  REQUIRE(plain.fit(segcore_test::histories(s)).ok());
  REQUIRE(pen.fit(segcore_test::histories(s), {.l2_penalty = 0.01}).ok());
  double sp = 0, sq = 0;
  for (int k = 0; k < 4; ++k) sp += plain.params()[k] * plain.params()[k], sq += pen.params()[k] * pen.params()[k];
  CHECK(sq < sp);
  CHECK(pen.log_likelihood() < plain.log_likelihood());
}

TEST_CASE("BG/NBD: zero-length histories carry no information; boundary fits say so") {
  const auto s = segcore_test::cdnow_calibration_summary();
  std::vector<double> x = s.frequency, tx = s.recency, T = s.T;
  BetaGeoModel base, more;
  REQUIRE(base.fit(segcore_test::histories(s)).ok());
  for (int i = 0; i < 100; ++i) x.push_back(0), tx.push_back(0), T.push_back(0);
  REQUIRE(more.fit({.frequency = x, .recency = tx, .T = T}).ok());
  for (int k = 0; k < 4; ++k) CHECK(more.params()[k] == doctest::Approx(base.params()[k]).epsilon(1e-9));
  CHECK(more.log_likelihood() == doctest::Approx(base.log_likelihood()).epsilon(1e-12));
  // Everyone buys every 3 periods right up to T: no sign of heterogeneity or dropout, so the
  // maximum is at a boundary of the parameter space.
  std::vector<double> bx, btx, bT;
  for (int i = 0; i < 300; ++i) {
    const double n = 5 + i % 7;
    bx.push_back(n), btx.push_back(3 * n), bT.push_back(3 * n + 0.5);
  }
  BetaGeoModel edge;
  const auto st = edge.fit({.frequency = bx, .recency = btx, .T = bT});
  INFO(edge.diagnostics().message);
  if (st.ok()) {
    CHECK(edge.diagnostics().degenerate);
    CHECK(edge.diagnostics().warning.find("almost no customer dropping out") != std::string::npos);
  } else {
    CHECK(edge.diagnostics().stop != segcore::ClvFitStop::converged);
    CHECK(!edge.fitted());
  }
  for (double p : edge.params()) CHECK(std::isfinite(p));
}
