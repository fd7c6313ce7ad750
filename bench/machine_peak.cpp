// This machine's limits, for judging the kernels: FP32 FMA throughput and memory read
// bandwidth, on 1 and 2 threads. Built with -march=native: it measures the host it runs on.
// Prints one "name value" line per figure (GFLOP/s, GB/s), read by bench/peers/kmeans_peers.py.
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include <xsimd/xsimd.hpp>

namespace {

using Clock = std::chrono::steady_clock;
using Batch = xsimd::batch<float>;  // the widest the compiler targets with -march=native

// 16 independent FMA chains per thread: enough to cover latency x throughput on current cores.
double fma_gflops(int threads) {
  constexpr int kChains = 16;
  constexpr long kIters = 50'000'000;
  std::vector<float> sink(static_cast<std::size_t>(threads));
  auto work = [&](int t) {
    Batch acc[kChains];
    for (int c = 0; c < kChains; ++c) acc[c] = Batch(1.0f + c * 1e-3f);
    const Batch a(0.999999f), b(1e-7f);
    for (long i = 0; i < kIters; ++i)
      for (int c = 0; c < kChains; ++c) acc[c] = xsimd::fma(acc[c], a, b);
    Batch s = acc[0];
    for (int c = 1; c < kChains; ++c) s += acc[c];
    sink[static_cast<std::size_t>(t)] = xsimd::hadd(s);
  };
  auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double flops = 2.0 * kChains * Batch::size * static_cast<double>(kIters) * threads;
  if (sink[0] == 12345.0f) std::puts("");  // keep the result alive
  return flops / seconds / 1e9;
}

// Sums a 1 GiB float array (each thread its half), best of 5 passes.
double read_gbps(int threads) {
  const std::size_t n = (1ull << 30) / sizeof(float);
  std::vector<float> data(n, 1.0f);
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {
    std::vector<float> sink(static_cast<std::size_t>(threads));
    auto work = [&](int t) {
      const std::size_t per = n / static_cast<std::size_t>(threads);
      const float* p = data.data() + per * static_cast<std::size_t>(t);
      Batch acc[4] = {Batch(0.f), Batch(0.f), Batch(0.f), Batch(0.f)};
      for (std::size_t i = 0; i + 4 * Batch::size <= per; i += 4 * Batch::size)
        for (int c = 0; c < 4; ++c) acc[c] += Batch::load_unaligned(p + i + c * Batch::size);
      sink[static_cast<std::size_t>(t)] = xsimd::hadd(acc[0] + acc[1] + acc[2] + acc[3]);
    };
    auto start = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::max(best, static_cast<double>(n * sizeof(float)) / seconds / 1e9);
    if (sink[0] == 12345.0f) std::puts("");
  }
  return best;
}

}  // namespace

int main() {
  std::printf("simd_width_floats %zu\n", Batch::size);
  for (int threads : {1, 2}) {
    std::printf("fma_gflops_%dt %.1f\n", threads, fma_gflops(threads));
    std::printf("read_gbps_%dt %.2f\n", threads, read_gbps(threads));
  }
  return 0;
}
