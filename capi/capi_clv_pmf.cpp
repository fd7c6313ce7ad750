// C ABI of the BG/NBD purchase-count distribution (segcore_clv.h,
// segcore_clv_probability_of_n_purchases).
#include <cstddef>
#include <span>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/clv_pmf.hpp"
#include "segcore_clv.h"

extern "C" {

int segcore_clv_probability_of_n_purchases(const segcore_clv_model* model, double t, const double* n, size_t count_n,
                                           double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(model);
    const auto* bgnbd = dynamic_cast<const segcore::BetaGeoModel*>(model->impl.get());
    if (bgnbd == nullptr) return absl::UnimplementedError(absl::StrCat(fn, ": the model is not BG/NBD"));
    if (count_n != 0) SEGCORE_REQUIRE(n, out);
    if (count < count_n)
      return absl::OutOfRangeError(absl::StrCat(fn, ": out holds ", count, " values; ", count_n, " are needed"));
    return segcore::probability_of_n_purchases(*bgnbd, t, std::span<const double>(n, count_n),
                                               std::span<double>(out, count_n));
  );
}

}  // extern "C"
