// EventTable from caller's arrays, and the ingest report as text.
#include <cmath>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "csv_internal.hpp"
#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

Categorical factorize(std::span<const std::int64_t> ids, const char* name) {
  Categorical c;
  c.name = name;
  c.codes.resize(ids.size());
  absl::flat_hash_map<std::int64_t, std::uint32_t> index;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto [it, inserted] = index.try_emplace(ids[i], static_cast<std::uint32_t>(c.values.size()));
    if (inserted) c.values.push_back(std::to_string(ids[i]));
    c.codes[i] = it->second;
  }
  return c;
}

// A name not yet used by the table's extra columns, and one value per row.
Status check_new_column(const EventTable& ev, absl::string_view name, std::size_t n, absl::string_view where) {
  if (name.empty()) return invalid_argument(where, "the column name is empty");
  auto clash = [&](const auto& columns) {
    for (const auto& c : columns)
      if (c.name == name) return true;
    return false;
  };
  if (clash(ev.categories) || clash(ev.attributes) || clash(ev.numerics))
    return invalid_argument(where, "the table already has a column '", name, "'");
  if (n != ev.rows())
    return invalid_argument(where, "'", name, "' has ", n, " values; the table has ", ev.rows(), " rows");
  return absl::OkStatus();
}

StatusOr<Categorical> categorical(const EventTable& ev, absl::string_view name, std::span<const std::uint32_t> codes,
                                  std::span<const absl::string_view> labels, absl::string_view where) {
  SEGCORE_RETURN_IF_ERROR(check_new_column(ev, name, codes.size(), where));
  Categorical c;
  c.name = std::string(name);
  absl::flat_hash_set<absl::string_view> seen;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    const absl::string_view v = labels[k];
    if (!io_detail::valid_utf8(v)) return invalid_argument(where, "labels[", k, "] is not valid UTF-8");
    if (!seen.insert(v).second) return invalid_argument(where, "labels[", k, "] ('", v, "') appears twice");
    c.values.emplace_back(v);
  }
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (codes[i] >= labels.size())
      return invalid_argument(where, "codes[", i, "] is ", codes[i], "; there are ", labels.size(), " labels");
  c.codes.assign(codes.begin(), codes.end());
  return c;
}

}  // namespace

Status add_category(EventTable& events, absl::string_view name, std::span<const std::uint32_t> codes,
                    std::span<const absl::string_view> labels, absl::string_view where) {
  SEGCORE_ASSIGN_OR_RETURN(Categorical c, categorical(events, name, codes, labels, where));
  events.categories.push_back(std::move(c));
  return absl::OkStatus();
}

Status add_attribute(EventTable& events, absl::string_view name, std::span<const std::uint32_t> codes,
                     std::span<const absl::string_view> labels, absl::string_view where) {
  SEGCORE_ASSIGN_OR_RETURN(Categorical c, categorical(events, name, codes, labels, where));
  events.attributes.push_back(std::move(c));
  return absl::OkStatus();
}

Status add_numeric(EventTable& events, absl::string_view name, std::span<const double> values,
                   absl::string_view where) {
  SEGCORE_RETURN_IF_ERROR(check_new_column(events, name, values.size(), where));
  for (std::size_t i = 0; i < values.size(); ++i)
    if (std::isinf(values[i])) return invalid_argument(where, "'", name, "' value ", i, " is infinite");
  events.numerics.push_back(NumericColumn{std::string(name), std::vector<double>(values.begin(), values.end())});
  return absl::OkStatus();
}

namespace {

// Checks the columns every event table has: equal lengths, amounts and times in range.
Status check_rows(std::size_t n, std::span<const std::int64_t> timestamp, std::span<const double> amount,
                  std::size_t n_order, const char* where) {
  if (timestamp.size() != n || amount.size() != n || (n_order != 0 && n_order != n))
    return invalid_argument(where, "arrays differ in length: customer ", n, ", timestamp ", timestamp.size(),
                            ", amount ", amount.size(), ", order ", n_order);
  if (n > UINT32_MAX) return invalid_argument(where, n, " rows; at most 2^32 - 1 are supported");
  for (std::size_t i = 0; i < n; ++i) {
    if (!(std::fabs(amount[i]) <= 1e12))
      return invalid_argument(where, "row ", i, ": amount ", amount[i],
                              std::isnan(amount[i]) ? " is NaN" : " is not within +-1e12");
    if (!io_detail::timestamp_in_range(timestamp[i]))
      return invalid_argument(where, "row ", i, ": timestamp ", timestamp[i],
                              " is outside the years 0000 to 9999 (epoch seconds ", io_detail::kMinTimestamp, " to ",
                              io_detail::kMaxTimestamp, ")");
  }
  return absl::OkStatus();
}

// Labelled ids renumbered in order of first appearance (the order tables keep), unused labels
// dropped; every label is checked, and none may be empty.
StatusOr<Categorical> labelled_ids(const EventTable& ev, const char* name, std::span<const std::uint32_t> codes,
                                   std::span<const absl::string_view> labels, const char* where) {
  SEGCORE_ASSIGN_OR_RETURN(Categorical given, categorical(ev, name, codes, labels, where));
  for (std::size_t k = 0; k < labels.size(); ++k)
    if (labels[k].empty()) return invalid_argument(where, name, " label ", k, " is empty");
  Categorical c;
  c.name = name;
  c.codes.resize(codes.size());
  std::vector<std::uint32_t> renumber(labels.size(), UINT32_MAX);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    std::uint32_t& to = renumber[codes[i]];
    if (to == UINT32_MAX) {
      to = static_cast<std::uint32_t>(c.values.size());
      c.values.push_back(std::move(given.values[codes[i]]));
    }
    c.codes[i] = to;
  }
  return c;
}

}  // namespace

StatusOr<EventTable> events_from_arrays(std::span<const std::int64_t> customer, std::span<const std::int64_t> timestamp,
                                        std::span<const double> amount, std::span<const std::int64_t> order) {
  SEGCORE_RETURN_IF_ERROR(check_rows(customer.size(), timestamp, amount, order.size(), "events_from_arrays"));
  EventTable ev;
  ev.customer = factorize(customer, "customer_id");
  ev.timestamp.assign(timestamp.begin(), timestamp.end());
  ev.amount.assign(amount.begin(), amount.end());
  if (!order.empty()) {
    ev.has_order = true;
    ev.order = factorize(order, "order_id");
  }
  return ev;
}

StatusOr<EventTable> events_from_labels(std::span<const std::uint32_t> customer,
                                        std::span<const absl::string_view> customer_labels,
                                        std::span<const std::int64_t> timestamp, std::span<const double> amount,
                                        std::span<const std::uint32_t> order,
                                        std::span<const absl::string_view> order_labels) {
  constexpr const char* where = "events_from_labels";
  SEGCORE_RETURN_IF_ERROR(check_rows(customer.size(), timestamp, amount, order.size(), where));
  EventTable ev;
  ev.timestamp.assign(timestamp.begin(), timestamp.end());
  ev.amount.assign(amount.begin(), amount.end());
  SEGCORE_ASSIGN_OR_RETURN(ev.customer, labelled_ids(ev, "customer_id", customer, customer_labels, where));
  if (!order.empty()) {
    ev.has_order = true;
    SEGCORE_ASSIGN_OR_RETURN(ev.order, labelled_ids(ev, "order_id", order, order_labels, where));
  }
  return ev;
}

std::string IngestReport::to_string() const {
  std::string s = absl::StrCat("records: ", records, "\nrows kept: ", rows_kept, "\nrows skipped: ", rows_skipped,
                               "\nblank lines: ", blank_lines, "\n");
  for (const auto& [reason, count] : skipped_by_reason) absl::StrAppend(&s, "  ", reason, ": ", count, "\n");
  for (const BadRow& r : bad_rows)
    absl::StrAppend(&s, "  line ", r.line, r.column ? absl::StrCat(", column ", r.column) : "", ": ", r.reason, ": ",
                    r.detail, "\n");
  if (bad_rows.size() < rows_skipped) absl::StrAppend(&s, "  (", rows_skipped - bad_rows.size(), " more not listed)\n");
  absl::StrAppend(&s, "duplicates: ", duplicates, duplicates_dropped ? " (dropped)" : " (kept)", "\n");
  for (const DuplicateRow& d : duplicate_rows)
    absl::StrAppend(&s, "  line ", d.line, " repeats line ", d.first_line, "\n");
  if (duplicate_rows.size() < duplicates)
    absl::StrAppend(&s, "  (", duplicates - duplicate_rows.size(), " more not listed)\n");
  return s;
}

SEGCORE_NAMESPACE_END
