// Erasing a customer from the streaming store: their record goes, the arrival numbers and cold
// records of the others close the gap, and the dictionaries of category and attribute values
// keep only what a remaining customer holds, so no string of the erased customer lingers.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "store_state.hpp"

SEGCORE_NAMESPACE_BEGIN

using namespace profile_detail;

namespace {

// Keeps the values whose code is marked used, in their order; returns the old -> new codes
// (UINT32_MAX for a dropped value) and adds the number dropped to *dropped.
std::vector<std::uint32_t> compact(Dict& d, const std::vector<std::uint8_t>& used, std::size_t* dropped) {
  std::vector<std::uint32_t> remap(d.values.size(), UINT32_MAX);
  Dict kept;
  for (std::size_t v = 0; v < d.values.size(); ++v)
    if (used[v]) remap[v] = kept.code(d.values[v]);
  *dropped += d.values.size() - kept.values.size();
  d = std::move(kept);  // the old strings and their index are freed here
  return remap;
}

}  // namespace

StatusOr<StoreErasure> ProfileStore::erase(absl::string_view customer) {
  State& s = *state_;
  auto it = s.index.find(customer);
  if (it == s.index.end())
    return absl::NotFoundError(absl::StrCat("ProfileStore::erase: no customer '", customer, "' in the store"));
  StoreErasure out;
  const std::uint32_t id = it->second.id, cold = it->second.cold;
  out.events = it->second.events;
  out.orders = it->second.orders.size();
  s.index.erase(it);
  s.ids.erase(s.ids.begin() + id);
  const auto last_cold = static_cast<std::uint32_t>(s.cold.size()) - 1;
  if (cold != UINT32_MAX) {
    if (cold != last_cold) s.cold[cold] = std::move(s.cold[last_cold]);
    s.cold.pop_back();
  }
  s.max_time = std::numeric_limits<std::int64_t>::min();
  for (auto& [name, h] : s.index) {
    if (h.id > id) --h.id;
    if (cold != UINT32_MAX && h.cold == last_cold) h.cold = cold;
    s.max_time = std::max(s.max_time, h.latest);
  }
  s.events -= out.events;
  if (cold == UINT32_MAX) return out;  // without a cold record the customer added no values

  for (std::size_t k = 0; k < s.category_values.size(); ++k) {
    std::vector<std::uint8_t> used(s.category_values[k].values.size(), 0);
    for (const Cold& c : s.cold)
      for (const auto& [code, count] : c.category_counts[k]) used[code] = 1;
    const std::size_t dropped_before = out.values;
    const std::vector<std::uint32_t> remap = compact(s.category_values[k], used, &out.values);
    if (out.values == dropped_before) continue;  // every code kept its number
    for (Cold& c : s.cold) {
      absl::flat_hash_map<std::uint32_t, std::uint64_t> counts;
      for (const auto& [code, count] : c.category_counts[k]) counts.emplace(remap[code], count);
      c.category_counts[k] = std::move(counts);
    }
  }
  for (std::size_t k = 0; k < s.attribute_values.size(); ++k) {
    std::vector<std::uint8_t> used(s.attribute_values[k].values.size(), 0);
    for (const Cold& c : s.cold)
      if (c.attributes[k].set) used[c.attributes[k].value] = 1;
    const std::size_t dropped_before = out.values;
    const std::vector<std::uint32_t> remap = compact(s.attribute_values[k], used, &out.values);
    if (out.values == dropped_before) continue;
    for (Cold& c : s.cold)
      if (c.attributes[k].set) c.attributes[k].value = remap[c.attributes[k].value];
  }
  return out;
}

SEGCORE_NAMESPACE_END
