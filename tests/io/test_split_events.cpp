// Splitting an event table by customer: parts share no customer, each customer's rows keep
// their order and every column, codes follow first appearance, first rows are where each
// customer first appears; the same for any number of parts.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "segcore/io.hpp"

using namespace segcore;

namespace {

// A random table: n rows over `customers` ids (some non-ASCII), orders that span customers'
// rows, a category, an attribute and a numeric column with missing values.
EventTable random_table(std::mt19937_64& rng, std::size_t n, std::size_t customers) {
  std::vector<std::string> ids, orders, channels = {"web", "app", "store"}, cities = {"Lyon", "Zürich"};
  for (std::size_t c = 0; c < customers; ++c) ids.push_back(absl::StrCat(c % 5 == 0 ? "kü-" : "", c));
  std::vector<std::uint32_t> customer(n), order(n), channel(n), city(n);
  std::vector<std::int64_t> time(n);
  std::vector<double> amount(n), score(n);
  for (std::size_t i = 0; i < n; ++i) {
    customer[i] = static_cast<std::uint32_t>(rng() % customers);
    order[i] = static_cast<std::uint32_t>(i / 3);
    channel[i] = static_cast<std::uint32_t>(rng() % channels.size());
    city[i] = static_cast<std::uint32_t>(rng() % cities.size());
    time[i] = 1'600'000'000 + static_cast<std::int64_t>(rng() % 10'000'000);
    amount[i] = static_cast<double>(rng() % 10'000) / 100.0 - 5.0;
    score[i] = rng() % 4 == 0 ? std::nan("") : static_cast<double>(rng() % 100);
  }
  for (std::size_t k = 0; k <= n / 3; ++k) orders.push_back(absl::StrCat("o", k));
  auto views = [](const std::vector<std::string>& v) { return std::vector<absl::string_view>(v.begin(), v.end()); };
  auto ev = events_from_labels(customer, views(ids), time, amount, order, views(orders));
  REQUIRE(ev.ok());
  REQUIRE(add_category(*ev, "channel", channel, views(channels)).ok());
  REQUIRE(add_attribute(*ev, "city", city, views(cities)).ok());
  REQUIRE(add_numeric(*ev, "score", score).ok());
  return *std::move(ev);
}

// One row as texts and numbers, whatever the codes.
struct Row {
  std::string customer, order, channel, city;
  std::int64_t time;
  double amount, score;
  bool operator==(const Row& o) const {
    const bool same_score = (score == o.score) || (score != score && o.score != o.score);
    return customer == o.customer && order == o.order && channel == o.channel && city == o.city && time == o.time &&
           amount == o.amount && same_score;
  }
};

Row row(const EventTable& t, std::size_t i) {
  return {t.customer.values[t.customer.codes[i]],
          t.order.values[t.order.codes[i]],
          t.categories[0].values[t.categories[0].codes[i]],
          t.attributes[0].values[t.attributes[0].codes[i]],
          t.timestamp[i],
          t.amount[i],
          t.numerics[0].values[i]};
}

// Codes number values by first appearance, and every value is used.
void check_first_appearance(const Categorical& c) {
  std::uint32_t next = 0;
  for (std::uint32_t code : c.codes) {
    REQUIRE(code <= next);
    if (code == next) ++next;
  }
  CHECK(next == c.values.size());
}

}  // namespace

TEST_CASE("split_by_customer: every customer's rows, in order, in its own part") {
  std::mt19937_64 rng(29);
  for (std::size_t n : {0u, 1u, 7u, 1000u, 4099u}) {
    const EventTable whole = random_table(rng, n, 1 + n / 4);
    absl::flat_hash_map<std::string, std::vector<Row>> expected;
    absl::flat_hash_map<std::string, std::uint64_t> first;
    for (std::size_t i = 0; i < n; ++i) {
      expected[row(whole, i).customer].push_back(row(whole, i));
      first.try_emplace(row(whole, i).customer, i);
    }
    for (std::size_t parts : {1u, 2u, 3u, 16u}) {
      CAPTURE(n);
      CAPTURE(parts);
      auto split = split_by_customer(whole, parts);
      REQUIRE(split.ok());
      REQUIRE(split->parts.size() == parts);
      std::size_t rows = 0;
      absl::flat_hash_map<std::string, std::vector<Row>> got;
      for (std::size_t p = 0; p < parts; ++p) {
        const EventTable& t = split->parts[p];
        rows += t.rows();
        check_first_appearance(t.customer);
        check_first_appearance(t.order);
        check_first_appearance(t.categories[0]);
        check_first_appearance(t.attributes[0]);
        REQUIRE(split->first_row[p].size() == t.customer.values.size());
        for (std::size_t c = 0; c < t.customer.values.size(); ++c) {
          CHECK(customer_part(t.customer.values[c], parts) == p);
          CHECK(split->first_row[p][c] == first.at(t.customer.values[c]));
        }
        for (std::size_t i = 0; i < t.rows(); ++i) got[row(t, i).customer].push_back(row(t, i));
      }
      CHECK(rows == n);
      CHECK(got == expected);
    }
  }
}

TEST_CASE("split_by_customer: the part of an id is fixed (FNV-1a 64) and n_parts 0 is refused") {
  // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c; of "" the offset basis 0xcbf29ce484222325.
  CHECK(customer_part("a", 1000003) == 0xaf63dc4c8601ec8cull % 1000003);
  CHECK(customer_part("", 97) == 0xcbf29ce484222325ull % 97);
  EventTable empty;
  auto split = split_by_customer(empty, 0);
  REQUIRE_FALSE(split.ok());
  CHECK(std::string(split.status().message()).find("n_parts is 0") != std::string::npos);
}
