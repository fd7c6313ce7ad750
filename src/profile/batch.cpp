// Batch profiles: group an EventTable's rows into orders and customers, then finalise each
// customer with the functions the streaming store uses.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "features.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

using namespace profile_detail;

// Counting sort of items by key (keys < n_keys): offsets (n_keys + 1) and the items in key
// order, stable within a key.
void group_by(const std::vector<std::uint32_t>& key, std::size_t n_keys, const std::vector<std::uint8_t>* keep,
              std::vector<std::uint64_t>& offsets, std::vector<std::uint32_t>& items) {
  offsets.assign(n_keys + 1, 0);
  for (std::size_t i = 0; i < key.size(); ++i)
    if (keep == nullptr || (*keep)[i]) ++offsets[key[i] + 1];
  for (std::size_t k = 0; k < n_keys; ++k) offsets[k + 1] += offsets[k];
  items.resize(offsets[n_keys]);
  std::vector<std::uint64_t> at(offsets.begin(), offsets.end() - 1);
  for (std::size_t i = 0; i < key.size(); ++i)
    if (keep == nullptr || (*keep)[i]) items[at[key[i]]++] = static_cast<std::uint32_t>(i);
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
      if (keep[i]) ++t.columns[first + cat.codes[i]].i64[ev.customer.codes[i]];
  }
  for (const Categorical& att : ev.attributes) {
    std::vector<Latest<std::uint32_t>> latest(n_cust);
    auto less = [&](std::uint32_t a, std::uint32_t b) { return att.values[a] < att.values[b]; };
    for (std::size_t i = 0; i < att.codes.size(); ++i)
      if (keep[i]) update_latest(latest[ev.customer.codes[i]], ev.timestamp[i], att.codes[i], less);
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
      if (keep[i] && !std::isnan(num.values[i]))
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

}  // namespace

StatusOr<ProfileTable> build_profiles(const EventTable& ev, const ProfileOptions& o) {
  constexpr const char* where = "build_profiles";
  SEGCORE_RETURN_IF_ERROR(validate(o));
  const std::size_t n = ev.rows();
  if (ev.customer.codes.size() != n || ev.amount.size() != n || (ev.has_order && ev.order.codes.size() != n))
    return invalid_argument(where, "the event table's columns differ in length");
  if (n == 0) return invalid_argument(where, "no events");
  ProfileTable t;
  t.as_of = o.as_of.value_or(*std::max_element(ev.timestamp.begin(), ev.timestamp.end()) + kDay);
  std::vector<std::uint8_t> keep(n);
  for (std::size_t i = 0; i < n; ++i) {
    keep[i] = ev.timestamp[i] <= t.as_of;
    t.events_after_as_of += !keep[i];
  }
  const std::size_t n_cust = ev.customer.values.size();
  t.customer_id = ev.customer.values;
  t.columns = core_columns(o, n_cust);
  std::vector<std::uint64_t> n_events(n_cust, 0);
  for (std::size_t i = 0; i < n; ++i) n_events[ev.customer.codes[i]] += keep[i];

  const int threads = resolve_threads(o.n_threads);
  const Blocks blocks(n_cust, 4096);
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> items;
  if (ev.has_order) {
    // Orders are keyed by (customer, order id): one id used by two customers is two orders.
    absl::flat_hash_map<std::uint64_t, std::uint32_t> index;
    std::vector<OrderAcc> orders;
    std::vector<std::uint32_t> order_customer;
    for (std::size_t i = 0; i < n; ++i) {
      if (!keep[i]) continue;
      const std::uint64_t key = (std::uint64_t{ev.customer.codes[i]} << 32) | ev.order.codes[i];
      auto [it, inserted] = index.try_emplace(key, static_cast<std::uint32_t>(orders.size()));
      if (inserted) orders.emplace_back(), order_customer.push_back(ev.customer.codes[i]);
      if (!add_to_order(orders[it->second], ev.timestamp[i], to_micro(ev.amount[i])))
        return absl::OutOfRangeError(absl::StrCat(where, ": order '", ev.order.values[ev.order.codes[i]],
                                                  "' of customer '", ev.customer.values[ev.customer.codes[i]],
                                                  "' totals beyond 9.2e12"));
    }
    group_by(order_customer, n_cust, nullptr, offsets, items);
    parallel_for(threads, blocks.count(), [&](std::size_t b) {
      for (std::size_t c = blocks[b].begin; c < blocks[b].end; ++c)
        finalize_core(t.columns, c, n_events[c], [&](auto&& visit) {
          for (std::uint64_t k = offsets[c]; k < offsets[c + 1]; ++k) visit(orders[items[k]]);
        }, t.as_of, o);
    });
  } else {
    group_by(ev.customer.codes, n_cust, &keep, offsets, items);
    parallel_for(threads, blocks.count(), [&](std::size_t b) {
      for (std::size_t c = blocks[b].begin; c < blocks[b].end; ++c)
        finalize_core(t.columns, c, n_events[c], [&](auto&& visit) {
          for (std::uint64_t k = offsets[c]; k < offsets[c + 1]; ++k) {
            OrderAcc one;
            add_to_order(one, ev.timestamp[items[k]], to_micro(ev.amount[items[k]]));
            visit(one);
          }
        }, t.as_of, o);
    });
  }
  SEGCORE_RETURN_IF_ERROR(add_categories(ev, keep, t));
  return t;
}

SEGCORE_NAMESPACE_END
