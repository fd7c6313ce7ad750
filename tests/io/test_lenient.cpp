// Lenient ingest refuses, row by row, what cannot be an event: times outside the years 0000 to
// 9999 once their offset or leap second is applied, amounts that are not decimal numbers; and
// a file with another delimiter is told which one to set.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <string>

#include "segcore/io.hpp"

using namespace segcore;

namespace {

std::string message(const absl::Status& s) { return std::string(s.message()); }

constexpr std::int64_t kMin = -62167219200;  // 0000-01-01 00:00:00 UTC
constexpr std::int64_t kMax = 253402300799;  // 9999-12-31 23:59:59 UTC

// Epoch seconds of a civil date-time by std::chrono (an independent computation).
std::int64_t civil(int y, unsigned m, unsigned d, int h, int mi, int s) {
  using namespace std::chrono;
  const sys_days date{year{y} / month{m} / day{d}};
  return date.time_since_epoch().count() * std::int64_t{86400} + h * 3600 + mi * 60 + s;
}

}  // namespace

TEST_CASE("timestamps: accepted exactly when the UTC instant is within the years 0000 to 9999") {
  // Random times on the first and last days, with random offsets and leap seconds: parsed iff
  // the instant, computed independently, is in range; then equal to it.
  std::mt19937_64 rng(17);
  int accepted = 0, refused = 0;
  for (int i = 0; i < 20000; ++i) {
    const bool last = rng() % 2 == 0;
    const int y = last ? 9999 : 0;
    const unsigned mo = last ? 12 : 1, d = last ? 31 : 1;
    const int h = static_cast<int>(rng() % 24), mi = static_cast<int>(rng() % 60);
    const int s = static_cast<int>(rng() % 61);  // 60: a leap second
    const int oh = static_cast<int>(rng() % 24), om = static_cast<int>(rng() % 60);
    const int sign = rng() % 3 == 0 ? 0 : (rng() % 2 == 0 ? 1 : -1);
    char text[64];
    if (sign == 0)
      std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
    else
      std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", y, mo, d, h, mi, s,
                    sign > 0 ? '+' : '-', oh, om);
    const std::int64_t want = civil(y, mo, d, h, mi, s) - sign * (oh * 3600 + om * 60);
    const bool in_range = want >= kMin && want <= kMax;
    for (TimestampFormat f : {TimestampFormat::iso8601, TimestampFormat::automatic}) {
      std::int64_t got = 0;
      const bool ok = parse_timestamp(text, f, got);
      REQUIRE_MESSAGE(ok == in_range, text);
      if (ok) CHECK(got == want);
    }
    (in_range ? accepted : refused) += 1;
  }
  CHECK(accepted > 1000);
  CHECK(refused > 1000);
  // The other formats at the edge: a leap second on the last second of 9999.
  std::int64_t t;
  CHECK_FALSE(parse_timestamp("12/31/9999 23:59:60", TimestampFormat::mdy, t));
  CHECK_FALSE(parse_timestamp("31/12/9999 11:59:60 PM", TimestampFormat::dmy, t));
  CHECK(parse_timestamp("12/31/9999 23:59:59", TimestampFormat::mdy, t));
  CHECK(t == kMax);
}

TEST_CASE("timestamps: out of range after the offset is a row error with line and column, lenient or strict") {
  const std::string csv =
      "customer_id,timestamp,amount\n"
      "c1,2024-01-02,10\n"
      "c2,9999-12-31T23:30:00-01:00,5\n"
      "c3,0000-01-01T00:10:00+02:00,5\n"
      "c4,9999-12-31 23:59:60,5\n"
      "c5,2024-01-03,7\n";
  CsvOptions o;
  o.mode = IngestMode::lenient;
  auto r = parse_csv(csv, o);
  REQUIRE_MESSAGE(r.ok(), message(r.status()));
  CHECK(r->events.rows() == 2);
  REQUIRE(r->report.bad_rows.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(r->report.bad_rows[i].line == 3 + i);
    CHECK(r->report.bad_rows[i].column == 2);
    CHECK(r->report.bad_rows[i].reason == "bad timestamp");
    CHECK(r->report.bad_rows[i].detail.find("outside the years 0000 to 9999") != std::string::npos);
  }
  o.mode = IngestMode::strict;
  auto s = parse_csv(csv, o);
  REQUIRE_FALSE(s.ok());
  CHECK(message(s.status()).find("line 3, column 2: bad timestamp") != std::string::npos);
}

TEST_CASE("amounts: decimal notation only; hexadecimal, inf and nan spellings are bad numbers") {
  for (const char* bad :
       {"0x10", "0X10", "0x1p4", "-0x1.8p1", "inf", "-inf", "infinity", "nan", "NaN", "+nan", "1e5x", "0x", "1_000"}) {
    const std::string csv = std::string("customer_id,timestamp,amount\nc1,2024-01-02,") + bad + "\n";
    auto r = parse_csv(csv, CsvOptions());
    REQUIRE_FALSE_MESSAGE(r.ok(), bad);
    CHECK(message(r.status()).find("line 2, column 3: bad number") != std::string::npos);
  }
  for (auto [good, value] : {std::pair<const char*, double>{"1e3", 1000},
                             {"-2.5E-1", -0.25},
                             {"+7", 7},
                             {".5", 0.5},
                             {"5.", 5},
                             {"1.5e2", 150},
                             {"12345678901.2345678", 12345678901.2345678}}) {
    const std::string csv = std::string("customer_id,timestamp,amount\nc1,2024-01-02,") + good + "\n";
    auto r = parse_csv(csv, CsvOptions());
    REQUIRE_MESSAGE(r.ok(), good);
    CHECK(r->events.amount[0] == value);
  }
}

TEST_CASE("delimiter: a tab- or semicolon-separated header gets a hint naming the delimiter") {
  auto tab = parse_csv("customer_id\ttimestamp\tamount\nc1\t2024-01-02\t10\n", CsvOptions());
  REQUIRE_FALSE(tab.ok());
  CHECK(message(tab.status()).find("looks tab-separated") != std::string::npos);
  auto semi = parse_csv("customer_id;timestamp;amount\nc1;2024-01-02;10\n", CsvOptions());
  REQUIRE_FALSE(semi.ok());
  CHECK(message(semi.status()).find("looks ';'-separated: set the delimiter to ';'") != std::string::npos);
  CsvOptions o;
  o.delimiter = ';';
  auto comma = parse_csv("customer_id,timestamp,amount\nc1,2024-01-02,10\n", o);
  REQUIRE_FALSE(comma.ok());
  CHECK(message(comma.status()).find("looks ','-separated") != std::string::npos);
  auto plain = parse_csv("customer_id,timestamp,total\nc1,2024-01-02,10\n", CsvOptions());
  REQUIRE_FALSE(plain.ok());
  CHECK(message(plain.status()).find("looks") == std::string::npos);  // no hint when none applies
}
