// C ABI of segcore::KMeansPartial, the mergeable state of distributed Lloyd iterations.
#include <cstring>
#include <memory>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/kmeans_partial.hpp"
#include "segcore_cluster.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

absl::Status wrap(absl::StatusOr<segcore::KMeansPartial> made, segcore_kmeans_partial** out) {
  if (!made.ok()) return made.status();
  *out = new segcore_kmeans_partial{std::move(*made)};
  return absl::OkStatus();
}

template <class T>
int accumulate(segcore_kmeans_partial* state, const T* x, size_t n, size_t d, const double* w, uint64_t first_row,
               int32_t* labels, size_t count, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_AS(state, "state");
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    std::span<std::int32_t> out;
    if (labels != nullptr) {
      SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(labels, count, n, 1, fn, "labels"));
      out = std::span<std::int32_t>(dst.data(), n);
    }
    const std::span<const double> weights = w == nullptr ? std::span<const double>() : std::span<const double>(w, n);
    return state->impl.accumulate(view, weights, first_row, out);
  );
}

}  // namespace

extern "C" {

int segcore_kmeans_partial_create(segcore_kmeans_partial** out, const double* centers, size_t k, size_t d,
                                  int32_t value_type) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(centers, k, d, fn, "centers"));
    return wrap(segcore::KMeansPartial::create(view, static_cast<segcore::KMeansValueType>(value_type)), out);
  );
}

void segcore_kmeans_partial_destroy(segcore_kmeans_partial* state) { delete state; }

int segcore_kmeans_partial_accumulate_f32(segcore_kmeans_partial* state, const float* x, size_t n, size_t d,
                                          const double* w, uint64_t first_row, int32_t* labels, size_t count) {
  return accumulate(state, x, n, d, w, first_row, labels, count, __func__);
}

int segcore_kmeans_partial_accumulate_f64(segcore_kmeans_partial* state, const double* x, size_t n, size_t d,
                                          const double* w, uint64_t first_row, int32_t* labels, size_t count) {
  return accumulate(state, x, n, d, w, first_row, labels, count, __func__);
}

int segcore_kmeans_partial_merge(segcore_kmeans_partial* state, const segcore_kmeans_partial* other) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state, other);
    return state->impl.merge(other->impl);
  );
}

int segcore_kmeans_partial_next(const segcore_kmeans_partial* state, segcore_kmeans_partial** out,
                                double* shift_sq_total) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(state);
    SEGCORE_ASSIGN_OR_RETURN(auto step, state->impl.next());
    if (shift_sq_total != nullptr) *shift_sq_total = step.shift_sq_total;
    *out = new segcore_kmeans_partial{std::move(step.next)};
  );
}

int segcore_kmeans_partial_get_shape(const segcore_kmeans_partial* state, size_t* k, size_t* d, uint64_t* n_rows) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state);
    if (k != nullptr) *k = state->impl.n_clusters();
    if (d != nullptr) *d = state->impl.n_features();
    if (n_rows != nullptr) *n_rows = state->impl.n_rows();
  );
}

int segcore_kmeans_partial_get_centers(const segcore_kmeans_partial* state, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state);
    const std::vector<double> c = state->impl.centers();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, state->impl.n_clusters(), state->impl.n_features(), fn, "out"));
    std::copy(c.begin(), c.end(), dst.data());
  );
}

int segcore_kmeans_partial_get_weights(const segcore_kmeans_partial* state, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state);
    const std::vector<double>& w = state->impl.weights();
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, w.size(), 1, fn, "out"));
    std::copy(w.begin(), w.end(), dst.data());
  );
}

int segcore_kmeans_partial_get_inertia(const segcore_kmeans_partial* state, double* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state, out);
    *out = state->impl.inertia();
  );
}

int segcore_kmeans_partial_to_bytes(const segcore_kmeans_partial* state, void* buffer, size_t capacity, size_t* size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(state, size);
    return segcore::capi_detail::write_bytes(state->impl.to_bytes(), buffer, capacity, size, fn, "state");
  );
}

int segcore_kmeans_partial_from_bytes(segcore_kmeans_partial** out, const void* data, size_t size) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_REQUIRE(data);
    const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(data), size);
    return wrap(segcore::KMeansPartial::from_bytes(bytes), out);
  );
}

}  // extern "C"
