#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "segcore/io.hpp"

using namespace segcore;

namespace {

CsvOptions basic(IngestMode mode = IngestMode::strict) {
  CsvOptions o;
  o.mode = mode;
  return o;
}

std::string message(const absl::Status& s) { return std::string(s.message()); }

}  // namespace

TEST_CASE("csv: quoting, CRLF, BOM and header mapping by name") {
  const std::string text =
      "\xEF\xBB\xBFnote,amount,customer_id,timestamp\r\n"
      "\"a, b\",1.5,c1,2011-01-02\r\n"
      "\"multi\nline \"\"quoted\"\"\",-2,\"c2\",2011-01-03 10:20\r\n"
      "plain,+3e2,c1,1294000000\r\n";
  auto r = parse_csv(text, basic());
  REQUIRE_MESSAGE(r.ok(), message(r.status()));
  const EventTable& ev = r->events;
  REQUIRE(ev.rows() == 3);
  CHECK(ev.customer.values == std::vector<std::string>{"c1", "c2"});
  CHECK(ev.customer.codes == std::vector<std::uint32_t>{0, 1, 0});
  CHECK(ev.amount == std::vector<double>{1.5, -2, 300});
  CHECK(ev.timestamp[0] == 1293926400);          // 2011-01-02 UTC
  CHECK(ev.timestamp[1] == 1294012800 + 37200);  // 2011-01-03 10:20
  CHECK(ev.timestamp[2] == 1294000000);
  CHECK(r->report.records == 3);
  CHECK(r->report.rows_kept == 3);
}

TEST_CASE("csv: line numbers count the newlines inside quoted fields") {
  const std::string text = "customer_id,timestamp,amount\n\"x\ny\",2011-01-01,1\nc,2011-01-01,abc\n";
  auto r = parse_csv(text, basic());
  REQUIRE_FALSE(r.ok());
  CHECK(message(r.status()).find("line 4, column 3: bad number: amount: 'abc'") != std::string::npos);
}

TEST_CASE("csv: missing columns, empty input, header only") {
  auto missing = parse_csv("customer_id,when,amount\nc,2011-01-01,1\n", basic());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
  CHECK(message(missing.status()).find("column 'timestamp' is not in the header (customer_id, when, amount)") !=
        std::string::npos);
  auto empty = parse_csv("", basic());
  REQUIRE_FALSE(empty.ok());
  CHECK(message(empty.status()).find("empty") != std::string::npos);
  auto header_only = parse_csv("customer_id,timestamp,amount\n", basic());
  REQUIRE_FALSE(header_only.ok());
  CHECK(message(header_only.status()).find("no data rows") != std::string::npos);
  auto missing_file = read_csv("no/such/file.csv", basic());
  CHECK(missing_file.status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("csv: lenient mode skips, counts and lists every bad row") {
  std::string text = "customer_id,timestamp,amount\n";
  text += "a,2011-01-01,1\n";                      // line 2 ok
  text += "b,2011-02-30,1\n";                      // 3 bad date
  text += ",2011-01-01,1\n";                       // 4 empty customer
  text += "c,2011-01-01,nan\n";                    // 5 non-finite
  text += std::string("d\0e,2011-01-01,1\n", 17);  // 6 NUL
  text += "\xff\xfe,2011-01-01,1\n";               // 7 invalid UTF-8
  text += "e,2011-01-01\n";                        // 8 field count
  text += "f,2011-01-01,2\"x\"\n";                 // 9 quote in unquoted field
  text += "\n";                                    // 10 blank
  text += "g,1/2/2011 8:26,3\n";                   // 11 ok (M/D/YYYY H:MM)
  CsvOptions o = basic(IngestMode::lenient);
  o.max_reported = 5;
  auto r = parse_csv(text, o);
  REQUIRE_MESSAGE(r.ok(), message(r.status()));
  const IngestReport& rep = r->report;
  CHECK(rep.records == 9);
  CHECK(rep.rows_kept == 2);
  CHECK(rep.rows_skipped == 7);
  CHECK(rep.blank_lines == 1);
  CHECK(rep.skipped_by_reason.at("bad timestamp") == 1);
  CHECK(rep.skipped_by_reason.at("empty customer id") == 1);
  CHECK(rep.skipped_by_reason.at("bad number") == 1);
  CHECK(rep.skipped_by_reason.at("embedded NUL") == 1);
  CHECK(rep.skipped_by_reason.at("invalid UTF-8") == 1);
  CHECK(rep.skipped_by_reason.at("wrong field count") == 1);
  CHECK(rep.skipped_by_reason.at("bad quoting") == 1);
  REQUIRE(rep.bad_rows.size() == 5);  // capped
  CHECK(rep.bad_rows[0].line == 3);
  CHECK(rep.bad_rows[0].column == 2);
  CHECK(rep.bad_rows[4].line == 7);
  CHECK(r->events.timestamp[1] == 1293956760);  // 2011-01-02 08:26 UTC
  CHECK(rep.to_string().find("(2 more not listed)") != std::string::npos);
  // The same input in strict mode stops at line 3.
  auto strict = parse_csv(text, basic());
  REQUIRE_FALSE(strict.ok());
  CHECK(message(strict.status()).find("line 3, column 2: bad timestamp") != std::string::npos);
}

TEST_CASE("csv: timestamps") {
  std::int64_t t = 0;
  CHECK(parse_timestamp("1970-01-01", TimestampFormat::automatic, t));
  CHECK(t == 0);
  CHECK(parse_timestamp("2010-12-01 08:26:00", TimestampFormat::automatic, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("2010-12-01T08:26:00Z", TimestampFormat::iso8601, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("2010-12-01T09:26:00+01:00", TimestampFormat::iso8601, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("2010-12-01 08:26", TimestampFormat::iso8601, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("12/1/2010 8:26", TimestampFormat::automatic, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("12/01/2010 08:26:00", TimestampFormat::mdy, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("1291191960", TimestampFormat::epoch_seconds, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("19970101", TimestampFormat::yyyymmdd, t));
  CHECK(t == 852076800);
  CHECK(parse_timestamp("2000-02-29", TimestampFormat::iso8601, t));
  CHECK_FALSE(parse_timestamp("1900-02-29", TimestampFormat::iso8601, t));
  CHECK_FALSE(parse_timestamp("2011-13-01", TimestampFormat::iso8601, t));
  CHECK_FALSE(parse_timestamp("2011-01-01 24:00", TimestampFormat::iso8601, t));
  CHECK_FALSE(parse_timestamp("2011-01-01x", TimestampFormat::iso8601, t));
  CHECK_FALSE(parse_timestamp("12/1/2010 8:26", TimestampFormat::iso8601, t));
  CHECK_FALSE(parse_timestamp("", TimestampFormat::automatic, t));
  CHECK_FALSE(parse_timestamp("12a", TimestampFormat::automatic, t));
}

TEST_CASE("csv: every day from 1890 to 2210 agrees with std::chrono") {
  using namespace std::chrono;
  std::int64_t t = 0;
  for (sys_days d = sys_days{year{1890} / 1 / 1}; d < sys_days{year{2210} / 1 / 1}; d += days{1}) {
    const year_month_day ymd{d};
    const std::string iso = absl::StrFormat("%04d-%02u-%02u 23:59:58", static_cast<int>(ymd.year()),
                                            static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    if (!parse_timestamp(iso, TimestampFormat::iso8601, t) || t != d.time_since_epoch().count() * 86400 + 86398)
      FAIL(iso);
  }
  // Day 29, 30 and 31 are refused where the month is shorter.
  for (int y = 1890; y < 2210; ++y)
    for (unsigned m = 1; m <= 12; ++m)
      for (unsigned dd = 29; dd <= 31; ++dd) {
        const bool ok = year_month_day{year{y}, month{m}, day{dd}}.ok();
        if (parse_timestamp(absl::StrFormat("%04d-%02u-%02u", y, m, dd), TimestampFormat::iso8601, t) != ok)
          FAIL(y, "-", m, "-", dd);
      }
}

TEST_CASE("csv: day-first dates, other separators, 12-hour clocks, UTC") {
  std::int64_t t = 0;
  CHECK(parse_timestamp("1/12/2010 8:26", TimestampFormat::dmy, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("01-12-2010 08:26:00", TimestampFormat::dmy, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("01.12.2010", TimestampFormat::dmy, t));
  CHECK(t == 1291161600);
  CHECK(parse_timestamp("12-01-2010 8:26", TimestampFormat::mdy, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("12/1/2010 8:26 AM", TimestampFormat::automatic, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("12/1/2010 8:26:00 pm", TimestampFormat::mdy, t));
  CHECK(t == 1291191960 + 12 * 3600);
  CHECK(parse_timestamp("12/1/2010 12:05 AM", TimestampFormat::mdy, t));
  CHECK(t == 1291161600 + 5 * 60);
  CHECK(parse_timestamp("12/1/2010 12:05 PM", TimestampFormat::mdy, t));
  CHECK(t == 1291161600 + 12 * 3600 + 5 * 60);
  CHECK(parse_timestamp("2010-12-01 08:26:00 UTC", TimestampFormat::automatic, t));
  CHECK(t == 1291191960);
  CHECK(parse_timestamp("2010-12-01T08:26:00gmt", TimestampFormat::iso8601, t));
  CHECK(t == 1291191960);
  CHECK_FALSE(parse_timestamp("13/12/2010", TimestampFormat::mdy, t));          // month 13
  CHECK_FALSE(parse_timestamp("12/13/2010", TimestampFormat::dmy, t));          // month 13
  CHECK_FALSE(parse_timestamp("1-12/2010", TimestampFormat::dmy, t));           // mixed separators
  CHECK_FALSE(parse_timestamp("1/12/2010 13:00 PM", TimestampFormat::dmy, t));  // 13 PM
  CHECK_FALSE(parse_timestamp("1/12/2010 0:10 AM", TimestampFormat::dmy, t));   // 0 AM
  CHECK_FALSE(parse_timestamp("2010-12-01 08:26 AM", TimestampFormat::iso8601, t));
  CHECK_FALSE(parse_timestamp("2010-12-01 08:26:00 CET", TimestampFormat::iso8601, t));
  CHECK_FALSE(parse_timestamp("31-12-2010", TimestampFormat::automatic, t));  // never guessed
}

TEST_CASE("csv: unsupported timestamps say why") {
  auto fails_with = [](const std::string& value, TimestampFormat f, const std::string& words) {
    CsvOptions o;
    o.timestamp_format = f;
    const std::string good = f == TimestampFormat::dmy ? "1/1/2011" : "2011-01-01";
    auto r = parse_csv("customer_id,timestamp,amount\nc," + good + ",1\nc," + value + ",2\n", o);
    REQUIRE_FALSE(r.ok());
    const std::string m = message(r.status());
    CHECK_MESSAGE(m.find("line 3, column 2: bad timestamp") != std::string::npos, m);
    CHECK_MESSAGE(m.find(words) != std::string::npos, m);
  };
  fails_with("2011-01-01 10:00:00 CET", TimestampFormat::automatic, "time-zone names other than UTC and GMT");
  fails_with("2011-01-01T10:00 Europe/Paris", TimestampFormat::iso8601, "write Z or an offset");
  fails_with("31-12-2010", TimestampFormat::automatic, "set the timestamp format to dmy");
  fails_with("31.12.2010 10:00", TimestampFormat::automatic, "set the timestamp format to dmy");
  fails_with("31/12/2010", TimestampFormat::automatic, "'/' dates are read month first");
  fails_with("12/31/2010", TimestampFormat::dmy, "D/M/YYYY");
  // A day-first file is read once asked for.
  CsvOptions o;
  o.timestamp_format = TimestampFormat::dmy;
  auto r = parse_csv("customer_id,timestamp,amount\nc,31/12/2010 11:59 PM,1\nc,1.1.2011,2\n", o);
  REQUIRE_MESSAGE(r.ok(), message(r.status()));
  CHECK(r->events.timestamp == std::vector<std::int64_t>{1293839940, 1293840000});
}

TEST_CASE("csv: CR line ends (classic Mac OS)") {
  const std::string text = "customer_id,timestamp,amount\rc1,2011-01-01,1\r\"c\r2\",2011-01-02,2\r\rc3,2011-01-03,x\r";
  auto strict = parse_csv(text, basic());
  REQUIRE_FALSE(strict.ok());
  CHECK(message(strict.status()).find("line 6, column 3: bad number") != std::string::npos);
  auto r = parse_csv(text, basic(IngestMode::lenient));
  REQUIRE_MESSAGE(r.ok(), message(r.status()));
  CHECK(r->events.rows() == 2);
  CHECK(r->events.customer.values == std::vector<std::string>{"c1", "c\n2"});  // a CR in quotes reads as LF
  CHECK(r->report.blank_lines == 1);
  // One CR amid LF line ends is data, not a line end.
  auto lf = parse_csv("customer_id,timestamp,amount\nc\r1,2011-01-01,1\n", basic());
  REQUIRE(lf.ok());
  CHECK(lf->events.customer.values == std::vector<std::string>{"c\r1"});
}

TEST_CASE("csv: exact duplicates are reported, or dropped") {
  const std::string text =
      "customer_id,timestamp,amount\na,2011-01-01,1\nb,2011-01-01,1\na,2011-01-01,1\na,2011-01-01,1";
  auto r = parse_csv(text, basic());
  REQUIRE(r.ok());
  CHECK(r->report.duplicates == 2);
  CHECK(r->events.rows() == 4);
  REQUIRE(r->report.duplicate_rows.size() == 2);
  CHECK(r->report.duplicate_rows[0].line == 4);
  CHECK(r->report.duplicate_rows[0].first_line == 2);
  CHECK(r->report.duplicate_rows[1].line == 5);  // the last line has no newline: still equal
  CsvOptions o = basic();
  o.duplicates = DuplicatePolicy::drop;
  auto d = parse_csv(text, o);
  REQUIRE(d.ok());
  CHECK(d->events.rows() == 2);
  CHECK(d->report.duplicates_dropped);
}

TEST_CASE("csv: duplicates across chunks, for any thread count") {
  // About 9 MB: every 1000th row repeats the row 250,000 rows earlier (so in another chunk),
  // sometimes with the other line end.
  std::string text = "customer_id,timestamp,amount\n";
  std::vector<std::string> records;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> expected;  // (line, first line)
  std::size_t i = 0;
  while (text.size() < (9u << 20)) {
    std::string r = absl::StrCat(i % 9973, ",", 1290000000 + i, ",", i % 100, ".5");
    if (i % 1000 == 999 && i >= 250000) {
      r = records[i - 250000];
      expected.push_back({i + 2, i - 250000 + 2});
    }
    absl::StrAppend(&text, r, i % 3 == 0 ? "\r\n" : "\n");
    records.push_back(r);
    ++i;
  }
  REQUIRE(expected.size() > 10);
  for (int threads : {1, 2, 3}) {
    CsvOptions o = basic();
    o.n_threads = threads;
    o.max_reported = 1000000;
    auto r = parse_csv(text, o);
    REQUIRE_MESSAGE(r.ok(), message(r.status()));
    REQUIRE(r->report.duplicates == expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
      CHECK(r->report.duplicate_rows[k].line == expected[k].first);
      CHECK(r->report.duplicate_rows[k].first_line == expected[k].second);
    }
    o.duplicates = DuplicatePolicy::drop;
    auto d = parse_csv(text, o);
    REQUIRE(d.ok());
    CHECK(d->events.rows() == i - expected.size());
  }
}

TEST_CASE("csv: quantity x price, order ids, categories, attributes, numerics, other delimiter") {
  const std::string text =
      "inv;cust;qty;price;when;channel;city;age\n"
      "1;a;2;1.25;2011-01-01;web;Paris;30\n"
      "1;a;1;0.5;2011-01-01;web;Paris;\n"
      "C2;a;-1;1.25;2011-01-02;shop;Lyon;31\n";
  CsvOptions o;
  o.delimiter = ';';
  o.columns.customer = "cust";
  o.columns.timestamp = "when";
  o.columns.amount = "";
  o.columns.quantity = "qty";
  o.columns.price = "price";
  o.columns.order = "inv";
  o.columns.categories = {"channel"};
  o.columns.attributes = {"city"};
  o.columns.numerics = {"age"};
  auto r = parse_csv(text, o);
  REQUIRE_MESSAGE(r.ok(), message(r.status()));
  const EventTable& ev = r->events;
  CHECK(ev.amount == std::vector<double>{2.5, 0.5, -1.25});
  CHECK(ev.has_order);
  CHECK(ev.order.values == std::vector<std::string>{"1", "C2"});
  CHECK(ev.categories[0].values == std::vector<std::string>{"web", "shop"});
  CHECK(ev.attributes[0].codes == std::vector<std::uint32_t>{0, 0, 1});
  CHECK(std::isnan(ev.numerics[0].values[1]));
  CHECK(ev.numerics[0].values[2] == 31);
  CsvOptions bad = o;
  bad.columns.amount = "qty";
  CHECK_FALSE(parse_csv(text, bad).ok());
}

TEST_CASE("csv: multi-chunk input gives the same table for any thread count") {
  // About 10 MB, so several 4 MB blocks, with quoted newlines near every boundary.
  std::string text = "customer_id,note,timestamp,amount\n";
  double total = 0;
  std::size_t rows = 0;
  while (text.size() < (10u << 20)) {
    const std::size_t i = rows++;
    const double amount = static_cast<double>(i % 1000) / 4;
    total += amount;
    absl::StrAppend(&text, "c", i % 997, i % 7 == 0 ? ",\"a\nb,\"\"c\"\"\"," : ",x,", 1290000000 + i, ",",
                    std::to_string(amount), "\n");
  }
  CsvOptions o;
  o.n_threads = 1;
  auto one = parse_csv(text, o);
  o.n_threads = 3;
  auto three = parse_csv(text, o);
  REQUIRE_MESSAGE(one.ok(), message(one.status()));
  REQUIRE(three.ok());
  CHECK(one->events.rows() == rows);
  CHECK(one->events.customer.codes == three->events.customer.codes);
  CHECK(one->events.customer.values == three->events.customer.values);
  CHECK(one->events.timestamp == three->events.timestamp);
  CHECK(one->events.amount == three->events.amount);
  double sum = 0;
  for (double a : one->events.amount) sum += a;
  CHECK(sum == total);
  for (std::size_t i = 0; i < rows; ++i)
    if (one->events.timestamp[i] != static_cast<std::int64_t>(1290000000 + i)) FAIL("row ", i);
  // A bad row deep in the file is reported with its physical line, whatever the threads.
  std::string broken = text + "zz,x,notatime,1\n";
  auto err = parse_csv(broken, o);
  REQUIRE_FALSE(err.ok());
  const std::size_t line = 2 + rows + rows / 7 + (rows % 7 != 0);
  CHECK(message(err.status()).find("line " + std::to_string(line) + ",") != std::string::npos);
}

TEST_CASE("csv: multi-chunk input without quotes (the unquoted fast path), CRLF") {
  std::string text = "customer_id,timestamp,amount\r\n";
  std::size_t rows = 0;
  double total = 0;
  while (text.size() < (9u << 20)) {
    const std::size_t i = rows++;
    const double amount = static_cast<double>(i % 1000) / 8;
    total += amount;
    absl::StrAppend(&text, i % 5 == 0 ? "x" : "", i % 9973, ",", 1290000000 + i, ",", amount, "\r\n");
  }
  CsvOptions o;
  o.n_threads = 2;
  auto r = parse_csv(text, o);
  REQUIRE_MESSAGE(r.ok(), message(r.status()));
  REQUIRE(r->events.rows() == rows);
  double sum = 0;
  for (double a : r->events.amount) sum += a;
  CHECK(sum == total);
  CHECK(r->events.customer.values[0] == "x0");  // mixed text and integer ids
  CHECK(r->events.customer.values[1] == "1");
  for (std::size_t i = 0; i < rows; i += 997)
    if (r->events.customer.values[r->events.customer.codes[i]] != absl::StrCat(i % 5 == 0 ? "x" : "", i % 9973))
      FAIL("row ", i);
  CHECK(r->report.duplicates == 0);
}

TEST_CASE("csv: multi-chunk lenient input: skipped rows, blank lines, wide and text ids") {
  // Rows go straight into the table's columns at their chunk's line offset; skipped rows,
  // blank lines and quoted newlines leave gaps that must close. Ids from 2^32 up, and text ids
  // in one stretch, take the chunk's other id paths.
  for (bool other_ids : {false, true}) {
    std::string text = "customer_id,timestamp,amount,note\n";
    std::vector<std::int64_t> times;
    std::vector<std::string> ids;
    std::size_t i = 0;
    while (text.size() < (9u << 20)) {
      ++i;
      if (i % 17 == 0) text += "\n";
      std::string id = std::to_string(i % 991);
      if (other_ids && i > 60000 && i < 90000) id = std::to_string(5000000000ULL + i % 13);
      if (other_ids && i > 150000 && i < 150100) id = absl::StrCat("t", i % 7);
      const bool bad = i % 13 == 0;
      absl::StrAppend(&text, id, ",", 1290000000 + i, ",", bad ? "x" : "1.25",
                      i % 29 == 0 ? ",\"two\nlines\"\n" : ",n\n");
      if (!bad) times.push_back(static_cast<std::int64_t>(1290000000 + i)), ids.push_back(id);
    }
    for (int threads : {1, 2}) {
      CsvOptions o = basic(IngestMode::lenient);
      o.n_threads = threads;
      o.duplicates = DuplicatePolicy::ignore;
      auto r = parse_csv(text, o);
      REQUIRE_MESSAGE(r.ok(), message(r.status()));
      const EventTable& ev = r->events;
      REQUIRE(ev.rows() == times.size());
      CHECK(ev.timestamp == times);
      CHECK(r->report.rows_skipped == i / 13);
      CHECK(ev.customer.values[0] == "1");
      bool same = true;
      for (std::size_t k = 0; k < ids.size() && same; ++k) same = ev.customer.values[ev.customer.codes[k]] == ids[k];
      CHECK(same);
      for (double a : ev.amount)
        if (a != 1.25) FAIL("amount ", a);
    }
  }
}

TEST_CASE("csv: arrays become an event table") {
  std::vector<std::int64_t> c = {7, 3, 7}, t = {1, 2, 3}, ord = {10, 11, 10};
  std::vector<double> a = {1, 2, 3};
  auto ev = events_from_arrays(c, t, a, ord);
  REQUIRE(ev.ok());
  CHECK(ev->customer.values == std::vector<std::string>{"7", "3"});
  CHECK(ev->order.codes == std::vector<std::uint32_t>{0, 1, 0});
  a[1] = std::nan("");
  auto bad = events_from_arrays(c, t, a);
  REQUIRE_FALSE(bad.ok());
  CHECK(message(bad.status()).find("row 1") != std::string::npos);
}

TEST_CASE("csv: the bundled Online Retail sample") {
  CsvOptions o;
  o.columns.customer = "CustomerID";
  o.columns.timestamp = "InvoiceDate";
  o.columns.amount = "";
  o.columns.quantity = "Quantity";
  o.columns.price = "UnitPrice";
  o.columns.order = "InvoiceNo";
  o.n_threads = 2;
  auto r = read_csv(SEGCORE_DATA_DIR "/online_retail_sample.csv", o);
  REQUIRE_MESSAGE(r.ok(), message(r.status()));
  CHECK(r->events.rows() == 19292);
  CHECK(r->events.customer.values.size() == 220);
  CHECK(r->report.rows_skipped == 0);
}

TEST_CASE("csv: random damage never crashes and every record is accounted for") {
  const std::string base =
      "customer_id,timestamp,amount,note\n"
      "a,2011-01-01 10:00,1.5,\"x, y\"\n"
      "b,1/2/2011 8:26,-2,\"multi\nline\"\n"
      "c,1294000000,3e2,plain\n"
      "d,2011-01-03T10:20:30Z,4,\"q\"\"q\"\n";
  std::uint64_t state = 12345;
  auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  const char alphabet[] = {'"', ',', '\n', '\r', '\0', 'x', '1', '-', ':', '/', '\xff', ' '};
  for (int round = 0; round < 3000; ++round) {
    std::string t = base;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = 34 + next() % (t.size() - 34);  // keep the header intact
      switch (next() % 3) {
        case 0:
          t[at] = alphabet[next() % sizeof alphabet];
          break;
        case 1:
          t.insert(at, 1, alphabet[next() % sizeof alphabet]);
          break;
        default:
          t.erase(at, 1 + next() % 3);
          break;
      }
    }
    for (IngestMode mode : {IngestMode::strict, IngestMode::lenient}) {
      CsvOptions o;
      o.mode = mode;
      o.n_threads = 2;
      auto r = parse_csv(t, o);
      if (!r.ok()) {
        CHECK(!std::string(r.status().message()).empty());
        continue;
      }
      const IngestReport& rep = r->report;
      CHECK(rep.records == rep.rows_kept + rep.rows_skipped);
      CHECK(r->events.rows() == rep.rows_kept);
      if (mode == IngestMode::strict) CHECK(rep.rows_skipped == 0);
    }
  }
}
