// Timestamp parsing without locale or allocation: the hot path of CSV ingest.
#include <cstdint>

#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (era-based civil calendar arithmetic).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Reads between min and max digits at p; advances p.
bool digits(const char*& p, const char* end, int min, int max, unsigned& out) {
  unsigned v = 0;
  int n = 0;
  while (p < end && n < max && *p >= '0' && *p <= '9') v = v * 10 + unsigned(*p++ - '0'), ++n;
  out = v;
  return n >= min;
}

bool make_time(std::int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s,
               std::int64_t& out) {
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60)
    return false;
  out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return true;
}

// Optional "[sep]HH:MM[:SS[.fff]]" after a date; sep is ' ' or 'T'.
bool clock(const char*& p, const char* end, bool allow_t, unsigned& h, unsigned& mi, unsigned& s) {
  h = mi = s = 0;
  if (p == end) return true;
  if (!(*p == ' ' || (allow_t && *p == 'T'))) return false;
  ++p;
  if (!digits(p, end, 1, 2, h) || p == end || *p++ != ':' || !digits(p, end, 2, 2, mi)) return false;
  if (p < end && *p == ':') {
    ++p;
    if (!digits(p, end, 2, 2, s)) return false;
    if (p < end && *p == '.') {  // fractions of a second are truncated
      ++p;
      unsigned ignored;
      if (!digits(p, end, 1, 9, ignored)) return false;
    }
  }
  return true;
}

inline bool digit2(const char* p, unsigned& v) {
  const unsigned a = static_cast<unsigned char>(p[0]) - '0', b = static_cast<unsigned char>(p[1]) - '0';
  v = a * 10 + b;
  return a < 10 && b < 10;
}

bool parse_iso(const char* p, const char* end, std::int64_t& out) {
  unsigned y, mo, d, h, mi, s;
  // The common exact form "YYYY-MM-DD HH:MM:SS" (or with T) read at fixed positions.
  if (end - p == 19 && p[4] == '-' && p[7] == '-' && (p[10] == ' ' || p[10] == 'T') && p[13] == ':' &&
      p[16] == ':') {
    unsigned y1, y2;
    if (digit2(p, y1) && digit2(p + 2, y2) && digit2(p + 5, mo) && digit2(p + 8, d) && digit2(p + 11, h) &&
        digit2(p + 14, mi) && digit2(p + 17, s))
      return make_time(y1 * 100 + y2, mo, d, h, mi, s, out);
    return false;
  }
  if (!digits(p, end, 4, 4, y) || p == end || *p++ != '-' || !digits(p, end, 2, 2, mo) ||
      p == end || *p++ != '-' || !digits(p, end, 2, 2, d))
    return false;
  if (!clock(p, end, true, h, mi, s)) return false;
  std::int64_t offset = 0;
  if (p < end && *p == 'Z') {
    ++p;
  } else if (p < end && (*p == '+' || *p == '-')) {
    const int sign = *p++ == '-' ? -1 : 1;
    unsigned oh, om = 0;
    if (!digits(p, end, 2, 2, oh)) return false;
    if (p < end && *p == ':') ++p;
    if (p < end && !digits(p, end, 2, 2, om)) return false;
    if (oh > 23 || om > 59) return false;
    offset = sign * std::int64_t(oh * 3600 + om * 60);
  }
  if (p != end || !make_time(y, mo, d, h, mi, s, out)) return false;
  out -= offset;  // local time minus its offset is UTC
  return true;
}

bool parse_mdy(const char* p, const char* end, std::int64_t& out) {
  unsigned mo, d, y, h, mi, s;
  if (!digits(p, end, 1, 2, mo) || p == end || *p++ != '/' || !digits(p, end, 1, 2, d) ||
      p == end || *p++ != '/' || !digits(p, end, 4, 4, y))
    return false;
  if (!clock(p, end, false, h, mi, s) || p != end) return false;
  return make_time(y, mo, d, h, mi, s, out);
}

bool parse_epoch(const char* p, const char* end, std::int64_t& out) {
  bool neg = p < end && *p == '-';
  if (neg) ++p;
  if (p == end || end - p > 12) return false;  // beyond +-31,000 years is not a timestamp
  std::int64_t v = 0;
  for (; p < end; ++p) {
    if (*p < '0' || *p > '9') return false;
    v = v * 10 + (*p - '0');
  }
  out = neg ? -v : v;
  return true;
}

bool parse_compact(const char* p, const char* end, std::int64_t& out) {
  unsigned y, mo, d;
  if (end - p != 8 || !digits(p, end, 4, 4, y) || !digits(p, end, 2, 2, mo) ||
      !digits(p, end, 2, 2, d))
    return false;
  return make_time(y, mo, d, 0, 0, 0, out);
}

}  // namespace

bool parse_timestamp(absl::string_view text, TimestampFormat format, std::int64_t& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  switch (format) {
    case TimestampFormat::iso8601: return parse_iso(p, end, out);
    case TimestampFormat::mdy: return parse_mdy(p, end, out);
    case TimestampFormat::epoch_seconds: return parse_epoch(p, end, out);
    case TimestampFormat::yyyymmdd: return parse_compact(p, end, out);
    case TimestampFormat::automatic:
      if (text.size() >= 5 && text[4] == '-') return parse_iso(p, end, out);
      if (text.find('/') != absl::string_view::npos) return parse_mdy(p, end, out);
      return parse_epoch(p, end, out);
  }
  return false;
}

SEGCORE_NAMESPACE_END
