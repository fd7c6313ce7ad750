// Exact silhouette and Ward linkage at the sizes of the scikit-learn comparison
// (bench/peers/analysis_peers.py), per kernel table and thread count.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "segcore/hierarchy.hpp"
#include "segcore/metrics.hpp"
#include "segcore/simd.hpp"

namespace {

struct Data {
  std::vector<double> x;
  std::vector<std::int32_t> labels;
};

Data blobs(std::size_t n, std::size_t d, int k) {
  std::mt19937_64 rng(0);
  std::uniform_real_distribution<double> u(-6, 6);
  std::normal_distribution<double> g;
  std::vector<double> centers(static_cast<std::size_t>(k) * d);
  for (auto& c : centers) c = u(rng);
  Data data;
  data.x.resize(n * d);
  data.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    data.labels[i] = static_cast<std::int32_t>(rng() % static_cast<unsigned>(k));
    for (std::size_t j = 0; j < d; ++j)
      data.x[i * d + j] = centers[static_cast<std::size_t>(data.labels[i]) * d + j] + g(rng);
  }
  return data;
}

void silhouette(benchmark::State& state, const std::string& arch) {
  static const Data data = blobs(30000, 16, 8);
  if (!segcore::set_simd_arch(arch).ok()) return state.SkipWithError("arch not available");
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto s = segcore::silhouette_score(segcore::ConstMatrixView<double>(data.x.data(), 30000, 16), data.labels,
                                       {.n_threads = threads});
    benchmark::DoNotOptimize(s);
  }
  segcore::set_simd_arch("").IgnoreError();
}

void ward(benchmark::State& state) {
  static const Data data = blobs(20000, 16, 8);
  for (auto _ : state) {
    auto tree =
        segcore::linkage_tree(segcore::ConstMatrixView<double>(data.x.data(), 20000, 16), segcore::Linkage::ward);
    benchmark::DoNotOptimize(tree);
  }
}

}  // namespace

BENCHMARK_CAPTURE(silhouette, avx512, std::string("avx512"))
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(silhouette, avx2, std::string("avx2"))->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(silhouette, scalar, std::string("scalar"))
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);
BENCHMARK(ward)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
