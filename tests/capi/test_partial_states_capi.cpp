// Clustering-metric sums and CLV history counts through the C ABI: blocks accumulated into
// their own states, sent through their bytes and merged give the one-process scores and fits,
// and every bad input is a status with a message (no exception crosses the ABI).
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "segcore_analysis.h"
#include "segcore_clv.h"

namespace {

std::string last() { return segcore_last_error_message(); }

template <class Handle, class ToBytes, class FromBytes>
Handle* travelled(const Handle* s, ToBytes to_bytes, FromBytes from_bytes) {
  size_t size = 0;
  REQUIRE(to_bytes(s, nullptr, 0, &size) == SEGCORE_OK);
  std::vector<unsigned char> b(size);
  CHECK(to_bytes(s, b.data(), b.size() - 1, &size) == SEGCORE_ERANGE);
  REQUIRE(to_bytes(s, b.data(), b.size(), &size) == SEGCORE_OK);
  Handle* out = nullptr;
  REQUIRE(from_bytes(&out, b.data(), b.size()) == SEGCORE_OK);
  b[b.size() / 2] ^= 1;
  Handle* bad = nullptr;
  CHECK(from_bytes(&bad, b.data(), b.size()) == SEGCORE_ECORRUPT);
  CHECK(bad == nullptr);
  return out;
}

struct Data {
  size_t n, d;
  std::vector<double> x;
  std::vector<int32_t> labels;
};

Data blobs(size_t n, size_t d, int k, double offset, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  Data data{n, d, std::vector<double>(n * d), std::vector<int32_t>(n)};
  for (size_t i = 0; i < n; ++i) {
    data.labels[i] = static_cast<int32_t>(i % static_cast<size_t>(k)) * 3 - 4;
    for (size_t j = 0; j < d; ++j) data.x[i * d + j] = offset + 4.0 * (i % static_cast<size_t>(k)) + noise(rng);
  }
  return data;
}

}  // namespace

TEST_CASE("clustering-metric partial states through the C ABI give the one-process scores") {
  const Data data = blobs(1003, 3, 4, 1e9, 5);
  const size_t cuts[] = {0, 0, 311, 312, 800, 1003};
  segcore_cluster_sums* sums = nullptr;
  REQUIRE(segcore_cluster_sums_create(&sums, data.x.data(), 3) == SEGCORE_OK);
  for (size_t b = 0; b + 1 < std::size(cuts); ++b) {
    segcore_cluster_sums* part = nullptr;
    REQUIRE(segcore_cluster_sums_create(&part, data.x.data(), 3) == SEGCORE_OK);
    REQUIRE(segcore_cluster_sums_accumulate_f64(part, data.x.data() + cuts[b] * 3, cuts[b + 1] - cuts[b], 3,
                                                data.labels.data() + cuts[b], cuts[b + 1] - cuts[b],
                                                cuts[b]) == SEGCORE_OK);
    segcore_cluster_sums* moved = travelled(part, segcore_cluster_sums_to_bytes, segcore_cluster_sums_from_bytes);
    REQUIRE(segcore_cluster_sums_merge(sums, moved) == SEGCORE_OK);
    segcore_cluster_sums_destroy(moved);
    segcore_cluster_sums_destroy(part);
  }
  size_t k = 0, d = 0;
  uint64_t rows = 0;
  REQUIRE(segcore_cluster_sums_get_shape(sums, &k, &d, &rows) == SEGCORE_OK);
  CHECK((k == 4 && d == 3 && rows == 1003));
  std::vector<int32_t> labels(4);
  std::vector<uint64_t> counts(4);
  REQUIRE(segcore_cluster_sums_get_labels(sums, labels.data(), 4) == SEGCORE_OK);
  REQUIRE(segcore_cluster_sums_get_counts(sums, counts.data(), 4) == SEGCORE_OK);
  CHECK(labels == std::vector<int32_t>{-4, -1, 2, 5});
  CHECK(counts == std::vector<uint64_t>{251, 251, 251, 250});
  CHECK(segcore_cluster_sums_get_counts(sums, counts.data(), 3) == SEGCORE_ERANGE);

  segcore_cluster_spread* spread = nullptr;
  REQUIRE(segcore_cluster_spread_create_from_sums(&spread, sums) == SEGCORE_OK);
  segcore_cluster_spread* merged =
      travelled(spread, segcore_cluster_spread_to_bytes, segcore_cluster_spread_from_bytes);
  for (size_t b = 0; b + 1 < std::size(cuts); ++b) {
    segcore_cluster_spread* part =
        travelled(spread, segcore_cluster_spread_to_bytes, segcore_cluster_spread_from_bytes);
    REQUIRE(segcore_cluster_spread_accumulate_f64(part, data.x.data() + cuts[b] * 3, cuts[b + 1] - cuts[b], 3,
                                                  data.labels.data() + cuts[b], cuts[b + 1] - cuts[b],
                                                  cuts[b]) == SEGCORE_OK);
    REQUIRE(segcore_cluster_spread_merge(merged, part) == SEGCORE_OK);
    segcore_cluster_spread_destroy(part);
  }
  double ch = 0, db = 0, ch1 = 0, db1 = 0;
  REQUIRE(segcore_cluster_sums_calinski_harabasz(sums, merged, &ch) == SEGCORE_OK);
  REQUIRE(segcore_cluster_sums_davies_bouldin(sums, merged, &db) == SEGCORE_OK);
  REQUIRE(segcore_calinski_harabasz_score_f64(data.x.data(), 1003, 3, data.labels.data(), 1003, &ch1) == SEGCORE_OK);
  REQUIRE(segcore_davies_bouldin_score_f64(data.x.data(), 1003, 3, data.labels.data(), 1003, &db1) == SEGCORE_OK);
  CHECK(std::abs(ch - ch1) <= 1e-9 * ch1);
  CHECK(std::abs(db - db1) <= 1e-9 * db1);
  // The spread before any row is not the spread of these sums' rows.
  CHECK(segcore_cluster_sums_calinski_harabasz(sums, spread, &ch) == SEGCORE_EINVAL);
  CHECK(last().find("both passes must see every row") != std::string::npos);
  segcore_cluster_spread_destroy(merged);
  segcore_cluster_spread_destroy(spread);
  segcore_cluster_sums_destroy(sums);
}

TEST_CASE("clustering-metric partial states through the C ABI: the inertia and bad input") {
  const Data data = blobs(200, 2, 2, 0, 9);
  const double centers[] = {0, 0, 4, 4};
  std::vector<int32_t> codes(200);
  for (size_t i = 0; i < 200; ++i) codes[i] = static_cast<int32_t>(i % 2);
  segcore_cluster_spread* s = nullptr;
  REQUIRE(segcore_cluster_spread_create_for_centers(&s, centers, 2, 2) == SEGCORE_OK);
  REQUIRE(segcore_cluster_spread_accumulate_f64(s, data.x.data(), 200, 2, codes.data(), 200, 0) == SEGCORE_OK);
  double inertia = 0, want = 0;
  REQUIRE(segcore_cluster_spread_get_inertia(s, &inertia) == SEGCORE_OK);
  for (size_t i = 0; i < 200; ++i)
    for (size_t j = 0; j < 2; ++j) want += std::pow(data.x[i * 2 + j] - centers[codes[i] * 2 + j], 2);
  CHECK(std::abs(inertia - want) <= 1e-12 * want);
  // The same rows as float: their own inertia, to float rounding of the rows.
  const std::vector<float> rows_f(data.x.begin(), data.x.end());
  segcore_cluster_spread* sf = nullptr;
  REQUIRE(segcore_cluster_spread_create_for_centers(&sf, centers, 2, 2) == SEGCORE_OK);
  REQUIRE(segcore_cluster_spread_accumulate_f32(sf, rows_f.data(), 200, 2, codes.data(), 200, 0) == SEGCORE_OK);
  double inertia_f = 0;
  REQUIRE(segcore_cluster_spread_get_inertia(sf, &inertia_f) == SEGCORE_OK);
  CHECK(std::abs(inertia_f - want) <= 1e-5 * want);
  segcore_cluster_spread_destroy(sf);
  // A state merged with itself counts its rows twice, as a merge with its copy does.
  segcore_cluster_spread* twice = nullptr;
  REQUIRE(segcore_cluster_spread_create_for_centers(&twice, centers, 2, 2) == SEGCORE_OK);
  REQUIRE(segcore_cluster_spread_accumulate_f64(twice, data.x.data(), 200, 2, codes.data(), 200, 0) == SEGCORE_OK);
  for (int round = 0; round < 6; ++round) REQUIRE(segcore_cluster_spread_merge(twice, twice) == SEGCORE_OK);
  double inertia_twice = 0;
  REQUIRE(segcore_cluster_spread_get_inertia(twice, &inertia_twice) == SEGCORE_OK);
  CHECK(std::abs(inertia_twice - 64 * want) <= 1e-12 * 64 * want);
  segcore_cluster_spread_destroy(twice);
  // Squared distances past double precision: an error, not a NaN returned as success.
  segcore_cluster_spread* huge = nullptr;
  REQUIRE(segcore_cluster_spread_create_for_centers(&huge, centers, 2, 2) == SEGCORE_OK);
  const double far_rows[] = {1e200, 0, 0, 0};
  const int32_t far_codes[] = {0, 1};
  REQUIRE(segcore_cluster_spread_accumulate_f64(huge, far_rows, 2, 2, far_codes, 2, 0) == SEGCORE_OK);
  double untouched = -1;
  CHECK(segcore_cluster_spread_get_inertia(huge, &untouched) == SEGCORE_EINVAL);
  CHECK(last().find("overflow") != std::string::npos);
  CHECK(untouched == -1);
  segcore_cluster_spread_destroy(huge);
  codes[17] = 2;
  CHECK(segcore_cluster_spread_accumulate_f64(s, data.x.data(), 200, 2, codes.data(), 200, 100) == SEGCORE_EINVAL);
  CHECK(last().find("labels[117] is 2") != std::string::npos);
  CHECK(segcore_cluster_spread_accumulate_f64(s, data.x.data(), 200, 2, codes.data(), 199, 0) == SEGCORE_EINVAL);
  CHECK(segcore_cluster_spread_accumulate_f64(nullptr, data.x.data(), 200, 2, codes.data(), 200, 0) == SEGCORE_EINVAL);
  segcore_cluster_spread_destroy(s);
  segcore_cluster_spread_destroy(nullptr);

  segcore_cluster_sums* sums = nullptr;
  const double nan_origin[] = {NAN, 0};
  CHECK(segcore_cluster_sums_create(&sums, nan_origin, 2) == SEGCORE_EINVAL);
  CHECK(segcore_cluster_sums_create(nullptr, centers, 2) == SEGCORE_EINVAL);
  REQUIRE(segcore_cluster_sums_create(&sums, centers, 2) == SEGCORE_OK);
  segcore_cluster_spread* none = nullptr;
  CHECK(segcore_cluster_spread_create_from_sums(&none, sums) == SEGCORE_EINVAL);  // no cluster yet
  CHECK(last().find("0 distinct labels") != std::string::npos);
  std::vector<float> xf(data.x.begin(), data.x.end());
  xf[5] = INFINITY;
  CHECK(segcore_cluster_sums_accumulate_f32(sums, xf.data(), 200, 2, codes.data(), 200, 0) == SEGCORE_EINVAL);
  CHECK(last().find("X[2]") != std::string::npos);
  // Sums merged with themselves: the means stay, the counts double.
  REQUIRE(segcore_cluster_sums_accumulate_f64(sums, data.x.data(), 200, 2, codes.data(), 200, 0) == SEGCORE_OK);
  for (int round = 0; round < 6; ++round) REQUIRE(segcore_cluster_sums_merge(sums, sums) == SEGCORE_OK);
  uint64_t counts[3] = {0, 0, 0};  // labels 0, 1 and the 2 set above
  REQUIRE(segcore_cluster_sums_get_counts(sums, counts, 3) == SEGCORE_OK);
  CHECK(counts[0] + counts[1] + counts[2] == 200 * 64);
  segcore_cluster_spread* from_twice = nullptr;
  REQUIRE(segcore_cluster_spread_create_from_sums(&from_twice, sums) == SEGCORE_OK);
  segcore_cluster_spread_destroy(from_twice);
  segcore_cluster_sums* junk = nullptr;
  CHECK(segcore_cluster_sums_from_bytes(&junk, "junk", 4) == SEGCORE_ECORRUPT);
  CHECK(junk == nullptr);
  segcore_cluster_sums_destroy(sums);
  segcore_cluster_sums_destroy(nullptr);
}

TEST_CASE("CLV history counts through the C ABI: merged blocks fit as the whole") {
  // Histories in weeks with repeats; three blocks with one empty.
  std::mt19937_64 rng(12);
  const size_t n = 2000;
  std::vector<double> rows(n * 3), freq(n), rec(n), T(n);
  for (size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(rng() % 5), age = 30.0 + static_cast<double>(rng() % 9);
    const double t = x == 0 ? 0.0 : std::min(age, 1.0 + static_cast<double>(rng() % 30));
    rows[i * 3] = freq[i] = x;
    rows[i * 3 + 1] = rec[i] = t;
    rows[i * 3 + 2] = T[i] = age;
  }
  segcore_clv_history_counts* merged = nullptr;
  REQUIRE(segcore_clv_history_counts_create(&merged, SEGCORE_CLV_COUNTS_PURCHASES) == SEGCORE_OK);
  const size_t cuts[] = {0, 700, 700, n};
  for (size_t b = 0; b + 1 < std::size(cuts); ++b) {
    segcore_clv_history_counts* part = nullptr;
    REQUIRE(segcore_clv_history_counts_create(&part, SEGCORE_CLV_COUNTS_PURCHASES) == SEGCORE_OK);
    REQUIRE(segcore_clv_history_counts_accumulate(part, rows.data() + cuts[b] * 3, cuts[b + 1] - cuts[b], 3, nullptr,
                                                  cuts[b]) == SEGCORE_OK);
    segcore_clv_history_counts* moved =
        travelled(part, segcore_clv_history_counts_to_bytes, segcore_clv_history_counts_from_bytes);
    REQUIRE(segcore_clv_history_counts_merge(merged, moved) == SEGCORE_OK);
    segcore_clv_history_counts_destroy(moved);
    segcore_clv_history_counts_destroy(part);
  }
  size_t tuples = 0, width = 0;
  REQUIRE(segcore_clv_history_counts_get_shape(merged, &tuples, &width) == SEGCORE_OK);
  CHECK(width == 3);
  CHECK(tuples < n);
  std::vector<double> w(tuples), t(tuples * 3);
  REQUIRE(segcore_clv_history_counts_get_weights(merged, w.data(), w.size()) == SEGCORE_OK);
  REQUIRE(segcore_clv_history_counts_get_tuples(merged, t.data(), t.size()) == SEGCORE_OK);
  double total = 0;
  for (double v : w) total += v;
  CHECK(total == static_cast<double>(n));

  segcore_clv_model *from_counts = nullptr, *whole = nullptr;
  REQUIRE(segcore_clv_create(&from_counts, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_clv_create(&whole, nullptr) == SEGCORE_OK);
  REQUIRE(segcore_clv_fit_history_counts(from_counts, merged) == SEGCORE_OK);
  REQUIRE(segcore_clv_fit(whole, freq.data(), rec.data(), T.data(), nullptr, n) == SEGCORE_OK);
  double p[4], q[4];
  REQUIRE(segcore_clv_get_params(from_counts, p, 4) == SEGCORE_OK);
  REQUIRE(segcore_clv_get_params(whole, q, 4) == SEGCORE_OK);
  for (int i = 0; i < 4; ++i) CHECK(std::abs(p[i] - q[i]) <= 1e-6 * std::abs(q[i]));

  segcore_clv_history_counts* spend = nullptr;
  REQUIRE(segcore_clv_history_counts_create(&spend, SEGCORE_CLV_COUNTS_SPEND) == SEGCORE_OK);
  CHECK(segcore_clv_history_counts_merge(merged, spend) == SEGCORE_EINVAL);
  CHECK(segcore_clv_fit_history_counts(from_counts, spend) == SEGCORE_EUNSUPPORTED);  // BG/NBD on a spend table
  CHECK(segcore_clv_history_counts_accumulate(spend, rows.data(), 10, 3, nullptr, 0) == SEGCORE_EINVAL);
  const double bad[] = {1, NAN};
  CHECK(segcore_clv_history_counts_accumulate(spend, bad, 1, 2, nullptr, 30) == SEGCORE_EINVAL);
  CHECK(last().find("monetary is nan in row 30") != std::string::npos);
  segcore_clv_history_counts* none = nullptr;
  CHECK(segcore_clv_history_counts_create(&none, 5) == SEGCORE_EINVAL);
  CHECK(none == nullptr);
  segcore_clv_history_counts_destroy(spend);
  segcore_clv_history_counts_destroy(merged);
  segcore_clv_history_counts_destroy(nullptr);
  segcore_clv_destroy(from_counts);
  segcore_clv_destroy(whole);
}
