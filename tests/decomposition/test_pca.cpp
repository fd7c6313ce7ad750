// PCA: a known covariance, round trips, thread-count invariance and bad input. Equality with
// scikit-learn is tested in python/tests.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "segcore/pca.hpp"
#include "support/random.hpp"

using segcore::ConstMatrixView;
using segcore::MatrixView;

TEST_CASE("PCA finds the axis of a stretched cloud and round-trips") {
  // Points along (3, 4) / 5 with small noise across it.
  std::vector<double> x;
  auto noise = segcore_test::random_matrix(500, 2, 3, -0.01, 0.01);
  for (std::size_t i = 0; i < 500; ++i) {
    const double t = static_cast<double>(i) / 50.0 - 5.0;
    x.push_back(3 * t / 5 + noise[2 * i] + 7);
    x.push_back(4 * t / 5 + noise[2 * i + 1] - 2);
  }
  ConstMatrixView<double> v(x.data(), 500, 2);
  segcore::PCA one({.n_components = 0, .n_threads = 1}), two({.n_components = 0, .n_threads = 2});
  REQUIRE(one.fit(v).ok());
  REQUIRE(two.fit(v).ok());
  // scikit-learn's sign rule: the row with the largest |projection| (the first, t = -5)
  // projects positively, so the axis points towards decreasing t.
  CHECK(one.components()(0, 0) == doctest::Approx(-0.6).epsilon(1e-3));
  CHECK(one.components()(0, 1) == doctest::Approx(-0.8).epsilon(1e-3));
  CHECK(one.explained_variance_ratio()[0] > 0.999);
  CHECK(one.explained_variance() == two.explained_variance());
  std::vector<double> y(1000), back(1000);
  REQUIRE(one.transform(v, MatrixView<double>(y.data(), 500, 2)).ok());
  REQUIRE(
      one.inverse_transform(ConstMatrixView<double>(y.data(), 500, 2), MatrixView<double>(back.data(), 500, 2)).ok());
  for (std::size_t i = 0; i < 1000; ++i) CHECK(back[i] == doctest::Approx(x[i]).epsilon(1e-12));
}

TEST_CASE("PCA rejects bad input") {
  std::vector<double> x = {1, 2, 3, 4, 5, 6};
  segcore::PCA p({.n_components = 3});
  CHECK(!p.fit(ConstMatrixView<double>(x.data(), 3, 2)).ok());  // 3 > min(3, 2)
  CHECK(!segcore::PCA().fit(ConstMatrixView<double>(x.data(), 1, 6)).ok());
  x[4] = NAN;
  CHECK(!segcore::PCA().fit(ConstMatrixView<double>(x.data(), 3, 2)).ok());
  std::vector<double> out(6);
  CHECK(
      segcore::PCA().transform(ConstMatrixView<double>(x.data(), 3, 2), MatrixView<double>(out.data(), 3, 2)).code() ==
      absl::StatusCode::kFailedPrecondition);
}
