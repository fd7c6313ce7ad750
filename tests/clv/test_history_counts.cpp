// ClvHistoryCounts: the distinct history tuples of random splits of the customers, counted per
// block, sent through their bytes and merged in shuffled orders, equal the whole's (a map of
// tuples to summed weights) and are the same bits whatever the split; BG/NBD, Pareto/NBD and
// Gamma-Gamma fitted on the merged CDNOW table equal the one-process fits within 1e-6.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <vector>

#include "clv/cdnow_summary.hpp"
#include "segcore/clv_history_counts.hpp"

using segcore::ClvHistoryCounts;
using segcore::ClvHistoryKind;
using segcore::ConstMatrixView;

namespace {

// Histories in weeks with many repeats; some -0.0 values and zero frequencies.
std::vector<double> random_rows(std::size_t n, std::size_t m, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> x(0, 6), week(0, 20);
  std::vector<double> rows(n * m);
  for (std::size_t i = 0; i < n; ++i) {
    const double f = x(rng), T = 20 + week(rng) / 2.0;
    rows[i * m] = f == 0 && i % 5 == 0 ? -0.0 : f;
    if (m == 3) {
      rows[i * m + 1] = f == 0 ? (i % 3 ? 0.0 : -0.0) : std::min(T, 1.0 + week(rng));
      rows[i * m + 2] = T;
    } else {
      rows[i * m + 1] = f == 0 ? 0.0 : 5.0 + week(rng) * 2.5;
    }
  }
  return rows;
}

ClvHistoryCounts counted(ClvHistoryKind kind, const std::vector<double>& rows, const std::vector<double>& w,
                         std::size_t parts, std::uint64_t seed) {
  const auto made = ClvHistoryCounts::create(kind);
  REQUIRE(made.ok());
  const std::size_t m = made->width(), n = rows.size() / m;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> at(0, n);
  std::vector<std::size_t> c{0, n};
  for (std::size_t p = 1; p < parts; ++p) c.push_back(p % 3 == 0 ? c.back() : at(rng));
  std::sort(c.begin(), c.end());
  std::vector<std::size_t> order(c.size() - 1);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  ClvHistoryCounts merged = *made;
  for (std::size_t b : order) {
    ClvHistoryCounts part = *made;
    const std::span<const double> wb =
        w.empty() ? std::span<const double>() : std::span<const double>(w).subspan(c[b], c[b + 1] - c[b]);
    REQUIRE(part.accumulate(ConstMatrixView<double>(rows.data(), n, m).row_block(c[b], c[b + 1]), wb, c[b]).ok());
    auto travelled = ClvHistoryCounts::from_bytes(part.to_bytes());
    REQUIRE(travelled.ok());
    REQUIRE(merged.merge(*travelled).ok());
  }
  return merged;
}

double relative(std::span<const double> a, std::span<const double> b) {
  double worst = 0;
  for (std::size_t i = 0; i < b.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]) / std::abs(b[i]));
  return worst;
}

}  // namespace

TEST_CASE("merged history counts equal the whole's, the same bits whatever the split") {
  for (ClvHistoryKind kind : {ClvHistoryKind::purchases, ClvHistoryKind::spend}) {
    const std::size_t m = kind == ClvHistoryKind::purchases ? 3 : 2;
    for (std::size_t n : {1, 97, 5003}) {
      CAPTURE(n);
      const std::vector<double> rows = random_rows(n, m, n);
      std::vector<double> eighths(n), uneven(n);  // eighths add exactly in any order, uneven values not
      std::mt19937_64 rng(n + 1);
      for (std::size_t i = 0; i < n; ++i) {
        eighths[i] = static_cast<double>(rng() % 40) / 8.0;
        uneven[i] = std::uniform_real_distribution<double>(0.0, 10.0)(rng);  // sums depend on the order
      }
      std::map<std::vector<double>, double> want;
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> t(rows.begin() + static_cast<std::ptrdiff_t>(i * m),
                              rows.begin() + static_cast<std::ptrdiff_t>((i + 1) * m));
        for (double& v : t) v += 0.0;
        if (kind == ClvHistoryKind::spend && t[0] == 0) continue;
        want[t] += eighths[i];
      }
      const ClvHistoryCounts whole = counted(kind, rows, eighths, 1, 0);
      REQUIRE(whole.size() == want.size());
      std::size_t r = 0;
      for (const auto& [t, w] : want) {
        for (std::size_t j = 0; j < m; ++j) CHECK(std::signbit(whole.tuples()[r * m + j]) == false);
        CHECK(std::equal(t.begin(), t.end(), whole.tuples().begin() + static_cast<std::ptrdiff_t>(r * m)));
        CHECK(whole.weights()[r] == w);
        ++r;
      }
      const ClvHistoryCounts unweighted = counted(kind, rows, {}, 1, 0);
      for (std::uint64_t seed : {1, 2, 3}) {
        const ClvHistoryCounts split = counted(kind, rows, eighths, 7, seed);
        CHECK(split.tuples() == whole.tuples());
        CHECK(split.weights() == whole.weights());
        CHECK(counted(kind, rows, uneven, 5, seed).weights() == counted(kind, rows, uneven, 1, 0).weights());
        CHECK(counted(kind, rows, {}, 6, seed).weights() == unweighted.weights());
      }
    }
  }
}

TEST_CASE("fits on merged CDNOW counts equal the one-process fits") {
  const auto s = segcore_test::cdnow_calibration_summary();
  const std::size_t n = s.size();
  std::vector<double> purchases(n * 3), spend(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    purchases[i * 3] = s.frequency[i];
    purchases[i * 3 + 1] = s.recency[i];
    purchases[i * 3 + 2] = s.T[i];
    spend[i * 2] = s.frequency[i];
    spend[i * 2 + 1] = s.monetary[i];
  }
  const ClvHistoryCounts merged = counted(ClvHistoryKind::purchases, purchases, {}, 9, 4);
  CHECK(merged.size() < n);
  segcore::BetaGeoModel bg, bg_one;
  REQUIRE(segcore::fit_history_counts(bg, merged).ok());
  REQUIRE(bg_one.fit(segcore_test::histories(s)).ok());
  CHECK(relative(bg.params(), bg_one.params()) < 1e-6);
  segcore::ParetoNbdModel pnbd, pnbd_one;
  REQUIRE(segcore::fit_history_counts(pnbd, merged).ok());
  REQUIRE(pnbd_one.fit(segcore_test::histories(s)).ok());
  CHECK(relative(pnbd.params(), pnbd_one.params()) < 1e-6);

  const ClvHistoryCounts money = counted(ClvHistoryKind::spend, spend, {}, 5, 6);
  segcore::GammaGammaModel gg, gg_one;
  REQUIRE(segcore::fit_history_counts(gg, money).ok());
  REQUIRE(gg_one.fit(s.frequency, s.monetary).ok());
  CHECK(relative(gg.params(), gg_one.params()) < 1e-6);
  CHECK(!segcore::fit_history_counts(gg, merged).ok());  // a purchases table
}

TEST_CASE("bad histories and bad bytes fail naming what") {
  auto c = ClvHistoryCounts::create(ClvHistoryKind::purchases);
  REQUIRE(c.ok());
  CHECK(!ClvHistoryCounts::create(static_cast<ClvHistoryKind>(7)).ok());
  std::vector<double> rows = {1, 2, 5, 0, 0, 5, 3, NAN, 9};
  const absl::Status nan = c->accumulate(ConstMatrixView<double>(rows.data(), 3, 3), {}, 40);
  CHECK(std::string(nan.message()).find("recency is nan in row 42") != std::string::npos);
  CHECK(c->size() == 0);
  rows[7] = 4;
  const std::vector<double> bad_w = {1, -1, 1};
  CHECK(std::string(c->accumulate(ConstMatrixView<double>(rows.data(), 3, 3), bad_w).message()).find("row 1") !=
        std::string::npos);
  CHECK(!c->accumulate(ConstMatrixView<double>(rows.data(), 4, 2)).ok());
  REQUIRE(c->accumulate(ConstMatrixView<double>(rows.data(), 3, 3)).ok());
  auto spend = ClvHistoryCounts::create(ClvHistoryKind::spend);
  CHECK(!c->merge(*spend).ok());
  const std::vector<std::uint8_t> good = c->to_bytes();
  for (std::size_t at = 0; at < good.size(); at += 5) {
    std::vector<std::uint8_t> flipped(good);
    flipped[at] ^= 0x04;
    CHECK(ClvHistoryCounts::from_bytes(flipped).status().code() == absl::StatusCode::kDataLoss);
  }
  CHECK(ClvHistoryCounts::from_bytes(std::span<const std::uint8_t>(good).first(good.size() - 3)).status().code() ==
        absl::StatusCode::kDataLoss);
  auto back = ClvHistoryCounts::from_bytes(good);
  REQUIRE(back.ok());
  CHECK(back->to_bytes() == good);
  CHECK(back->weights() == c->weights());
}
