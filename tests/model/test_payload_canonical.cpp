// Past the checksum (an image resealed after a change), a stream-state payload either is refused
// or loads into an object whose own bytes are that payload: the reader accepts no form the
// writer could not have made, so one state has one byte form. Event triggers and checkpoints
// here; the profile store's case is in tests/profile/test_store_merge.cpp.
#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "model/container.hpp"
#include "segcore/checkpoint.hpp"
#include "segcore/model_file.hpp"
#include "support/random_stream.hpp"

using namespace segcore;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes payload_of(const Bytes& image) {
  return Bytes(image.begin() + model_detail::kHeaderSize, image.end() - model_detail::kChecksumSize);
}

// Flips one to three random bits per trial; load(image) gives the loaded object's own image,
// or nothing when the image is refused. Returns how many changed payloads loaded.
template <class Load>
int check_changes(const Bytes& image, ModelKind kind, Load load, int trials) {
  const Bytes payload = payload_of(image);
  std::mt19937_64 rng(11);
  int loaded = 0;
  for (int trial = 0; trial < trials; ++trial) {
    Bytes changed = payload;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) changed[rng() % changed.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    const std::optional<Bytes> again = load(model_detail::seal(kind, changed));
    if (!again) continue;
    ++loaded;
    const Bytes again_payload = payload_of(*again);
    std::size_t at = 0;
    while (at < changed.size() && at < again_payload.size() && changed[at] == again_payload[at]) ++at;
    REQUIRE_MESSAGE(again_payload == changed, "trial ", trial, ": first difference at payload byte ", at, " of ",
                    changed.size());
  }
  return loaded;
}

EventTriggers triggers_with_state() {
  auto t = EventTriggers::parse(R"(
trigger third to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days
trigger browsing to Browser: count(type = 'view' and category = 'shoes') > 3 within 7 days without (type = 'purchase')
)",
                                StoreSchema{{"type", "category"}, {}, {}});
  REQUIRE_MESSAGE(t.ok(), t.status().ToString());
  std::mt19937_64 g(3);
  for (auto& e : segcore_test::random_stream(g, 60, 4)) REQUIRE(t->add(e.event()).ok());
  return *std::move(t);
}

}  // namespace

TEST_CASE("event triggers bytes: a changed payload is refused or is the loaded triggers' own") {
  constexpr int kTrials = 3000;
  const EventTriggers t = triggers_with_state();
  auto image = model_to_bytes(t);
  REQUIRE(image.ok());
  const int loaded = check_changes(
      *image, ModelKind::event_triggers,
      [](const Bytes& b) -> std::optional<Bytes> {
        auto back = model_from_bytes<EventTriggers>(b);
        if (!back.ok()) return std::nullopt;
        auto again = model_to_bytes(*back);
        REQUIRE(again.ok());
        // Loaded triggers take events, whatever they hold (run under ASan and UBSan too).
        std::mt19937_64 g(5);
        const bool plain = back->schema().categories.size() == 2 && back->schema().attributes.empty() &&
                           back->schema().numerics.empty();
        if (plain)
          for (auto& e : segcore_test::random_stream(g, 20, 5)) (void)back->add(e.event());
        return *again;
      },
      kTrials);
  MESSAGE(loaded, " of ", kTrials, " changed payloads loaded");
}
