// Scaler::from_parameters: a fitted scaler rebuilt from saved parameters.
#include <cmath>

#include "segcore/scaler.hpp"

SEGCORE_NAMESPACE_BEGIN

StatusOr<Scaler> Scaler::from_parameters(ScalerOptions options, std::vector<double> center, std::vector<double> scale,
                                         std::vector<std::uint8_t> zero_variance) {
  constexpr absl::string_view where = "Scaler::from_parameters";
  SEGCORE_RETURN_IF_ERROR(validate(options));
  if (center.empty()) return invalid_argument(where, "there are no columns");
  if (scale.size() != center.size() || zero_variance.size() != center.size())
    return invalid_argument(where, center.size(), " centers, ", scale.size(), " scales and ", zero_variance.size(),
                            " zero-variance flags; one of each per column is needed");
  for (std::size_t j = 0; j < center.size(); ++j) {
    if (!std::isfinite(center[j])) return invalid_argument(where, "center ", j, " is ", center[j]);
    if (!std::isfinite(scale[j]) || !(scale[j] > 0))
      return invalid_argument(where, "scale ", j, " is ", scale[j], "; it must be finite and > 0");
    if (zero_variance[j] > 1)
      return invalid_argument(where, "zero-variance flag ", j, " is ", int{zero_variance[j]}, "; it must be 0 or 1");
    if (zero_variance[j] == 1 && scale[j] != 1.0)
      return invalid_argument(where, "column ", j, " is flagged zero-variance but its scale is ", scale[j], ", not 1");
  }
  Scaler s(options);
  s.center_ = std::move(center);
  s.scale_ = std::move(scale);
  s.zero_variance_ = std::move(zero_variance);
  return s;
}

SEGCORE_NAMESPACE_END
