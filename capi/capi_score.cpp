// C ABI of logistic regression.
#include <cmath>
#include <cstddef>
#include <span>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/score.hpp"
#include "segcore_rules.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;

constexpr std::size_t kMinOptionsSize = offsetof(segcore_logistic_options, reserved0) + sizeof(int32_t);
static_assert(sizeof(segcore_logistic_options) == kMinOptionsSize, "no tail padding (capi_support.hpp)");

segcore_logistic_options default_options() {
  segcore_logistic_options o{};
  o.struct_size = sizeof o;
  o.C = 1.0;
  o.fit_intercept = 1;
  o.max_iter = 100;
  o.tol = 1e-8;
  o.n_threads = 1;
  return o;
}

template <class Fn>
int predict(const segcore_logistic* m, const double* X, size_t rows, size_t cols, double* out, size_t count,
            const char* fn, Fn&& call) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_AS(m, "model");
    SEGCORE_ASSIGN_OR_RETURN(auto x, input_matrix(X, rows, cols, fn, "X"));
    if (out == nullptr && rows != 0) return segcore::invalid_argument(fn, "out is NULL");
    if (count < rows) return absl::OutOfRangeError(absl::StrCat(fn, ": out holds ", count, " values; ", rows, " are needed"));
    return call(m->impl, x, std::span<double>(out, rows));
  );
}

}  // namespace

extern "C" {

int segcore_logistic_options_init(segcore_logistic_options* opts, size_t struct_size) {
  SEGCORE_CAPI_BODY(
    const segcore_logistic_options d = default_options();
    return segcore::capi_detail::init_options(opts, struct_size, &d, sizeof d, kMinOptionsSize, fn);
  );
}

int segcore_logistic_create(segcore_logistic** out, const segcore_logistic_options* opts) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_OUT(out);
    segcore_logistic_options o = default_options();
    SEGCORE_RETURN_IF_ERROR(segcore::capi_detail::read_options(opts, &o, sizeof o, kMinOptionsSize, fn));
    if (o.reserved0 != 0) return segcore::invalid_argument(fn, "reserved0 must be 0");
    segcore::LogisticOptions lo;
    lo.C = o.C;
    lo.fit_intercept = o.fit_intercept != 0;
    lo.max_iter = o.max_iter;
    lo.tol = o.tol;
    lo.n_threads = o.n_threads;
    if (!(lo.C > 0) || !std::isfinite(lo.C)) return segcore::invalid_argument(fn, "C is ", lo.C, "; use a finite value > 0");
    if (lo.max_iter < 1) return segcore::invalid_argument(fn, "max_iter is ", lo.max_iter, "; use >= 1");
    if (!(lo.tol >= 0)) return segcore::invalid_argument(fn, "tol is ", lo.tol, "; use >= 0");
    if (lo.n_threads < 0) return segcore::invalid_argument(fn, "n_threads is ", lo.n_threads, "; use >= 1, or 0 for all cores");
    *out = new segcore_logistic{segcore::LogisticRegression(lo)};
  );
}

void segcore_logistic_destroy(segcore_logistic* model) { delete model; }

int segcore_logistic_fit(segcore_logistic* m, const double* X, size_t rows, size_t cols, const double* y,
                         const double* sample_weight) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(m, "model");
    SEGCORE_ASSIGN_OR_RETURN(auto x, input_matrix(X, rows, cols, fn, "X"));
    if (y == nullptr && rows != 0) return segcore::invalid_argument(fn, "y is NULL");
    std::span<const double> w;
    if (sample_weight != nullptr) w = std::span<const double>(sample_weight, rows);
    return m->impl.fit(x, std::span<const double>(y, rows), w);
  );
}

int segcore_logistic_predict_proba(const segcore_logistic* m, const double* X, size_t rows, size_t cols, double* out,
                                   size_t count) {
  return predict(m, X, rows, cols, out, count, __func__,
                 [](const segcore::LogisticRegression& lr, auto x, std::span<double> o) { return lr.predict_proba(x, o); });
}

int segcore_logistic_decision_function(const segcore_logistic* m, const double* X, size_t rows, size_t cols,
                                       double* out, size_t count) {
  return predict(m, X, rows, cols, out, count, __func__, [](const segcore::LogisticRegression& lr, auto x, std::span<double> o) {
    return lr.decision_function(x, o);
  });
}

int segcore_logistic_get_coef(const segcore_logistic* m, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(m, "model");
    if (!m->impl.fitted()) return absl::FailedPreconditionError(absl::StrCat(fn, ": not fitted"));
    const auto& c = m->impl.coef();
    if (out == nullptr && !c.empty()) return segcore::invalid_argument(fn, "out is NULL");
    if (count < c.size()) return absl::OutOfRangeError(absl::StrCat(fn, ": out holds ", count, " values; ", c.size(), " are needed"));
    std::copy(c.begin(), c.end(), out);
  );
}

int segcore_logistic_get_intercept(const segcore_logistic* m, double* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(m, "model");
    SEGCORE_REQUIRE(out);
    if (!m->impl.fitted()) return absl::FailedPreconditionError(absl::StrCat(fn, ": not fitted"));
    *out = m->impl.intercept();
  );
}

int segcore_logistic_n_features(const segcore_logistic* m, size_t* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(m, "model");
    SEGCORE_REQUIRE(out);
    if (!m->impl.fitted()) return absl::FailedPreconditionError(absl::StrCat(fn, ": not fitted"));
    *out = m->impl.coef().size();
  );
}

int segcore_logistic_get_n_iter(const segcore_logistic* m, int32_t* n_iter, int32_t* converged) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE_AS(m, "model");
    if (!m->impl.fitted()) return absl::FailedPreconditionError(absl::StrCat(fn, ": not fitted"));
    if (n_iter != nullptr) *n_iter = m->impl.n_iter();
    if (converged != nullptr) *converged = m->impl.converged() ? 1 : 0;
  );
}

}  // extern "C"
