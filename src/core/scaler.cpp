#include "segcore/scaler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/column_pass.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// Percentile q in [0, 1] of v with linear interpolation between order statistics (numpy's
// default). Reorders v.
double percentile(std::vector<double>& v, double q) {
  const double pos = q * static_cast<double>(v.size() - 1);
  const std::size_t lo = static_cast<std::size_t>(pos);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

// A variance is treated as zero when it is within the rounding error of computing it from
// n values of this magnitude, so a constant column read from text does not get a scale of 1e-17.
bool variance_is_zero(double var, double mean, std::size_t n) {
  const double nd = static_cast<double>(n);
  const double bound = nd * kEps * var + (nd * mean * kEps) * (nd * mean * kEps);
  return var <= bound;
}

template <class T, class Map>
void robust_center_scale(ConstMatrixView<T> x, const Map& map, int n_threads, std::vector<double>& center,
                         std::vector<double>& scale) {
  center.assign(x.cols(), 0.0);
  scale.assign(x.cols(), 0.0);
  parallel_for(n_threads, x.cols(), [&](std::size_t j) {
    std::vector<double> column(x.rows());
    for (std::size_t i = 0; i < x.rows(); ++i) column[i] = map(static_cast<double>(x(i, j)));
    center[j] = percentile(column, 0.5);
    scale[j] = percentile(column, 0.75) - percentile(column, 0.25);
  });
}

}  // namespace

Status validate(const ScalerOptions& o) {
  constexpr absl::string_view where = "Scaler options";
  const int kind = static_cast<int>(o.kind);
  if (kind < 0 || kind > 2)
    return invalid_argument(where, "kind ", kind, " is not standard (0), minmax (1) or robust (2)");
  if (o.n_threads < 0) return invalid_argument(where, "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  if (!std::isfinite(o.range_min) || !std::isfinite(o.range_max) || !(o.range_min < o.range_max))
    return invalid_argument(where, "range [", o.range_min, ", ", o.range_max, "] must be finite with min < max");
  return absl::OkStatus();
}

template <class T>
Status Scaler::fit_impl(ConstMatrixView<T> x) {
  constexpr absl::string_view where = "Scaler::fit";
  SEGCORE_RETURN_IF_ERROR(validate(options_));
  if (x.empty()) return invalid_argument(where, "the matrix is empty (", x.rows(), " x ", x.cols(), ")");
  const int threads = resolve_threads(options_.n_threads);
  std::vector<double> center, scale;
  auto fit_with = [&](const auto& map) -> Status {
    SEGCORE_RETURN_IF_ERROR(detail::check_values(x, map, where, threads));
    if (options_.kind == ScalerKind::robust) {
      robust_center_scale(x, map, threads, center, scale);
      return absl::OkStatus();
    }
    ColumnStats s = detail::column_stats(x, map, 0, threads);
    // Mapped values can overflow (log1p cannot, but a huge sum of squares can).
    for (std::size_t j = 0; j < x.cols(); ++j)
      if (!std::isfinite(s.mean[j]) || !std::isfinite(s.stddev[j]))
        return invalid_argument(where, "column ", j, " overflows double precision (mean ", s.mean[j], ", std ",
                                s.stddev[j], ")");
    if (options_.kind == ScalerKind::standard) {
      center = s.mean;
      scale = s.stddev;
      for (std::size_t j = 0; j < x.cols(); ++j)
        if (variance_is_zero(scale[j] * scale[j], center[j], x.rows())) scale[j] = 0.0;
    } else {
      const double width = options_.range_max - options_.range_min;
      center.resize(x.cols());
      scale.resize(x.cols());
      for (std::size_t j = 0; j < x.cols(); ++j) {
        scale[j] = (s.max[j] - s.min[j]) / width;
        center[j] = s.min[j] - options_.range_min * scale[j];
      }
    }
    return absl::OkStatus();
  };
  SEGCORE_RETURN_IF_ERROR(options_.log1p ? fit_with(detail::Log1p{}) : fit_with(detail::Identity{}));

  std::vector<std::uint8_t> zero(x.cols(), 0);
  for (std::size_t j = 0; j < x.cols(); ++j) {
    // As scikit-learn: a standard deviation is zero by the relative bound of variance_is_zero
    // alone (values of 1e-10 +- 1e-17 vary); the ranges of the other scalers below 10 eps.
    const bool zero_spread = options_.kind == ScalerKind::standard ? scale[j] == 0 : scale[j] < 10 * kEps;
    if (zero_spread) {
      zero[j] = 1;
      // A constant min-max column maps onto range_min: with scale 1, center must be min - range_min.
      if (options_.kind == ScalerKind::minmax) center[j] += options_.range_min * scale[j] - options_.range_min;
      scale[j] = 1.0;
    }
  }
  center_ = std::move(center);
  scale_ = std::move(scale);
  zero_variance_ = std::move(zero);
  return absl::OkStatus();
}

template <class T>
Status Scaler::apply(ConstMatrixView<T> in, MatrixView<T> out, bool inverse) const {
  const absl::string_view where = inverse ? "Scaler::inverse_transform" : "Scaler::transform";
  if (!fitted()) return absl::FailedPreconditionError(absl::StrCat(where, ": the scaler is not fitted"));
  if (in.cols() != n_features())
    return invalid_argument(where, "the input has ", in.cols(), " columns; the scaler was fitted on ", n_features());
  if (out.rows() != in.rows() || out.cols() != in.cols())
    return invalid_argument(where, "the output is ", out.rows(), " x ", out.cols(), "; it must be ", in.rows(), " x ",
                            in.cols());
  const int threads = resolve_threads(options_.n_threads);
  if (!inverse && options_.log1p)
    SEGCORE_RETURN_IF_ERROR(detail::check_values(in, detail::Log1p{}, where, threads));
  else
    SEGCORE_RETURN_IF_ERROR(detail::check_values(in, detail::Identity{}, where, threads));

  Blocks blocks(in.rows(), detail::kRowBlock);
  const bool log1p = options_.log1p;
  parallel_for(threads, blocks.count(), [&](std::size_t t) {
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i) {
      const T* src = in.row(i);
      T* dst = out.row(i);
      for (std::size_t j = 0; j < in.cols(); ++j) {
        double v = static_cast<double>(src[j]);
        if (inverse) {
          v = v * scale_[j] + center_[j];
          if (log1p) v = std::expm1(v);
        } else {
          if (log1p) v = std::log1p(v);
          v = (v - center_[j]) / scale_[j];
        }
        dst[j] = static_cast<T>(v);
      }
    }
  });
  return absl::OkStatus();
}

Status Scaler::fit(ConstMatrixView<double> x) { return fit_impl(x); }
Status Scaler::fit(ConstMatrixView<float> x) { return fit_impl(x); }
Status Scaler::transform(ConstMatrixView<double> x, MatrixView<double> out) const { return apply(x, out, false); }
Status Scaler::transform(ConstMatrixView<float> x, MatrixView<float> out) const { return apply(x, out, false); }
Status Scaler::inverse_transform(ConstMatrixView<double> y, MatrixView<double> out) const {
  return apply(y, out, true);
}
Status Scaler::inverse_transform(ConstMatrixView<float> y, MatrixView<float> out) const { return apply(y, out, true); }

SEGCORE_NAMESPACE_END
