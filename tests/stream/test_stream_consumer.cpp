// The stream consumer: runs stopped at random points, checkpointed, restored and continued
// (with the messages since an earlier point delivered again) end with the uninterrupted run's
// store bytes and the same moves in the same order; malformed messages are dead-lettered.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "model/model_test_support.hpp"
#include "segcore/model_file.hpp"
#include "segcore/stream.hpp"
#include "stream/consumer_support.hpp"

using namespace segcore;

using namespace segcore_test::stream;

TEST_CASE("stream: runs stopped at random points and restored equal the uninterrupted run") {
  segcore_test::ScratchDir dir;
  std::atomic<bool> never{false};
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const auto msgs = messages(seed, 400 + seed * 97, static_cast<int>(4 + seed * 5));
    const std::string whole_path = dir.file(absl::StrCat("whole", seed).c_str());
    auto whole = StreamConsumer::create(options(whole_path));
    REQUIRE_MESSAGE(whole.ok(), whole.status().ToString());
    VectorSource src;
    src.all = &msgs;
    src.stop_at = msgs.size();
    VectorSink sink_a;
    REQUIRE(whole->run(src, sink_a, never).ok());
    CHECK(whole->counters().malformed == msgs.size() / 50);
    CHECK(src.acked.size() == msgs.size());
    std::size_t dead = 0, lifecycle = 0, loyal = 0;
    for (const auto& l : sink_a.lines) {
      dead += l.rfind("DEAD", 0) == 0;
      lifecycle += l.find(" lifecycle ") != std::string::npos;
      loyal += l.find(" loyal ") != std::string::npos;
    }
    CHECK(dead == msgs.size() / 50);
    CHECK(lifecycle > 5);
    CHECK(loyal > 0);

    std::mt19937_64 g(seed * 101);
    const std::string path = dir.file(absl::StrCat("cut", seed).c_str());
    VectorSink sink_b;
    std::size_t done = 0;
    while (done < msgs.size()) {
      const std::size_t cut = std::min(msgs.size(), done + 1 + g() % (msgs.size() / 3));
      auto c = StreamConsumer::create(options(path));
      REQUIRE_MESSAGE(c.ok(), c.status().ToString());
      VectorSource s;
      s.all = &msgs;
      s.next = done - std::min<std::size_t>(done, g() % 40);  // redelivered: already applied
      const std::size_t first = s.next;
      s.stop_at = cut;
      REQUIRE(c->run(s, sink_b, never).ok());
      CHECK(c->counters().skipped == done - first);
      done = cut;
    }
    CHECK(sink_b.lines == sink_a.lines);
    check_restored_equal(path, *whole, msgs.back().id);
  }
}

TEST_CASE("stream: a consumer killed after its checkpoint publishes moves again with the same ids, nothing else") {
  segcore_test::ScratchDir dir;
  std::atomic<bool> never{false};
  const auto msgs = messages(7, 700, 12);
  auto whole = StreamConsumer::create(options(dir.file("whole")));
  REQUIRE(whole.ok());
  VectorSource src;
  src.all = &msgs;
  src.stop_at = msgs.size();
  VectorSink sink_a;
  REQUIRE(whole->run(src, sink_a, never).ok());

  const std::string path = dir.file("killed");
  std::mt19937_64 g(77);
  VectorSink sink_b;
  std::size_t done = 0;
  int kills = 0;
  while (done < msgs.size()) {
    const std::size_t cut = std::min(msgs.size(), done + 1 + g() % 200);
    auto c = StreamConsumer::create(options(path));
    REQUIRE(c.ok());
    VectorSource s;
    s.all = &msgs;
    s.next = done;
    s.stop_at = cut;
    REQUIRE(c->run(s, sink_b, never).ok());  // ends with a checkpoint at cut
    if (cut < msgs.size()) {
      // Applied and published after the checkpoint, then killed: no checkpoint covers these.
      const std::size_t extra = std::min(msgs.size(), cut + 1 + g() % 60);
      std::vector<StreamMessage> more(msgs.begin() + static_cast<std::ptrdiff_t>(cut),
                                      msgs.begin() + static_cast<std::ptrdiff_t>(extra));
      REQUIRE(c->apply(more, s, sink_b).ok());
      REQUIRE(sink_b.flush().ok());
      ++kills;
    }
    done = cut;
  }
  CHECK(kills >= 3);
  std::vector<std::string> distinct;
  for (const std::string& l : sink_b.lines)
    if (std::find(distinct.begin(), distinct.end(), l) == distinct.end()) distinct.push_back(l);
  CHECK(sink_b.lines.size() > distinct.size());  // repeats happened
  CHECK(distinct == sink_a.lines);               // in order, once each after de-duplication
  auto last = StreamConsumer::create(options(path));
  REQUIRE(last.ok());
  CHECK(store_bytes(*last) == store_bytes(*whole));
}

TEST_CASE("stream: payloads in JSON and CSV give the same events; bad ones are dead-lettered with a reason") {
  std::atomic<bool> never{false};
  const std::vector<StreamMessage> json = {
      {"1",
       R"({"customer_id":"a\u00e9","timestamp":"2023-11-14T22:13:20Z","amount":10.5,"type":"purchase","order_id":"o1","event_id":"x"})"},
      {"2", R"({"customer_id":42,"timestamp":1700000100,"amount":-3,"type":"view","category":null})"},
      {"3", R"({"customer_id":"b","timestamp":1700000200,"amount":"lots"})"},
      {"4", R"({"customer_id":"b","timestamp":1700000200,"nested":{"x":1}})"},
      {"5", R"({"customer_id":"b"})"},
      {"6", R"({"customer_id":"b","timestamp":1700000300} trailing)"},
  };
  const std::vector<StreamMessage> csv = {
      {"1", "a\303\251,2023-11-14T22:13:20Z,10.5,purchase,o1,x"},  // the same customer id, in UTF-8
      {"2", "42,1700000100,-3,view,,"},
      {"3", "b,1700000200,lots,,,"},
      {"4", "b,1700000200"},
      {"5", ",1700000200,1,,,"},
      {"6", "\"b,1700000300,1,,,"},
  };
  auto run = [&](StreamOptions o, std::vector<StreamMessage> msgs) {
    o.lifecycle = false;
    auto c = StreamConsumer::create(std::move(o));
    REQUIRE_MESSAGE(c.ok(), c.status().ToString());
    VectorSource s;
    s.all = &msgs;
    s.stop_at = msgs.size();
    VectorSink sink;
    REQUIRE(c->run(s, sink, never).ok());
    CHECK(c->counters().events == 2);
    CHECK(c->counters().malformed == 4);
    return std::make_pair(model_to_bytes(c->store()).value(), sink.lines);
  };
  StreamOptions j;
  auto [store_j, lines_j] = run(j, json);
  for (const auto& l : lines_j) CHECK_MESSAGE(l.rfind("DEAD", 0) == 0, l);
  CHECK(lines_j[0] == "DEAD @3 field amount: 'lots' is not a finite number");
  CHECK(lines_j[1].find("nested value") != std::string::npos);
  CHECK(lines_j[2] == "DEAD @5 field timestamp is missing");
  CHECK(lines_j[3].find("text follows the object") != std::string::npos);
  StreamOptions c;
  c.format = PayloadFormat::csv;
  c.csv_header = "customer_id,timestamp,amount,type,order_id,event_id";
  auto [store_c, lines_c] = run(c, csv);
  CHECK(store_c == store_j);
  CHECK(lines_c[0] == "DEAD @3 field amount: 'lots' is not a finite number");
  CHECK(lines_c[1] == "DEAD @4 the line has 2 fields; the header has 6");
  CHECK(lines_c[2] == "DEAD @5 field customer_id: has no value (null or empty)");
  CHECK(lines_c[3] == "DEAD @6 an unterminated quoted field");
  c.csv_header = "customer_id,amount";
  CHECK(StreamConsumer::create(c).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("stream: source ids order as numbers, and move ids are stable") {
  CHECK(compare_source_ids("9", "10") < 0);
  CHECK(compare_source_ids("1700000000000-2", "1700000000000-10") < 0);
  CHECK(compare_source_ids("1700000000001-0", "1700000000000-10") > 0);
  CHECK(compare_source_ids("12", "12-0") == 0);
  CHECK(compare_source_ids("b", "a") > 0);
  CHECK(move_id("1-0", "ann", "loyal", "Loyal") == move_id("1-0", "ann", "loyal", "Loyal"));
  CHECK(move_id("1-0", "ann", "loyal", "Loyal") != move_id("1-0", "an", "nloyal", "Loyal"));
  CHECK(move_id("1-0", "ann", "loyal", "Loyal").size() == 16);
}

// The checkpoint interval runs from the end of a save. Counted from its start, a save slower
// than the interval (a large state, a busy disk) made every later batch save again: a stream
// of small batches then ran at one batch per save.
TEST_CASE("stream: a save slower than the checkpoint interval does not make every batch save") {
  segcore_test::ScratchDir dir;
  StreamOptions o;
  o.checkpoint_path = dir.file("slow.ckpt");
  o.checkpoint_every = 0;
  o.checkpoint_seconds = 0.001;
  o.lifecycle = false;
  auto consumer = StreamConsumer::create(o);
  REQUIRE_MESSAGE(consumer.ok(), consumer.status().ToString());
  std::vector<StreamMessage> all = large_state();
  for (int i = 0; i < 200; ++i)
    all.push_back({absl::StrCat(40001 + i),
                   absl::StrCat("{\"customer_id\":\"c", i, "\",\"timestamp\":", 1700040000 + i, ",\"amount\":1}")});
  VectorSource source;
  source.all = &all;
  source.stop_at = all.size();
  VectorSink sink;
  REQUIRE(consumer->apply(std::span(all).first(40000), source, sink).ok());
  const std::uint64_t after_first = consumer->counters().checkpoints;
  CHECK(after_first <= 1);  // the first save may still be in the writer's hands
  for (std::size_t i = 40000; i < all.size(); ++i)
    REQUIRE(consumer->apply(std::span(all).subspan(i, 1), source, sink).ok());
  // Each single-message batch takes microseconds: a few intervals pass between saves at most.
  CHECK(consumer->counters().checkpoints - after_first < 100);
}

// Moves leave with their batch: a sink that sends only on flush (the Redis sink) used to hold
// them until the next checkpoint, a second at the default interval, which bounded the latency
// from an event to its move.
TEST_CASE("stream: a batch's moves and dead letters are flushed with the batch, not at the next checkpoint") {
  segcore_test::ScratchDir dir;
  StreamOptions o = options(dir.file("flush.ckpt"));
  o.checkpoint_every = 1000000;
  o.checkpoint_seconds = 3600;
  auto consumer = StreamConsumer::create(o);
  REQUIRE(consumer.ok());
  const auto msgs = messages(11, 300, 6);
  VectorSource source;
  source.all = &msgs;
  source.stop_at = msgs.size();
  VectorSink sink;
  std::size_t lines_before = 0;
  for (std::size_t at = 0; at < msgs.size(); at += 17) {
    const std::size_t n = std::min<std::size_t>(17, msgs.size() - at);
    REQUIRE(consumer->apply(std::span(msgs).subspan(at, n), source, sink).ok());
    CHECK(sink.published.empty());  // nothing waits for a checkpoint
    lines_before = sink.lines.size();
  }
  CHECK(lines_before > 0);
  CHECK(consumer->counters().checkpoints == 0);
  CHECK(source.acked.empty());  // acknowledged only by a checkpoint, as before
}

// A save slower than a quarter of the interval spaces the next one by four times its length,
// so saves of a large state take at most about a fifth of the time (plus the last save).
TEST_CASE("stream: saves of a large state take a bounded share of the time") {
  segcore_test::ScratchDir dir;
  StreamOptions o;
  o.checkpoint_path = dir.file("share.ckpt");
  o.checkpoint_every = 0;
  o.checkpoint_seconds = 0.001;
  o.lifecycle = false;
  auto consumer = StreamConsumer::create(o);
  REQUIRE(consumer.ok());
  std::vector<StreamMessage> all = large_state();
  VectorSource source;
  source.all = &all;
  source.stop_at = all.size();
  VectorSink sink;
  REQUIRE(consumer->apply(all, source, sink).ok());
  const auto start = std::chrono::steady_clock::now();
  const auto saving_before = consumer->counters().saving;
  std::uint64_t next = all.size() + 1;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(600)) {
    const std::vector<StreamMessage> one = {
        {absl::StrCat(next), absl::StrCat("{\"customer_id\":\"c1\",\"timestamp\":", 1700040000 + next, "}")}};
    ++next;
    REQUIRE(consumer->apply(one, source, sink).ok());
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double saving = std::chrono::duration<double>(consumer->counters().saving - saving_before).count();
  CAPTURE(consumer->counters().checkpoints);
  CAPTURE(saving);
  CAPTURE(elapsed);
  // Before, a save followed every millisecond of work: saving took over 90% of the time.
  CHECK(saving < 0.5 * elapsed);
}
