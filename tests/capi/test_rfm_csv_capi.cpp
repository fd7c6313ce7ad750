// segcore_profiles_rfm_inputs_from_csv against segcore_events_read_csv + segcore_profiles_build
// through the C ABI: the same customers, RFM columns, report and counts for windows from one
// byte to larger than the file, in strict and lenient mode, with and without as_of; the
// options it cannot honour are refused, naming why.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "segcore_profile.h"

namespace {

std::string last() { return segcore_last_error_message(); }

// A file in the temporary folder, removed at the end of the scope.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/segcore-rfm-csv-capi-XXXXXX";
    const int fd = ::mkstemp(path_.data());
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const char* path() const { return path_.c_str(); }

 private:
  std::string path_;
};

// Rows of skewed customers with epoch and ISO times, returns, a quoted id holding the
// delimiter, blank lines and (when bad) rows whose amount is a word.
std::string random_csv(std::mt19937_64& rng, std::size_t rows, bool bad) {
  std::string s = "customer_id,timestamp,amount\n";
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t c = (rng() % 30) * (rng() % 30) / 30;
    std::string id = c % 9 == 4 ? "\"c," : "c";  // a quoted id holding the delimiter
    id.append(std::to_string(c)).append(c % 9 == 4 ? "\"" : "");
    const long long t = 1600000000 + static_cast<long long>(rng() % (300 * 86400));
    std::string time = std::to_string(t);
    if (rng() % 2 == 0) {
      char iso[32];
      const std::time_t tt = static_cast<std::time_t>(t);
      std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
      time = iso;
    }
    std::string amount = std::to_string(static_cast<double>(rng() % 20000) / 100.0 - 20.0);
    if (bad && rng() % 50 == 0) amount = "lots";
    s += id + "," + time + "," + amount + "\n";
    if (rng() % 40 == 0) s += "\n";
  }
  return s;
}

segcore_csv_options options(int32_t mode) {
  segcore_csv_options o;
  REQUIRE(segcore_csv_options_init(&o, sizeof o) == SEGCORE_OK);
  o.duplicates = SEGCORE_DUPLICATES_IGNORE;
  o.mode = mode;
  return o;
}

template <typename T, typename Get>
std::vector<T> column(const segcore_profiles* p, const char* name, size_t n, Get get) {
  std::vector<T> v(n);
  REQUIRE_MESSAGE(get(p, name, v.data(), n) == SEGCORE_OK, last());
  return v;
}

// A report's text through the function that writes it, snprintf style.
template <typename Handle>
std::string report_of(const Handle* h, int (*text_of)(const Handle*, char*, size_t, size_t*)) {
  size_t length = 0;
  REQUIRE(text_of(h, nullptr, 0, &length) == SEGCORE_OK);
  std::string text(length + 1, '\0');
  REQUIRE(text_of(h, text.data(), text.size(), &length) == SEGCORE_OK);
  text.resize(length);
  return text;
}

// The windowed table equals the batch one in everything RFM reads.
void check_same(const segcore_profiles* got, const segcore_profiles* want) {
  size_t n = 0, m = 0;
  REQUIRE(segcore_profiles_n_customers(got, &n) == SEGCORE_OK);
  REQUIRE(segcore_profiles_n_customers(want, &m) == SEGCORE_OK);
  REQUIRE(n == m);
  int64_t as_of_got = 0, as_of_want = 0;
  uint64_t after_got = 0, after_want = 0;
  CHECK(segcore_profiles_as_of(got, &as_of_got) == SEGCORE_OK);
  CHECK(segcore_profiles_as_of(want, &as_of_want) == SEGCORE_OK);
  CHECK(as_of_got == as_of_want);
  CHECK(segcore_profiles_events_after_as_of(got, &after_got) == SEGCORE_OK);
  CHECK(segcore_profiles_events_after_as_of(want, &after_want) == SEGCORE_OK);
  CHECK(after_got == after_want);
  for (size_t i = 0; i < n; ++i) {
    char a[64], b[64];
    REQUIRE(segcore_profiles_customer_id(got, i, a, sizeof a, nullptr) == SEGCORE_OK);
    REQUIRE(segcore_profiles_customer_id(want, i, b, sizeof b, nullptr) == SEGCORE_OK);
    CHECK(std::string(a) == std::string(b));
  }
  const auto monetary_got = column<double>(got, "monetary", n, segcore_profiles_get_f64);
  const auto monetary_want = column<double>(want, "monetary", n, segcore_profiles_get_f64);
  CHECK(std::memcmp(monetary_got.data(), monetary_want.data(), n * sizeof(double)) == 0);
  for (const char* name : {"frequency", "recency_days"}) {
    CAPTURE(name);
    CHECK(column<int64_t>(got, name, n, segcore_profiles_get_i64) ==
          column<int64_t>(want, name, n, segcore_profiles_get_i64));
    CHECK(column<uint8_t>(got, name, n, segcore_profiles_get_valid) ==
          column<uint8_t>(want, name, n, segcore_profiles_get_valid));
  }
}

}  // namespace

TEST_CASE("capi: rfm_inputs_from_csv equals read_csv + profiles_build for every window size and mode") {
  std::mt19937_64 rng(2026);
  for (int file = 0; file < 6; ++file) {
    const bool lenient = file % 2 == 1;
    const TempFile csv(random_csv(rng, 50 + rng() % 400, lenient));
    const segcore_csv_options o = options(lenient ? SEGCORE_INGEST_LENIENT : SEGCORE_INGEST_STRICT);
    for (const int32_t has_as_of : {0, 1}) {
      const int64_t as_of = 1600000000 + 150 * 86400;
      segcore_profile_options po;
      REQUIRE(segcore_profile_options_init(&po, sizeof po) == SEGCORE_OK);
      po.has_as_of = has_as_of, po.as_of = as_of;
      segcore_events* ev = nullptr;
      REQUIRE_MESSAGE(segcore_events_read_csv(&ev, csv.path(), &o) == SEGCORE_OK, last());
      segcore_profiles* want = nullptr;
      REQUIRE_MESSAGE(segcore_profiles_build(&want, ev, &po) == SEGCORE_OK, last());
      segcore_ingest_summary want_sum{}, got_sum{};
      want_sum.struct_size = got_sum.struct_size = sizeof want_sum;
      REQUIRE(segcore_events_ingest_summary(ev, &want_sum) == SEGCORE_OK);
      for (const size_t window : {size_t{1}, size_t{7}, size_t{100}, size_t{1000}, size_t{0}}) {
        CAPTURE(file);
        CAPTURE(has_as_of);
        CAPTURE(window);
        segcore_profiles* got = nullptr;
        REQUIRE_MESSAGE(
            segcore_profiles_rfm_inputs_from_csv(&got, csv.path(), &o, as_of, has_as_of, window) == SEGCORE_OK, last());
        check_same(got, want);
        CHECK(report_of(got, segcore_profiles_report_text) == report_of(ev, segcore_events_report_text));
        REQUIRE(segcore_profiles_ingest_summary(got, &got_sum) == SEGCORE_OK);
        CHECK(got_sum.records == want_sum.records);
        CHECK(got_sum.rows_kept == want_sum.rows_kept);
        CHECK(got_sum.rows_skipped == want_sum.rows_skipped);
        CHECK(got_sum.blank_lines == want_sum.blank_lines);
        segcore_profiles_destroy(got);
      }
      // A table from anything else carries the report of no reading.
      segcore_ingest_summary none{};
      none.struct_size = sizeof none;
      CHECK(segcore_profiles_ingest_summary(want, &none) == SEGCORE_OK);
      CHECK(none.records == 0);
      CHECK(report_of(want, segcore_profiles_report_text).rfind("records: 0", 0) == 0);
      segcore_profiles_destroy(want);
      segcore_events_destroy(ev);
    }
  }
}

TEST_CASE("capi: rfm_inputs_from_csv fails as read_csv does, and refuses what needs every row") {
  const TempFile csv("customer_id,timestamp,amount\nc1,1600000000,5\nc2,1600000100,oops\n");
  segcore_csv_options o = options(SEGCORE_INGEST_STRICT);
  segcore_profiles* p = reinterpret_cast<segcore_profiles*>(&o);  // must be set to NULL on failure
  CHECK(segcore_profiles_rfm_inputs_from_csv(&p, csv.path(), &o, 0, 0, 4) == SEGCORE_EINVAL);
  CHECK(p == nullptr);
  segcore_events* ev = nullptr;
  CHECK(segcore_events_read_csv(&ev, csv.path(), &o) == SEGCORE_EINVAL);
  const std::string read_csv_error = last();
  CHECK(segcore_profiles_rfm_inputs_from_csv(&p, csv.path(), &o, 0, 0, 4) == SEGCORE_EINVAL);
  CHECK(last() == read_csv_error);  // the same message, naming the same line
  CHECK(read_csv_error.find("line 3") != std::string::npos);

  o.order_col = "customer_id";
  CHECK(segcore_profiles_rfm_inputs_from_csv(&p, csv.path(), &o, 0, 0, 0) == SEGCORE_EINVAL);
  CHECK(last().find("every row is an order") != std::string::npos);
  o = options(SEGCORE_INGEST_STRICT);
  o.duplicates = SEGCORE_DUPLICATES_REPORT;
  CHECK(segcore_profiles_rfm_inputs_from_csv(&p, csv.path(), &o, 0, 0, 0) == SEGCORE_EINVAL);
  CHECK(last().find("duplicates") != std::string::npos);
  CHECK(segcore_profiles_rfm_inputs_from_csv(&p, csv.path(), nullptr, 0, 0, 0) ==
        SEGCORE_EINVAL);  // defaults look for them
  o = options(SEGCORE_INGEST_STRICT);
  CHECK(segcore_profiles_rfm_inputs_from_csv(&p, csv.path(), &o, int64_t{1} << 60, 1, 0) == SEGCORE_EINVAL);
  CHECK(last().find("as_of") != std::string::npos);
  CHECK(segcore_profiles_rfm_inputs_from_csv(&p, "/nonexistent/segcore/file.csv", &o, 0, 0, 0) == SEGCORE_ENOTFOUND);
  CHECK(segcore_profiles_rfm_inputs_from_csv(nullptr, csv.path(), &o, 0, 0, 0) == SEGCORE_EINVAL);
  CHECK(segcore_profiles_rfm_inputs_from_csv(&p, nullptr, &o, 0, 0, 0) == SEGCORE_EINVAL);
  CHECK(segcore_profiles_report_text(nullptr, nullptr, 0, nullptr) == SEGCORE_EINVAL);
  CHECK(p == nullptr);
}
