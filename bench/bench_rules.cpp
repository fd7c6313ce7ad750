// Rules: batch evaluation over columns, one profile at a time, and segment-set assignment.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "segcore/rules.hpp"

using namespace segcore;

namespace {

// Profile-like columns: recency_days and frequency (i64, 10% missing recency), monetary
// and avg_order_value (f64), country (text).
struct Columns {
  std::vector<std::int64_t> recency, frequency;
  std::vector<std::uint8_t> recency_ok;
  std::vector<double> monetary, aov;
  std::vector<std::string> country;
  TableView view;

  explicit Columns(std::size_t n, bool with_text = true) {
    std::mt19937_64 g(42);
    std::uniform_int_distribution<int> days(0, 720), orders(0, 30), pct(0, 99);
    std::lognormal_distribution<double> money(5, 1.5);
    const char* countries[] = {"United Kingdom", "France", "Germany", "Spain", "Norway"};
    for (std::size_t i = 0; i < n; ++i) {
      recency.push_back(days(g));
      recency_ok.push_back(pct(g) >= 10);
      frequency.push_back(orders(g));
      monetary.push_back(money(g));
      aov.push_back(monetary.back() / std::max<std::int64_t>(frequency.back(), 1));
      if (with_text) country.push_back(countries[pct(g) % 5]);
    }
    view.rows = n;
    view.columns.push_back(
        {"recency_days", ColumnType::i64, nullptr, recency.data(), nullptr, nullptr, recency_ok.data()});
    view.columns.push_back({"frequency", ColumnType::i64, nullptr, frequency.data(), nullptr, nullptr, nullptr});
    view.columns.push_back({"monetary", ColumnType::f64, monetary.data(), nullptr, nullptr, nullptr, nullptr});
    view.columns.push_back({"avg_order_value", ColumnType::f64, aov.data(), nullptr, nullptr, nullptr, nullptr});
    view.columns.push_back(
        {"tenure_days", ColumnType::i64, nullptr, recency.data(), nullptr, nullptr, recency_ok.data()});
    if (with_text)
      view.columns.push_back({"country", ColumnType::text, nullptr, nullptr, country.data(), nullptr, nullptr});
  }
  Schema schema() const {
    Schema s;
    for (const ColumnView& c : view.columns) s.push_back({c.name, c.type});
    return s;
  }
};

// Five numeric clauses.
constexpr const char* kFive =
    "recency_days <= 90 and frequency >= 3 and monetary > 200 and avg_order_value < 500 and frequency < 25";

const Columns& columns() {
  static const Columns c(1'000'000);
  return c;
}

void BM_rule_batch(benchmark::State& state) {
  const Columns& c = columns();
  auto rule = Rule::compile(kFive, c.schema());
  std::vector<std::uint8_t> out(c.view.rows);
  for (auto _ : state) {
    if (!rule->evaluate(c.view, out, static_cast<int>(state.range(0))).ok()) state.SkipWithError("evaluate failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.view.rows));
}
BENCHMARK(BM_rule_batch)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The bar: the five-clause rule over 10 million profiles; clause evaluations per
// second = 5 x rows / wall time.
void BM_rule_batch_10m(benchmark::State& state) {
  static const Columns c(10'000'000, false);
  auto rule = Rule::compile(kFive, c.schema());
  std::vector<std::uint8_t> out(c.view.rows);
  for (auto _ : state) {
    if (!rule->evaluate(c.view, out, static_cast<int>(state.range(0))).ok()) state.SkipWithError("evaluate failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.view.rows));
  state.counters["clauses_per_s"] =
      benchmark::Counter(5.0 * static_cast<double>(c.view.rows) * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_rule_batch_10m)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_rule_batch_text(benchmark::State& state) {
  const Columns& c = columns();
  auto rule = Rule::compile("country in ('France', 'Spain') and monetary > 200", c.schema());
  std::vector<std::uint8_t> out(c.view.rows);
  for (auto _ : state) {
    if (!rule->evaluate(c.view, out, 1).ok()) state.SkipWithError("evaluate failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.view.rows));
}
BENCHMARK(BM_rule_batch_text)->Unit(benchmark::kMillisecond);

void BM_rule_one_profile(benchmark::State& state) {
  const Columns& c = columns();
  auto rule = Rule::compile(kFive, c.schema());
  // A profile that passes every clause, so all five are evaluated.
  std::vector<FieldValue> v = {FieldValue::of(10), FieldValue::of(5), FieldValue::of(300), FieldValue::of(60)};
  if (rule->evaluate_one(v) != Truth::is_true) state.SkipWithError("profile should match");
  for (auto _ : state) {
    benchmark::DoNotOptimize(v.data());
    Truth t = rule->evaluate_one(v);
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_rule_one_profile);

void BM_rule_compile(benchmark::State& state) {
  Schema s = columns().schema();
  for (auto _ : state) {
    auto r = Rule::compile(kFive, s);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_rule_compile);

void BM_lifecycle_assign(benchmark::State& state) {
  const Columns& c = columns();
  auto set = SegmentSet::lifecycle(c.schema());
  std::vector<std::int32_t> out(c.view.rows);
  for (auto _ : state) {
    if (!set->assign(c.view, out, static_cast<int>(state.range(0))).ok()) state.SkipWithError("assign failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.view.rows));
}
BENCHMARK(BM_lifecycle_assign)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
