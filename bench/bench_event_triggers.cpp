// Event triggers: events per second through the trigger engine on one core (100,000
// customers, 2,000,000 events in time order with 10% arriving up to 20 days late), alone and
// together with the streaming profile store; the store alone on the same events, for the ratio.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "segcore/event_triggers.hpp"

namespace {

using namespace segcore;

struct Stream {
  std::vector<std::string> ids;
  std::vector<std::uint32_t> who;
  std::vector<std::int64_t> ts;
  std::vector<double> amount;
  std::vector<std::uint8_t> type, category;  // indices into the names below
};

const char* kTypes[] = {"view", "view", "view", "cart", "purchase"};
const char* kCategories[] = {"shoes", "hats", "books", "toys"};

const Stream& stream() {
  static const Stream s = [] {
    Stream s;
    std::mt19937_64 rng(11);
    const std::size_t customers = 100000, n = 2000000;
    for (std::size_t c = 0; c < customers; ++c) s.ids.push_back("C" + std::to_string(1000000 + c));
    std::int64_t clock = 1577836800;
    for (std::size_t i = 0; i < n; ++i) {
      clock += static_cast<std::int64_t>(rng() % 60);  // about one event every 30 s
      s.who.push_back(static_cast<std::uint32_t>(rng() % customers));
      s.ts.push_back(rng() % 10 == 0 ? clock - static_cast<std::int64_t>(rng() % (20 * 86400)) : clock);
      s.type.push_back(static_cast<std::uint8_t>(rng() % 5));
      s.category.push_back(static_cast<std::uint8_t>(rng() % 4));
      s.amount.push_back(s.type.back() == 4 ? static_cast<double>(rng() % 20000) / 100.0 : 0.0);
    }
    return s;
  }();
  return s;
}

// The issue's two examples and two more, so each event runs four triggers and five filters.
constexpr const char* kTriggers = R"(
trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days
trigger browsing to Browser: count(type = 'view' and category = 'shoes') > 3 within 7 days
   without (type = 'purchase')
trigger carts to "Cart abandoner": count(type = 'cart') >= 2 within 2 days without (type = 'purchase')
trigger active to Active: count(*) >= 1 within 90 days
)";

StoreSchema schema() { return {{"type", "category"}, {}, {}}; }

// mode 0: triggers only; 1: triggers and store on the same call; 2: store only.
void run(benchmark::State& state, int mode) {
  const Stream& s = stream();
  std::int64_t moves = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto set = std::make_unique<EventTriggers>(*EventTriggers::parse(kTriggers, schema()));
    auto store = std::make_unique<ProfileStore>(ProfileOptions{}, schema());
    moves = 0;
    state.ResumeTiming();
    absl::string_view cats[2];
    Event e;
    e.categories = std::span<const absl::string_view>(cats, 2);
    for (std::size_t i = 0; i < s.who.size(); ++i) {
      e.customer = s.ids[s.who[i]];
      e.timestamp = s.ts[i];
      e.amount = s.amount[i];
      cats[0] = kTypes[s.type[i]];
      cats[1] = kCategories[s.category[i]];
      Status st = mode == 2 ? store->add(e)
                            : set->add(
                                  e, [&](const SegmentMove&) { return ++moves, 0; }, mode == 1 ? store.get() : nullptr);
      if (!st.ok()) state.SkipWithError("add failed");
    }
    benchmark::DoNotOptimize(moves);
    state.PauseTiming();  // freeing is not part of applying events
    set.reset();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * s.who.size()));
  state.counters["moves"] = static_cast<double>(moves);
}

void BM_event_triggers(benchmark::State& state) { run(state, 0); }
void BM_event_triggers_with_store(benchmark::State& state) { run(state, 1); }
void BM_store_only(benchmark::State& state) { run(state, 2); }
BENCHMARK(BM_event_triggers)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_event_triggers_with_store)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_store_only)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
