// Feature scaling: standard (z-score), min-max and robust (median / IQR), optionally after log1p.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// How a Scaler finds each column's center and scale.
enum class ScalerKind : int {
  standard = 0,  // center = mean, scale = population standard deviation
  minmax = 1,    // [min, max] of the data maps onto [range_min, range_max]
  robust = 2,    // center = median, scale = 75th - 25th percentile (linear interpolation)
};

// Options of Scaler.
struct ScalerOptions {
  ScalerKind kind = ScalerKind::standard;  // standard, minmax or robust
  bool log1p = false;                      // transform every value with log1p first (heavy-tailed spend, counts)
  int n_threads = 1;                       // >= 1, or 0 for one per hardware thread
  double range_min = 0.0;                  // minmax: the value the column minimum maps to
  double range_max = 1.0;                  // minmax: the value the column maximum maps to
};

// Validates options: a known kind, n_threads >= 0, range_min < range_max, finite range.
Status validate(const ScalerOptions& options);

// y = (g(x) - center) / scale per column, g = log1p or identity. A column whose spread is zero
// gets scale 1 (so it maps to a constant) and is flagged in zero_variance(): as scikit-learn
// decides it, a variance within n eps var + (n eps mean)^2 of 0 for standard, a range or
// interquartile range below 10 eps for minmax and robust.
class Scaler {
 public:
  // An unfitted scaler; options are checked by fit.
  explicit Scaler(ScalerOptions options = {}) : options_(options) {}

  // A fitted scaler from parameters saved earlier (model_file.hpp): one center, scale and
  // zero-variance flag per column, at least one column; center finite, scale finite and > 0,
  // flags 0 or 1 with scale 1 where the flag is set, as fit leaves them.
  static StatusOr<Scaler> from_parameters(ScalerOptions options, std::vector<double> center, std::vector<double> scale,
                                          std::vector<std::uint8_t> zero_variance);

  // Learns center and scale. On failure the previous fit, if any, is kept. InvalidArgument
  // for invalid options, an empty matrix, or a non-finite value (after log1p).
  Status fit(ConstMatrixView<double> x);
  // The same for float data.
  Status fit(ConstMatrixView<float> x);

  // Scales x into out, which must have the shape of x and may alias it. FailedPrecondition
  // before a fit; InvalidArgument for another column count or a non-finite value.
  Status transform(ConstMatrixView<double> x, MatrixView<double> out) const;
  // The same for float data.
  Status transform(ConstMatrixView<float> x, MatrixView<float> out) const;
  // The inverse of transform (expm1 after log1p); FailedPrecondition before a fit,
  // InvalidArgument for another column count or a non-finite value.
  Status inverse_transform(ConstMatrixView<double> y, MatrixView<double> out) const;
  // The same for float data.
  Status inverse_transform(ConstMatrixView<float> y, MatrixView<float> out) const;

  // True once a fit succeeded.
  bool fitted() const { return !center_.empty(); }
  // Columns of the fit; 0 before one.
  std::size_t n_features() const { return center_.size(); }
  // The options the scaler was made with.
  const ScalerOptions& options() const { return options_; }
  // The fitted center per column.
  const std::vector<double>& center() const { return center_; }
  // The fitted scale per column (1 for a constant column).
  const std::vector<double>& scale() const { return scale_; }
  // 1 per column that had zero spread in the fit.
  const std::vector<std::uint8_t>& zero_variance() const { return zero_variance_; }

 private:
  template <class T>
  Status fit_impl(ConstMatrixView<T> x);
  template <class T>
  Status apply(ConstMatrixView<T> in, MatrixView<T> out, bool inverse) const;

  ScalerOptions options_;
  std::vector<double> center_, scale_;
  std::vector<std::uint8_t> zero_variance_;
};

SEGCORE_NAMESPACE_END
