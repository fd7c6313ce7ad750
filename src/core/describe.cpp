#include "segcore/describe.hpp"

#include <cmath>

#include "core/column_pass.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

template <class T>
StatusOr<ColumnStats> describe_impl(ConstMatrixView<T> x, const DescribeOptions& options) {
  constexpr absl::string_view where = "describe";
  if (x.empty()) return invalid_argument(where, "the matrix is empty (", x.rows(), " x ", x.cols(), ")");
  if (options.n_threads < 0)
    return invalid_argument(where, "n_threads is ", options.n_threads, "; use >= 1, or 0 for all cores");
  if (options.ddof < 0 || static_cast<std::size_t>(options.ddof) >= x.rows())
    return invalid_argument(where, "ddof is ", options.ddof, " for ", x.rows(),
                            " rows; it must be >= 0 and < the number of rows");
  const int threads = resolve_threads(options.n_threads);
  // NaN and infinities reach the sums, so the statistics pass doubles as the check; only when
  // a result is not finite is the data searched for the value to name.
  ColumnStats stats = detail::column_stats(x, detail::Identity{}, options.ddof, threads);
  for (std::size_t j = 0; j < x.cols(); ++j) {
    if (std::isfinite(stats.mean[j]) && std::isfinite(stats.stddev[j])) continue;
    SEGCORE_RETURN_IF_ERROR(detail::check_values(x, detail::Identity{}, where, threads));
    return invalid_argument(where, "column ", j, " overflows double precision (mean ", stats.mean[j],
                            ", standard deviation ", stats.stddev[j], ")");
  }
  return stats;
}

}  // namespace

StatusOr<ColumnStats> describe(ConstMatrixView<double> x, const DescribeOptions& options) {
  return describe_impl(x, options);
}
StatusOr<ColumnStats> describe(ConstMatrixView<float> x, const DescribeOptions& options) {
  return describe_impl(x, options);
}

Status check_finite(ConstMatrixView<double> x, absl::string_view where, int n_threads) {
  return detail::check_values(x, detail::Identity{}, where, resolve_threads(n_threads));
}
Status check_finite(ConstMatrixView<float> x, absl::string_view where, int n_threads) {
  return detail::check_values(x, detail::Identity{}, where, resolve_threads(n_threads));
}

SEGCORE_NAMESPACE_END
