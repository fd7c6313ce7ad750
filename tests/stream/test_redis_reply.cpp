// Replies of the wrong shape, built by hand and sent by a fake server: each is an error status
// naming what was expected and found, never a crash or entries made up.
#include <doctest/doctest.h>

#include <atomic>
#include <deque>

#include "redis_fixture.hpp"
#include "support/loopback_server.hpp"

using segcore_stream::parse_read_reply;

namespace {

// Owns hand-built replies (hiredis' struct, filled as its reader would).
struct Replies {
  std::deque<redisReply> nodes;
  std::deque<std::vector<redisReply*>> children;
  std::deque<std::string> texts;
  redisReply* make(int type) {
    nodes.push_back(redisReply{});
    nodes.back().type = type;
    return &nodes.back();
  }
  redisReply* str(std::string s, int type = REDIS_REPLY_STRING) {
    redisReply* r = make(type);
    texts.push_back(std::move(s));
    r->str = texts.back().data();
    r->len = texts.back().size();
    return r;
  }
  redisReply* integer(long long v) {
    redisReply* r = make(REDIS_REPLY_INTEGER);
    r->integer = v;
    return r;
  }
  redisReply* nil() { return make(REDIS_REPLY_NIL); }
  redisReply* array(std::vector<redisReply*> items) {
    redisReply* r = make(REDIS_REPLY_ARRAY);
    children.push_back(std::move(items));
    r->elements = children.back().size();
    r->element = children.back().data();
    return r;
  }
  // [[stream, [entries...]]]
  redisReply* read_reply(std::vector<redisReply*> entries, std::string stream = "s") {
    return array({array({str(std::move(stream)), array(std::move(entries))})});
  }
  redisReply* entry(std::string id, std::vector<std::string> kv) {
    std::vector<redisReply*> items;
    for (auto& x : kv) items.push_back(str(std::move(x)));
    return array({str(std::move(id)), array(std::move(items))});
  }
};

absl::StatusCode code_of(const redisReply* r) { return parse_read_reply("read", r, "s").status().code(); }

}  // namespace

TEST_CASE("redis reply: well-formed replies parse; nil is an empty batch; a nil entry is a deleted one") {
  Replies b;
  auto ok = parse_read_reply("read", b.read_reply({b.entry("1-0", {"a", "1", "b", "2"}), b.entry("2-0", {})}), "s");
  REQUIRE(ok.ok());
  REQUIRE(ok->size() == 2);
  CHECK((*ok)[0].fields.size() == 2);
  CHECK((*ok)[0].fields[1].value == "2");
  CHECK(parse_read_reply("read", b.nil(), "s")->empty());
  CHECK(parse_read_reply("read", b.array({}), "s")->empty());
  auto deleted = parse_read_reply("read", b.read_reply({b.array({b.str("3-0"), b.nil()})}), "s");
  REQUIRE(deleted.ok());
  CHECK((*deleted)[0].deleted);
}

TEST_CASE("redis reply: every wrong shape is kInternal, a server error its own code") {
  Replies b;
  CHECK(code_of(nullptr) == absl::StatusCode::kInternal);
  CHECK(code_of(b.str("OK", REDIS_REPLY_STATUS)) == absl::StatusCode::kInternal);
  CHECK(code_of(b.integer(3)) == absl::StatusCode::kInternal);
  CHECK(code_of(b.str("a string")) == absl::StatusCode::kInternal);
  CHECK(code_of(b.array({b.nil()})) == absl::StatusCode::kInternal);                // stream not an array
  CHECK(code_of(b.array({b.array({b.str("s")})})) == absl::StatusCode::kInternal);  // no entry list
  CHECK(code_of(b.array({b.array({b.integer(1), b.array({})})})) == absl::StatusCode::kInternal);  // name
  CHECK(code_of(b.read_reply({}, "other")) == absl::StatusCode::kInternal);                        // another stream
  CHECK(code_of(b.read_reply({b.nil()})) == absl::StatusCode::kInternal);                          // entry nil
  CHECK(code_of(b.read_reply({b.array({b.str("1-0")})})) == absl::StatusCode::kInternal);          // no fields
  CHECK(code_of(b.read_reply({b.array({b.integer(1), b.array({})})})) == absl::StatusCode::kInternal);  // id
  CHECK(code_of(b.read_reply({b.entry("1-0", {"odd"})})) == absl::StatusCode::kInternal);               // odd fields
  CHECK(code_of(b.read_reply({b.array({b.str("1-0"), b.array({b.str("a"), b.integer(1)})})})) ==
        absl::StatusCode::kInternal);  // value not a string
  CHECK(code_of(b.read_reply({b.array({b.str("1-0"), b.str("a")})})) == absl::StatusCode::kInternal);
  redisReply* holes = b.make(REDIS_REPLY_ARRAY);  // elements without the array
  holes->elements = 3;
  CHECK(code_of(holes) == absl::StatusCode::kInternal);
  auto msg =
      std::string(parse_read_reply("read_group(s)", b.read_reply({b.entry("7-1", {"odd"})}), "s").status().message());
  CHECK(msg.find("read_group(s): entry 0 (7-1)") != std::string::npos);
  CHECK(msg.find("expected an array of field names and values, got an array of 1") != std::string::npos);
  CHECK(code_of(b.str("OOM command not allowed", REDIS_REPLY_ERROR)) == absl::StatusCode::kResourceExhausted);
  CHECK(code_of(b.str("NOGROUP no such group", REDIS_REPLY_ERROR)) == absl::StatusCode::kNotFound);
  CHECK(code_of(b.str("LOADING loading", REDIS_REPLY_ERROR)) == absl::StatusCode::kUnavailable);
}

namespace {

// A "server" on a loopback port that answers every command with the same bytes.
class FakeServer {
 public:
  explicit FakeServer(std::string answer)
      : answer_(std::move(answer)), listener_([this](int client) {
          char buf[4096];
          while (read(client, buf, sizeof buf) > 0)
            if (write(client, answer_.data(), answer_.size()) < 0) break;
        }) {}
  int port() const { return listener_.port(); }

 private:
  std::string answer_;
  segcore_test::LoopbackServer listener_;
};

}  // namespace

TEST_CASE("redis reply: a server answering the wrong thing gives statuses, not entries") {
  const segcore_stream::RetryPolicy quick{2, std::chrono::milliseconds(5), std::chrono::milliseconds(5)};
  {
    FakeServer ok("+OK\r\n");  // a status to every command
    auto r = segcore_stream::RedisStreams::connect("127.0.0.1", ok.port(), std::chrono::seconds(2), quick);
    REQUIRE(r.ok());
    auto read = r->read_group("s", "g", "c", 10, 0);
    CHECK(read.status().code() == absl::StatusCode::kInternal);
    CHECK(std::string(read.status().message()).find("got a status 'OK'") != std::string::npos);
    CHECK(r->add("s", {{"a", "b"}}).status().code() == absl::StatusCode::kInternal);
    CHECK(r->ack("s", "g", {"1-0"}).status().code() == absl::StatusCode::kInternal);
    CHECK(r->length("s").status().code() == absl::StatusCode::kInternal);
    CHECK(r->ensure_group("s", "g").ok());  // +OK is XGROUP CREATE's answer
  }
  {
    FakeServer garbage("?garbage\r\n");  // not the protocol: the connection is dropped and retried
    auto r = segcore_stream::RedisStreams::connect("127.0.0.1", garbage.port(), std::chrono::seconds(2), quick);
    REQUIRE(r.ok());
    auto read = r->read_group("s", "g", "c", 10, 0);
    CHECK(read.status().code() == absl::StatusCode::kUnavailable);
    CHECK(std::string(read.status().message()).find("Protocol error") != std::string::npos);
    CHECK(r->add_batch("s", {{{"a", "b"}}, {{"c", "d"}}}).status().code() == absl::StatusCode::kUnavailable);
  }
  {
    FakeServer negative(":-5\r\n");  // an integer where a count cannot be negative
    auto r = segcore_stream::RedisStreams::connect("127.0.0.1", negative.port(), std::chrono::seconds(2), quick);
    REQUIRE(r.ok());
    CHECK(r->ack("s", "g", {"1-0"}).status().code() == absl::StatusCode::kInternal);
    CHECK(r->length("s").status().code() == absl::StatusCode::kInternal);
  }
}

TEST_CASE("redis reply: a pipeline whose first command is refused as LOADING resends that command alone") {
  // The server refuses the first XADD it gets and runs every other: as a restarted server does
  // when it finishes loading its data in the middle of a pipeline.
  std::atomic<int> xadds{0};
  segcore_test::LoopbackServer server([&](int client) {
    std::string seen;
    char buf[4096];
    for (ssize_t n; (n = read(client, buf, sizeof buf)) > 0;) {
      seen.append(buf, static_cast<std::size_t>(n));
      std::string answer;
      for (std::size_t p; (p = seen.find("$4\r\nXADD\r\n")) != std::string::npos; seen.erase(0, p + 10)) {
        const int k = xadds++;
        answer += k == 0 ? "-LOADING Redis is loading the dataset in memory\r\n"
                         : absl::StrCat("$", absl::StrCat(k, "-0").size(), "\r\n", k, "-0\r\n");
      }
      if (write(client, answer.data(), answer.size()) < 0) return;
    }
  });
  for (std::size_t n : {1, 2, 10}) {
    xadds = 0;
    auto r = segcore_stream::RedisStreams::connect("127.0.0.1", server.port(), std::chrono::seconds(2));
    REQUIRE(r.ok());
    std::vector<segcore_stream::Fields> entries(n, segcore_stream::Fields{{"k", "v"}});
    auto ids = r->add_batch("s", entries);
    REQUIRE_MESSAGE(ids.ok(), ids.status().ToString());
    CHECK(xadds == static_cast<int>(n) + 1);
    REQUIRE(ids->size() == n);
    CHECK(ids->front() == absl::StrCat(n, "-0"));  // the refused one, run last
    for (std::size_t i = 1; i < n; ++i) CHECK((*ids)[i] == absl::StrCat(i, "-0"));
  }
}
