#include <doctest/doctest.h>

#include <map>
#include <vector>

#include "segcore/minibatch_kmeans.hpp"
#include "support/blobs.hpp"

using segcore::ConstMatrixView;
using segcore::MiniBatchKMeans;

namespace {
bool same_partition(const std::vector<std::int32_t>& a, const std::vector<int>& b) {
  std::map<int, int> ab, ba;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ab.emplace(a[i], b[i]).first->second != b[i] || ba.emplace(b[i], a[i]).first->second != a[i]) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("mini-batch k-means finds well-separated blobs") {
  auto b = segcore_test::blobs(20000, 4, 5, 40.0, 2);
  MiniBatchKMeans km({.n_clusters = 5, .batch_size = 512, .seed = 1, .n_threads = 2});
  REQUIRE(km.fit(ConstMatrixView<double>(b.x.data(), 20000, 4)).ok());
  CHECK(same_partition(km.labels(), b.truth));
  CHECK(km.n_steps() > 0);
  std::vector<std::int32_t> labels(20000);
  REQUIRE(km.predict(ConstMatrixView<double>(b.x.data(), 20000, 4), labels).ok());
  CHECK(labels == km.labels());
}

TEST_CASE("partial_fit over a stream converges to the blob centers, the same for any thread count") {
  auto b = segcore_test::blobs<float>(30000, 3, 4, 30.0, 8);
  std::vector<double> first;
  for (int threads : {1, 2}) {
    MiniBatchKMeans km({.n_clusters = 4, .seed = 3, .n_threads = threads});
    for (std::size_t i = 0; i < 30000; i += 1000)
      REQUIRE(km.partial_fit(ConstMatrixView<float>(b.x.data() + i * 3, 1000, 3)).ok());
    CHECK(km.n_steps() == 30);
    std::vector<double> c(km.centers().data(), km.centers().data() + 12);
    if (first.empty())
      first = c;
    else
      CHECK(c == first);
    // Each true center has a fitted center within 0.2 (noise s.d. 1, ~7500 rows each).
    for (std::size_t t = 0; t < 4; ++t) {
      double best = 1e300;
      for (std::size_t a = 0; a < 4; ++a) {
        double s = 0;
        for (std::size_t j = 0; j < 3; ++j)
          s += (c[a * 3 + j] - b.centers[t * 3 + j]) * (c[a * 3 + j] - b.centers[t * 3 + j]);
        best = std::min(best, s);
      }
      CHECK(best < 0.04);
    }
  }
}

TEST_CASE("mini-batch k-means refuses bad input") {
  std::vector<double> x(10 * 2, 1.0);
  MiniBatchKMeans km({.n_clusters = 20});
  CHECK(std::string(km.partial_fit(ConstMatrixView<double>(x.data(), 10, 2)).message()) ==
        "MiniBatchKMeans::partial_fit: the first batch has 10 rows; at least n_clusters = 20 are needed");
  CHECK(std::string(MiniBatchKMeans({.batch_size = 0}).fit(ConstMatrixView<double>(x.data(), 10, 2)).message()) ==
        "MiniBatchKMeans options: batch_size is 0; it must be >= 1");
  MiniBatchKMeans ok({.n_clusters = 2});
  std::vector<double> y = {0, 0, 1, 1, 5, 5, 6, 6};
  REQUIRE(ok.partial_fit(ConstMatrixView<double>(y.data(), 4, 2)).ok());
  CHECK(ok.partial_fit(ConstMatrixView<double>(y.data(), 2, 4)).code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("mini-batch fit: weights count from the first batch on, so a common scale changes nothing") {
  // A power-of-two scale is exact: the results must then be bit-identical (any other scale
  // only adds rounding, which may tip a near tie of the smoothed inertia).
  auto b = segcore_test::blobs<double>(997, 3, 5, 20.0, 11);
  std::vector<double> w(997), w_scaled(997);
  for (std::size_t i = 0; i < w.size(); ++i)
    w[i] = 0.25 + static_cast<double>((i * 37) % 11), w_scaled[i] = w[i] / 1024;
  const ConstMatrixView<double> x(b.x.data(), 997, 3);
  for (int batch : {64, 2048}) {  // several batches a pass, and one batch of all rows
    MiniBatchKMeans a({.n_clusters = 5, .batch_size = batch, .max_iter = 20, .seed = 4});
    MiniBatchKMeans c({.n_clusters = 5, .batch_size = batch, .max_iter = 20, .seed = 4});
    REQUIRE(a.fit(x, w).ok());
    REQUIRE(c.fit(x, w_scaled).ok());
    CHECK(a.labels() == c.labels());
    CHECK(a.n_steps() == c.n_steps());
    for (std::size_t q = 0; q < 15; ++q) CHECK(a.centers().data()[q] == c.centers().data()[q]);
    CHECK(a.inertia() == c.inertia() * 1024);
  }
}

TEST_CASE("mini-batch fit: n_iter counts passes over the data, n_steps the batches") {
  auto b = segcore_test::blobs<double>(100, 2, 3, 20.0, 5);
  MiniBatchKMeans km({.n_clusters = 3, .batch_size = 30, .max_iter = 10, .tol = 0, .max_no_improvement = 0, .seed = 1});
  REQUIRE(km.fit(ConstMatrixView<double>(b.x.data(), 100, 2)).ok());
  CHECK(km.n_iter() == 10);
  CHECK(km.n_steps() == 30);  // 3 full batches of 30 a pass
  REQUIRE(km.partial_fit(ConstMatrixView<double>(b.x.data(), 40, 2)).ok());
  CHECK(km.n_iter() == 10);
  CHECK(km.n_steps() == 31);
}

TEST_CASE("mini-batch partial_fit: labels and inertia of the batch against the updated centers") {
  auto b = segcore_test::blobs<double>(600, 3, 4, 10.0, 21);
  MiniBatchKMeans km({.n_clusters = 4, .seed = 2});
  for (std::size_t i0 : {0, 200, 400}) {
    const ConstMatrixView<double> x(b.x.data() + i0 * 3, 200, 3);
    REQUIRE(km.partial_fit(x).ok());
    REQUIRE(km.labels().size() == 200);
    const auto c = km.centers();
    double inertia = 0;
    for (std::size_t i = 0; i < 200; ++i) {
      double best = 1e300;
      std::int32_t arg = -1;
      for (std::size_t a = 0; a < 4; ++a) {
        double s = 0;
        for (std::size_t j = 0; j < 3; ++j) s += (x(i, j) - c(a, j)) * (x(i, j) - c(a, j));
        if (s < best) best = s, arg = static_cast<std::int32_t>(a);
      }
      CHECK(km.labels()[i] == arg);
      inertia += best;
    }
    CHECK(km.inertia() == doctest::Approx(inertia).epsilon(1e-12));
  }
}

TEST_CASE("mini-batch fit: k-means++ falls back to all rows when its sample has too few distinct rows") {
  std::vector<double> x(200 * 2, 0.0);
  for (std::size_t r = 0; r < 6; ++r) x[(194 + r) * 2] = static_cast<double>(r + 1);  // 7 distinct rows
  for (int batch : {1, 2, 5}) {
    MiniBatchKMeans km({.n_clusters = 7, .batch_size = batch, .seed = 0});
    CHECK(km.fit(ConstMatrixView<double>(x.data(), 200, 2)).ok());
  }
  MiniBatchKMeans too_many({.n_clusters = 8, .batch_size = 2});
  CHECK(too_many.fit(ConstMatrixView<double>(x.data(), 200, 2)).code() == absl::StatusCode::kInvalidArgument);
}
