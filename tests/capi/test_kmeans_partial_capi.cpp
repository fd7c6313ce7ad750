// The k-means partial states through the C ABI: Lloyd driven by create / accumulate / to_bytes /
// from_bytes / merge / next equals segcore_kmeans_fit from the same centers, and every bad
// input is a status with a message.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "segcore_cluster.h"
#include "support/blobs.hpp"

namespace {

std::string last() { return segcore_last_error_message(); }

std::vector<unsigned char> bytes_of(const segcore_kmeans_partial* s) {
  size_t size = 0;
  REQUIRE(segcore_kmeans_partial_to_bytes(s, nullptr, 0, &size) == SEGCORE_OK);
  std::vector<unsigned char> b(size);
  REQUIRE(segcore_kmeans_partial_to_bytes(s, b.data(), b.size(), &size) == SEGCORE_OK);
  return b;
}

segcore_kmeans_partial* copy_of(const segcore_kmeans_partial* s) {
  const auto b = bytes_of(s);
  segcore_kmeans_partial* out = nullptr;
  REQUIRE(segcore_kmeans_partial_from_bytes(&out, b.data(), b.size()) == SEGCORE_OK);
  return out;
}

template <class T>
int accumulate(segcore_kmeans_partial* s, const T* x, size_t n, size_t d, uint64_t first, int32_t* labels,
               size_t count) {
  if constexpr (std::is_same_v<T, float>)
    return segcore_kmeans_partial_accumulate_f32(s, x, n, d, nullptr, first, labels, count);
  else
    return segcore_kmeans_partial_accumulate_f64(s, x, n, d, nullptr, first, labels, count);
}

// One pass over three uneven blocks (one empty), each state copied through its bytes.
template <class T>
segcore_kmeans_partial* pass(const segcore_kmeans_partial* state, const std::vector<T>& x, size_t n, size_t d,
                             int32_t* labels) {
  const size_t cut[] = {0, n / 3, n / 3, n};
  segcore_kmeans_partial* merged = copy_of(state);
  for (int b = 0; b < 3; ++b) {
    segcore_kmeans_partial* part = copy_of(state);
    const size_t rows = cut[b + 1] - cut[b];
    REQUIRE(accumulate(part, x.data() + cut[b] * d, rows, d, cut[b], labels ? labels + cut[b] : nullptr, rows) ==
            SEGCORE_OK);
    segcore_kmeans_partial* travelled = copy_of(part);
    REQUIRE(segcore_kmeans_partial_merge(merged, travelled) == SEGCORE_OK);
    segcore_kmeans_partial_destroy(part);
    segcore_kmeans_partial_destroy(travelled);
  }
  return merged;
}

template <class T>
void same_as_fit(int32_t type, double rel) {
  const size_t n = 2000, d = 3, k = 4;
  auto b = segcore_test::blobs<T>(n, d, k, 3.0, 8);
  for (auto& v : b.x) v = static_cast<T>(v + 1e4);
  std::vector<double> init(b.x.begin() + 10 * d, b.x.begin() + (10 + k) * d);
  segcore_kmeans_options o;
  REQUIRE(segcore_kmeans_options_init(&o, sizeof o) == SEGCORE_OK);
  o.n_clusters = k;
  o.tol = 0;
  segcore_kmeans* km = nullptr;
  REQUIRE(segcore_kmeans_create(&km, &o) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_set_init_centers(km, init.data(), k, d) == SEGCORE_OK);
  if constexpr (std::is_same_v<T, float>)
    REQUIRE(segcore_kmeans_fit_f32(km, b.x.data(), n, d, nullptr) == SEGCORE_OK);
  else
    REQUIRE(segcore_kmeans_fit_f64(km, b.x.data(), n, d, nullptr) == SEGCORE_OK);

  segcore_kmeans_partial* state = nullptr;
  REQUIRE(segcore_kmeans_partial_create(&state, init.data(), k, d, type) == SEGCORE_OK);
  int64_t iters = 0;
  for (;;) {
    ++iters;
    segcore_kmeans_partial* merged = pass(state, b.x, n, d, nullptr);
    segcore_kmeans_partial* next = nullptr;
    double shift = -1;
    REQUIRE(segcore_kmeans_partial_next(merged, &next, &shift) == SEGCORE_OK);
    segcore_kmeans_partial_destroy(merged);
    segcore_kmeans_partial_destroy(state);
    state = next;
    if (shift <= 0 || iters == o.max_iter) break;
  }
  std::vector<int32_t> labels(n, -1), expected(n);
  segcore_kmeans_partial* last_pass = pass(state, b.x, n, d, labels.data());
  REQUIRE(segcore_kmeans_get_labels(km, expected.data(), n) == SEGCORE_OK);
  CHECK(labels == expected);
  int64_t fit_iters = 0;
  REQUIRE(segcore_kmeans_get_n_iter(km, &fit_iters) == SEGCORE_OK);
  CHECK(iters == fit_iters);
  std::vector<double> centers(k * d), fit_centers(k * d), weights(k);
  REQUIRE(segcore_kmeans_partial_get_centers(state, centers.data(), centers.size()) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_get_centers(km, fit_centers.data(), fit_centers.size()) == SEGCORE_OK);
  for (size_t q = 0; q < centers.size(); ++q)
    CHECK(std::abs(centers[q] - fit_centers[q]) <= rel * std::abs(fit_centers[q]));
  double inertia = 0, fit_inertia = 0;
  REQUIRE(segcore_kmeans_partial_get_inertia(last_pass, &inertia) == SEGCORE_OK);
  REQUIRE(segcore_kmeans_get_inertia(km, &fit_inertia) == SEGCORE_OK);
  CHECK(std::abs(inertia - fit_inertia) <= rel * fit_inertia);
  REQUIRE(segcore_kmeans_partial_get_weights(last_pass, weights.data(), weights.size()) == SEGCORE_OK);
  double total = 0;
  for (double w : weights) total += w;
  CHECK(total == n);
  size_t kk = 0, dd = 0;
  uint64_t rows = 0;
  REQUIRE(segcore_kmeans_partial_get_shape(last_pass, &kk, &dd, &rows) == SEGCORE_OK);
  CHECK(kk == k);
  CHECK(dd == d);
  CHECK(rows == n);
  segcore_kmeans_partial_destroy(last_pass);
  segcore_kmeans_partial_destroy(state);
  segcore_kmeans_destroy(km);
}

}  // namespace

TEST_CASE("k-means partial states through the C ABI give segcore_kmeans_fit's result") {
  same_as_fit<double>(SEGCORE_PARTIAL_F64, 1e-9);
  same_as_fit<float>(SEGCORE_PARTIAL_F32, 1e-5);
}

TEST_CASE("k-means partial states through the C ABI: bad input") {
  const std::vector<double> init{0, 0, 5, 5};
  const std::vector<double> x{0, 1, 1, 0, 5, 6, 6, 5};
  segcore_kmeans_partial* s = nullptr;
  CHECK(segcore_kmeans_partial_create(nullptr, init.data(), 2, 2, SEGCORE_PARTIAL_F64) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_partial_create(&s, nullptr, 2, 2, SEGCORE_PARTIAL_F64) == SEGCORE_EINVAL);
  CHECK(last().find("centers") != std::string::npos);
  CHECK(segcore_kmeans_partial_create(&s, init.data(), 2, 2, 9) == SEGCORE_EINVAL);
  CHECK(s == nullptr);
  REQUIRE(segcore_kmeans_partial_create(&s, init.data(), 2, 2, SEGCORE_PARTIAL_F64) == SEGCORE_OK);

  int32_t labels[4];
  CHECK(segcore_kmeans_partial_accumulate_f64(s, x.data(), 2, 4, nullptr, 0, nullptr, 0) == SEGCORE_EINVAL);  // wrong d
  CHECK(last().find("4 columns") != std::string::npos);
  CHECK(segcore_kmeans_partial_accumulate_f64(nullptr, x.data(), 4, 2, nullptr, 0, nullptr, 0) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_partial_accumulate_f64(s, nullptr, 4, 2, nullptr, 0, nullptr, 0) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_partial_accumulate_f64(s, x.data(), 4, 2, nullptr, 0, labels, 3) == SEGCORE_ERANGE);
  const std::vector<float> xf(8, 1.0f);
  CHECK(segcore_kmeans_partial_accumulate_f32(s, xf.data(), 4, 2, nullptr, 0, nullptr, 0) == SEGCORE_EINVAL);
  CHECK(last().find("float") != std::string::npos);
  segcore_kmeans_partial* next = nullptr;
  CHECK(segcore_kmeans_partial_next(s, &next, nullptr) == SEGCORE_EINVAL);  // no rows yet
  REQUIRE(segcore_kmeans_partial_accumulate_f64(s, x.data(), 4, 2, nullptr, 0, labels, 4) == SEGCORE_OK);
  CHECK(labels[0] == 0);
  CHECK(labels[3] == 1);

  segcore_kmeans_partial* other = nullptr;
  const std::vector<double> init3{0, 0, 5, 5, 9, 9};
  REQUIRE(segcore_kmeans_partial_create(&other, init3.data(), 3, 2, SEGCORE_PARTIAL_F64) == SEGCORE_OK);
  CHECK(segcore_kmeans_partial_merge(s, other) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_partial_merge(s, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_partial_merge(nullptr, other) == SEGCORE_EINVAL);
  segcore_kmeans_partial_destroy(other);

  double inertia = 0;
  CHECK(segcore_kmeans_partial_get_inertia(s, nullptr) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_partial_get_inertia(nullptr, &inertia) == SEGCORE_EINVAL);
  std::vector<double> c(3);
  CHECK(segcore_kmeans_partial_get_centers(s, c.data(), 3) == SEGCORE_ERANGE);
  CHECK(segcore_kmeans_partial_get_weights(s, c.data(), 1) == SEGCORE_ERANGE);
  CHECK(segcore_kmeans_partial_get_shape(nullptr, nullptr, nullptr, nullptr) == SEGCORE_EINVAL);

  auto b = bytes_of(s);
  size_t size = 0;
  CHECK(segcore_kmeans_partial_to_bytes(s, b.data(), b.size() - 1, &size) == SEGCORE_ERANGE);
  CHECK(segcore_kmeans_partial_to_bytes(s, nullptr, 5, &size) == SEGCORE_EINVAL);
  segcore_kmeans_partial* back = nullptr;
  CHECK(segcore_kmeans_partial_from_bytes(&back, nullptr, 10) == SEGCORE_EINVAL);
  CHECK(segcore_kmeans_partial_from_bytes(&back, b.data(), b.size() - 3) == SEGCORE_ECORRUPT);
  CHECK(last().find("truncated") != std::string::npos);
  b[b.size() / 2] ^= 1;
  CHECK(segcore_kmeans_partial_from_bytes(&back, b.data(), b.size()) == SEGCORE_ECORRUPT);
  CHECK(last().find("checksum") != std::string::npos);
  CHECK(back == nullptr);
  segcore_kmeans_partial_destroy(s);
  segcore_kmeans_partial_destroy(nullptr);
}
