// Weighted sums of numeric columns, found by name like every reader of the ProfileTable.
#include <cmath>

#include "segcore/score.hpp"

SEGCORE_NAMESPACE_BEGIN

Status weighted_score(const TableView& table, std::span<const ScoreTerm> terms, double bias, bool missing_as_zero,
                      std::span<double> out) {
  constexpr const char* where = "weighted_score";
  if (out.size() != table.rows)
    return invalid_argument(where, "out holds ", out.size(), " values; the table has ", table.rows, " rows");
  if (!std::isfinite(bias)) return invalid_argument(where, "bias is not finite");
  std::vector<const ColumnView*> cols;
  for (const ScoreTerm& t : terms) {
    const ColumnView* c = table.find(t.column);
    if (c == nullptr) return absl::NotFoundError(absl::StrCat(where, ": the table has no column '", t.column, "'"));
    if (c->type == ColumnType::text) return invalid_argument(where, "column '", t.column, "' is text");
    if (!std::isfinite(t.weight)) return invalid_argument(where, "the weight of '", t.column, "' is not finite");
    if ((c->type == ColumnType::f64 ? static_cast<const void*>(c->f64) : c->i64) == nullptr && table.rows != 0)
      return invalid_argument(where, "column '", t.column, "' has no data");
    cols.push_back(c);
  }
  std::fill(out.begin(), out.end(), bias);
  // Column by column: each pass streams one column and the output.
  for (std::size_t j = 0; j < cols.size(); ++j) {
    const ColumnView& c = *cols[j];
    const double w = terms[j].weight;
    for (std::size_t i = 0; i < table.rows; ++i) {
      bool ok = c.valid == nullptr || c.valid[i];
      double x = c.type == ColumnType::f64 ? c.f64[i] : static_cast<double>(c.i64[i]);
      if (!ok || std::isnan(x)) {
        if (!missing_as_zero) out[i] = std::nan("");
        continue;
      }
      if (std::isinf(x))  // as WeightedModel::fit: an infinite value is not a score's input
        return invalid_argument(where, "column '", terms[j].column, "', row ", i, " is infinite");
      out[i] += w * x;
    }
  }
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
