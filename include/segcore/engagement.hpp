// Engagement: per-customer features from interactions of any kinds (view, click, open, like,
// comment, share, follow, mention, ...: the caller's set, coded 0 to n_kinds - 1), as the
// profiles' features come from orders: counts and windowed counts per kind, velocity and trend
// per kind, an engagement rate against a reach column, the preferred channel, and when in the
// week and day the customer interacts, in the customer's time zone.
//
// Exactly (docs/guides/social.md, "Engagement"):
// - Only interactions with time <= as_of count; later ones are counted in after_as_of only.
// - A window of w days holds as_of - w days < time <= as_of, as the order windows.
// - velocity and trend per kind are the profiles' velocity_<v>d and trend_<t>w over that
//   kind's interactions (every interaction counts, where orders count only positive ones).
// - engagement_rate: interactions of the engaging kinds (every kind when none are named)
//   divided by the reach: with ReachMode::sum the sum of the customer's reach values (for
//   impressions per interaction), with ReachMode::latest the value of the customer's latest
//   interaction with a reach value (for a follower count; ties in time: the larger value).
//   Missing (NaN) when the customer has no reach value or the reach is 0.
// - preferred_channel: the channel of most interactions; ties go to the smaller channel code;
//   -1 when none of the customer's interactions has a channel.
// - hour_counts and weekend: by local time in the customer's zone (UTC when none is given);
//   peak_hour is the hour of most interactions, ties to the earlier hour, -1 when none.
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// What engagement_rate divides by.
enum class ReachMode : std::int32_t {
  sum = 0,     // the sum of the customer's reach values (impressions per interaction)
  latest = 1,  // the reach of the customer's latest interaction that has one (followers)
};

// A channel value meaning "no channel" in Interactions::channel.
inline constexpr std::uint32_t kNoChannel = 0xFFFFFFFFu;

// Interactions as coded columns, one entry per interaction.
struct Interactions {
  std::span<const std::uint32_t> customer;  // in [0, n_customers)
  std::span<const std::uint32_t> kind;      // in [0, n_kinds)
  std::span<const std::int64_t> time;       // Unix seconds
  std::span<const std::uint32_t> channel;   // in [0, n_channels) or kNoChannel; empty: no channels
  std::span<const double> reach;            // finite and >= 0, NaN for none; empty: no reach
  std::size_t n_customers = 0;              // customers, coded 0 to n_customers - 1
  std::size_t n_kinds = 0;                  // 1 to 4096
  std::size_t n_channels = 0;               // 0 to 4096
};

// Time zones by customer: customer c's zone is names[zone[c]]. A name is "UTC", a fixed
// offset "+HH:MM" or "-HH:MM" (at most 18 hours), or a name of the IANA time-zone database
// ("Europe/Paris"), read from the system's database (Debian's tzdata). Empty: UTC for all.
struct CustomerZones {
  std::span<const std::uint32_t> zone;  // n_customers entries, each < names.size()
  std::span<const std::string> names;   // the zones' names
};

// Options of aggregate_engagement().
struct EngagementOptions {
  std::int64_t as_of = 0;                      // Unix seconds
  std::vector<int> window_days = {7, 30, 90};  // 1 to 36500 days each, at most 16
  int velocity_days = 30;                      // 1 to 36500
  int trend_weeks = 12;                        // 2 to 5200
  std::vector<std::uint32_t> engaging_kinds;   // kind codes for engagement_rate; empty: all
  ReachMode reach_mode = ReachMode::sum;       // what engagement_rate divides by
};

// Per-customer engagement features, in customer-major arrays (K = n_kinds, W = windows).
struct EngagementAggregate {
  std::size_t n_customers = 0;   // rows
  std::size_t n_kinds = 0;       // K
  std::vector<int> window_days;  // the windows, in the order given
  // counts[c * K + k]: customer c's interactions of kind k up to as_of.
  std::vector<std::uint64_t> counts;
  // window_counts[(c * W + w) * K + k]: those within window w.
  std::vector<std::uint64_t> window_counts;
  // velocity[c * K + k] and trend[c * K + k]: the profiles' velocity and trend definitions.
  std::vector<double> velocity;                 // velocity_<v>d per customer and kind
  std::vector<double> trend;                    // trend_<t>w per customer and kind
  std::vector<double> engagement_rate;          // per customer; NaN when there is no reach
  std::vector<std::int32_t> preferred_channel;  // per customer; -1 for none
  std::vector<std::uint64_t> hour_counts;       // hour_counts[c * 24 + h]: local hour h
  std::vector<std::uint64_t> weekend;           // per customer: on a local Saturday or Sunday
  std::vector<std::int32_t> peak_hour;          // per customer; -1 for none
  std::uint64_t after_as_of = 0;                // interactions after as_of, left out
};

// Aggregates the interactions per customer in one pass. Columns of unequal lengths, a code
// out of range, a negative or infinite reach, bad options or an unknown time zone are
// InvalidArgument naming the argument and row (a zone the system's database lacks is
// NotFound). Memory: the result, plus n_customers x n_channels counts when channels are given.
StatusOr<EngagementAggregate> aggregate_engagement(const Interactions& in, const EngagementOptions& options,
                                                   const CustomerZones& zones = {});

SEGCORE_NAMESPACE_END
