// C ABI of segcore::KMeans and segcore::MiniBatchKMeans, behind one handle.
#include <cstddef>
#include <variant>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore_cluster.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;
using segcore::capi_detail::require;

constexpr std::size_t kMinOptionsSize = offsetof(segcore_kmeans_options, reassignment_ratio) + sizeof(double);
static_assert(sizeof(segcore_kmeans_options) == offsetof(segcore_kmeans_options, reserved0) + sizeof(int32_t),
              "no tail padding (capi_support.hpp)");

segcore_kmeans_options default_options() {
  segcore_kmeans_options o{};
  o.struct_size = sizeof o;
  o.n_clusters = 8;
  o.n_init = 1;
  o.max_iter = 300;
  o.algorithm = SEGCORE_KMEANS_LLOYD;
  o.tol = 1e-4;
  o.seed = 0;
  o.n_threads = 1;
  o.batch_size = 1024;
  o.reassignment_ratio = 0.01;
  o.max_no_improvement = segcore::MiniBatchKMeansOptions{}.max_no_improvement;
  return o;
}

// Mini-batch's own defaults are those of the C++ options.
segcore_kmeans_options minibatch_default_options() {
  const segcore::MiniBatchKMeansOptions m;
  segcore_kmeans_options o = default_options();
  o.algorithm = SEGCORE_KMEANS_MINIBATCH;
  o.max_iter = m.max_iter;
  o.tol = m.tol;
  o.max_no_improvement = m.max_no_improvement;
  return o;
}

absl::Status check_model(const segcore_kmeans* km, const char* fn) { return require(km, fn, "km"); }

absl::Status require_fitted(const segcore_kmeans* km, const char* fn) {
  SEGCORE_RETURN_IF_ERROR(check_model(km, fn));
  const bool fitted = std::visit([](const auto& m) { return m.fitted(); }, km->impl);
  if (!fitted) return absl::FailedPreconditionError(absl::StrCat(fn, ": the model is not fitted"));
  return absl::OkStatus();
}

std::span<const double> weights(const double* w, std::size_t n) {
  return w == nullptr ? std::span<const double>() : std::span<const double>(w, n);
}

template <class T>
int fit(segcore_kmeans* km, const T* x, size_t n, size_t d, const double* w, bool partial, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_RETURN_IF_ERROR(check_model(km, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    if (auto* mb = std::get_if<segcore::MiniBatchKMeans>(&km->impl))
      return partial ? mb->partial_fit(view, weights(w, n)) : mb->fit(view, weights(w, n));
    if (partial)
      return absl::UnimplementedError(absl::StrCat(fn, ": partial_fit needs algorithm SEGCORE_KMEANS_MINIBATCH"));
    return std::get<segcore::KMeans>(km->impl).fit(view, weights(w, n));
  );
}

template <class T>
int predict(const segcore_kmeans* km, const T* x, size_t n, size_t d, int32_t* labels, size_t count, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_RETURN_IF_ERROR(require_fitted(km, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    SEGCORE_ASSIGN_OR_RETURN(auto out, output_matrix(labels, count, n, 1, fn, "labels"));
    std::span<std::int32_t> span(out.data(), n);
    return std::visit([&](const auto& m) { return m.predict(view, span); }, km->impl);
  );
}

template <class T>
int transform(const segcore_kmeans* km, const T* x, size_t n, size_t d, double* out, size_t count, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_RETURN_IF_ERROR(require_fitted(km, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    const std::size_t k = std::visit([](const auto& m) { return m.centers().rows(); }, km->impl);
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, n, k, fn, "out"));
    return std::visit([&](const auto& m) { return m.transform(view, dst); }, km->impl);
  );
}

}  // namespace

extern "C" {

int segcore_kmeans_options_init(segcore_kmeans_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_kmeans_options defaults = default_options();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinOptionsSize, fn);
  );
}

int segcore_kmeans_minibatch_options_init(segcore_kmeans_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_kmeans_options defaults = minibatch_default_options();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinOptionsSize, fn);
  );
}

int segcore_kmeans_create(segcore_kmeans** out, const segcore_kmeans_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    segcore_kmeans_options o = default_options();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinOptionsSize, fn));
    if (o.reserved0 != 0) return segcore::invalid_argument(fn, "reserved0 is ", o.reserved0, "; it must be 0");
    if (o.algorithm == SEGCORE_KMEANS_MINIBATCH) {
      segcore::MiniBatchKMeansOptions m{.n_clusters = o.n_clusters, .batch_size = o.batch_size,
                                        .max_iter = o.max_iter, .tol = o.tol,
                                        .max_no_improvement = o.max_no_improvement,
                                        .reassignment_ratio = o.reassignment_ratio, .seed = o.seed,
                                        .n_threads = o.n_threads};
      SEGCORE_RETURN_IF_ERROR(segcore::validate(m));
      *out = new segcore_kmeans{segcore::MiniBatchKMeans(m)};
      return absl::OkStatus();
    }
    if (o.algorithm != SEGCORE_KMEANS_LLOYD && o.algorithm != SEGCORE_KMEANS_HAMERLY)
      return segcore::invalid_argument(fn, "algorithm ", o.algorithm, " is not SEGCORE_KMEANS_LLOYD (0), HAMERLY (1) or MINIBATCH (2)");
    segcore::KMeansOptions k{.n_clusters = o.n_clusters, .n_init = o.n_init, .max_iter = o.max_iter, .tol = o.tol,
                             .algorithm = static_cast<segcore::KMeansAlgorithm>(o.algorithm), .seed = o.seed,
                             .n_threads = o.n_threads};
    SEGCORE_RETURN_IF_ERROR(segcore::validate(k));
    *out = new segcore_kmeans{segcore::KMeans(k)};
  );
}

void segcore_kmeans_destroy(segcore_kmeans* km) { delete km; }

int segcore_kmeans_set_init_centers(segcore_kmeans* km, const double* centers, size_t k, size_t d) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(check_model(km, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(centers, k, d, fn, "centers"));
    return std::visit([&](auto& m) { return m.set_initial_centers(view); }, km->impl);
  );
}

int segcore_kmeans_fit_f32(segcore_kmeans* km, const float* x, size_t n, size_t d, const double* w) {
  return fit(km, x, n, d, w, false, __func__);
}
int segcore_kmeans_fit_f64(segcore_kmeans* km, const double* x, size_t n, size_t d, const double* w) {
  return fit(km, x, n, d, w, false, __func__);
}
int segcore_kmeans_partial_fit_f32(segcore_kmeans* km, const float* x, size_t n, size_t d, const double* w) {
  return fit(km, x, n, d, w, true, __func__);
}
int segcore_kmeans_partial_fit_f64(segcore_kmeans* km, const double* x, size_t n, size_t d, const double* w) {
  return fit(km, x, n, d, w, true, __func__);
}
int segcore_kmeans_predict_f32(const segcore_kmeans* km, const float* x, size_t n, size_t d, int32_t* labels, size_t count) {
  return predict(km, x, n, d, labels, count, __func__);
}
int segcore_kmeans_predict_f64(const segcore_kmeans* km, const double* x, size_t n, size_t d, int32_t* labels, size_t count) {
  return predict(km, x, n, d, labels, count, __func__);
}
int segcore_kmeans_transform_f32(const segcore_kmeans* km, const float* x, size_t n, size_t d, double* out, size_t count) {
  return transform(km, x, n, d, out, count, __func__);
}
int segcore_kmeans_transform_f64(const segcore_kmeans* km, const double* x, size_t n, size_t d, double* out, size_t count) {
  return transform(km, x, n, d, out, count, __func__);
}

int segcore_kmeans_get_shape(const segcore_kmeans* km, size_t* n_clusters, size_t* n_features, size_t* n_labels) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_fitted(km, fn));
    std::visit([&](const auto& m) {
      if (n_clusters) *n_clusters = m.centers().rows();
      if (n_features) *n_features = m.n_features();
      if (n_labels) *n_labels = m.labels().size();
    }, km->impl);
  );
}

int segcore_kmeans_get_centers(const segcore_kmeans* km, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_fitted(km, fn));
    auto c = std::visit([](const auto& m) { return m.centers(); }, km->impl);
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, c.rows(), c.cols(), fn, "out"));
    std::copy(c.data(), c.data() + c.size(), dst.data());
  );
}

int segcore_kmeans_get_labels(const segcore_kmeans* km, int32_t* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_fitted(km, fn));
    const auto& labels = std::visit([](const auto& m) -> const std::vector<std::int32_t>& { return m.labels(); }, km->impl);
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, labels.size(), 1, fn, "out"));
    std::copy(labels.begin(), labels.end(), dst.data());
  );
}

int segcore_kmeans_get_inertia(const segcore_kmeans* km, double* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_fitted(km, fn));
    SEGCORE_REQUIRE(out);
    *out = std::visit([](const auto& m) { return m.inertia(); }, km->impl);
  );
}

int segcore_kmeans_get_n_iter(const segcore_kmeans* km, int64_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_fitted(km, fn));
    SEGCORE_REQUIRE(out);
    *out = std::visit([](const auto& m) { return static_cast<std::int64_t>(m.n_iter()); }, km->impl);
  );
}

int segcore_kmeans_get_n_steps(const segcore_kmeans* km, int64_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_RETURN_IF_ERROR(require_fitted(km, fn));
    SEGCORE_REQUIRE(out);
    if (const auto* b = std::get_if<segcore::KMeans>(&km->impl)) *out = b->n_iter();
    else *out = std::get<segcore::MiniBatchKMeans>(km->impl).n_steps();
  );
}

}  // extern "C"
