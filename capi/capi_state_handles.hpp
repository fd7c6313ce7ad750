// The structs behind the C handles that keep per-customer state between calls (identity,
// segment tracking, triggers), shared by their wrappers and the erasure calls of
// capi_privacy.cpp.
#pragma once

#include "segcore/event_triggers.hpp"
#include "segcore/identity.hpp"
#include "segcore/rules.hpp"
#include "segcore_rules.h"

struct segcore_identity {
  segcore::IdentityResolver resolver;
  segcore::IdentityResult last;  // of the latest resolve; refreshed by an erasure
};

struct segcore_segment_tracker {
  segcore::SegmentTracker tracker;
};

struct segcore_triggers {
  segcore::TriggerSet set;
};

struct segcore_event_triggers {
  segcore::EventTriggers set;
};
