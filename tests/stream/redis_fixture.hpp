// What the Redis Streams tests share: a skip when redis-server is missing, a client on a test
// server, random binary fields.
#pragma once

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "redis_streams.hpp"
#include "support/redis_server.hpp"

namespace segcore_test {

// Skips the calling test case, saying why, when there is no redis-server.
#define SKIP_WITHOUT_REDIS()                                                        \
  do {                                                                              \
    if (auto why = segcore_test::RedisServer::unavailable_reason(); !why.empty()) { \
      MESSAGE("skipped: " << why);                                                  \
      return;                                                                       \
    }                                                                               \
  } while (0)

inline segcore_stream::RedisStreams client(const RedisServer& server, segcore_stream::RetryPolicy retry = {}) {
  auto c = segcore_stream::RedisStreams::connect("127.0.0.1", server.port(), std::chrono::seconds(5), retry);
  REQUIRE_MESSAGE(c.ok(), c.status().ToString());
  return *std::move(c);
}

// Bytes of every value 0-255 (NUL, CR, LF, high bytes), of length 0 to max_len.
inline std::string random_bytes(std::mt19937_64& rng, std::size_t max_len) {
  std::string s(std::uniform_int_distribution<std::size_t>(0, max_len)(rng), '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

inline std::vector<segcore_stream::Fields> random_entries(std::mt19937_64& rng, std::size_t n) {
  std::vector<segcore_stream::Fields> entries(n);
  for (auto& e : entries) {
    const std::size_t fields = 1 + rng() % 4;
    for (std::size_t f = 0; f < fields; ++f) e.push_back({random_bytes(rng, 12), random_bytes(rng, 64)});
  }
  return entries;
}

inline std::vector<std::string> ids_of(const std::vector<segcore_stream::StreamEntry>& entries) {
  std::vector<std::string> ids;
  for (const auto& e : entries) ids.push_back(e.id);
  return ids;
}

inline bool same_fields(const segcore_stream::Fields& a, const segcore_stream::Fields& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].name != b[i].name || a[i].value != b[i].value) return false;
  return true;
}

}  // namespace segcore_test
