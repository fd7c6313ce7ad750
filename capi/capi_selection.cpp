// C ABI of choose_k and cluster_stability (segcore_analysis.h).
#include <algorithm>
#include <cstddef>
#include <cstring>

#include "capi_support.hpp"
#include "segcore/selection.hpp"
#include "segcore_analysis.h"
#include "segcore_cluster.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

constexpr std::size_t kMinChooseSize = offsetof(segcore_choose_k_options, silhouette_sample) + sizeof(uint64_t);
static_assert(sizeof(segcore_choose_k_options) == kMinChooseSize, "no tail padding (capi_support.hpp)");
constexpr std::size_t kMinStabilitySize = offsetof(segcore_stability_options, seed) + sizeof(uint64_t);
static_assert(sizeof(segcore_stability_options) == kMinStabilitySize, "no tail padding (capi_support.hpp)");

segcore_choose_k_options choose_defaults() {
  segcore_choose_k_options o{};
  o.struct_size = sizeof o;
  o.k_min = 2, o.k_max = 10, o.n_init = 1, o.max_iter = 300, o.algorithm = SEGCORE_KMEANS_LLOYD, o.n_threads = 1;
  o.tol = 1e-4;
  return o;
}

segcore_stability_options stability_defaults() {
  segcore_stability_options o{};
  o.struct_size = sizeof o;
  o.n_clusters = 8, o.n_resamples = 20, o.sample_fraction = 0.8, o.n_init = 1, o.max_iter = 300;
  o.algorithm = SEGCORE_KMEANS_LLOYD, o.n_threads = 1, o.tol = 1e-4;
  return o;
}

absl::StatusOr<segcore::KMeansOptions> kmeans_options(int32_t n_clusters, int32_t n_init, int32_t max_iter,
                                                      int32_t algorithm, int32_t n_threads, double tol,
                                                      uint64_t seed, const char* fn) {
  if (algorithm != SEGCORE_KMEANS_LLOYD && algorithm != SEGCORE_KMEANS_HAMERLY)
    return segcore::invalid_argument(fn, "algorithm ", algorithm, " is not SEGCORE_KMEANS_LLOYD (0) or HAMERLY (1)");
  segcore::KMeansOptions k{.n_clusters = n_clusters, .n_init = n_init, .max_iter = max_iter, .tol = tol,
                           .algorithm = static_cast<segcore::KMeansAlgorithm>(algorithm), .seed = seed,
                           .n_threads = n_threads};
  SEGCORE_RETURN_IF_ERROR(segcore::validate(k));
  return k;
}

template <class T>
int choose(const T* x, size_t n, size_t d, const segcore_choose_k_options* opts, segcore_k_score* scores,
           size_t count, int32_t* recommended, int32_t* elbow, char* reason, size_t reason_size, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    segcore_choose_k_options o = choose_defaults();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinChooseSize, fn));
    if (reason == nullptr && reason_size != 0) return segcore::invalid_argument(fn, "reason is NULL");
    SEGCORE_ASSIGN_OR_RETURN(auto km, kmeans_options(2, o.n_init, o.max_iter, o.algorithm, o.n_threads, o.tol, o.seed, fn));
    const segcore::ChooseKOptions c{.k_min = o.k_min, .k_max = o.k_max, .kmeans = km,
                                    .silhouette_sample = static_cast<std::size_t>(o.silhouette_sample)};
    if (o.k_max >= o.k_min && count < static_cast<std::size_t>(o.k_max - o.k_min + 1))
      return absl::OutOfRangeError(absl::StrCat(fn, ": scores holds ", count, " entries; ", o.k_max - o.k_min + 1, " are needed"));
    if (scores == nullptr) return segcore::invalid_argument(fn, "scores is NULL");
    SEGCORE_ASSIGN_OR_RETURN(segcore::ChooseKResult r, segcore::choose_k(view, c));
    for (std::size_t i = 0; i < r.scores.size(); ++i) {
      const auto& s = r.scores[i];
      scores[i] = segcore_k_score{s.k, 0, s.inertia, s.silhouette, s.calinski_harabasz, s.davies_bouldin};
    }
    if (recommended) *recommended = r.recommended_k;
    if (elbow) *elbow = r.elbow_k;
    if (reason_size != 0) {
      const std::size_t len = std::min(r.reason.size(), reason_size - 1);
      std::memcpy(reason, r.reason.data(), len);
      reason[len] = '\0';
    }
  );
}

template <class T>
int stability(const T* x, size_t n, size_t d, const segcore_stability_options* opts, double* mean_ari, double* ari,
              size_t n_ari, double* jaccard, size_t n_jaccard, int32_t* labels, size_t n_labels, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE(mean_ari);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    segcore_stability_options o = stability_defaults();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinStabilitySize, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto km, kmeans_options(o.n_clusters, o.n_init, o.max_iter, o.algorithm, o.n_threads, o.tol, o.seed, fn));
    if (o.n_resamples < 1) return segcore::invalid_argument(fn, "n_resamples is ", o.n_resamples, "; it must be >= 1");
    SEGCORE_ASSIGN_OR_RETURN(auto ari_out, output_matrix(ari, n_ari, 1, static_cast<std::size_t>(o.n_resamples), fn, "ari"));
    SEGCORE_ASSIGN_OR_RETURN(auto jac_out, output_matrix(jaccard, n_jaccard, 1, static_cast<std::size_t>(o.n_clusters), fn, "jaccard"));
    SEGCORE_ASSIGN_OR_RETURN(auto lab_out, output_matrix(labels, n_labels, 1, n, fn, "labels"));
    SEGCORE_ASSIGN_OR_RETURN(segcore::StabilityResult r,
                             segcore::cluster_stability(view, {.n_resamples = o.n_resamples,
                                                               .sample_fraction = o.sample_fraction, .kmeans = km}));
    *mean_ari = r.mean_ari;
    std::copy(r.ari.begin(), r.ari.end(), ari_out.data());
    std::copy(r.jaccard.begin(), r.jaccard.end(), jac_out.data());
    std::copy(r.labels.begin(), r.labels.end(), lab_out.data());
  );
}

}  // namespace

extern "C" {

int segcore_choose_k_options_init(segcore_choose_k_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_choose_k_options defaults = choose_defaults();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinChooseSize, fn);
  );
}

int segcore_choose_k_f64(const double* x, size_t n, size_t d, const segcore_choose_k_options* opts, segcore_k_score* scores,
                         size_t count, int32_t* recommended, int32_t* elbow, char* reason, size_t reason_size) {
  return choose(x, n, d, opts, scores, count, recommended, elbow, reason, reason_size, __func__);
}
int segcore_choose_k_f32(const float* x, size_t n, size_t d, const segcore_choose_k_options* opts, segcore_k_score* scores,
                         size_t count, int32_t* recommended, int32_t* elbow, char* reason, size_t reason_size) {
  return choose(x, n, d, opts, scores, count, recommended, elbow, reason, reason_size, __func__);
}

int segcore_stability_options_init(segcore_stability_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_stability_options defaults = stability_defaults();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults, kMinStabilitySize, fn);
  );
}

int segcore_cluster_stability_f64(const double* x, size_t n, size_t d, const segcore_stability_options* opts, double* mean_ari,
                                  double* ari, size_t n_ari, double* jaccard, size_t n_jaccard, int32_t* labels, size_t n_labels) {
  return stability(x, n, d, opts, mean_ari, ari, n_ari, jaccard, n_jaccard, labels, n_labels, __func__);
}
int segcore_cluster_stability_f32(const float* x, size_t n, size_t d, const segcore_stability_options* opts, double* mean_ari,
                                  double* ari, size_t n_ari, double* jaccard, size_t n_jaccard, int32_t* labels, size_t n_labels) {
  return stability(x, n, d, opts, mean_ari, ari, n_ari, jaccard, n_jaccard, labels, n_labels, __func__);
}

}  // extern "C"
