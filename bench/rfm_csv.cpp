// CSV to scored customers, end to end, for bench/peers/rfm_peers.py; also writes the
// generated input so every peer reads the same bytes.
//
//   rfm_csv generate <rows> <customers> <path> [iso|epoch] [uniform|skewed]
//                                                  customer_id,timestamp,amount (seeded); ISO
//                                                  times and uniform customers by default;
//                                                  skewed draws customer floor(n u^4), so a
//                                                  quarter of the rows go to 0.4 % of customers
//   rfm_csv run <path> <threads> [rank|quantile]   prints one JSON line of timings and checks
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "segcore/segcore.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int generate(std::uint64_t rows, std::uint64_t customers, const char* path, bool epoch, bool skewed) {
  std::FILE* f = std::fopen(path, "wb");
  if (f == nullptr) return std::perror(path), 1;
  std::mt19937_64 rng(20240601);
  std::string buf = "customer_id,timestamp,amount\n";
  const std::int64_t start = 1577836800;  // 2020-01-01
  char line[96];
  for (std::uint64_t i = 0; i < rows; ++i) {
    std::uint64_t c = rng() % customers;
    if (skewed) {
      const double u = static_cast<double>(rng() >> 11) * 0x1p-53;
      c = std::min<std::uint64_t>(customers - 1,
                                  static_cast<std::uint64_t>(static_cast<double>(customers) * u * u * u * u));
    }
    c += 100000;
    const std::int64_t t = start + static_cast<std::int64_t>(rng() % (730ull * 86400));
    const std::int64_t days = t / 86400;
    // civil date from days (inverse of days_from_civil)
    const std::int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
    const std::int64_t sec = t % 86400;
    std::int64_t cents = static_cast<std::int64_t>(rng() % 50000) + 100;
    if (rng() % 20 == 0) cents = -cents / 4;  // 5% returns
    const char* sign = cents < 0 ? "-" : "";
    const auto units = static_cast<std::int64_t>(std::llabs(cents) / 100);
    const auto hundredths = static_cast<std::int64_t>(std::llabs(cents) % 100);
    const int n = epoch ? std::snprintf(line, sizeof line, "%" PRIu64 ",%" PRId64 ",%s%" PRId64 ".%02" PRId64 "\n", c,
                                        t, sign, units, hundredths)
                        : std::snprintf(line, sizeof line,
                                        "%" PRIu64 ",%04" PRId64 "-%02" PRId64 "-%02" PRId64 " %02" PRId64 ":%02" PRId64
                                        ":%02" PRId64 ",%s%" PRId64 ".%02" PRId64 "\n",
                                        c, y, m, d, sec / 3600, sec / 60 % 60, sec % 60, sign, units, hundredths);
    buf.append(line, static_cast<std::size_t>(n));
    if (buf.size() > (1u << 24)) std::fwrite(buf.data(), 1, buf.size(), f), buf.clear();
  }
  std::fwrite(buf.data(), 1, buf.size(), f);
  return std::fclose(f) == 0 ? 0 : 1;
}

int run(const char* path, int threads, const char* mode) {
  const auto t0 = std::chrono::steady_clock::now();
  segcore::CsvOptions o;
  o.n_threads = threads;
  if (std::getenv("RFM_CSV_NO_DUPLICATES")) o.duplicates = segcore::DuplicatePolicy::ignore;
  auto in = segcore::read_csv(path, o);
  if (!in.ok()) return std::fprintf(stderr, "%s\n", std::string(in.status().message()).c_str()), 1;
  const double t_read = seconds_since(t0);
  segcore::ProfileOptions po;
  po.n_threads = threads;
  auto prof = segcore::build_profiles(in->events, po);
  if (!prof.ok()) return std::fprintf(stderr, "%s\n", std::string(prof.status().message()).c_str()), 1;
  const double t_profile = seconds_since(t0);
  segcore::RfmOptions ro;
  ro.n_threads = threads;
  ro.mode = std::strcmp(mode, "quantile") == 0 ? segcore::RfmMode::quantile : segcore::RfmMode::rank;
  auto rfm = segcore::rfm_score(*prof, ro);
  if (!rfm.ok()) return std::fprintf(stderr, "%s\n", std::string(rfm.status().message()).c_str()), 1;
  const double t_total = seconds_since(t0);
  std::int64_t score_sum = 0;
  for (std::size_t i = 0; i < prof->size(); ++i) score_sum += rfm->r[i] * 100 + rfm->f[i] * 10 + rfm->m[i];
  std::printf(
      "{\"rows\": %zu, \"customers\": %zu, \"read_s\": %.4f, \"profile_s\": %.4f, \"total_s\": %.4f, "
      "\"score_sum\": %" PRId64 ", \"duplicates\": %" PRIu64 "}\n",
      in->events.rows(), prof->size(), t_read, t_profile - t_read, t_total, score_sum, in->report.duplicates);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 5 && argc <= 7 && std::strcmp(argv[1], "generate") == 0) {
    const bool epoch = argc >= 6 && std::strcmp(argv[5], "epoch") == 0;
    const bool skewed = argc == 7 && std::strcmp(argv[6], "skewed") == 0;
    return generate(std::strtoull(argv[2], nullptr, 10), std::strtoull(argv[3], nullptr, 10), argv[4], epoch, skewed);
  }
  if ((argc == 4 || argc == 5) && std::strcmp(argv[1], "run") == 0)
    return run(argv[2], std::atoi(argv[3]), argc == 5 ? argv[4] : "rank");
  std::fprintf(stderr,
               "usage: rfm_csv generate <rows> <customers> <path> [iso|epoch] [uniform|skewed] | run <path> <threads> "
               "[rank|quantile]\n");
  return 2;
}
