// C ABI of the metrics, PCA and hierarchical clustering (segcore_analysis.h).
#include <cstddef>
#include <span>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/hierarchy.hpp"
#include "segcore/metrics.hpp"
#include "segcore/pca.hpp"
#include "segcore_analysis.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

constexpr std::size_t kMinSilhouetteSize = offsetof(segcore_silhouette_options, seed) + sizeof(uint64_t);
static_assert(sizeof(segcore_silhouette_options) == kMinSilhouetteSize, "no tail padding (capi_support.hpp)");
constexpr std::size_t kMinPCASize = offsetof(segcore_pca_options, reserved0) + sizeof(int32_t);
static_assert(sizeof(segcore_pca_options) == offsetof(segcore_pca_options, reserved1) + sizeof(int32_t),
              "no tail padding (capi_support.hpp)");

segcore_silhouette_options silhouette_defaults() {
  segcore_silhouette_options o{};
  o.struct_size = sizeof o;
  o.n_threads = 1;
  return o;
}

segcore_pca_options pca_defaults() {
  segcore_pca_options o{};
  o.struct_size = sizeof o;
  o.n_threads = 1;
  return o;
}

// The labels of a metric call: n_labels values, not NULL.
absl::StatusOr<std::span<const std::int32_t>> label_span(const int32_t* labels, std::size_t n, const char* fn) {
  if (labels == nullptr && n != 0) return segcore::invalid_argument(fn, "labels is NULL");
  return std::span<const std::int32_t>(labels, n);
}

template <class T>
int silhouette(const T* x, size_t n, size_t d, const int32_t* labels, size_t n_labels,
               const segcore_silhouette_options* opts, double* out, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE(out);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    SEGCORE_ASSIGN_OR_RETURN(auto l, label_span(labels, n_labels, fn));
    segcore_silhouette_options o = silhouette_defaults();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinSilhouetteSize, fn));
    SEGCORE_ASSIGN_OR_RETURN(*out, segcore::silhouette_score(view, l, {.n_threads = o.n_threads,
                                                                      .sample_size = o.sample_size,
                                                                      .seed = o.seed}));
  );
}

template <class T>
int samples(const T* x, size_t n, size_t d, const int32_t* labels, size_t n_labels, int32_t threads,
            double* out, size_t count, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    SEGCORE_ASSIGN_OR_RETURN(auto l, label_span(labels, n_labels, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, n, 1, fn, "out"));
    return segcore::silhouette_samples(view, l, std::span<double>(dst.data(), n), threads);
  );
}

template <class T, class Score>
int score(const T* x, size_t n, size_t d, const int32_t* labels, size_t n_labels, double* out,
          const char* fn, Score f) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE(out);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    SEGCORE_ASSIGN_OR_RETURN(auto l, label_span(labels, n_labels, fn));
    SEGCORE_ASSIGN_OR_RETURN(*out, f(view, l));
  );
}

absl::Status require_pca(const segcore_pca* p, const char* fn) {
  SEGCORE_REQUIRE_AS(p, "pca");
  if (!p->impl.fitted()) return absl::FailedPreconditionError(absl::StrCat(fn, ": the PCA is not fitted"));
  return absl::OkStatus();
}

template <class T>
int pca_fit(segcore_pca* p, const T* x, size_t n, size_t d, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_AS(p, "pca");
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    return p->impl.fit(view);
  );
}

template <class T>
int pca_transform(const segcore_pca* p, const T* x, size_t n, size_t d, double* out, size_t count, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_RETURN_IF_ERROR(require_pca(p, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, n, p->impl.n_components(), fn, "out"));
    return p->impl.transform(view, dst);
  );
}

template <class T>
int build(segcore_dendrogram** out, const T* x, size_t n, size_t d, int32_t linkage, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    SEGCORE_ASSIGN_OR_RETURN(segcore::Dendrogram tree, segcore::linkage_tree(view, static_cast<segcore::Linkage>(linkage)));
    *out = new segcore_dendrogram{std::move(tree)};
  );
}

}  // namespace

extern "C" {

int segcore_silhouette_options_init(segcore_silhouette_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_silhouette_options defaults = silhouette_defaults();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinSilhouetteSize, fn);
  );
}

int segcore_silhouette_score_f64(const double* x, size_t n, size_t d, const int32_t* labels, size_t n_labels,
                                 const segcore_silhouette_options* opts, double* out) {
  return silhouette(x, n, d, labels, n_labels, opts, out, __func__);
}
int segcore_silhouette_score_f32(const float* x, size_t n, size_t d, const int32_t* labels, size_t n_labels,
                                 const segcore_silhouette_options* opts, double* out) {
  return silhouette(x, n, d, labels, n_labels, opts, out, __func__);
}
int segcore_silhouette_samples_f64(const double* x, size_t n, size_t d, const int32_t* labels, size_t n_labels,
                                   int32_t threads, double* out, size_t count) {
  return samples(x, n, d, labels, n_labels, threads, out, count, __func__);
}
int segcore_silhouette_samples_f32(const float* x, size_t n, size_t d, const int32_t* labels, size_t n_labels,
                                   int32_t threads, double* out, size_t count) {
  return samples(x, n, d, labels, n_labels, threads, out, count, __func__);
}

int segcore_calinski_harabasz_score_f64(const double* x, size_t n, size_t d, const int32_t* l, size_t nl, double* out) {
  return score(x, n, d, l, nl, out, __func__, [](auto v, auto s) { return segcore::calinski_harabasz_score(v, s); });
}
int segcore_calinski_harabasz_score_f32(const float* x, size_t n, size_t d, const int32_t* l, size_t nl, double* out) {
  return score(x, n, d, l, nl, out, __func__, [](auto v, auto s) { return segcore::calinski_harabasz_score(v, s); });
}
int segcore_davies_bouldin_score_f64(const double* x, size_t n, size_t d, const int32_t* l, size_t nl, double* out) {
  return score(x, n, d, l, nl, out, __func__, [](auto v, auto s) { return segcore::davies_bouldin_score(v, s); });
}
int segcore_davies_bouldin_score_f32(const float* x, size_t n, size_t d, const int32_t* l, size_t nl, double* out) {
  return score(x, n, d, l, nl, out, __func__, [](auto v, auto s) { return segcore::davies_bouldin_score(v, s); });
}

int segcore_adjusted_rand_score(const int32_t* labels_true, const int32_t* labels_pred, size_t n, double* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(out);
    if (n != 0) {
      SEGCORE_REQUIRE(labels_true, labels_pred);
    }
    SEGCORE_ASSIGN_OR_RETURN(*out, segcore::adjusted_rand_score(std::span<const std::int32_t>(labels_true, n),
                                                                std::span<const std::int32_t>(labels_pred, n)));
  );
}

int segcore_pca_options_init(segcore_pca_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_pca_options defaults = pca_defaults();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinPCASize, fn);
  );
}

int segcore_pca_create(segcore_pca** out, const segcore_pca_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    segcore_pca_options o = pca_defaults();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinPCASize, fn));
    if (o.reserved0 != 0 || o.reserved1 != 0) return segcore::invalid_argument(fn, "reserved0 and reserved1 must be 0");
    const segcore::PCAOptions p{.n_components = o.n_components,
                                .whiten = o.whiten != 0,
                                .n_threads = o.n_threads,
                                .variance_fraction = o.variance_fraction,
                                .mle = o.mle != 0};
    SEGCORE_RETURN_IF_ERROR(segcore::validate(p));
    *out = new segcore_pca{segcore::PCA(p)};
  );
}

void segcore_pca_destroy(segcore_pca* pca) { delete pca; }

int segcore_pca_fit_f64(segcore_pca* p, const double* x, size_t n, size_t d) { return pca_fit(p, x, n, d, __func__); }
int segcore_pca_fit_f32(segcore_pca* p, const float* x, size_t n, size_t d) { return pca_fit(p, x, n, d, __func__); }
int segcore_pca_transform_f64(const segcore_pca* p, const double* x, size_t n, size_t d, double* out, size_t count) {
  return pca_transform(p, x, n, d, out, count, __func__);
}
int segcore_pca_transform_f32(const segcore_pca* p, const float* x, size_t n, size_t d, double* out, size_t count) {
  return pca_transform(p, x, n, d, out, count, __func__);
}

int segcore_pca_inverse_transform(const segcore_pca* p, const double* y, size_t n, size_t k, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_pca(p, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(y, n, k, fn, "y"));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, n, p->impl.n_features(), fn, "out"));
    return p->impl.inverse_transform(view, dst);
  );
}

int segcore_pca_get_shape(const segcore_pca* p, size_t* n_components, size_t* n_features) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_pca(p, fn));
    if (n_components) *n_components = p->impl.n_components();
    if (n_features) *n_features = p->impl.n_features();
  );
}

int segcore_pca_get(const segcore_pca* p, int32_t what, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_pca(p, fn));
    const segcore::PCA& m = p->impl;
    std::span<const double> src;
    switch (what) {
      case SEGCORE_PCA_COMPONENTS: src = {m.components().data(), m.components().size()}; break;
      case SEGCORE_PCA_MEAN: src = m.mean(); break;
      case SEGCORE_PCA_EXPLAINED_VARIANCE: src = m.explained_variance(); break;
      case SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO: src = m.explained_variance_ratio(); break;
      case SEGCORE_PCA_SINGULAR_VALUES: src = m.singular_values(); break;
      case SEGCORE_PCA_NOISE_VARIANCE: {
        SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, 1, 1, fn, "out"));
        dst(0, 0) = m.noise_variance();
        return absl::OkStatus();
      }
      default: return segcore::invalid_argument(fn, "what is ", what, "; use one of SEGCORE_PCA_*");
    }
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, 1, src.size(), fn, "out"));
    std::copy(src.begin(), src.end(), dst.data());
  );
}

int segcore_dendrogram_build_f64(segcore_dendrogram** out, const double* x, size_t n, size_t d, int32_t linkage) {
  return build(out, x, n, d, linkage, __func__);
}
int segcore_dendrogram_build_f32(segcore_dendrogram** out, const float* x, size_t n, size_t d, int32_t linkage) {
  return build(out, x, n, d, linkage, __func__);
}

void segcore_dendrogram_destroy(segcore_dendrogram* tree) { delete tree; }

int segcore_dendrogram_n_leaves(const segcore_dendrogram* t, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(t, "tree"); SEGCORE_REQUIRE(out); *out = t->impl.n_leaves(););
}

int segcore_dendrogram_get_merges(const segcore_dendrogram* t, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(t, "tree");
    const auto& m = t->impl.merges();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, m.size(), 4, fn, "out"));
    for (std::size_t i = 0; i < m.size(); ++i) {
      dst(i, 0) = static_cast<double>(m[i].a);
      dst(i, 1) = static_cast<double>(m[i].b);
      dst(i, 2) = m[i].height;
      dst(i, 3) = static_cast<double>(m[i].size);
    }
  );
}

int segcore_dendrogram_cut(const segcore_dendrogram* t, size_t k, int32_t* labels, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(t, "tree");
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(labels, count, t->impl.n_leaves(), 1, fn, "labels"));
    return t->impl.cut(k, std::span<std::int32_t>(dst.data(), t->impl.n_leaves()));
  );
}

int segcore_dendrogram_cut_height(const segcore_dendrogram* t, double threshold, int32_t* labels, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(t, "tree");
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(labels, count, t->impl.n_leaves(), 1, fn, "labels"));
    return t->impl.cut_height(threshold, std::span<std::int32_t>(dst.data(), t->impl.n_leaves()));
  );
}

}  // extern "C"
