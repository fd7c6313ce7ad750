// Batch profiles: group an EventTable's rows into orders and customers, then finalise each
// customer with the functions the streaming store uses.
#include <algorithm>
#include <memory>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "core/huge_pages.hpp"
#include "features.hpp"
#include "io/csv_internal.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

using namespace profile_detail;

// Whether row i counts: keep is empty when every row does.
inline bool kept(const std::vector<std::uint8_t>& keep, std::size_t i) { return keep.empty() || keep[i] != 0; }

// Counting sort of items by key (keys < n_keys): offsets (n_keys + 1) and the items in key
// order, stable within a key.
void group_by(const std::vector<std::uint32_t>& key, std::size_t n_keys, const std::vector<std::uint8_t>* keep,
              std::vector<std::uint64_t>& offsets, std::vector<std::uint32_t>& items) {
  offsets.assign(n_keys + 1, 0);
  for (std::size_t i = 0; i < key.size(); ++i)
    if (keep == nullptr || keep->empty() || (*keep)[i]) ++offsets[key[i] + 1];
  for (std::size_t k = 0; k < n_keys; ++k) offsets[k + 1] += offsets[k];
  items.resize(offsets[n_keys]);
  std::vector<std::uint64_t> at(offsets.begin(), offsets.end() - 1);
  for (std::size_t i = 0; i < key.size(); ++i)
    if (keep == nullptr || keep->empty() || (*keep)[i]) items[at[key[i]]++] = static_cast<std::uint32_t>(i);
}

Status add_categories(const EventTable& ev, const std::vector<std::uint8_t>& keep, ProfileTable& t) {
  const std::size_t n_cust = t.size();
  for (const Categorical& cat : ev.categories) {
    if (cat.values.size() > 256)
      return invalid_argument("build_profiles", "category column '", cat.name, "' has ", cat.values.size(),
                              " values; at most 256 are counted (use it as an attribute instead)");
    const std::size_t first = t.columns.size();
    for (const std::string& v : cat.values) {
      ProfileColumn c;
      c.name = absl::StrCat(cat.name, "=", v);
      c.type = ColumnType::i64;
      c.i64.assign(n_cust, 0);
      c.valid.assign(n_cust, 1);
      t.columns.push_back(std::move(c));
    }
    for (std::size_t i = 0; i < cat.codes.size(); ++i)
      if (kept(keep, i)) ++t.columns[first + cat.codes[i]].i64[ev.customer.codes[i]];
  }
  for (const Categorical& att : ev.attributes) {
    std::vector<Latest<std::uint32_t>> latest(n_cust);
    auto less = [&](std::uint32_t a, std::uint32_t b) { return att.values[a] < att.values[b]; };
    for (std::size_t i = 0; i < att.codes.size(); ++i)
      if (kept(keep, i)) update_latest(latest[ev.customer.codes[i]], ev.timestamp[i], att.codes[i], less);
    ProfileColumn c;
    c.name = att.name;
    c.type = ColumnType::text;
    c.text.resize(n_cust);
    c.valid.assign(n_cust, 0);
    for (std::size_t k = 0; k < n_cust; ++k)
      if (latest[k].set) c.text[k] = att.values[latest[k].value], c.valid[k] = 1;
    t.columns.push_back(std::move(c));
  }
  for (const NumericColumn& num : ev.numerics) {
    std::vector<Latest<double>> latest(n_cust);
    auto less = [](double a, double b) { return a < b; };
    for (std::size_t i = 0; i < num.values.size(); ++i)
      if (kept(keep, i) && !std::isnan(num.values[i]))
        update_latest(latest[ev.customer.codes[i]], ev.timestamp[i], num.values[i], less);
    ProfileColumn c;
    c.name = num.name;
    c.type = ColumnType::f64;
    c.f64.assign(n_cust, std::nan(""));
    c.valid.assign(n_cust, 0);
    for (std::size_t k = 0; k < n_cust; ++k)
      if (latest[k].set) c.f64[k] = latest[k].value, c.valid[k] = 1;
    t.columns.push_back(std::move(c));
  }
  return absl::OkStatus();
}

// Each row is an order. Rows are scattered by customer range ("parts" of kPart customers, a
// size fixed by the input) so that each part's rows and customers fit in cache; each part is
// then grouped by customer and finalised on its own, in parallel.
void rows_as_orders(const EventTable& ev, const std::vector<std::uint8_t>& keep, ProfileTable& t,
                    const ProfileOptions& o, int threads) {
  constexpr std::size_t kPart = 1 << 14;
  const std::size_t n = ev.rows(), n_cust = t.size();
  const std::size_t parts = (n_cust + kPart - 1) / kPart;
  const Blocks rows(n, 1 << 18);
  const std::size_t nb = rows.count();
  std::vector<std::uint64_t> pos(nb * parts, 0);
  parallel_for(threads, nb, [&](std::size_t k) {
    for (std::size_t i = rows[k].begin; i < rows[k].end; ++i)
      if (kept(keep, i)) ++pos[k * parts + ev.customer.codes[i] / kPart];
  });
  std::vector<std::uint64_t> part_start(parts + 1, 0);
  std::uint64_t total = 0;
  for (std::size_t p = 0; p < parts; ++p) {
    part_start[p] = total;
    for (std::size_t k = 0; k < nb; ++k) {
      const std::uint64_t c = pos[k * parts + p];
      pos[k * parts + p] = total;
      total += c;
    }
  }
  part_start[parts] = total;
  // Left uninitialised (every slot is written once below): hundreds of MB that would
  // otherwise be cleared on one thread before the scatter.
  struct Placed {
    std::int64_t time, total;
  };
  auto orders = std::make_unique_for_overwrite<Placed[]>(total);
  auto local = std::make_unique_for_overwrite<std::uint16_t[]>(total);  // customer index within its part
  detail::advise_huge_pages(orders.get(), total * sizeof(Placed));
  detail::advise_huge_pages(local.get(), total * sizeof(std::uint16_t));
  std::optional<detail::ProgressSpan> span(std::in_place, 0.1, 0.4, "build_profiles: grouping rows");
  parallel_for(threads, nb, [&](std::size_t k) {
    for (std::size_t i = rows[k].begin; i < rows[k].end; ++i) {
      if (!kept(keep, i)) continue;
      const std::uint32_t c = ev.customer.codes[i];
      const std::uint64_t at = pos[k * parts + c / kPart]++;
      orders[at] = {ev.timestamp[i], to_micro(ev.amount[i])};
      local[at] = static_cast<std::uint16_t>(c % kPart);
    }
  });
  span.emplace(0.4, 0.95, "build_profiles: features");
  parallel_for(threads, parts, [&](std::size_t p) {
    const std::uint64_t s = part_start[p], e = part_start[p + 1];
    const std::size_t first = p * kPart, count = std::min(kPart, n_cust - first);
    // Buffers reused across the parts a thread handles (fewer fresh pages to fault in).
    thread_local std::vector<std::uint32_t> offsets, at;
    thread_local std::vector<OrderAcc> sorted;
    offsets.assign(count + 1, 0);
    sorted.resize(e - s);
    for (std::uint64_t i = s; i < e; ++i) ++offsets[local[i] + 1];
    for (std::size_t c = 0; c < count; ++c) offsets[c + 1] += offsets[c];
    at.assign(offsets.begin(), offsets.end() - 1);
    for (std::uint64_t i = s; i < e; ++i) sorted[at[local[i]]++] = {orders[i].time, orders[i].total};
    for (std::size_t c = 0; c < count; ++c)
      finalize_core(
          t.columns, first + c, offsets[c + 1] - offsets[c],
          [&](auto&& visit) {
            for (std::uint32_t k = offsets[c]; k < offsets[c + 1]; ++k) visit(sorted[k]);
          },
          t.as_of, o);
  });
}

constexpr const char* kWhere = "build_profiles";
// Serial passes over the rows report (and poll for a cancel) once per this many rows.
constexpr std::size_t kRowsPerReport = std::size_t{1} << 20;

StatusOr<ProfileTable> build_impl(const EventTable& ev, const ProfileOptions& o) {
  constexpr const char* where = kWhere;
  const std::size_t n = ev.rows();
  if (ev.customer.codes.size() != n || ev.amount.size() != n || (ev.has_order && ev.order.codes.size() != n))
    return invalid_argument(where, "the event table's columns differ in length");
  if (n == 0) return invalid_argument(where, "no events");
  ProfileTable t;
  const int threads = resolve_threads(o.n_threads);
  const Blocks rows(n, 1 << 18);
  std::vector<std::int64_t> block_min(rows.count()), block_max(rows.count());
  parallel_for(threads, rows.count(), [&](std::size_t k) {
    const auto [lo, hi] = std::minmax_element(ev.timestamp.begin() + static_cast<std::ptrdiff_t>(rows[k].begin),
                                              ev.timestamp.begin() + static_cast<std::ptrdiff_t>(rows[k].end));
    block_min[k] = *lo;
    block_max[k] = *hi;
  });
  const std::int64_t earliest = *std::min_element(block_min.begin(), block_min.end());
  const std::int64_t latest = *std::max_element(block_max.begin(), block_max.end());
  // Ages are differences of timestamps: within these years none overflows (a C++ caller may
  // fill the table directly, past the readers' checks).
  const bool as_of_ok = !o.as_of || io_detail::timestamp_in_range(*o.as_of);
  if (!io_detail::timestamp_in_range(earliest) || !io_detail::timestamp_in_range(latest) || !as_of_ok)
    return invalid_argument(where, !as_of_ok ? "as_of " : "timestamp ",
                            !as_of_ok                                 ? *o.as_of
                            : io_detail::timestamp_in_range(earliest) ? latest
                                                                      : earliest,
                            " is outside the years 0000 to 9999 (epoch seconds ", io_detail::kMinTimestamp, " to ",
                            io_detail::kMaxTimestamp, ")");
  t.as_of = o.as_of.value_or(latest + kDay);
  // keep[i]: row i is not after as_of. Left empty (every row kept) in the usual case where
  // no row is, which spares a pass and a byte per row.
  std::vector<std::uint8_t> keep;
  if (latest > t.as_of) {
    keep.resize(n);
    std::vector<std::uint64_t> after(rows.count(), 0);
    parallel_for(threads, rows.count(), [&](std::size_t k) {
      for (std::size_t i = rows[k].begin; i < rows[k].end; ++i) {
        keep[i] = ev.timestamp[i] <= t.as_of;
        after[k] += !keep[i];
      }
    });
    for (std::uint64_t a : after) t.events_after_as_of += a;
  }
  const std::size_t n_cust = ev.customer.values.size();
  t.customer_id = ev.customer.values;
  t.columns = core_columns(o, n_cust);

  const Blocks blocks(n_cust, 4096);
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> items;
  if (ev.has_order) {
    std::vector<std::uint64_t> n_events(n_cust, 0);
    for (std::size_t i = 0; i < n; ++i) n_events[ev.customer.codes[i]] += kept(keep, i);
    // Orders are keyed by (customer, order id): one id used by two customers is two orders.
    absl::flat_hash_map<std::uint64_t, std::uint32_t> index;
    std::vector<OrderAcc> orders;
    std::vector<std::uint32_t> order_customer;
    for (std::size_t i = 0; i < n; ++i) {
      if (i % kRowsPerReport == 0) detail::progress(0.5 * static_cast<double>(i) / static_cast<double>(n), where);
      if (!kept(keep, i)) continue;
      const std::uint64_t key = (std::uint64_t{ev.customer.codes[i]} << 32) | ev.order.codes[i];
      auto [it, inserted] = index.try_emplace(key, static_cast<std::uint32_t>(orders.size()));
      if (inserted) orders.emplace_back(), order_customer.push_back(ev.customer.codes[i]);
      if (!add_to_order(orders[it->second], ev.timestamp[i], to_micro(ev.amount[i])))
        return absl::OutOfRangeError(absl::StrCat(where, ": order '", ev.order.values[ev.order.codes[i]],
                                                  "' of customer '", ev.customer.values[ev.customer.codes[i]],
                                                  "' totals beyond 9.2e12"));
    }
    group_by(order_customer, n_cust, nullptr, offsets, items);
    detail::ProgressSpan span(0.5, 0.95, "build_profiles: features");
    parallel_for(threads, blocks.count(), [&](std::size_t b) {
      for (std::size_t c = blocks[b].begin; c < blocks[b].end; ++c)
        finalize_core(
            t.columns, c, n_events[c],
            [&](auto&& visit) {
              for (std::uint64_t k = offsets[c]; k < offsets[c + 1]; ++k) visit(orders[items[k]]);
            },
            t.as_of, o);
    });
  } else {
    rows_as_orders(ev, keep, t, o, threads);
  }
  SEGCORE_RETURN_IF_ERROR(add_categories(ev, keep, t));
  SEGCORE_RETURN_IF_ERROR(check_unique_names(t.columns, where));
  return t;
}

}  // namespace

StatusOr<ProfileTable> build_profiles(const EventTable& ev, const ProfileOptions& o) {
  SEGCORE_RETURN_IF_ERROR(validate(o));
  return detail::cancellable(kWhere, [&] { return build_impl(ev, o); });
}

SEGCORE_NAMESPACE_END
