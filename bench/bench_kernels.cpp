// Distance kernels by instruction set: the nearest-center kernel (GFLOP/s counting 2*n*k*d,
// and GB/s of rows read) as the tables choose it and in each of its two layouts, /by_center and
// /by_row, side by side; the center-sum accumulation (ns per row); the one-to-one squared
// distance.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
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

using NearestFn = decltype(k::Kernels<float>::nearest);

// fn: the table's nearest (the layout it chooses) or one of the two layouts.
void nearest(benchmark::State& state, NearestFn fn) {
  const std::size_t n = 1 << 16, d = static_cast<std::size_t>(state.range(0)),
                    kc = static_cast<std::size_t>(state.range(1));
  auto x = random_floats(n * d), c = random_floats(kc * d);
  k::CenterPack<float> pack;
  pack.assign(c.data(), kc, d);
  std::vector<std::int32_t> label(n);
  std::vector<float> part(n);
  for (auto _ : state) {
    fn(x.data(), n, d, d, pack.origin.data(), pack.ct.data(), pack.cnorm.data(), pack.kpad, label.data(), part.data());
    benchmark::DoNotOptimize(label.data());
  }
  const double iters = static_cast<double>(state.iterations());
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * n * kc * d * iters / 1e9, benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<int64_t>(iters * n * d * sizeof(float)));
}

// Center sums of 4096 rows (in cache, as in Lloyd's pass) with random labels, 1024 rows a call.
void accumulate(benchmark::State& state, const k::KernelTable* table) {
  const std::size_t n = 4096, block = 1024, d = static_cast<std::size_t>(state.range(0)),
                    kc = static_cast<std::size_t>(state.range(1));
  auto x = random_floats(n * d);
  std::vector<std::int32_t> label(n);
  std::mt19937_64 rng(2);
  for (auto& l : label) l = static_cast<std::int32_t>(rng() % kc);
  std::vector<double> sums_buf(kc * d + 8 + 8), weights(kc), origin(d, 0.0);  // sums start at an offset, as chosen
  double* sums = reinterpret_cast<double*>((reinterpret_cast<std::uintptr_t>(sums_buf.data()) + 63) / 64 * 64) +
                 static_cast<std::size_t>(state.range(2));
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; i += block)
      table->f32.accumulate(&x[i * d], block, d, d, origin.data(), &label[i], nullptr, sums, weights.data());
    benchmark::DoNotOptimize(sums);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * d * sizeof(float)));
  state.counters["ns/row"] = benchmark::Counter(static_cast<double>(n) * state.iterations(),
                                                benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
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
    const std::pair<const char*, NearestFn> layouts[] = {
        {"", t->f32.nearest}, {"/by_center", t->f32.nearest_by_center}, {"/by_row", t->f32.nearest_by_row}};
    for (const auto& [suffix, fn] : layouts)
      benchmark::RegisterBenchmark((std::string("nearest_f32/") + t->name + suffix).c_str(), nearest, fn)
          ->ArgsProduct({{2, 4, 8, 16, 64}, {16, 64}})
          ->ArgNames({"d", "k"});
    benchmark::RegisterBenchmark((std::string("accumulate_f32/") + t->name).c_str(), accumulate, t)
        ->ArgsProduct({{2, 8, 16, 64}, {16, 64}, {0, 2}})
        ->ArgNames({"d", "k", "offset"});
    benchmark::RegisterBenchmark((std::string("sqdist_f32/") + t->name).c_str(), sqdist, t)
        ->Arg(16)
        ->Arg(64)
        ->Arg(1000);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
