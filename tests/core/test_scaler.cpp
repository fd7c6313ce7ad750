#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "segcore/scaler.hpp"
#include "support/random.hpp"

using segcore::ConstMatrixView;
using segcore::MatrixView;
using segcore::Scaler;
using segcore::ScalerKind;

namespace {

// numpy-style linear-interpolation percentile of a copy of v.
double percentile_ref(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  double pos = q * (v.size() - 1);
  std::size_t lo = static_cast<std::size_t>(std::floor(pos));
  std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

}  // namespace

TEST_CASE("standard scaling gives zero mean and unit variance, and inverts") {
  const std::size_t n = 3001, d = 5;
  auto x = segcore_test::random_matrix(n, d, 11, 0.0, 1000.0);
  Scaler s({.kind = ScalerKind::standard, .n_threads = 2});
  REQUIRE(s.fit(ConstMatrixView<double>(x.data(), n, d)).ok());
  std::vector<double> y(n * d), back(n * d);
  REQUIRE(s.transform(ConstMatrixView<double>(x.data(), n, d), MatrixView<double>(y.data(), n, d)).ok());
  for (std::size_t j = 0; j < d; ++j) {
    double m = 0, v = 0;
    for (std::size_t i = 0; i < n; ++i) m += y[i * d + j];
    m /= n;
    for (std::size_t i = 0; i < n; ++i) v += (y[i * d + j] - m) * (y[i * d + j] - m);
    CHECK(std::abs(m) < 1e-12);
    CHECK(v / n == doctest::Approx(1.0).epsilon(1e-12));
  }
  REQUIRE(s.inverse_transform(ConstMatrixView<double>(y.data(), n, d), MatrixView<double>(back.data(), n, d)).ok());
  for (std::size_t k = 0; k < x.size(); ++k) CHECK(back[k] == doctest::Approx(x[k]).epsilon(1e-12));
}

TEST_CASE("min-max scaling maps each column onto the requested range") {
  const std::size_t n = 257, d = 3;
  auto x = segcore_test::random_matrix(n, d, 5);
  Scaler s({.kind = ScalerKind::minmax, .range_min = -1.0, .range_max = 2.0});
  REQUIRE(s.fit(ConstMatrixView<double>(x.data(), n, d)).ok());
  std::vector<double> y(n * d);
  REQUIRE(s.transform(ConstMatrixView<double>(x.data(), n, d), MatrixView<double>(y.data(), n, d)).ok());
  for (std::size_t j = 0; j < d; ++j) {
    double lo = 1e300, hi = -1e300;
    for (std::size_t i = 0; i < n; ++i) lo = std::min(lo, y[i * d + j]), hi = std::max(hi, y[i * d + j]);
    CHECK(lo == doctest::Approx(-1.0));
    CHECK(hi == doctest::Approx(2.0));
  }
}

TEST_CASE("robust scaling uses the median and the interquartile range") {
  for (std::size_t n : {1u, 2u, 7u, 100u, 1001u}) {
    auto x = segcore_test::random_matrix(n, 2, n);
    Scaler s({.kind = ScalerKind::robust, .n_threads = 2});
    REQUIRE(s.fit(ConstMatrixView<double>(x.data(), n, 2)).ok());
    for (std::size_t j = 0; j < 2; ++j) {
      std::vector<double> col;
      for (std::size_t i = 0; i < n; ++i) col.push_back(x[i * 2 + j]);
      CHECK(s.center()[j] == doctest::Approx(percentile_ref(col, 0.5)).epsilon(1e-14));
      double iqr = percentile_ref(col, 0.75) - percentile_ref(col, 0.25);
      if (n > 1) CHECK(s.scale()[j] == doctest::Approx(iqr).epsilon(1e-12));
    }
  }
}

TEST_CASE("log1p is applied before scaling and undone by the inverse") {
  std::vector<double> x = {0.0, 1.0, 9.0, 99.0, 999.0, 0.5};
  Scaler s({.kind = ScalerKind::standard, .log1p = true});
  REQUIRE(s.fit(ConstMatrixView<double>(x.data(), 6, 1)).ok());
  double m = 0;
  for (double v : x) m += std::log1p(v);
  CHECK(s.center()[0] == doctest::Approx(m / 6).epsilon(1e-14));
  std::vector<double> y(6), back(6);
  REQUIRE(s.transform(ConstMatrixView<double>(x.data(), 6, 1), MatrixView<double>(y.data(), 6, 1)).ok());
  REQUIRE(s.inverse_transform(ConstMatrixView<double>(y.data(), 6, 1), MatrixView<double>(back.data(), 6, 1)).ok());
  for (std::size_t i = 0; i < 6; ++i) CHECK(back[i] == doctest::Approx(x[i]).epsilon(1e-12));

  std::vector<double> bad = {1.0, -1.0};
  auto st = s.fit(ConstMatrixView<double>(bad.data(), 2, 1));
  CHECK(st.message() == "Scaler::fit: row 1, column 0 is <= -1, which log1p cannot take");
  CHECK(s.center()[0] == doctest::Approx(m / 6));  // a failed fit keeps the previous one
}

TEST_CASE("constant columns get scale 1, are flagged, and map to a constant") {
  std::vector<double> x = {1, 0.1, 7, 2, 0.1, 7, 3, 0.1, 7};  // columns 1 and 2 constant
  for (auto kind : {ScalerKind::standard, ScalerKind::minmax, ScalerKind::robust}) {
    Scaler s({.kind = kind, .range_min = 0.25});
    REQUIRE(s.fit(ConstMatrixView<double>(x.data(), 3, 3)).ok());
    CHECK(s.zero_variance() == std::vector<std::uint8_t>{0, 1, 1});
    CHECK(s.scale()[1] == 1.0);
    std::vector<double> y(9);
    REQUIRE(s.transform(ConstMatrixView<double>(x.data(), 3, 3), MatrixView<double>(y.data(), 3, 3)).ok());
    const double expect = kind == ScalerKind::minmax ? 0.25 : 0.0;
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(y[i * 3 + 1] == doctest::Approx(expect));
      CHECK(y[i * 3 + 2] == doctest::Approx(expect));
    }
  }
}

TEST_CASE("the scaler refuses bad input with messages that say what and where") {
  std::vector<double> x = {1, 2, 3, NAN};
  Scaler s;
  CHECK(s.fit(ConstMatrixView<double>(x.data(), 2, 2)).message() == "Scaler::fit: row 1, column 1 is NaN");
  CHECK(s.fit(ConstMatrixView<double>(x.data(), 0, 2)).code() == absl::StatusCode::kInvalidArgument);
  std::vector<double> y(4);
  auto not_fitted = s.transform(ConstMatrixView<double>(x.data(), 1, 2), MatrixView<double>(y.data(), 1, 2));
  CHECK(not_fitted.code() == absl::StatusCode::kFailedPrecondition);
  REQUIRE(s.fit(ConstMatrixView<double>(x.data(), 1, 2)).ok());
  CHECK(s.transform(ConstMatrixView<double>(x.data(), 2, 1), MatrixView<double>(y.data(), 2, 1)).message() ==
        "Scaler::transform: the input has 1 columns; the scaler was fitted on 2");
  CHECK_FALSE(Scaler({.range_min = 1.0, .range_max = 1.0}).fit(ConstMatrixView<double>(x.data(), 1, 2)).ok());
}

TEST_CASE("float input is scaled with double accumulation, equal across threads") {
  const std::size_t n = 10000, d = 4;
  auto x = segcore_test::random_matrix<float>(n, d, 3, 0.0, 1e4);
  Scaler one({.n_threads = 1}), two({.n_threads = 2});
  REQUIRE(one.fit(ConstMatrixView<float>(x.data(), n, d)).ok());
  REQUIRE(two.fit(ConstMatrixView<float>(x.data(), n, d)).ok());
  CHECK(one.center() == two.center());
  CHECK(one.scale() == two.scale());
}
