// The stream consumer's checkpoint writer thread: a save in flight does not stop the loop;
// input is acknowledged only once the checkpoint covering it is in place; a failed write
// reaches the caller; runs killed with saves in flight and restored end with the uninterrupted
// run's store bytes and moves.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/model_test_support.hpp"
#include "segcore/checkpoint.hpp"
#include "segcore/model_file.hpp"
#include "segcore/stream.hpp"
#include "stream/checkpoint_writer.hpp"
#include "stream/consumer_support.hpp"

using namespace segcore;
using segcore::stream_detail::CheckpointWriter;

namespace {

using namespace segcore_test::stream;

// Installs a writer hook for one test and removes it after.
struct HookGuard {
  explicit HookGuard(std::function<Status()> hook) { CheckpointWriter::set_test_hook(std::move(hook)); }
  ~HookGuard() { CheckpointWriter::set_test_hook(nullptr); }
};

// A hook that holds each write until released.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  int entered = 0;
  Status pass() {
    std::unique_lock<std::mutex> lock(mu);
    ++entered;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
    return absl::OkStatus();
  }
  void wait_entered(int n) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return entered >= n; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu);
    open = true;
    cv.notify_all();
  }
};

// A source whose every acknowledgement is checked against the checkpoint file: no id acked
// may be after the position of the checkpoint in place at that moment.
struct CheckedSource final : EventSource {
  VectorSource inner;
  std::string path;
  int acks = 0, ahead = 0;
  Status read(std::size_t max, std::chrono::milliseconds t, std::vector<StreamMessage>& out) override {
    return inner.read(max, t, out);
  }
  Status ack(std::span<const std::string> ids) override {
    ++acks;
    auto c = load_checkpoint(path);
    if (!c.ok()) return c.status();
    for (const std::string& id : ids) ahead += compare_source_ids(id, c->position) > 0;
    return inner.ack(ids);
  }
};

// The index after the last acknowledged message (where a broker redelivers from).
std::size_t first_unacked(const std::vector<StreamMessage>& msgs, const std::vector<std::string>& acked) {
  if (acked.empty()) return 0;
  for (std::size_t i = 0; i < msgs.size(); ++i)
    if (msgs[i].id == acked.back()) return i + 1;
  return 0;
}

std::vector<std::string> distinct_in_order(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const std::string& l : lines)
    if (std::find(out.begin(), out.end(), l) == out.end()) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("stream writer: a save in flight does not stop the loop, and its input is acked once it is in place") {
  segcore_test::ScratchDir dir;
  const std::string path = dir.file("held.ckpt");
  Gate gate;
  HookGuard hook([&] { return gate.pass(); });
  StreamOptions o = options(path);
  o.checkpoint_every = 40;
  auto c = StreamConsumer::create(o);
  REQUIRE(c.ok());
  const auto msgs = messages(21, 600, 9);
  VectorSource src = source_over(msgs, msgs.size());
  VectorSink sink;
  REQUIRE(c->apply(std::span(msgs).first(40), src, sink).ok());  // a save is due: it starts
  const std::string covered = c->position();
  gate.wait_entered(1);
  // The writer is held: the loop goes on, its moves leave, nothing is acknowledged.
  const std::size_t lines_before = sink.lines.size();
  for (std::size_t at = 40; at < 400; at += 17)
    REQUIRE(c->apply(std::span(msgs).subspan(at, std::min<std::size_t>(17, 400 - at)), src, sink).ok());
  CHECK(sink.lines.size() > lines_before);
  CHECK(sink.published.empty());
  CHECK(src.acked.empty());
  CHECK(!std::filesystem::exists(path));
  CHECK(c->counters().checkpoints == 0);
  CHECK(c->counters().events > 300);
  gate.release();
  // The next calls take the writer's result: exactly the first 40 ids are acknowledged, and
  // the file holds the state as it was when the save began.
  for (int k = 0; k < 2000 && src.acked.empty(); ++k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(c->apply({}, src, sink).ok());
  }
  REQUIRE(src.acked.size() == 40);
  CHECK(src.acked.back() == covered);
  auto saved = load_checkpoint(path);
  REQUIRE(saved.ok());
  CHECK(saved->position == covered);

  // The same state as a consumer that applied the first 40 only.
  StreamOptions o40 = options(dir.file("forty.ckpt"));
  auto forty = StreamConsumer::create(o40);
  REQUIRE(forty.ok());
  VectorSource s40 = source_over(msgs, 40);
  std::atomic<bool> never{false};
  VectorSink sink40;
  REQUIRE(forty->run(s40, sink40, never).ok());
  CHECK(model_to_bytes(*saved->store).value() == store_bytes(*forty));
}

TEST_CASE("stream writer: acknowledgements never run ahead of the checkpoint in place") {
  segcore_test::ScratchDir dir;
  std::atomic<bool> never{false};
  for (std::uint64_t seed : {31u, 32u, 33u}) {
    std::mt19937_64 g(seed);
    std::mutex g_mu;
    // Writes of random length: saves overlap batches, some by many.
    HookGuard hook([&] {
      std::uint64_t us;
      {
        std::lock_guard<std::mutex> lock(g_mu);
        us = g() % 3000;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(us));
      return absl::OkStatus();
    });
    const auto msgs = messages(seed, 900, 11);
    CheckedSource src;
    src.path = dir.file(absl::StrCat("acks", seed).c_str());
    src.inner.all = &msgs;
    src.inner.stop_at = msgs.size();
    StreamOptions o = options(src.path);
    o.checkpoint_every = 5 + seed % 7;
    o.batch = 3 + seed % 5;
    auto c = StreamConsumer::create(o);
    REQUIRE(c.ok());
    VectorSink sink;
    std::vector<StreamMessage> batch;
    while (src.read(o.batch, std::chrono::milliseconds(0), batch).ok()) {
      REQUIRE(c->apply(batch, src, sink).ok());
      CHECK(src.ahead == 0);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // events keep arriving
    }
    REQUIRE(c->checkpoint(src, sink).ok());
    CHECK(src.ahead == 0);
    CHECK(src.acks >= 2);  // at least one while the stream ran, then the final one
    CHECK(src.inner.acked.size() == msgs.size());
  }
}

TEST_CASE("stream writer: runs killed with saves in flight and restored equal the uninterrupted run") {
  segcore_test::ScratchDir dir;
  std::atomic<bool> never{false};
  for (std::uint64_t seed : {41u, 42u, 43u, 44u}) {
    const auto msgs = messages(seed, 700 + seed * 13, static_cast<int>(5 + seed % 9));
    VectorSink sink_a;
    const StreamConsumer whole = run_whole(msgs, dir.file(absl::StrCat("whole", seed).c_str()), sink_a);

    std::mt19937_64 g(seed * 7);
    std::atomic<bool> fail_writes{false};
    std::atomic<int> write_us{0};
    std::atomic<std::uint64_t> started{0};  // saves begun by this run
    HookGuard hook([&]() -> Status {
      ++started;
      std::this_thread::sleep_for(std::chrono::microseconds(write_us.load()));
      // A kill before the rename: the previous checkpoint stays.
      if (fail_writes.load()) return absl::AbortedError("killed before the rename");
      return absl::OkStatus();
    });
    const std::string path = dir.file(absl::StrCat("killed", seed).c_str());
    StreamOptions o = options(path);
    o.checkpoint_every = 4 + g() % 30;
    VectorSink sink_b;
    std::size_t from = 0, high = 0;  // the first unacknowledged message; the first never delivered
    int kills = 0;
    for (;;) {
      fail_writes = false;
      write_us = static_cast<int>(g() % 1000);
      started = 0;
      auto c = StreamConsumer::create(o);
      REQUIRE_MESSAGE(c.ok(), c.status().ToString());
      high = std::min(msgs.size(), high + 1 + g() % 250);  // new messages up to here
      VectorSource s = source_over(msgs, high, from);      // and again what was not acknowledged
      std::vector<StreamMessage> batch;
      while (s.read(o.batch, std::chrono::milliseconds(0), batch).ok()) {
        REQUIRE(c->apply(batch, s, sink_b).ok());
        std::this_thread::sleep_for(std::chrono::microseconds(200));  // events keep arriving
      }
      if (high == msgs.size()) {
        REQUIRE(c->checkpoint(s, sink_b).ok());
        break;
      }
      // Half the runs are killed once their last save is in place and acknowledged (so the
      // stream advances); the others with a save in flight that lands or not.
      if (g() % 2 == 0)
        while (c->counters().checkpoints < started.load()) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          REQUIRE(c->apply({}, s, sink_b).ok());
        }
      // Killed: nothing more is acknowledged.
      fail_writes = g() % 2 == 0;
      const std::size_t acked = s.acked.size();
      c = absl::InternalError("killed");
      CHECK(s.acked.size() == acked);
      from = std::max(from, first_unacked(msgs, s.acked));
      ++kills;
      REQUIRE(kills < 400);  // each run acknowledges something now and then: the stream advances
    }
    CHECK(kills >= 2);
    CHECK(distinct_in_order(sink_b.lines) == sink_a.lines);
    check_restored_equal(path, whole, msgs.back().id);
  }
}

TEST_CASE("stream writer: a failed write reaches the caller and acknowledges nothing it would have covered") {
  segcore_test::ScratchDir dir;
  std::atomic<bool> never{false};
  const auto msgs = messages(51, 400, 8);
  SUBCASE("the checkpoint path has become a folder") {
    const std::string path = dir.file("taken.ckpt");
    StreamOptions o = options(path);
    o.checkpoint_every = 100;
    auto c = StreamConsumer::create(o);
    REQUIRE(c.ok());
    VectorSource src = source_over(msgs, 100);
    VectorSink sink;
    REQUIRE(c->run(src, sink, never).ok());
    REQUIRE(src.acked.size() == 100);
    std::filesystem::remove(path);
    std::filesystem::create_directory(path);  // a save now fails (not a regular file)
    src.stop_at = msgs.size();
    const Status st = c->run(src, sink, never);
    CHECK(!st.ok());
    CHECK_MESSAGE(st.message().find(path) != std::string::npos, st.ToString());
    CHECK(src.acked.size() == 100);
  }
  SUBCASE("an injected write error surfaces from a later apply, then from checkpoint") {
    const std::string path = dir.file("faulty.ckpt");
    int writes = 0;
    HookGuard hook([&]() -> Status {
      if (++writes == 2) return absl::DataLossError("injected write error");
      return absl::OkStatus();
    });
    StreamOptions o = options(path);
    o.checkpoint_every = 30;
    auto c = StreamConsumer::create(o);
    REQUIRE(c.ok());
    VectorSource src = source_over(msgs, msgs.size());
    VectorSink sink;
    Status st;
    std::vector<StreamMessage> batch;
    while (st.ok() && src.read(10, std::chrono::milliseconds(0), batch).ok()) {
      st = c->apply(batch, src, sink);
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    CHECK(st.code() == absl::StatusCode::kDataLoss);
    CHECK(src.acked.size() == 30);  // the first save's only
    auto saved = load_checkpoint(path);
    REQUIRE(saved.ok());
    CHECK(saved->position == msgs[29].id);
  }
}

TEST_CASE("stream writer: a stop with a save in flight waits for it, then saves the final checkpoint") {
  segcore_test::ScratchDir dir;
  const std::string path = dir.file("stop.ckpt");
  HookGuard hook([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    return absl::OkStatus();
  });
  const auto msgs = messages(61, 300, 7);
  // Stops the loop after the read that follows the first save's start.
  struct StoppingSource final : EventSource {
    VectorSource inner;
    std::atomic<bool>* stop = nullptr;
    int reads = 0;
    Status read(std::size_t max, std::chrono::milliseconds t, std::vector<StreamMessage>& out) override {
      if (++reads == 4) stop->store(true);
      return inner.read(max, t, out);
    }
    Status ack(std::span<const std::string> ids) override { return inner.ack(ids); }
  };
  std::atomic<bool> stop{false};
  StoppingSource src;
  src.stop = &stop;
  src.inner.all = &msgs;
  src.inner.stop_at = msgs.size();
  StreamOptions o = options(path);
  o.checkpoint_every = 40;
  o.batch = 17;
  auto c = StreamConsumer::create(o);
  REQUIRE(c.ok());
  VectorSink sink;
  REQUIRE(c->run(src, sink, stop).ok());
  CHECK(c->counters().checkpoints == 2);  // the one in flight, then the final one
  CHECK(src.inner.acked.size() == 4 * 17);
  auto saved = load_checkpoint(path);
  REQUIRE(saved.ok());
  CHECK(saved->position == msgs[4 * 17 - 1].id);
}
