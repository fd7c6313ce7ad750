// Snapshots of the stream checkpoint's parts: their content copied into flat vectors in no
// particular order (a walk of each hash map, no sorting, no byte encoding), so a consumer's loop
// stops only for the copy while its checkpoint writer encodes the image from it. Each part's
// payload is encoded from its snapshot and nothing else (model_to_bytes and checkpoints alike),
// so an image made from a snapshot is the image of the state at the moment it was taken.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/byte_io.hpp"
#include "profile/features.hpp"
#include "rules/event_trigger_build.hpp"
#include "segcore/profile.hpp"
#include "segcore/rules.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {

// Room for n items and half as much again, so the copy of a state that grows between snapshots
// is reallocated (and its new pages faulted in, on the loop) now and then, not at every save:
// assigning a longer vector would allocate exactly its length each time.
template <class V>
void make_room(V& v, std::size_t n) {
  if (v.capacity() < n) v.reserve(n + n / 2);
}

// Pointers to a snapshot's (id, value) pairs in id order: customers as a file lists them, so
// equal states give equal bytes whatever their hash-map order.
template <class T>
std::vector<const std::pair<std::string, T>*> by_id(const std::vector<std::pair<std::string, T>>& v) {
  std::vector<const std::pair<std::string, T>*> order(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) order[i] = &v[i];
  std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  return order;
}

// A profile store (src/profile/store_bytes.cpp). Each vector keeps its capacity between snapshots.
struct StoreSnapshot {
  ProfileOptions options;
  StoreSchema schema;
  std::vector<std::vector<std::string>> category_values, attribute_values;  // the dictionaries
  std::int64_t max_time = 0;
  std::uint64_t events = 0;
  std::vector<std::string> ids;  // by customer number (arrival order)
  struct Customer {
    std::uint64_t events = 0;
    std::int64_t latest = 0;
    std::uint64_t orders_at = 0;  // its orders: orders[orders_at, orders_at + n_orders)
    std::uint32_t n_orders = 0;
    std::uint32_t cold = UINT32_MAX;  // its details' number, or none
  };
  std::vector<Customer> customers;  // by customer number
  std::vector<profile_detail::OrderAcc> orders;
  // Per details record c: its order ids in order_ids[order_ids_at[c], order_ids_at[c + 1]) as
  // (index in its orders, id); its counts of category k in counts[counts_at[c * nc + k], the
  // next) as (value code, count), both unsorted; its nc attributes and nn numerics at c * na, c * nn.
  std::vector<std::pair<std::uint32_t, std::string>> order_ids;
  std::vector<std::uint64_t> order_ids_at;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> counts;
  std::vector<std::uint64_t> counts_at;
  std::vector<profile_detail::Latest<std::uint32_t>> attributes;
  std::vector<profile_detail::Latest<double>> numerics;
};
void snapshot(const ProfileStore& m, StoreSnapshot& out);
void encode(const StoreSnapshot& s, ByteWriter& w);

// Event triggers: the definitions, and the customer state as EventTriggersBuilder::copy gives it.
struct TriggersSnapshot {
  StoreSchema schema;
  std::vector<EventTriggerDef> defs;
  EventTriggersCopy state;
};
void snapshot(const EventTriggers& m, TriggersSnapshot& out);
void encode(const TriggersSnapshot& s, ByteWriter& w);

// A segment tracker: its set's payload, and each customer's last segment, unsorted.
struct TrackerSnapshot {
  std::vector<std::uint8_t> set;
  std::vector<std::pair<std::string, std::int32_t>> last;
};
void snapshot(const SegmentTracker& m, TrackerSnapshot& out);
void encode(const TrackerSnapshot& s, ByteWriter& w);

}  // namespace model_detail

// The tracker's last segments in hash-map order (src/rules/segment_tracker.cpp).
struct SegmentTrackerAccess {
  static void last_segments(const SegmentTracker& t, std::vector<std::pair<std::string, std::int32_t>>& out);
};

SEGCORE_NAMESPACE_END
