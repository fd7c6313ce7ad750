// An event table split by customer, for work spread over processes (docs/guides/dask.md).
#include <limits>

#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr std::uint32_t kUnseen = std::numeric_limits<std::uint32_t>::max();

// A column's codes for the given rows, renumbered by first appearance among them. remap is
// all kUnseen on entry and on return (only the entries used are touched, so a part costs its
// own rows, not the column's whole dictionary).
Categorical take(const Categorical& from, const std::vector<std::size_t>& rows, std::vector<std::uint32_t>& remap) {
  Categorical to;
  to.name = from.name;
  to.codes.reserve(rows.size());
  std::vector<std::uint32_t> used;  // new code -> old code
  for (std::size_t r : rows) {
    std::uint32_t& code = remap[from.codes[r]];
    if (code == kUnseen) {
      code = static_cast<std::uint32_t>(used.size());
      used.push_back(from.codes[r]);
    }
    to.codes.push_back(code);
  }
  to.values.reserve(used.size());
  for (std::uint32_t old : used) {
    to.values.push_back(from.values[old]);
    remap[old] = kUnseen;
  }
  return to;
}

template <typename T>
std::vector<T> gather(const std::vector<T>& from, const std::vector<std::size_t>& rows) {
  std::vector<T> to;
  to.reserve(rows.size());
  for (std::size_t r : rows) to.push_back(from[r]);
  return to;
}

// A part's table: its rows of every column.
EventTable part_of(const EventTable& events, const std::vector<std::size_t>& rows, std::vector<std::uint32_t>& remap,
                   std::vector<std::uint64_t>& first_row) {
  EventTable part;
  part.customer = take(events.customer, rows, remap);
  first_row.assign(part.customer.values.size(), 0);
  for (std::size_t i = rows.size(); i-- > 0;) first_row[part.customer.codes[i]] = rows[i];
  part.timestamp = gather(events.timestamp, rows);
  part.amount = gather(events.amount, rows);
  part.has_order = events.has_order;
  if (events.has_order) part.order = take(events.order, rows, remap);
  for (const Categorical& c : events.categories) part.categories.push_back(take(c, rows, remap));
  for (const Categorical& c : events.attributes) part.attributes.push_back(take(c, rows, remap));
  for (const NumericColumn& c : events.numerics) part.numerics.push_back({c.name, gather(c.values, rows)});
  return part;
}

}  // namespace

std::size_t customer_part(absl::string_view id, std::size_t n_parts) {
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a, 64 bits
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
  return static_cast<std::size_t>(h % n_parts);
}

StatusOr<CustomerSplit> split_by_customer(const EventTable& events, std::size_t n_parts) {
  if (n_parts == 0) return invalid_argument("split_by_customer", "n_parts is 0; use 1 or more");
  std::vector<std::size_t> part_of_code(events.customer.values.size());
  for (std::size_t c = 0; c < part_of_code.size(); ++c)
    part_of_code[c] = customer_part(events.customer.values[c], n_parts);
  std::vector<std::vector<std::size_t>> rows(n_parts);
  for (std::size_t r = 0; r < events.rows(); ++r) rows[part_of_code[events.customer.codes[r]]].push_back(r);

  std::size_t widest = events.customer.values.size();
  if (events.has_order) widest = std::max(widest, events.order.values.size());
  for (const auto* columns : {&events.categories, &events.attributes})
    for (const Categorical& c : *columns) widest = std::max(widest, c.values.size());
  std::vector<std::uint32_t> remap(widest, kUnseen);

  CustomerSplit split;
  split.parts.reserve(n_parts);
  split.first_row.resize(n_parts);
  for (std::size_t p = 0; p < n_parts; ++p) split.parts.push_back(part_of(events, rows[p], remap, split.first_row[p]));
  return split;
}

SEGCORE_NAMESPACE_END
