#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "segcore/score.hpp"

using namespace segcore;

namespace {

// recency (i64, some missing), spend (f64, NaN missing), visits (i64), city (text).
struct Table {
  std::vector<std::int64_t> recency, visits;
  std::vector<std::uint8_t> recency_ok;
  std::vector<double> spend;
  std::vector<std::string> city;
  TableView view;

  Table(std::size_t n, unsigned seed) {
    std::mt19937_64 g(seed);
    std::uniform_int_distribution<int> days(0, 400), pct(0, 99);
    std::lognormal_distribution<double> money(4, 1);
    for (std::size_t i = 0; i < n; ++i) {
      recency.push_back(days(g));
      recency_ok.push_back(pct(g) >= 10);
      spend.push_back(pct(g) < 5 ? std::nan("") : money(g));
      visits.push_back(pct(g) % 17);
      city.push_back(pct(g) % 2 ? "Oslo" : "Lima");
    }
    view.rows = n;
    view.columns.push_back({"recency", ColumnType::i64, nullptr, recency.data(), nullptr, nullptr, recency_ok.data()});
    view.columns.push_back({"spend", ColumnType::f64, spend.data(), nullptr, nullptr, nullptr, nullptr});
    view.columns.push_back({"visits", ColumnType::i64, nullptr, visits.data(), nullptr, nullptr, nullptr});
    view.columns.push_back({"city", ColumnType::text, nullptr, nullptr, city.data(), nullptr, nullptr});
  }
};

// The reference fit: long double, present values only.
void reference_fit(const std::vector<double>& x, Normalization k, double& center, double& scale) {
  long double n = 0, sum = 0, lo = INFINITY, hi = -INFINITY;
  for (double v : x)
    if (!std::isnan(v)) n += 1, sum += v, lo = std::min<long double>(lo, v), hi = std::max<long double>(hi, v);
  long double mean = sum / n, ss = 0;
  for (double v : x)
    if (!std::isnan(v)) ss += (v - mean) * (v - mean);
  if (k == Normalization::zscore) center = static_cast<double>(mean), scale = static_cast<double>(std::sqrt(ss / n));
  if (k == Normalization::minmax) center = static_cast<double>(lo), scale = static_cast<double>(hi - lo);
  if (k == Normalization::none) center = 0, scale = 1;
}

std::vector<double> as_double(const std::vector<std::int64_t>& v, const std::vector<std::uint8_t>& ok) {
  std::vector<double> out;
  for (std::size_t i = 0; i < v.size(); ++i)
    out.push_back(ok.empty() || ok[i] ? static_cast<double>(v[i]) : std::nan(""));
  return out;
}

}  // namespace

TEST_CASE("weighted model: fitted centers and scales, scores against a reference, any thread count") {
  Table t(10007, 3);
  std::vector<ScoreFeature> spec = {{"recency", -1.0, Normalization::zscore},
                                    {"spend", 0.5, Normalization::minmax},
                                    {"visits", 0.25, Normalization::none}};
  auto m = WeightedModel::fit(t.view, spec, 0.1);
  REQUIRE_MESSAGE(m.ok(), m.status().ToString());
  const std::vector<std::vector<double>> cols = {as_double(t.recency, t.recency_ok), t.spend, as_double(t.visits, {})};
  for (std::size_t j = 0; j < 3; ++j) {
    double c = 0, s = 0;
    reference_fit(cols[j], spec[j].normalization, c, s);
    CHECK(m->features()[j].center == doctest::Approx(c).epsilon(1e-13));
    CHECK(m->features()[j].scale == doctest::Approx(s).epsilon(1e-13));
  }
  CHECK(m->features()[2].center == 0);
  CHECK(m->features()[2].scale == 1);
  CHECK(m->bias() == 0.1);

  std::vector<double> out(t.view.rows), out3(t.view.rows);
  REQUIRE(m->score(t.view, out).ok());
  REQUIRE(m->score(t.view, out3, false, 3).ok());
  std::size_t missing = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double vals[3] = {cols[0][i], cols[1][i], cols[2][i]};
    long double want = 0.1L;
    bool any_missing = false;
    for (std::size_t j = 0; j < 3; ++j) {
      if (std::isnan(vals[j]))
        any_missing = true;
      else
        want += static_cast<long double>(spec[j].weight) * (vals[j] - m->features()[j].center) / m->features()[j].scale;
    }
    auto one = m->score_one(vals);
    REQUIRE(one.ok());
    if (any_missing) {
      ++missing;
      CHECK(std::isnan(out[i]));
      CHECK(std::isnan(*one));
    } else {
      CHECK(out[i] == doctest::Approx(static_cast<double>(want)).epsilon(1e-12));
      CHECK(*one == out[i]);  // the same arithmetic, bit for bit
    }
    CHECK(std::memcmp(&out[i], &out3[i], sizeof(double)) == 0);
  }
  CHECK(missing > 500);

  // missing_as_zero: a missing normalised term adds nothing (a z-scored feature at its mean).
  REQUIRE(m->score(t.view, out, true).ok());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double vals[3] = {cols[0][i], cols[1][i], cols[2][i]};
    CHECK(*m->score_one(vals, true) == out[i]);
    CHECK(!std::isnan(out[i]));
  }

  // Min-max maps the fitted data onto [0, 1].
  auto mm = WeightedModel::fit(t.view, {{"spend", 1.0, Normalization::minmax}});
  REQUIRE(mm.ok());
  REQUIRE(mm->score(t.view, out).ok());
  double lo = INFINITY, hi = -INFINITY;
  for (double v : out)
    if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  CHECK(lo == 0);
  CHECK(hi == doctest::Approx(1).epsilon(1e-15));
}

TEST_CASE("weighted model: fitted parameters are reused on new rows and one profile") {
  Table train(500, 1), fresh(300, 2);
  auto m =
      WeightedModel::fit(train.view, {{"recency", -2, Normalization::zscore}, {"visits", 1, Normalization::zscore}});
  REQUIRE(m.ok());
  auto again = WeightedModel::create(m->features(), m->bias());
  REQUIRE(again.ok());
  std::vector<double> a(300), b(300);
  REQUIRE(m->score(fresh.view, a).ok());
  REQUIRE(again->score(fresh.view, b).ok());
  for (std::size_t i = 0; i < 300; ++i) CHECK(std::memcmp(&a[i], &b[i], sizeof(double)) == 0);
  // A refit on the new rows gives other parameters: the fit is not repeated silently.
  auto refit = WeightedModel::fit(fresh.view, m->features());
  REQUIRE(refit.ok());
  CHECK(refit->features()[0].center != m->features()[0].center);
  const double one[2] = {m->features()[0].center, m->features()[1].center + m->features()[1].scale};
  CHECK(*m->score_one(one) == doctest::Approx(1.0).epsilon(1e-15));
}

TEST_CASE("weighted model: bad input gets a clear error") {
  Table t(50, 4);
  auto err = [&](std::vector<ScoreFeature> f) {
    auto m = WeightedModel::fit(t.view, std::move(f));
    return m.ok() ? std::string("ok") : std::string(m.status().message());
  };
  CHECK(err({{"recncy", 1}}) ==
        "WeightedModel::fit: the table has no column 'recncy' (it has recency, spend, visits, city)");
  CHECK(WeightedModel::fit(t.view, {{"recncy", 1}}).status().code() == absl::StatusCode::kNotFound);
  CHECK(err({{"city", 1}}) == "WeightedModel::fit: column 'city' is text; features are numbers");
  CHECK(err({}) == "WeightedModel::fit: no features");
  CHECK(err({{"spend", NAN}}) == "WeightedModel::fit: the weight of 'spend' is not finite");
  std::vector<std::int64_t> same(4, 7);
  std::vector<double> none(4, std::nan(""));
  TableView flat;
  flat.rows = 4;
  flat.columns.push_back({"same", ColumnType::i64, nullptr, same.data(), nullptr, nullptr, nullptr});
  flat.columns.push_back({"none", ColumnType::f64, none.data(), nullptr, nullptr, nullptr, nullptr});
  auto e1 = WeightedModel::fit(flat, {{"same", 1, Normalization::zscore}});
  CHECK(std::string(e1.status().message()) ==
        "WeightedModel::fit: feature 'same' has zero variance (every present value is 7), so it has no z-score; "
        "use normalization none or leave it out");
  auto e2 = WeightedModel::fit(flat, {{"same", 1, Normalization::minmax}});
  CHECK(std::string(e2.status().message()).find("min-max scaling divides by 0") != std::string::npos);
  CHECK(WeightedModel::fit(flat, {{"same", 1, Normalization::none}}).ok());
  auto e3 = WeightedModel::fit(flat, {{"none", 1, Normalization::none}});
  CHECK(std::string(e3.status().message()) == "WeightedModel::fit: feature 'none' has no present value to fit on");
  auto e4 = WeightedModel::create({{"x", 1, Normalization::zscore, 3, 0}});
  CHECK(std::string(e4.status().message()) ==
        "WeightedModel::create: feature 'x' (zscore): center 3 and scale 0 must be finite with scale > 0");
  auto m = WeightedModel::create({{"spend", 1, Normalization::none, 0, 1}});
  REQUIRE(m.ok());
  CHECK(m->score_one(std::vector<double>{1, 2}).status().code() == absl::StatusCode::kInvalidArgument);
  std::vector<double> out(3);
  CHECK(m->score(t.view, out).code() == absl::StatusCode::kInvalidArgument);  // 3 values for 50 rows
  CHECK(m->score(flat, std::span<double>(out.data(), 0)).code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("score bands: named levels from edges, the tiers' convention at the edges") {
  auto b = ScoreBands::create({0.3, 0.7}, {"Low", "Medium", "High"});
  REQUIRE(b.ok());
  const double s[] = {-1, 0.29, 0.3, 0.5, 0.7, 0.71, 5, NAN};
  const std::int32_t want[] = {0, 0, 1, 1, 1, 2, 2, -1};
  std::int32_t got[8];
  REQUIRE(b->assign(s, got).ok());
  for (int i = 0; i < 8; ++i) CHECK(got[i] == want[i]);
  auto one = ScoreBands::create({3}, {"Low", "High"});
  REQUIRE(one.ok());
  CHECK(one->band(3) == 0);
  CHECK(one->band(3.0001) == 1);
  auto err = [](std::vector<double> e, std::vector<std::string> n) {
    auto r = ScoreBands::create(std::move(e), std::move(n));
    return r.ok() ? std::string("ok") : std::string(r.status().message());
  };
  CHECK(err({0.5, 0.2}, {"a", "b", "c"}) ==
        "ScoreBands: edges must be strictly ascending; edge 1 (0.2) is not above edge 0 (0.5)");
  CHECK(err({0.5, 0.5}, {"a", "b", "c"}) ==
        "ScoreBands: edges must be strictly ascending; edge 1 (0.5) is not above edge 0 (0.5)");
  CHECK(err({0.5}, {"a", "b", "c"}) == "ScoreBands: 3 names for 1 edges; 2 are needed");
  CHECK(err({}, {"a"}) == "ScoreBands: no edges");
  CHECK(err({NAN}, {"a", "b"}) == "ScoreBands: edge 0 is not finite");
  CHECK(err({1}, {"a", "a"}) == "ScoreBands: band 'a' is named twice");
  std::int32_t small[1];
  CHECK(b->assign(s, small).code() == absl::StatusCode::kInvalidArgument);
}
