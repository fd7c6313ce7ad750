// ClusterSums and ClusterSpread against the one-process metrics: random data of awkward sizes,
// far from zero and scaled, cut into random blocks (empty ones among them) whose states travel
// as bytes and merge in shuffled orders, give the one-process Calinski-Harabasz, Davies-Bouldin
// and inertia to rounding, and the same bits whatever the split. The exact sum underneath is
// checked against an integer reference; bad input and bad bytes fail naming what.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "core/exact_sum.hpp"
#include "segcore/cluster_sums.hpp"
#include "segcore/metrics.hpp"

using segcore::ClusterSpread;
using segcore::ClusterSums;
using segcore::ConstMatrixView;

namespace {

struct Labelled {
  std::size_t n, d;
  std::vector<double> x;
  std::vector<std::int32_t> labels;
};

// Overlapping blobs moved by offset and multiplied by scale; labels are arbitrary values (some
// negative), compared for equality only.
Labelled blobs(std::size_t n, std::size_t d, std::size_t k, double offset, double scale, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::uniform_real_distribution<double> where(-5.0, 5.0);
  std::uniform_int_distribution<std::size_t> pick(0, k - 1);
  std::vector<double> centers(k * d);
  for (double& c : centers) c = where(rng);
  std::vector<std::int32_t> names(k);
  for (std::size_t q = 0; q < k; ++q) names[q] = static_cast<std::int32_t>(q * 7) - 20;
  Labelled data{n, d, std::vector<double>(n * d), std::vector<std::int32_t>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t q = i < k ? i : pick(rng);  // every cluster has a row
    data.labels[i] = names[q];
    for (std::size_t j = 0; j < d; ++j) data.x[i * d + j] = offset + scale * (centers[q * d + j] + noise(rng));
  }
  return data;
}

// Block boundaries: `parts` blocks of random sizes summing to n, some empty.
std::vector<std::size_t> cuts(std::size_t n, std::size_t parts, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> at(0, n);
  std::vector<std::size_t> c{0, n};
  for (std::size_t p = 1; p < parts; ++p) c.push_back(p % 3 == 0 ? c.back() : at(rng));
  std::sort(c.begin(), c.end());
  return c;
}

template <class State>
State travelled(const State& s) {
  auto back = State::from_bytes(s.to_bytes());
  REQUIRE(back.ok());
  return *back;
}

struct Scores {
  double ch, db, inertia;
};

// Both passes over the blocks of a split, each block's state through its bytes, the states
// merged in a shuffled order.
Scores distributed(const Labelled& data, std::size_t parts, std::uint64_t seed) {
  const std::vector<std::size_t> c = cuts(data.n, parts, seed);
  std::vector<std::size_t> order(c.size() - 1);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed + 1));
  const ConstMatrixView<double> x(data.x.data(), data.n, data.d);
  auto block = [&](std::size_t b) { return x.row_block(c[b], c[b + 1]); };
  auto labels = [&](std::size_t b) {
    return std::span<const std::int32_t>(data.labels).subspan(c[b], c[b + 1] - c[b]);
  };
  auto sums = ClusterSums::create(std::span<const double>(data.x.data(), data.d));
  REQUIRE(sums.ok());
  for (std::size_t b : order) {
    auto part = ClusterSums::create(sums->origin());
    REQUIRE(part.ok());
    REQUIRE(part->accumulate(block(b), labels(b), c[b]).ok());
    REQUIRE(sums->merge(travelled(*part)).ok());
  }
  auto spread = ClusterSpread::from_sums(*sums);
  REQUIRE(spread.ok());
  ClusterSpread merged = *spread;
  for (std::size_t b : order) {
    ClusterSpread part = travelled(*spread);
    REQUIRE(part.accumulate(block(b), labels(b), c[b]).ok());
    REQUIRE(merged.merge(travelled(part)).ok());
  }
  auto ch = segcore::calinski_harabasz_score(*sums, merged);
  auto db = segcore::davies_bouldin_score(*sums, merged);
  REQUIRE(ch.ok());
  REQUIRE(db.ok());
  return {*ch, *db, merged.inertia()};
}

void check_close(double got, double want, double rel) {
  INFO("got " << got << " want " << want);
  CHECK(std::abs(got - want) <= rel * std::abs(want));
}

}  // namespace

TEST_CASE("exact sums are correctly rounded and do not depend on the order") {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<std::int64_t> mantissa(-(std::int64_t{1} << 52), std::int64_t{1} << 52);
  std::uniform_int_distribution<int> shift(0, 60);
  for (int trial = 0; trial < 200; ++trial) {
    // Values k * 2^(s - 40): their sum is an integer multiple of 2^-40, held exactly in 128 bits.
    std::vector<double> v(1 + static_cast<std::size_t>(trial % 37));
    __int128 exact = 0;
    for (double& x : v) {
      const std::int64_t m = mantissa(rng);
      const int s = shift(rng);
      x = std::ldexp(static_cast<double>(m), s - 40);
      exact += static_cast<__int128>(m) << s;
    }
    const double want = std::ldexp(static_cast<double>(exact), -40);  // one rounding, to nearest even
    segcore::detail::ExactSum a, b;
    for (double x : v) a.add(x);
    std::shuffle(v.begin(), v.end(), rng);
    for (double x : v) b.add(x);
    CHECK(a.value() == want);
    CHECK(b.value() == want);
  }
  segcore::detail::ExactSum cancel;
  for (double x : {1e16, 1.0, -1e16, 1e-30}) cancel.add(x);
  CHECK(cancel.value() == 1.0 + 1e-30);
  segcore::detail::ExactSum big;
  big.add(1.7e308);
  big.add(1.7e308);
  CHECK(std::isnan(big.value()));
}

TEST_CASE("merged sums give the one-process scores, the same bits for every split") {
  struct Case {
    std::size_t n, d, k, parts;
    double offset, scale;
  };
  const Case cases[] = {{3, 1, 2, 2, 0, 1},         {37, 1, 2, 5, 0, 1},      {1001, 3, 5, 7, 0, 1},
                        {4099, 7, 9, 3, 0, 1},      {2500, 2, 3, 11, 1e9, 1}, {3001, 4, 4, 6, -3e9, 7},
                        {1500, 5, 6, 4, 1e6, 1e-5}, {800, 3, 3, 9, 0, 1e12}};
  for (const Case& t : cases) {
    CAPTURE(t.n);
    CAPTURE(t.offset);
    const Labelled data = blobs(t.n, t.d, t.k, t.offset, t.scale, t.n + t.d);
    const ConstMatrixView<double> x(data.x.data(), data.n, data.d);
    const Scores whole = distributed(data, 1, 1);
    for (std::uint64_t seed : {2, 3, 4}) {
      const Scores split = distributed(data, t.parts, seed);
      CHECK(split.ch == whole.ch);  // bit for bit: the sums are exact
      CHECK(split.db == whole.db);
      CHECK(split.inertia == whole.inertia);
    }
    auto ch = segcore::calinski_harabasz_score(x, data.labels);
    auto db = segcore::davies_bouldin_score(x, data.labels);
    REQUIRE(ch.ok());
    REQUIRE(db.ok());
    check_close(whole.ch, *ch, 1e-9);
    check_close(whole.db, *db, 1e-9);
    // Translation: the scores of the data moved back to zero (exact subtractions when the
    // offset dominates) agree too.
    if (t.offset != 0) {
      std::vector<double> moved(data.x);
      for (double& v : moved) v -= t.offset;
      auto ch0 = segcore::calinski_harabasz_score(ConstMatrixView<double>(moved.data(), t.n, t.d), data.labels);
      REQUIRE(ch0.ok());
      check_close(whole.ch, *ch0, 1e-9);
    }
  }
}

TEST_CASE("the inertia of given centers, whatever the split") {
  const Labelled data = blobs(4003, 3, 6, 1e9, 1.0, 11);
  const std::size_t d = 3;
  std::vector<std::int32_t> codes(data.n);
  for (std::size_t i = 0; i < data.n; ++i) codes[i] = (data.labels[i] + 20) / 7;
  std::vector<double> centers(6 * d);
  for (std::size_t q = 0; q < 6; ++q)
    for (std::size_t j = 0; j < d; ++j) centers[q * d + j] = data.x[q * d + j] + 0.25;
  long double want = 0;
  for (std::size_t i = 0; i < data.n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const double diff = data.x[i * d + j] - centers[static_cast<std::size_t>(codes[i]) * d + j];
      want += static_cast<long double>(diff) * diff;
    }
  std::vector<double> got;
  for (std::size_t parts : {1, 4, 9}) {
    auto made = ClusterSpread::for_centers(ConstMatrixView<double>(centers.data(), 6, d));
    REQUIRE(made.ok());
    const std::vector<std::size_t> c = cuts(data.n, parts, parts);
    ClusterSpread merged = *made;
    for (std::size_t b = 0; b + 1 < c.size(); ++b) {
      ClusterSpread part = *made;
      REQUIRE(part.accumulate(ConstMatrixView<double>(data.x.data(), data.n, d).row_block(c[b], c[b + 1]),
                              std::span<const std::int32_t>(codes).subspan(c[b], c[b + 1] - c[b]), c[b])
                  .ok());
      REQUIRE(merged.merge(travelled(part)).ok());
    }
    got.push_back(merged.inertia());
  }
  CHECK(got[0] == got[1]);
  CHECK(got[0] == got[2]);
  check_close(got[0], static_cast<double>(want), 1e-12);
}

TEST_CASE("float blocks give the one-process scores of float data") {
  const Labelled data = blobs(2000, 5, 3, 0, 1, 8);
  std::vector<float> xf(data.x.begin(), data.x.end());
  const ConstMatrixView<float> x(xf.data(), data.n, data.d);
  std::vector<double> origin(xf.begin(), xf.begin() + 5);
  auto sums = ClusterSums::create(origin);
  REQUIRE(sums.ok());
  REQUIRE(sums->accumulate(x, data.labels).ok());
  auto spread = ClusterSpread::from_sums(*sums);
  REQUIRE(spread.ok());
  REQUIRE(spread->accumulate(x, data.labels).ok());
  check_close(*segcore::calinski_harabasz_score(*sums, *spread), *segcore::calinski_harabasz_score(x, data.labels),
              1e-9);
  check_close(*segcore::davies_bouldin_score(*sums, *spread), *segcore::davies_bouldin_score(x, data.labels), 1e-9);
}

TEST_CASE("identical points follow scikit-learn's rules") {
  std::vector<double> x;
  std::vector<std::int32_t> labels;
  for (int i = 0; i < 100; ++i) {
    x.insert(x.end(), i < 50 ? std::initializer_list<double>{1.0, 2.0} : std::initializer_list<double>{4.0, -1.0});
    labels.push_back(i < 50 ? 0 : 1);
  }
  auto sums = ClusterSums::create(std::span<const double>(x.data(), 2));
  REQUIRE(sums->accumulate(ConstMatrixView<double>(x.data(), 100, 2), labels).ok());
  auto spread = ClusterSpread::from_sums(*sums);
  REQUIRE(spread->accumulate(ConstMatrixView<double>(x.data(), 100, 2), labels).ok());
  CHECK(*segcore::calinski_harabasz_score(*sums, *spread) == 1.0);
  CHECK(*segcore::davies_bouldin_score(*sums, *spread) == 0.0);
}

TEST_CASE("bad input fails naming it and adds nothing") {
  const Labelled data = blobs(300, 2, 3, 0, 1, 1);
  const ConstMatrixView<double> x(data.x.data(), 300, 2);
  CHECK(!ClusterSums::create({}).ok());
  const double inf_origin[] = {1.0, INFINITY};
  CHECK(!ClusterSums::create(inf_origin).ok());
  auto sums = ClusterSums::create(std::span<const double>(data.x.data(), 2));
  REQUIRE(sums.ok());
  std::vector<double> bad(data.x);
  bad[123 * 2 + 1] = NAN;
  const absl::Status nan = sums->accumulate(ConstMatrixView<double>(bad.data(), 300, 2), data.labels, 1000);
  CHECK(nan.code() == absl::StatusCode::kInvalidArgument);
  CHECK(std::string(nan.message()).find("X[1123]") != std::string::npos);
  CHECK(sums->n_rows() == 0);
  CHECK(!sums->accumulate(x, std::span<const std::int32_t>(data.labels).first(299)).ok());
  CHECK(!sums->accumulate(ConstMatrixView<double>(data.x.data(), 100, 3),
                          std::span<const std::int32_t>(data.labels).first(100))
             .ok());
  const std::vector<std::int32_t> one(300, 4);
  REQUIRE(sums->accumulate(x, one).ok());
  auto too_few = ClusterSpread::from_sums(*sums);
  CHECK(!too_few.ok());
  CHECK(std::string(too_few.status().message()).find("1 distinct labels for 300 rows") != std::string::npos);
  auto other = ClusterSums::create(std::span<const double>(data.x.data() + 2, 2));
  CHECK(!sums->merge(*other).ok());

  std::vector<double> centers(6, 0.0);
  auto spread = ClusterSpread::for_centers(ConstMatrixView<double>(centers.data(), 3, 2));
  std::vector<std::int32_t> codes(300, 0);
  codes[7] = 3;
  const absl::Status unknown = spread->accumulate(x, codes, 0);
  CHECK(std::string(unknown.message()).find("labels[7] is 3; labels index the 3 centers") != std::string::npos);
  CHECK(spread->n_rows() == 0);

  // The second pass must see every row of the first.
  auto fresh = ClusterSums::create(std::span<const double>(data.x.data(), 2));
  REQUIRE(fresh->accumulate(x, data.labels).ok());
  auto half = ClusterSpread::from_sums(*fresh);
  REQUIRE(half->accumulate(x.row_block(0, 150), std::span<const std::int32_t>(data.labels).first(150)).ok());
  CHECK(!segcore::calinski_harabasz_score(*fresh, *half).ok());
}

TEST_CASE("bad bytes are refused naming what is wrong") {
  const Labelled data = blobs(50, 2, 3, 0, 1, 2);
  auto sums = ClusterSums::create(std::span<const double>(data.x.data(), 2));
  REQUIRE(sums->accumulate(ConstMatrixView<double>(data.x.data(), 50, 2), data.labels).ok());
  const std::vector<std::uint8_t> good = sums->to_bytes();
  for (std::size_t cut : {std::size_t{0}, std::size_t{10}, good.size() - 1}) {
    auto r = ClusterSums::from_bytes(std::span<const std::uint8_t>(good).first(cut));
    CHECK(r.status().code() == absl::StatusCode::kDataLoss);
  }
  for (std::size_t at = 0; at < good.size(); at += 7) {
    std::vector<std::uint8_t> flipped(good);
    flipped[at] ^= 0x10;
    CHECK(ClusterSums::from_bytes(flipped).status().code() == absl::StatusCode::kDataLoss);
  }
  auto spread = ClusterSpread::from_sums(*sums);
  CHECK(ClusterSpread::from_bytes(good).status().code() == absl::StatusCode::kDataLoss);  // another state's magic
  CHECK(ClusterSums::from_bytes(spread->to_bytes()).status().code() == absl::StatusCode::kDataLoss);
  auto back = ClusterSums::from_bytes(good);
  REQUIRE(back.ok());
  CHECK(back->to_bytes() == good);
}
