// ProfileTable lookups, option checks and the layout of the core feature columns.
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "features.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

Status validate(const ProfileOptions& o) {
  constexpr const char* where = "ProfileOptions";
  if (o.n_threads < 0) return invalid_argument(where, "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  if (o.window_days.size() > 16) return invalid_argument(where, o.window_days.size(), " windows; at most 16");
  for (std::size_t k = 0; k < o.window_days.size(); ++k) {
    const int w = o.window_days[k];
    if (w < 1 || w > 36500) return invalid_argument(where, "window of ", w, " days; use 1 to 36500");
    for (std::size_t j = 0; j < k; ++j)
      if (o.window_days[j] == w)
        return invalid_argument(where, "the window of ", w, " days is listed twice (windows ", j, " and ", k,
                                "); each window names two columns, so windows must differ");
  }
  if (o.velocity_days < 1 || o.velocity_days > 36500)
    return invalid_argument(where, "velocity_days is ", o.velocity_days, "; use 1 to 36500");
  if (o.trend_weeks < 2 || o.trend_weeks > 5200)
    return invalid_argument(where, "trend_weeks is ", o.trend_weeks, "; use 2 to 5200");
  return absl::OkStatus();
}

StatusOr<const ProfileColumn*> ProfileTable::column(absl::string_view name) const {
  for (const ProfileColumn& c : columns)
    if (c.name == name) return &c;
  std::string names;
  for (const ProfileColumn& c : columns) absl::StrAppend(&names, names.empty() ? "" : ", ", c.name);
  return absl::NotFoundError(absl::StrCat("ProfileTable: no column '", name, "' (columns: ", names, ")"));
}

SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN
namespace profile_detail {

Status check_unique_names(const std::vector<ProfileColumn>& columns, const char* where) {
  absl::flat_hash_map<absl::string_view, std::size_t> seen;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    auto [it, fresh] = seen.try_emplace(columns[j].name, j);
    if (!fresh)
      return invalid_argument(where, "two profile columns are named '", columns[j].name, "' (columns ", it->second,
                              " and ", j,
                              "): a category, attribute or numeric column of the events repeats another "
                              "or takes a built-in feature's name; rename or drop one");
  }
  return absl::OkStatus();
}

std::vector<ProfileColumn> core_columns(const ProfileOptions& o, std::size_t n) {
  std::vector<ProfileColumn> cols;
  auto add = [&](std::string name, ColumnType type) {
    ProfileColumn c;
    c.name = std::move(name);
    c.type = type;
    cols.push_back(std::move(c));
  };
  add("n_events", ColumnType::i64);
  add("n_orders", ColumnType::i64);
  add("frequency", ColumnType::i64);
  add("monetary", ColumnType::f64);
  add("revenue", ColumnType::f64);
  add("returns_count", ColumnType::i64);
  add("returns_amount", ColumnType::f64);
  add("avg_order_value", ColumnType::f64);
  add("recency_days", ColumnType::i64);
  add("first_purchase", ColumnType::timestamp);
  add("last_purchase", ColumnType::timestamp);
  add("tenure_days", ColumnType::i64);
  add("mean_interpurchase_days", ColumnType::f64);
  for (int w : o.window_days) {
    add(absl::StrCat("orders_", w, "d"), ColumnType::i64);
    add(absl::StrCat("amount_", w, "d"), ColumnType::f64);
  }
  add(absl::StrCat("velocity_", o.velocity_days, "d"), ColumnType::f64);
  add(absl::StrCat("trend_", o.trend_weeks, "w"), ColumnType::f64);
  // Filling hundreds of MB for millions of customers: one column per task.
  parallel_for(resolve_threads(o.n_threads), cols.size(), [&](std::size_t j) {
    ProfileColumn& c = cols[j];
    if (c.type == ColumnType::f64)
      c.f64.assign(n, 0.0);
    else
      c.i64.assign(n, 0);
    c.valid.assign(n, 0);
  });
  return cols;
}

}  // namespace profile_detail
SEGCORE_NAMESPACE_END
