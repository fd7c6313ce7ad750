// C ABI of engagement: options and output structs to and from segcore/engagement.hpp.
// Converts and forwards; the work is in src/social/engagement.cpp.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "capi_support.hpp"
#include "segcore/engagement.hpp"
#include "segcore_engagement.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

constexpr std::size_t kMinOptionsSize = offsetof(segcore_engagement_options, n_zones) + sizeof(size_t);
static_assert(sizeof(segcore_engagement_options) == kMinOptionsSize, "no tail padding (capi_support.hpp)");
constexpr std::size_t kMinOutputsSize = offsetof(segcore_engagement_outputs, after_as_of) + sizeof(uint64_t*);
static_assert(sizeof(segcore_engagement_outputs) == kMinOutputsSize, "no tail padding (capi_support.hpp)");

segcore_engagement_options defaults() {
  segcore_engagement_options o{};
  o.struct_size = sizeof o;
  o.velocity_days = 30;
  o.trend_weeks = 12;
  o.reach_mode = SEGCORE_REACH_SUM;
  return o;
}

template <class T>
void put(const std::vector<T>& values, T* out) {
  if (out) std::copy(values.begin(), values.end(), out);
}

}  // namespace

extern "C" {

int segcore_engagement_options_init(segcore_engagement_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_engagement_options d = defaults();
    return segcore::capi_detail::init_options(opts, struct_size, &d, sizeof d, kMinOptionsSize, fn);
  );
}

int segcore_engagement_aggregate(const uint32_t* customer, const uint32_t* kind, const int64_t* time,
                                 const uint32_t* channel, const double* reach, size_t n, size_t n_customers,
                                 size_t n_kinds, size_t n_channels, const segcore_engagement_options* opts,
                                 const segcore_engagement_outputs* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(out);
    if (n > 0) SEGCORE_REQUIRE(customer, kind, time);
    segcore_engagement_options o = defaults();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinOptionsSize, fn));
    segcore_engagement_outputs w{};
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(out, &w, sizeof w, kMinOutputsSize, fn));
    if (o.reserved0 != 0) return segcore::invalid_argument(fn, "options: reserved0 is ", o.reserved0, "; it must be 0");
    if (o.n_windows > 16 && o.window_days)
      return segcore::invalid_argument(fn, "options: ", o.n_windows, " windows; at most 16");
    if (o.n_engaging_kinds > 0) SEGCORE_REQUIRE(o.engaging_kinds);
    if (o.customer_zone) SEGCORE_REQUIRE(o.zone_names);
    segcore::EngagementOptions options;
    options.as_of = o.as_of;
    if (o.window_days) options.window_days.assign(o.window_days, o.window_days + o.n_windows);
    options.velocity_days = o.velocity_days;
    options.trend_weeks = o.trend_weeks;
    if (o.engaging_kinds)
      options.engaging_kinds.assign(o.engaging_kinds, o.engaging_kinds + o.n_engaging_kinds);
    options.reach_mode = static_cast<segcore::ReachMode>(o.reach_mode);
    std::vector<std::string> names;
    std::span<const std::uint32_t> zone;
    if (o.customer_zone) {
      for (std::size_t j = 0; j < o.n_zones; ++j) {
        if (o.zone_names[j] == nullptr) return segcore::invalid_argument(fn, "options: zone_names[", j, "] is NULL");
        names.emplace_back(o.zone_names[j]);
      }
      zone = {o.customer_zone, n_customers};
    }
    const segcore::Interactions in{{customer, n}, {kind, n}, {time, n},
                                   {channel, channel ? n : 0}, {reach, reach ? n : 0},
                                   n_customers, n_kinds, n_channels};
    SEGCORE_ASSIGN_OR_RETURN(auto a, segcore::aggregate_engagement(in, options, {zone, names}));
    put(a.counts, w.counts);
    put(a.window_counts, w.window_counts);
    put(a.velocity, w.velocity);
    put(a.trend, w.trend);
    put(a.engagement_rate, w.engagement_rate);
    put(a.preferred_channel, w.preferred_channel);
    put(a.hour_counts, w.hour_counts);
    put(a.weekend, w.weekend);
    put(a.peak_hour, w.peak_hour);
    if (w.after_as_of) *w.after_as_of = a.after_as_of;
  );
}

}  // extern "C"
