// Distance kernels by instruction set: the nearest-centre kernel (GFLOP/s counting 2*n*k*d,
// and GB/s of rows read) and the one-to-one squared distance.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/kernel_table.hpp"

namespace k = segcore::kernels;

namespace {

std::vector<float> random_floats(std::size_t n) {
  std::mt19937_64 rng(1);
  std::normal_distribution<float> g;
  std::vector<float> v(n);
  for (auto& x : v) x = g(rng);
  return v;
}

void nearest(benchmark::State& state, const k::KernelTable* table) {
  const std::size_t n = 1 << 16, d = static_cast<std::size_t>(state.range(0)), kc = static_cast<std::size_t>(state.range(1));
  auto x = random_floats(n * d), c = random_floats(kc * d);
  k::CentrePack<float> pack;
  pack.assign(c.data(), kc, d);
  std::vector<std::int32_t> label(n);
  std::vector<float> part(n);
  for (auto _ : state) {
    table->f32.nearest(x.data(), n, d, d, pack.ct.data(), pack.cnorm.data(), pack.kpad, label.data(), part.data());
    benchmark::DoNotOptimize(label.data());
  }
  const double iters = static_cast<double>(state.iterations());
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * kc * d * iters / 1e9, benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(iters * n * d * sizeof(float)));
}

void sqdist(benchmark::State& state, const k::KernelTable* table) {
  const std::size_t d = static_cast<std::size_t>(state.range(0));
  auto a = random_floats(d), b = random_floats(d);
  for (auto _ : state) benchmark::DoNotOptimize(table->f32.sqdist(a.data(), b.data(), d));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * 2 * d * sizeof(float)));
}

}  // namespace

int main(int argc, char** argv) {
  for (const k::KernelTable* t : k::runnable_kernel_tables()) {
    benchmark::RegisterBenchmark((std::string("nearest_f32/") + t->name).c_str(), nearest, t)
        ->ArgsProduct({{8, 16, 64}, {16, 32, 64}})->ArgNames({"d", "k"});
    benchmark::RegisterBenchmark((std::string("sqdist_f32/") + t->name).c_str(), sqdist, t)->Arg(16)->Arg(64)->Arg(1000);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
