// The byte form of a ProfileStore (model kind profile_store; layout in docs/MODEL_FILES.md).
// The bytes depend only on the store's content, never on hash-map order, so one store always
// gives the same bytes; every count and index is checked on reading, so no byte string can
// make a store that breaks its own rules. The bytes are encoded from the store's snapshot
// (model/snapshots.hpp), so a stream checkpoint's writer thread can encode them off the loop.
#include <algorithm>
#include <cmath>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "io/csv_internal.hpp"
#include "model/payloads.hpp"
#include "model/snapshots.hpp"
#include "store_state.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {
namespace {

using namespace profile_detail;

Status dictionary(ByteReader& r, const char* field, Dict& d) {
  std::vector<std::string> values;
  SEGCORE_RETURN_IF_ERROR(strings(r, field, values));
  for (const std::string& v : values)
    if (d.code(v) != d.values.size() - 1) return r.corrupt(field, absl::StrCat("holds '", v, "' twice"));
  return absl::OkStatus();
}

template <class T>
void latest(ByteWriter& w, const Latest<T>& l) {
  w.u8(l.set);
  w.i64(l.time);
  if constexpr (std::is_same_v<T, double>)
    w.f64(l.value);
  else
    w.u32(l.value);
}

}  // namespace

void snapshot(const ProfileStore& m, StoreSnapshot& out) {
  const auto& s = StoreAccess::state(m);
  out.options = s.options;
  out.schema = s.schema;
  out.category_values.resize(s.category_values.size());
  for (std::size_t k = 0; k < s.category_values.size(); ++k) out.category_values[k] = s.category_values[k].values;
  out.attribute_values.resize(s.attribute_values.size());
  for (std::size_t k = 0; k < s.attribute_values.size(); ++k) out.attribute_values[k] = s.attribute_values[k].values;
  out.max_time = s.max_time;
  out.events = s.events;
  make_room(out.ids, s.ids.size());
  out.ids.assign(s.ids.begin(), s.ids.end());
  // The id map in slot order (a sequential walk), each customer's record put at its number.
  make_room(out.customers, s.ids.size());
  out.customers.resize(s.ids.size());
  out.orders.clear();
  for (const auto& [id, h] : s.index) {
    StoreSnapshot::Customer& c = out.customers[h.id];
    c.events = h.events;
    c.latest = h.latest;
    c.orders_at = out.orders.size();
    c.n_orders = static_cast<std::uint32_t>(h.orders.size());
    c.cold = h.cold;
    out.orders.insert(out.orders.end(), h.orders.begin(), h.orders.end());
  }
  out.order_ids.clear();
  out.order_ids_at.clear();
  out.counts.clear();
  out.counts_at.clear();
  out.attributes.clear();
  out.numerics.clear();
  for (const Cold& c : s.cold) {
    out.order_ids_at.push_back(out.order_ids.size());
    for (const auto& [id, k] : c.order_index) out.order_ids.emplace_back(k, id);
    for (const auto& counts : c.category_counts) {
      out.counts_at.push_back(out.counts.size());
      out.counts.insert(out.counts.end(), counts.begin(), counts.end());
    }
    out.attributes.insert(out.attributes.end(), c.attributes.begin(), c.attributes.end());
    out.numerics.insert(out.numerics.end(), c.numerics.begin(), c.numerics.end());
  }
  out.order_ids_at.push_back(out.order_ids.size());
  out.counts_at.push_back(out.counts.size());
}

void encode(const StoreSnapshot& s, ByteWriter& w) {
  const ProfileOptions& o = s.options;
  w.u8(o.as_of.has_value());
  w.i64(o.as_of.value_or(0));
  w.u64(o.window_days.size());
  for (int d : o.window_days) w.i32(d);
  w.i32(o.velocity_days);
  w.i32(o.trend_weeks);
  w.i32(o.n_threads);
  strings(w, s.schema.categories);
  strings(w, s.schema.attributes);
  strings(w, s.schema.numerics);
  for (const auto& values : s.category_values) strings(w, values);
  for (const auto& values : s.attribute_values) strings(w, values);
  w.i64(s.max_time);
  w.u64(s.events);
  w.u64(s.ids.size());
  const std::size_t nc = s.schema.categories.size(), na = s.schema.attributes.size(), nn = s.schema.numerics.size();
  // Kept across customers: one allocation for the whole store, not one per customer.
  std::vector<std::pair<std::uint32_t, const std::string*>> ids;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> sorted;
  for (std::size_t i = 0; i < s.ids.size(); ++i) {
    const StoreSnapshot::Customer& h = s.customers[i];
    w.str(s.ids[i]);
    w.u64(h.events);
    w.i64(h.latest);
    w.u64(h.n_orders);
    for (std::size_t j = h.orders_at; j < h.orders_at + h.n_orders; ++j)
      w.i64(s.orders[j].time), w.i64(s.orders[j].total);
    w.u8(h.cold != UINT32_MAX);
    if (h.cold == UINT32_MAX) continue;
    const std::size_t c = h.cold;
    ids.clear();
    for (std::size_t j = s.order_ids_at[c]; j < s.order_ids_at[c + 1]; ++j)
      ids.emplace_back(s.order_ids[j].first, &s.order_ids[j].second);
    std::sort(ids.begin(), ids.end());
    w.u64(ids.size());
    for (const auto& [k, id] : ids) w.str(*id), w.u32(k);
    for (std::size_t k = 0; k < nc; ++k) {
      sorted.assign(s.counts.begin() + static_cast<std::ptrdiff_t>(s.counts_at[c * nc + k]),
                    s.counts.begin() + static_cast<std::ptrdiff_t>(s.counts_at[c * nc + k + 1]));
      std::sort(sorted.begin(), sorted.end());
      w.u64(sorted.size());
      for (const auto& [code, n] : sorted) w.u32(code), w.u64(n);
    }
    for (std::size_t k = 0; k < na; ++k) latest(w, s.attributes[c * na + k]);
    for (std::size_t k = 0; k < nn; ++k) latest(w, s.numerics[c * nn + k]);
  }
}

void encode(const ProfileStore& m, ByteWriter& w) {
  StoreSnapshot s;
  snapshot(m, s);
  encode(s, w);
}

StatusOr<ProfileStore> decode_profile_store(ByteReader& r) {
  ProfileOptions o;
  std::uint8_t has_as_of;
  std::int64_t as_of;
  SEGCORE_RETURN_IF_ERROR(r.u8("as_of set", has_as_of));
  SEGCORE_RETURN_IF_ERROR(r.i64("as_of", as_of));
  if (has_as_of > 1) return r.corrupt("as_of set", "is neither 0 nor 1");
  if (!has_as_of && as_of != 0) return r.corrupt("as_of", "is not 0 while unset");
  if (has_as_of) o.as_of = as_of;
  std::uint64_t n_windows;
  SEGCORE_RETURN_IF_ERROR(count(r, "window_days", 4, n_windows));
  o.window_days.resize(n_windows);
  for (int& d : o.window_days) SEGCORE_RETURN_IF_ERROR(r.i32("window_days", d));
  SEGCORE_RETURN_IF_ERROR(r.i32("velocity_days", o.velocity_days));
  SEGCORE_RETURN_IF_ERROR(r.i32("trend_weeks", o.trend_weeks));
  SEGCORE_RETURN_IF_ERROR(r.i32("n_threads", o.n_threads));
  if (Status st = validate(o); !st.ok()) return r.invalid(st);
  StoreSchema schema;
  SEGCORE_RETURN_IF_ERROR(strings(r, "schema categories", schema.categories));
  SEGCORE_RETURN_IF_ERROR(strings(r, "schema attributes", schema.attributes));
  SEGCORE_RETURN_IF_ERROR(strings(r, "schema numerics", schema.numerics));
  const std::size_t nc = schema.categories.size(), na = schema.attributes.size(), nn = schema.numerics.size();
  ProfileStore store(std::move(o), std::move(schema));
  auto& s = StoreAccess::state(store);
  for (Dict& d : s.category_values) SEGCORE_RETURN_IF_ERROR(dictionary(r, "category values", d));
  for (Dict& d : s.attribute_values) SEGCORE_RETURN_IF_ERROR(dictionary(r, "attribute values", d));
  SEGCORE_RETURN_IF_ERROR(r.i64("max_time", s.max_time));
  SEGCORE_RETURN_IF_ERROR(r.u64("events", s.events));
  // Every time is one an event could carry (years 0000 to 9999), so no feature's arithmetic
  // can overflow; a store without events keeps the "none yet" latest time.
  const bool no_events = s.max_time == std::numeric_limits<std::int64_t>::min();
  if (no_events != (s.events == 0) || (!no_events && !io_detail::timestamp_in_range(s.max_time)))
    return r.corrupt("max_time", "is not an event time, or disagrees with the event count");
  std::uint64_t n;
  SEGCORE_RETURN_IF_ERROR(count(r, "customers", 4 + 8 + 8 + 8 + 1, n));
  // Sized once (n is bounded by the bytes left): a million customers otherwise rehash the id
  // map some twenty times on a restart.
  s.index.reserve(n);
  s.ids.reserve(n);
  std::uint64_t events = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    std::string id;
    SEGCORE_RETURN_IF_ERROR(r.str("customer id", id));
    if (id.empty()) return r.corrupt("customer id", "is empty");
    auto [it, inserted] = s.index.try_emplace(id);
    if (!inserted) return r.corrupt("customer id", absl::StrCat("'", id, "' appears twice"));
    Hot& h = it->second;
    h.id = static_cast<std::uint32_t>(i);
    s.ids.push_back(std::move(id));
    SEGCORE_RETURN_IF_ERROR(r.u64("customer events", h.events));
    SEGCORE_RETURN_IF_ERROR(r.i64("customer latest", h.latest));
    if (h.events == 0 || h.latest > s.max_time || !io_detail::timestamp_in_range(h.latest))
      return r.corrupt("customer latest",
                       "is not an event time up to the store's latest, or the customer has no events");
    if (__builtin_add_overflow(events, h.events, &events)) return r.corrupt("customer events", "sum beyond 2^64");
    std::uint64_t n_orders;
    SEGCORE_RETURN_IF_ERROR(count(r, "orders", 16, n_orders));
    h.orders.resize(n_orders);
    for (OrderAcc& a : h.orders) {
      SEGCORE_RETURN_IF_ERROR(r.i64("order time", a.time));
      SEGCORE_RETURN_IF_ERROR(r.i64("order total", a.total));
      if (a.time > s.max_time || !io_detail::timestamp_in_range(a.time))
        return r.corrupt("order time", "is after the store's latest event or outside the years 0000 to 9999");
    }
    std::uint8_t has_cold;
    SEGCORE_RETURN_IF_ERROR(r.u8("customer has details", has_cold));
    if (has_cold > 1) return r.corrupt("customer has details", "is neither 0 nor 1");
    if (!has_cold) continue;
    h.cold = static_cast<std::uint32_t>(s.cold.size());
    Cold& c = s.cold.emplace_back();
    std::uint64_t n_ids;
    SEGCORE_RETURN_IF_ERROR(count(r, "order ids", 8, n_ids));
    // Indexes strictly increase, as written: one order per id, and one byte form per store.
    std::uint64_t next_index = 0;
    for (std::uint64_t k = 0; k < n_ids; ++k) {
      std::string order;
      std::uint32_t index;
      SEGCORE_RETURN_IF_ERROR(r.str("order id", order));
      SEGCORE_RETURN_IF_ERROR(r.u32("order index", index));
      if (index >= n_orders) return r.corrupt("order index", absl::StrCat("is ", index, " of ", n_orders, " orders"));
      if (index < next_index) return r.corrupt("order index", absl::StrCat("is ", index, ", not above the one before"));
      next_index = std::uint64_t{index} + 1;
      if (!c.order_index.try_emplace(std::move(order), index).second)
        return r.corrupt("order id", "appears twice for one customer");
    }
    c.category_counts.resize(nc);
    for (std::size_t k = 0; k < nc; ++k) {
      std::uint64_t m;
      SEGCORE_RETURN_IF_ERROR(count(r, "category counts", 12, m));
      std::uint64_t next_code = 0;  // codes strictly increase, as written
      for (std::uint64_t j = 0; j < m; ++j) {
        std::uint32_t code;
        std::uint64_t times;
        SEGCORE_RETURN_IF_ERROR(r.u32("category value", code));
        SEGCORE_RETURN_IF_ERROR(r.u64("category count", times));
        if (code >= s.category_values[k].values.size()) return r.corrupt("category value", "is not in the dictionary");
        if (code < next_code) return r.corrupt("category value", "is not above the one before");
        next_code = std::uint64_t{code} + 1;
        c.category_counts[k][code] = times;
      }
    }
    c.attributes.resize(na);
    for (std::size_t k = 0; k < na; ++k) {
      Latest<std::uint32_t>& a = c.attributes[k];
      std::uint8_t set;
      SEGCORE_RETURN_IF_ERROR(r.u8("attribute set", set));
      SEGCORE_RETURN_IF_ERROR(r.i64("attribute time", a.time));
      SEGCORE_RETURN_IF_ERROR(r.u32("attribute value", a.value));
      a.set = set != 0;
      if (set > 1 || (a.set && a.value >= s.attribute_values[k].values.size()))
        return r.corrupt("attribute value", "is not in the dictionary");
    }
    c.numerics.resize(nn);
    for (Latest<double>& v : c.numerics) {
      std::uint8_t set;
      SEGCORE_RETURN_IF_ERROR(r.u8("numeric set", set));
      SEGCORE_RETURN_IF_ERROR(r.i64("numeric time", v.time));
      SEGCORE_RETURN_IF_ERROR(r.f64("numeric value", v.value));
      if (set > 1 || std::isinf(v.value)) return r.corrupt("numeric value", "is infinite or its flag is not 0 or 1");
      v.set = set != 0;
    }
  }
  if (events != s.events)
    return r.corrupt("events", absl::StrCat("the customers hold ", events, " events, the store says ", s.events));
  SEGCORE_RETURN_IF_ERROR(r.finish("profile store"));
  return store;
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
