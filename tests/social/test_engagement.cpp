// Engagement: one source of truth with the profiles (windows, velocity and trend of one kind
// equal the order columns on the same events), a direct recount on random interactions of
// every size class, time zones (fixed offsets, daylight saving, weekends across midnight),
// ties, far times, and the errors of bad input. The check against pandas on generated data is
// python/tests/test_engagement.py.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "segcore/engagement.hpp"
#include "segcore/io.hpp"
#include "segcore/profile.hpp"

namespace {

using segcore::CustomerZones;
using segcore::EngagementAggregate;
using segcore::EngagementOptions;
using segcore::Interactions;

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kAsOf = 1'717'200'000;  // 2024-06-01 00:00:00 UTC, a Saturday

struct Rows {
  std::vector<std::uint32_t> customer, kind, channel;
  std::vector<std::int64_t> time;
  std::vector<double> reach;
  std::size_t n_customers = 0, n_kinds = 1, n_channels = 0;

  Interactions view() const { return {customer, kind, time, channel, reach, n_customers, n_kinds, n_channels}; }
};

EngagementAggregate aggregate(const Rows& r, const EngagementOptions& o, const CustomerZones& z = {}) {
  auto a = segcore::aggregate_engagement(r.view(), o, z);
  REQUIRE_MESSAGE(a.ok(), a.status().message());
  return *std::move(a);
}

std::string error(const Rows& r, const EngagementOptions& o, const CustomerZones& z = {}) {
  auto a = segcore::aggregate_engagement(r.view(), o, z);
  REQUIRE(!a.ok());
  return std::string(a.status().message());
}

EngagementOptions at(std::int64_t as_of) {
  EngagementOptions o;
  o.as_of = as_of;
  return o;
}

// Random interactions: ages from the window edges' neighbourhoods and far back.
Rows random_rows(std::mt19937_64& rng, std::size_t n, std::size_t customers, std::size_t kinds, std::size_t channels) {
  Rows r;
  r.n_customers = customers;
  r.n_kinds = kinds;
  r.n_channels = channels;
  const std::int64_t edges[] = {0, 7 * kDay, 30 * kDay, 60 * kDay, 90 * kDay, 84 * kDay};
  for (std::size_t i = 0; i < n; ++i) {
    r.customer.push_back(static_cast<std::uint32_t>(rng() % customers));
    r.kind.push_back(static_cast<std::uint32_t>(rng() % kinds));
    std::int64_t age = rng() % 3 == 0 ? edges[rng() % 6] + static_cast<std::int64_t>(rng() % 3) - 1
                                      : static_cast<std::int64_t>(rng() % (200 * kDay));
    r.time.push_back(kAsOf - age);
    if (channels)
      r.channel.push_back(rng() % 5 == 0 ? segcore::kNoChannel : static_cast<std::uint32_t>(rng() % channels));
    r.reach.push_back(rng() % 4 == 0 ? std::nan("") : static_cast<double>(rng() % 1000));
  }
  return r;
}

}  // namespace

TEST_CASE("engagement: one kind's windows, velocity and trend equal the profiles' order columns") {
  std::mt19937_64 rng(7);
  for (std::size_t n : {1u, 5u, 97u, 2000u}) {
    Rows r = random_rows(rng, n, 13, 1, 0);
    // Each interaction an order of amount 1: the profiles count it as a positive order.
    std::vector<std::int64_t> ids(n);
    for (std::size_t i = 0; i < n; ++i) ids[i] = r.customer[i];
    std::vector<double> amount(n, 1.0);
    auto events = segcore::events_from_arrays(ids, r.time, amount);
    REQUIRE(events.ok());
    segcore::ProfileOptions po;
    po.as_of = kAsOf;
    auto table = segcore::build_profiles(*events, po);
    REQUIRE(table.ok());
    const EngagementAggregate a = aggregate(r, at(kAsOf));
    for (std::size_t row = 0; row < table->size(); ++row) {
      const std::size_t c = std::stoul(table->customer_id[row]);
      CHECK((*table->column("frequency"))->i64[row] == static_cast<std::int64_t>(a.counts[c]));
      for (std::size_t w = 0; w < 3; ++w) {
        const std::string name = "orders_" + std::to_string(a.window_days[w]) + "d";
        CHECK((*table->column(name))->i64[row] == static_cast<std::int64_t>(a.window_counts[c * 3 + w]));
      }
      CHECK((*table->column("velocity_30d"))->f64[row] == a.velocity[c]);  // bit-identical
      CHECK((*table->column("trend_12w"))->f64[row] == a.trend[c]);
    }
  }
}

TEST_CASE("engagement: counts, windows, rate, channel and hours equal a direct recount") {
  std::mt19937_64 rng(11);
  for (std::size_t n : {0u, 1u, 63u, 64u, 65u, 3001u}) {
    for (auto mode : {segcore::ReachMode::sum, segcore::ReachMode::latest}) {
      Rows r = random_rows(rng, n, 17, 4, 3);
      EngagementOptions o = at(kAsOf);
      o.engaging_kinds = {1, 3};
      o.reach_mode = mode;
      const EngagementAggregate a = aggregate(r, o);
      for (std::size_t c = 0; c < r.n_customers; ++c) {
        std::uint64_t counts[4] = {}, in30[4] = {}, engaged = 0, hours[24] = {}, weekend = 0, per_channel[3] = {};
        double reach_sum = 0, latest = std::nan("");
        std::int64_t latest_time = std::numeric_limits<std::int64_t>::min();
        for (std::size_t i = 0; i < n; ++i) {
          if (r.customer[i] != c || r.time[i] > kAsOf) continue;
          ++counts[r.kind[i]];
          in30[r.kind[i]] += r.time[i] > kAsOf - 30 * kDay;
          engaged += r.kind[i] == 1 || r.kind[i] == 3;
          if (!std::isnan(r.reach[i])) {
            reach_sum += r.reach[i];
            if (r.time[i] > latest_time || (r.time[i] == latest_time && r.reach[i] > latest))
              latest_time = r.time[i], latest = r.reach[i];
          }
          if (r.channel[i] != segcore::kNoChannel) ++per_channel[r.channel[i]];
          const std::int64_t secs = r.time[i] % kDay;  // times here are after 1970
          ++hours[secs / 3600];
          const std::int64_t weekday = (r.time[i] / kDay + 3) % 7;  // 1970-01-01 was a Thursday
          weekend += weekday >= 5;
        }
        for (std::size_t k = 0; k < 4; ++k) {
          CHECK(a.counts[c * 4 + k] == counts[k]);
          CHECK(a.window_counts[(c * 3 + 1) * 4 + k] == in30[k]);
        }
        const double reach = mode == segcore::ReachMode::sum ? reach_sum : latest;
        if (reach > 0)
          CHECK(a.engagement_rate[c] == static_cast<double>(engaged) / reach);
        else
          CHECK(std::isnan(a.engagement_rate[c]));
        int best = -1, peak = -1;
        for (int j = 0; j < 3; ++j)
          if (per_channel[j] > 0 && (best < 0 || per_channel[j] > per_channel[best])) best = j;
        for (int h = 0; h < 24; ++h) {
          CHECK(a.hour_counts[c * 24 + h] == hours[h]);
          if (hours[h] > 0 && (peak < 0 || hours[h] > hours[peak])) peak = h;
        }
        CHECK(a.preferred_channel[c] == best);
        CHECK(a.peak_hour[c] == peak);
        CHECK(a.weekend[c] == weekend);
      }
    }
  }
}

TEST_CASE("engagement: time zones move hours and weekends; daylight saving from the database") {
  // 2024-01-05 23:30 UTC is a Friday; 2024-07-01 12:00 UTC a Monday.
  const std::int64_t friday_late = 1'704'497'400, july_noon = 1'719'835'200, january_noon = 1'704'110'400;
  Rows r;
  r.n_customers = 3;
  for (std::uint32_t c = 0; c < 3; ++c)
    for (std::int64_t t : {friday_late, july_noon, january_noon}) {
      r.customer.push_back(c);
      r.kind.push_back(0);
      r.time.push_back(t);
    }
  const std::vector<std::string> names = {"UTC", "+01:00", "Europe/Paris"};
  const std::vector<std::uint32_t> zone = {0, 1, 2};
  const EngagementAggregate a = aggregate(r, at(1'735'689'600), {zone, names});  // as of 2025
  CHECK(a.weekend[0] == 0);                                                      // Friday 23:30
  CHECK(a.weekend[1] == 1);                                                      // Saturday 00:30
  CHECK(a.hour_counts[0 * 24 + 23] == 1);
  CHECK(a.hour_counts[0 * 24 + 12] == 2);
  CHECK(a.hour_counts[1 * 24 + 0] == 1);
  CHECK(a.hour_counts[1 * 24 + 13] == 2);  // +01:00 all year
  CHECK(a.hour_counts[2 * 24 + 0] == 1);   // Paris in winter: +01:00
  CHECK(a.hour_counts[2 * 24 + 14] == 1);  // Paris in summer: +02:00
  CHECK(a.hour_counts[2 * 24 + 13] == 1);
  CHECK(a.weekend[2] == 1);
  // A zone without daylight saving equals its fixed offset on random times.
  std::mt19937_64 rng(3);
  Rows many = random_rows(rng, 2000, 4, 2, 0);
  const std::vector<std::string> kolkata = {"Asia/Kolkata"}, offset = {"+05:30"};
  const std::vector<std::uint32_t> zero(4, 0);
  const EngagementAggregate x = aggregate(many, at(kAsOf), {zero, kolkata});
  const EngagementAggregate y = aggregate(many, at(kAsOf), {zero, offset});
  CHECK(x.hour_counts == y.hour_counts);
  CHECK(x.weekend == y.weekend);
  CHECK(x.peak_hour == y.peak_hour);
}

TEST_CASE("engagement: ties, empty customers and far times") {
  Rows r;
  r.n_customers = 3;
  r.n_kinds = 2;
  r.n_channels = 4;
  auto add = [&](std::uint32_t c, std::int64_t t, std::uint32_t ch) {
    r.customer.push_back(c);
    r.kind.push_back(0);
    r.time.push_back(t);
    r.channel.push_back(ch);
    r.reach.push_back(std::nan(""));
  };
  add(0, kAsOf - 3 * 3600, 3);  // 21:00 and 22:00 once each, channels 3 and 1 once each
  add(0, kAsOf - 2 * 3600, 1);
  add(1, std::numeric_limits<std::int64_t>::min(), segcore::kNoChannel);  // the far past
  add(1, std::numeric_limits<std::int64_t>::max(), 2);                    // after as_of
  const EngagementAggregate a = aggregate(r, at(kAsOf));
  CHECK(a.preferred_channel[0] == 1);
  CHECK(a.peak_hour[0] == 21);
  CHECK(a.counts[1 * 2 + 0] == 1);
  CHECK(a.window_counts[(1 * 3 + 2) * 2 + 0] == 0);
  CHECK(a.preferred_channel[1] == -1);
  CHECK(a.after_as_of == 1);
  CHECK(a.peak_hour[2] == -1);
  CHECK(a.counts[2 * 2 + 0] == 0);
  CHECK(a.velocity[2 * 2] == 0.0);
  CHECK(a.trend[2 * 2] == 0.0);
  CHECK(std::isnan(a.engagement_rate[2]));
  // as_of at the far ends as well.
  const std::vector<std::uint32_t> zero(3, 0);
  const std::vector<std::string> west = {"-18:00"};
  for (std::int64_t as_of : {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    const EngagementAggregate b = aggregate(r, at(as_of), {zero, west});
    CHECK(b.counts[0] + b.counts[2] + b.counts[4] + b.after_as_of == 4);
  }
}

TEST_CASE("engagement: bad input is an error naming the argument and row") {
  Rows r;
  r.n_customers = 2;
  r.n_kinds = 2;
  r.customer = {0, 1};
  r.kind = {0, 1};
  r.time = {kAsOf, kAsOf};
  CHECK(aggregate(r, at(kAsOf)).counts.size() == 4);
  Rows bad = r;
  bad.customer[1] = 2;
  CHECK(error(bad, at(kAsOf)).find("customer[1] is 2") != std::string::npos);
  bad = r;
  bad.kind[0] = 5;
  CHECK(error(bad, at(kAsOf)).find("kind[0] is 5") != std::string::npos);
  bad = r;
  bad.time.pop_back();
  CHECK(error(bad, at(kAsOf)).find("one entry per interaction") != std::string::npos);
  bad = r;
  bad.reach = {1.0, -1.0};
  CHECK(error(bad, at(kAsOf)).find("reach[1] is -1") != std::string::npos);
  bad.reach = {INFINITY, 1.0};
  CHECK(error(bad, at(kAsOf)).find("reach[0] is inf") != std::string::npos);
  bad = r;
  bad.channel = {0, 7};
  bad.n_channels = 2;
  CHECK(error(bad, at(kAsOf)).find("channel[1] is 7") != std::string::npos);
  bad.n_channels = 0;
  CHECK(error(bad, at(kAsOf)).find("n_channels is 0") != std::string::npos);
  bad = r;
  bad.n_kinds = 0;
  CHECK(error(bad, at(kAsOf)).find("n_kinds is 0") != std::string::npos);
  EngagementOptions o = at(kAsOf);
  o.window_days = {0};
  CHECK(error(r, o).find("window_days[0] is 0") != std::string::npos);
  o = at(kAsOf);
  o.trend_weeks = 1;
  CHECK(error(r, o).find("trend_weeks is 1") != std::string::npos);
  o = at(kAsOf);
  o.velocity_days = 0;
  CHECK(error(r, o).find("velocity_days is 0") != std::string::npos);
  o = at(kAsOf);
  o.engaging_kinds = {2};
  CHECK(error(r, o).find("engaging_kinds[0] is 2") != std::string::npos);
  o = at(kAsOf);
  o.reach_mode = static_cast<segcore::ReachMode>(9);
  CHECK(error(r, o).find("reach_mode is 9") != std::string::npos);
  // Zones: indices, names that are paths, offsets out of range, names the database lacks.
  const std::vector<std::uint32_t> zone = {0, 1};
  const std::vector<std::string> one = {"UTC"};
  CHECK(error(r, at(kAsOf), {zone, one}).find("zone[1] is 1") != std::string::npos);
  const std::vector<std::uint32_t> short_zone = {0};
  CHECK(error(r, at(kAsOf), {short_zone, one}).find("1 zone indices for 2 customers") != std::string::npos);
  for (const char* name :
       {"/etc/passwd", "../../etc/passwd", "Europe/../../x", "", "+19:00", "+05:60", "Europe//Paris"}) {
    const std::vector<std::string> names = {"UTC", name};
    CHECK(error(r, at(kAsOf), {zone, names}).find("is not UTC, an offset") != std::string::npos);
  }
  const std::vector<std::string> unknown = {"UTC", "Mars/Olympus_Mons"};
  auto missing = segcore::aggregate_engagement(r.view(), at(kAsOf), {zone, unknown});
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
  CHECK(std::string(missing.status().message()).find("'Mars/Olympus_Mons'") != std::string::npos);
}
