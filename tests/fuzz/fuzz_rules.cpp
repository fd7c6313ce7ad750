// libFuzzer target: the rule language, the segment-set file format and its event-trigger
// lines, compiled against fixed schemas and, when they compile, evaluated over a small table
// (rules, segment sets) or a short event stream (triggers).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "segcore/segcore.hpp"

namespace {

// Three rows with a missing value in each column, so three-valued logic is exercised.
struct Table {
  std::vector<double> f = {1.5, -2, std::numeric_limits<double>::quiet_NaN()};
  std::vector<std::int64_t> i = {3, 0, 7}, t = {1600000000, 0, 1700000000};
  std::vector<std::string> s = {"web", "", "store"};
  std::vector<std::uint8_t> valid = {1, 1, 0};
  segcore::TableView view;
  Table() {
    view.rows = 3;
    view.as_of = 1700000000;
    view.columns = {{"monetary", segcore::ColumnType::f64, f.data()},
                    {"frequency", segcore::ColumnType::i64, nullptr, i.data(), nullptr, nullptr, valid.data()},
                    {"last_purchase", segcore::ColumnType::timestamp, nullptr, t.data()},
                    {"channel", segcore::ColumnType::text, nullptr, nullptr, s.data(), nullptr, valid.data()}};
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Table table;
  segcore::Schema schema;
  for (const auto& c : table.view.columns) schema.push_back({c.name, c.type});
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto rule = segcore::Rule::compile(text, schema); rule.ok()) {
    std::vector<std::uint8_t> out(3);
    (void)rule->evaluate(table.view, out, 2);
    for (std::size_t row = 0; row < 3; ++row) {
      (void)rule->explain(table.view, row);
      if (auto values = rule->row_values(table.view, row); values.ok()) (void)rule->evaluate_one(*values, 1700000000);
    }
  }
  if (auto set = segcore::SegmentSet::parse(text, schema); set.ok()) {
    std::vector<std::int32_t> out(3);
    (void)set->assign(table.view, out);
    (void)set->explain(table.view, 0);
  }
  segcore::StoreSchema events;
  events.categories = {"type", "category"};
  if (auto triggers = segcore::EventTriggers::parse(text, events); triggers.ok()) {
    const absl::string_view kinds[][2] = {{"view", "shoes"}, {"purchase", "shoes"}, {"view", "hats"}};
    int reports = 0;
    for (int i = 0; i < 12; ++i) {
      segcore::Event e;
      e.customer = i % 3 ? "a" : "b";
      e.timestamp = 1600000000 + (i * 7919 % 13) * 43200;  // out of order on purpose
      e.amount = i % 4 ? 0.0 : 25.0;
      e.categories = kinds[i % 3];
      // Every third report is refused: the moves must stay pending, not be lost.
      (void)triggers->add(e, [&](const segcore::SegmentMove&) { return ++reports % 3 == 0; });
    }
    (void)triggers->flush([](const segcore::SegmentMove&) { return 0; });
  }
  return 0;
}
