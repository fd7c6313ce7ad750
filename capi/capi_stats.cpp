// C ABI of the statistical tests (segcore_analysis.h).
#include <algorithm>
#include <cstddef>
#include <span>

#include "capi_support.hpp"
#include "segcore/stats.hpp"
#include "segcore_analysis.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

template <class T>
int anova(const T* x, size_t n, size_t d, const int32_t* labels, size_t n_labels, double* f, double* p, size_t count,
          const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    if (labels == nullptr && n_labels != 0) return segcore::invalid_argument(fn, "labels is NULL");
    SEGCORE_ASSIGN_OR_RETURN(auto fo, output_matrix(f, count, 1, d, fn, "f"));
    SEGCORE_ASSIGN_OR_RETURN(auto po, output_matrix(p, count, 1, d, fn, "p"));
    SEGCORE_ASSIGN_OR_RETURN(segcore::AnovaResult r, segcore::anova_oneway(view, std::span<const std::int32_t>(labels, n_labels)));
    std::copy(r.f.begin(), r.f.end(), fo.data());
    std::copy(r.p.begin(), r.p.end(), po.data());
  );
}

segcore_ab_result to_c(const segcore::ABResult& r) {
  return {r.statistic, r.p_value, r.df, r.a, r.b, r.difference, r.lift, r.ci_low, r.ci_high};
}

}  // namespace

extern "C" {

int segcore_anova_f64(const double* x, size_t n, size_t d, const int32_t* l, size_t nl, double* f, double* p, size_t count) {
  return anova(x, n, d, l, nl, f, p, count, __func__);
}
int segcore_anova_f32(const float* x, size_t n, size_t d, const int32_t* l, size_t nl, double* f, double* p, size_t count) {
  return anova(x, n, d, l, nl, f, p, count, __func__);
}

int segcore_chi2_independence(const double* table, size_t rows, size_t cols, int32_t correction, double* chi2,
                              double* p_value, int64_t* dof, double* expected, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(chi2, p_value, dof);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(table, rows, cols, fn, "table"));
    SEGCORE_ASSIGN_OR_RETURN(segcore::ChiSquareResult r, segcore::chi2_independence(view, correction != 0));
    if (expected != nullptr || count != 0) {
      SEGCORE_ASSIGN_OR_RETURN(auto e, output_matrix(expected, count, rows, cols, fn, "expected"));
      std::copy(r.expected.begin(), r.expected.end(), e.data());
    }
    *chi2 = r.chi2, *p_value = r.p_value, *dof = r.dof;
  );
}

int segcore_welch_t_test(const double* a, size_t na, const double* b, size_t nb, double confidence, segcore_ab_result* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(out);
    if (a == nullptr && na != 0) return segcore::invalid_argument(fn, "a is NULL");
    if (b == nullptr && nb != 0) return segcore::invalid_argument(fn, "b is NULL");
    SEGCORE_ASSIGN_OR_RETURN(segcore::ABResult r, segcore::welch_t_test(std::span<const double>(a, na),
                                                                        std::span<const double>(b, nb), confidence));
    *out = to_c(r);
  );
}

int segcore_two_proportion_test(int64_t xa, int64_t na, int64_t xb, int64_t nb, double confidence, segcore_ab_result* out) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(out);
    SEGCORE_ASSIGN_OR_RETURN(segcore::ABResult r, segcore::two_proportion_test(xa, na, xb, nb, confidence));
    *out = to_c(r);
  );
}

}  // extern "C"
