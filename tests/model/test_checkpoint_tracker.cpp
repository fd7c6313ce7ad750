// The segment tracker's part of a stream checkpoint: a tracker restored at any cut point reports
// the same changes as one that never stopped, and damaged tracker parts are refused.
#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/container.hpp"
#include "model/model_test_support.hpp"
#include "segcore/checkpoint.hpp"
#include "support/random_stream.hpp"

using namespace segcore;
using Ev = segcore_test::StreamEvent;

namespace {

constexpr std::size_t kEvery = 7;  // the tracker updates after every 7th event

SegmentSet heavy() {
  auto set =
      SegmentSet::parse("mode exclusive\nsegment Heavy: frequency >= 4\n", Schema{{"frequency", ColumnType::f64}});
  REQUIRE_MESSAGE(set.ok(), set.status().ToString());
  return *std::move(set);
}

SegmentSet tiers() {
  auto set = SegmentSet::parse(
      "mode exclusive\nsegment Big: monetary > 60\nsegment Repeat: frequency >= 2\nsegment Small: monetary > 0\n",
      Schema{{"monetary", ColumnType::f64}, {"frequency", ColumnType::f64}});
  REQUIRE_MESSAGE(set.ok(), set.status().ToString());
  return *std::move(set);
}

// A store and two trackers over it; `refuse` refuses two of three offered changes so changes are
// pending (not yet remembered) at cut points.
struct Run {
  ProfileStore store{{}, {{"type", "category"}, {}, {}}};
  SegmentTracker tracker{tiers()};
  SegmentTracker second{heavy()};
  std::vector<std::string>* changes;
  bool refuse = false;
  std::uint64_t offers = 0;

  void apply(Ev& e, std::size_t index) {
    REQUIRE(store.add(e.event()).ok());
    if ((index + 1) % kEvery != 0) return;
    auto table = store.snapshot();
    REQUIRE(table.ok());
    for (SegmentTracker* t : {&tracker, &second}) {
      Status st = t->update(*table, [&](const SegmentChange& c) {
        if (refuse && ++offers % 3 != 0) return 1;
        changes->push_back(absl::StrCat(index, " ", t == &second ? "H " : "", c.customer, " ", c.from, ">", c.to));
        return 0;
      });
      REQUIRE((st.ok() || st.code() == absl::StatusCode::kCancelled));
    }
  }
  // The store and both trackers at `position`.
  StatusOr<std::vector<std::uint8_t>> bytes(const std::string& position, std::uint64_t applied) const {
    const SegmentTracker* ts[] = {&tracker, &second};
    return checkpoint_to_bytes({position, applied, &store, nullptr, nullptr, ts});
  }
  static Run restored(StreamCheckpoint& c, std::vector<std::string>* changes, bool refuse, std::uint64_t offers) {
    REQUIRE(c.store.has_value());
    REQUIRE(c.trackers.size() == 2);
    return Run{std::move(*c.store), std::move(c.trackers[0]), std::move(c.trackers[1]), changes, refuse, offers};
  }
};

}  // namespace

TEST_CASE("checkpoints: a segment tracker restored at any cut point reports the same changes") {
  segcore_test::ScratchDir dir;
  const std::string path = dir.file("tracker.ckpt");
  std::size_t cuts_with_pending = 0;
  for (std::uint64_t seed : {11u, 12u, 13u}) {
    std::mt19937_64 g(seed);
    std::vector<Ev> evs = segcore_test::random_stream(g, 200 + seed * 13, static_cast<int>(seed - 5));
    // Both runs refuse the same offers, so changes are pending (not yet remembered) at cuts.
    std::vector<std::string> changes_a;
    Run a{.changes = &changes_a, .refuse = true};
    for (std::size_t i = 0; i < evs.size(); ++i) a.apply(evs[i], i);
    REQUIRE(changes_a.size() > 10);
    const auto end_a = a.bytes("end", evs.size()).value();
    for (std::size_t cut : {std::size_t{0}, std::size_t{3}, evs.size() / 3, evs.size() / 2, evs.size() - 1}) {
      CAPTURE(seed);
      CAPTURE(cut);
      std::vector<std::string> changes_b;
      std::uint64_t offers = 0;
      {
        Run b{.changes = &changes_b, .refuse = true};
        for (std::size_t i = 0; i < cut; ++i) b.apply(evs[i], i);
        offers = b.offers;
        cuts_with_pending += offers > changes_b.size();
        const SegmentTracker* ts[] = {&b.tracker, &b.second};
        REQUIRE(save_checkpoint({absl::StrCat(cut), cut, &b.store, nullptr, nullptr, ts}, path).ok());
      }  // only the file remains
      auto c = load_checkpoint(path);
      REQUIRE_MESSAGE(c.ok(), c.status().ToString());
      CHECK(!c->segments.has_value());
      CHECK(!c->triggers.has_value());
      Run r = Run::restored(*c, &changes_b, true, offers);
      for (std::size_t i = cut; i < evs.size(); ++i) r.apply(evs[i], i);
      CHECK(changes_b == changes_a);
      CHECK(r.tracker.last_segments() == a.tracker.last_segments());
      CHECK(r.bytes("end", evs.size()).value() == end_a);
    }
  }
  CHECK(cuts_with_pending >= 8);
}

TEST_CASE("checkpoints: a restored tracker without refusals reports exactly the uninterrupted changes") {
  std::mt19937_64 g(21);
  std::vector<Ev> evs = segcore_test::random_stream(g, 400, 9);
  std::vector<std::string> changes_a;
  Run a{.changes = &changes_a};
  for (std::size_t i = 0; i < evs.size(); ++i) a.apply(evs[i], i);
  for (std::size_t cut = 0; cut <= evs.size(); cut += 37) {
    CAPTURE(cut);
    std::vector<std::string> changes_b;
    std::vector<std::uint8_t> img;
    {
      Run b{.changes = &changes_b};
      for (std::size_t i = 0; i < cut; ++i) b.apply(evs[i], i);
      img = b.bytes("p", cut).value();
    }
    auto c = checkpoint_from_bytes(img);
    REQUIRE_MESSAGE(c.ok(), c.status().ToString());
    Run r = Run::restored(*c, &changes_b, false, 0);
    for (std::size_t i = cut; i < evs.size(); ++i) r.apply(evs[i], i);
    CHECK(changes_b == changes_a);
  }
}

TEST_CASE("checkpoints: truncated, altered and out-of-set tracker parts are refused") {
  std::mt19937_64 g(5);
  std::vector<Ev> evs = segcore_test::random_stream(g, 60, 4);
  std::vector<std::string> changes;
  Run a{.changes = &changes};
  for (std::size_t i = 0; i < evs.size(); ++i) a.apply(evs[i], i);
  REQUIRE(a.tracker.customers() == 4);
  const SegmentTracker* one[] = {&a.tracker};
  const auto b = checkpoint_to_bytes({"p", 1, nullptr, nullptr, nullptr, one}).value();
  for (std::size_t n = 0; n < b.size(); ++n)
    CHECK(checkpoint_from_bytes(std::span<const std::uint8_t>(b.data(), n)).status().code() ==
          absl::StatusCode::kDataLoss);
  for (std::size_t i = 0; i < b.size(); ++i) {
    auto c = b;
    c[i] ^= 0x04;
    CAPTURE(i);
    CHECK(!checkpoint_from_bytes(c).ok());
  }
  // A segment outside the set, and customers out of order, in an otherwise well-sealed file.
  std::vector<std::pair<std::string, std::int32_t>> bad{{"a", 3}};
  CHECK(SegmentTracker::restore(tiers(), bad).status().code() == absl::StatusCode::kInvalidArgument);
  bad = {{"a", 1}, {"a", 2}};
  CHECK(SegmentTracker::restore(tiers(), bad).status().code() == absl::StatusCode::kInvalidArgument);
  bad = {{"a", -3}};
  CHECK(SegmentTracker::restore(tiers(), bad).status().code() == absl::StatusCode::kInvalidArgument);
  const SegmentTracker* null[] = {nullptr};
  CHECK(checkpoint_to_bytes({"p", 1, nullptr, nullptr, nullptr, null}).status().code() ==
        absl::StatusCode::kInvalidArgument);
  std::vector<std::uint8_t> payload(b.begin() + 24, b.end() - 4);
  const std::uint8_t seven[] = {7, 0, 0, 0};  // the last customer's segment (little-endian i32)
  std::copy(seven, seven + 4, payload.end() - 4);
  auto r = checkpoint_from_bytes(model_detail::seal(ModelKind::stream_checkpoint, payload));
  CHECK(r.status().code() == absl::StatusCode::kDataLoss);
  CHECK_MESSAGE(r.status().message().find("segment 7") != std::string::npos, r.status().ToString());
}
