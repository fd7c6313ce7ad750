// Column-wise passes over a matrix, shared by describe() and the scalers. Internal.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include "absl/strings/string_view.h"
#include <vector>

#include "segcore/describe.hpp"
#include "segcore/matrix.hpp"
#include "segcore/parallel.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {

// Rows per task. Fixed, so partial results and their combination never depend on threads.
inline constexpr std::size_t kRowBlock = 2048;

// Why a double is unusable, or nullptr when it is fine.
inline const char* non_finite_reason(double v) {
  if (std::isnan(v)) return "is NaN";
  if (std::isinf(v)) return "is infinite";
  return nullptr;
}

// Identity and log1p as value maps; each knows which inputs it rejects.
struct Identity {
  double operator()(double v) const { return v; }
  const char* reject(double v) const { return non_finite_reason(v); }
};
struct Log1p {
  double operator()(double v) const { return std::log1p(v); }
  const char* reject(double v) const {
    if (const char* why = non_finite_reason(v)) return why;
    return v <= -1.0 ? "is <= -1, which log1p cannot take" : nullptr;
  }
};

// The first value (row-major order) that map.reject() refuses, as an InvalidArgument status.
template <class T, class Map>
Status check_values(ConstMatrixView<T> x, const Map& map, absl::string_view where, int n_threads) {
  Blocks blocks(x.rows(), kRowBlock);
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> first_bad(blocks.count(), kNone);  // flat index of first bad value
  parallel_for(n_threads, blocks.count(), [&](std::size_t t) {
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i) {
      const T* row = x.row(i);
      for (std::size_t j = 0; j < x.cols(); ++j) {
        if (map.reject(static_cast<double>(row[j]))) {
          first_bad[t] = i * x.cols() + j;
          return;
        }
      }
    }
  });
  for (std::size_t flat : first_bad) {
    if (flat == kNone) continue;
    std::size_t i = flat / x.cols(), j = flat % x.cols();
    return invalid_argument(where, "row ", i, ", column ", j, " ", map.reject(static_cast<double>(x(i, j))));
  }
  return absl::OkStatus();
}

// Mean, standard deviation (divisor n - ddof), min and max of map(x) per column. Two passes;
// per-block partial sums are combined in block order. Values must have been checked.
template <class T, class Map>
ColumnStats column_stats(ConstMatrixView<T> x, const Map& map, int ddof, int n_threads) {
  const std::size_t d = x.cols();
  Blocks blocks(x.rows(), kRowBlock);
  const std::size_t nb = blocks.count();
  std::vector<double> part_sum(nb * d, 0.0), part_min(nb * d), part_max(nb * d);
  parallel_for(n_threads, nb, [&](std::size_t t) {
    double* sum = &part_sum[t * d];
    double* lo = &part_min[t * d];
    double* hi = &part_max[t * d];
    std::fill(lo, lo + d, std::numeric_limits<double>::infinity());
    std::fill(hi, hi + d, -std::numeric_limits<double>::infinity());
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i) {
      const T* row = x.row(i);
      for (std::size_t j = 0; j < d; ++j) {
        double v = map(static_cast<double>(row[j]));
        sum[j] += v;
        lo[j] = std::min(lo[j], v);
        hi[j] = std::max(hi[j], v);
      }
    }
  });
  ColumnStats s;
  s.n_rows = x.rows();
  s.mean.assign(d, 0.0);
  s.min.assign(d, std::numeric_limits<double>::infinity());
  s.max.assign(d, -std::numeric_limits<double>::infinity());
  for (std::size_t t = 0; t < nb; ++t)
    for (std::size_t j = 0; j < d; ++j) {
      s.mean[j] += part_sum[t * d + j];
      s.min[j] = std::min(s.min[j], part_min[t * d + j]);
      s.max[j] = std::max(s.max[j], part_max[t * d + j]);
    }
  const double n = static_cast<double>(x.rows());
  for (double& m : s.mean) m /= n;

  std::fill(part_sum.begin(), part_sum.end(), 0.0);
  parallel_for(n_threads, nb, [&](std::size_t t) {
    double* ss = &part_sum[t * d];
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i) {
      const T* row = x.row(i);
      for (std::size_t j = 0; j < d; ++j) {
        double dev = map(static_cast<double>(row[j])) - s.mean[j];
        ss[j] += dev * dev;
      }
    }
  });
  s.stddev.assign(d, 0.0);
  for (std::size_t t = 0; t < nb; ++t)
    for (std::size_t j = 0; j < d; ++j) s.stddev[j] += part_sum[t * d + j];
  for (double& v : s.stddev) v = std::sqrt(v / (n - ddof));
  return s;
}

}  // namespace detail
SEGCORE_NAMESPACE_END
