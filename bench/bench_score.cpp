// Scores: logistic regression fits and weighted sums over named columns.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "segcore/score.hpp"

using namespace segcore;

namespace {

struct Problem {
  std::size_t n, d;
  std::vector<double> X, y;
  Problem(std::size_t n_, std::size_t d_) : n(n_), d(d_) {
    std::mt19937_64 g(7);
    std::normal_distribution<double> z(0, 1);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<double> beta(d);
    for (auto& b : beta) b = z(g);
    for (std::size_t i = 0; i < n; ++i) {
      double lin = -0.5;
      for (std::size_t j = 0; j < d; ++j) X.push_back(z(g)), lin += beta[j] * X.back();
      y.push_back(u(g) < 1 / (1 + std::exp(-lin)) ? 1 : 0);
    }
  }
};

void BM_logistic_fit(benchmark::State& state) {
  static const Problem p(100'000, 20);
  LogisticOptions o;
  o.n_threads = static_cast<int>(state.range(0));
  int iters = 0;
  for (auto _ : state) {
    LogisticRegression m(o);
    if (!m.fit(ConstMatrixView<double>(p.X.data(), p.n, p.d), p.y).ok()) state.SkipWithError("fit failed");
    iters = m.n_iter();
  }
  state.counters["newton_iters"] = iters;
}
BENCHMARK(BM_logistic_fit)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_weighted_score(benchmark::State& state) {
  const std::size_t n = 1'000'000;
  std::vector<double> a(n, 1.5), b(n, 2.5);
  std::vector<std::int64_t> c(n, 3);
  TableView t;
  t.rows = n;
  t.columns.push_back({"a", ColumnType::f64, a.data(), nullptr, nullptr, nullptr, nullptr});
  t.columns.push_back({"b", ColumnType::f64, b.data(), nullptr, nullptr, nullptr, nullptr});
  t.columns.push_back({"c", ColumnType::i64, nullptr, c.data(), nullptr, nullptr, nullptr});
  std::vector<ScoreTerm> terms = {{"a", 0.2}, {"b", -1}, {"c", 0.5}};
  std::vector<double> out(n);
  for (auto _ : state) {
    if (!weighted_score(t, terms, 0, false, out).ok()) state.SkipWithError("score failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_weighted_score)->Unit(benchmark::kMillisecond);

// Three normalised features (z-score, min-max, raw) over 10 million rows, 1 and 2 threads.
void BM_weighted_model_10m(benchmark::State& state) {
  static const std::size_t n = 10'000'000;
  static const auto cols = [] {
    std::mt19937_64 g(3);
    std::lognormal_distribution<double> money(4, 1);
    std::uniform_int_distribution<std::int64_t> days(0, 720);
    struct C {
      std::vector<double> a;
      std::vector<std::int64_t> b;
      std::vector<std::uint8_t> b_ok;
    } c;
    for (std::size_t i = 0; i < n; ++i) c.a.push_back(money(g)), c.b.push_back(days(g)), c.b_ok.push_back(i % 10 != 0);
    return c;
  }();
  TableView t;
  t.rows = n;
  t.columns.push_back({"monetary", ColumnType::f64, cols.a.data(), nullptr, nullptr, nullptr, nullptr});
  t.columns.push_back({"recency_days", ColumnType::i64, nullptr, cols.b.data(), nullptr, nullptr, cols.b_ok.data()});
  auto m = WeightedModel::fit(t, {{"monetary", 0.5, Normalization::zscore},
                                  {"recency_days", -1, Normalization::minmax},
                                  {"monetary", 0.001, Normalization::none}});
  if (!m.ok()) return state.SkipWithError("fit failed");
  std::vector<double> out(n);
  for (auto _ : state) {
    if (!m->score(t, out, false, static_cast<int>(state.range(0))).ok()) state.SkipWithError("score failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_weighted_model_10m)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
