#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "segcore_cluster.h"
#include "support/blobs.hpp"

namespace {
std::string last() { return segcore_last_error_message(); }
}  // namespace

TEST_CASE("k-means through the C ABI: fit, labels, centers, predict, transform") {
  auto b = segcore_test::blobs<float>(3000, 4, 3, 40.0, 4);
  for (int32_t alg : {SEGCORE_KMEANS_LLOYD, SEGCORE_KMEANS_HAMERLY, SEGCORE_KMEANS_MINIBATCH}) {
    segcore_kmeans_options o;
    REQUIRE(segcore_kmeans_options_init(&o, sizeof o) == SEGCORE_OK);
    o.n_clusters = 3;
    o.algorithm = alg;
    o.n_threads = 2;
    o.batch_size = 256;
    segcore_kmeans* km = nullptr;
    REQUIRE(segcore_kmeans_create(&km, &o) == SEGCORE_OK);
    std::vector<int32_t> labels(3000), predicted(3000);
    CHECK(segcore_kmeans_get_labels(km, labels.data(), labels.size()) == SEGCORE_ENOTFITTED);
    REQUIRE(segcore_kmeans_fit_f32(km, b.x.data(), 3000, 4, nullptr) == SEGCORE_OK);
    size_t k = 0, d = 0, n = 0;
    REQUIRE(segcore_kmeans_get_shape(km, &k, &d, &n) == SEGCORE_OK);
    CHECK(k == 3);
    CHECK(d == 4);
    CHECK(n == 3000);
    REQUIRE(segcore_kmeans_get_labels(km, labels.data(), labels.size()) == SEGCORE_OK);
    REQUIRE(segcore_kmeans_predict_f32(km, b.x.data(), 3000, 4, predicted.data(), predicted.size()) == SEGCORE_OK);
    CHECK(predicted == labels);
    std::vector<double> centers(12), dist(3000 * 3);
    REQUIRE(segcore_kmeans_get_centers(km, centers.data(), centers.size()) == SEGCORE_OK);
    REQUIRE(segcore_kmeans_transform_f32(km, b.x.data(), 3000, 4, dist.data(), dist.size()) == SEGCORE_OK);
    for (size_t i = 0; i < 3000; ++i) CHECK(dist[i * 3 + labels[i]] <= dist[i * 3 + (labels[i] + 1) % 3]);
    double inertia = 0;
    int64_t iters = 0;
    REQUIRE(segcore_kmeans_get_inertia(km, &inertia) == SEGCORE_OK);
    REQUIRE(segcore_kmeans_get_n_iter(km, &iters) == SEGCORE_OK);
    CHECK(inertia > 0);
    CHECK(iters >= 1);
    CHECK(segcore_kmeans_get_centers(km, centers.data(), 11) == SEGCORE_ERANGE);
    const int partial = segcore_kmeans_partial_fit_f32(km, b.x.data(), 500, 4, nullptr);
    CHECK(partial == (alg == SEGCORE_KMEANS_MINIBATCH ? SEGCORE_OK : SEGCORE_EUNSUPPORTED));
    segcore_kmeans_destroy(km);
  }
}

TEST_CASE("k-means C ABI: given initial centers, weights, and every kind of bad input") {
  std::vector<double> x = {0, 0, 0, 1, 10, 10, 10, 11};
  std::vector<double> init = {0, 0, 10, 10};
  segcore_kmeans* km = nullptr;
  segcore_kmeans_options o;
  REQUIRE(segcore_kmeans_options_init(&o, sizeof o) == SEGCORE_OK);
  o.n_clusters = 2;
  REQUIRE(segcore_kmeans_create(&km, &o) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_set_init_centers(km, init.data(), 2, 2) == SEGCORE_OK);
  std::vector<double> w = {1, 3, 1, 1};
  REQUIRE(segcore_kmeans_fit_f64(km, x.data(), 4, 2, w.data()) == SEGCORE_OK);
  std::vector<double> c(4);
  REQUIRE(segcore_kmeans_get_centers(km, c.data(), 4) == SEGCORE_OK);
  CHECK(c == std::vector<double>{0, 0.75, 10, 10.5});

  CHECK(segcore_kmeans_set_init_centers(km, init.data(), 3, 2) == SEGCORE_EINVAL);
  CHECK(last() == "KMeans::set_initial_centers: centers are 3 x 2; n_clusters is 2");
  x[3] = 0.0 / 0.0;
  CHECK(segcore_kmeans_fit_f64(km, x.data(), 4, 2, nullptr) == SEGCORE_EINVAL);
  CHECK(last() == "KMeans::fit: row 1, column 1 is NaN");
  CHECK(segcore_kmeans_fit_f64(km, nullptr, 4, 2, nullptr) == SEGCORE_EINVAL);
  CHECK(last() == "segcore_kmeans_fit_f64: x is NULL");
  CHECK(segcore_kmeans_fit_f64(nullptr, x.data(), 4, 2, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_fit_f64(km, x.data(), 1, 2, nullptr) == SEGCORE_EINVAL);
  CHECK(last() == "KMeans::fit: n_clusters = 2 is more than the 1 rows");
  std::vector<int32_t> labels(4);
  CHECK(segcore_kmeans_predict_f64(km, init.data(), 1, 3, labels.data(), 4) == SEGCORE_EINVAL);
  CHECK(last() == "KMeans::predict: x has 3 columns; the model was fitted on 2");
  segcore_kmeans_destroy(km);

  o.algorithm = 9;
  CHECK(segcore_kmeans_create(&km, &o) == SEGCORE_EINVAL);
  CHECK(km == nullptr);
  o.algorithm = SEGCORE_KMEANS_LLOYD;
  o.n_clusters = -3;
  CHECK(segcore_kmeans_create(&km, &o) == SEGCORE_EINVAL);
  CHECK(last() == "KMeans options: n_clusters is -3; it must be in [1, 16777216]");
}

TEST_CASE("mini-batch k-means C ABI: its own defaults, max_no_improvement, passes and steps") {
  segcore_kmeans_options o;
  REQUIRE(segcore_kmeans_minibatch_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(o.algorithm == SEGCORE_KMEANS_MINIBATCH);
  CHECK(o.max_iter == 100);
  CHECK(o.tol == 0.0);
  CHECK(o.max_no_improvement == 10);
  CHECK(o.batch_size == 1024);
  segcore_kmeans_options lloyd;
  REQUIRE(segcore_kmeans_options_init(&lloyd, sizeof lloyd) == SEGCORE_OK);
  CHECK(lloyd.max_iter == 300);
  CHECK(lloyd.max_no_improvement == 10);
  CHECK(segcore_kmeans_minibatch_options_init(&o, 8) == SEGCORE_EINVAL);

  auto b = segcore_test::blobs<double>(100, 2, 3, 20.0, 5);
  o.n_clusters = 3;
  o.batch_size = 30;
  o.max_iter = 10;
  o.max_no_improvement = 0;  // never stop early: all 10 passes
  segcore_kmeans* km = nullptr;
  REQUIRE(segcore_kmeans_create(&km, &o) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_fit_f64(km, b.x.data(), 100, 2, nullptr) == SEGCORE_OK);
  int64_t passes = 0, steps = 0;
  REQUIRE(segcore_kmeans_get_n_iter(km, &passes) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_get_n_steps(km, &steps) == SEGCORE_OK);
  CHECK(passes == 10);
  CHECK(steps == 30);
  REQUIRE(segcore_kmeans_partial_fit_f64(km, b.x.data(), 40, 2, nullptr) == SEGCORE_OK);
  size_t n_labels = 0;
  REQUIRE(segcore_kmeans_get_shape(km, nullptr, nullptr, &n_labels) == SEGCORE_OK);
  CHECK(n_labels == 40);
  CHECK(segcore_kmeans_get_n_steps(km, nullptr) == SEGCORE_EINVAL);
  segcore_kmeans_destroy(km);

  o.reserved0 = 1;
  CHECK(segcore_kmeans_create(&km, &o) == SEGCORE_EINVAL);
  CHECK(last() == "segcore_kmeans_create: reserved0 is 1; it must be 0");
}

TEST_CASE("the instruction set can be read and forced through the C ABI") {
  const std::string best = segcore_simd_arch();
  REQUIRE(segcore_set_simd_arch("scalar") == SEGCORE_OK);
  CHECK(std::string(segcore_simd_arch()) == "scalar");
  CHECK(segcore_set_simd_arch("mmx") == SEGCORE_EINVAL);
  CHECK(last().find("'mmx' is not available here") != std::string::npos);
  REQUIRE(segcore_set_simd_arch(nullptr) == SEGCORE_OK);
  CHECK(std::string(segcore_simd_arch()) == best);
}
