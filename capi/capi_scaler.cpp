// C ABI of segcore::Scaler.
#include <cstddef>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/scaler.hpp"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

constexpr std::size_t kMinOptionsSize = offsetof(segcore_scaler_options, range_max) + sizeof(double);
static_assert(sizeof(segcore_scaler_options) == kMinOptionsSize, "no tail padding (capi_support.hpp)");

segcore_scaler_options default_options() {
  segcore_scaler_options o{};
  o.struct_size = sizeof o;
  o.kind = SEGCORE_SCALER_STANDARD;
  o.log1p = 0;
  o.n_threads = 1;
  o.range_min = 0.0;
  o.range_max = 1.0;
  return o;
}

template <class T>
int fit(segcore_scaler* s, const T* x, size_t n_rows, size_t n_cols, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_AS(s, "scaler");
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n_rows, n_cols, fn, "x"));
    return s->impl.fit(view);
  );
}

template <class T>
int apply(const segcore_scaler* s, const T* x, size_t n_rows, size_t n_cols, T* out,
          size_t out_count, bool inverse, const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_AS(s, "scaler");
    SEGCORE_ASSIGN_OR_RETURN(auto in, input_matrix(x, n_rows, n_cols, fn, "x"));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, out_count, n_rows, n_cols, fn, "out"));
    return inverse ? s->impl.inverse_transform(in, dst) : s->impl.transform(in, dst);
  );
}

// Copies one fitted per-column vector into the caller's buffer.
template <class T, class Get>
int copy_fitted(const segcore_scaler* s, T* out, size_t count, const char* fn, Get get) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_AS(s, "scaler");
    if (!s->impl.fitted()) return absl::FailedPreconditionError(absl::StrCat(fn, ": the scaler is not fitted"));
    const auto& values = get(s->impl);
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, 1, values.size(), fn, "out"));
    for (std::size_t j = 0; j < values.size(); ++j) dst(0, j) = static_cast<T>(values[j]);
  );
}

}  // namespace

extern "C" {

int segcore_scaler_options_init(segcore_scaler_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_scaler_options defaults = default_options();
    return segcore::capi_detail::init_options(opts, struct_size, &defaults, sizeof defaults,
                                       kMinOptionsSize, fn);
  );
}

int segcore_scaler_create(segcore_scaler** out, const segcore_scaler_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    segcore_scaler_options o = default_options();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinOptionsSize, fn));
    if (o.reserved0 != 0) return segcore::invalid_argument(fn, "reserved0 must be 0");
    segcore::ScalerOptions cpp;
    cpp.kind = static_cast<segcore::ScalerKind>(o.kind);
    cpp.log1p = o.log1p != 0;
    cpp.n_threads = o.n_threads;
    cpp.range_min = o.range_min;
    cpp.range_max = o.range_max;
    SEGCORE_RETURN_IF_ERROR(segcore::validate(cpp));
    *out = new segcore_scaler{segcore::Scaler(cpp)};
  );
}

void segcore_scaler_destroy(segcore_scaler* scaler) { delete scaler; }

int segcore_scaler_fit_f64(segcore_scaler* s, const double* x, size_t n_rows, size_t n_cols) {
  return fit(s, x, n_rows, n_cols, __func__);
}
int segcore_scaler_fit_f32(segcore_scaler* s, const float* x, size_t n_rows, size_t n_cols) {
  return fit(s, x, n_rows, n_cols, __func__);
}

int segcore_scaler_transform_f64(const segcore_scaler* s, const double* x, size_t n_rows,
                                 size_t n_cols, double* out, size_t out_count) {
  return apply(s, x, n_rows, n_cols, out, out_count, false, __func__);
}
int segcore_scaler_transform_f32(const segcore_scaler* s, const float* x, size_t n_rows,
                                 size_t n_cols, float* out, size_t out_count) {
  return apply(s, x, n_rows, n_cols, out, out_count, false, __func__);
}
int segcore_scaler_inverse_transform_f64(const segcore_scaler* s, const double* y, size_t n_rows,
                                         size_t n_cols, double* out, size_t out_count) {
  return apply(s, y, n_rows, n_cols, out, out_count, true, __func__);
}
int segcore_scaler_inverse_transform_f32(const segcore_scaler* s, const float* y, size_t n_rows,
                                         size_t n_cols, float* out, size_t out_count) {
  return apply(s, y, n_rows, n_cols, out, out_count, true, __func__);
}

int segcore_scaler_get_options(const segcore_scaler* s, segcore_scaler_options* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(s, "scaler");
    const segcore::ScalerOptions& o = s->impl.options();
    segcore_scaler_options c = default_options();
    c.kind = static_cast<int32_t>(o.kind);
    c.log1p = o.log1p ? 1 : 0;
    c.n_threads = o.n_threads;
    c.range_min = o.range_min;
    c.range_max = o.range_max;
    return segcore::capi_detail::write_struct(out, &c, sizeof c, kMinOptionsSize, fn);
  );
}

int segcore_scaler_n_features(const segcore_scaler* s, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE_AS(s, "scaler"); SEGCORE_REQUIRE(out); *out = s->impl.n_features(););
}

int segcore_scaler_get_center(const segcore_scaler* s, double* out, size_t count) {
  return copy_fitted(s, out, count, __func__, [](const segcore::Scaler& sc) -> const auto& { return sc.center(); });
}
int segcore_scaler_get_scale(const segcore_scaler* s, double* out, size_t count) {
  return copy_fitted(s, out, count, __func__, [](const segcore::Scaler& sc) -> const auto& { return sc.scale(); });
}
int segcore_scaler_zero_variance_columns(const segcore_scaler* s, int32_t* out, size_t count) {
  return copy_fitted(s, out, count, __func__, [](const segcore::Scaler& sc) -> const auto& { return sc.zero_variance(); });
}

}  // extern "C"
