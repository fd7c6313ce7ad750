// Per-column summary statistics of a numeric matrix.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include "absl/strings/string_view.h"
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Options of describe().
struct DescribeOptions {
  int n_threads = 1;  // >= 1, or 0 for one per hardware thread
  int ddof = 0;       // standard deviation divisor is n_rows - ddof (0: population, 1: sample)
};

// Per-column statistics, as describe() returns them: one entry per column.
struct ColumnStats {
  std::size_t n_rows = 0;      // rows described
  std::vector<double> mean;    // arithmetic mean
  std::vector<double> stddev;  // standard deviation with divisor n_rows - ddof
  std::vector<double> min;     // smallest value
  std::vector<double> max;     // largest value
};

// Mean, standard deviation, minimum and maximum of each column, accumulated in double with a
// two-pass algorithm. Results are bit-identical for every thread count. Fails on empty input,
// on NaN or infinite values (naming the first one in row-major order) and when
// n_rows <= ddof.
StatusOr<ColumnStats> describe(ConstMatrixView<double> x, const DescribeOptions& options = {});
// The same for float data.
StatusOr<ColumnStats> describe(ConstMatrixView<float> x, const DescribeOptions& options = {});

// OK when every value is finite; otherwise InvalidArgument "<where>: row R, column C is NaN"
// (or "is infinite") for the first offending value in row-major order.
Status check_finite(ConstMatrixView<double> x, absl::string_view where, int n_threads = 1);
// The same for float data.
Status check_finite(ConstMatrixView<float> x, absl::string_view where, int n_threads = 1);

SEGCORE_NAMESPACE_END
