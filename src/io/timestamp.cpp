// Timestamp parsing without locale or allocation: the hot path of CSV ingest.
#include <cstdint>
#include <string>

#include "csv_internal.hpp"
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

// " UTC", "UTC", " GMT" or "GMT" (any case) ending the text: names of offset zero, the only
// time-zone names read (others would need a time-zone database).
bool zero_offset_name(const char* p, const char* end) {
  if (end - p == 4 && *p == ' ') ++p;
  if (end - p != 3) return false;
  char n[3];
  for (int i = 0; i < 3; ++i) n[i] = static_cast<char>(p[i] & ~0x20);
  return (n[0] == 'U' && n[1] == 'T' && n[2] == 'C') || (n[0] == 'G' && n[1] == 'M' && n[2] == 'T');
}

// Reads between min and max digits at p; advances p.
bool digits(const char*& p, const char* end, int min, int max, unsigned& out) {
  unsigned v = 0;
  int n = 0;
  while (p < end && n < max && *p >= '0' && *p <= '9') v = v * 10 + unsigned(*p++ - '0'), ++n;
  out = v;
  return n >= min;
}

bool make_time(std::int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s, std::int64_t& out) {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  std::int64_t days;
  if (y >= 1970 && y <= 2099) {
    // The common range, where every fourth year is a leap year: table arithmetic, no eras.
    static constexpr unsigned kBefore[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap_year = y % 4 == 0;
    if (d > kDays[mo - 1] + (mo == 2 && leap_year)) return false;
    days = (y - 1970) * 365 + (y - 1969) / 4 + kBefore[mo - 1] + (mo > 2 && leap_year) + d - 1;
  } else {
    if (d > days_in_month(y, mo)) return false;
    days = days_from_civil(y, mo, d);
  }
  out = days * 86400 + h * 3600 + mi * 60 + s;
  return true;
}

// Optional "[sep]HH:MM[:SS[.fff]]" after a date; sep is ' ' or 'T'. With allow_ampm, a
// 12-hour clock may follow: " AM" or " PM" (any case; "12:xx AM" is just after midnight).
bool clock(const char*& p, const char* end, bool allow_t, bool allow_ampm, unsigned& h, unsigned& mi, unsigned& s) {
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
  if (allow_ampm && end - p == 3 && p[0] == ' ' && (p[2] == 'M' || p[2] == 'm')) {
    const char c = static_cast<char>(p[1] | 0x20);
    if ((c != 'a' && c != 'p') || h < 1 || h > 12) return false;
    h = (h % 12) + (c == 'p' ? 12 : 0);
    p = end;
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
  if (end - p == 19 && p[4] == '-' && p[7] == '-' && (p[10] == ' ' || p[10] == 'T') && p[13] == ':' && p[16] == ':') {
    unsigned y1, y2;
    if (digit2(p, y1) && digit2(p + 2, y2) && digit2(p + 5, mo) && digit2(p + 8, d) && digit2(p + 11, h) &&
        digit2(p + 14, mi) && digit2(p + 17, s))
      return make_time(y1 * 100 + y2, mo, d, h, mi, s, out);
    return false;
  }
  if (!digits(p, end, 4, 4, y) || p == end || *p++ != '-' || !digits(p, end, 2, 2, mo) || p == end || *p++ != '-' ||
      !digits(p, end, 2, 2, d))
    return false;
  if (!clock(p, end, true, false, h, mi, s)) return false;
  std::int64_t offset = 0;
  if (p < end && *p == 'Z') {
    ++p;
  } else if (zero_offset_name(p, end)) {
    p = end;
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

// D/M/YYYY (day_first) or M/D/YYYY, with '/', '-' or '.' (the same twice) between the parts,
// then optionally " H:MM[:SS]" and " AM"/" PM".
bool parse_dated(const char* p, const char* end, bool day_first, std::int64_t& out) {
  unsigned a, b, y, h, mi, s;
  if (!digits(p, end, 1, 2, a) || p == end) return false;
  const char sep = *p++;
  if ((sep != '/' && sep != '-' && sep != '.') || !digits(p, end, 1, 2, b) || p == end || *p++ != sep ||
      !digits(p, end, 4, 4, y))
    return false;
  if (!clock(p, end, false, true, h, mi, s) || p != end) return false;
  return day_first ? make_time(y, b, a, h, mi, s, out) : make_time(y, a, b, h, mi, s, out);
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
  return io_detail::timestamp_in_range(out);  // the years 0000 to 9999, as ISO-8601 dates
}

bool parse_compact(const char* p, const char* end, std::int64_t& out) {
  unsigned y, mo, d;
  if (end - p != 8 || !digits(p, end, 4, 4, y) || !digits(p, end, 2, 2, mo) || !digits(p, end, 2, 2, d)) return false;
  return make_time(y, mo, d, 0, 0, 0, out);
}

// The text as a time, before the range check: an offset or a leap second may carry a
// valid-looking date past 9999-12-31 23:59:59 UTC or before 0000-01-01.
bool parse_unchecked(absl::string_view text, TimestampFormat format, std::int64_t& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  switch (format) {
    case TimestampFormat::iso8601:
      return parse_iso(p, end, out);
    case TimestampFormat::mdy:
      return parse_dated(p, end, false, out);
    case TimestampFormat::dmy:
      return parse_dated(p, end, true, out);
    case TimestampFormat::epoch_seconds:
      return parse_epoch(p, end, out);
    case TimestampFormat::yyyymmdd:
      return parse_compact(p, end, out);
    case TimestampFormat::automatic:
      if (text.size() >= 5 && text[4] == '-') return parse_iso(p, end, out);
      if (text.find('/') != absl::string_view::npos) return parse_dated(p, end, false, out);
      return parse_epoch(p, end, out);
  }
  return false;
}

}  // namespace

bool parse_timestamp(absl::string_view text, TimestampFormat format, std::int64_t& out) {
  return parse_unchecked(text, format, out) && io_detail::timestamp_in_range(out);
}

SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN
namespace io_detail {

std::string timestamp_hint(absl::string_view text, TimestampFormat format) {
  std::int64_t t;
  if (parse_unchecked(text, format, t))
    return "it falls outside the years 0000 to 9999 in UTC (after its offset or leap second)";
  std::size_t letters = 0;  // trailing letters, '/' or '_': a zone name such as "CET" or "Europe/Paris"
  while (letters < text.size()) {
    const char c = text[text.size() - 1 - letters];
    if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && c != '/' && c != '_') break;
    ++letters;
  }
  const absl::string_view tail = text.substr(text.size() - letters);
  const bool ampm = tail.size() == 2 && (tail[1] | 0x20) == 'm' && ((tail[0] | 0x20) == 'a' || (tail[0] | 0x20) == 'p');
  if (letters >= 3 && letters < text.size() && text.find(':') != absl::string_view::npos && !ampm)
    return "time-zone names other than UTC and GMT are not supported; write Z or an offset such as +01:00";
  if (format == TimestampFormat::automatic) {
    unsigned first = 0;
    std::size_t i = 0;
    while (i < text.size() && i < 3 && text[i] >= '0' && text[i] <= '9') first = first * 10 + unsigned(text[i++] - '0');
    if (i >= 1 && i <= 2 && i < text.size() && (text[i] == '-' || text[i] == '.'))
      return "a date with the day or month first: set the timestamp format to dmy (day first) or mdy";
    if (i >= 1 && i <= 2 && i < text.size() && text[i] == '/' && first > 12)
      return "'/' dates are read month first; set the timestamp format to dmy for day-first dates";
  }
  return "";
}

}  // namespace io_detail
SEGCORE_NAMESPACE_END
