// Metrics: definitions on small hand-checked cases, brute force on random data, thread-count
// invariance and bad input. Equality with scikit-learn is tested in python/tests.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "segcore/metrics.hpp"
#include "segcore/selection.hpp"
#include "segcore/simd.hpp"
#include "support/blobs.hpp"

using segcore::ConstMatrixView;

namespace {

// The silhouette of every row, straight from the definition (O(n^2), test sizes only).
std::vector<double> brute_silhouette(const std::vector<double>& x, std::size_t n, std::size_t d,
                                     const std::vector<std::int32_t>& l) {
  std::vector<double> s(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> sum(64, 0.0), cnt(64, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
      double sq = 0;
      for (std::size_t c = 0; c < d; ++c) sq += (x[i * d + c] - x[j * d + c]) * (x[i * d + c] - x[j * d + c]);
      sum[static_cast<std::size_t>(l[j])] += std::sqrt(sq);
      cnt[static_cast<std::size_t>(l[j])] += 1;
    }
    const std::size_t own = static_cast<std::size_t>(l[i]);
    if (cnt[own] == 1) {
      s[i] = 0;
      continue;
    }
    const double a = sum[own] / (cnt[own] - 1);
    double b = INFINITY;
    for (std::size_t c = 0; c < 64; ++c)
      if (c != own && cnt[c] > 0) b = std::min(b, sum[c] / cnt[c]);
    s[i] = (b - a) / std::max(a, b);
  }
  return s;
}

}  // namespace

TEST_CASE("silhouette matches the definition on every kernel table and any thread count") {
  const std::size_t n = 1300, d = 5;
  auto b = segcore_test::blobs<double>(n, d, 6, 4.0, 21);
  std::vector<std::int32_t> labels(b.truth.begin(), b.truth.end());
  labels[3] = 40;  // a singleton cluster
  const auto expected = brute_silhouette(b.x, n, d, labels);
  ConstMatrixView<double> x(b.x.data(), n, d);
  std::vector<double> first;
  for (const auto& arch : segcore::available_simd_archs()) {
    REQUIRE(segcore::set_simd_arch(arch).ok());
    for (int threads : {1, 2, 5}) {
      std::vector<double> s(n);
      REQUIRE(segcore::silhouette_samples(x, labels, s, threads).ok());
      for (std::size_t i = 0; i < n; ++i) CHECK(s[i] == doctest::Approx(expected[i]).epsilon(1e-9));
      CHECK(s[3] == 0.0);
      if (first.empty()) first = s;
      if (arch == segcore::available_simd_archs().front()) CHECK(s == first);  // bit-identical across threads
    }
  }
  REQUIRE(segcore::set_simd_arch("").ok());
  std::vector<float> xf(b.x.begin(), b.x.end());
  auto sf = segcore::silhouette_score(ConstMatrixView<float>(xf.data(), n, d), labels);
  REQUIRE(sf.ok());
  double mean = 0;
  for (double v : expected) mean += v / n;
  CHECK(*sf == doctest::Approx(mean).epsilon(1e-6));
}

TEST_CASE("sampled silhouette is seeded and scores its own sample") {
  auto b = segcore_test::blobs<double>(2000, 3, 4, 5.0, 2);
  std::vector<std::int32_t> labels(b.truth.begin(), b.truth.end());
  ConstMatrixView<double> x(b.x.data(), 2000, 3);
  auto a = segcore::silhouette_score(x, labels, {.n_threads = 2, .sample_size = 300, .seed = 9});
  auto a2 = segcore::silhouette_score(x, labels, {.n_threads = 1, .sample_size = 300, .seed = 9});
  auto c = segcore::silhouette_score(x, labels, {.sample_size = 300, .seed = 10});
  REQUIRE(a.ok());
  CHECK(*a == *a2);
  CHECK(*a != *c);
  auto too_many = segcore::silhouette_score(x, labels, {.sample_size = 2001});
  CHECK(std::string(too_many.status().message()).find("sample_size is 2001") != std::string::npos);

  // Its own sample: the score is the mean silhouette of the sampled rows among themselves
  // (scikit-learn's sample_size), not of those rows scored against every row. Whichever rows
  // the seed draws, a sample of all rows but two is one of the n (n - 1) / 2 subsets, so one
  // subset's own score must match, to rounding; the other definition must not.
  const std::size_t n = 41, d = 2;
  auto small = segcore_test::blobs<double>(n, d, 3, 2.0, 5);
  std::vector<std::int32_t> l(small.truth.begin(), small.truth.end());
  const auto all_rows = brute_silhouette(small.x, n, d, l);
  for (std::uint64_t seed : {0u, 1u, 2u, 3u}) {
    CAPTURE(seed);
    auto sampled = segcore::silhouette_score(ConstMatrixView<double>(small.x.data(), n, d), l,
                                             {.sample_size = n - 2, .seed = seed});
    REQUIRE(sampled.ok());
    int own_matches = 0, all_matches = 0;
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = i + 1; j < n; ++j) {
        std::vector<double> sub;
        std::vector<std::int32_t> sub_l;
        double against_all = 0;
        for (std::size_t r = 0; r < n; ++r) {
          if (r == i || r == j) continue;
          sub.insert(sub.end(), &small.x[r * d], &small.x[r * d + d]);
          sub_l.push_back(l[r]);
          against_all += all_rows[r] / static_cast<double>(n - 2);
        }
        double own = 0;
        for (double v : brute_silhouette(sub, n - 2, d, sub_l)) own += v / static_cast<double>(n - 2);
        own_matches += std::fabs(own - *sampled) < 1e-12;
        all_matches += std::fabs(against_all - *sampled) < 1e-12;
      }
    }
    CHECK(own_matches >= 1);
    CHECK(all_matches == 0);
  }
}

TEST_CASE("metrics reject bad labels and data with a clear message") {
  std::vector<double> x = {0, 0, 1, 1, 5, 5, 6, 6};
  ConstMatrixView<double> v(x.data(), 4, 2);
  std::vector<std::int32_t> ok = {0, 0, 1, 1}, one = {2, 2, 2, 2}, all = {0, 1, 2, 3}, short_l = {0, 1};
  for (auto* l : {&one, &all}) {
    CHECK(segcore::silhouette_score(v, *l).status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(segcore::calinski_harabasz_score(v, *l).status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(segcore::davies_bouldin_score(v, *l).status().code() == absl::StatusCode::kInvalidArgument);
  }
  auto s = segcore::silhouette_score(v, short_l);
  CHECK(std::string(s.status().message()) == "silhouette_score: labels has 2 values for 4 rows");
  x[5] = NAN;
  CHECK(std::string(segcore::davies_bouldin_score(v, ok).status().message()) ==
        "davies_bouldin_score: row 2, column 1 is NaN");
  CHECK(!segcore::adjusted_rand_score(ok, short_l).ok());
}

TEST_CASE("Calinski-Harabasz, Davies-Bouldin and ARI on hand-computed cases") {
  // Two clusters on a line: {0, 2} and {10, 12}; centroids 1 and 11, overall mean 6.
  std::vector<double> x = {0, 2, 10, 12};
  std::vector<std::int32_t> l = {0, 0, 1, 1};
  ConstMatrixView<double> v(x.data(), 4, 1);
  // extra = 2 * 25 + 2 * 25 = 100, intra = 4 * 1 = 4, (n - k) / (k - 1) = 2.
  CHECK(*segcore::calinski_harabasz_score(v, l) == doctest::Approx(50.0));
  // spreads 1 and 1, centroid distance 10: both clusters score 0.2.
  CHECK(*segcore::davies_bouldin_score(v, l) == doctest::Approx(0.2));
  std::vector<std::int32_t> same = {7, 7, -1, -1}, other = {0, 1, 0, 1};
  CHECK(*segcore::adjusted_rand_score(l, same) == 1.0);
  CHECK(*segcore::adjusted_rand_score(l, other) == doctest::Approx(-0.5));
}

TEST_CASE("knee of a decreasing curve") {
  CHECK(segcore::knee_index({100, 40, 12, 10, 9, 8}) == 2);
  CHECK(segcore::knee_index({10, 5}) == 0);
  CHECK(segcore::knee_index({3, 3, 3, 3}) == 0);
  CHECK(segcore::knee_index({10, 9, 8, 7, 6}) == 0);  // a straight line has no knee
}
