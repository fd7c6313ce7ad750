// The streaming profile store's state, shared by the store (store.cpp), its erasure
// (store_erase.cpp), merge (store_merge.cpp) and byte form (store_bytes.cpp).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "features.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace profile_detail {

struct Dict {
  absl::flat_hash_map<std::string, std::uint32_t> index;
  std::vector<std::string> values;
  std::uint32_t code(absl::string_view v) {
    auto [it, inserted] = index.try_emplace(std::string(v), static_cast<std::uint32_t>(values.size()));
    if (inserted) values.emplace_back(v);
    return it->second;
  }
};

// What every event touches sits in the id map's slot (one cache miss fewer per event); what
// only events with order ids or a schema need is kept apart.
struct Hot {
  std::uint32_t id = 0;             // arrival order
  std::uint32_t cold = UINT32_MAX;  // index into State::cold, once needed
  std::uint64_t events = 0;
  std::int64_t latest = std::numeric_limits<std::int64_t>::min();  // its latest event (for erasure)
  std::vector<OrderAcc> orders;
};

struct Cold {
  absl::flat_hash_map<std::string, std::uint32_t> order_index;  // order id -> index in orders
  std::vector<absl::flat_hash_map<std::uint32_t, std::uint64_t>> category_counts;
  std::vector<Latest<std::uint32_t>> attributes;
  std::vector<Latest<double>> numerics;
};

}  // namespace profile_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

struct ProfileStore::State {
  ProfileOptions options;
  StoreSchema schema;
  absl::flat_hash_map<std::string, profile_detail::Hot> index;
  std::vector<std::string> ids;
  std::vector<profile_detail::Cold> cold;
  std::vector<profile_detail::Dict> category_values, attribute_values;
  std::int64_t max_time = std::numeric_limits<std::int64_t>::min();
  std::uint64_t events = 0;
};

// What the store's byte form (store_bytes.cpp) reads and writes.
struct StoreAccess {
  static const ProfileStore::State& state(const ProfileStore& s) { return *s.state_; }
  static ProfileStore::State& state(ProfileStore& s) { return *s.state_; }
};

SEGCORE_NAMESPACE_END
