// Stream checkpoints: a run cut at any point, checkpointed, destroyed and restored, ends with the
// same bytes and reports the same segment moves as a run that never stopped; damaged images
// are refused.
#include <doctest/doctest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "model/container.hpp"
#include "model/model_test_support.hpp"
#include "segcore/checkpoint.hpp"
#include "segcore/model_file.hpp"
#include "support/random_stream.hpp"

using namespace segcore;
using Ev = segcore_test::StreamEvent;

namespace {

constexpr std::int64_t D = 86400;

StoreSchema schema() { return {{"type", "category"}, {}, {}}; }

const char* kTriggers = R"(
trigger third_purchase to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days
trigger browsing to "Shoe browser": count(type = 'view' and category = 'shoes') > 3
   within 7 days without (type = 'purchase')
trigger quiet to Lapsed: count(*) <= 1 within 14 days
)";

// Every field of a move, the category's presence too.
std::string text_of(const SegmentMove& m) {
  return absl::StrCat(m.customer, " ", m.from, ">", m.to, " by ", m.trigger, " at ", m.position, " t=", m.timestamp,
                      " a=", m.amount, " o=", m.order, " c=", m.categories[1].data() != nullptr, m.categories[1]);
}

// A consumer: the store, the triggers and a segment set, and the moves it accepted, in order.
// With `refuse`, three of four offers of a move are refused, and with `refuse_all` every one, so
// moves are pending at cut points.
struct Consumer {
  ProfileStore store;
  EventTriggers triggers;
  std::optional<SegmentSet> segments;
  std::uint64_t applied = 0;
  bool refuse = false, refuse_all = false;
  std::uint64_t offers = 0;
  std::vector<std::string>* moves;

  void apply(Ev& e) {
    auto on = [&](const SegmentMove& m) {
      if (refuse_all || (refuse && ++offers % 4 != 0)) return 1;
      moves->push_back(text_of(m));
      return 0;
    };
    Status st = triggers.add(e.event(), on, &store);
    REQUIRE_MESSAGE((st.ok() || st.code() == absl::StatusCode::kCancelled), st.ToString());
    ++applied;
  }
  void finish() {
    refuse = refuse_all = false;
    auto on = [&](const SegmentMove& m) {
      moves->push_back(text_of(m));
      return 0;
    };
    REQUIRE(triggers.flush(on).ok());
  }
  CheckpointParts parts(const std::string& position) const {
    return {position, applied, &store, &triggers, segments ? &*segments : nullptr, {}};
  }
};

Consumer fresh(std::vector<std::string>* moves) {
  auto t = EventTriggers::parse(kTriggers, schema());
  REQUIRE_MESSAGE(t.ok(), t.status().ToString());
  auto seg = SegmentSet::parse("mode exclusive\nsegment Big: monetary > 100\nsegment Small: monetary <= 100\n",
                               Schema{{"monetary", ColumnType::f64}});
  REQUIRE_MESSAGE(seg.ok(), seg.status().ToString());
  return Consumer{ProfileStore({}, schema()), *std::move(t), *std::move(seg), 0, false, false, 0, moves};
}

std::vector<std::uint8_t> image(const Consumer& c) {
  auto b = checkpoint_to_bytes(c.parts("end"));
  REQUIRE_MESSAGE(b.ok(), b.status().ToString());
  return *std::move(b);
}

}  // namespace

TEST_CASE("checkpoints: a run restored at any cut point ends bit-identical, with the same moves") {
  segcore_test::ScratchDir dir;
  const std::string path = dir.file("stream.ckpt");
  std::size_t cuts_with_pending = 0;
  for (std::uint64_t seed : {1u, 2u, 3u, 4u}) {
    std::mt19937_64 g(seed);
    const int customers = static_cast<int>(3 + seed * 7);
    std::vector<Ev> evs = segcore_test::random_stream(g, 300 + seed * 111, customers, true);
    std::vector<std::string> moves_a;
    Consumer a = fresh(&moves_a);
    for (Ev& e : evs) a.apply(e);
    a.finish();
    REQUIRE(a.triggers.late_events() > 0);
    REQUIRE(moves_a.size() > 10);
    const std::vector<std::uint8_t> end_a = image(a);
    const std::size_t n = evs.size();
    for (std::size_t cut : {std::size_t{0}, std::size_t{1}, n / 4, n / 3, n / 2, 2 * n / 3, 3 * n / 4, n - 1, n}) {
      CAPTURE(seed);
      CAPTURE(cut);
      std::vector<std::string> moves_b;
      {
        Consumer b = fresh(&moves_b);
        b.refuse = true;
        for (std::size_t i = 0; i < cut; ++i) {
          b.refuse_all = i + 40 >= cut;  // the last moves before the cut stay pending
          b.apply(evs[i]);
        }
        cuts_with_pending += b.triggers.pending() > 0;
        REQUIRE(save_checkpoint(b.parts(absl::StrCat("1700000000-", cut)), path).ok());
      }  // the first consumer is gone; only the file remains
      auto c = load_checkpoint(path);
      REQUIRE_MESSAGE(c.ok(), c.status().ToString());
      CHECK(c->position == absl::StrCat("1700000000-", cut));
      REQUIRE(c->events_applied == cut);
      REQUIRE(c->store.has_value());
      REQUIRE(c->triggers.has_value());
      REQUIRE(c->segments.has_value());
      Consumer r{std::move(*c->store),
                 std::move(*c->triggers),
                 std::move(*c->segments),
                 c->events_applied,
                 true,
                 false,
                 0,
                 &moves_b};
      for (std::size_t i = c->events_applied; i < n; ++i) r.apply(evs[i]);
      r.finish();
      CHECK(moves_b == moves_a);
      CHECK(image(r) == end_a);
      CHECK(r.triggers.late_events() == a.triggers.late_events());
      CHECK(r.store.snapshot()->size() == a.store.snapshot()->size());
    }
  }
  CHECK(cuts_with_pending >= 20);  // the moves not yet reported cross the checkpoint too
}

TEST_CASE("checkpoints: the parts are optional, and the bytes depend only on content") {
  std::vector<std::string> moves;
  Consumer a = fresh(&moves);
  std::mt19937_64 g(9);
  std::vector<Ev> evs = segcore_test::random_stream(g, 200, 5, true);
  for (Ev& e : evs) a.apply(e);
  auto only_position = checkpoint_to_bytes({"42-0", 7, nullptr, nullptr, nullptr, {}});
  REQUIRE(only_position.ok());
  auto c = checkpoint_from_bytes(*only_position);
  REQUIRE(c.ok());
  CHECK(c->position == "42-0");
  CHECK(c->events_applied == 7);
  CHECK(!c->store.has_value());
  CHECK(!c->triggers.has_value());
  CHECK(!c->segments.has_value());
  // The triggers' own model file round-trips bit for bit.
  auto t = model_to_bytes(a.triggers);
  REQUIRE(t.ok());
  auto back = model_from_bytes<EventTriggers>(*t);
  REQUIRE_MESSAGE(back.ok(), back.status().ToString());
  CHECK(model_to_bytes(*back).value() == *t);
  CHECK(back->customers() == a.triggers.customers());
  CHECK(back->events() == a.triggers.events());
  CHECK(model_to_bytes(EventTriggers()).status().code() == absl::StatusCode::kFailedPrecondition);
  // A model file of another kind is refused by kind.
  CHECK(checkpoint_from_bytes(*t).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("checkpoints: truncated and altered images are refused as corrupt") {
  std::vector<std::string> moves;
  Consumer a = fresh(&moves);
  std::mt19937_64 g(5);
  std::vector<Ev> evs = segcore_test::random_stream(g, 40, 3, true);
  for (Ev& e : evs) a.apply(e);
  const auto b = image(a);
  for (std::size_t n = 0; n < b.size(); ++n) {
    CAPTURE(n);
    CHECK(checkpoint_from_bytes(std::span<const std::uint8_t>(b.data(), n)).status().code() ==
          absl::StatusCode::kDataLoss);
  }
  for (std::size_t i = 0; i < b.size(); ++i) {
    auto c = b;
    c[i] ^= 0x04;
    auto r = checkpoint_from_bytes(c);
    CAPTURE(i);
    CHECK(!r.ok());
  }
  auto t = model_to_bytes(a.triggers).value();
  t[t.size() / 2] ^= 0x80;
  CHECK(model_from_bytes<EventTriggers>(t).status().code() == absl::StatusCode::kDataLoss);
}

TEST_CASE("checkpoints: a payload that parses but breaks the triggers' rules is refused") {
  std::vector<std::string> moves;
  Consumer a = fresh(&moves);
  Ev e("ann", 10 * D, "view", "shoes");
  a.apply(e);
  auto img = model_to_bytes(a.triggers).value();
  // The payload ends with the customer's record, then the pending-move count (0). The segment
  // is 4 bytes before the customer's kept timestamps: make it a segment the set lacks.
  std::vector<std::uint8_t> payload(img.begin() + 24, img.end() - 4);
  const std::size_t stride = a.triggers.slots_per_customer();
  const std::size_t segment_at = payload.size() - 8 - 8 * stride - 4;
  payload[segment_at] = 99;
  auto bad = model_detail::seal(ModelKind::event_triggers, payload);
  auto r = model_from_bytes<EventTriggers>(bad);
  CHECK(r.status().code() == absl::StatusCode::kDataLoss);
  CHECK_MESSAGE(r.status().message().find("segment 99") != std::string::npos, r.status().ToString());
}

// The image is written in place (each part's length filled in after it, the header and checksum
// around the payload, a reused buffer): it must equal the layout of docs/MODEL_FILES.md built the
// plain way, from each part's own model payload, whatever the buffer held before.
TEST_CASE("checkpoints: an image built in place, into a reused buffer, equals the documented layout") {
  std::mt19937_64 g(23);
  std::vector<std::uint8_t> buffer(777, 0xAB);  // dirty, and of the wrong size
  for (std::size_t n : {0u, 1u, 37u, 500u, 2000u}) {
    std::vector<std::string> moves;
    Consumer a = fresh(&moves);
    std::vector<Ev> evs = segcore_test::random_stream(g, n, 1 + static_cast<int>(n / 7), true);
    for (Ev& e : evs) a.apply(e);
    const std::string position = absl::StrCat(n, "-", n % 3);
    REQUIRE(checkpoint_to_bytes(a.parts(position), buffer).ok());
    CHECK(buffer == checkpoint_to_bytes(a.parts(position)).value());
    auto payload_of = [](const std::vector<std::uint8_t>& file) {
      return std::vector<std::uint8_t>(file.begin() + model_detail::kHeaderSize,
                                       file.end() - static_cast<std::ptrdiff_t>(model_detail::kChecksumSize));
    };
    model_detail::ByteWriter w;
    w.str(position);
    w.u64(a.applied);
    w.u8(1 | 2 | 4);  // store, triggers, segment set
    w.u8s(payload_of(model_to_bytes(a.store).value()));
    w.u8s(payload_of(model_to_bytes(a.triggers).value()));
    w.u8s(payload_of(model_to_bytes(*a.segments).value()));
    CHECK(buffer == model_detail::seal(ModelKind::stream_checkpoint, w.bytes()));
  }
}
