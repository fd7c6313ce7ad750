// RfmSelection and RfmCounts: the radix selection over partitions gives score_values's edges
// and scores on the whole data, bit for bit, for quantile and rank mode, on random data of
// awkward sizes, heavy ties, extreme magnitudes and signed zeros, whatever the partitioning;
// corrupt bytes and inconsistent counts are refused.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <vector>

#include "model/byte_io.hpp"
#include "model/partial_image.hpp"
#include "segcore/rfm.hpp"
#include "segcore/rfm_partial.hpp"

using namespace segcore;

namespace {

using Measures = std::vector<std::vector<double>>;

// Partition boundaries: n values cut at `parts - 1` random places (empty partitions included).
std::vector<std::size_t> cuts(std::size_t n, std::size_t parts, std::mt19937_64& rng) {
  std::vector<std::size_t> c = {0, n};
  std::uniform_int_distribution<std::size_t> at(0, n);
  for (std::size_t p = 1; p < parts; ++p) c.push_back(at(rng));
  std::sort(c.begin(), c.end());
  return c;
}

// The selection over partitions [c[p], c[p+1]): each partition counts a copy of the request
// made from bytes, in one or two blocks, and sends its counts as bytes; the client merges them
// in partition order. Positions are the values' indices (first appearance).
RfmSelection select(const Measures& values, int bins, RfmMode mode, const std::vector<std::size_t>& c) {
  auto made = RfmSelection::create(bins, mode, values.size());
  REQUIRE(made.ok());
  RfmSelection sel = *made;
  const std::size_t n = values[0].size();
  std::vector<std::uint64_t> positions(n);
  for (std::size_t i = 0; i < n; ++i) positions[i] = i;
  while (!sel.done()) {
    auto request = sel.request();
    REQUIRE(request.ok());
    const std::vector<std::uint8_t> sent = request->to_bytes();
    std::optional<RfmCounts> sum;
    for (std::size_t p = 0; p + 1 < c.size(); ++p) {
      auto counts = RfmCounts::from_bytes(sent);
      REQUIRE(counts.ok());
      const std::size_t a = c[p], b = c[p + 1], mid = a + (b - a) / 3;
      for (std::size_t m = 0; m < values.size(); ++m)
        for (auto [lo, hi] : {std::pair{a, mid}, std::pair{mid, b}})
          REQUIRE(counts->add(m, std::span(values[m]).subspan(lo, hi - lo), std::span(positions).subspan(lo, hi - lo))
                      .ok());
      auto back = RfmCounts::from_bytes(counts->to_bytes());
      REQUIRE(back.ok());
      if (sum)
        REQUIRE(sum->merge(*back).ok());
      else
        sum = std::move(*back);
    }
    REQUIRE(sel.narrow(*sum).ok());
  }
  return sel;
}

std::vector<std::uint64_t> bits(const std::vector<double>& v) {
  std::vector<std::uint64_t> b;
  for (double x : v) b.push_back(std::bit_cast<std::uint64_t>(x));
  return b;
}

// The selection's edges and scores equal score_values's on the whole data, bit for bit.
void check_against_one_process(const Measures& values, int bins, RfmMode mode, const std::vector<std::size_t>& c) {
  const RfmSelection sel = select(values, bins, mode, c);
  for (std::size_t m = 0; m < values.size(); ++m) {
    const std::vector<double>& v = values[m];
    std::vector<double> edges;
    auto expected = score_values(v, std::vector<std::uint8_t>(v.size(), 1), bins, mode, {}, edges);
    REQUIRE(expected.ok());
    auto got_edges = sel.edges(m);
    REQUIRE(got_edges.ok());
    CHECK(bits(*got_edges) == bits(edges));
    CHECK(*sel.n_values(m) == v.size());
    std::vector<std::uint64_t> positions(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) positions[i] = i;
    std::vector<std::int32_t> scores(v.size());
    REQUIRE(sel.score(m, v, positions, scores).ok());
    CHECK(scores == *expected);
  }
}

// Values of one class: uniform, heavy ties, far from zero, signed zeros and extremes.
std::vector<double> draw(int kind, std::size_t n, std::mt19937_64& rng) {
  std::vector<double> v(n);
  std::uniform_real_distribution<double> u(-1, 1);
  std::uniform_int_distribution<int> small(0, 3);
  const double big = std::numeric_limits<double>::max(), tiny = std::numeric_limits<double>::denorm_min();
  for (double& x : v) {
    switch (kind) {
      case 0:
        x = u(rng) * 1000;
        break;
      case 1:
        x = small(rng);
        break;  // four values, heavy ties
      case 2:
        x = 1e15 + small(rng) * 0.125;
        break;  // far from zero, close together
      case 3:
        x = -1e300 * (1 + u(rng));
        break;  // huge negatives
      case 4: {
        const double pick[] = {-0.0, 0.0, tiny, -tiny, big, -big, 1e-310, 5.0};
        x = pick[std::uniform_int_distribution<int>(0, 7)(rng)];
        break;
      }
      default:
        x = std::ldexp(u(rng), std::uniform_int_distribution<int>(-1070, 1020)(rng));  // every magnitude
    }
  }
  return v;
}

}  // namespace

TEST_CASE("RfmSelection: edges and scores equal score_values's for any partitioning") {
  std::mt19937_64 rng(19);
  const std::size_t sizes[] = {0, 1, 2, 3, 5, 17, 64, 255, 1001, 4099};
  for (RfmMode mode : {RfmMode::quantile, RfmMode::rank}) {
    for (std::size_t n : sizes) {
      for (int kind = 0; kind < 6; ++kind) {
        CAPTURE(n);
        CAPTURE(kind);
        const Measures values = {draw(kind, n, rng), draw((kind + 1) % 6, n, rng), draw((kind + 4) % 6, n, rng)};
        const int bins = std::uniform_int_distribution<int>(2, 12)(rng);
        CAPTURE(bins);
        check_against_one_process(values, bins, mode, {0, n});
        check_against_one_process(values, bins, mode, cuts(n, 1 + n % 7, rng));
      }
    }
  }
}

TEST_CASE("RfmSelection: one partition and random splits give the same summed counts, edges and scores") {
  std::mt19937_64 rng(7);
  const std::size_t n = 70001;  // a block above 65536 values takes the radix sort
  const Measures values = {draw(0, n, rng), draw(1, n, rng), draw(5, n, rng)};
  for (RfmMode mode : {RfmMode::quantile, RfmMode::rank}) {
    for (int bins : {2, 5, 100}) {
      CAPTURE(bins);
      check_against_one_process(values, bins, mode, {0, n});
      for (int trial = 0; trial < 2; ++trial)
        check_against_one_process(values, bins, mode, cuts(n, 2 + trial * 9, rng));
    }
  }
  // The summed counts of each round do not depend on the partitioning.
  RfmSelection a = *RfmSelection::create(5, RfmMode::rank), b = a;
  const std::vector<std::size_t> whole = {0, n}, split = cuts(n, 13, rng);
  std::vector<std::uint64_t> positions(n);
  for (std::size_t i = 0; i < n; ++i) positions[i] = i;
  while (!a.done()) {
    std::vector<std::uint8_t> sums[2];
    for (int s = 0; s < 2; ++s) {
      const auto& c = s == 0 ? whole : split;
      RfmCounts sum = *(s == 0 ? a : b).request();
      for (std::size_t p = 0; p + 1 < c.size(); ++p) {
        RfmCounts part = *(s == 0 ? a : b).request();
        for (std::size_t m = 0; m < 3; ++m)
          REQUIRE(part.add(m, std::span(values[m]).subspan(c[p], c[p + 1] - c[p]),
                           std::span(positions).subspan(c[p], c[p + 1] - c[p]))
                      .ok());
        REQUIRE(sum.merge(part).ok());
      }
      sums[s] = sum.to_bytes();
      REQUIRE((s == 0 ? a : b).narrow(sum).ok());
    }
    CHECK(sums[0] == sums[1]);
  }
}

TEST_CASE("RfmSelection: rank mode ties by first appearance, -0 tied with +0") {
  // Ten equal values (five -0, five +0) and bins 5: ranks by position alone.
  std::vector<double> v = {-0.0, 0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 0.0};
  const RfmSelection sel = select({v}, 5, RfmMode::rank, {0, 4, 4, 10});
  std::vector<std::uint64_t> positions = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<std::int32_t> scores(v.size());
  REQUIRE(sel.score(0, v, positions, scores).ok());
  CHECK(scores == std::vector<std::int32_t>{1, 1, 2, 2, 3, 3, 4, 4, 5, 5});
  auto bounds = sel.rank_bounds(0);
  REQUIRE(bounds.ok());
  REQUIRE(bounds->size() == 4);
  CHECK(std::bit_cast<std::uint64_t>((*bounds)[0].value) == 0);  // +0
  CHECK((*bounds)[0].position == 2);
  CHECK(rfm_order_key(-0.0) == rfm_order_key(0.0));
  CHECK(rfm_order_key(-1.0) < rfm_order_key(-0.5));
  CHECK(rfm_key_value(rfm_order_key(-3.25)) == -3.25);
}

TEST_CASE("RfmCounts: NaN, bad measures and inconsistent counts are refused with what and where") {
  RfmSelection sel = *RfmSelection::create(4, RfmMode::rank, 2);
  RfmCounts c = *sel.request();
  const std::vector<double> v = {1, 2, NAN};
  auto nan = c.add(1, v);
  CHECK(nan.code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(nan.message()).find("value 2 is NaN") != std::string::npos);
  CHECK(c.add(2, std::vector<double>{1.0}).code() == absl::StatusCode::kInvalidArgument);
  CHECK(!RfmSelection::create(1, RfmMode::quantile).ok());
  CHECK(!RfmSelection::create(5, RfmMode::fixed).ok());
  CHECK(!RfmSelection::create(5, RfmMode::quantile, 0).ok());
  CHECK(sel.edges(0).status().code() == absl::StatusCode::kFailedPrecondition);

  // Round 0 counts 6 values per measure; round 1 with a partition missing is refused.
  std::vector<double> a = {3, 1, 4, 1, 5, 9}, first = {3, 1, 4};
  for (std::size_t m = 0; m < 2; ++m) REQUIRE(c.add(m, a).ok());
  REQUIRE(sel.narrow(c).ok());
  CHECK(sel.narrow(c).code() == absl::StatusCode::kInvalidArgument);  // round 0's counts again
  RfmCounts part = *sel.request();
  for (std::size_t m = 0; m < 2; ++m) REQUIRE(part.add(m, first).ok());
  auto missing = sel.narrow(part);
  CHECK(missing.code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(missing.message()).find("a partition missing") != std::string::npos);
  CHECK(part.merge(c).code() == absl::StatusCode::kInvalidArgument);  // another round's counts

  // Rank rounds need positions.
  RfmSelection r = *RfmSelection::create(2, RfmMode::rank, 1);
  std::vector<std::uint64_t> pos = {0, 1, 2, 3, 4, 5};
  while (r.round() < kRfmValueRounds) {
    RfmCounts q = *r.request();
    REQUIRE(q.add(0, a, pos).ok());
    REQUIRE(r.narrow(q).ok());
  }
  RfmCounts q = *r.request();
  CHECK(q.add(0, a).code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("RfmCounts: the byte form round-trips and refuses every truncation, flipped byte and bad payload") {
  std::mt19937_64 rng(3);
  RfmSelection sel = *RfmSelection::create(5, RfmMode::quantile);
  RfmCounts c = *sel.request();
  const std::vector<double> v = draw(0, 300, rng);
  for (std::size_t m = 0; m < 3; ++m) REQUIRE(c.add(m, v).ok());
  const std::vector<std::uint8_t> bytes = c.to_bytes();
  auto back = RfmCounts::from_bytes(bytes);
  REQUIRE(back.ok());
  CHECK(back->to_bytes() == bytes);
  for (std::size_t len = 0; len < bytes.size(); ++len) {
    auto cut = RfmCounts::from_bytes(std::span(bytes).first(len));
    CHECK(cut.status().code() == absl::StatusCode::kDataLoss);
  }
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    std::vector<std::uint8_t> flipped = bytes;
    flipped[at] ^= 0x10;
    CHECK(RfmCounts::from_bytes(flipped).status().code() == absl::StatusCode::kDataLoss);
  }
  // A sealed payload with a good checksum but digits out of order, or a measure out of range.
  model_detail::ByteWriter p;
  p.u32(0);
  p.u64(1);
  p.u64(1);
  p.u32(0);
  p.u64(0);
  p.u64(0);
  p.u64(2);
  for (std::uint32_t digit : {7u, 3u}) {
    p.u32(digit);
    p.u64(1);
  }
  const model_detail::PartialImageKind kind{{'S', 'E', 'G', 'C', 'R', 'F', 'C', '\n'}, 1, "RFM selection counts"};
  auto bad = RfmCounts::from_bytes(model_detail::partial_image(kind, p.bytes()));
  CHECK(bad.status().code() == absl::StatusCode::kDataLoss);
  CHECK(std::string(bad.status().message()).find("digit") != std::string::npos);
  model_detail::ByteWriter q;
  q.u32(0);
  q.u64(1);
  q.u64(1);
  q.u32(4);  // measure 4 of 1
  q.u64(0);
  q.u64(0);
  q.u64(0);
  auto unknown = RfmCounts::from_bytes(model_detail::partial_image(kind, q.bytes()));
  CHECK(unknown.status().code() == absl::StatusCode::kDataLoss);
  CHECK(std::string(unknown.status().message()).find("measure 4") != std::string::npos);
}
