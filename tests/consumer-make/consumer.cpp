// Built against an installed segcore by a plain Makefile (pkg-config segcore-cpp) and by CMake
// (segcore::cpp): the C++ API from the static library. Events of four customers -> profiles -> RFM.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "segcore/segcore.hpp"

int main() {
  // customer, time (epoch seconds), amount: customer 1 buys three times, 2 twice, 3 once,
  // 4 only returns.
  const std::int64_t day = 86400, t0 = 1700000000;
  const std::vector<std::int64_t> customer = {1, 1, 1, 2, 2, 3, 4};
  const std::vector<std::int64_t> time = {t0, t0 + 5 * day, t0 + 9 * day, t0 + 2 * day, t0 + 3 * day, t0, t0 + day};
  const std::vector<double> amount = {10, 20, 30, 5, 5, 100, -8};
  auto events = segcore::events_from_arrays(customer, time, amount);
  if (!events.ok())
    return std::fprintf(stderr, "c++ consumer: %s\n", std::string(events.status().message()).c_str()), 1;
  auto profiles = segcore::build_profiles(*events);
  if (!profiles.ok())
    return std::fprintf(stderr, "c++ consumer: %s\n", std::string(profiles.status().message()).c_str()), 1;
  auto frequency = profiles->column("frequency");
  auto rfm = segcore::rfm_score(*profiles, {.bins = 3});
  if (!frequency.ok() || !rfm.ok()) return std::fprintf(stderr, "c++ consumer: no frequency or RFM\n"), 1;
  const std::vector<std::int64_t>& f = (*frequency)->i64;
  const bool ok = profiles->size() == 4 && f == std::vector<std::int64_t>{3, 2, 1, 0} && rfm->unscored == 1 &&
                  rfm->f[0] == 3 && rfm->f[3] == 0 && std::string(segcore::version_string()) == SEGCORE_VERSION_STRING;
  std::printf("c++ consumer: segcore %s, frequencies %lld %lld %lld %lld, customer 1 is %s: %s\n",
              segcore::version_string(), static_cast<long long>(f[0]), static_cast<long long>(f[1]),
              static_cast<long long>(f[2]), static_cast<long long>(f[3]), rfm->segment_names[rfm->segment[0]].c_str(),
              ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
