#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "segcore/clv.hpp"
#include "segcore/clv_pmf.hpp"

using segcore::BetaGeoBetaBinomModel;

namespace {

// The donations of Fader, Hardie and Shang (2010): the 1995 cohort's repeat donations in
// 1996-2001 (six opportunities) as (x, t_x, n = 6, customers), lifetimes' donations.csv.
struct Donations {
  std::vector<double> x, tx, n, w;
};

Donations donations() {
  const double rows[][3] = {{0, 0, 3464}, {1, 1, 1091}, {1, 2, 277}, {1, 3, 129}, {1, 4, 78},  {1, 5, 119},
                            {1, 6, 129},  {2, 2, 613},  {2, 3, 255}, {2, 4, 155}, {2, 5, 173}, {2, 6, 234},
                            {3, 3, 322},  {3, 4, 181},  {3, 5, 225}, {3, 6, 357}, {4, 4, 240}, {4, 5, 284},
                            {4, 6, 512},  {5, 5, 335},  {5, 6, 728}, {6, 6, 1203}};
  Donations d;
  for (const auto& r : rows) {
    d.x.push_back(r[0]);
    d.tx.push_back(r[1]);
    d.n.push_back(6);
    d.w.push_back(r[2]);
  }
  return d;
}

// The paper's likelihood of one history, term by term with lgamma.
double lbeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }
double bgbb_likelihood(const std::vector<double>& p, double x, double tx, double n) {
  const double al = p[0], be = p[1], ga = p[2], de = p[3];
  double L = std::exp(lbeta(al + x, be + n - x) - lbeta(al, be) + lbeta(ga, de + n) - lbeta(ga, de));
  for (double i = 0; i <= n - tx - 1; ++i)
    L += std::exp(lbeta(al + x, be + tx - x + i) - lbeta(al, be) + lbeta(ga + 1, de + tx + i) - lbeta(ga, de));
  return L;
}

}  // namespace

TEST_CASE("BG/BB on the donations reproduces Fader, Hardie and Shang (2010)") {
  const Donations d = donations();
  BetaGeoBetaBinomModel m;
  REQUIRE(m.fit({.frequency = d.x, .recency = d.tx, .T = d.n, .weight = d.w}).ok());
  CHECK(m.diagnostics().converged());
  const auto p = m.params();
  // The paper: alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33,225.6.
  CHECK(std::abs(p[0] - 1.204) < 5e-4);
  CHECK(std::abs(p[1] - 0.750) < 5e-4);
  CHECK(std::abs(p[2] - 0.657) < 5e-4);
  CHECK(std::abs(p[3] - 2.783) < 5e-4);
  CHECK(std::abs(m.log_likelihood() - -33225.6) < 0.05);
  double ll = 0;
  const std::vector<double> q(p.begin(), p.end());
  for (std::size_t i = 0; i < d.x.size(); ++i) ll += d.w[i] * std::log(bgbb_likelihood(q, d.x[i], d.tx[i], d.n[i]));
  CHECK(m.log_likelihood() == doctest::Approx(ll).epsilon(1e-11));
  const auto se = m.standard_errors();
  for (int k = 0; k < 4; ++k) CHECK((se[k] > 0 && se[k] < p[k]));
  // Table 6 of the paper: P(alive in 2002) of 0 repeat donations 0.11; x = 2, t_x = 4: 0.59;
  // x = 6, t_x = 6: 0.93 (m = 1 period after 2001).
  const std::vector<double> x = {0, 2, 6}, tx = {0, 4, 6}, n = {6, 6, 6};
  std::vector<double> alive(3);
  REQUIRE(m.probability_alive_after(1, {.frequency = x, .recency = tx, .T = n}, alive).ok());
  CHECK(std::abs(alive[0] - 0.11) < 0.005);
  CHECK(std::abs(alive[1] - 0.59) < 0.005);
  CHECK(std::abs(alive[2] - 0.93) < 0.005);
}

TEST_CASE("BG/BB predictions follow from the likelihood") {
  BetaGeoBetaBinomModel m;
  const std::vector<double> p = {1.204, 0.750, 0.657, 2.783};
  REQUIRE(m.set_params(p).ok());
  const std::vector<double> x = {0, 1, 3, 6, 50}, tx = {0, 2, 5, 6, 90}, n = {6, 6, 6, 6, 100};
  std::vector<double> alive(5), alive0(5), e(5);
  REQUIRE(m.probability_alive({.frequency = x, .recency = tx, .T = n}, alive).ok());
  REQUIRE(m.probability_alive_after(0, {.frequency = x, .recency = tx, .T = n}, alive0).ok());
  for (int i = 0; i < 5; ++i) {
    CHECK(alive[i] == alive0[i]);
    const double first = std::exp(lbeta(p[0] + x[i], p[1] + n[i] - x[i]) - lbeta(p[0], p[1]) +
                                  lbeta(p[2], p[3] + n[i]) - lbeta(p[2], p[3]));
    CHECK(alive[i] == doctest::Approx(first / bgbb_likelihood(p, x[i], tx[i], n[i])).epsilon(1e-11));
  }
  // Expected purchases in the next m periods: the sum of P(alive in n + j) times the posterior
  // mean purchase probability, against the paper's eq. (13).
  for (double horizon : {1.0, 5.0, 30.0}) {
    REQUIRE(m.conditional_expected_purchases(horizon, {.frequency = x, .recency = tx, .T = n}, e).ok());
    for (int i = 0; i < 5; ++i) {
      const double al = p[0], be = p[1], ga = p[2], de = p[3];
      const double eq13 = 1 / bgbb_likelihood(p, x[i], tx[i], n[i]) *
                          std::exp(lbeta(al + x[i] + 1, be + n[i] - x[i]) - lbeta(al, be)) * de / (ga - 1) *
                          std::exp(std::lgamma(ga + de) - std::lgamma(1 + de)) *
                          (std::exp(std::lgamma(1 + de + n[i]) - std::lgamma(ga + de + n[i])) -
                           std::exp(std::lgamma(1 + de + n[i] + horizon) - std::lgamma(ga + de + n[i] + horizon)));
      CHECK(e[i] == doctest::Approx(eq13).epsilon(1e-9));
    }
  }
  // A new customer is a history of no periods.
  const std::vector<double> zero = {0}, t = {1, 6, 20};
  std::vector<double> ex(3), one(1);
  REQUIRE(m.expected_purchases(t, ex).ok());
  for (int i = 0; i < 3; ++i) {
    REQUIRE(m.conditional_expected_purchases(t[i], {.frequency = zero, .recency = zero, .T = zero}, one).ok());
    CHECK(one[0] == doctest::Approx(ex[i]).epsilon(1e-14));
  }
}

TEST_CASE("BG/BB refuses fractional periods, more purchases than periods and fractional horizons") {
  BetaGeoBetaBinomModel m;
  REQUIRE(m.set_params(std::vector<double>{1, 1, 1, 1}).ok());
  std::vector<double> out(1);
  const std::vector<double> x = {3}, tx = {2}, n = {6}, half = {2.5};
  auto st = m.probability_alive({.frequency = x, .recency = tx, .T = n}, out);
  CHECK(absl::IsInvalidArgument(st));
  CHECK(st.message().find("row 0") != std::string::npos);
  const std::vector<double> x1 = {1};
  CHECK(absl::IsInvalidArgument(m.probability_alive({.frequency = x1, .recency = half, .T = n}, out)));
  CHECK(absl::IsInvalidArgument(m.conditional_expected_purchases(1.5, {.frequency = x1, .recency = tx, .T = n}, out)));
  CHECK(absl::IsInvalidArgument(m.probability_alive_after(-1, {.frequency = x1, .recency = tx, .T = n}, out)));
}

TEST_CASE("BG/BB at extreme histories gives finite values") {
  BetaGeoBetaBinomModel m;
  REQUIRE(m.set_params(std::vector<double>{0.05, 40, 0.05, 40}).ok());
  const std::vector<double> x = {0, 5000, 1, 20000}, tx = {0, 5000, 1, 20000}, n = {20000, 20000, 20000, 20000};
  std::vector<double> alive(4), e(4);
  REQUIRE(m.probability_alive({.frequency = x, .recency = tx, .T = n}, alive).ok());
  REQUIRE(m.conditional_expected_purchases(1000, {.frequency = x, .recency = tx, .T = n}, e).ok());
  for (int i = 0; i < 4; ++i) {
    CHECK((alive[i] >= 0 && alive[i] <= 1));
    CHECK(std::isfinite(e[i]));
  }
  CHECK(alive[3] == 1.0);  // bought in the last period
}

TEST_CASE("BG/BB purchase-count distribution: Hardie's in-sample sheet and a distribution") {
  const Donations d = donations();
  BetaGeoBetaBinomModel m;
  REQUIRE(m.fit({.frequency = d.x, .recency = d.tx, .T = d.n, .weight = d.w}).ok());
  const std::vector<double> x = {0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<double> p(8);
  REQUIRE(segcore::probability_of_n_purchases(m, 6, x, p).ok());
  // Hardie's BG/BB spreadsheet: 3,454.9 donors expected with no repeat donation, 1,253.1 with six.
  CHECK(std::abs(p[0] * 11104 - 3454.9) < 0.5);
  CHECK(std::abs(p[6] * 11104 - 1253.1) < 0.5);
  CHECK(p[7] == 0.0);
  double total = 0;
  for (int i = 0; i < 7; ++i) total += p[i];
  CHECK(total == doctest::Approx(1.0).epsilon(1e-13));
  // Long histories: still a distribution.
  std::vector<double> many(301), pm(301);
  for (int i = 0; i <= 300; ++i) many[i] = i;
  REQUIRE(segcore::probability_of_n_purchases(m, 300, many, pm).ok());
  total = 0;
  for (double v : pm) total += v;
  CHECK(total == doctest::Approx(1.0).epsilon(1e-12));
  const std::vector<double> half = {0.5};
  CHECK(absl::IsInvalidArgument(segcore::probability_of_n_purchases(m, 6, half, p)));
  CHECK(absl::IsInvalidArgument(segcore::probability_of_n_purchases(m, 6.5, x, p)));
}
