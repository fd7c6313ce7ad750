// A server killed mid-stream: calls fail with kUnavailable after the bounded retries, succeed
// again once it is back (its append-only file keeps the stream and the group), and a call made
// while it restarts rides over the gap.
#include <doctest/doctest.h>

#include <thread>

#include "redis_fixture.hpp"

using segcore_stream::RedisStreams;
using segcore_stream::RetryPolicy;
using segcore_test::RedisServer;

TEST_CASE("redis streams: killed server -> Unavailable naming the server; restarted -> the read goes on") {
  SKIP_WITHOUT_REDIS();
  RedisServer server(true);
  const RetryPolicy quick{3, std::chrono::milliseconds(10), std::chrono::milliseconds(40)};
  RedisStreams r = segcore_test::client(server, quick);
  std::mt19937_64 rng(9);
  auto entries = segcore_test::random_entries(rng, 100);
  REQUIRE(r.ensure_group("ev", "g").ok());
  auto ids = r.add_batch("ev", entries);
  REQUIRE(ids.ok());
  auto first = r.read_group("ev", "g", "c", 40, 0);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 40);
  REQUIRE(*r.ack("ev", "g", {(*ids)[0], (*ids)[1]}) == 2);

  server.kill();
  const std::string where = "127.0.0.1:" + std::to_string(server.port());
  for (int call = 0; call < 2; ++call) {
    auto down = r.read_group("ev", "g", "c", 40, 100);
    CHECK(down.status().code() == absl::StatusCode::kUnavailable);
    CHECK(std::string(down.status().message()).find(where + " unavailable after 3 attempts") != std::string::npos);
    CHECK(r.add("ev", {{"x", "y"}}).status().code() == absl::StatusCode::kUnavailable);
    CHECK(r.ack("ev", "g", {(*ids)[2]}).status().code() == absl::StatusCode::kUnavailable);
  }

  server.restart();
  // The same client goes on where it was: the 60 entries it never had, none of the 40 twice.
  auto rest = r.read_group("ev", "g", "c", 1000, 0);
  REQUIRE_MESSAGE(rest.ok(), rest.status().ToString());
  REQUIRE(rest->size() == 60);
  CHECK(rest->front().id == (*ids)[40]);
  CHECK(segcore_test::same_fields(rest->back().fields, entries.back()));
  CHECK(r.reconnects() >= 1);
  // What was delivered and not acked survived the crash: a new client of "c" gets it first.
  RedisStreams fresh = segcore_test::client(server);
  auto pending = fresh.read_group("ev", "g", "c", 1000, 0);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 98);
  CHECK(pending->front().id == (*ids)[2]);
}

TEST_CASE("redis streams: a server restarting during a call is waited for within the retry budget") {
  SKIP_WITHOUT_REDIS();
  RedisServer server(true);
  const RetryPolicy patient{12, std::chrono::milliseconds(20), std::chrono::milliseconds(400)};
  RedisStreams r = segcore_test::client(server, patient);
  std::mt19937_64 rng(4);
  REQUIRE(r.ensure_group("ev", "g").ok());
  REQUIRE(r.add_batch("ev", segcore_test::random_entries(rng, 1000)).ok());
  for (int round = 0; round < 3; ++round) {
    server.kill();
    std::thread back([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      server.restart();
    });
    auto added = r.add_batch("ev", segcore_test::random_entries(rng, 500));
    back.join();
    REQUIRE_MESSAGE(added.ok(), added.status().ToString());
    CHECK(added->size() == 500);
  }
  CHECK(*r.length("ev") == 2500);
  std::size_t read = 0;
  for (;;) {
    auto batch = r.read_group("ev", "g", "c", 333, 0);
    REQUIRE(batch.ok());
    if (batch->empty()) break;
    read += batch->size();
  }
  CHECK(read == 2500);
  CHECK(r.reconnects() >= 3);
}

TEST_CASE(
    "redis streams: a server killed during a blocking read and back within the budget: the read returns what came "
    "after") {
  SKIP_WITHOUT_REDIS();
  RedisServer server(true);
  const RetryPolicy patient{12, std::chrono::milliseconds(20), std::chrono::milliseconds(400)};
  RedisStreams r = segcore_test::client(server, patient);
  REQUIRE(r.ensure_group("ev", "g").ok());
  std::string added;
  std::thread crash([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));  // the read is blocked by now
    server.kill();
    server.restart();
    RedisStreams producer = segcore_test::client(server);
    auto id = producer.add("ev", {{"after", "restart"}});
    if (id.ok()) added = *id;
  });
  auto batch = r.read_group("ev", "g", "c", 10, 3000);
  crash.join();
  REQUIRE_MESSAGE(batch.ok(), batch.status().ToString());
  REQUIRE(batch->size() == 1);
  CHECK((*batch)[0].id == added);
  CHECK((*batch)[0].fields[0].value == "restart");
  CHECK(r.reconnects() >= 1);
}
