#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "segcore/rfm.hpp"

using namespace segcore;

namespace {

// A profile table with only the three columns RFM reads.
ProfileTable table(std::vector<std::int64_t> recency, std::vector<std::int64_t> freq, std::vector<double> mon) {
  ProfileTable t;
  const std::size_t n = freq.size();
  for (std::size_t i = 0; i < n; ++i) t.customer_id.push_back(std::to_string(i));
  ProfileColumn r{"recency_days", ColumnType::i64, {}, recency, {}, std::vector<std::uint8_t>(n, 1)};
  for (std::size_t i = 0; i < n; ++i) r.valid[i] = freq[i] > 0;
  t.columns.push_back(r);
  t.columns.push_back({"frequency", ColumnType::i64, {}, freq, {}, std::vector<std::uint8_t>(n, 1)});
  t.columns.push_back({"monetary", ColumnType::f64, mon, {}, {}, std::vector<std::uint8_t>(n, 1)});
  return t;
}

std::vector<std::uint8_t> all(std::size_t n) { return std::vector<std::uint8_t>(n, 1); }

}  // namespace

TEST_CASE("rfm: quantile mode gives tied values one score and returns its edges") {
  std::vector<double> v = {1, 1, 1, 1, 2, 3, 4, 5, 6, 7};
  std::vector<double> edges;
  auto s = score_values(v, all(v.size()), 5, RfmMode::quantile, {}, edges);
  REQUIRE(s.ok());
  // numpy linear quantiles at .2,.4,.6,.8 of the sorted values: 1, 1.6, 3.4, 5.2
  REQUIRE(edges.size() == 4);
  CHECK(edges[0] == doctest::Approx(1.0));
  CHECK(edges[1] == doctest::Approx(1.6));
  CHECK(edges[2] == doctest::Approx(3.4));
  CHECK(edges[3] == doctest::Approx(5.2));
  CHECK(*s == std::vector<std::int32_t>{1, 1, 1, 1, 3, 3, 4, 4, 5, 5});
}

TEST_CASE("rfm: rank mode splits ties by first appearance into equal-count bins") {
  std::vector<double> v = {1, 1, 1, 1, 2, 3, 4, 5, 6, 7};
  std::vector<double> edges;
  auto s = score_values(v, all(v.size()), 5, RfmMode::rank, {}, edges);
  REQUIRE(s.ok());
  CHECK(*s == std::vector<std::int32_t>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5});
  // Brute force against the definition with n not divisible by bins.
  for (std::size_t n : {1u, 2u, 7u, 11u, 23u}) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>((i * 7) % 5);
    auto r = score_values(x, all(n), 4, RfmMode::rank, {}, edges);
    REQUIRE(r.ok());
    std::vector<int> count(5, 0);
    for (auto k : *r) ++count[static_cast<std::size_t>(k)];
    // equal-count bins: sizes differ by at most one
    int lo = 1 << 30, hi = 0;
    for (int b = 1; b <= 4; ++b)
      if (n >= 4)
        lo = std::min(lo, count[static_cast<std::size_t>(b)]), hi = std::max(hi, count[static_cast<std::size_t>(b)]);
    if (n >= 4) CHECK(hi - lo <= 1);
  }
}

TEST_CASE("rfm: rank mode's counting sort (small integer spans) agrees with its radix sort") {
  // The same order, ties included, through both paths: integers as they are (counting sort);
  // plus one half, or times 1e7 (beyond the 2^22 span), for the radix sort. Some rows unkept.
  std::uint64_t state = 7;
  auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  for (std::size_t n : {1u, 2u, 5u, 17u, 255u, 1000u, 4099u}) {
    std::vector<double> x(n), half(n), wide(n);
    std::vector<std::uint8_t> keep(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = static_cast<double>(static_cast<std::int64_t>(next() >> 58) - 20);  // -20..43, many ties
      if (x[i] == 0 && i % 2) x[i] = -0.0;
      half[i] = x[i] + 0.5;
      wide[i] = x[i] * 1e7;
      keep[i] = (next() >> 60) != 0;
    }
    std::vector<double> edges;
    auto a = score_values(x, keep, 5, RfmMode::rank, {}, edges);
    auto b = score_values(half, keep, 5, RfmMode::rank, {}, edges);
    auto c = score_values(wide, keep, 5, RfmMode::rank, {}, edges);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    CHECK(*a == *b);
    CHECK(*a == *c);
  }
}

TEST_CASE("rfm: fixed edges, recency direction, segments and summary") {
  // 5 customers + one with returns only.
  auto t = table({1, 10, 40, 100, 300, 0}, {9, 5, 3, 2, 1, 0}, {900, 500, 300, 200, 100, -50});
  RfmOptions o;
  o.mode = RfmMode::fixed;
  o.recency_edges = {7, 30, 90, 180};
  o.frequency_edges = {1, 2, 4, 8};
  o.monetary_edges = {100, 250, 400, 800};
  auto r = rfm_score(t, o);
  REQUIRE_MESSAGE(r.ok(), std::string(r.status().message()));
  CHECK(r->r == std::vector<std::int32_t>{5, 4, 3, 2, 1, 0});
  CHECK(r->f == std::vector<std::int32_t>{5, 4, 3, 2, 1, 0});
  CHECK(r->m == std::vector<std::int32_t>{5, 4, 3, 2, 1, 0});
  CHECK(r->recency_edges == o.recency_edges);
  CHECK(r->unscored == 1);
  auto name = [&](std::size_t i) { return r->segment_names[static_cast<std::size_t>(r->segment[i])]; };
  CHECK(name(0) == "Champions");
  CHECK(name(1) == "Loyal Customers");
  CHECK(name(2) == "Need Attention");
  CHECK(name(3) == "Hibernating");
  CHECK(name(4) == "Lost");
  CHECK(name(5) == kNoPurchaseSegment);
  auto summary = rfm_summary(t, *r);
  REQUIRE(summary.ok());
  std::uint64_t customers = 0;
  double revenue = 0;
  for (const auto& s : *summary) customers += s.customers, revenue += s.revenue;
  CHECK(customers == 6);
  CHECK(revenue == 1950);
  CHECK(summary->front().segment == "Champions");
  CHECK(summary->front().median_monetary == 900);
  CHECK(std::isnan(summary->back().median_recency_days));

  // Quantile mode: most recent customer gets the top R score.
  RfmOptions q;
  auto rq = rfm_score(t, q);
  REQUIRE(rq.ok());
  CHECK(rq->r[0] == 5);
  CHECK(rq->r[4] == 1);
  CHECK(rq->recency_edges.front() <= rq->recency_edges.back());
  // A user map replaces the default one.
  SegmentMap mine{0, {{"Best", 4, 5, 1, 5}}, "Rest"};
  auto rm = rfm_score(t, q, mine);
  REQUIRE(rm.ok());
  CHECK(rm->segment_names == std::vector<std::string>{"Best", "Rest", kNoPurchaseSegment});
  CHECK(rm->segment[0] == 0);
  CHECK(rm->segment[4] == 1);
}

TEST_CASE("rfm: bad options") {
  auto t = table({1, 2}, {1, 2}, {1, 2});
  RfmOptions o;
  o.bins = 1;
  CHECK_FALSE(rfm_score(t, o).ok());
  o.bins = 5;
  o.mode = RfmMode::fixed;
  o.recency_edges = {1, 2};
  CHECK_FALSE(rfm_score(t, o).ok());
  o.recency_edges = {1, 2, 3, 4};
  o.frequency_edges = {1, 1, 2, 3};
  o.monetary_edges = {1, 2, 3, 4};
  CHECK_FALSE(rfm_score(t, o).ok());
  SegmentMap bad{5, {{"X", 0, 9, 1, 1}}, "Other"};
  CHECK_FALSE(rfm_score(t, {}, bad).ok());
  ProfileTable empty;
  CHECK(rfm_score(empty).status().code() == absl::StatusCode::kNotFound);
}

TEST_CASE("rfm: rfm_from_scores names the segments rfm_score names, for every mode and map") {
  // Random tables with ties and unscored customers; the scores of rfm_score fed back must give
  // its segments exactly, under the default map, a custom map and raw scores (grid 0).
  std::uint64_t seed = 12345;
  auto next = [&seed](std::uint64_t m) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (seed >> 33) % m;
  };
  SegmentMap custom;
  custom.grid = 3;
  custom.rules = {{"Top", 3, 3, 2, 3}, {"Mid", 2, 3, 1, 3}, {"Top", 1, 1, 3, 3}};
  custom.fallback = "Rest";
  SegmentMap raw;
  raw.grid = 0;
  raw.rules = {{"Best", 4, 4, 4, 4}};
  for (std::size_t n : {0u, 1u, 7u, 50u, 333u}) {
    std::vector<std::int64_t> rec(n), freq(n);
    std::vector<double> mon(n);
    for (std::size_t i = 0; i < n; ++i) {
      freq[i] = static_cast<std::int64_t>(next(4));  // a quarter unscored
      rec[i] = static_cast<std::int64_t>(next(30));
      mon[i] = static_cast<double>(next(100)) / 4;
    }
    const ProfileTable t = table(rec, freq, mon);
    for (RfmMode mode : {RfmMode::quantile, RfmMode::rank})
      for (const SegmentMap* map : std::vector<const SegmentMap*>{nullptr, &custom, &raw}) {
        RfmOptions o;
        o.mode = mode;
        o.bins = map == &raw ? 4 : 5;
        const SegmentMap m = map ? *map : default_segment_map();
        auto want = rfm_score(t, o, m);
        REQUIRE(want.ok());
        auto got = rfm_from_scores(want->r, want->f, want->m, o.bins, m);
        REQUIRE(got.ok());
        CHECK(got->segment == want->segment);
        CHECK(got->segment_names == want->segment_names);
        CHECK(got->unscored == want->unscored);
        CHECK(got->recency_edges.empty());
      }
  }
}

TEST_CASE("rfm: rfm_from_scores refuses scores it cannot name") {
  const SegmentMap map = default_segment_map();
  CHECK(rfm_from_scores({1}, {1, 2}, {1}, 5, map).status().message().find("have 1, 2 and 1") != std::string_view::npos);
  CHECK(rfm_from_scores({6}, {1}, {1}, 5, map).status().message().find("score 6; use 0 to 5") !=
        std::string_view::npos);
  CHECK(rfm_from_scores({-1}, {1}, {1}, 5, map).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(rfm_from_scores({0}, {2}, {0}, 5, map).status().message().find("0 in all three") != std::string_view::npos);
  CHECK(rfm_from_scores({1}, {1}, {1}, 1, map).status().message().find("bins is 1") != std::string_view::npos);
  SegmentMap bad;
  bad.rules = {{"", 1, 1, 1, 1}};
  CHECK(!rfm_from_scores({1}, {1}, {1}, 5, bad).ok());
  CHECK(rfm_from_scores({0}, {0}, {0}, 5, map)
            ->segment_names[static_cast<std::size_t>(rfm_from_scores({0}, {0}, {0}, 5, map)->segment[0])] ==
        kNoPurchaseSegment);
}
