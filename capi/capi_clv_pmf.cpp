// C ABI of the BG/NBD purchase-count distribution (segcore_clv.h,
// segcore_clv_probability_of_n_purchases).
#include <cstddef>
#include <span>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/clv_pmf.hpp"
#include "segcore_clv.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

extern "C" {

int segcore_clv_probability_of_n_purchases(const segcore_clv_model* model, double t, const double* n, size_t count_n,
                                           double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(model);
    const auto* bgnbd = dynamic_cast<const segcore::BetaGeoModel*>(model->impl.get());
    const auto* bgbb = dynamic_cast<const segcore::BetaGeoBetaBinomModel*>(model->impl.get());
    const auto* pareto = dynamic_cast<const segcore::ParetoNbdModel*>(model->impl.get());
    if (bgnbd == nullptr && bgbb == nullptr && pareto == nullptr)
      return absl::UnimplementedError(absl::StrCat(fn, ": the model is not BG/NBD, Pareto/NBD or BG/BB"));
    if (count_n != 0) SEGCORE_REQUIRE(n, out);
    if (count < count_n)
      return absl::OutOfRangeError(absl::StrCat(fn, ": out holds ", count, " values; ", count_n, " are needed"));
    const std::span<const double> ns(n, count_n);
    const std::span<double> dst(out, count_n);
    if (pareto != nullptr) return segcore::probability_of_n_purchases(*pareto, t, ns, dst);
    return bgnbd != nullptr ? segcore::probability_of_n_purchases(*bgnbd, t, ns, dst)
                            : segcore::probability_of_n_purchases(*bgbb, t, ns, dst);
  );
}

}  // extern "C"
