// The engagement C ABI: options from init, outputs through the struct of pointers (any may be
// NULL), the C++ result exactly, zones by name, older and newer struct layouts, and the
// status codes and messages of bad arguments, with nothing written on error.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "segcore/engagement.hpp"
#include "segcore_engagement.h"

namespace {

std::string last() { return segcore_last_error_message(); }
bool says(const char* what) { return last().find(what) != std::string::npos; }

constexpr int64_t kAsOf = 1'717'200'000;
const uint32_t customer[] = {0, 1, 0, 2, 0};
const uint32_t kind[] = {0, 1, 1, 0, 0};
const int64_t when[] = {kAsOf - 3600, kAsOf - 9 * 86400, kAsOf - 40 * 86400, kAsOf + 5, kAsOf - 100};
const uint32_t channel[] = {1, SEGCORE_NO_CHANNEL, 0, 1, 1};
const double reach[] = {10, NAN, 30, 5, 0};

}  // namespace

TEST_CASE("capi engagement: outputs equal the C++ aggregate, zones by name") {
  segcore_engagement_options o;
  REQUIRE(segcore_engagement_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(o.velocity_days == 30);
  CHECK(o.trend_weeks == 12);
  CHECK(o.window_days == nullptr);
  o.as_of = kAsOf;
  const uint32_t zone[] = {1, 0, 0};
  const char* names[] = {"UTC", "Asia/Tokyo"};
  o.customer_zone = zone;
  o.zone_names = names;
  o.n_zones = 2;
  const uint32_t engaging[] = {1};
  o.engaging_kinds = engaging;
  o.n_engaging_kinds = 1;
  std::vector<uint64_t> counts(6), windows(18), hours(72), weekend(3);
  std::vector<double> velocity(6), trend(6), rate(3);
  std::vector<int32_t> preferred(3), peak(3);
  uint64_t after = 9;
  segcore_engagement_outputs out{sizeof out,  counts.data(),    windows.data(), velocity.data(), trend.data(),
                                 rate.data(), preferred.data(), hours.data(),   weekend.data(),  peak.data(),
                                 &after};
  REQUIRE(segcore_engagement_aggregate(customer, kind, when, channel, reach, 5, 3, 2, 2, &o, &out) == SEGCORE_OK);

  segcore::EngagementOptions co;
  co.as_of = kAsOf;
  co.engaging_kinds = {1};
  const std::vector<std::string> cnames = {"UTC", "Asia/Tokyo"};
  auto a = segcore::aggregate_engagement({customer, kind, when, channel, reach, 3, 2, 2}, co,
                                         {std::span<const uint32_t>(zone, 3), cnames});
  REQUIRE(a.ok());
  CHECK(counts == a->counts);
  CHECK(windows == a->window_counts);
  CHECK(velocity == a->velocity);
  CHECK(trend == a->trend);
  CHECK(hours == a->hour_counts);
  CHECK(weekend == a->weekend);
  CHECK(preferred == a->preferred_channel);
  CHECK(peak == a->peak_hour);
  CHECK(after == 1);
  CHECK(rate[0] == 1.0 / 40);  // one engaging interaction, reach 10 + 30 + 0
  CHECK(std::isnan(rate[1]));
  CHECK(hours[0 * 24 + 8] == 2);  // 23:00 and 23:58 UTC are 08:00 and 08:58 in Tokyo
  CHECK(hours[0 * 24 + 9] == 1);
  // Outputs may be NULL, and a NULL options struct means defaults (as_of 0: all after it).
  segcore_engagement_outputs only{};
  only.struct_size = sizeof only;
  only.after_as_of = &after;
  REQUIRE(segcore_engagement_aggregate(customer, kind, when, nullptr, nullptr, 5, 3, 2, 0, nullptr, &only) ==
          SEGCORE_OK);
  CHECK(after == 5);
}

TEST_CASE("capi engagement: bad arguments name what is wrong, and nothing is written") {
  segcore_engagement_options o;
  REQUIRE(segcore_engagement_options_init(&o, sizeof o) == SEGCORE_OK);
  o.as_of = kAsOf;
  std::vector<uint64_t> counts(6, 77);
  segcore_engagement_outputs out{};
  out.struct_size = sizeof out;
  out.counts = counts.data();
  CHECK(segcore_engagement_aggregate(nullptr, kind, when, nullptr, nullptr, 5, 3, 2, 0, &o, &out) == SEGCORE_EINVAL);
  CHECK(segcore_engagement_aggregate(customer, kind, when, nullptr, nullptr, 5, 2, 2, 0, &o, &out) == SEGCORE_EINVAL);
  CHECK(says("customer[3] is 2"));
  CHECK(segcore_engagement_aggregate(customer, kind, when, nullptr, nullptr, 5, 3, 2, 0, &o, nullptr) ==
        SEGCORE_EINVAL);
  const int32_t too_many[17] = {};
  o.window_days = too_many;
  o.n_windows = 17;
  CHECK(segcore_engagement_aggregate(customer, kind, when, nullptr, nullptr, 5, 3, 2, 0, &o, &out) == SEGCORE_EINVAL);
  CHECK(says("17 windows"));
  o.window_days = nullptr;
  o.reserved0 = 1;
  CHECK(segcore_engagement_aggregate(customer, kind, when, nullptr, nullptr, 5, 3, 2, 0, &o, &out) == SEGCORE_EINVAL);
  CHECK(says("reserved0"));
  o.reserved0 = 0;
  const uint32_t zone[] = {0, 0, 0};
  const char* unknown[] = {"Nowhere/Atlantis"};
  o.customer_zone = zone;
  o.zone_names = unknown;
  o.n_zones = 1;
  CHECK(segcore_engagement_aggregate(customer, kind, when, nullptr, nullptr, 5, 3, 2, 0, &o, &out) ==
        SEGCORE_ENOTFOUND);
  CHECK(says("'Nowhere/Atlantis'"));
  const char* null_name[] = {nullptr};
  o.zone_names = null_name;
  CHECK(segcore_engagement_aggregate(customer, kind, when, nullptr, nullptr, 5, 3, 2, 0, &o, &out) == SEGCORE_EINVAL);
  CHECK(says("zone_names[0] is NULL"));
  CHECK(counts == std::vector<uint64_t>(6, 77));
  // An older options layout is too small to be one; a newer one with unknown fields set is refused.
  CHECK(segcore_engagement_options_init(&o, 8) == SEGCORE_EINVAL);
  struct Newer {
    segcore_engagement_options known;
    uint64_t extra;
  } newer{};
  REQUIRE(segcore_engagement_options_init(&newer.known, sizeof newer) == SEGCORE_OK);
  newer.extra = 1;
  CHECK(segcore_engagement_aggregate(customer, kind, when, nullptr, nullptr, 5, 3, 2, 0, &newer.known, &out) ==
        SEGCORE_EUNSUPPORTED);
}
