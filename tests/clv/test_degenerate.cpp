// Degenerate fits: data that do not identify a model must end in bounded work, flagged, with
// a warning an analyst understands, while the published CDNOW fits stay sound.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "clv/cdnow_summary.hpp"
#include "segcore/clv.hpp"

namespace {

struct Histories {
  std::vector<double> x, tx, T;
  segcore::ClvHistories view() const { return {.frequency = x, .recency = tx, .T = T}; }
};

// Customers who never drop out: each buys as a Poisson process (rate from a Gamma
// distribution, so rates differ) from time 0 to their T, in the time unit `unit`.
Histories no_dropout(std::size_t n, std::uint64_t seed, double unit = 1.0) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> rate(2.0, 0.15);
  std::uniform_real_distribution<double> age(10, 52);
  Histories h;
  for (std::size_t i = 0; i < n; ++i) {
    const double T = age(rng), lambda = rate(rng);
    std::exponential_distribution<double> gap(lambda);
    double t = gap(rng), last = 0, x = 0;
    for (; t <= T; t += gap(rng)) last = t, ++x;
    h.x.push_back(x), h.tx.push_back(last * unit), h.T.push_back(T * unit);
  }
  return h;
}

// The Newton steps and likelihood evaluations a fit may take: max_iter steps of at most 42
// evaluations, far fewer in practice once the runaway is stopped.
constexpr int kMaxEvaluations = 100 * 42;

template <class Model>
void check_no_dropout_flagged(double unit, std::size_t n = 3000) {
  const Histories h = no_dropout(n, 7, unit);
  Model m;
  const auto st = m.fit(h.view());
  const auto& d = m.diagnostics();
  INFO(d.message);
  REQUIRE(st.ok());
  CHECK(d.degenerate);
  CHECK(d.warning.find("almost no customer dropping out") != std::string::npos);
  CHECK(d.warning.find("P(alive) is not meaningful") != std::string::npos);
  CHECK(d.iterations <= 100);
  CHECK(d.evaluations <= kMaxEvaluations);
  for (double p : m.params()) CHECK(std::isfinite(p));
  // The predictions stay finite probabilities (the warning says not to read them as churn).
  std::vector<double> pa(h.x.size());
  REQUIRE(m.probability_alive(h.view(), pa).ok());
  for (double p : pa) CHECK((p >= 0 && p <= 1));
}

}  // namespace

TEST_CASE("no-dropout histories: BG/NBD is flagged degenerate and stops") {
  check_no_dropout_flagged<segcore::BetaGeoModel>(1.0);
  // The verdict does not depend on the time unit (days instead of weeks).
  check_no_dropout_flagged<segcore::BetaGeoModel>(7.0);
}

TEST_CASE("no-dropout histories: Pareto/NBD is flagged degenerate and stops") {
  check_no_dropout_flagged<segcore::ParetoNbdModel>(1.0, 500);
}

TEST_CASE("Gamma-Gamma: spend that is the same for everyone is flagged") {
  std::vector<double> x, m;
  for (int i = 0; i < 400; ++i) x.push_back(1 + i % 9), m.push_back(25.0);
  segcore::GammaGammaModel g;
  const auto st = g.fit(x, m);
  INFO(g.diagnostics().message);
  REQUIRE(st.ok());
  CHECK(g.diagnostics().degenerate);
  CHECK(g.diagnostics().warning.find("spend per order") != std::string::npos);
}

TEST_CASE("the CDNOW fits are sound: no warning") {
  const auto s = segcore_test::cdnow_calibration_summary();
  segcore::BetaGeoModel bg;
  segcore::ParetoNbdModel pn;
  segcore::GammaGammaModel gg;
  REQUIRE(bg.fit(segcore_test::histories(s)).ok());
  REQUIRE(pn.fit(segcore_test::histories(s)).ok());
  REQUIRE(gg.fit(s.frequency, s.monetary).ok());
  for (const segcore::ClvModel* m :
       {static_cast<const segcore::ClvModel*>(&bg), static_cast<const segcore::ClvModel*>(&pn),
        static_cast<const segcore::ClvModel*>(&gg)}) {
    INFO(m->diagnostics().message);
    CHECK(!m->diagnostics().degenerate);
    CHECK(m->diagnostics().warning.empty());
    CHECK(m->diagnostics().converged());
  }
}

TEST_CASE("a time limit stops a fit and fails it; bad limits are refused") {
  const auto s = segcore_test::cdnow_calibration_summary();
  segcore::ParetoNbdModel pn;
  const auto st = pn.fit(segcore_test::histories(s), {.max_seconds = 1e-9});
  CHECK(st.code() == absl::StatusCode::kFailedPrecondition);
  CHECK(pn.diagnostics().stop == segcore::ClvFitStop::time_limit);
  CHECK(!pn.fitted());
  CHECK(!pn.fit(segcore_test::histories(s), {.max_seconds = -1}).ok());
  CHECK(!pn.fit(segcore_test::histories(s), {.max_seconds = NAN}).ok());
}
