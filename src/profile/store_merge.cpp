// Merging profile stores: the partial state of a slice of the events added to another's, as the
// events themselves would have been.
#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "store_state.hpp"

SEGCORE_NAMESPACE_BEGIN

using namespace profile_detail;

namespace {

// For each of a customer's orders, its id in the other store, or null for an order by itself.
std::vector<const std::string*> order_ids(const Hot& h, const Cold* c) {
  std::vector<const std::string*> ids(h.orders.size(), nullptr);
  if (c != nullptr)
    for (const auto& [id, index] : c->order_index) ids[index] = &id;
  return ids;
}

Status check_schema(const StoreSchema& a, const StoreSchema& b) {
  if (a.categories == b.categories && a.attributes == b.attributes && a.numerics == b.numerics) return absl::OkStatus();
  auto list = [](const StoreSchema& s) {
    return absl::StrCat(s.categories.size(), " categories, ", s.attributes.size(), " attributes, ", s.numerics.size(),
                        " numerics");
  };
  return invalid_argument("ProfileStore::merge", "the stores' schemas differ (this store: ", list(a),
                          "; the other: ", list(b), "; names and order must match)");
}

}  // namespace

Status ProfileStore::merge(const ProfileStore& other) {
  constexpr const char* where = "ProfileStore::merge";
  if (&other == this) return invalid_argument(where, "a store cannot be merged into itself");
  State& s = *state_;
  const State& o = *other.state_;
  SEGCORE_RETURN_IF_ERROR(check_schema(s.schema, o.schema));

  // Order totals are checked before anything changes, so a failed merge leaves no trace.
  for (const auto& [id, oh] : o.index) {
    auto it = s.index.find(id);
    if (it == s.index.end() || it->second.cold == UINT32_MAX || oh.cold == UINT32_MAX) continue;
    const Cold& mine = s.cold[it->second.cold];
    for (const auto& [order, k] : o.cold[oh.cold].order_index) {
      auto m = mine.order_index.find(order);
      std::int64_t sum;
      if (m != mine.order_index.end() &&
          __builtin_add_overflow(it->second.orders[m->second].total, oh.orders[k].total, &sum))
        return absl::OutOfRangeError(
            absl::StrCat(where, ": order '", order, "' of customer '", id, "' totals beyond 9.2e12"));
    }
  }

  // The other store's values in its order of first appearance, as one store would have met them.
  std::vector<std::vector<std::uint32_t>> category_code(o.category_values.size());
  for (std::size_t k = 0; k < o.category_values.size(); ++k)
    for (const std::string& v : o.category_values[k].values) category_code[k].push_back(s.category_values[k].code(v));
  std::vector<std::vector<std::uint32_t>> attribute_code(o.attribute_values.size());
  for (std::size_t k = 0; k < o.attribute_values.size(); ++k)
    for (const std::string& v : o.attribute_values[k].values)
      attribute_code[k].push_back(s.attribute_values[k].code(v));

  std::vector<const Hot*> by_arrival(o.ids.size());
  for (const auto& [id, h] : o.index) by_arrival[h.id] = &h;
  for (std::size_t j = 0; j < o.ids.size(); ++j) {
    const Hot& oh = *by_arrival[j];
    const Cold* oc = oh.cold == UINT32_MAX ? nullptr : &o.cold[oh.cold];
    auto it = s.index.find(o.ids[j]);
    if (it == s.index.end()) {
      it = s.index.try_emplace(o.ids[j]).first;
      it->second.id = static_cast<std::uint32_t>(s.ids.size());
      s.ids.push_back(o.ids[j]);
    }
    Hot& h = it->second;
    if (oc != nullptr && h.cold == UINT32_MAX) {
      h.cold = static_cast<std::uint32_t>(s.cold.size());
      Cold& c = s.cold.emplace_back();
      c.category_counts.resize(s.schema.categories.size());
      c.attributes.resize(s.schema.attributes.size());
      c.numerics.resize(s.schema.numerics.size());
    }
    const std::vector<const std::string*> ids = order_ids(oh, oc);
    for (std::size_t k = 0; k < oh.orders.size(); ++k) {
      const OrderAcc& from = oh.orders[k];
      if (ids[k] == nullptr) {
        h.orders.push_back(from);
        continue;
      }
      Cold& c = s.cold[h.cold];
      auto [at, inserted] = c.order_index.try_emplace(*ids[k], static_cast<std::uint32_t>(h.orders.size()));
      if (inserted) h.orders.emplace_back();
      OrderAcc& to = h.orders[at->second];
      to.time = std::min(to.time, from.time);
      to.total += from.total;  // checked above
    }
    h.events += oh.events;
    h.latest = std::max(h.latest, oh.latest);
    if (oc == nullptr) continue;
    Cold& c = s.cold[h.cold];
    for (std::size_t k = 0; k < oc->category_counts.size(); ++k)
      for (const auto& [code, count] : oc->category_counts[k]) c.category_counts[k][category_code[k][code]] += count;
    for (std::size_t k = 0; k < oc->attributes.size(); ++k) {
      const Latest<std::uint32_t>& a = oc->attributes[k];
      if (!a.set) continue;
      const Dict& d = s.attribute_values[k];
      update_latest(c.attributes[k], a.time, attribute_code[k][a.value],
                    [&](std::uint32_t x, std::uint32_t y) { return d.values[x] < d.values[y]; });
    }
    for (std::size_t k = 0; k < oc->numerics.size(); ++k)
      if (oc->numerics[k].set)
        update_latest(c.numerics[k], oc->numerics[k].time, oc->numerics[k].value,
                      [](double x, double y) { return x < y; });
  }
  s.max_time = std::max(s.max_time, o.max_time);
  s.events += o.events;
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
