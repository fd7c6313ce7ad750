// Cancellation and progress of the long calls that are not clustering: reading a CSV (from a
// path, a descriptor or memory, plain or compressed), building profiles, and the CLV fits.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "clv/cdnow_summary.hpp"
#include "segcore/clv.hpp"
#include "segcore/io.hpp"
#include "segcore/profile.hpp"
#include "segcore/progress.hpp"

using segcore::ScopedProgressCallback;

namespace {

// Records every call and asks to stop at call `stop_at` (0: never).
struct Log {
  int stop_at = 0;
  std::vector<double> done{};
  std::vector<std::string> stage{};
  static int on_progress(void* user, double done, const char* stage) {
    auto* log = static_cast<Log*>(user);
    log->done.push_back(done);
    log->stage.emplace_back(stage);
    return static_cast<int>(log->done.size()) == log->stop_at ? 1 : 0;
  }
  segcore::ProgressCallback every_check() {
    return {.function = on_progress, .user = this, .interval = std::chrono::nanoseconds(0)};
  }
};

// A CSV of `rows` random orders, several of read_csv's 4 MiB blocks long.
std::string orders_csv(std::size_t rows) {
  std::mt19937_64 rng(11);
  std::string s = "customer_id,timestamp,amount\n";
  for (std::size_t i = 0; i < rows; ++i)
    s += "c" + std::to_string(rng() % 20000) + "," + std::to_string(1500000000 + rng() % 90000000) + "," +
         std::to_string(rng() % 50000 / 100.0) + "\n";
  return s;
}

const std::string& csv_text() {
  static const std::string text = orders_csv(500000);
  return text;
}

segcore::CsvOptions csv_options(int threads) {
  segcore::CsvOptions o;
  o.n_threads = threads;
  return o;
}

// Runs `call` with a callback stopping at each of several calls; each must return Cancelled
// naming `where`, after exactly that many callback calls.
template <class Call>
void check_cancels(const char* where, Call&& call) {
  for (int stop_at : {1, 2, 4}) {
    CAPTURE(stop_at);
    Log log{.stop_at = stop_at};
    segcore::Status st;
    {
      ScopedProgressCallback scope(log.every_check());
      st = call();
    }
    CHECK(absl::IsCancelled(st));
    CHECK_MESSAGE(st.message().find(where) != std::string::npos, st.message());
    CHECK(static_cast<int>(log.done.size()) == stop_at);
  }
}

}  // namespace

TEST_CASE("read_csv from a path, a descriptor or memory stops when the callback asks") {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("segcore_progress_io_" + std::to_string(::getpid()) + ".csv"))
          .string();
  { std::ofstream(path, std::ios::binary) << csv_text(); }
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    const segcore::CsvOptions o = csv_options(threads);
    check_cancels("read_csv", [&] { return segcore::read_csv(path, o).status(); });
    check_cancels("read_csv", [&] { return segcore::parse_csv(csv_text(), o, "memory").status(); });
    check_cancels("read_csv", [&] {
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      const segcore::Status st = segcore::read_csv_fd(fd, o).status();
      ::close(fd);
      return st;
    });
  }
  std::remove(path.c_str());
}

TEST_CASE("read_csv reports per-block fractions that never go back, and the result does not change") {
  // Only the calling thread reports, before each task it takes; with two threads the other one
  // may take every block but the first, so the count of reports is checked on one thread.
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    const segcore::CsvOptions o = csv_options(threads);
    const auto plain = segcore::parse_csv(csv_text(), o, "memory");
    REQUIRE(plain.ok());
    Log log;
    segcore::StatusOr<segcore::Ingested> watched = absl::UnknownError("not run");
    {
      ScopedProgressCallback scope(log.every_check());
      watched = segcore::parse_csv(csv_text(), o, "memory");
    }
    REQUIRE(watched.ok());
    CHECK(watched->events.timestamp == plain->events.timestamp);
    CHECK(watched->events.amount == plain->events.amount);
    CHECK(watched->events.customer.values == plain->events.customer.values);
    // Several blocks: the parsing pass alone reports more than one fraction strictly inside it.
    int parsing = 0;
    for (std::size_t i = 0; i < log.done.size(); ++i) {
      if (i > 0) CHECK(log.done[i] >= log.done[i - 1]);
      CHECK((log.done[i] >= 0 && log.done[i] <= 1));
      parsing += log.stage[i] == "read_csv: parsing" && log.done[i] > 0.3 && log.done[i] < 0.95;
    }
    if (threads == 1) CHECK(parsing >= 2);
  }
}

TEST_CASE("build_profiles stops when the callback asks, with or without order ids") {
  const auto in = segcore::parse_csv(csv_text(), csv_options(2), "memory");
  REQUIRE(in.ok());
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    segcore::ProfileOptions po;
    po.n_threads = threads;
    check_cancels("build_profiles", [&] { return segcore::build_profiles(in->events, po).status(); });
    segcore::EventTable with_orders = in->events;
    with_orders.has_order = true;
    with_orders.order.name = "order";
    with_orders.order.values = {"o"};
    with_orders.order.codes.assign(with_orders.rows(), 0);
    check_cancels("build_profiles", [&] { return segcore::build_profiles(with_orders, po).status(); });
    // Watched without a stop, the table is the one built without a callback.
    const auto plain = segcore::build_profiles(in->events, po);
    Log log;
    segcore::StatusOr<segcore::ProfileTable> watched = absl::UnknownError("not run");
    {
      ScopedProgressCallback scope(log.every_check());
      watched = segcore::build_profiles(in->events, po);
    }
    REQUIRE((plain.ok() && watched.ok()));
    REQUIRE(plain->columns.size() == watched->columns.size());
    for (std::size_t j = 0; j < plain->columns.size(); ++j) CHECK(plain->columns[j].f64 == watched->columns[j].f64);
    CHECK(log.done.size() >= 3);
  }
}

TEST_CASE("a cancelled CLV fit returns Cancelled and keeps the parameters it had") {
  const auto s = segcore_test::cdnow_calibration_summary();
  const segcore::ClvHistories h = segcore_test::histories(s);
  segcore::BetaGeoModel bg;
  segcore::ParetoNbdModel pareto;
  segcore::GammaGammaModel gg;
  REQUIRE(bg.fit(h).ok());
  REQUIRE(pareto.fit(h).ok());
  std::vector<double> freq, spend;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.frequency[i] > 0 && s.monetary[i] > 0) freq.push_back(s.frequency[i]), spend.push_back(s.monetary[i]);
  REQUIRE(gg.fit(freq, spend, {}).ok());
  const std::vector<double> bg_params(bg.params().begin(), bg.params().end());
  const std::vector<double> pareto_params(pareto.params().begin(), pareto.params().end());
  const std::vector<double> gg_params(gg.params().begin(), gg.params().end());
  // A fit on other data, cancelled, leaves the fitted parameters alone.
  std::vector<double> x2(s.frequency), tx2(s.recency), T2(s.T);
  for (double& v : T2) v *= 1.5;
  for (double& v : tx2) v *= 1.5;
  const segcore::ClvHistories other{.frequency = x2, .recency = tx2, .T = T2};
  check_cancels("BetaGeoModel::fit", [&] { return bg.fit(other); });
  check_cancels("ParetoNbdModel::fit", [&] { return pareto.fit(other); });
  std::vector<double> spend2(spend);
  for (double& v : spend2) v *= 3;
  check_cancels("GammaGammaModel::fit", [&] { return gg.fit(freq, spend2, {}); });
  CHECK(std::vector<double>(bg.params().begin(), bg.params().end()) == bg_params);
  CHECK(std::vector<double>(pareto.params().begin(), pareto.params().end()) == pareto_params);
  CHECK(std::vector<double>(gg.params().begin(), gg.params().end()) == gg_params);
  // The whole CLV job stops too, whichever of its steps is running.
  const auto t = segcore_test::load_cdnow_sample();
  check_cancels("score_customers", [&] { return segcore::score_customers(t.customer, t.time, t.amount).status(); });
}
