// Sources, sinks and message streams shared by the stream consumer's tests.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "segcore/model_file.hpp"
#include "segcore/stream.hpp"
#include "support/random_stream.hpp"

namespace segcore_test::stream {

using namespace segcore;

// Messages served from a vector from a cursor; acks recorded.
struct VectorSource final : EventSource {
  const std::vector<StreamMessage>* all;
  std::size_t next = 0, stop_at = 0;
  std::vector<std::string> acked;
  Status read(std::size_t max, std::chrono::milliseconds, std::vector<StreamMessage>& out) override {
    out.clear();
    if (next >= stop_at) return absl::OutOfRangeError("end");
    while (out.size() < max && next < stop_at) out.push_back((*all)[next++]);
    return absl::OkStatus();
  }
  Status ack(std::span<const std::string> ids) override {
    acked.insert(acked.end(), ids.begin(), ids.end());
    return absl::OkStatus();
  }
};

struct VectorSink final : MoveSink {
  std::vector<std::string> lines, published;  // flushed, and published but not yet flushed
  Status publish(std::span<const MoveRecord> moves) override {
    for (const MoveRecord& m : moves)
      published.push_back(absl::StrCat(m.move_id, " ", m.customer, " ", m.from.value_or("-"), ">", m.to, " ", m.trigger,
                                       " ", m.event_id, " @", m.source_id, " t", m.timestamp));
    return absl::OkStatus();
  }
  Status dead_letter(const StreamMessage& m, absl::string_view reason) override {
    published.push_back(absl::StrCat("DEAD @", m.id, " ", reason));
    return absl::OkStatus();
  }
  Status flush() override {
    lines.insert(lines.end(), published.begin(), published.end());
    published.clear();
    return absl::OkStatus();
  }
};

inline const char* kTriggers =
    "trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days\n"
    "trigger browsing to Browser: count(type = 'view' and category = 'shoes') > 3 within 7 days\n"
    "   without (type = 'purchase')\n";

// JSON lines of a random stream with late events; ISO times for a third, every 50th line broken.
inline std::vector<StreamMessage> messages(std::uint64_t seed, std::size_t n, int customers) {
  std::mt19937_64 g(seed);
  auto evs = segcore_test::random_stream(g, n, customers, true);
  std::vector<StreamMessage> out;
  for (std::size_t i = 0; i < evs.size(); ++i) {
    const auto& e = evs[i];
    std::string ts = i % 3 == 0
                         ? absl::FormatTime("\"%Y-%m-%dT%H:%M:%SZ\"", absl::FromUnixSeconds(e.t), absl::UTCTimeZone())
                         : absl::StrCat(e.t);
    std::string p = absl::StrCat(
        "{\"customer_id\":\"", e.customer, "\",\"timestamp\":", ts, ",\"amount\":", e.amount, ",\"type\":\"", e.type,
        "\"", e.category ? absl::StrCat(",\"category\":\"", *e.category, "\"") : "",
        e.order.empty() ? "" : absl::StrCat(",\"order_id\":\"", e.order, "\""), ",\"event_id\":\"ev", i, "\"}");
    if (i % 50 == 49) p = absl::StrCat("{\"customer_id\":\"", e.customer, "\",\"amount\":1}");  // no timestamp
    out.push_back({absl::StrCat(1700000000000 + i * 7, "-", i % 3), std::move(p)});
  }
  return out;
}

inline StreamOptions options(const std::string& path) {
  StreamOptions o;
  o.checkpoint_path = path;
  o.checkpoint_every = 0;  // checkpoints only where the test asks
  o.checkpoint_seconds = 0;
  o.segment_every = 13;
  o.batch = 17;
  o.triggers_text = kTriggers;
  o.rules_text = "mode exclusive\nsegment Big: monetary > 60\nsegment Repeat: frequency >= 2\n";
  return o;
}

// 40,000 customers with an order each: a state whose save takes well over a millisecond.
inline std::vector<StreamMessage> large_state() {
  std::vector<StreamMessage> all;
  for (int i = 0; i < 40000; ++i)
    all.push_back({absl::StrCat(i + 1), absl::StrCat("{\"customer_id\":\"c", i, "\",\"timestamp\":", 1700000000 + i,
                                                     ",\"amount\":5,\"order_id\":\"o", i, "\"}")});
  return all;
}

// A source serving msgs[next, stop_at).
inline VectorSource source_over(const std::vector<StreamMessage>& msgs, std::size_t stop_at, std::size_t next = 0) {
  VectorSource s;
  s.all = &msgs;
  s.next = next;
  s.stop_at = stop_at;
  return s;
}

inline std::vector<std::uint8_t> store_bytes(const StreamConsumer& c) { return model_to_bytes(c.store()).value(); }

// The consumer after an uninterrupted run over msgs (checkpoint at path), its output in sink.
inline StreamConsumer run_whole(const std::vector<StreamMessage>& msgs, const std::string& path, VectorSink& sink) {
  auto whole = StreamConsumer::create(options(path));
  REQUIRE_MESSAGE(whole.ok(), whole.status().ToString());
  VectorSource src = source_over(msgs, msgs.size());
  std::atomic<bool> never{false};
  REQUIRE(whole->run(src, sink, never).ok());
  return std::move(*whole);
}

// The consumer restored from the checkpoint at path holds whole's store, at the last message.
inline void check_restored_equal(const std::string& path, const StreamConsumer& whole, const std::string& last_id) {
  auto last = StreamConsumer::create(options(path));
  REQUIRE(last.ok());
  CHECK(store_bytes(*last) == store_bytes(whole));
  CHECK(last->position() == last_id);
}

}  // namespace segcore_test::stream
