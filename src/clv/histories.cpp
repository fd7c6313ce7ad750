// Row checks, grouping and the finiteness check of predictions, shared by the CLV models.
#include "clv/histories.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "segcore/parallel.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

Status check_histories(const ClvHistories& h, const char* where) {
  const std::size_t n = h.frequency.size();
  if (h.recency.size() != n || h.T.size() != n)
    return invalid_argument(where, "frequency, recency and T have ", n, ", ", h.recency.size(), " and ", h.T.size(),
                            " values; they must be equal");
  if (!h.weight.empty() && h.weight.size() != n)
    return invalid_argument(where, "weight has ", h.weight.size(), " values; ", n, " rows");
  for (std::size_t i = 0; i < n; ++i) {
    const double x = h.frequency[i], tx = h.recency[i], T = h.T[i];
    if (!std::isfinite(x) || !std::isfinite(tx) || !std::isfinite(T))
      return invalid_argument(where, "row ", i, ": frequency, recency and T must be finite (", x, ", ", tx, ", ", T,
                              ")");
    if (x < 0 || x != std::floor(x) || x > 1e9)
      return invalid_argument(where, "row ", i, ": frequency is ", x, "; it must be a whole number >= 0");
    if (tx < 0 || T < 0) return invalid_argument(where, "row ", i, ": negative time (recency ", tx, ", T ", T, ")");
    if (tx > T)
      return invalid_argument(where, "row ", i, ": recency ", tx, " exceeds T ", T,
                              "; the last purchase cannot come after the end of the period");
    if (x == 0 && tx != 0)
      return invalid_argument(where, "row ", i, ": frequency is 0 but recency is ", tx,
                              "; a customer without repeat purchases has recency 0");
    if (x > 0 && tx == 0)
      return invalid_argument(where, "row ", i, ": frequency is ", x,
                              " but recency is 0; repeat purchases come after the first");
    if (!h.weight.empty() && (!(h.weight[i] >= 0) || !std::isfinite(h.weight[i])))
      return invalid_argument(where, "row ", i, ": weight is ", h.weight[i], "; it must be finite and >= 0");
  }
  return absl::OkStatus();
}

DistinctHistories group_histories(const ClvHistories& h) {
  struct Row {
    double x, tx, T, w;
  };
  std::vector<Row> rows;
  rows.reserve(h.frequency.size());
  for (std::size_t i = 0; i < h.frequency.size(); ++i) {
    const double w = h.weight.empty() ? 1.0 : h.weight[i];
    if (w > 0) rows.push_back({h.frequency[i], h.recency[i], h.T[i], w});
  }
  // Sorted in runs that are then merged, with a check for a cancel between pieces (a single
  // sort of millions of rows would not see one for a quarter of a second or more).
  auto less = [](const Row& a, const Row& b) { return std::tie(a.x, a.tx, a.T) < std::tie(b.x, b.tx, b.T); };
  constexpr std::size_t kRun = std::size_t{1} << 16;
  const std::size_t n = rows.size();
  for (std::size_t b = 0; b < n; b += kRun) {
    detail::check_cancelled();
    std::sort(rows.begin() + static_cast<std::ptrdiff_t>(b),
              rows.begin() + static_cast<std::ptrdiff_t>(std::min(n, b + kRun)), less);
  }
  for (std::size_t width = kRun; width < n; width *= 2)
    for (std::size_t b = 0; b + width < n; b += 2 * width) {
      detail::check_cancelled();
      const auto first = rows.begin() + static_cast<std::ptrdiff_t>(b);
      std::inplace_merge(first, first + static_cast<std::ptrdiff_t>(width),
                         rows.begin() + static_cast<std::ptrdiff_t>(std::min(n, b + 2 * width)), less);
    }
  DistinctHistories d;
  for (const Row& r : rows) {
    if (!d.w.empty() && r.x == d.x_value.back() && r.tx == d.t_x.back() && r.T == d.T.back()) {
      d.w.back() += r.w;
      d.x_weight.back() += r.w;
    } else {
      if (d.x_value.empty() || r.x != d.x_value.back()) {
        d.x_value.push_back(r.x);
        d.x_weight.push_back(0);
      }
      d.x_index.push_back(static_cast<std::uint32_t>(d.x_value.size() - 1));
      d.t_x.push_back(r.tx);
      d.T.push_back(r.T);
      d.w.push_back(r.w);
      d.x_weight.back() += r.w;
    }
    d.total_weight += r.w;
  }
  return d;
}

Status require_fitted(const ClvModel& m, const char* where) {
  if (!m.fitted()) return absl::FailedPreconditionError(absl::StrCat(where, ": the model is not fitted"));
  return absl::OkStatus();
}

Status check_output(std::size_t n, std::span<const double> out, const char* where) {
  if (out.size() < n)
    return absl::OutOfRangeError(absl::StrCat(where, ": out holds ", out.size(), " values; ", n, " are needed"));
  return absl::OkStatus();
}

StatusOr<double> mean_purchase_interval(const DistinctHistories& d, const char* where) {
  double sum_x = 0, sum_T = 0;
  bool repeat = false;
  for (std::size_t i = 0; i < d.size(); ++i) {
    sum_x += d.w[i] * d.x_value[d.x_index[i]];
    sum_T += d.w[i] * d.T[i];
    repeat |= d.t_x[i] > 0;
  }
  if (!repeat)
    return invalid_argument(where,
                            "no customer (of positive weight) has a repeat purchase; the model cannot be fitted");
  return std::max(sum_T / sum_x, 1e-3);
}

Status check_count_query(const ClvModel& m, double t, std::span<const double> n, std::span<double> out) {
  constexpr const char* where = "probability_of_n_purchases";
  SEGCORE_RETURN_IF_ERROR(require_fitted(m, where));
  SEGCORE_RETURN_IF_ERROR(check_output(n.size(), out, where));
  if (!(t >= 0) || !std::isfinite(t)) return invalid_argument(where, "t is ", t, "; it must be finite and >= 0");
  for (std::size_t i = 0; i < n.size(); ++i)
    if (!(n[i] >= 0) || !std::isfinite(n[i]) || n[i] != std::floor(n[i]))
      return invalid_argument(where, "n[", i, "] is ", n[i], "; it must be a whole number >= 0");
  return absl::OkStatus();
}

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
