// Full output streams: trimming by MAXLEN, a bound that refuses, a server out of memory. A
// write that cannot be made is an error status, never a silent drop.
#include <doctest/doctest.h>

#include "redis_fixture.hpp"

using segcore_stream::RedisStreams;
using segcore_stream::StreamCap;
using segcore_test::RedisServer;

TEST_CASE("redis streams: MAXLEN ~ trims the oldest entries to about the bound, newest kept") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams r = segcore_test::client(server);
  std::mt19937_64 rng(11);
  for (std::size_t bound : {1, 10, 1000}) {
    const std::string stream = absl::StrCat("trim", bound);
    std::vector<std::string> ids;
    for (std::size_t batch : {1, 700, 2301}) {
      auto more = r.add_batch(stream, segcore_test::random_entries(rng, batch), StreamCap{bound, false});
      REQUIRE(more.ok());
      ids.insert(ids.end(), more->begin(), more->end());
    }
    auto one = r.add(stream, {{"last", "1"}}, StreamCap{bound, false});
    REQUIRE(one.ok());
    auto len = r.length(stream);
    REQUIRE(len.ok());
    // Redis trims whole nodes of up to 100 entries: at least the bound, less than a node more.
    CHECK(*len >= bound);
    CHECK(*len < bound + 100);
    REQUIRE(r.ensure_group(stream, "g", segcore_stream::GroupStart::kBeginning).ok());
    auto got = r.read_group(stream, "g", "c", 5000, 0);
    REQUIRE(got.ok());
    REQUIRE(got->size() == *len);
    CHECK(got->back().id == *one);
    if (got->size() > 1) CHECK((*got)[got->size() - 2].id == ids.back());
  }
}

TEST_CASE("redis streams: a stream bounded to refuse takes entries up to its bound, then refuses whole batches") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams r = segcore_test::client(server);
  std::mt19937_64 rng(5);
  const StreamCap cap{100, true};
  REQUIRE(r.add_batch("moves", segcore_test::random_entries(rng, 60), cap).ok());
  auto over = r.add_batch("moves", segcore_test::random_entries(rng, 41), cap);
  CHECK(over.status().code() == absl::StatusCode::kResourceExhausted);
  CHECK(std::string(over.status().message()).find("'moves' is full: 60 entries, limit 100, adding 41") !=
        std::string::npos);
  CHECK(*r.length("moves") == 60);  // nothing of the refused batch written
  REQUIRE(r.add_batch("moves", segcore_test::random_entries(rng, 40), cap).ok());
  CHECK(*r.length("moves") == 100);
  CHECK(r.add("moves", {{"a", "b"}}, cap).status().code() == absl::StatusCode::kResourceExhausted);
  CHECK(*r.length("moves") == 100);
}

TEST_CASE("redis streams: a server out of memory (maxmemory, noeviction) refuses adds with an error status") {
  SKIP_WITHOUT_REDIS();
  RedisServer server(false, {"--maxmemory-policy", "noeviction"});
  RedisStreams r = segcore_test::client(server);
  REQUIRE(r.add("out", {{"a", "b"}}).ok());
  auto conn = segcore_stream::RedisConnection::connect("127.0.0.1", server.port(), std::chrono::seconds(5));
  REQUIRE(conn.ok());
  REQUIRE((*conn->run("CONFIG", {"CONFIG", "SET", "maxmemory", "1"}))->type == REDIS_REPLY_STATUS);
  auto one = r.add("out", {{"a", "b"}});
  CHECK(one.status().code() == absl::StatusCode::kResourceExhausted);
  CHECK(std::string(one.status().message()).find("OOM") != std::string::npos);
  std::mt19937_64 rng(1);
  auto batch = r.add_batch("out", segcore_test::random_entries(rng, 10));
  CHECK(batch.status().code() == absl::StatusCode::kResourceExhausted);
  CHECK(std::string(batch.status().message()).find("(0 of 10 entries written)") != std::string::npos);
  CHECK(*r.length("out") == 1);
  REQUIRE((*conn->run("CONFIG", {"CONFIG", "SET", "maxmemory", "0"}))->type == REDIS_REPLY_STATUS);
  CHECK(r.add_batch("out", segcore_test::random_entries(rng, 10)).ok());
  CHECK(*r.length("out") == 11);
}
