// Column statistics and scaling throughput (GB/s of input read), by thread count.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "segcore/segcore.hpp"

namespace {

std::vector<double> data(std::size_t n, std::size_t d) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> dist(3.0, 1.0);
  std::vector<double> x(n * d);
  for (auto& v : x) v = dist(rng);
  return x;
}

void BM_describe(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0)), d = 16;
  auto x = data(n, d);
  for (auto _ : state) {
    auto s = segcore::describe(segcore::ConstMatrixView<double>(x.data(), n, d),
                               {.n_threads = static_cast<int>(state.range(1))});
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * d * sizeof(double)));
}

void BM_scaler_fit_transform(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0)), d = 16;
  auto x = data(n, d);
  std::vector<double> y(x.size());
  segcore::Scaler scaler(
      {.kind = static_cast<segcore::ScalerKind>(state.range(2)), .n_threads = static_cast<int>(state.range(1))});
  for (auto _ : state) {
    auto st = scaler.fit(segcore::ConstMatrixView<double>(x.data(), n, d));
    st.Update(scaler.transform(segcore::ConstMatrixView<double>(x.data(), n, d),
                               segcore::MatrixView<double>(y.data(), n, d)));
    if (!st.ok()) state.SkipWithError(std::string(st.message()).c_str());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * d * sizeof(double)));
}

}  // namespace

BENCHMARK(BM_describe)->ArgsProduct({{100000, 1000000}, {1, 2}})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_scaler_fit_transform)
    ->ArgsProduct({{1000000}, {1, 2}, {0, 1, 2}})
    ->ArgNames({"n", "threads", "kind"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
