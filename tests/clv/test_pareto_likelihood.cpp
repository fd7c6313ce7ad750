// The Pareto/NBD fit's objective (analytic gradient and Hessian, pareto_likelihood.cpp) against
// the likelihood the fit summed before (pareto_reference.hpp) and against central differences,
// and the fit against the old fit with numeric derivatives, over random data sets of several
// sizes and parameter regions with extreme histories.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "clv/pareto_likelihood.hpp"
#include "clv/pareto_reference.hpp"
#include "segcore/clv.hpp"

namespace {

using segcore::clv_detail::DistinctHistories;
using segcore::clv_detail::ParetoObjective;

struct Sample {
  std::vector<double> x, tx, T;
  segcore::ClvHistories histories() const { return {.frequency = x, .recency = tx, .T = T}; }
};

// n customers from Pareto/NBD(r, alpha, s, beta) over histories of t_min to t_max, plus the
// awkward rows: x = 0, t_x = T, many purchases, T tiny and (unless mild) huge.
Sample simulate(std::size_t n, const std::array<double, 4>& p, double t_min, double t_max, std::uint64_t seed,
                bool mild = false) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> rate(p[0], 1 / p[1]), dropout(p[2], 1 / p[3]);
  std::uniform_real_distribution<double> u(0, 1);
  Sample s;
  for (std::size_t i = 0; i < n; ++i) {
    const double T = t_min + (t_max - t_min) * u(rng), mu = dropout(rng);
    const double end = std::min(T, std::exponential_distribution<double>(mu)(rng));
    std::exponential_distribution<double> gap(rate(rng));
    double t = 0, last = 0, x = 0;
    while ((t += gap(rng)) <= end && x < 5000) x += 1, last = t;
    s.x.push_back(x), s.tx.push_back(last), s.T.push_back(T);
  }
  const double scale = t_max;
  const double extra[][3] = {{0, 0, 1e-3 * scale},
                             {0, 0, 30 * scale},
                             {3, scale, scale},
                             {1, 1e-3 * scale, 1e-3 * scale},
                             {400, 0.9 * scale, scale},
                             {2000, 0.5 * scale, scale},
                             {1, 1e-6 * scale, 20 * scale},
                             {7, 2 * scale, 25 * scale}};
  // A fit to a few hundred rows with thousands of purchases in one runs off to alpha << beta,
  // where every series needs its 200,000 terms: the mild set keeps the fit comparison short.
  const double mild_extra[][3] = {
      {0, 0, 1e-3 * scale}, {3, scale, scale}, {1, 1e-3 * scale, 1e-3 * scale}, {60, 0.9 * scale, scale}};
  if (mild)
    for (const auto& e : mild_extra) s.x.push_back(e[0]), s.tx.push_back(e[1]), s.T.push_back(e[2]);
  else
    for (const auto& e : extra) s.x.push_back(e[0]), s.tx.push_back(e[1]), s.T.push_back(e[2]);
  return s;
}

struct Region {
  std::array<double, 4> p;  // r, alpha, s, beta
  double t_min, t_max;
};
const Region kRegions[] = {
    {{0.55, 10.6, 0.61, 11.7}, 39, 52},   // CDNOW-like
    {{2.0, 3.0, 0.3, 40.0}, 20, 30},      // frequent buyers, alpha << beta
    {{0.2, 50.0, 1.5, 2.0}, 5, 100},      // rare buyers who leave fast, alpha >> beta
    {{1.0, 1e3, 0.8, 1.1e3}, 500, 2000},  // another time unit (days)
};

Eigen::VectorXd log_params(const std::array<double, 4>& p) {
  Eigen::VectorXd t(4);
  for (int k = 0; k < 4; ++k) t[k] = std::log(p[k]);
  return t;
}

}  // namespace

TEST_CASE("Pareto/NBD objective: its value is the reference likelihood's, its derivatives central differences'") {
  int seed = 0;
  for (const Region& region : kRegions) {
    const Sample s = simulate(300, region.p, region.t_min, region.t_max, ++seed);
    const DistinctHistories d = segcore::clv_detail::group_histories(s.histories());
    Eigen::VectorXd w = Eigen::VectorXd::Constant(4, 1e-3);
    const ParetoObjective objective(d, 0.01, w, 2);
    const auto reference = segcore_test::pareto_reference_objective(d, 0.01, w, 1);
    // At the simulating parameters and at points on both sides of alpha = beta.
    for (const auto& p : {region.p, std::array<double, 4>{0.9, 4.0, 2.0, 4.5},
                          std::array<double, 4>{0.4, 9.0, 0.3, 2.0}, std::array<double, 4>{1.3, 5.0, 0.7, 5.0}}) {
      CAPTURE(seed);
      CAPTURE(p[1]);
      const Eigen::VectorXd theta = log_params(p);
      double f, f_ref;
      Eigen::VectorXd g(4), g_ref(4);
      Eigen::MatrixXd H(4, 4), H_ref(4, 4);
      REQUIRE(objective(theta, &f, &g, &H));
      REQUIRE(reference(theta, &f_ref, &g_ref, &H_ref));
      double f_value;
      REQUIRE(objective(theta, &f_value, nullptr, nullptr));
      CHECK(f_value == f);  // the value alone has the bits of the value with derivatives
      CHECK(f == doctest::Approx(f_ref).epsilon(1e-12));
      const double gs = std::max(1.0, g_ref.cwiseAbs().maxCoeff()), hs = std::max(1.0, H_ref.cwiseAbs().maxCoeff());
      for (int k = 0; k < 4; ++k) {
        CHECK(std::abs(g[k] - g_ref[k]) <= 1e-6 * gs);
        for (int m = 0; m < 4; ++m) CHECK(std::abs(H(k, m) - H_ref(k, m)) <= 1e-5 * hs);
      }
    }
  }
}

// Both fits run to a gradient of 1e-9, where they stand at the same optimum: at the default
// 1e-7, an ill-conditioned likelihood (a flat direction) leaves either fit anywhere along a
// stretch wider than 1e-6, wherever its last Newton step happened to land.
// Only data sets where the old fit gets there too, in well under a second: its central
// differences are noisy at about 1e-10, and on frequent buyers (alpha << beta) it stops short
// of 1e-9 on 2,000 rows and takes two minutes on 300 (their series sum thousands of terms, 40
// evaluations per Newton step). The objective test above covers that region.
TEST_CASE("Pareto/NBD fit: the parameters of the old fit with numeric derivatives, to 1e-6") {
  struct Case {
    int region;
    std::size_t n;
    std::uint64_t seed;
  };
  for (const Case& cs : {Case{0, 300, 101}, Case{0, 2000, 102}, Case{3, 300, 105}, Case{3, 2000, 106}}) {
    {
      const Region& rg = kRegions[cs.region];
      const int seed = static_cast<int>(cs.seed);
      const Sample s = simulate(cs.n, rg.p, rg.t_min, rg.t_max, cs.seed, true);
      const segcore::ClvHistories h = s.histories();
      CAPTURE(seed);
      const segcore::ClvFitOptions options{.gradient_tol = 1e-9};
      segcore::ParetoNbdModel m;
      const segcore::Status st = m.fit(h, options);
      // The old fit: the same Newton steps on the old objective.
      const DistinctHistories d = segcore::clv_detail::group_histories(h);
      segcore::ClvFitDiagnostics diag;
      const auto old =
          segcore::clv_detail::fit_pareto("reference", h, d, options, segcore_test::pareto_reference_objective, &diag);
      REQUIRE(st.ok() == old.ok());
      if (!st.ok()) continue;
      CHECK(m.diagnostics().stop == diag.stop);
      for (int k = 0; k < 4; ++k) CHECK(m.params()[k] == doctest::Approx(old->params[k]).epsilon(1e-6));
      // The old Hessian was central differences: it had about 5 digits, fewer where the
      // likelihood is flat.
      for (int k = 0; k < 4; ++k)
        CHECK(m.standard_errors()[k] == doctest::Approx(old->standard_errors[k]).epsilon(1e-3));
    }
  }
}

TEST_CASE("Pareto/NBD fit: the same bits on 1, 2 and 3 threads") {
  const Sample s = simulate(70'000, kRegions[0].p, kRegions[0].t_min, kRegions[0].t_max, 7);
  segcore::ParetoNbdModel one;
  REQUIRE(one.fit(s.histories(), {.n_threads = 1}).ok());
  for (int threads : {2, 3}) {
    segcore::ParetoNbdModel m;
    REQUIRE(m.fit(s.histories(), {.n_threads = threads}).ok());
    for (int k = 0; k < 4; ++k) {
      CHECK(m.params()[k] == one.params()[k]);
      CHECK(m.standard_errors()[k] == one.standard_errors()[k]);
    }
    CHECK(m.log_likelihood() == one.log_likelihood());
  }
}

TEST_CASE("Pareto/NBD fit: 2F1(1, q; c; z) and its derivatives in q, c and z against mpmath") {
  struct Point {
    double q, c, z;
    std::array<double, 10> ref;
  };
  const Point grid[] = {
#include "clv/pareto_q_grid.inc"
  };
  for (const Point& pt : grid) {
    CAPTURE(pt.q);
    CAPTURE(pt.c);
    CAPTURE(pt.z);
    const std::array<double, 10> got = segcore::clv_detail::pareto_q_series(pt.q, pt.c, pt.z);
    // Rounding grows with the number of terms, about 40 / (1 - z).
    const double terms = 1 / (1 - pt.z);
    CHECK(got[0] == doctest::Approx(pt.ref[0]).epsilon(1e-14 * terms));
    // The series stops once Q_zz's tail is below about 1e-13 Q: each derivative is right to
    // that much of Q, and to 1e-11 of itself.
    for (int k = 1; k < 10; ++k) {
      CAPTURE(k);
      CHECK(std::abs(got[k] - pt.ref[k]) <= terms * (1e-11 * std::abs(pt.ref[k]) + 1e-12 * pt.ref[0]));
    }
  }
}
