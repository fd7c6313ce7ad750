// Time zones of engagement's time patterns: UTC, fixed offsets parsed here, and IANA names
// from the system's database through Abseil (absl::LoadTimeZone), with its daylight-saving
// rules.
#include "engagement_zones.hpp"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"

SEGCORE_NAMESPACE_BEGIN
namespace social_detail {

namespace {

constexpr const char* kWhere = "aggregate_engagement";
constexpr std::int64_t kDay = 86400;

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  const std::int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// "+HH:MM" or "-HH:MM", at most 18 hours: the offset in seconds, or false.
bool parse_offset(const std::string& s, std::int64_t& offset) {
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return false;
  for (int j : {1, 2, 4, 5})
    if (!absl::ascii_isdigit(static_cast<unsigned char>(s[j]))) return false;
  const int hours = (s[1] - '0') * 10 + (s[2] - '0'), minutes = (s[4] - '0') * 10 + (s[5] - '0');
  if (minutes > 59 || hours * 60 + minutes > 18 * 60) return false;
  offset = (s[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

// A database name is read as a file under the database's folder: only plain names such as
// "America/Argentina/Buenos_Aires" are passed on, never a path that could leave it.
bool plain_zone_name(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (absl::string_view part : absl::StrSplit(s, '/')) {
    if (part.empty() || part == "." || part == "..") return false;
    for (char ch : part)
      if (!absl::ascii_isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-' && ch != '+') return false;
  }
  return true;
}

}  // namespace

StatusOr<LocalClock> LocalClock::make(const CustomerZones& zones, std::size_t n_customers) {
  LocalClock clock;
  if (zones.zone.empty() && zones.names.empty()) {
    clock.zones_.resize(1);  // UTC
    return clock;
  }
  if (zones.zone.size() != n_customers)
    return invalid_argument(kWhere, "zones: ", zones.zone.size(), " zone indices for ", n_customers,
                            " customers; give one per customer");
  if (zones.names.empty()) return invalid_argument(kWhere, "zones: no zone names");
  for (std::size_t c = 0; c < n_customers; ++c)
    if (zones.zone[c] >= zones.names.size())
      return invalid_argument(kWhere, "zones: zone[", c, "] is ", zones.zone[c], "; there are ", zones.names.size(),
                              " names");
  for (std::size_t j = 0; j < zones.names.size(); ++j) {
    const std::string& name = zones.names[j];
    Zone z;
    if (name == "UTC") {
      clock.zones_.push_back(z);
      continue;
    }
    if (parse_offset(name, z.offset)) {
      clock.zones_.push_back(z);
      continue;
    }
    if (!plain_zone_name(name))
      return invalid_argument(kWhere, "zones: name ", j, " '", name,
                              "' is not UTC, an offset such as +05:30, or a time-zone database name such as "
                              "Europe/Paris");
    z.fixed = false;
    if (!absl::LoadTimeZone(name, &z.tz))
      return absl::NotFoundError(absl::StrCat(kWhere, ": zones: time zone '", name,
                                              "' is not in the system's time-zone database (Debian: tzdata)"));
    clock.zones_.push_back(z);
  }
  clock.customer_zone_.assign(zones.zone.begin(), zones.zone.end());
  return clock;
}

LocalTime LocalClock::fixed(std::int64_t t, std::int64_t offset) {
  // Saturating: an offset cannot overflow the far ends of the time line.
  std::int64_t local;
  if (__builtin_add_overflow(t, offset, &local))
    local = offset > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  // Floor division without forming local - remainder, which overflows near INT64_MIN.
  const std::int64_t day = local / kDay - (local % kDay < 0 ? 1 : 0);  // days since 1970-01-01, a Thursday
  const std::int64_t weekday = floor_mod(day + 3, 7);                  // 0 = Monday
  return {static_cast<int>(floor_mod(local, kDay) / 3600), weekday >= 5};
}

LocalTime LocalClock::in_zone(std::int64_t t, const absl::TimeZone& tz) {
  const absl::CivilSecond cs = absl::ToCivilSecond(absl::FromUnixSeconds(t), tz);
  const absl::Weekday wd = absl::GetWeekday(absl::CivilDay(cs));
  return {cs.hour(), wd == absl::Weekday::saturday || wd == absl::Weekday::sunday};
}

}  // namespace social_detail
SEGCORE_NAMESPACE_END
