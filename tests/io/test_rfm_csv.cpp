// rfm_inputs_from_csv against read_csv + build_profiles on random files of every shape the
// reader takes (quoted ids with delimiters and line ends, CRLF, a byte order mark, blank lines,
// epoch and ISO times, bad rows, returns, an as_of before some rows), read in windows from one
// byte to larger than the file: the same customers, columns, report and errors.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "segcore/profile.hpp"
#include "segcore/progress.hpp"
#include "segcore/rfm.hpp"
#include "segcore/rfm_csv.hpp"

using namespace segcore;

namespace {

// A file in the temporary folder, removed at the end of the scope.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/segcore-rfm-csv-XXXXXX";
    const int fd = ::mkstemp(path_.data());
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A random events file. Customers are drawn with skew; some ids are quoted and hold the
// delimiter, a quote or a line end; some rows are bad (a word for an amount, a date that is
// not one); some lines are blank; times are epoch seconds or ISO text.
std::string random_csv(std::mt19937_64& rng, std::size_t rows, bool crlf, bool bom) {
  const char* eol = crlf ? "\r\n" : "\n";
  std::string s = bom ? "\xEF\xBB\xBF" : "";
  s += std::string("customer_id,timestamp,amount") + eol;
  const std::size_t customers = 1 + rng() % 40;
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t c = static_cast<std::size_t>(static_cast<double>(customers) *
                                                   std::pow(static_cast<double>(rng() % 1000) / 1000.0, 2.0));
    std::string id = "c" + std::to_string(c);
    if (c % 7 == 3) id = "\"c," + std::to_string(c) + "\"";
    if (c % 11 == 5) id = "\"c\n\"\"" + std::to_string(c) + "\"";
    const std::int64_t t = 1600000000 + static_cast<std::int64_t>(rng() % (400 * 86400));
    std::string time = std::to_string(t);
    if (rng() % 2 == 0) {
      char buf[32];
      const std::time_t tt = t;
      std::tm tm{};
      ::gmtime_r(&tt, &tm);
      std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
      time = buf;
    }
    const int cents = static_cast<int>(rng() % 40000) - 8000;  // a fifth are returns
    std::string amount = std::to_string(cents / 100) + "." + std::to_string(std::abs(cents % 100));
    if (cents < 0 && cents > -100) amount = "-" + amount;
    if (rng() % 50 == 0) amount = "zero";
    if (rng() % 60 == 0) time = "2021-02-30";
    s += id + "," + time + "," + amount + eol;
    if (rng() % 30 == 0) s += eol;
  }
  if (rng() % 2 == 0 && !s.empty()) s.resize(s.size() - (crlf ? 2 : 1));  // no final line end
  return s;
}

void check_same(const CsvRfmInputs& got, const ProfileTable& want, const IngestReport& report) {
  REQUIRE(got.profiles.customer_id == want.customer_id);
  CHECK(got.profiles.as_of == want.as_of);
  CHECK(got.profiles.events_after_as_of == want.events_after_as_of);
  for (const char* name : {"frequency", "monetary", "recency_days"}) {
    const ProfileColumn& a = **got.profiles.column(name);
    const ProfileColumn& b = **want.column(name);
    CHECK(a.type == b.type);
    CHECK(a.i64 == b.i64);
    CHECK(a.valid == b.valid);
    REQUIRE(a.f64.size() == b.f64.size());
    for (std::size_t i = 0; i < a.f64.size(); ++i) CHECK(std::memcmp(&a.f64[i], &b.f64[i], sizeof(double)) == 0);
  }
  CHECK(got.report.records == report.records);
  CHECK(got.report.rows_kept == report.rows_kept);
  CHECK(got.report.rows_skipped == report.rows_skipped);
  CHECK(got.report.blank_lines == report.blank_lines);
  CHECK(got.report.skipped_by_reason == report.skipped_by_reason);
  REQUIRE(got.report.bad_rows.size() == report.bad_rows.size());
  for (std::size_t i = 0; i < report.bad_rows.size(); ++i) {
    CHECK(got.report.bad_rows[i].line == report.bad_rows[i].line);
    CHECK(got.report.bad_rows[i].column == report.bad_rows[i].column);
    CHECK(got.report.bad_rows[i].detail == report.bad_rows[i].detail);
  }
}

}  // namespace

TEST_CASE("rfm_inputs_from_csv: equal to read_csv + build_profiles for every window size") {
  std::mt19937_64 rng(29);
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t rows = 1 + rng() % 400;
    const std::string text = random_csv(rng, rows, trial % 3 == 1, trial % 5 == 2);
    const TempFile file(text);
    CsvRfmOptions o;
    o.csv.mode = IngestMode::lenient;
    o.csv.duplicates = DuplicatePolicy::ignore;
    o.csv.n_threads = 1 + trial % 3;
    o.csv.max_reported = trial % 4 == 0 ? 3 : 100;
    if (trial % 4 == 3) o.as_of = 1600000000 + static_cast<std::int64_t>(rng() % (400 * 86400));
    INFO("trial ", trial, ", ", rows, " rows, ", text.size(), " bytes");
    auto in = read_csv(file.path(), o.csv);
    ProfileOptions po;
    po.as_of = o.as_of;
    auto want = in.ok() ? build_profiles(in->events, po) : StatusOr<ProfileTable>(in.status());
    for (std::size_t window : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{1000}, text.size() - 1,
                               text.size(), std::size_t{64} << 20}) {
      INFO("window ", window);
      o.window_bytes = window;
      auto got = rfm_inputs_from_csv(file.path(), o);
      REQUIRE(got.ok() == want.ok());
      if (!want.ok()) {
        CHECK(got.status() == want.status());
        continue;
      }
      check_same(*got, *want, in->report);
      // And the scores are rfm_score's on the batch table.
      auto a = rfm_score(got->profiles), b = rfm_score(*want);
      REQUIRE(a.ok());
      CHECK(a->r == b->r);
      CHECK(a->f == b->f);
      CHECK(a->m == b->m);
    }
  }
}

TEST_CASE("rfm_inputs_from_csv: strict mode fails at the same line as read_csv, whatever the window") {
  std::mt19937_64 rng(31);
  for (int trial = 0; trial < 20; ++trial) {
    const TempFile file(random_csv(rng, 50 + rng() % 300, trial % 2 == 1, false));
    CsvRfmOptions o;
    o.csv.duplicates = DuplicatePolicy::ignore;
    const auto in = read_csv(file.path(), o.csv);
    for (std::size_t window : {std::size_t{1}, std::size_t{13}, std::size_t{256}}) {
      o.window_bytes = window;
      const auto got = rfm_inputs_from_csv(file.path(), o);
      REQUIRE(got.ok() == in.ok());
      if (!in.ok()) CHECK(got.status() == in.status());
    }
  }
}

TEST_CASE("rfm_inputs_from_csv: options that need every row are refused, naming why") {
  const TempFile file("customer_id,timestamp,amount,order_id\na,1600000000,5,o1\n");
  CsvRfmOptions o;
  auto r = rfm_inputs_from_csv(file.path(), o);
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()).find("DuplicatePolicy::ignore") != std::string::npos);
  o.csv.duplicates = DuplicatePolicy::ignore;
  o.csv.columns.order = "order_id";
  r = rfm_inputs_from_csv(file.path(), o);
  REQUIRE_FALSE(r.ok());
  CHECK(std::string(r.status().message()).find("order") != std::string::npos);
  o.csv.columns.order.clear();
  o.as_of = std::int64_t{1} << 62;
  CHECK(rfm_inputs_from_csv(file.path(), o).status().code() == absl::StatusCode::kInvalidArgument);
  o.as_of.reset();
  REQUIRE(rfm_inputs_from_csv(file.path(), o).ok());
  CHECK(rfm_inputs_from_csv(file.path() + ".missing", o).status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE(
    "rfm_inputs_from_csv: a header with no rows, and rows all skipped, are read_csv's and build_profiles' errors") {
  CsvRfmOptions o;
  o.csv.duplicates = DuplicatePolicy::ignore;
  o.csv.mode = IngestMode::lenient;
  o.window_bytes = 4;
  const TempFile empty("customer_id,timestamp,amount\n\n\n");
  CHECK(rfm_inputs_from_csv(empty.path(), o).status() == read_csv(empty.path(), o.csv).status());
  const TempFile bad("customer_id,timestamp,amount\na,soon,1\nb,later,2\n");
  const auto got = rfm_inputs_from_csv(bad.path(), o);
  const auto in = read_csv(bad.path(), o.csv);
  REQUIRE(in.ok());
  CHECK(got.status() == build_profiles(in->events).status());
}

TEST_CASE("rfm_inputs_from_csv: a file that changes between windows is an error, never a mix of versions") {
  // The progress callback runs on the calling thread between windows: it changes the file once,
  // after a few windows have been read, in each of the ways another process could.
  std::mt19937_64 rng(37);
  const std::string text = random_csv(rng, 2000, false, false);
  enum class Change { grow, shrink, rewrite };
  for (Change change : {Change::grow, Change::shrink, Change::rewrite}) {
    const TempFile file(text);
    struct State {
      const std::string* path;
      Change change;
      int calls = 0;
    } state{&file.path(), change};
    ScopedProgressCallback scoped({.function =
                                       [](void* user, double, const char*) {
                                         auto& s = *static_cast<State*>(user);
                                         if (++s.calls != 4) return 0;
                                         if (s.change == Change::shrink) {
                                           REQUIRE(::truncate(s.path->c_str(), 100) == 0);
                                         } else {
                                           std::FILE* f =
                                               std::fopen(s.path->c_str(), s.change == Change::grow ? "ab" : "r+b");
                                           REQUIRE(f != nullptr);
                                           std::fputs("c9,1600000000,1.00\n", f);
                                           std::fclose(f);
                                         }
                                         return 0;
                                       },
                                   .user = &state,
                                   .interval = std::chrono::nanoseconds(0)});
    CsvRfmOptions o;
    o.csv.mode = IngestMode::lenient;
    o.csv.duplicates = DuplicatePolicy::ignore;
    o.window_bytes = 512;
    const auto got = rfm_inputs_from_csv(file.path(), o);
    INFO("change ", static_cast<int>(change), ": ", got.status());
    CHECK(state.calls >= 4);
    REQUIRE_FALSE(got.ok());
    CHECK(got.status().code() == absl::StatusCode::kUnavailable);
    CHECK(std::string(got.status().message()).find("changed while it was read") != std::string::npos);
  }
}
