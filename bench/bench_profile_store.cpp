// Streaming profile store: events applied per second on one core (events in random time
// order, 100,000 customers, 2,000,000 events), and snapshot cost.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "segcore/profile.hpp"

namespace {

struct Events {
  std::vector<std::string> ids;
  std::vector<std::uint32_t> who;
  std::vector<std::int64_t> ts;
  std::vector<double> amount;
};

const Events& events() {
  static const Events e = [] {
    Events e;
    std::mt19937_64 rng(7);
    const std::size_t customers = 100000, n = 2000000;
    for (std::size_t c = 0; c < customers; ++c) e.ids.push_back("C" + std::to_string(1000000 + c));
    for (std::size_t i = 0; i < n; ++i) {
      e.who.push_back(static_cast<std::uint32_t>(rng() % customers));
      e.ts.push_back(1577836800 + static_cast<std::int64_t>(rng() % (730 * 86400)));  // random order
      e.amount.push_back(static_cast<double>(rng() % 50000) / 100.0);
    }
    return e;
  }();
  return e;
}

void BM_store_add(benchmark::State& state) {
  const Events& e = events();
  for (auto _ : state) {
    auto store = std::make_unique<segcore::ProfileStore>();
    for (std::size_t i = 0; i < e.who.size(); ++i)
      if (!store->add(e.ids[e.who[i]], e.ts[i], e.amount[i]).ok()) state.SkipWithError("add failed");
    benchmark::DoNotOptimize(store->events());
    state.PauseTiming();  // freeing the store is not part of applying events
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * e.who.size()));
}
BENCHMARK(BM_store_add)->Unit(benchmark::kMillisecond);

// The same events grouped three lines to an order (order ids "O<n>"), as order lines arrive
// from a shop's database: the path of order ids (each customer's order index).
void BM_store_add_order_lines(benchmark::State& state) {
  const Events& e = events();
  std::vector<std::string> orders(e.who.size() / 3 + 1);
  for (std::size_t o = 0; o < orders.size(); ++o) orders[o] = "O" + std::to_string(10000000 + o);
  for (auto _ : state) {
    auto store = std::make_unique<segcore::ProfileStore>();
    for (std::size_t i = 0; i < e.who.size(); ++i) {
      const std::size_t line = i / 3 * 3;  // an order's three lines share its customer and time
      if (!store->add(e.ids[e.who[line]], e.ts[line], e.amount[i], orders[i / 3]).ok())
        state.SkipWithError("add failed");
    }
    benchmark::DoNotOptimize(store->events());
    state.PauseTiming();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * e.who.size()));
}
BENCHMARK(BM_store_add_order_lines)->Unit(benchmark::kMillisecond);

void BM_store_snapshot(benchmark::State& state) {
  const Events& e = events();
  segcore::ProfileStore store;
  for (std::size_t i = 0; i < e.who.size(); ++i) store.add(e.ids[e.who[i]], e.ts[i], e.amount[i]).IgnoreError();
  for (auto _ : state) {
    auto t = store.snapshot();
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * e.who.size()));
}
BENCHMARK(BM_store_snapshot)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
