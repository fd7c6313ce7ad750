// The structs behind the C handles of events and profiles, apart from the others
// (capi_handles.hpp) so that only the wrappers that read them see their insides: the ABI check
// reads segcore_rule_data's `profiles` member as the opaque pointer it is only where
// segcore_profiles stays undefined. Each wraps its C++ object as `impl`, as in capi_handles.hpp.
// Internal to the library.
#pragma once

#include <vector>

#include "segcore/io.hpp"
#include "segcore/profile.hpp"
#include "segcore/rfm.hpp"
#include "segcore_profile.h"

struct segcore_events {
  segcore::EventTable impl;
  segcore::IngestReport report;
};

struct segcore_profiles {
  segcore::ProfileTable impl;
  segcore::IngestReport report;  // of the file read, for tables read straight from one; else empty
};

struct segcore_profile_store {
  segcore::ProfileStore impl;
};

struct segcore_rfm {
  segcore::RfmResult impl;
  std::vector<segcore::SegmentSummary> summary;
};

SEGCORE_NAMESPACE_BEGIN
namespace capi_detail {

// ProfileOptions from the C struct (NULL: defaults).
absl::StatusOr<ProfileOptions> profile_options(const segcore_profile_options* opts, const char* function);

}  // namespace capi_detail
SEGCORE_NAMESPACE_END
