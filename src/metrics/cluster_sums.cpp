// ClusterSums and ClusterSpread (segcore/cluster_sums.hpp): the clustering metrics' per-cluster
// sums, kept exactly so that merged states do not depend on the split of the rows.
#include "segcore/cluster_sums.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "core/exact_sum.hpp"
#include "metrics/labels.hpp"
#include "metrics/score_formulas.hpp"
#include "segcore/describe.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

// The shape checks of a block; the first value that is not finite is named by its global row.
template <class T>
Status check_block(ConstMatrixView<T> x, std::size_t d, std::span<const std::int32_t> labels, std::uint64_t first_row,
                   const char* where) {
  if (labels.size() != x.rows())
    return invalid_argument(where, "labels has ", labels.size(), " values for ", x.rows(), " rows");
  if (x.rows() > 0 && x.cols() != d) return invalid_argument(where, "x has ", x.cols(), " columns; the state has ", d);
  for (std::size_t i = 0; i < x.rows(); ++i)
    for (std::size_t j = 0; j < x.cols(); ++j)
      if (!std::isfinite(static_cast<double>(x(i, j))))
        return invalid_argument(where, "X[", first_row + i, "] has a value that is not finite (column ", j, ")");
  return absl::OkStatus();
}

std::vector<double> rounded(const std::vector<detail::ExactSum>& sums) {
  std::vector<double> out(sums.size());
  for (std::size_t i = 0; i < sums.size(); ++i) out[i] = sums[i].value();
  return out;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](double u, double v) {
           return std::bit_cast<std::uint64_t>(u) == std::bit_cast<std::uint64_t>(v);
         });
}

}  // namespace

// ---- ClusterSums --------------------------------------------------------------------------------

ClusterSums::ClusterSums(const ClusterSums&) = default;
ClusterSums::ClusterSums(ClusterSums&&) noexcept = default;
ClusterSums& ClusterSums::operator=(const ClusterSums&) = default;
ClusterSums& ClusterSums::operator=(ClusterSums&&) noexcept = default;
ClusterSums::~ClusterSums() = default;

StatusOr<ClusterSums> ClusterSums::create(std::span<const double> origin) {
  if (origin.empty()) return invalid_argument("ClusterSums::create", "the origin has no values (no columns)");
  for (std::size_t j = 0; j < origin.size(); ++j)
    if (!std::isfinite(origin[j]))
      return invalid_argument("ClusterSums::create", "origin[", j, "] is ", origin[j], "; it must be finite");
  ClusterSums s;
  s.origin_.assign(origin.begin(), origin.end());
  return s;
}

std::size_t ClusterSums::slot(std::int32_t label) {
  const auto it = std::lower_bound(labels_.begin(), labels_.end(), label);
  const auto q = static_cast<std::size_t>(it - labels_.begin());
  if (it != labels_.end() && *it == label) return q;
  const std::size_t d = origin_.size();
  labels_.insert(it, label);
  counts_.insert(counts_.begin() + static_cast<std::ptrdiff_t>(q), 0);
  sums_.insert(sums_.begin() + static_cast<std::ptrdiff_t>(q * d), d, detail::ExactSum());
  return q;
}

template <class T>
Status ClusterSums::accumulate_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels,
                                    std::uint64_t first_row) {
  SEGCORE_RETURN_IF_ERROR(check_block(x, origin_.size(), labels, first_row, "ClusterSums::accumulate"));
  const std::size_t d = origin_.size();
  for (std::int32_t label : detail::encode_labels(labels).value) slot(label);  // new labels first: no reinsertion below
  for (std::size_t i = 0; i < x.rows(); ++i) {
    const std::size_t q =
        static_cast<std::size_t>(std::lower_bound(labels_.begin(), labels_.end(), labels[i]) - labels_.begin());
    ++counts_[q];
    for (std::size_t j = 0; j < d; ++j) sums_[q * d + j].add(static_cast<double>(x(i, j)) - origin_[j]);
  }
  return absl::OkStatus();
}

Status ClusterSums::accumulate(ConstMatrixView<double> x, std::span<const std::int32_t> labels,
                               std::uint64_t first_row) {
  return accumulate_impl(x, labels, first_row);
}
Status ClusterSums::accumulate(ConstMatrixView<float> x, std::span<const std::int32_t> labels,
                               std::uint64_t first_row) {
  return accumulate_impl(x, labels, first_row);
}

Status ClusterSums::merge(const ClusterSums& other) {
  if (!same_bits(origin_, other.origin_))
    return invalid_argument("ClusterSums::merge", "the states have different origins (", origin_.size(), " and ",
                            other.origin_.size(), " features); give every block the same origin");
  const std::size_t d = origin_.size();
  for (std::size_t p = 0; p < other.labels_.size(); ++p) {  // counts checked before anything changes
    const auto it = std::lower_bound(labels_.begin(), labels_.end(), other.labels_[p]);
    std::uint64_t total = (it != labels_.end() && *it == other.labels_[p]) ? counts_[it - labels_.begin()] : 0;
    if (__builtin_add_overflow(total, other.counts_[p], &total))
      return invalid_argument("ClusterSums::merge", "the merged row count of label ", other.labels_[p],
                              " passes 2^64; the states cannot be from real data");
  }
  for (std::size_t p = 0; p < other.labels_.size(); ++p) {
    const std::size_t q = slot(other.labels_[p]);
    counts_[q] += other.counts_[p];
    for (std::size_t j = 0; j < d; ++j) sums_[q * d + j].add(other.sums_[p * d + j]);
  }
  return absl::OkStatus();
}

std::uint64_t ClusterSums::n_rows() const {
  std::uint64_t n = 0;
  for (std::uint64_t c : counts_) n += c;
  return n;
}

std::vector<double> ClusterSums::sums() const { return rounded(sums_); }

std::vector<double> ClusterSums::means() const {
  std::vector<double> m = rounded(sums_);
  const std::size_t d = origin_.size();
  for (std::size_t q = 0; q < labels_.size(); ++q)
    for (std::size_t j = 0; j < d; ++j) m[q * d + j] /= static_cast<double>(counts_[q]);
  return m;
}

std::vector<double> ClusterSums::overall_mean() const {
  const std::size_t d = origin_.size();
  std::vector<double> m(d, 0.0);
  for (std::size_t j = 0; j < d; ++j) {
    detail::ExactSum total;
    for (std::size_t q = 0; q < labels_.size(); ++q) total.add(sums_[q * d + j]);
    m[j] = total.value() / static_cast<double>(n_rows());
  }
  return m;
}

// ---- ClusterSpread ------------------------------------------------------------------------------

ClusterSpread::ClusterSpread(const ClusterSpread&) = default;
ClusterSpread::ClusterSpread(ClusterSpread&&) noexcept = default;
ClusterSpread& ClusterSpread::operator=(const ClusterSpread&) = default;
ClusterSpread& ClusterSpread::operator=(ClusterSpread&&) noexcept = default;
ClusterSpread::~ClusterSpread() = default;

StatusOr<ClusterSpread> ClusterSpread::from_sums(const ClusterSums& sums) {
  SEGCORE_RETURN_IF_ERROR(detail::check_cluster_count(sums.n_clusters(), sums.n_rows(), "ClusterSpread::from_sums"));
  ClusterSpread s;
  s.origin_ = sums.origin();
  s.labels_ = sums.labels();
  s.centers_ = sums.means();
  for (double c : s.centers_)
    if (!std::isfinite(c))
      return invalid_argument("ClusterSpread::from_sums", "a cluster's sum overflows double precision");
  s.squares_.resize(s.labels_.size());
  s.distances_.resize(s.labels_.size());
  return s;
}

StatusOr<ClusterSpread> ClusterSpread::for_centers(ConstMatrixView<double> centers) {
  constexpr const char* where = "ClusterSpread::for_centers";
  if (centers.rows() == 0 || centers.cols() == 0)
    return invalid_argument(where, "centers has shape (", centers.rows(), ", ", centers.cols(), "); none is empty");
  SEGCORE_RETURN_IF_ERROR(check_finite(centers, where));
  ClusterSpread s;
  s.origin_.assign(centers.cols(), 0.0);
  for (std::size_t q = 0; q < centers.rows(); ++q) {
    s.labels_.push_back(static_cast<std::int32_t>(q));
    for (std::size_t j = 0; j < centers.cols(); ++j) s.centers_.push_back(centers(q, j));
  }
  s.squares_.resize(centers.rows());
  s.distances_.resize(centers.rows());
  return s;
}

template <class T>
Status ClusterSpread::accumulate_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels,
                                      std::uint64_t first_row) {
  constexpr const char* where = "ClusterSpread::accumulate";
  SEGCORE_RETURN_IF_ERROR(check_block(x, origin_.size(), labels, first_row, where));
  std::vector<std::size_t> at(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto it = std::lower_bound(labels_.begin(), labels_.end(), labels[i]);
    if (it == labels_.end() || *it != labels[i]) {
      if (labels_.front() == 0 && labels_.back() == static_cast<std::int32_t>(labels_.size()) - 1)
        return invalid_argument(where, "labels[", first_row + i, "] is ", labels[i], "; labels index the ",
                                labels_.size(), " centers (0 to ", labels_.size() - 1, ")");
      return invalid_argument(where, "labels[", first_row + i, "] is ", labels[i],
                              ", a label the first pass did not see");
    }
    at[i] = static_cast<std::size_t>(it - labels_.begin());
  }
  const std::size_t d = origin_.size();
  for (std::size_t i = 0; i < x.rows(); ++i) {
    const double* c = &centers_[at[i] * d];
    double sq = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const double diff = (static_cast<double>(x(i, j)) - origin_[j]) - c[j];
      sq += diff * diff;
    }
    squares_[at[i]].add(sq);
    distances_[at[i]].add(std::sqrt(sq));
  }
  n_rows_ += x.rows();
  return absl::OkStatus();
}

Status ClusterSpread::accumulate(ConstMatrixView<double> x, std::span<const std::int32_t> labels,
                                 std::uint64_t first_row) {
  return accumulate_impl(x, labels, first_row);
}
Status ClusterSpread::accumulate(ConstMatrixView<float> x, std::span<const std::int32_t> labels,
                                 std::uint64_t first_row) {
  return accumulate_impl(x, labels, first_row);
}

Status ClusterSpread::merge(const ClusterSpread& other) {
  if (!same_bits(origin_, other.origin_) || labels_ != other.labels_ || !same_bits(centers_, other.centers_))
    return invalid_argument("ClusterSpread::merge",
                            "the states have different origins, clusters or centers; make every block's state from "
                            "the same sums or centers");
  std::uint64_t rows = 0;
  if (__builtin_add_overflow(n_rows_, other.n_rows_, &rows))
    return invalid_argument("ClusterSpread::merge",
                            "the merged row count passes 2^64; the states cannot be from real data");
  for (std::size_t q = 0; q < labels_.size(); ++q) {
    squares_[q].add(other.squares_[q]);
    distances_[q].add(other.distances_[q]);
  }
  n_rows_ = rows;
  return absl::OkStatus();
}

std::vector<double> ClusterSpread::squared_distances() const { return rounded(squares_); }
std::vector<double> ClusterSpread::distances() const { return rounded(distances_); }

double ClusterSpread::inertia() const {
  detail::ExactSum total;
  for (const auto& s : squares_) total.add(s);
  return total.value();
}

// ---- Scores -------------------------------------------------------------------------------------

namespace {

Status check_pair(const ClusterSums& sums, const ClusterSpread& spread, const char* where) {
  SEGCORE_RETURN_IF_ERROR(detail::check_cluster_count(sums.n_clusters(), sums.n_rows(), where));
  if (!same_bits(sums.origin(), spread.origin()) || sums.labels() != spread.labels() ||
      !same_bits(sums.means(), spread.centers()))
    return invalid_argument(where, "the spread was not made from these sums (ClusterSpread::from_sums)");
  if (spread.n_rows() != sums.n_rows())
    return invalid_argument(where, "the spread saw ", spread.n_rows(), " rows and the sums ", sums.n_rows(),
                            "; both passes must see every row");
  return absl::OkStatus();
}

}  // namespace

StatusOr<double> calinski_harabasz_score(const ClusterSums& sums, const ClusterSpread& spread) {
  constexpr const char* where = "calinski_harabasz_score";
  SEGCORE_RETURN_IF_ERROR(check_pair(sums, spread, where));
  const std::vector<double> counts(sums.counts().begin(), sums.counts().end());
  return detail::calinski_harabasz_from(counts, spread.centers(), sums.overall_mean(), spread.inertia(),
                                        static_cast<std::size_t>(sums.n_rows()), where);
}

StatusOr<double> davies_bouldin_score(const ClusterSums& sums, const ClusterSpread& spread) {
  constexpr const char* where = "davies_bouldin_score";
  SEGCORE_RETURN_IF_ERROR(check_pair(sums, spread, where));
  std::vector<double> spreads = spread.distances();
  for (std::size_t q = 0; q < spreads.size(); ++q) spreads[q] /= static_cast<double>(sums.counts()[q]);
  return detail::davies_bouldin_from(spreads, spread.centers(), sums.n_features(), where);
}

SEGCORE_NAMESPACE_END
