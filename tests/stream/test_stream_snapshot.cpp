// A stream checkpoint's snapshot: the image the writer thread encodes from it is
// checkpoint_to_bytes of the state at the moment it was taken, however the state changes (new
// customers, more events, erasures) while the writer works; a snapshot reused for the next save
// keeps nothing of the last.
#include <doctest/doctest.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/atomic_file.hpp"
#include "model/checkpoint_image.hpp"
#include "model/model_test_support.hpp"
#include "segcore/checkpoint.hpp"
#include "stream/checkpoint_writer.hpp"
#include "support/random_stream.hpp"

using namespace segcore;
using segcore::stream_detail::CheckpointWriter;
using Ev = segcore_test::StreamEvent;
using Bytes = std::vector<std::uint8_t>;

namespace {

StoreSchema schema() { return {{"type", "category"}, {}, {}}; }

// The parts a consumer saves: store, triggers (some moves left pending), a segment set and a
// tracker updated every few events.
struct LiveState {
  ProfileStore store{{}, schema()};
  EventTriggers triggers;
  SegmentSet segments;
  SegmentTracker tracker;
  std::uint64_t applied = 0;
  std::string position;     // the id of the last event applied
  bool refuse_all = false;  // refuse every move offered, so they stay pending

  void apply(Ev& e) {
    auto on = [&](const SegmentMove&) { return refuse_all ? 1 : 0; };
    Status st = triggers.add(e.event(), on, &store);
    REQUIRE_MESSAGE((st.ok() || st.code() == absl::StatusCode::kCancelled), st.ToString());
    position = absl::StrCat("1700000000-", ++applied);
    if (applied % 7 != 0) return;
    auto table = store.snapshot();
    REQUIRE(table.ok());
    REQUIRE(tracker.update(*table, [](const SegmentChange&) { return 0; }).ok());
  }
  void erase(const std::string& customer) {
    if (store.erase(customer).ok()) (void)triggers.erase(customer), (void)tracker.erase(customer);
  }
  CheckpointParts parts(const SegmentTracker* const* t) const {
    return {position, applied, &store, &triggers, &segments, std::span(t, 1)};
  }
};

SegmentSet tiers() {
  auto s = SegmentSet::parse("mode exclusive\nsegment Big: monetary > 60\nsegment Small: monetary <= 60\n",
                             Schema{{"monetary", ColumnType::f64}});
  REQUIRE_MESSAGE(s.ok(), s.status().ToString());
  return *std::move(s);
}

LiveState fresh() {
  auto t = EventTriggers::parse(
      "trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 2 within 30 days\n"
      "trigger browsing to Browser: count(type = 'view') > 2 within 7 days without (type = 'purchase')\n",
      schema());
  REQUIRE_MESSAGE(t.ok(), t.status().ToString());
  return LiveState{ProfileStore({}, schema()), *std::move(t), tiers(), SegmentTracker(tiers())};
}

// Holds each save before it is encoded, until released. Made before the writer, so it outlives
// the writer's thread.
struct Gate {
  Gate() {
    CheckpointWriter::set_test_hook([this] { return pass(); });
  }
  ~Gate() { CheckpointWriter::set_test_hook(nullptr); }
  void arm() {
    std::lock_guard<std::mutex> lock(mu);
    entered = open = false;
  }
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false, open = false;
  Status pass() {
    std::unique_lock<std::mutex> lock(mu);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return open; });
    return absl::OkStatus();
  }
  void wait_entered() {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return entered; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu);
    open = true;
    cv.notify_all();
  }
};

}  // namespace

TEST_CASE("stream snapshot: the writer's image is checkpoint_to_bytes of the state when the snapshot was taken") {
  segcore_test::ScratchDir dir;
  const std::string path = dir.file("snap.ckpt");
  std::mt19937_64 g(71);
  std::vector<Ev> evs = segcore_test::random_stream(g, 3000, 600, true);
  LiveState live = fresh();
  const SegmentTracker* const ts[] = {&live.tracker};
  Gate gate;
  CheckpointWriter writer(path);
  // A failed check while a save is held must not leave the writer waiting: released first.
  struct Release {
    Gate& gate;
    ~Release() { gate.release(); }
  } release_on_exit{gate};
  auto snapshot = std::make_unique<model_detail::CheckpointSnapshot>();
  Bytes image;
  std::size_t next = 0;
  // Each round: events, a snapshot, then (the writer held) more events and erasures; the
  // second and third rounds reuse the snapshot and image the writer gave back.
  for (std::size_t upto : {900u, 1500u, 2400u}) {
    CAPTURE(upto);
    while (next < upto) {
      live.refuse_all = next + 150 >= upto;  // the moves of the last events stay pending
      live.apply(evs[next++]);
    }
    live.refuse_all = false;
    CHECK(live.triggers.pending() > 0);
    const Bytes expected = checkpoint_to_bytes(live.parts(ts)).value();
    REQUIRE(model_detail::snapshot_checkpoint(live.parts(ts), *snapshot).ok());
    gate.arm();
    writer.start(std::move(snapshot), std::move(image));
    gate.wait_entered();
    for (std::size_t k = 0; k < 300; ++k) live.apply(evs[next++]);
    for (int c = 0; c < 600; c += 37) live.erase(absl::StrCat("c", (c + static_cast<int>(upto)) % 600));
    Ev newcomer("someone new", 1'800'000'000, "purchase", "hats", 99);
    live.apply(newcomer);
    CHECK(checkpoint_to_bytes(live.parts(ts)).value() != expected);  // the state did change meanwhile
    gate.release();
    auto done = writer.wait();
    REQUIRE(done.has_value());
    REQUIRE_MESSAGE(done->status.ok(), done->status.ToString());
    CHECK(done->image == expected);
    CHECK(model_detail::read_whole_file(path).value() == expected);
    snapshot = std::move(done->snapshot);
    image = std::move(done->image);
    REQUIRE(snapshot != nullptr);
  }
  CHECK(live.tracker.customers() > 0);
}
