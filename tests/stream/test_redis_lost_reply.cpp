// Replies lost in transit (a proxy drops the connection after the server ran the command):
// a read's entries are handed out once, in order; a pipeline resends only what had no reply.
#include <doctest/doctest.h>

#include <map>

#include "redis_fixture.hpp"
#include "reply_dropping_proxy.hpp"

using segcore_stream::RedisStreams;
using segcore_test::RedisServer;

TEST_CASE("redis streams: entries of a read whose reply was lost are handed out once, in order, none skipped") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams direct = segcore_test::client(server);
  std::mt19937_64 rng(6);
  for (std::size_t count : {1, 7, 30}) {
    const std::string stream = absl::StrCat("lost", count);
    segcore_test::ReplyDroppingProxy proxy(server.port());
    auto via = RedisStreams::connect("127.0.0.1", proxy.port(), std::chrono::seconds(5));
    REQUIRE(via.ok());
    REQUIRE(direct.ensure_group(stream, "g").ok());
    auto ids = direct.add_batch(stream, segcore_test::random_entries(rng, 100));
    REQUIRE(ids.ok());
    std::vector<std::string> seen;
    for (int round = 0;; ++round) {
      if (round == 2) proxy.arm();  // the third read's reply is lost
      auto batch = via->read_group(stream, "g", "c", count, 0);
      REQUIRE_MESSAGE(batch.ok(), batch.status().ToString());
      if (batch->empty()) break;
      for (const auto& e : *batch) seen.push_back(e.id);
    }
    CHECK(proxy.dropped() == 1);
    CHECK(via->reconnects() == 1);
    CHECK(seen == *ids);
  }
}

TEST_CASE("redis streams: a pipeline cut after the server ran it resends only the commands without a reply") {
  SKIP_WITHOUT_REDIS();
  RedisServer server;
  RedisStreams direct = segcore_test::client(server);
  std::mt19937_64 rng(8);
  for (int n : {2, 3, 17, 1000}) {
    const std::string stream = absl::StrCat("cut", n);
    segcore_test::ReplyDroppingProxy proxy(server.port());
    auto via = RedisStreams::connect("127.0.0.1", proxy.port(), std::chrono::seconds(5));
    REQUIRE(via.ok());
    auto entries = segcore_test::random_entries(rng, static_cast<std::size_t>(n));
    proxy.arm_cut(n);
    auto ids = via->add_batch(stream, entries);
    REQUIRE_MESSAGE(ids.ok(), ids.status().ToString());
    REQUIRE(proxy.dropped() == 1);
    const int passed = proxy.replies_passed();
    CHECK(passed < n);
    // The server ran all n; the n - passed without a reply ran again; nothing else.
    CHECK(*direct.length(stream) == static_cast<std::size_t>(2 * n - passed));
    REQUIRE(ids->size() == entries.size());
    REQUIRE(direct.ensure_group(stream, "g", segcore_stream::GroupStart::kBeginning).ok());
    auto all = direct.read_group(stream, "g", "c", 5000, 0);
    REQUIRE(all.ok());
    std::map<std::string, const segcore_stream::Fields*> by_id;
    for (const auto& e : *all) by_id[e.id] = &e.fields;
    for (std::size_t i = 0; i < ids->size(); ++i) {
      REQUIRE(by_id.count((*ids)[i]) == 1);
      CHECK(segcore_test::same_fields(*by_id[(*ids)[i]], entries[i]));
    }
  }
}
