// k-means at the edges of double's range: sample weights near the largest double, and rows
// whose squared distances overflow. Either the right answer or a clear error, never NaN or
// infinity returned as success.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "segcore/kmeans.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/simd.hpp"
#include "support/blobs.hpp"

using segcore::ConstMatrixView;
using segcore::KMeans;
using segcore::KMeansAlgorithm;
using segcore::MatrixView;

namespace {

bool all_finite(ConstMatrixView<double> c) {
  for (std::size_t q = 0; q < c.size(); ++q)
    if (!std::isfinite(c.data()[q])) return false;
  return true;
}

// Euclidean distance in long double, whose range holds the square of any double.
long double exact_distance(const double* x, const double* c, std::size_t d) {
  long double s = 0;
  for (std::size_t j = 0; j < d; ++j) {
    const long double diff = static_cast<long double>(x[j]) - static_cast<long double>(c[j]);
    s += diff * diff;
  }
  return std::sqrt(s);
}

// The nearest of k centers by |c|^2 - 2 x.c (the squared distance less |x|^2) in long double:
// for rows near the largest double the distances themselves differ by less than long double
// resolves, their difference 2 x.(c_a - c_b) does not.
int exact_nearest(const double* x, const double* centers, int k, std::size_t d) {
  long double best = INFINITY;
  int want = -1;
  for (int a = 0; a < k; ++a) {
    long double v = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const long double c = centers[a * d + j];
      v += c * c - 2.0L * static_cast<long double>(x[j]) * c;
    }
    if (v < best) best = v, want = a;
  }
  return want;
}

}  // namespace

TEST_CASE("k-means with weights near the largest double: the unit-weight centers, or a clear error") {
  auto b = segcore_test::blobs(600, 3, 4, 30.0, 8);
  std::vector<double> unit(600), huge(600), too_huge(600);
  for (std::size_t i = 0; i < 600; ++i) {
    unit[i] = 1.0 + static_cast<double>(i % 3);
    huge[i] = std::ldexp(unit[i], 1000);      // weights times 2^1000: k-means++ masses overflow
    too_huge[i] = std::ldexp(unit[i], 1021);  // the inertia itself is beyond the largest double
  }
  for (auto alg : {KMeansAlgorithm::lloyd, KMeansAlgorithm::hamerly}) {
    CAPTURE(static_cast<int>(alg));
    KMeans ref({.n_clusters = 4, .algorithm = alg, .seed = 2}), km({.n_clusters = 4, .algorithm = alg, .seed = 2});
    REQUIRE(ref.fit(ConstMatrixView<double>(b.x.data(), 600, 3), unit).ok());
    REQUIRE(km.fit(ConstMatrixView<double>(b.x.data(), 600, 3), huge).ok());
    // Scaling every weight by a power of two changes nothing but the inertia's scale.
    CHECK(all_finite(km.centers()));
    CHECK(km.labels() == ref.labels());
    for (std::size_t q = 0; q < 12; ++q) CHECK(km.centers().data()[q] == ref.centers().data()[q]);
    CHECK(km.inertia() == std::ldexp(ref.inertia(), 1000));

    KMeans over({.n_clusters = 4, .algorithm = alg, .seed = 2});
    const auto s = over.fit(ConstMatrixView<double>(b.x.data(), 600, 3), too_huge);
    CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    CHECK(std::string(s.message()).find("inertia") != std::string::npos);
    CHECK(std::string(s.message()).find("sample_weight") != std::string::npos);
  }
}

TEST_CASE("mini-batch k-means with weights near the largest double: finite centers or an error, never NaN") {
  auto b = segcore_test::blobs(600, 3, 4, 30.0, 8);
  for (int e : {1000, 1010, 1021}) {
    std::vector<double> w(600);
    for (std::size_t i = 0; i < 600; ++i) w[i] = std::ldexp(1.0 + static_cast<double>(i % 3), e);
    CAPTURE(e);
    segcore::MiniBatchKMeans fit({.n_clusters = 4, .batch_size = 100, .seed = 2});
    const auto s = fit.fit(ConstMatrixView<double>(b.x.data(), 600, 3), w);
    if (s.ok()) {
      CHECK(all_finite(fit.centers()));
      CHECK(std::isfinite(fit.inertia()));
    } else {
      CHECK(s.code() == absl::StatusCode::kInvalidArgument);
      CHECK(std::string(s.message()).find("sample_weight") != std::string::npos);
      CHECK_FALSE(fit.fitted());
    }
    segcore::MiniBatchKMeans stream({.n_clusters = 4, .seed = 2});
    const auto p = stream.partial_fit(ConstMatrixView<double>(b.x.data(), 600, 3), w);
    if (p.ok()) {
      CHECK(all_finite(stream.centers()));
    } else {
      CHECK(std::string(p.message()).find("sample_weight") != std::string::npos);
      CHECK_FALSE(stream.fitted());
    }
  }
}

TEST_CASE("predict and transform on rows whose squared distances overflow") {
  auto b = segcore_test::blobs(400, 3, 3, 20.0, 4);
  KMeans km({.n_clusters = 3, .seed = 1});
  REQUIRE(km.fit(ConstMatrixView<double>(b.x.data(), 400, 3)).ok());
  const double* c = km.centers().data();
  // Far rows in several directions (their squares overflow double), a row near the largest
  // double, and an ordinary row.
  std::vector<double> x = {1e200, 0, 0, -3e250, 2e250, 5, 1.0, -1e300, 1e160, 1.5e308, -1.2e308, 1e308, 1.0, 2.0, 3.0};
  const std::size_t n = x.size() / 3;
  for (const auto& arch : segcore::available_simd_archs()) {
    REQUIRE(segcore::set_simd_arch(arch).ok());
    CAPTURE(arch);
    std::vector<std::int32_t> labels(n);
    REQUIRE(km.predict(ConstMatrixView<double>(x.data(), n, 3), labels).ok());
    for (std::size_t i = 0; i < n; ++i) {
      CAPTURE(i);
      CHECK(labels[i] == exact_nearest(&x[i * 3], c, 3, 3));
    }
    // transform: finite and right for rows whose distance is a double, an error naming the
    // row for the one whose distance exceeds the largest double.
    std::vector<double> dist(n * 3);
    const std::vector<double> fits(x.begin(), x.begin() + 9);
    REQUIRE(km.transform(ConstMatrixView<double>(fits.data(), 3, 3), MatrixView<double>(dist.data(), 3, 3)).ok());
    for (std::size_t i = 0; i < 3; ++i)
      for (std::size_t a = 0; a < 3; ++a)
        CHECK(dist[i * 3 + a] ==
              doctest::Approx(static_cast<double>(exact_distance(&x[i * 3], c + a * 3, 3))).epsilon(1e-14));
    const auto s = km.transform(ConstMatrixView<double>(x.data(), n, 3), MatrixView<double>(dist.data(), n, 3));
    CHECK(s.code() == absl::StatusCode::kInvalidArgument);
    CHECK(std::string(s.message()).find("row 3") != std::string::npos);

    // float rows whose products with the centers overflow float.
    std::vector<float> xf = {3e38f, 0, 0, -2e38f, 1e38f, 0, 1.0f, 2.0f, 3.0f};
    std::vector<std::int32_t> lf(3);
    REQUIRE(km.predict(ConstMatrixView<float>(xf.data(), 3, 3), lf).ok());
    for (std::size_t i = 0; i < 3; ++i) {
      const double row[3] = {xf[i * 3], xf[i * 3 + 1], xf[i * 3 + 2]};
      CAPTURE(i);
      CHECK(lf[i] == exact_nearest(row, c, 3, 3));
    }
  }
  REQUIRE(segcore::set_simd_arch("").ok());
}
