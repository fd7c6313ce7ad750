// The analysis C ABI: results through the skin equal the C++ API's, and misuse gives codes and
// messages, never a crash.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "segcore/metrics.hpp"
#include "segcore_analysis.h"
#include "support/blobs.hpp"

TEST_CASE("metrics through the C ABI") {
  auto b = segcore_test::blobs<double>(500, 3, 4, 5.0, 4);
  std::vector<int32_t> labels(b.truth.begin(), b.truth.end());
  double s = 0;
  REQUIRE(segcore_silhouette_score_f64(b.x.data(), 500, 3, labels.data(), 500, nullptr, &s) == SEGCORE_OK);
  CHECK(s == *segcore::silhouette_score(segcore::ConstMatrixView<double>(b.x.data(), 500, 3), labels));
  segcore_silhouette_options o;
  REQUIRE(segcore_silhouette_options_init(&o, sizeof o) == SEGCORE_OK);
  o.sample_size = 100;
  o.seed = 3;
  double sampled = 0;
  REQUIRE(segcore_silhouette_score_f64(b.x.data(), 500, 3, labels.data(), 500, &o, &sampled) == SEGCORE_OK);
  CHECK(sampled != s);
  CHECK(segcore_silhouette_score_f64(nullptr, 500, 3, labels.data(), 500, nullptr, &s) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()) == "segcore_silhouette_score_f64: x is NULL");
  CHECK(segcore_calinski_harabasz_score_f64(b.x.data(), 500, 3, labels.data(), 499, &s) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()).find("labels has 499 values for 500 rows") != std::string::npos);
  std::vector<double> out(10);
  CHECK(segcore_silhouette_samples_f64(b.x.data(), 500, 3, labels.data(), 500, 1, out.data(), out.size()) ==
        SEGCORE_ERANGE);
  CHECK(segcore_adjusted_rand_score(labels.data(), labels.data(), 500, &s) == SEGCORE_OK);
  CHECK(s == 1.0);
  CHECK(segcore_adjusted_rand_score(nullptr, labels.data(), 500, &s) == SEGCORE_EINVAL);
}

TEST_CASE("PCA's trailing options through the C ABI: variance_fraction, mle, and the first layout") {
  auto b = segcore_test::blobs<double>(300, 4, 3, 5.0, 7);
  segcore_pca_options o;
  REQUIRE(segcore_pca_options_init(&o, sizeof o) == SEGCORE_OK);
  CHECK(o.variance_fraction == 0.0);
  CHECK(o.mle == 0);
  o.variance_fraction = 0.5;
  segcore_pca* pca = nullptr;
  REQUIRE(segcore_pca_create(&pca, &o) == SEGCORE_OK);
  REQUIRE(segcore_pca_fit_f64(pca, b.x.data(), 300, 4) == SEGCORE_OK);
  size_t k = 0;
  REQUIRE(segcore_pca_get_shape(pca, &k, nullptr) == SEGCORE_OK);
  std::vector<double> ratio(k);
  REQUIRE(segcore_pca_get(pca, SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO, ratio.data(), k) == SEGCORE_OK);
  double before = 0;
  for (size_t c = 0; c + 1 < k; ++c) before += ratio[c];
  CHECK(before <= 0.5);
  CHECK(before + ratio[k - 1] > 0.5);
  segcore_pca_destroy(pca);
  // A caller built against the first layout (no trailing fields) gets every component.
  segcore_pca_options old;
  REQUIRE(segcore_pca_options_init(&old, offsetof(segcore_pca_options, variance_fraction)) == SEGCORE_OK);
  old.variance_fraction = 0.5;  // beyond the caller's struct_size: never read
  REQUIRE(segcore_pca_create(&pca, &old) == SEGCORE_OK);
  REQUIRE(segcore_pca_fit_f64(pca, b.x.data(), 300, 4) == SEGCORE_OK);
  REQUIRE(segcore_pca_get_shape(pca, &k, nullptr) == SEGCORE_OK);
  CHECK(k == 4);
  segcore_pca_destroy(pca);
  o.variance_fraction = 1.0;
  CHECK(segcore_pca_create(&pca, &o) == SEGCORE_EINVAL);
  CHECK(pca == nullptr);
  o.variance_fraction = 0.5;
  o.n_components = 2;
  CHECK(segcore_pca_create(&pca, &o) == SEGCORE_EINVAL);
  CHECK(std::string(segcore_last_error_message()).find("set at most one") != std::string::npos);
  o.n_components = 0;
  o.variance_fraction = 0;
  o.reserved1 = 1;
  CHECK(segcore_pca_create(&pca, &o) == SEGCORE_EINVAL);
  o.reserved1 = 0;
  o.mle = 1;
  REQUIRE(segcore_pca_create(&pca, &o) == SEGCORE_OK);
  CHECK(segcore_pca_fit_f64(pca, b.x.data(), 3, 4) == SEGCORE_EINVAL);  // fewer rows than features
  REQUIRE(segcore_pca_fit_f64(pca, b.x.data(), 300, 4) == SEGCORE_OK);
  REQUIRE(segcore_pca_get_shape(pca, &k, nullptr) == SEGCORE_OK);
  CHECK(k >= 1);
  CHECK(k <= 3);
  segcore_pca_destroy(pca);
}

TEST_CASE("PCA, dendrogram, profiles and tests through the C ABI") {
  auto b = segcore_test::blobs<double>(300, 4, 3, 5.0, 5);
  segcore_pca* pca = nullptr;
  double buf[64];
  CHECK(segcore_pca_get(pca, SEGCORE_PCA_MEAN, buf, 64) == SEGCORE_EINVAL);
  REQUIRE(segcore_pca_create(&pca, nullptr) == SEGCORE_OK);
  CHECK(segcore_pca_get(pca, SEGCORE_PCA_MEAN, buf, 64) == SEGCORE_ENOTFITTED);
  REQUIRE(segcore_pca_fit_f64(pca, b.x.data(), 300, 4) == SEGCORE_OK);
  CHECK(segcore_pca_get(pca, 99, buf, 64) == SEGCORE_EINVAL);
  CHECK(segcore_pca_get(pca, SEGCORE_PCA_COMPONENTS, buf, 15) == SEGCORE_ERANGE);
  REQUIRE(segcore_pca_get(pca, SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO, buf, 4) == SEGCORE_OK);
  CHECK(buf[0] + buf[1] + buf[2] + buf[3] == doctest::Approx(1.0));
  segcore_pca_destroy(pca);

  segcore_dendrogram* tree = nullptr;
  CHECK(segcore_dendrogram_build_f64(&tree, b.x.data(), 300, 4, 7) == SEGCORE_EINVAL);
  CHECK(tree == nullptr);
  REQUIRE(segcore_dendrogram_build_f64(&tree, b.x.data(), 300, 4, SEGCORE_LINKAGE_AVERAGE) == SEGCORE_OK);
  std::vector<int32_t> labels(300);
  CHECK(segcore_dendrogram_cut(tree, 301, labels.data(), 300) == SEGCORE_EINVAL);
  REQUIRE(segcore_dendrogram_cut(tree, 3, labels.data(), 300) == SEGCORE_OK);
  segcore_dendrogram_destroy(tree);

  segcore_personas* prof = nullptr;
  const char* names[] = {"a", "b", "c", "d"};
  REQUIRE(segcore_personas_build_f64(&prof, b.x.data(), 300, 4, labels.data(), 300, names, nullptr, nullptr, 2, 0.5) ==
          SEGCORE_OK);
  size_t n = 0, needed = 0;
  REQUIRE(segcore_personas_count(prof, &n) == SEGCORE_OK);
  CHECK(n == 3);
  CHECK(segcore_personas_get(prof, 3, nullptr, nullptr, nullptr) == SEGCORE_ERANGE);
  char small[4];
  REQUIRE(segcore_personas_get_name(prof, 0, small, sizeof small, &needed) == SEGCORE_OK);
  CHECK(std::string(small).size() == std::min<size_t>(3, needed));
  segcore_personas_destroy(prof);

  segcore_ab_result r;
  CHECK(segcore_two_proportion_test(10, 100, 20, 100, 0.95, &r) == SEGCORE_OK);
  CHECK(r.difference == doctest::Approx(0.1));
  CHECK(segcore_two_proportion_test(10, 100, 20, 100, 0.95, nullptr) == SEGCORE_EINVAL);
  double chi2, p;
  int64_t dof;
  const double table[] = {10, 20, 30, 40};
  CHECK(segcore_chi2_independence(table, 2, 2, 1, &chi2, &p, &dof, nullptr, 0) == SEGCORE_OK);
  CHECK(dof == 1);
}
