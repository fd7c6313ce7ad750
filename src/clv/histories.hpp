// What the CLV models share about their input: row checks, grouping identical histories, and
// the parallel loop that fills one prediction per row.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "segcore/clv.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

// Rows per parallel task; fixed so that sums do not depend on the thread count.
inline constexpr std::size_t kRowsPerTask = 8192;

// Checks sizes and the per-row rules of ClvHistories; messages name the first bad row.
Status check_histories(const ClvHistories& h, const char* where);

// Identical (x, t_x, T) rows merged, weights added, sorted by x; rows of weight 0 dropped.
// x_value lists the distinct frequencies and x_index points each row at its entry, so that
// terms depending on x alone are computed once per distinct x.
struct DistinctHistories {
  std::vector<double> x_value;
  std::vector<double> x_weight;  // total weight of the rows with that x
  std::vector<std::uint32_t> x_index;
  std::vector<double> t_x, T, w;
  double total_weight = 0;
  std::size_t size() const { return w.size(); }
};
DistinctHistories group_histories(const ClvHistories& h);

// The mean time between repeat purchases, sum(T) / sum(x) over the weighted rows, floored at
// 1e-3: the purchase models' starting scale. Fails when no row has a repeat purchase.
StatusOr<double> mean_purchase_interval(const DistinctHistories& d, const char* where);

// out[i] = row(i) for every row, on n_threads threads. A row whose value cannot be computed
// (a series that did not converge within its term limit, a mean that does not exist) gets NaN,
// and only that row: the call succeeds (docs/CLV.md, "Values that cannot be computed"). An
// infinite value is such a row too, so every value out is finite or NaN. A template so that
// row() is inlined.
template <class Row>
Status predict_rows(std::size_t n, std::span<double> out, int n_threads, const Row& row) {
  const Blocks blocks(n, kRowsPerTask);
  parallel_for(resolve_threads(n_threads), blocks.count(), [&](std::size_t t) {
    for (std::size_t i = blocks[t].begin; i < blocks[t].end; ++i) {
      const double v = row(i);
      out[i] = std::isfinite(v) ? v : std::numeric_limits<double>::quiet_NaN();
    }
  });
  return absl::OkStatus();
}

Status require_fitted(const ClvModel& m, const char* where);
// The arguments of probability_of_n_purchases over continuous time: a fitted model, t finite
// and >= 0, every n a whole number >= 0, out long enough.
Status check_count_query(const ClvModel& m, double t, std::span<const double> n, std::span<double> out);
Status check_output(std::size_t n, std::span<const double> out, const char* where);

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
