// Seeded random event streams for the streaming tests (event triggers, checkpoints): whole
// hours and days, so events often fall exactly on window edges; 15% arrive late, up to 40 days.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "segcore/event_triggers.hpp"

namespace segcore_test {

// One event with a type and an optional category (the two category columns "type", "category").
struct StreamEvent {
  StreamEvent() = default;
  StreamEvent(std::string c, std::int64_t time, std::string ty, std::optional<std::string> cat = {}, double amt = 0)
      : customer(std::move(c)), t(time), type(std::move(ty)), category(std::move(cat)), amount(amt) {}

  std::string customer;
  std::int64_t t = 0;
  std::string type;
  std::optional<std::string> category;
  double amount = 0;
  std::string order;  // empty: the event is its own order

  absl::string_view cats[2];
  segcore::Event event() {
    cats[0] = type;
    cats[1] = category ? absl::string_view(*category) : absl::string_view();
    segcore::Event e;
    e.customer = customer;
    e.timestamp = t;
    e.amount = amount;
    e.order = order;
    e.categories = std::span<const absl::string_view>(cats, 2);
    return e;
  }
};

// n events of `customers` customers; with_orders gives 30% of them one of ten order ids.
inline std::vector<StreamEvent> random_stream(std::mt19937_64& g, std::size_t n, int customers,
                                              bool with_orders = false) {
  std::uniform_int_distribution<int> who(0, customers - 1), pct(0, 99), step(0, 6), late(0, 40);
  const char* types[] = {"view", "purchase", "cart"};
  const char* cats[] = {"shoes", "hats", "books"};
  const double amounts[] = {-20, 0, 15, 40.25};
  std::vector<StreamEvent> out;
  std::int64_t clock = 1'700'000'000;
  for (std::size_t i = 0; i < n; ++i) {
    clock += step(g) * 3600;
    StreamEvent e;
    e.customer = absl::StrCat("c", who(g));
    e.t = pct(g) < 15 ? clock - late(g) * 86400 : clock;
    e.type = types[pct(g) % 3];
    if (pct(g) >= 20) e.category = cats[pct(g) % 3];
    if (e.type == "purchase") e.amount = amounts[pct(g) % 4];
    if (with_orders && pct(g) < 30) e.order = absl::StrCat("o", pct(g) % 10);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace segcore_test
