// Shared by EventTriggers::create and the text-format parser: definitions with the place in
// the text where each filter starts, so compile errors name the file's line and column.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "segcore/event_triggers.hpp"

SEGCORE_NAMESPACE_BEGIN

struct LocatedTrigger {
  EventTriggerDef def;
  int filter_line = 1, filter_column = 1;
  int without_line = 1, without_column = 1;
};

// The per-customer state of an EventTriggers, in a form independent of its hash map and record
// layout: what its model-file payload (src/model/payload_triggers.cpp) writes and reads.
struct TriggerCustomerState {
  std::string id;
  std::int64_t clock = 0;
  std::int32_t segment = 0;
  std::vector<std::int64_t> slots;  // slots_per_customer() timestamps
};
struct PendingMoveState {
  std::string customer, order;
  std::vector<std::string> categories;
  std::vector<std::uint8_t> present;  // per category: 0 when missing
  std::int32_t from = 0, to = 0;
  std::uint64_t trigger = 0, position = 0;
  std::int64_t timestamp = 0;
  double amount = 0;
};
struct EventTriggersState {
  std::uint64_t events = 0, late = 0;
  std::vector<TriggerCustomerState> customers;  // sorted by id
  std::vector<PendingMoveState> pending;        // in the order they will be reported
};

// The same state copied flat in hash-map order (cheap to take; a checkpoint's writer sorts it):
// each customer's id and record number, and the records, each `width` values: the clock, the
// segment, then the kept timestamps.
struct EventTriggersCopy {
  std::uint64_t events = 0, late = 0;
  std::size_t width = 0;
  std::vector<std::pair<std::string, std::uint32_t>> index;
  std::vector<std::int64_t> records;
  std::vector<PendingMoveState> pending;  // in the order they will be reported
};

struct EventTriggersBuilder {
  static StatusOr<EventTriggers> build(std::vector<LocatedTrigger> triggers, StoreSchema schema);
  // The set's customer state into `out` (its capacity reused).
  static void copy(const EventTriggers& set, EventTriggersCopy& out);
  // Replaces the customer state of a freshly built set (no events yet); InvalidArgument naming
  // the field when the state breaks the set's rules (slot count, segment index, trigger index,
  // duplicate ids, categories of the wrong count), and the set is left unchanged.
  static Status restore(EventTriggers& set, EventTriggersState state);
};

SEGCORE_NAMESPACE_END
