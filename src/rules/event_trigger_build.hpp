// Shared by EventTriggers::create and the text-format parser: definitions with the place in
// the text where each filter starts, so compile errors name the file's line and column.
#pragma once

#include <vector>

#include "segcore/event_triggers.hpp"

SEGCORE_NAMESPACE_BEGIN

struct LocatedTrigger {
  EventTriggerDef def;
  int filter_line = 1, filter_column = 1;
  int without_line = 1, without_column = 1;
};

struct EventTriggersBuilder {
  static StatusOr<EventTriggers> build(std::vector<LocatedTrigger> triggers, StoreSchema schema);
};

SEGCORE_NAMESPACE_END
