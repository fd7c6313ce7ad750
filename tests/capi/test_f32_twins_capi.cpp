// Every float entry point of the analysis C ABI against its double twin: the same numbers (the
// float data widened), random blobs of awkward sizes; equal within float precision.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "segcore_analysis.h"
#include "support/blobs.hpp"

namespace {

// Float data and the same values as doubles, with labels 0..k-1 (every label used).
struct Twins {
  std::size_t rows, cols, k;
  std::vector<float> f;
  std::vector<double> d;
  std::vector<int32_t> labels;
};

// Awkward sizes: odd row counts around SIMD widths and block edges, 1 to 7 columns.
std::vector<Twins> cases(double spread = 6.0) {
  std::vector<Twins> out;
  const std::size_t shapes[][3] = {{7, 1, 2}, {17, 3, 3}, {131, 7, 4}, {257, 2, 5}, {1031, 5, 3}};
  std::uint64_t seed = 11;
  for (const auto& s : shapes) {
    auto b = segcore_test::blobs<float>(s[0], s[1], s[2], spread, seed++);
    Twins t{s[0], s[1], s[2], b.x, std::vector<double>(b.x.begin(), b.x.end()), {}};
    t.labels.assign(b.truth.begin(), b.truth.end());
    out.push_back(std::move(t));
  }
  return out;
}

std::string shape(const Twins& t) {
  return std::to_string(t.rows) + " x " + std::to_string(t.cols) + ", k " + std::to_string(t.k);
}

// |a - b| within rel of the larger magnitude, or abs (NaN equals NaN).
bool close(double a, double b, double rel, double abs = 0) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= std::max(abs, rel * std::max(std::fabs(a), std::fabs(b)));
}

}  // namespace

TEST_CASE("C ABI float twins: silhouette_samples_f32, silhouette_score_f32 and calinski_harabasz_score_f32") {
  for (const Twins& t : cases()) {
    CAPTURE(shape(t));
    std::vector<double> s64(t.rows), s32(t.rows);
    REQUIRE(segcore_silhouette_samples_f64(t.d.data(), t.rows, t.cols, t.labels.data(), t.rows, 2, s64.data(),
                                           t.rows) == SEGCORE_OK);
    REQUIRE(segcore_silhouette_samples_f32(t.f.data(), t.rows, t.cols, t.labels.data(), t.rows, 2, s32.data(),
                                           t.rows) == SEGCORE_OK);
    for (std::size_t i = 0; i < t.rows; ++i) CHECK(close(s32[i], s64[i], 0, 1e-4));
    CHECK(segcore_silhouette_samples_f32(t.f.data(), t.rows, t.cols, t.labels.data(), t.rows, 1, s32.data(),
                                         t.rows - 1) == SEGCORE_ERANGE);

    double mean64 = 0, mean32 = 0;
    REQUIRE(segcore_silhouette_score_f64(t.d.data(), t.rows, t.cols, t.labels.data(), t.rows, nullptr, &mean64) ==
            SEGCORE_OK);
    REQUIRE(segcore_silhouette_score_f32(t.f.data(), t.rows, t.cols, t.labels.data(), t.rows, nullptr, &mean32) ==
            SEGCORE_OK);
    CHECK(close(mean32, mean64, 0, 1e-4));

    double ch64 = 0, ch32 = 0;
    REQUIRE(segcore_calinski_harabasz_score_f64(t.d.data(), t.rows, t.cols, t.labels.data(), t.rows, &ch64) ==
            SEGCORE_OK);
    REQUIRE(segcore_calinski_harabasz_score_f32(t.f.data(), t.rows, t.cols, t.labels.data(), t.rows, &ch32) ==
            SEGCORE_OK);
    CHECK(close(ch32, ch64, 1e-4));
    CHECK(segcore_calinski_harabasz_score_f32(t.f.data(), t.rows, t.cols, t.labels.data(), t.rows - 1, &ch32) ==
          SEGCORE_EINVAL);
  }
}

TEST_CASE("C ABI float twins: pca_transform_f32, and back by pca_inverse_transform") {
  for (const Twins& t : cases()) {
    CAPTURE(shape(t));
    segcore_pca* pca = nullptr;
    REQUIRE(segcore_pca_create(&pca, nullptr) == SEGCORE_OK);
    REQUIRE(segcore_pca_fit_f64(pca, t.d.data(), t.rows, t.cols) == SEGCORE_OK);
    size_t k = 0;
    REQUIRE(segcore_pca_get_shape(pca, &k, nullptr) == SEGCORE_OK);
    std::vector<double> y64(t.rows * k), y32(t.rows * k);
    REQUIRE(segcore_pca_transform_f64(pca, t.d.data(), t.rows, t.cols, y64.data(), y64.size()) == SEGCORE_OK);
    REQUIRE(segcore_pca_transform_f32(pca, t.f.data(), t.rows, t.cols, y32.data(), y32.size()) == SEGCORE_OK);
    double scale = 0;
    for (double v : y64) scale = std::max(scale, std::fabs(v));
    for (std::size_t i = 0; i < y64.size(); ++i) CHECK(close(y32[i], y64[i], 0, 1e-5 * scale));
    // Every component kept: the inverse transform gives the data back.
    REQUIRE(k == std::min(t.rows, t.cols));
    std::vector<double> back(t.rows * t.cols);
    REQUIRE(segcore_pca_inverse_transform(pca, y32.data(), t.rows, k, back.data(), back.size()) == SEGCORE_OK);
    for (std::size_t i = 0; i < back.size(); ++i) CHECK(close(back[i], t.d[i], 0, 1e-4 * scale));
    CHECK(segcore_pca_inverse_transform(pca, y32.data(), t.rows, k, back.data(), back.size() - 1) == SEGCORE_ERANGE);
    CHECK(segcore_pca_transform_f32(pca, t.f.data(), t.rows, t.cols + 1, y32.data(), y32.size()) == SEGCORE_EINVAL);
    CHECK(segcore_pca_transform_f32(pca, t.f.data(), t.rows, t.cols, y32.data(), y32.size() - 1) == SEGCORE_ERANGE);
    segcore_pca_destroy(pca);
  }
}

TEST_CASE("C ABI float twins: dendrogram_build_f32, every linkage") {
  for (const Twins& t : cases(40.0)) {
    if (t.rows > 300) continue;  // complete and average linkage keep every distance
    for (int32_t linkage :
         {SEGCORE_LINKAGE_WARD, SEGCORE_LINKAGE_COMPLETE, SEGCORE_LINKAGE_AVERAGE, SEGCORE_LINKAGE_SINGLE}) {
      CAPTURE(shape(t));
      CAPTURE(linkage);
      segcore_dendrogram *a = nullptr, *b = nullptr;
      REQUIRE(segcore_dendrogram_build_f64(&a, t.d.data(), t.rows, t.cols, linkage) == SEGCORE_OK);
      REQUIRE(segcore_dendrogram_build_f32(&b, t.f.data(), t.rows, t.cols, linkage) == SEGCORE_OK);
      size_t leaves = 0;
      REQUIRE(segcore_dendrogram_n_leaves(b, &leaves) == SEGCORE_OK);
      CHECK(leaves == t.rows);
      std::vector<double> m64(4 * (t.rows - 1)), m32(m64.size());
      REQUIRE(segcore_dendrogram_get_merges(a, m64.data(), m64.size()) == SEGCORE_OK);
      REQUIRE(segcore_dendrogram_get_merges(b, m32.data(), m32.size()) == SEGCORE_OK);
      // Near-equal distances may merge in another order in float: compare the sorted heights.
      std::vector<double> h64, h32;
      for (std::size_t i = 0; i + 1 < t.rows; ++i) h64.push_back(m64[4 * i + 2]), h32.push_back(m32[4 * i + 2]);
      std::sort(h64.begin(), h64.end());
      std::sort(h32.begin(), h32.end());
      for (std::size_t i = 0; i < h64.size(); ++i) CHECK(close(h32[i], h64[i], 1e-4, 1e-4));
      // The blobs lie far apart: cut into k clusters (by count and by height), both twins agree.
      std::vector<int32_t> l64(t.rows), l32(t.rows);
      REQUIRE(segcore_dendrogram_cut(a, t.k, l64.data(), t.rows) == SEGCORE_OK);
      REQUIRE(segcore_dendrogram_cut(b, t.k, l32.data(), t.rows) == SEGCORE_OK);
      CHECK(l32 == l64);
      const double between =
          (h64[h64.size() - t.k] + h64[h64.size() - t.k + 1]) / 2;  // between the k-th and (k-1)-th highest merges
      REQUIRE(segcore_dendrogram_cut_height(b, between, l32.data(), t.rows) == SEGCORE_OK);
      CHECK(l32 == l64);
      segcore_dendrogram_destroy(a);
      segcore_dendrogram_destroy(b);
    }
  }
}

TEST_CASE("C ABI float twins: choose_k_f32 and cluster_stability_f32") {
  for (const Twins& t : cases(40.0)) {
    if (t.rows < 100) continue;  // k up to 6 needs rows to spare
    CAPTURE(shape(t));
    segcore_choose_k_options o;
    REQUIRE(segcore_choose_k_options_init(&o, sizeof o) == SEGCORE_OK);
    o.k_max = 6;
    o.seed = 5;
    segcore_k_score s64[5], s32[5];
    int32_t rec64 = 0, rec32 = 0, elbow64 = 0, elbow32 = 0;
    char why64[256], why32[256];
    REQUIRE(segcore_choose_k_f64(t.d.data(), t.rows, t.cols, &o, s64, 5, &rec64, &elbow64, why64, sizeof why64) ==
            SEGCORE_OK);
    REQUIRE(segcore_choose_k_f32(t.f.data(), t.rows, t.cols, &o, s32, 5, &rec32, &elbow32, why32, sizeof why32) ==
            SEGCORE_OK);
    CHECK(rec32 == rec64);
    CHECK(elbow32 == elbow64);
    for (int i = 0; i < 5; ++i) {
      CHECK(s32[i].k == s64[i].k);
      // k at or below the number of blobs: one optimum, the twins land on it.
      if (s64[i].k <= static_cast<int32_t>(t.k)) {
        CHECK(close(s32[i].inertia, s64[i].inertia, 1e-4));
        CHECK(close(s32[i].silhouette, s64[i].silhouette, 0, 1e-4));
        CHECK(close(s32[i].calinski_harabasz, s64[i].calinski_harabasz, 1e-4));
        CHECK(close(s32[i].davies_bouldin, s64[i].davies_bouldin, 1e-4));
      }
    }
    CHECK(segcore_choose_k_f32(t.f.data(), t.rows, t.cols, &o, s32, 4, nullptr, nullptr, nullptr, 0) == SEGCORE_ERANGE);

    segcore_stability_options so;
    REQUIRE(segcore_stability_options_init(&so, sizeof so) == SEGCORE_OK);
    so.n_clusters = static_cast<int32_t>(t.k);
    so.n_resamples = 4;
    so.seed = 9;
    double mean64 = 0, mean32 = 0, ari64[4], ari32[4];
    std::vector<double> jac64(t.k), jac32(t.k);
    std::vector<int32_t> lab64(t.rows), lab32(t.rows);
    REQUIRE(segcore_cluster_stability_f64(t.d.data(), t.rows, t.cols, &so, &mean64, ari64, 4, jac64.data(), t.k,
                                          lab64.data(), t.rows) == SEGCORE_OK);
    REQUIRE(segcore_cluster_stability_f32(t.f.data(), t.rows, t.cols, &so, &mean32, ari32, 4, jac32.data(), t.k,
                                          lab32.data(), t.rows) == SEGCORE_OK);
    CHECK(lab32 == lab64);
    CHECK(close(mean32, mean64, 1e-6));
    for (int i = 0; i < 4; ++i) CHECK(close(ari32[i], ari64[i], 1e-6));
    for (std::size_t c = 0; c < t.k; ++c) CHECK(close(jac32[c], jac64[c], 1e-6));
  }
}

TEST_CASE("C ABI float twins: anova_f32 and personas_build_f32") {
  for (const Twins& t : cases()) {
    CAPTURE(shape(t));
    std::vector<double> f64(t.cols), p64(t.cols), f32(t.cols), p32(t.cols);
    REQUIRE(segcore_anova_f64(t.d.data(), t.rows, t.cols, t.labels.data(), t.rows, f64.data(), p64.data(), t.cols) ==
            SEGCORE_OK);
    REQUIRE(segcore_anova_f32(t.f.data(), t.rows, t.cols, t.labels.data(), t.rows, f32.data(), p32.data(), t.cols) ==
            SEGCORE_OK);
    for (std::size_t j = 0; j < t.cols; ++j) {
      CHECK(close(f32[j], f64[j], 1e-4));
      CHECK(close(p32[j], p64[j], 1e-3, 1e-12));
    }
    CHECK(segcore_anova_f32(t.f.data(), t.rows, t.cols, t.labels.data(), t.rows, f32.data(), p32.data(), t.cols - 1) ==
          SEGCORE_ERANGE);

    segcore_personas *a = nullptr, *b = nullptr;
    REQUIRE(segcore_personas_build_f64(&a, t.d.data(), t.rows, t.cols, t.labels.data(), t.rows, nullptr, nullptr,
                                       nullptr, 2, 0.5) == SEGCORE_OK);
    REQUIRE(segcore_personas_build_f32(&b, t.f.data(), t.rows, t.cols, t.labels.data(), t.rows, nullptr, nullptr,
                                       nullptr, 2, 0.5) == SEGCORE_OK);
    size_t na = 0, nb = 0;
    REQUIRE(segcore_personas_count(a, &na) == SEGCORE_OK);
    REQUIRE(segcore_personas_count(b, &nb) == SEGCORE_OK);
    REQUIRE(na == t.k);
    REQUIRE(nb == na);
    for (size_t s = 0; s < na; ++s) {
      int32_t la = 0, lb = 0;
      size_t sa = 0, sb = 0;
      REQUIRE(segcore_personas_get(a, s, &la, &sa, nullptr) == SEGCORE_OK);
      REQUIRE(segcore_personas_get(b, s, &lb, &sb, nullptr) == SEGCORE_OK);
      CHECK(la == lb);
      CHECK(sa == sb);
      for (int32_t what :
           {SEGCORE_PROFILE_MEAN, SEGCORE_PROFILE_MEDIAN, SEGCORE_PROFILE_LIFT, SEGCORE_PROFILE_EFFECT}) {
        std::vector<double> va(t.cols), vb(t.cols);
        REQUIRE(segcore_personas_get_stats(a, s, what, va.data(), t.cols) == SEGCORE_OK);
        REQUIRE(segcore_personas_get_stats(b, s, what, vb.data(), t.cols) == SEGCORE_OK);
        for (std::size_t j = 0; j < t.cols; ++j) CHECK(close(vb[j], va[j], 1e-4, 1e-5));
      }
      int32_t ta[2], tb[2];
      size_t nta = 0, ntb = 0;
      REQUIRE(segcore_personas_get_top(a, s, ta, 2, &nta) == SEGCORE_OK);
      REQUIRE(segcore_personas_get_top(b, s, tb, 2, &ntb) == SEGCORE_OK);
      CHECK(nta == ntb);
      for (size_t i = 0; i < std::min(nta, ntb); ++i) CHECK(ta[i] == tb[i]);
    }
    segcore_personas_destroy(a);
    segcore_personas_destroy(b);
  }
}
