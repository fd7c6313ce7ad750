// Round trips through a real redis-server: add -> read_group -> ack over awkward batch sizes,
// binary and large values, redelivery of what a dead consumer did not ack.
#include <doctest/doctest.h>

#include "redis_fixture.hpp"

using segcore_stream::Fields;
using segcore_stream::GroupStart;
using segcore_stream::RedisStreams;
using segcore_stream::StreamEntry;
using segcore_test::RedisServer;

namespace {

// Reads everything there is for the consumer, `count` at a time, without blocking.
std::vector<StreamEntry> read_all(RedisStreams& r, const std::string& stream, const std::string& consumer,
                                  std::size_t count) {
  std::vector<StreamEntry> all;
  for (;;) {
    auto batch = r.read_group(stream, "g", consumer, count, 0);
    REQUIRE_MESSAGE(batch.ok(), batch.status().ToString());
    if (batch->empty()) return all;
    CHECK(batch->size() <= count);
    all.insert(all.end(), batch->begin(), batch->end());
  }
}

}  // namespace

TEST_CASE("redis streams: add_batch -> read_group -> ack over awkward sizes, every entry once, in order") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams r = segcore_test::client(server);
  std::mt19937_64 rng(20);
  int round = 0;
  for (std::size_t n : {1, 2, 3, 7, 999, 1000, 1001, 2503}) {
    for (std::size_t count : {1, 3, 1000}) {
      if (n > 1000 && count == 1) continue;  // the same paths as count 3, 2503 round trips slower
      const std::string stream = absl::StrCat("s", round++);
      REQUIRE(r.ensure_group(stream, "g").ok());
      REQUIRE(r.ensure_group(stream, "g").ok());  // an existing group is success
      auto entries = segcore_test::random_entries(rng, n);
      auto ids = r.add_batch(stream, entries);
      REQUIRE_MESSAGE(ids.ok(), ids.status().ToString());
      REQUIRE(ids->size() == n);
      auto got = read_all(r, stream, "c", count);
      REQUIRE(got.size() == n);
      for (std::size_t i = 0; i < n; ++i) {
        CHECK(got[i].id == (*ids)[i]);
        CHECK(!got[i].deleted);
        CHECK(segcore_test::same_fields(got[i].fields, entries[i]));
      }
      auto acked = r.ack(stream, "g", segcore_test::ids_of(got));
      REQUIRE(acked.ok());
      CHECK(*acked == n);
      // Acked: a new client of the same consumer gets nothing again; acking twice counts 0.
      RedisStreams again = segcore_test::client(server);
      CHECK(read_all(again, stream, "c", count).empty());
      CHECK(*r.ack(stream, "g", segcore_test::ids_of(got)) == 0);
    }
  }
}

TEST_CASE("redis streams: binary-safe names and values, empty values, values of 1 and 8 MiB") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams r = segcore_test::client(server);
  REQUIRE(r.ensure_group("bin", "g").ok());
  std::mt19937_64 rng(7);
  std::string nul_crlf("a\0b\r\n$3\r\n*1\r\n", 13);
  std::vector<Fields> entries = {
      {{nul_crlf, nul_crlf}, {"", ""}},
      {{"big", segcore_test::random_bytes(rng, 0) + std::string(1 << 20, '\xff')}},
      {{"huge", std::string(8 << 20, '\0')}, {"after", "x"}},
  };
  for (int i = 0; i < 20; ++i)
    entries.push_back({{segcore_test::random_bytes(rng, 40), segcore_test::random_bytes(rng, 5000)}});
  auto first = r.add("bin", entries[0]);
  REQUIRE(first.ok());
  auto rest = r.add_batch("bin", std::vector<Fields>(entries.begin() + 1, entries.end()));
  REQUIRE(rest.ok());
  auto got = read_all(r, "bin", "c", 7);
  REQUIRE(got.size() == entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) CHECK(segcore_test::same_fields(got[i].fields, entries[i]));
}

TEST_CASE("redis streams: a consumer that dies without acking gets its entries again, then new ones") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  std::mt19937_64 rng(3);
  auto entries = segcore_test::random_entries(rng, 120);
  std::vector<std::string> ids;
  {
    RedisStreams first = segcore_test::client(server);
    REQUIRE(first.ensure_group("ev", "g", GroupStart::kBeginning).ok());
    ids = *first.add_batch("ev", entries);
    auto batch = first.read_group("ev", "g", "worker-1", 50, 0);
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 50);
    std::vector<std::string> some(ids.begin(), ids.begin() + 20);
    CHECK(*first.ack("ev", "g", some) == 20);
    // Another consumer of the group never sees worker-1's pending entries.
    auto other = read_all(first, "ev", "worker-2", 1000);
    REQUIRE(other.size() == 70);
    CHECK(other.front().id == ids[50]);
    CHECK(*first.ack("ev", "g", segcore_test::ids_of(other)) == 70);
  }  // worker-1 "dies" with 30 entries unacked
  for (std::size_t count : {1, 7, 30, 1000}) {
    RedisStreams restarted = segcore_test::client(server);
    auto again = read_all(restarted, "ev", "worker-1", count);
    REQUIRE(again.size() == 30);
    for (std::size_t i = 0; i < 30; ++i) {
      CHECK(again[i].id == ids[20 + i]);
      CHECK(segcore_test::same_fields(again[i].fields, entries[20 + i]));
    }
  }
  // After the pending ones, new entries; acked, nothing is left for anyone.
  RedisStreams restarted = segcore_test::client(server);
  auto more = restarted.add_batch("ev", segcore_test::random_entries(rng, 5));
  REQUIRE(more.ok());
  auto got = read_all(restarted, "ev", "worker-1", 8);
  REQUIRE(got.size() == 35);
  CHECK(got[29].id == ids[49]);
  CHECK(got[30].id == (*more)[0]);
  CHECK(*restarted.ack("ev", "g", segcore_test::ids_of(got)) == 35);
  CHECK(read_all(restarted, "ev", "worker-1", 8).empty());
}

TEST_CASE("redis streams: a blocking read with nothing new is an empty batch after about block_ms") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams r = segcore_test::client(server);
  REQUIRE(r.ensure_group("quiet", "g").ok());
  auto t0 = std::chrono::steady_clock::now();
  auto batch = r.read_group("quiet", "g", "c", 10, 200);
  auto waited = std::chrono::steady_clock::now() - t0;
  REQUIRE_MESSAGE(batch.ok(), batch.status().ToString());
  CHECK(batch->empty());
  CHECK(waited >= std::chrono::milliseconds(190));
  CHECK(r.reconnects() == 0);
}

TEST_CASE("redis streams: a pending entry deleted from the stream comes back marked deleted, and can be acked") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams r = segcore_test::client(server);
  REQUIRE(r.ensure_group("del", "g").ok());
  auto ids = r.add_batch("del", {{{"k", "1"}}, {{"k", "2"}}, {{"k", "3"}}});
  REQUIRE(ids.ok());
  REQUIRE(r.read_group("del", "g", "c", 10, 0)->size() == 3);
  auto conn = segcore_stream::RedisConnection::connect("127.0.0.1", server.port(), std::chrono::seconds(5));
  REQUIRE(conn.ok());
  REQUIRE(conn->run("XDEL", {"XDEL", "del", (*ids)[1]}).ok());
  RedisStreams restarted = segcore_test::client(server);
  auto again = restarted.read_group("del", "g", "c", 10, 0);
  REQUIRE(again.ok());
  REQUIRE(again->size() == 3);
  CHECK(!(*again)[0].deleted);
  CHECK((*again)[1].deleted);
  CHECK((*again)[1].id == (*ids)[1]);
  CHECK((*again)[1].fields.empty());
  CHECK(*restarted.ack("del", "g", segcore_test::ids_of(*again)) == 3);
}

TEST_CASE("redis streams: bad arguments and server errors are statuses naming the call and the server") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams r = segcore_test::client(server);
  const std::string where = "127.0.0.1:" + std::to_string(server.port());
  CHECK(r.read_group("s", "g", "c", 0, 0).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(r.read_group("s", "g", "c", 1, -1).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(r.add("s", {}).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(r.add_batch("s", {{{"a", "b"}}, {}}).status().code() == absl::StatusCode::kInvalidArgument);
  auto nogroup = r.read_group("missing", "g", "c", 1, 0);
  CHECK(nogroup.status().code() == absl::StatusCode::kNotFound);
  CHECK(std::string(nogroup.status().message()).find(where) != std::string::npos);
  CHECK(std::string(nogroup.status().message()).find("NOGROUP") != std::string::npos);
  auto conn = segcore_stream::RedisConnection::connect("127.0.0.1", server.port(), std::chrono::seconds(5));
  REQUIRE(conn->run("SET", {"SET", "plain", "x"}).ok());
  CHECK(r.add("plain", {{"a", "b"}}).status().code() == absl::StatusCode::kFailedPrecondition);
  CHECK(r.ensure_group("plain", "g").code() == absl::StatusCode::kFailedPrecondition);
  REQUIRE(r.ensure_group("s", "g").ok());
  CHECK(r.ack("s", "g", {"not-an-id"}).status().code() == absl::StatusCode::kInvalidArgument);
  // Nothing listening: the address in the message.
  server.kill();
  auto refused = RedisStreams::connect("127.0.0.1", server.port(), std::chrono::seconds(1));
  CHECK(refused.status().code() == absl::StatusCode::kUnavailable);
  CHECK(std::string(refused.status().message()).find(where) != std::string::npos);
  CHECK(RedisStreams::connect("127.0.0.1", 0, std::chrono::seconds(1)).status().code() ==
        absl::StatusCode::kInvalidArgument);
}
