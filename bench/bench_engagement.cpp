// aggregate_engagement on generated interactions: 5M rows of 200,000 customers (skewed), 5
// kinds, 4 channels, reach with gaps; UTC, a fixed offset, and database zones with daylight
// saving (each customer in one of six). The Python path and pandas are compared by
// bench/peers/engagement_peers.py.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "segcore/engagement.hpp"

namespace {

constexpr std::size_t kRows = 5'000'000, kCustomers = 200'000;
constexpr std::int64_t kAsOf = 1'780'000'000;

struct Data {
  std::vector<std::uint32_t> customer, kind, channel, zone;
  std::vector<std::int64_t> time;
  std::vector<double> reach;
  Data() {
    std::mt19937_64 rng(1);
    std::vector<double> weights(kCustomers);
    for (std::size_t c = 0; c < kCustomers; ++c) weights[c] = 1.0 / static_cast<double>(c + 1);
    std::discrete_distribution<std::uint32_t> pick(weights.begin(), weights.end());
    for (std::size_t i = 0; i < kRows; ++i) {
      customer.push_back(pick(rng));
      kind.push_back(static_cast<std::uint32_t>(rng() % 5));
      channel.push_back(static_cast<std::uint32_t>(rng() % 4));
      time.push_back(kAsOf - static_cast<std::int64_t>(rng() % (400 * 86400)));
      reach.push_back(rng() % 10 == 0 ? std::nan("") : static_cast<double>(rng() % 1000));
    }
    for (std::size_t c = 0; c < kCustomers; ++c) zone.push_back(static_cast<std::uint32_t>(c % 6));
  }
};

const Data& data() {
  static const Data d;
  return d;
}

void BM_Engagement(benchmark::State& state) {
  const Data& d = data();
  const segcore::Interactions in{d.customer, d.kind, d.time, d.channel, d.reach, kCustomers, 5, 4};
  segcore::EngagementOptions o;
  o.as_of = kAsOf;
  const std::vector<std::string> names = state.range(0) == 0 ? std::vector<std::string>{}
                                         : state.range(0) == 1
                                             ? std::vector<std::string>{"+05:30"}
                                             : std::vector<std::string>{"Europe/Paris", "America/New_York", "UTC",
                                                                        "Asia/Tokyo",   "Australia/Sydney", "+05:30"};
  std::vector<std::uint32_t> zone;
  if (state.range(0) == 1) zone.assign(kCustomers, 0);
  if (state.range(0) == 2) zone = d.zone;
  for (auto _ : state) {
    auto a = segcore::aggregate_engagement(in, o, {zone, names});
    if (!a.ok()) state.SkipWithError(std::string(a.status().message()).c_str());
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
  state.SetLabel(state.range(0) == 0 ? "UTC" : state.range(0) == 1 ? "fixed offset" : "database zones");
}
BENCHMARK(BM_Engagement)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
