// How many components PCA keeps: the explained-variance fraction rule against the cumulative
// ratios of a full fit, over awkward shapes and spectra; Minka's MLE on data of known rank;
// bad options. Agreement with scikit-learn (both rules) is tested in python/tests.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "segcore/pca.hpp"
#include "support/random.hpp"

using segcore::ConstMatrixView;

namespace {

// n x d uniform data whose column j is scaled by scale^j: a spread spectrum.
std::vector<double> spread(std::size_t n, std::size_t d, double scale, std::uint64_t seed) {
  auto x = segcore_test::random_matrix(n, d, seed);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) x[i * d + j] *= std::pow(scale, static_cast<double>(j));
  return x;
}

}  // namespace

TEST_CASE("PCA's variance_fraction keeps the fewest components whose ratios add up to more") {
  const std::size_t shapes[][2] = {{7, 3}, {50, 11}, {301, 17}, {5, 9}, {2, 4}};
  const double fractions[] = {1e-9, 0.01, 0.3, 0.5, 0.77, 0.9, 0.95, 0.999, 1 - 1e-12};
  std::uint64_t seed = 1;
  for (const auto& shape : shapes)
    for (double scale : {0.3, 0.8, 1.0}) {
      const std::size_t n = shape[0], d = shape[1];
      const auto x = spread(n, d, scale, seed++);
      const ConstMatrixView<double> v(x.data(), n, d);
      segcore::PCA full;
      REQUIRE(full.fit(v).ok());
      const auto& ratio = full.explained_variance_ratio();
      for (double f : fractions) {
        CAPTURE(n);
        CAPTURE(d);
        CAPTURE(scale);
        CAPTURE(f);
        std::size_t expected = ratio.size();
        double sum = 0;
        for (std::size_t c = 0; c < ratio.size(); ++c) {
          sum += ratio[c];
          if (sum > f) {
            expected = c + 1;
            break;
          }
        }
        segcore::PCA p({.variance_fraction = f});
        REQUIRE(p.fit(v).ok());
        CHECK(p.n_components() == expected);
        for (std::size_t c = 0; c < p.n_components(); ++c) {
          CHECK(p.explained_variance()[c] == full.explained_variance()[c]);
          for (std::size_t j = 0; j < d; ++j) CHECK(p.components()(c, j) == full.components()(c, j));
        }
        if (expected < full.n_components()) CHECK(p.noise_variance() > 0);
      }
    }
}

TEST_CASE("PCA's variance_fraction keeps one component of constant data") {
  std::vector<double> x(40, 3.5);
  segcore::PCA p({.variance_fraction = 0.5});
  REQUIRE(p.fit(ConstMatrixView<double>(x.data(), 10, 4)).ok());
  CHECK(p.n_components() == 1);
}

TEST_CASE("PCA's mle finds the rank of low-rank data with small noise") {
  // 400 rows in 8 dimensions: 3 strong latent directions plus noise 1e-3 of their size.
  const std::size_t n = 400, d = 8, r = 3;
  const auto latent = segcore_test::random_matrix(n, r, 11, -5, 5);
  const auto mixing = segcore_test::random_matrix(r, d, 12, -1, 1);
  const auto noise = segcore_test::random_matrix(n, d, 13, -5e-3, 5e-3);
  std::vector<double> x(n * d);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      double s = noise[i * d + j];
      for (std::size_t k = 0; k < r; ++k) s += latent[i * r + k] * mixing[k * d + j];
      x[i * d + j] = s;
    }
  segcore::PCA p({.mle = true});
  REQUIRE(p.fit(ConstMatrixView<double>(x.data(), n, d)).ok());
  CHECK(p.n_components() == r);
  // Fewer rows than features: refused, and the fit above is kept.
  CHECK(p.fit(ConstMatrixView<double>(x.data(), 5, d)).code() == absl::StatusCode::kInvalidArgument);
  CHECK(p.n_components() == r);
  segcore::PCA one_feature({.mle = true});
  CHECK(one_feature.fit(ConstMatrixView<double>(x.data(), 8, 1)).code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("PCA refuses bad selection options") {
  CHECK(!segcore::validate(segcore::PCAOptions{.variance_fraction = 1.0}).ok());
  CHECK(!segcore::validate(segcore::PCAOptions{.variance_fraction = -0.1}).ok());
  CHECK(!segcore::validate(segcore::PCAOptions{.variance_fraction = NAN}).ok());
  CHECK(!segcore::validate(segcore::PCAOptions{.n_components = 2, .variance_fraction = 0.5}).ok());
  CHECK(!segcore::validate(segcore::PCAOptions{.n_components = 2, .mle = true}).ok());
  CHECK(!segcore::validate(segcore::PCAOptions{.variance_fraction = 0.5, .mle = true}).ok());
  CHECK(segcore::validate(segcore::PCAOptions{.variance_fraction = 0.5}).ok());
  CHECK(segcore::validate(segcore::PCAOptions{.mle = true}).ok());
}
