#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "clv/cdnow_summary.hpp"
#include "segcore/clv.hpp"
#include "segcore/model_file.hpp"

using segcore::BetaGeoModel;
using segcore::ModifiedBetaGeoModel;

namespace {

// The MBG/NBD log-likelihood of one customer, written out as Batislam et al. (2007) give it.
double mbg_loglik(double r, double al, double a, double b, double x, double tx, double T) {
  const double lbeta_ab = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
  const double lbeta_x = std::lgamma(a) + std::lgamma(b + x + 1) - std::lgamma(a + b + x + 1);
  const double head = lbeta_x - lbeta_ab + std::lgamma(r + x) - std::lgamma(r) + r * std::log(al);
  const double first = -(r + x) * std::log(al + T);
  const double second = std::log(a / (b + x)) - (r + x) * std::log(al + tx);
  const double m = std::max(first, second);
  return head + m + std::log(std::exp(first - m) + std::exp(second - m));
}

}  // namespace

TEST_CASE("MBG/NBD on CDNOW: BTYDplus' parameters, the paper's likelihood at the optimum") {
  const auto s = segcore_test::cdnow_calibration_summary();
  ModifiedBetaGeoModel m;
  REQUIRE(m.fit(segcore_test::histories(s)).ok());
  CHECK(m.diagnostics().converged());
  const auto p = m.params();
  // BTYDplus (and lifetimes' test): r 0.525, alpha 6.183, a 0.891, b 1.614.
  CHECK(std::abs(p[0] - 0.525) < 2e-3);
  CHECK(std::abs(p[1] - 6.183) < 2e-2);
  CHECK(std::abs(p[2] - 0.891) < 2e-3);
  CHECK(std::abs(p[3] - 1.614) < 5e-3);
  double ll = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    ll += mbg_loglik(p[0], p[1], p[2], p[3], s.frequency[i], s.recency[i], s.T[i]);
  CHECK(m.log_likelihood() == doctest::Approx(ll).epsilon(1e-10));
  // The optimum of the written-out likelihood: any small step lowers it.
  for (int k = 0; k < 4; ++k)
    for (double f : {0.999, 1.001}) {
      std::vector<double> q(p.begin(), p.end());
      q[k] *= f;
      double lq = 0;
      for (std::size_t i = 0; i < s.size(); ++i)
        lq += mbg_loglik(q[0], q[1], q[2], q[3], s.frequency[i], s.recency[i], s.T[i]);
      CHECK(lq < ll);
    }
  const auto se = m.standard_errors();
  for (int k = 0; k < 4; ++k) CHECK((se[k] > 0 && se[k] < p[k]));
}

TEST_CASE("MBG/NBD fit is identical for any thread count") {
  const auto s = segcore_test::cdnow_calibration_summary();
  ModifiedBetaGeoModel one, two;
  REQUIRE(one.fit(segcore_test::histories(s), {.n_threads = 1}).ok());
  REQUIRE(two.fit(segcore_test::histories(s), {.n_threads = 2}).ok());
  for (int k = 0; k < 4; ++k) CHECK(one.params()[k] == two.params()[k]);
}

TEST_CASE("MBG/NBD predictions: a new customer, the x = 0 odds, and BG/NBD with b + 1 in the bracket") {
  ModifiedBetaGeoModel m;
  const std::vector<double> prm = {0.525, 6.183, 0.891, 1.614};
  REQUIRE(m.set_params(prm).ok());
  const std::vector<double> zero = {0}, t = {0.5, 10, 39, 78};
  std::vector<double> ex(4), cond(1), alive(1);
  REQUIRE(m.expected_purchases(t, ex).ok());
  for (int i = 0; i < 4; ++i) {
    REQUIRE(m.conditional_expected_purchases(t[i], {.frequency = zero, .recency = zero, .T = zero}, cond).ok());
    CHECK(cond[0] == doctest::Approx(ex[i]).epsilon(1e-12));
  }
  // P(alive) of a customer without repeat purchases is below 1: b / (a + b) at T = 0.
  REQUIRE(m.probability_alive({.frequency = zero, .recency = zero, .T = zero}, alive).ok());
  CHECK(alive[0] == doctest::Approx(prm[3] / (prm[2] + prm[3])).epsilon(1e-14));
  // For x > 0 the odds a / (b + x) are BG/NBD's a / (b' + x - 1) with b' = b + 1, and so is the
  // expectation: MBG/NBD's conditional predictions for x > 0 are BG/NBD's at b + 1.
  BetaGeoModel shifted;
  REQUIRE(shifted.set_params(std::vector<double>{prm[0], prm[1], prm[2], prm[3] + 1}).ok());
  const std::vector<double> x = {1, 3, 40, 2000}, tx = {2, 30, 35, 38.5}, T = {38, 38, 39, 39};
  std::vector<double> a1(4), a2(4), e1(4), e2(4);
  REQUIRE(m.probability_alive({.frequency = x, .recency = tx, .T = T}, a1).ok());
  REQUIRE(shifted.probability_alive({.frequency = x, .recency = tx, .T = T}, a2).ok());
  REQUIRE(m.conditional_expected_purchases(52, {.frequency = x, .recency = tx, .T = T}, e1).ok());
  REQUIRE(shifted.conditional_expected_purchases(52, {.frequency = x, .recency = tx, .T = T}, e2).ok());
  for (int i = 0; i < 4; ++i) {
    CHECK(a1[i] == a2[i]);
    CHECK(e1[i] == e2[i]);
    CHECK(std::isfinite(e1[i]));
  }
}

TEST_CASE("MBG/NBD refuses bad rows by name and keeps its parameters on a failed fit") {
  ModifiedBetaGeoModel m;
  const std::vector<double> x = {1, 0}, tx = {5, 0}, T = {4, 3};
  const auto st = m.fit({.frequency = x, .recency = tx, .T = T});
  CHECK(absl::IsInvalidArgument(st));
  CHECK(st.message().find("row 0") != std::string::npos);
  CHECK(!m.fitted());
}

TEST_CASE("MBG/NBD and BG/BB round-trip through model files, also as any CLV model") {
  ModifiedBetaGeoModel m;
  REQUIRE(m.set_params(std::vector<double>{0.525, 6.183, 0.891, 1.614}).ok());
  auto bytes = segcore::model_to_bytes(static_cast<const segcore::ClvModel&>(m));
  REQUIRE(bytes.ok());
  auto back = segcore::model_from_bytes<ModifiedBetaGeoModel>(*bytes);
  REQUIRE(back.ok());
  for (int k = 0; k < 4; ++k) CHECK(back->params()[k] == m.params()[k]);
  CHECK(!segcore::model_from_bytes<BetaGeoModel>(*bytes).ok());  // another kind
  segcore::BetaGeoBetaBinomModel bb;
  REQUIRE(bb.set_params(std::vector<double>{1.204, 0.750, 0.657, 2.783}).ok());
  auto bb_bytes = segcore::model_to_bytes(static_cast<const segcore::ClvModel&>(bb));
  REQUIRE(bb_bytes.ok());
  auto any = segcore::clv_model_from_bytes(*bb_bytes);
  REQUIRE(any.ok());
  CHECK(dynamic_cast<const segcore::BetaGeoBetaBinomModel*>(any->get()) != nullptr);
  CHECK((*any)->params()[3] == 2.783);
}
