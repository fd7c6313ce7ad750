// The per-event update and per-customer finalisation shared by the batch path and the store.
// Money is accumulated exactly in micro-units (integers), so sums do not depend on the order
// in which events arrive or on the thread count.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "segcore/profile.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace profile_detail {

constexpr std::int64_t kDay = 86400;

// Rounds half away from zero, as llround, without a library call: x - trunc(x) is exact.
inline std::int64_t to_micro(double amount) {
  const double x = amount * 1e6;
  auto t = static_cast<std::int64_t>(x);
  const double frac = x - static_cast<double>(t);
  t += (frac >= 0.5) - (frac <= -0.5);
  return t;
}
inline double from_micro(__int128 v) { return static_cast<double>(v) / 1e6; }

// One order: its earliest event time and its total.
struct OrderAcc {
  std::int64_t time = std::numeric_limits<std::int64_t>::max();
  std::int64_t total = 0;  // micro-units
};

// Adds one event to an order; false when the total would overflow int64 micro-units.
inline bool add_to_order(OrderAcc& o, std::int64_t time, std::int64_t micro) {
  if (time < o.time) o.time = time;
  return !__builtin_add_overflow(o.total, micro, &o.total);
}

// The latest value of a carried attribute; ties in time go to the larger value, so the result
// does not depend on arrival order.
template <class T>
struct Latest {
  std::int64_t time = std::numeric_limits<std::int64_t>::min();
  T value{};
  bool set = false;
};
template <class T, class Less>
void update_latest(Latest<T>& l, std::int64_t time, const T& value, Less less) {
  if (!l.set || time > l.time || (time == l.time && less(l.value, value))) {
    l.time = time;
    l.value = value;
    l.set = true;
  }
}

// velocity_<v>d: (recent - previous) / (recent + previous), 0 when both are 0.
inline double velocity_ratio(std::int64_t recent, std::int64_t previous) {
  return recent + previous == 0 ? 0.0 : static_cast<double>(recent - previous) / static_cast<double>(recent + previous);
}

// trend_<t>w: the least-squares slope of weekly counts c_k on k = 0..W-1 (week W-1 = the last
// 7 days), kept as the exact sums the slope needs, so events add in any order.
struct WeeklyTrend {
  std::int64_t sc = 0;   // sum of c_k
  std::int64_t skc = 0;  // sum of k c_k
  // Adds an event `age` seconds before as_of (age >= 0).
  void add(std::int64_t age, int weeks) {
    const std::int64_t week = age / (7 * kDay);  // 0 = the last 7 days
    if (week < weeks) ++sc, skc += weeks - 1 - week;
  }
  double slope(int weeks) const {
    const std::int64_t W = weeks;
    const std::int64_t sk = W * (W - 1) / 2, skk = (W - 1) * W * (2 * W - 1) / 6;
    const std::int64_t den = W * skk - sk * sk;
    return den == 0 ? 0.0 : static_cast<double>(W * skc - sk * sc) / static_cast<double>(den);
  }
};

// Rules and clustering find columns by name: two columns of one name would resolve to
// different ones. An InvalidArgument naming the name and both positions.
Status check_unique_names(const std::vector<ProfileColumn>& columns, const char* where);

// Names and order of the core columns (docs/PROFILES.md).
std::vector<ProfileColumn> core_columns(const ProfileOptions& o, std::size_t n);

// Writes customer i's core features from its orders (any order) into the core columns.
// `orders` is a callable taking a visitor (void(const OrderAcc&)) and calling it per order.
template <class ForEachOrder>
void finalize_core(std::vector<ProfileColumn>& cols, std::size_t i, std::uint64_t n_events, ForEachOrder&& orders,
                   std::int64_t as_of, const ProfileOptions& o);

// ---- implementation ----

inline void put_i64(ProfileColumn& c, std::size_t i, std::int64_t v) {
  c.i64[i] = v;
  c.valid[i] = 1;
}
inline void put_f64(ProfileColumn& c, std::size_t i, double v) {
  c.f64[i] = v;
  c.valid[i] = 1;
}
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

template <class ForEachOrder>
void finalize_core(std::vector<ProfileColumn>& cols, std::size_t i, std::uint64_t n_events, ForEachOrder&& orders,
                   std::int64_t as_of, const ProfileOptions& o) {
  const std::size_t nw = o.window_days.size();
  std::int64_t n_orders = 0, frequency = 0, returns = 0;
  __int128 monetary = 0, revenue = 0, returned = 0;
  std::int64_t first = std::numeric_limits<std::int64_t>::max(), last = std::numeric_limits<std::int64_t>::min();
  // Only the entries in use are cleared: this runs once per customer, millions of times.
  std::int64_t win_orders[16];
  __int128 win_amount[16];
  for (std::size_t k = 0; k < nw; ++k) win_orders[k] = 0, win_amount[k] = 0;
  std::int64_t recent = 0, previous = 0;
  WeeklyTrend trend;
  orders([&](const OrderAcc& ord) {
    ++n_orders;
    monetary += ord.total;
    const std::int64_t age = as_of - ord.time;  // >= 0: later events were excluded
    const bool positive = ord.total > 0;
    if (positive) {
      ++frequency;
      revenue += ord.total;
      first = std::min(first, ord.time);
      last = std::max(last, ord.time);
    } else if (ord.total < 0) {
      ++returns;
      returned += ord.total;
    }
    // Windows are (as_of - w days, as_of]: age in [0, w days).
    for (std::size_t k = 0; k < nw; ++k)
      if (age < o.window_days[k] * kDay) {
        win_orders[k] += positive;
        win_amount[k] += ord.total;
      }
    if (positive) {
      const std::int64_t v = o.velocity_days * kDay;
      if (age < v)
        ++recent;
      else if (age < 2 * v)
        ++previous;
      trend.add(age, o.trend_weeks);
    }
  });
  std::size_t c = 0;
  put_i64(cols[c++], i, static_cast<std::int64_t>(n_events));
  put_i64(cols[c++], i, n_orders);
  put_i64(cols[c++], i, frequency);
  put_f64(cols[c++], i, from_micro(monetary));
  put_f64(cols[c++], i, from_micro(revenue));
  put_i64(cols[c++], i, returns);
  put_f64(cols[c++], i, from_micro(returned));
  if (frequency > 0) {
    put_f64(cols[c++], i, from_micro(revenue) / static_cast<double>(frequency));
    put_i64(cols[c++], i, floor_div(as_of - last, kDay));
    put_i64(cols[c++], i, first);
    put_i64(cols[c++], i, last);
    put_i64(cols[c++], i, floor_div(as_of - first, kDay));
  } else {
    cols[c++].f64[i] = std::nan("");
    c += 4;
  }
  if (frequency > 1)
    put_f64(cols[c], i, static_cast<double>(last - first) / kDay / static_cast<double>(frequency - 1));
  else
    cols[c].f64[i] = std::nan("");
  ++c;
  for (std::size_t k = 0; k < nw; ++k) {
    put_i64(cols[c++], i, win_orders[k]);
    put_f64(cols[c++], i, from_micro(win_amount[k]));
  }
  put_f64(cols[c++], i, velocity_ratio(recent, previous));
  put_f64(cols[c++], i, trend.slope(o.trend_weeks));
}

}  // namespace profile_detail
SEGCORE_NAMESPACE_END
