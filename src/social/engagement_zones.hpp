// Local hour and weekend of an interaction, in its customer's time zone (CustomerZones).
#pragma once

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "segcore/engagement.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace social_detail {

struct LocalTime {
  int hour = 0;          // 0 to 23
  bool weekend = false;  // Saturday or Sunday
};

class LocalClock {
 public:
  // Resolves every zone name once; errors name the zone (see CustomerZones).
  static StatusOr<LocalClock> make(const CustomerZones& zones, std::size_t n_customers);

  // Customer c's local hour and weekend at Unix time t.
  LocalTime at(std::size_t c, std::int64_t t) const {
    const Zone& z = zones_[customer_zone_.empty() ? 0 : customer_zone_[c]];
    return z.fixed ? fixed(t, z.offset) : in_zone(t, z.tz);
  }

 private:
  struct Zone {
    bool fixed = true;
    std::int64_t offset = 0;  // seconds east of UTC, when fixed
    absl::TimeZone tz;
  };
  static LocalTime fixed(std::int64_t t, std::int64_t offset);
  static LocalTime in_zone(std::int64_t t, const absl::TimeZone& tz);

  std::vector<Zone> zones_;
  std::vector<std::uint32_t> customer_zone_;  // empty: zone 0 (UTC) for all
};

}  // namespace social_detail
SEGCORE_NAMESPACE_END
