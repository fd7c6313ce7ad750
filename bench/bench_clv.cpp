// CLV: BG/NBD fits on CDNOW and on 1,000,000 simulated customers, predictions for 1,000,000
// customers, by thread count. docs/BENCHMARKS.md ("CLV") has the figures and the command.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "clv/cdnow_summary.hpp"
#include "segcore/clv.hpp"

namespace {

struct Population {
  std::vector<double> x, tx, T;
  segcore::ClvHistories histories() const { return {.frequency = x, .recency = tx, .T = T}; }
};

// Customers drawn from the BG/NBD process with CDNOW's parameters: rate ~ Gamma(r, alpha),
// dropout probability ~ Beta(a, b), Poisson purchases, a coin after each repeat purchase.
// First purchases are spread over 13 weeks before a 39-week calibration period. With
// day_grid the times are whole days in weeks (as real summaries are); otherwise continuous,
// so almost every row is distinct (the worst case for grouping).
Population simulate(std::size_t n, bool day_grid, std::uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> rate(0.243, 1 / 4.414);
  std::gamma_distribution<double> ga(0.793, 1.0), gb(2.426, 1.0);
  std::uniform_real_distribution<double> u(0, 1);
  Population p;
  p.x.reserve(n), p.tx.reserve(n), p.T.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    double T = 39 + 13 * u(rng);
    if (day_grid) T = std::floor(T * 7) / 7;
    const double lambda = rate(rng), ya = ga(rng), dropout = ya / (ya + gb(rng));
    std::exponential_distribution<double> gap(lambda);
    double t = 0, last = 0, x = 0;
    for (;;) {
      t += gap(rng);
      if (day_grid) t = std::ceil(t * 7) / 7;
      if (t > T) break;
      x += 1, last = t;
      if (u(rng) < dropout) break;
    }
    p.x.push_back(x), p.tx.push_back(last), p.T.push_back(T);
  }
  return p;
}

const Population& million(bool day_grid) {
  static const Population continuous = simulate(1'000'000, false), days = simulate(1'000'000, true);
  return day_grid ? days : continuous;
}

void report(benchmark::State& state, const segcore::BetaGeoModel& m) {
  state.counters["r"] = m.params()[0];
  state.counters["alpha"] = m.params()[1];
  state.counters["a"] = m.params()[2];
  state.counters["b"] = m.params()[3];
  state.counters["newton_steps"] = m.diagnostics().iterations;
  state.counters["distinct_rows"] = static_cast<double>(m.n_distinct_rows());
}

void BM_bgnbd_fit_cdnow(benchmark::State& state) {
  const auto s = segcore_test::cdnow_calibration_summary();
  segcore::BetaGeoModel m;
  for (auto _ : state) {
    auto st = m.fit(segcore_test::histories(s), {.n_threads = static_cast<int>(state.range(0))});
    if (!st.ok()) state.SkipWithError(std::string(st.message()).c_str());
  }
  report(state, m);
}

void BM_bgnbd_fit_1m(benchmark::State& state) {
  const Population& p = million(state.range(1) != 0);
  segcore::BetaGeoModel m;
  for (auto _ : state) {
    auto st = m.fit(p.histories(), {.n_threads = static_cast<int>(state.range(0))});
    if (!st.ok()) state.SkipWithError(std::string(st.message()).c_str());
  }
  report(state, m);
}

template <bool kAlive>
void BM_bgnbd_predict_1m(benchmark::State& state) {
  const Population& p = million(false);
  segcore::BetaGeoModel m;
  (void)m.set_params(std::vector<double>{0.243, 4.414, 0.793, 2.426});
  std::vector<double> out(p.x.size());
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto st = kAlive ? m.probability_alive(p.histories(), out, threads)
                     : m.conditional_expected_purchases(39, p.histories(), out, threads);
    if (!st.ok()) state.SkipWithError(std::string(st.message()).c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * p.x.size()));
}

// For comparison: Pareto/NBD, whose fit and P(alive) sum two
// 2F1 series per row.
void BM_pareto_fit_cdnow(benchmark::State& state) {
  const auto s = segcore_test::cdnow_calibration_summary();
  segcore::ParetoNbdModel m;
  for (auto _ : state) {
    auto st = m.fit(segcore_test::histories(s), {.n_threads = static_cast<int>(state.range(0))});
    if (!st.ok()) state.SkipWithError(std::string(st.message()).c_str());
  }
}

// Customers drawn from the Pareto/NBD process with CDNOW-like parameters: purchase rate ~
// Gamma(r, alpha), dropout rate ~ Gamma(s, beta), an exponential lifetime, Poisson purchases
// while alive; continuous times over a 39 to 52 week history, so every row is distinct.
Population simulate_pareto(std::size_t n, std::uint64_t seed = 11) {
  std::mt19937_64 rng(seed);
  std::gamma_distribution<double> rate(0.55, 1 / 10.6), dropout(0.61, 1 / 11.7);
  std::uniform_real_distribution<double> u(0, 1);
  Population p;
  p.x.reserve(n), p.tx.reserve(n), p.T.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double T = 39 + 13 * u(rng), lambda = rate(rng), mu = dropout(rng);
    const double end = std::min(T, std::exponential_distribution<double>(mu)(rng));
    std::exponential_distribution<double> gap(lambda);
    double t = 0, last = 0, x = 0;
    while ((t += gap(rng)) <= end) x += 1, last = t;
    p.x.push_back(x), p.tx.push_back(last), p.T.push_back(T);
  }
  return p;
}

// The Pareto/NBD fit on 235,700 distinct histories (ten times CDNOW's customer count).
void BM_pareto_fit_235k(benchmark::State& state) {
  static const Population p = simulate_pareto(235'700);
  segcore::ParetoNbdModel m;
  for (auto _ : state) {
    auto st = m.fit(p.histories(), {.n_threads = static_cast<int>(state.range(0))});
    if (!st.ok()) return state.SkipWithError(std::string(st.message()).c_str());
  }
  state.counters["r"] = m.params()[0];
  state.counters["alpha"] = m.params()[1];
  state.counters["s"] = m.params()[2];
  state.counters["beta"] = m.params()[3];
  state.counters["newton_steps"] = m.diagnostics().iterations;
  state.counters["evaluations"] = m.diagnostics().evaluations;
  state.counters["distinct_rows"] = static_cast<double>(m.n_distinct_rows());
}

void BM_pareto_probability_alive_1m(benchmark::State& state) {
  const Population& p = million(false);
  segcore::ParetoNbdModel m;
  (void)m.set_params(std::vector<double>{0.553, 10.578, 0.606, 11.669});
  std::vector<double> out(p.x.size());
  for (auto _ : state) {
    auto st = m.probability_alive(p.histories(), out, static_cast<int>(state.range(0)));
    if (!st.ok()) state.SkipWithError(std::string(st.message()).c_str());
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * p.x.size()));
}

}  // namespace

BENCHMARK(BM_pareto_fit_cdnow)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_pareto_fit_235k)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_pareto_probability_alive_1m)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_bgnbd_fit_cdnow)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_bgnbd_fit_1m)
    ->ArgNames({"threads", "day_grid"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_bgnbd_predict_1m<false>)
    ->Name("BM_bgnbd_conditional_expected_1m")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_bgnbd_predict_1m<true>)
    ->Name("BM_bgnbd_probability_alive_1m")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
