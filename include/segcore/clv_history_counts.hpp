// CLV input for data split across processes: each process counts the distinct history tuples
// of its customers, (frequency, recency, T) for the purchase models or (frequency, monetary)
// for Gamma-Gamma, with their summed weights (a weight of 1 per customer by default); the
// counts travel as bytes and merge into one sorted table, on which the fitters run with the
// counts as weights. Every model's likelihood is a sum over customers of a term of the
// customer's history alone, so the fit on the merged table is the fit on all the customers.
// Weights are summed exactly and rounded once, so the merged table is the same, bit for bit,
// however the customers were split and in whatever order the parts merged.
// Since: 0.2, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "segcore/clv.hpp"
#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace detail {
class ExactSum;
}  // namespace detail

// Which tuples a table counts. The numbers travel in the byte form and never change.
enum class ClvHistoryKind : int {
  purchases = 0,  // (frequency, recency, T): BG/NBD, Pareto/NBD, MBG/NBD, BG/BB
  spend = 1,      // (frequency, monetary) of the customers with frequency != 0: Gamma-Gamma
};

// The distinct history tuples seen so far, ascending (lexicographically), each with its summed weight.
class ClvHistoryCounts {
 public:
  // An empty table; InvalidArgument for an unknown kind.
  static StatusOr<ClvHistoryCounts> create(ClvHistoryKind kind);

  // Adds the customers of a block: rows (n x 3 for purchases, n x 2 for spend, the columns in
  // the order above) and weight (empty: 1 each; else n finite values >= 0). Spend tables skip
  // rows whose frequency is 0 (the Gamma-Gamma fit skips them too); the fit checks the other
  // rules of a history. -0.0 counts as 0.0. InvalidArgument naming the row (first_row + its
  // index) and column for a value that is not finite, a bad weight, another column count or
  // weight count; nothing is added then.
  Status accumulate(ConstMatrixView<double> rows, std::span<const double> weight = {}, std::uint64_t first_row = 0);

  // Adds other's tuples and weights. InvalidArgument for a table of another kind.
  Status merge(const ClvHistoryCounts& other);

  // The little-endian byte form (docs/MODEL_FILES.md, "CLV history counts").
  std::vector<std::uint8_t> to_bytes() const;
  // A table from its byte form; DataLoss naming the field or offset for a bad image.
  static StatusOr<ClvHistoryCounts> from_bytes(std::span<const std::uint8_t> bytes);

  // The tuples the table counts.
  ClvHistoryKind kind() const { return kind_; }
  // The columns of a tuple.
  std::size_t width() const { return kind_ == ClvHistoryKind::purchases ? 3 : 2; }
  // The distinct tuples.
  std::size_t size() const { return tuples_.size() / width(); }
  // The tuples, size() x width(), row-major, ascending.
  const std::vector<double>& tuples() const { return tuples_; }
  // Column j of the tuples (size() values).
  std::vector<double> column(std::size_t j) const;
  // Each tuple's summed weight, rounded once (size() values).
  std::vector<double> weights() const;

  // A copy of another table.
  ClvHistoryCounts(const ClvHistoryCounts&);
  // Takes another table's tuples.
  ClvHistoryCounts(ClvHistoryCounts&&) noexcept;
  // Copies another table.
  ClvHistoryCounts& operator=(const ClvHistoryCounts&);
  // Takes another table's tuples.
  ClvHistoryCounts& operator=(ClvHistoryCounts&&) noexcept;
  // Frees the table.
  ~ClvHistoryCounts();

 private:
  ClvHistoryCounts() = default;
  // This table and a sorted table of distinct tuples merged into one.
  void merge_sorted(const std::vector<double>& tuples, const std::vector<detail::ExactSum>& weights);

  ClvHistoryKind kind_ = ClvHistoryKind::purchases;
  std::vector<double> tuples_;
  std::vector<detail::ExactSum> weights_;
};

// Fits a purchase model on a purchases table, the tuples weighted by their counts (the model's
// fit and its errors). InvalidArgument for a spend table.
Status fit_history_counts(PurchaseModel& model, const ClvHistoryCounts& counts, const ClvFitOptions& options = {});
// Fits Gamma-Gamma on a spend table. InvalidArgument for a purchases table.
Status fit_history_counts(GammaGammaModel& model, const ClvHistoryCounts& counts, const ClvFitOptions& options = {});

SEGCORE_NAMESPACE_END
