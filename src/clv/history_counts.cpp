// ClvHistoryCounts (segcore/clv_history_counts.hpp): distinct history tuples with exactly summed
// weights, merged as sorted tables.
#include "segcore/clv_history_counts.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/exact_sum.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr const char* kColumnNames[2][3] = {{"frequency", "recency", "T"}, {"frequency", "monetary", ""}};

// Lexicographic order of two tuples of width m (no NaN: checked before).
bool before(const double* a, const double* b, std::size_t m) {
  for (std::size_t j = 0; j < m; ++j) {
    if (a[j] < b[j]) return true;
    if (b[j] < a[j]) return false;
  }
  return false;
}
bool same(const double* a, const double* b, std::size_t m) { return !before(a, b, m) && !before(b, a, m); }

}  // namespace

ClvHistoryCounts::ClvHistoryCounts(const ClvHistoryCounts&) = default;
ClvHistoryCounts::ClvHistoryCounts(ClvHistoryCounts&&) noexcept = default;
ClvHistoryCounts& ClvHistoryCounts::operator=(const ClvHistoryCounts&) = default;
ClvHistoryCounts& ClvHistoryCounts::operator=(ClvHistoryCounts&&) noexcept = default;
ClvHistoryCounts::~ClvHistoryCounts() = default;

StatusOr<ClvHistoryCounts> ClvHistoryCounts::create(ClvHistoryKind kind) {
  if (kind != ClvHistoryKind::purchases && kind != ClvHistoryKind::spend)
    return invalid_argument("ClvHistoryCounts::create", "kind ", static_cast<int>(kind),
                            " is not purchases (0) or spend (1)");
  ClvHistoryCounts c;
  c.kind_ = kind;
  return c;
}

Status ClvHistoryCounts::accumulate(ConstMatrixView<double> rows, std::span<const double> weight,
                                    std::uint64_t first_row) {
  constexpr const char* where = "ClvHistoryCounts::accumulate";
  const std::size_t m = width(), n = rows.rows();
  if (n > 0 && rows.cols() != m)
    return invalid_argument(where, "the histories have ", rows.cols(), " columns; this table counts ", m);
  if (!weight.empty() && weight.size() != n)
    return invalid_argument(where, "weight has ", weight.size(), " values for ", n, " rows");
  const auto* names = kColumnNames[static_cast<int>(kind_)];
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < m; ++j)
      if (!std::isfinite(rows(i, j)))
        return invalid_argument(where, names[j], " is ", rows(i, j), " in row ", first_row + i,
                                "; histories must be finite");
    if (!weight.empty() && !(std::isfinite(weight[i]) && weight[i] >= 0))
      return invalid_argument(where, "weight is ", weight[i], " in row ", first_row + i,
                              "; weights must be finite and >= 0");
  }
  // The block's rows (spend: those with a repeat purchase), sorted, as a table of distinct tuples.
  std::vector<std::size_t> kept;
  kept.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (kind_ == ClvHistoryKind::purchases || rows(i, 0) != 0) kept.push_back(i);
  std::vector<double> block(kept.size() * m);
  for (std::size_t r = 0; r < kept.size(); ++r)
    for (std::size_t j = 0; j < m; ++j) block[r * m + j] = rows(kept[r], j) + 0.0;  // -0.0 is 0.0
  std::vector<std::size_t> order(kept.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return before(&block[a * m], &block[b * m], m); });
  std::vector<double> tuples;
  std::vector<detail::ExactSum> weights;
  for (std::size_t r : order) {
    const double* t = &block[r * m];
    if (weights.empty() || !same(&tuples[tuples.size() - m], t, m)) {
      tuples.insert(tuples.end(), t, t + m);
      weights.emplace_back();
    }
    weights.back().add(weight.empty() ? 1.0 : weight[kept[r]]);
  }
  merge_sorted(tuples, weights);
  return absl::OkStatus();
}

void ClvHistoryCounts::merge_sorted(const std::vector<double>& tuples, const std::vector<detail::ExactSum>& weights) {
  const std::size_t m = width();
  std::vector<double> out_tuples;
  std::vector<detail::ExactSum> out_weights;
  out_tuples.reserve(tuples_.size() + tuples.size());
  out_weights.reserve(weights_.size() + weights.size());
  std::size_t a = 0, b = 0;
  while (a < weights_.size() || b < weights.size()) {
    const bool take_a = b == weights.size() || (a < weights_.size() && !before(&tuples[b * m], &tuples_[a * m], m));
    const bool take_b = a == weights_.size() || (b < weights.size() && !before(&tuples_[a * m], &tuples[b * m], m));
    const double* t = take_a ? &tuples_[a * m] : &tuples[b * m];
    out_tuples.insert(out_tuples.end(), t, t + m);
    out_weights.emplace_back();
    if (take_a) out_weights.back().add(weights_[a++]);
    if (take_b) out_weights.back().add(weights[b++]);
  }
  tuples_ = std::move(out_tuples);
  weights_ = std::move(out_weights);
}

Status ClvHistoryCounts::merge(const ClvHistoryCounts& other) {
  if (other.kind_ != kind_)
    return invalid_argument("ClvHistoryCounts::merge", "the tables count different tuples (kinds ",
                            static_cast<int>(kind_), " and ", static_cast<int>(other.kind_), ")");
  merge_sorted(other.tuples_, other.weights_);
  return absl::OkStatus();
}

std::vector<double> ClvHistoryCounts::column(std::size_t j) const {
  std::vector<double> out(size());
  for (std::size_t r = 0; r < size(); ++r) out[r] = tuples_[r * width() + j];
  return out;
}

std::vector<double> ClvHistoryCounts::weights() const {
  std::vector<double> out(size());
  for (std::size_t r = 0; r < size(); ++r) out[r] = weights_[r].value();
  return out;
}

Status fit_history_counts(PurchaseModel& model, const ClvHistoryCounts& counts, const ClvFitOptions& options) {
  if (counts.kind() != ClvHistoryKind::purchases)
    return invalid_argument("fit_history_counts", "a purchase model is fitted on a table of (frequency, recency, T)");
  const std::vector<double> x = counts.column(0), t_x = counts.column(1), T = counts.column(2), w = counts.weights();
  return model.fit(ClvHistories{x, t_x, T, w}, options);
}

Status fit_history_counts(GammaGammaModel& model, const ClvHistoryCounts& counts, const ClvFitOptions& options) {
  if (counts.kind() != ClvHistoryKind::spend)
    return invalid_argument("fit_history_counts", "Gamma-Gamma is fitted on a table of (frequency, monetary)");
  const std::vector<double> x = counts.column(0), m = counts.column(1), w = counts.weights();
  return model.fit(x, m, w, options);
}

SEGCORE_NAMESPACE_END
