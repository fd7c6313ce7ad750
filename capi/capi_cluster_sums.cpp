// C ABI of segcore::ClusterSums and segcore::ClusterSpread, the clustering metrics' partial states.
#include <algorithm>
#include <cmath>

#include "capi_bytes.hpp"
#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/cluster_sums.hpp"
#include "segcore_analysis.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

template <class State, class Handle>
absl::Status wrap(absl::StatusOr<State> made, Handle** out) {
  if (!made.ok()) return made.status();
  *out = new Handle{std::move(*made)};
  return absl::OkStatus();
}

// A block of rows with its labels, into either pass's state.
template <class Handle, class T>
int accumulate(Handle* state, const T* x, size_t n, size_t d, const int32_t* labels, size_t n_labels,
               uint64_t first_row, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_AS(state, "state");
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    SEGCORE_ASSIGN_OR_RETURN(auto lab, input_matrix(labels, n_labels, 1, fn, "labels"));
    return state->impl.accumulate(view, std::span<const std::int32_t>(lab.data(), n_labels), first_row);
  );
}

}  // namespace

extern "C" {

int segcore_cluster_sums_create(segcore_cluster_sums** out, const double* origin, size_t n_features) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto o, input_matrix(origin, n_features, 1, fn, "origin"));
    return wrap(segcore::ClusterSums::create(std::span<const double>(o.data(), n_features)), out);
  );
}

void segcore_cluster_sums_destroy(segcore_cluster_sums* state) { delete state; }

int segcore_cluster_sums_accumulate_f64(segcore_cluster_sums* state, const double* x, size_t n_rows, size_t n_features,
                                        const int32_t* labels, size_t n_labels, uint64_t first_row) {
  return accumulate(state, x, n_rows, n_features, labels, n_labels, first_row, __func__);
}

int segcore_cluster_sums_accumulate_f32(segcore_cluster_sums* state, const float* x, size_t n_rows, size_t n_features,
                                        const int32_t* labels, size_t n_labels, uint64_t first_row) {
  return accumulate(state, x, n_rows, n_features, labels, n_labels, first_row, __func__);
}

int segcore_cluster_sums_merge(segcore_cluster_sums* state, const segcore_cluster_sums* other) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state, other);
    return state->impl.merge(other->impl);
  );
}

int segcore_cluster_sums_get_shape(const segcore_cluster_sums* state, size_t* n_clusters, size_t* n_features,
                                   uint64_t* n_rows) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state);
    if (n_clusters != nullptr) *n_clusters = state->impl.n_clusters();
    if (n_features != nullptr) *n_features = state->impl.n_features();
    if (n_rows != nullptr) *n_rows = state->impl.n_rows();
  );
}

int segcore_cluster_sums_get_labels(const segcore_cluster_sums* state, int32_t* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state);
    const std::vector<std::int32_t>& v = state->impl.labels();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, v.size(), 1, fn, "out"));
    std::copy(v.begin(), v.end(), dst.data());
  );
}

int segcore_cluster_sums_get_counts(const segcore_cluster_sums* state, uint64_t* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state);
    const std::vector<std::uint64_t>& v = state->impl.counts();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, v.size(), 1, fn, "out"));
    std::copy(v.begin(), v.end(), dst.data());
  );
}

int segcore_cluster_sums_to_bytes(const segcore_cluster_sums* state, void* buffer, size_t capacity, size_t* size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state, size);
    return segcore::capi_detail::give_bytes(state->impl.to_bytes(), buffer, capacity, size, fn);
  );
}

int segcore_cluster_sums_from_bytes(segcore_cluster_sums** out, const void* data, size_t size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(data);
    const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(data), size);
    return wrap(segcore::ClusterSums::from_bytes(bytes), out);
  );
}

int segcore_cluster_spread_create_from_sums(segcore_cluster_spread** out, const segcore_cluster_sums* sums) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(sums);
    return wrap(segcore::ClusterSpread::from_sums(sums->impl), out);
  );
}

int segcore_cluster_spread_create_for_centers(segcore_cluster_spread** out, const double* centers, size_t n_clusters,
                                              size_t n_features) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(centers, n_clusters, n_features, fn, "centers"));
    return wrap(segcore::ClusterSpread::for_centers(view), out);
  );
}

void segcore_cluster_spread_destroy(segcore_cluster_spread* state) { delete state; }

int segcore_cluster_spread_accumulate_f64(segcore_cluster_spread* state, const double* x, size_t n_rows,
                                          size_t n_features, const int32_t* labels, size_t n_labels,
                                          uint64_t first_row) {
  return accumulate(state, x, n_rows, n_features, labels, n_labels, first_row, __func__);
}

int segcore_cluster_spread_accumulate_f32(segcore_cluster_spread* state, const float* x, size_t n_rows,
                                          size_t n_features, const int32_t* labels, size_t n_labels,
                                          uint64_t first_row) {
  return accumulate(state, x, n_rows, n_features, labels, n_labels, first_row, __func__);
}

int segcore_cluster_spread_merge(segcore_cluster_spread* state, const segcore_cluster_spread* other) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state, other);
    return state->impl.merge(other->impl);
  );
}

int segcore_cluster_spread_get_inertia(const segcore_cluster_spread* state, double* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state, out);
    const double inertia = state->impl.inertia();
    if (!std::isfinite(inertia))
      return segcore::invalid_argument(fn, "the squared distances overflow double precision (values too large to square)");
    *out = inertia;
  );
}

int segcore_cluster_spread_to_bytes(const segcore_cluster_spread* state, void* buffer, size_t capacity, size_t* size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state, size);
    return segcore::capi_detail::give_bytes(state->impl.to_bytes(), buffer, capacity, size, fn);
  );
}

int segcore_cluster_spread_from_bytes(segcore_cluster_spread** out, const void* data, size_t size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(data);
    const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(data), size);
    return wrap(segcore::ClusterSpread::from_bytes(bytes), out);
  );
}

int segcore_cluster_sums_calinski_harabasz(const segcore_cluster_sums* sums, const segcore_cluster_spread* spread,
                                           double* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sums, spread, out);
    SEGCORE_ASSIGN_OR_RETURN(*out, segcore::calinski_harabasz_score(sums->impl, spread->impl));
  );
}

int segcore_cluster_sums_davies_bouldin(const segcore_cluster_sums* sums, const segcore_cluster_spread* spread,
                                        double* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(sums, spread, out);
    SEGCORE_ASSIGN_OR_RETURN(*out, segcore::davies_bouldin_score(sums->impl, spread->impl));
  );
}

}  // extern "C"
