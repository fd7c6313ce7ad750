// Rule: compilation, binding to a table's columns by name, and the batch driver that cuts rows
// into blocks and blocks into tasks for parallel_for.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "program.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

using rules_detail::Program;

Schema schema_of(const ProfileTable& table) {
  Schema s;
  s.reserve(table.columns.size());
  for (const ProfileColumn& c : table.columns) s.push_back({c.name, c.type});
  return s;
}

TableView TableView::of(const ProfileTable& table) {
  TableView v;
  v.rows = table.size();
  v.as_of = table.as_of;
  for (const ProfileColumn& c : table.columns) {
    ColumnView cv;
    cv.name = c.name;
    cv.type = c.type;
    cv.f64 = c.f64.data();
    cv.i64 = c.i64.data();
    cv.text = c.text.data();
    cv.valid = c.valid.empty() ? nullptr : c.valid.data();
    v.columns.push_back(std::move(cv));
  }
  return v;
}

const ColumnView* TableView::find(absl::string_view name) const {
  for (const ColumnView& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

namespace rules_detail {

Status bind(const Program& p, const TableView& table, std::vector<const ColumnView*>& out) {
  out.clear();
  if (p.uses_as_of && !table.as_of)
    return invalid_argument("rule", "days_since() needs the table's as_of, and this table has none");
  for (const FieldSpec& f : p.fields) {
    const ColumnView* c = table.find(f.name);
    if (c == nullptr) return absl::NotFoundError(absl::StrCat("rule: the table has no column '", f.name, "'"));
    bool want_text = f.type == ColumnType::text, is_text = c->type == ColumnType::text;
    if (want_text != is_text)
      return invalid_argument("rule", "column '", f.name, "' is ", is_text ? "text" : "numeric",
                              " in the table but was ", want_text ? "text" : "numeric", " when the rule was compiled");
    const void* data = c->type == ColumnType::f64 ? static_cast<const void*>(c->f64)
                       : is_text ? (c->text ? static_cast<const void*>(c->text) : static_cast<const void*>(c->c_text))
                                 : static_cast<const void*>(c->i64);
    if (data == nullptr && table.rows != 0) return invalid_argument("rule", "column '", f.name, "' has no data");
    out.push_back(c);
  }
  return absl::OkStatus();
}

// Blocks per task: enough tasks to balance threads, few enough that each task's scratch
// allocation is paid over many rows.
std::size_t task_blocks(std::size_t blocks) { return std::max<std::size_t>(1, (blocks + 63) / 64); }

}  // namespace rules_detail

StatusOr<Rule> Rule::compile(absl::string_view text, const Schema& schema) {
  SEGCORE_ASSIGN_OR_RETURN(Program p, rules_detail::parse_rule(text, schema));
  return Rule(std::make_shared<const Program>(std::move(p)));
}

const std::string& Rule::text() const { return program_->text; }
const std::vector<FieldSpec>& Rule::fields() const { return program_->fields; }

Status Rule::evaluate(const TableView& table, std::span<std::uint8_t> out, int n_threads) const {
  if (n_threads < 0)
    return invalid_argument("Rule::evaluate", "n_threads is ", n_threads, "; use >= 1, or 0 for all cores");
  if (out.size() != table.rows)
    return invalid_argument("Rule::evaluate", "out holds ", out.size(), " values; the table has ", table.rows, " rows");
  std::vector<const ColumnView*> cols;
  SEGCORE_RETURN_IF_ERROR(rules_detail::bind(*program_, table, cols));
  Blocks blocks(table.rows, rules_detail::kBlock);
  std::size_t per_task = rules_detail::task_blocks(blocks.count());
  Blocks tasks(blocks.count(), per_task);
  parallel_for(resolve_threads(n_threads), tasks.count(), [&](std::size_t t) {
    rules_detail::Scratch s;
    s.columns = cols;
    s.as_of = static_cast<double>(table.as_of.value_or(0));
    s.has_as_of = table.as_of.has_value();
    s.reserve(*program_);
    for (std::size_t b = tasks[t].begin; b < tasks[t].end; ++b)
      rules_detail::eval_block(*program_, s, blocks[b].begin, blocks[b].end, out.data() + blocks[b].begin);
  });
  return absl::OkStatus();
}

StatusOr<std::vector<std::uint8_t>> Rule::evaluate(const ProfileTable& table, int n_threads) const {
  std::vector<std::uint8_t> out(table.size());
  SEGCORE_RETURN_IF_ERROR(evaluate(TableView::of(table), out, n_threads));
  return out;
}

Truth Rule::evaluate_one(std::span<const FieldValue> values, std::optional<std::int64_t> as_of) const {
  if (values.size() < program_->fields.size()) return Truth::unknown;  // missing values are unknown
  const double now = static_cast<double>(as_of.value_or(0));
  return rules_detail::eval_one(*program_, values.data(), as_of ? &now : nullptr);
}

StatusOr<std::vector<FieldValue>> Rule::row_values(const TableView& table, std::size_t row) const {
  if (row >= table.rows) return absl::OutOfRangeError(absl::StrCat("rule: row ", row, " of ", table.rows));
  std::vector<const ColumnView*> cols;
  SEGCORE_RETURN_IF_ERROR(rules_detail::bind(*program_, table, cols));
  std::vector<FieldValue> values;
  for (const ColumnView* c : cols) {
    bool ok = c->valid == nullptr || c->valid[row];
    FieldValue v;
    if (c->type == ColumnType::text) {
      const char* p = c->text ? c->text[row].c_str() : c->c_text[row];
      v = ok && p != nullptr ? FieldValue::of_text(c->text ? absl::string_view(c->text[row]) : absl::string_view(p))
                             : FieldValue::missing();
    } else {
      double x = c->type == ColumnType::f64 ? c->f64[row] : static_cast<double>(c->i64[row]);
      v = ok ? FieldValue::of(x) : FieldValue::missing();
    }
    values.push_back(v);
  }
  return values;
}

std::string Rule::explain_one(std::span<const FieldValue> values, std::optional<std::int64_t> as_of) const {
  if (values.size() < program_->fields.size())
    return absl::StrCat("unknown: ", values.size(), " values given; the rule reads ", program_->fields.size(), "\n");
  const double now = static_cast<double>(as_of.value_or(0));
  return rules_detail::explain_one(*program_, values.data(), as_of ? &now : nullptr);
}

StatusOr<std::string> Rule::explain(const TableView& table, std::size_t row) const {
  SEGCORE_ASSIGN_OR_RETURN(std::vector<FieldValue> v, row_values(table, row));
  return explain_one(v, table.as_of);
}

SEGCORE_NAMESPACE_END
