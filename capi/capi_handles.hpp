// The structs behind the profile-related C handles, shared by their wrapper files.
#pragma once

#include <vector>

#include "segcore/io.hpp"
#include "segcore/profile.hpp"
#include "segcore/rfm.hpp"
#include "segcore_profile.h"

struct segcore_events {
  segcore::EventTable events;
  segcore::IngestReport report;
};

struct segcore_profiles {
  segcore::ProfileTable table;
};

struct segcore_profile_store {
  segcore::ProfileStore store;
};

struct segcore_rfm {
  segcore::RfmResult result;
  std::vector<segcore::SegmentSummary> summary;
};

namespace segcore::capi {

// ProfileOptions from the C struct (NULL: defaults).
absl::StatusOr<ProfileOptions> profile_options(const segcore_profile_options* opts, const char* function);

}  // namespace segcore::capi
