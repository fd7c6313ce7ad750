// A CSV that another process truncates and extends while segcore reads it, many times over:
// every read must end in a clean error or in a consistent result (the rows of a byte prefix of
// the file's full content), never in a signal. With a mapped file this died of SIGBUS.
// A program of its own (no test framework): a signal kills it, and Meson reports the failure.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "segcore/segcore.hpp"

namespace {

struct Row {
  std::string customer;
  std::int64_t timestamp;
};

int fail(const std::string& what) {
  std::fprintf(stderr, "FAIL: %s\n", what.c_str());
  return 1;
}

// Rewrites the file for ever: cut to a random length, then written back up to the full
// content in pieces of random sizes (not at line boundaries), sometimes past the usual end.
[[noreturn]] void churn(const std::string& path, const std::string& full, std::size_t usual_end) {
  std::mt19937_64 rng(7);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) std::_Exit(3);
  for (;;) {
    const std::size_t cut = rng() % (usual_end + 1);
    if (::ftruncate(fd, static_cast<off_t>(cut)) != 0) std::_Exit(4);
    const std::size_t end = rng() % 4 == 0 ? full.size() : usual_end;
    for (std::size_t at = cut; at < end;) {
      const std::size_t n = std::min<std::size_t>(end - at, 1 + rng() % (std::size_t{1} << 20));
      if (::pwrite(fd, full.data() + at, n, static_cast<off_t>(at)) != static_cast<ssize_t>(n)) std::_Exit(5);
      at += n;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 60;
  // 600,000 rows (about 22 MB: several read blocks and parse chunks), then 50,000 more rows
  // that the writer adds only sometimes.
  std::string full = "customer_id,timestamp,amount\n";
  std::vector<Row> rows;
  std::size_t usual_end = 0;
  char line[96];
  for (int i = 0; i < 650000; ++i) {
    if (i == 600000) usual_end = full.size();
    const std::int64_t t = 1704067200 + 37 * std::int64_t{i};
    std::snprintf(line, sizeof line, "c%07lld,%lld,%d.%02d\n", static_cast<long long>(std::int64_t{i} * 7919 % 100003),
                  static_cast<long long>(t), i % 500, i % 100);
    full += line;
    rows.push_back({std::string(line, std::string(line).find(',')), t});
  }
  char dir_template[] = "/tmp/segcore-change-XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) return fail("mkdtemp");
  const std::string path = std::string(dir_template) + "/events.csv";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(full.data(), 1, usual_end, f) != usual_end || std::fclose(f) != 0)
      return fail("cannot write " + path);
  }
  const pid_t writer = ::fork();
  if (writer < 0) return fail("fork");
  if (writer == 0) churn(path, full, usual_end);

  segcore::CsvOptions o;
  o.mode = segcore::IngestMode::lenient;
  o.timestamp_format = segcore::TimestampFormat::epoch_seconds;
  o.duplicates = segcore::DuplicatePolicy::ignore;
  o.n_threads = 2;
  int errors = 0, results = 0;
  std::string problem;
  for (int r = 0; r < rounds && problem.empty(); ++r) {
    auto in = segcore::read_csv(path, o);
    if (!in.ok()) {
      // The changed-file error, or a cut that left no data rows.
      const std::string m(in.status().message());
      if (m.find("changed while it was read") == std::string::npos && m.find("no data rows") == std::string::npos &&
          m.find("is empty") == std::string::npos && m.find("no header") == std::string::npos &&
          m.find("not in the header") == std::string::npos)
        problem = "unexpected error: " + m;
      ++errors;
      continue;
    }
    ++results;
    // A byte prefix of the full content: every row as written, but the last, whose amount
    // may be cut; at most the one cut record skipped.
    const segcore::EventTable& ev = in->events;
    const std::size_t n = ev.rows();
    if (n > rows.size()) problem = "more rows than were ever written";
    if (in->report.records - in->report.rows_kept > 1) problem = "more than one record skipped";
    for (std::size_t i = 0; i < n && problem.empty(); ++i) {
      const std::string& id = ev.customer.values[ev.customer.codes[i]];
      if (id != rows[i].customer || ev.timestamp[i] != rows[i].timestamp)
        problem = "row " + std::to_string(i) + " is not the row written there";
    }
  }
  ::kill(writer, SIGKILL);
  int status = 0;
  ::waitpid(writer, &status, 0);
  ::unlink(path.c_str());
  ::rmdir(dir_template);
  if (!problem.empty()) return fail(problem);
  if (WIFEXITED(status)) return fail("the writer stopped early (exit " + std::to_string(WEXITSTATUS(status)) + ")");
  std::printf("%d reads: %d clean errors, %d consistent results\n", rounds, errors, results);
  return 0;
}
