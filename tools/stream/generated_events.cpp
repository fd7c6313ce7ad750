#include "generated_events.hpp"

#include <cstdio>
#include <ctime>

#include "absl/strings/str_cat.h"

namespace segcore_stream {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr std::int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z

}  // namespace

GeneratedEvent generated_event(std::uint64_t seed, std::uint64_t index, std::uint64_t customers,
                               std::uint64_t events_per_second) {
  const std::uint64_t h = splitmix64(splitmix64(seed) ^ index);
  GeneratedEvent e;
  e.event_id = absl::StrCat("e", seed, "-", index);
  e.customer_id = absl::StrCat("c", h % (customers == 0 ? 1 : customers));
  e.order_id = absl::StrCat("o", seed, "-", index);
  e.timestamp = kStart + static_cast<std::int64_t>(index / (events_per_second == 0 ? 1 : events_per_second));
  e.amount_cents = 100 + static_cast<std::int64_t>((h >> 32) % 50000);  // 1.00 to 500.99
  return e;
}

std::string event_json(const GeneratedEvent& e) {
  std::time_t t = static_cast<std::time_t>(e.timestamp);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char when[64];
  std::snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  char amount[32];
  std::snprintf(amount, sizeof amount, "%lld.%02lld", static_cast<long long>(e.amount_cents / 100),
                static_cast<long long>(e.amount_cents % 100));
  return absl::StrCat(R"({"event_id":")", e.event_id, R"(","customer_id":")", e.customer_id, R"(","order_id":")",
                      e.order_id, R"(","timestamp":")", when, R"(","amount":)", amount, "}");
}

}  // namespace segcore_stream
