#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <utility>
#include <vector>

#include "cluster/kmeans_engine.hpp"
#include "cluster/rng.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/simd.hpp"
#include "support/blobs.hpp"

using segcore::ConstMatrixView;
using segcore::KMeans;
using segcore::KMeansAlgorithm;
using segcore::KMeansOptions;

namespace {

template <class T>
ConstMatrixView<T> view(const std::vector<T>& x, std::size_t d) {
  return ConstMatrixView<T>(x.data(), x.size() / d, d);
}

// A textbook Lloyd in double, same rules as segcore's (scikit-learn's): assign, update,
// stop on no change or on total squared shift <= tol; relabel when stopped by tol.
struct NaiveResult {
  std::vector<int> labels;
  std::vector<double> centers;
  int n_iter;
};
template <class T>
NaiveResult naive_lloyd(const std::vector<T>& x, std::size_t d, std::vector<double> c, int max_iter, double tol) {
  const std::size_t n = x.size() / d, k = c.size() / d;
  std::vector<int> labels(n, -1);
  auto assign = [&] {
    std::size_t changed = 0;
    for (std::size_t i = 0; i < n; ++i) {
      int best = 0;
      double bd = std::numeric_limits<double>::infinity();
      for (std::size_t a = 0; a < k; ++a) {
        double s = 0;
        for (std::size_t j = 0; j < d; ++j)
          s += (double(x[i * d + j]) - c[a * d + j]) * (double(x[i * d + j]) - c[a * d + j]);
        if (s < bd) bd = s, best = static_cast<int>(a);
      }
      changed += labels[i] != best;
      labels[i] = best;
    }
    return changed;
  };
  int it = 0;
  bool strict = false;
  for (; it < max_iter; ++it) {
    std::size_t changed = assign();
    std::vector<double> sums(k * d, 0.0), cnt(k, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      cnt[labels[i]] += 1;
      for (std::size_t j = 0; j < d; ++j) sums[labels[i] * d + j] += x[i * d + j];
    }
    double shift = 0;
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t j = 0; j < d; ++j) {
        double v = cnt[a] > 0 ? sums[a * d + j] / cnt[a] : c[a * d + j];
        shift += (v - c[a * d + j]) * (v - c[a * d + j]);
        c[a * d + j] = v;
      }
    if (changed == 0) {
      strict = true;
      break;
    }
    if (shift <= tol) break;
  }
  if (!strict) assign();
  return {labels, c, std::min(it + 1, max_iter)};
}

// Same partition up to renumbering.
bool same_partition(const std::vector<std::int32_t>& a, const std::vector<int>& b) {
  std::map<int, int> ab, ba;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto [x, new_x] = ab.emplace(a[i], b[i]);
    auto [y, new_y] = ba.emplace(b[i], a[i]);
    if (x->second != b[i] || y->second != a[i]) return false;
  }
  return true;
}

std::vector<double> first_rows(const std::vector<double>& x, std::size_t d, std::size_t k) {
  return std::vector<double>(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(k * d));
}

}  // namespace

TEST_CASE("k-means finds well-separated blobs") {
  auto b = segcore_test::blobs(3000, 5, 6, 50.0, 1);
  KMeans km({.n_clusters = 6, .n_init = 3, .seed = 42, .n_threads = 2});
  REQUIRE(km.fit(view(b.x, 5)).ok());
  CHECK(same_partition(km.labels(), b.truth));
  CHECK(km.n_iter() >= 1);
  double direct = 0;
  for (std::size_t i = 0; i < 3000; ++i)
    for (std::size_t j = 0; j < 5; ++j) {
      double diff = b.x[i * 5 + j] - km.centers()(km.labels()[i], j);
      direct += diff * diff;
    }
  CHECK(km.inertia() == doctest::Approx(direct).epsilon(1e-12));
}

TEST_CASE("Lloyd matches a textbook implementation from the same initial centers") {
  for (std::size_t d : {1u, 3u, 17u}) {
    for (std::size_t k : {1u, 4u, 20u}) {
      auto b = segcore_test::blobs(1500, d, 8, 3.0, d * 100 + k);  // overlapping blobs
      auto init = first_rows(b.x, d, k);
      KMeans km({.n_clusters = static_cast<int>(k), .max_iter = 50, .tol = 0.0});
      REQUIRE(km.set_initial_centers(ConstMatrixView<double>(init.data(), k, d)).ok());
      REQUIRE(km.fit(view(b.x, d)).ok());
      auto ref = naive_lloyd(b.x, d, init, 50, 0.0);
      CAPTURE(d);
      CAPTURE(k);
      CHECK(km.n_iter() == ref.n_iter);
      CHECK(std::vector<int>(km.labels().begin(), km.labels().end()) == ref.labels);
      for (std::size_t q = 0; q < k * d; ++q)
        CHECK(km.centers().data()[q] == doctest::Approx(ref.centers[q]).epsilon(1e-10));
    }
  }
}

TEST_CASE("Hamerly gives Lloyd's labels and iteration count, and its centers to rounding") {
  for (std::size_t k : {1u, 2u, 7u, 33u}) {
    for (double spread : {2.0, 20.0}) {
      auto b = segcore_test::blobs(4000, 6, 10, spread, k + 7);
      std::vector<float> xf(b.x.begin(), b.x.end());
      auto init = first_rows(b.x, 6, k);
      for (auto tol : {0.0, 1e-4}) {
        KMeansOptions o{.n_clusters = static_cast<int>(k), .max_iter = 100, .tol = tol, .n_threads = 2};
        KMeans lloyd(o), hamerly((o.algorithm = KMeansAlgorithm::hamerly, o));
        for (KMeans* km : {&lloyd, &hamerly})
          REQUIRE(km->set_initial_centers(ConstMatrixView<double>(init.data(), k, 6)).ok());
        REQUIRE(lloyd.fit(view(b.x, 6)).ok());
        REQUIRE(hamerly.fit(view(b.x, 6)).ok());
        CAPTURE(k);
        CAPTURE(spread);
        // Same labels and iterations; centers and inertia to rounding (Hamerly moves single
        // rows between the running sums, Lloyd sums every row afresh).
        auto same_fit = [&] {
          CHECK(hamerly.labels() == lloyd.labels());
          CHECK(hamerly.n_iter() == lloyd.n_iter());
          for (std::size_t q = 0; q < k * 6; ++q)
            CHECK(hamerly.centers().data()[q] == doctest::Approx(lloyd.centers().data()[q]).epsilon(1e-12).scale(1.0));
          CHECK(hamerly.inertia() == doctest::Approx(lloyd.inertia()).epsilon(1e-12));
        };
        same_fit();
        REQUIRE(lloyd.fit(view(xf, 6)).ok());
        REQUIRE(hamerly.fit(view(xf, 6)).ok());
        same_fit();
      }
    }
  }
}

TEST_CASE("Hamerly equals Lloyd for small d on every instruction set") {
  // Lloyd labels rows with nearest (for small d the rows-in-lanes layout), Hamerly with
  // nearest2 (centers in lanes): they must agree exactly on every arch.
  for (std::size_t d : {1u, 2u, 5u, 8u, 13u, 16u}) {
    for (std::size_t k : {3u, 17u, 40u}) {
      auto b = segcore_test::blobs<float>(3000, d, 12, 3.0, d * 100 + k);
      std::vector<double> init(k * d);
      for (std::size_t q = 0; q < k * d; ++q) init[q] = b.x[q * 7 % b.x.size()];
      for (const auto& arch : segcore::available_simd_archs()) {
        REQUIRE(segcore::set_simd_arch(arch).ok());
        KMeansOptions o{.n_clusters = static_cast<int>(k), .max_iter = 50, .tol = 0.0, .n_threads = 2};
        KMeans lloyd(o), hamerly((o.algorithm = KMeansAlgorithm::hamerly, o));
        for (KMeans* km : {&lloyd, &hamerly})
          REQUIRE(km->set_initial_centers(ConstMatrixView<double>(init.data(), k, d)).ok());
        REQUIRE(lloyd.fit(view(b.x, d)).ok());
        REQUIRE(hamerly.fit(view(b.x, d)).ok());
        CAPTURE(d);
        CAPTURE(k);
        CAPTURE(arch);
        CHECK(hamerly.labels() == lloyd.labels());
        CHECK(hamerly.n_iter() == lloyd.n_iter());
        CHECK(hamerly.inertia() == doctest::Approx(lloyd.inertia()).epsilon(1e-12));
      }
    }
  }
  REQUIRE(segcore::set_simd_arch("").ok());
}

TEST_CASE("k-means is bit-identical for 1, 2 and 3 threads") {
  auto b = segcore_test::blobs<float>(20000, 8, 12, 4.0, 3);
  for (auto alg : {KMeansAlgorithm::lloyd, KMeansAlgorithm::hamerly}) {
    std::vector<double> centers;
    std::vector<std::int32_t> labels;
    double inertia = 0;
    for (int threads : {1, 2, 3}) {
      KMeans km({.n_clusters = 12, .n_init = 2, .algorithm = alg, .seed = 9, .n_threads = threads});
      REQUIRE(km.fit(view(b.x, 8)).ok());
      std::vector<double> c(km.centers().data(), km.centers().data() + 12 * 8);
      if (threads == 1) {
        centers = c, labels = km.labels(), inertia = km.inertia();
      } else {
        CHECK(c == centers);
        CHECK(km.labels() == labels);
        CHECK(km.inertia() == inertia);
      }
    }
  }
}

TEST_CASE("the same seed gives the same k-means++ start; another seed another") {
  // The start itself (the engine's k-means++ with the seed KMeans derives for its first run),
  // then that KMeans::fit really starts there: one iteration from it equals one from the same
  // centers given by hand.
  auto b = segcore_test::blobs(2000, 4, 5, 10.0, 5);
  const segcore::detail::Points<double> p(view(b.x, 4), {}, 1);
  auto start = [&](std::uint64_t seed) {
    segcore::detail::Rng rng(segcore::detail::run_seed(seed, 0));
    auto c = segcore::detail::kmeans_plusplus(p, 5, rng);
    REQUIRE(c.ok());
    return *c;
  };
  const std::vector<double> a = start(1), same = start(1), other = start(2);
  CHECK(a == same);
  CHECK(a != other);
  // k-means++ starts on data rows, all different.
  std::set<std::vector<double>> rows;
  for (std::size_t i = 0; i < 2000; ++i) rows.insert(std::vector<double>(&b.x[i * 4], &b.x[i * 4 + 4]));
  std::set<std::vector<double>> picked;
  for (std::size_t c = 0; c < 5; ++c) picked.insert(std::vector<double>(&a[c * 4], &a[c * 4 + 4]));
  CHECK(picked.size() == 5);
  for (const auto& c : picked) CHECK(rows.count(c) == 1);

  for (auto [seed, centers] : {std::pair{std::uint64_t{1}, a}, std::pair{std::uint64_t{2}, other}}) {
    CAPTURE(seed);
    KMeans seeded({.n_clusters = 5, .max_iter = 1, .seed = seed}), given({.n_clusters = 5, .max_iter = 1});
    REQUIRE(given.set_initial_centers(ConstMatrixView<double>(centers.data(), 5, 4)).ok());
    REQUIRE(seeded.fit(view(b.x, 4)).ok());
    REQUIRE(given.fit(view(b.x, 4)).ok());
    CHECK(std::equal(seeded.centers().data(), seeded.centers().data() + 20, given.centers().data()));
    CHECK(seeded.labels() == given.labels());
  }
}

TEST_CASE("integer sample weights act like repeated rows") {
  auto b = segcore_test::blobs(600, 3, 4, 8.0, 11);
  std::vector<double> w(600), repeated;
  for (std::size_t i = 0; i < 600; ++i) {
    w[i] = static_cast<double>(i % 3);
    for (int r = 0; r < static_cast<int>(w[i]); ++r) repeated.insert(repeated.end(), &b.x[i * 3], &b.x[i * 3 + 3]);
  }
  auto init = first_rows(b.x, 3, 4);
  init[0] += 0.01;  // keep every initial center off the weightless first rows' exact values
  KMeans weighted({.n_clusters = 4, .tol = 0}), plain({.n_clusters = 4, .tol = 0});
  REQUIRE(weighted.set_initial_centers(ConstMatrixView<double>(init.data(), 4, 3)).ok());
  REQUIRE(plain.set_initial_centers(ConstMatrixView<double>(init.data(), 4, 3)).ok());
  REQUIRE(weighted.fit(view(b.x, 3), w).ok());
  REQUIRE(plain.fit(view(repeated, 3)).ok());
  for (std::size_t q = 0; q < 12; ++q)
    CHECK(weighted.centers().data()[q] == doctest::Approx(plain.centers().data()[q]).epsilon(1e-12));
  CHECK(weighted.inertia() == doctest::Approx(plain.inertia()).epsilon(1e-10));
}

TEST_CASE("an empty cluster moves onto the point farthest from its center") {
  // Two tight groups and one far outlier; the third initial center attracts nothing.
  std::vector<double> x = {0, 0, 0.1, 0, 0, 0.1, 10, 10, 10.1, 10, 10, 10.1, 30, 30};
  std::vector<double> init = {0, 0, 10, 10, -500, -500};
  KMeans km({.n_clusters = 3, .max_iter = 10});
  REQUIRE(km.set_initial_centers(ConstMatrixView<double>(init.data(), 3, 2)).ok());
  REQUIRE(km.fit(view(x, 2)).ok());
  CHECK(km.centers()(2, 0) == 30.0);  // the outlier, farthest from its first center
  CHECK(km.labels()[6] == 2);
  CHECK(km.inertia() == doctest::Approx(4 * 0.1 * 0.1 / 1.5 * 1.0).epsilon(0.5));
}

TEST_CASE("predict and transform agree with the fit") {
  auto b = segcore_test::blobs<float>(1000, 7, 5, 20.0, 21);
  KMeans km({.n_clusters = 5, .seed = 3, .n_threads = 2});
  REQUIRE(km.fit(view(b.x, 7)).ok());
  std::vector<std::int32_t> labels(1000);
  REQUIRE(km.predict(view(b.x, 7), labels).ok());
  CHECK(labels == km.labels());
  std::vector<double> dist(1000 * 5);
  REQUIRE(km.transform(view(b.x, 7), segcore::MatrixView<double>(dist.data(), 1000, 5)).ok());
  for (std::size_t i = 0; i < 1000; ++i) {
    auto row = dist.begin() + static_cast<std::ptrdiff_t>(i * 5);
    CHECK(std::min_element(row, row + 5) - row == labels[i]);
  }
}

TEST_CASE("every instruction set gives the same clustering on separated data") {
  auto b = segcore_test::blobs<float>(5000, 9, 7, 30.0, 17);
  std::vector<std::int32_t> first;
  for (const auto& arch : segcore::available_simd_archs()) {
    REQUIRE(segcore::set_simd_arch(arch).ok());
    KMeans km({.n_clusters = 7, .seed = 5});
    REQUIRE(km.fit(view(b.x, 9)).ok());
    if (first.empty()) first = km.labels();
    CHECK(km.labels() == first);
  }
  REQUIRE(segcore::set_simd_arch("").ok());
}

TEST_CASE("k-means refuses bad input with a clear message") {
  std::vector<double> x = {1, 2, 3, 4, 5, 6};
  auto msg = [](const segcore::Status& s) { return std::string(s.message()); };
  CHECK(msg(KMeans({.n_clusters = 0}).fit(view(x, 2))) ==
        "KMeans options: n_clusters is 0; it must be in [1, 16777216]");
  CHECK(msg(KMeans({.n_clusters = 4}).fit(view(x, 2))) == "KMeans::fit: n_clusters = 4 is more than the 3 rows");
  CHECK(msg(KMeans({.n_clusters = 1}).fit(ConstMatrixView<double>(x.data(), 0, 2))) ==
        "KMeans::fit: x is empty (0 x 2)");
  CHECK(msg(KMeans({.n_clusters = 1}).fit(ConstMatrixView<double>(x.data(), 3, 0))) ==
        "KMeans::fit: x is empty (3 x 0)");
  std::vector<double> nan = {1, 2, NAN, 4};
  CHECK(msg(KMeans({.n_clusters = 1}).fit(view(nan, 2))) == "KMeans::fit: row 1, column 0 is NaN");
  std::vector<float> inf_f = {1, 2, 3, 4, 5, INFINITY};  // float with tol 0 takes a quicker check, same message
  CHECK(msg(KMeans({.n_clusters = 1, .tol = 0.0}).fit(view(inf_f, 2))) == "KMeans::fit: row 2, column 1 is infinite");
  CHECK(msg(KMeans({.n_clusters = 1}).fit(view(inf_f, 2))) == "KMeans::fit: row 2, column 1 is infinite");
  std::vector<double> dup = {1, 1, 1, 1, 2, 2, 1, 1};
  CHECK(msg(KMeans({.n_clusters = 3}).fit(view(dup, 2))) ==
        "KMeans::fit: the rows with positive weight have only 2 distinct values, fewer than n_clusters = 3");
  KMeans km({.n_clusters = 2});
  std::vector<double> init3 = {1, 2, 3, 4, 5, 6};
  CHECK(msg(km.set_initial_centers(ConstMatrixView<double>(init3.data(), 3, 2))) ==
        "KMeans::set_initial_centers: centers are 3 x 2; n_clusters is 2");
  REQUIRE(km.set_initial_centers(ConstMatrixView<double>(init3.data(), 2, 3)).ok());
  CHECK(msg(km.fit(view(x, 2))) == "KMeans::fit: the initial centers have 3 columns; x has 2");
  std::vector<double> w = {1, -1, 1};
  CHECK(msg(KMeans({.n_clusters = 1}).fit(view(x, 2), w)) ==
        "KMeans::fit: sample_weight[1] is -1; weights must be finite and >= 0");
  std::vector<std::int32_t> labels(3);
  CHECK(KMeans().predict(view(x, 2), labels).code() == absl::StatusCode::kFailedPrecondition);
}
