// Clustering must not depend on where the data sits or on its units: every algorithm, on every
// kernel table the CPU runs and in both precisions, gives the same labels on data moved by a
// common translation (offsets 1e3 .. 1e9, as epoch seconds are) or multiplied by a scale, and
// centers, inertia and distances that differ only by that move, within what rounding the moved
// data itself allows. float is tested up to an offset 1e5 times the spread: beyond that the
// data's own float rounding is as large as the clusters.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "segcore/hierarchy.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/simd.hpp"

using segcore::ConstMatrixView;
using segcore::KMeans;
using segcore::KMeansAlgorithm;
using segcore::KMeansOptions;
using segcore::MatrixView;
using segcore::MiniBatchKMeans;

namespace {

// Blobs whose centers are at least 24 noise units apart, so every row is nearest its own
// center by a wide margin: any label that differs is an error, not a tie. Row i is in blob
// i % k, so rows 0 .. k-1 are one per blob (initial centers).
struct Separated {
  std::size_t n, d, k;
  std::vector<double> x;  // n x d, unit noise, centers within about +-24 k
  std::vector<int> truth;
};

Separated separated(std::size_t n, std::size_t d, std::size_t k, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-12.0 * static_cast<double>(k), 12.0 * static_cast<double>(k));
  std::normal_distribution<double> g(0.0, 1.0);
  std::vector<double> c;
  while (c.size() < k * d) {
    std::vector<double> cand(d);
    for (double& v : cand) v = u(rng);
    bool far = true;
    for (std::size_t a = 0; a * d < c.size() && far; ++a) {
      double sq = 0;
      for (std::size_t j = 0; j < d; ++j) sq += (cand[j] - c[a * d + j]) * (cand[j] - c[a * d + j]);
      far = sq >= 24.0 * 24.0;
    }
    if (far) c.insert(c.end(), cand.begin(), cand.end());
  }
  Separated s{n, d, k, std::vector<double>(n * d), std::vector<int>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    s.truth[i] = static_cast<int>(i % k);
    for (std::size_t j = 0; j < d; ++j) s.x[i * d + j] = c[(i % k) * d + j] + g(rng);
  }
  return s;
}

// The translation for an offset: a different multiple of it per column, some negative.
std::vector<double> shift_for(double offset, std::size_t d) {
  std::vector<double> v(d);
  for (std::size_t j = 0; j < d; ++j)
    v[j] = offset * (j % 4 == 3 ? -1.0 : 1.0) * (1.0 + 0.25 * static_cast<double>(j % 3));
  return v;
}

// scale * x + shift, rounded once to T.
template <class T>
std::vector<T> moved(const Separated& s, double scale, const std::vector<double>& shift) {
  std::vector<T> out(s.x.size());
  for (std::size_t i = 0; i < s.n; ++i)
    for (std::size_t j = 0; j < s.d; ++j) out[i * s.d + j] = static_cast<T>(scale * s.x[i * s.d + j] + shift[j]);
  return out;
}

template <class T>
ConstMatrixView<T> view(const std::vector<T>& x, std::size_t d) {
  return ConstMatrixView<T>(x.data(), x.size() / d, d);
}

template <class T>
std::vector<double> first_rows(const std::vector<T>& x, std::size_t d, std::size_t k) {
  return std::vector<double>(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(k * d));
}

bool same_partition(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b) {
  if (a.size() != b.size()) return false;
  std::map<int, int> ab, ba;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ab.emplace(a[i], b[i]).first->second != b[i] || ba.emplace(b[i], a[i]).first->second != a[i]) return false;
  return true;
}

std::vector<std::int32_t> as_labels(const std::vector<int>& v) { return {v.begin(), v.end()}; }

// The offsets tried per precision (0 is the reference run), and the scales.
template <class T>
std::vector<double> offsets() {
  if constexpr (sizeof(T) == sizeof(float)) return {1e3, 1e4, 1e5};
  return {1e3, 1e5, 1e7, 1e9};
}
const double kScales[] = {1.0, 1e-3, 7.3, 1e4};

// What the move itself may change: rounding scale * x + shift to T perturbs every value by up
// to half an ulp of its magnitude; a few of those bound the change of a center (a mean of such
// values) and of a distance.
template <class T>
double value_tolerance(double scale, double offset) {
  return 8.0 * std::numeric_limits<T>::epsilon() * (std::abs(offset) * 1.75 + scale * 300.0);
}

struct Case {
  std::size_t n, d, k;
};

// Fits ref on base and model on x (KMeans or MiniBatchKMeans), each from its first k rows.
template <class Model, class T>
void fit_from_first_rows(Model& ref, Model& model, const std::vector<T>& base, const std::vector<T>& x, std::size_t k,
                         std::size_t d) {
  const auto ref_init = first_rows(base, d, k), init = first_rows(x, d, k);
  REQUIRE(ref.set_initial_centers(ConstMatrixView<double>(ref_init.data(), k, d)).ok());
  REQUIRE(model.set_initial_centers(ConstMatrixView<double>(init.data(), k, d)).ok());
  REQUIRE(ref.fit(view(base, d)).ok());
  REQUIRE(model.fit(view(x, d)).ok());
}

// The largest difference between model's centers less shift and ref's times scale.
template <class Model>
double center_gap(const Model& ref, const Model& model, const std::vector<double>& shift, double scale) {
  double worst = 0;
  for (std::size_t a = 0; a < ref.centers().rows(); ++a)
    for (std::size_t j = 0; j < shift.size(); ++j)
      worst = std::max(worst, std::abs(model.centers()(a, j) - shift[j] - scale * ref.centers()(a, j)));
  return worst;
}
// Awkward sizes: d = 1 and 3 (rows in the SIMD lanes), 17 and 40 (centers in the lanes).
const Case kCases[] = {{997, 1, 4}, {2053, 3, 13}, {1531, 17, 5}, {611, 40, 3}};

template <class T>
void check_kmeans_moves(const std::string& arch) {
  for (const Case& c : kCases) {
    const Separated s = separated(c.n, c.d, c.k, c.n + c.d);
    const std::vector<T> base = moved<T>(s, 1.0, std::vector<double>(c.d, 0.0));
    for (double scale : kScales) {
      // float: offsets relative to the scaled spread (up to 1e5 times it); double: absolute,
      // so up to 1e12 times the spread at scale 1e-3.
      std::vector<double> moves = {0.0};
      for (double o : offsets<T>()) moves.push_back(sizeof(T) == sizeof(float) ? o * scale : o);
      for (double offset : moves) {
        if (offset == 0 && scale == 1.0) continue;  // nothing moved
        const std::vector<double> shift = shift_for(offset, c.d);
        const std::vector<T> x = moved<T>(s, scale, shift);
        const double tol = value_tolerance<T>(scale, offset);
        CAPTURE(arch);
        CAPTURE(sizeof(T));
        CAPTURE(c.n);
        CAPTURE(c.d);
        CAPTURE(c.k);
        CAPTURE(scale);
        CAPTURE(offset);
        for (auto alg : {KMeansAlgorithm::lloyd, KMeansAlgorithm::hamerly}) {
          CAPTURE(static_cast<int>(alg));
          // From one row of each blob: the same labels, and centers moved by the same move.
          KMeansOptions o{.n_clusters = static_cast<int>(c.k), .max_iter = 50, .algorithm = alg, .n_threads = 2};
          KMeans ref(o), km(o);
          fit_from_first_rows(ref, km, base, x, c.k, c.d);
          CHECK(km.labels() == ref.labels());
          CHECK(same_partition(km.labels(), as_labels(s.truth)));
          CHECK(center_gap(ref, km, shift, scale) <= tol);
          CHECK(km.inertia() == doctest::Approx(scale * scale * ref.inertia()).epsilon(tol / scale + 1e-9));
          // predict and transform on the moved data, with the moved model.
          std::vector<std::int32_t> predicted(c.n);
          REQUIRE(km.predict(view(x, c.d), predicted).ok());
          CHECK(predicted == km.labels());
          std::vector<double> dist(c.n * c.k), ref_dist(c.n * c.k);
          REQUIRE(km.transform(view(x, c.d), MatrixView<double>(dist.data(), c.n, c.k)).ok());
          REQUIRE(ref.transform(view(base, c.d), MatrixView<double>(ref_dist.data(), c.n, c.k)).ok());
          double worst_dist = 0;
          for (std::size_t q = 0; q < dist.size(); ++q)
            worst_dist = std::max(worst_dist, std::abs(dist[q] - scale * ref_dist[q]));
          CHECK(worst_dist <= tol * std::sqrt(static_cast<double>(c.d)) * 2.0);
        }
        // From k-means++: the same partition (a seeding pick may differ by rounding).
        KMeans seeded({.n_clusters = static_cast<int>(c.k), .n_init = 2, .seed = 7, .n_threads = 2});
        REQUIRE(seeded.fit(view(x, c.d)).ok());
        CHECK(same_partition(seeded.labels(), as_labels(s.truth)));
      }
    }
  }
}

template <class T>
void check_minibatch_moves(const std::string& arch) {
  for (const Case& c : kCases) {
    const Separated s = separated(c.n, c.d, c.k, c.n * 3 + c.d);
    const std::vector<T> base = moved<T>(s, 1.0, std::vector<double>(c.d, 0.0));
    for (double offset : offsets<T>()) {
      const std::vector<double> shift = shift_for(offset, c.d);
      const std::vector<T> x = moved<T>(s, 1.0, shift);
      CAPTURE(arch);
      CAPTURE(sizeof(T));
      CAPTURE(c.d);
      CAPTURE(offset);
      segcore::MiniBatchKMeansOptions o{
          .n_clusters = static_cast<int>(c.k), .batch_size = 97, .max_iter = 5, .seed = 3, .n_threads = 2};
      MiniBatchKMeans ref(o), km(o);
      fit_from_first_rows(ref, km, base, x, c.k, c.d);
      CHECK(km.labels() == ref.labels());
      CHECK(same_partition(km.labels(), as_labels(s.truth)));
      CHECK(center_gap(ref, km, shift, 1.0) <= value_tolerance<T>(1.0, offset));
      const auto init = first_rows(x, c.d, c.k);
      std::vector<std::int32_t> predicted(c.n);
      REQUIRE(km.predict(view(x, c.d), predicted).ok());
      CHECK(predicted == km.labels());
      // partial_fit over the moved stream: the same partition as the truth.
      MiniBatchKMeans stream({.n_clusters = static_cast<int>(c.k), .seed = 5, .n_threads = 2});
      REQUIRE(stream.set_initial_centers(ConstMatrixView<double>(init.data(), c.k, c.d)).ok());
      for (std::size_t i0 = 0; i0 < c.n; i0 += 200)
        REQUIRE(stream.partial_fit(ConstMatrixView<T>(&x[i0 * c.d], std::min<std::size_t>(200, c.n - i0), c.d)).ok());
      REQUIRE(stream.predict(view(x, c.d), predicted).ok());
      CHECK(same_partition(predicted, as_labels(s.truth)));
    }
  }
}

// Every linkage: the same flat clusters, and the same merge heights (sorted, so that merges of
// heights tied within rounding may come in either order) within the move's rounding.
template <class T>
void check_linkage_moves(const std::string& arch) {
  for (const Case& c : {Case{157, 2, 4}, Case{203, 17, 6}}) {
    const Separated s = separated(c.n, c.d, c.k, c.n + 11);
    const std::vector<T> base = moved<T>(s, 1.0, std::vector<double>(c.d, 0.0));
    for (double scale : {1.0, 1e-3, 1e4}) {
      for (double offset : offsets<T>()) {
        const double move = sizeof(T) == sizeof(float) ? offset * scale : offset;  // as for k-means
        const std::vector<T> x = moved<T>(s, scale, shift_for(move, c.d));
        for (auto l : {segcore::Linkage::ward, segcore::Linkage::complete, segcore::Linkage::average,
                       segcore::Linkage::single}) {
          CAPTURE(arch);
          CAPTURE(sizeof(T));
          CAPTURE(c.d);
          CAPTURE(scale);
          CAPTURE(move);
          CAPTURE(static_cast<int>(l));
          auto ref = segcore::linkage_tree(view(base, c.d), l);
          auto tree = segcore::linkage_tree(view(x, c.d), l);
          REQUIRE(ref.ok());
          REQUIRE(tree.ok());
          std::vector<std::int32_t> ref_labels(c.n), labels(c.n);
          REQUIRE(ref->cut(c.k, ref_labels).ok());
          REQUIRE(tree->cut(c.k, labels).ok());
          CHECK(same_partition(labels, ref_labels));
          CHECK(same_partition(labels, as_labels(s.truth)));
          std::vector<double> h, ref_h;
          for (const auto& m : tree->merges()) h.push_back(m.height);
          for (const auto& m : ref->merges()) ref_h.push_back(scale * m.height);
          std::sort(h.begin(), h.end());
          std::sort(ref_h.begin(), ref_h.end());
          // Ward's height is a distance of centroids times sqrt(2 na nb / (na + nb)) <= sqrt(n).
          const double tol = value_tolerance<T>(scale, move) * 2.0 * std::sqrt(double(c.d) * double(c.n));
          double worst = 0;
          for (std::size_t q = 0; q < h.size(); ++q) worst = std::max(worst, std::abs(h[q] - ref_h[q]));
          CHECK(worst <= tol);
        }
      }
    }
  }
}

template <class F>
void on_every_arch(F&& f) {
  for (const auto& arch : segcore::available_simd_archs()) {
    REQUIRE(segcore::set_simd_arch(arch).ok());
    f(arch);
  }
  REQUIRE(segcore::set_simd_arch("").ok());
}

}  // namespace

TEST_CASE("k-means (Lloyd, Hamerly, predict, transform) does not depend on a translation or scale of the data") {
  on_every_arch([](const std::string& arch) {
    check_kmeans_moves<double>(arch);
    check_kmeans_moves<float>(arch);
  });
}

TEST_CASE("mini-batch k-means does not depend on a translation of the data") {
  on_every_arch([](const std::string& arch) {
    check_minibatch_moves<double>(arch);
    check_minibatch_moves<float>(arch);
  });
}

TEST_CASE("every linkage gives the same k-cut and merge heights on translated or scaled data") {
  on_every_arch([](const std::string& arch) {
    check_linkage_moves<double>(arch);
    check_linkage_moves<float>(arch);
  });
}

TEST_CASE("a translated k-means fit is bit-identical for 1, 2 and 3 threads") {
  const Separated s = separated(9001, 5, 7, 99);
  const std::vector<double> x = moved<double>(s, 1.0, shift_for(1.7e9, 5));
  for (auto alg : {KMeansAlgorithm::lloyd, KMeansAlgorithm::hamerly}) {
    KMeans one({.n_clusters = 7, .n_init = 2, .algorithm = alg, .seed = 4, .n_threads = 1});
    REQUIRE(one.fit(view(x, 5)).ok());
    CHECK(same_partition(one.labels(), as_labels(s.truth)));
    for (int threads : {2, 3}) {
      KMeans km({.n_clusters = 7, .n_init = 2, .algorithm = alg, .seed = 4, .n_threads = threads});
      REQUIRE(km.fit(view(x, 5)).ok());
      CHECK(km.labels() == one.labels());
      CHECK(std::equal(km.centers().data(), km.centers().data() + 35, one.centers().data()));
      CHECK(km.inertia() == one.inertia());
    }
  }
}
