// Calinski-Harabasz, Davies-Bouldin and the adjusted Rand index, following scikit-learn's
// definitions (sklearn.metrics.cluster), accumulated in double in row order, relative to the
// first row (translation-invariant to the last digits).
#include <algorithm>
#include <cmath>
#include <vector>

#include "metrics/labels.hpp"
#include "metrics/score_formulas.hpp"
#include "segcore/describe.hpp"
#include "segcore/metrics.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

// Means and distances are taken relative to a shift, the first row: far from the origin
// (data translated by 1e9) the differences of rows from the shift are exact (Sterbenz), so the
// means keep the digits of the spread rather than of the offset, and every score is the one
// of the data at the origin.
struct Centroids {
  detail::EncodedLabels e;
  std::vector<double> shift;   // the first row, d
  std::vector<double> mean;    // overall, minus shift, d
  std::vector<double> center;  // k x d, minus shift
  template <class T>
  double shifted(ConstMatrixView<T> x, std::size_t i, std::size_t j) const {
    return static_cast<double>(x(i, j)) - shift[j];
  }
};

template <class T>
StatusOr<Centroids> centroids(ConstMatrixView<T> x, std::span<const std::int32_t> labels, absl::string_view where) {
  SEGCORE_RETURN_IF_ERROR(detail::check_labels_size(labels.size(), x.rows(), where));
  if (x.cols() == 0) return invalid_argument(where, "x has no columns");
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where));
  Centroids c;
  c.e = detail::encode_labels(labels);
  SEGCORE_RETURN_IF_ERROR(detail::check_cluster_count(c.e.k(), x.rows(), where));
  const std::size_t d = x.cols(), k = c.e.k();
  c.shift.resize(d);
  for (std::size_t j = 0; j < d; ++j) c.shift[j] = static_cast<double>(x(0, j));
  c.mean.assign(d, 0.0);
  c.center.assign(k * d, 0.0);
  for (std::size_t i = 0; i < x.rows(); ++i)
    for (std::size_t j = 0; j < d; ++j) c.center[static_cast<std::size_t>(c.e.code[i]) * d + j] += c.shifted(x, i, j);
  // The overall mean from the cluster sums: no second sum over the rows.
  for (std::size_t q = 0; q < k; ++q)
    for (std::size_t j = 0; j < d; ++j) c.mean[j] += c.center[q * d + j];
  for (auto& m : c.mean) m /= static_cast<double>(x.rows());
  for (std::size_t q = 0; q < k; ++q)
    for (std::size_t j = 0; j < d; ++j) c.center[q * d + j] /= static_cast<double>(c.e.count[q]);
  return c;
}

std::vector<double> counts_of(const Centroids& c) { return std::vector<double>(c.e.count.begin(), c.e.count.end()); }

template <class T>
StatusOr<double> ch_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels) {
  SEGCORE_ASSIGN_OR_RETURN(Centroids c, centroids(x, labels, "calinski_harabasz_score"));
  const std::size_t n = x.rows(), d = x.cols();
  double intra = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* m = &c.center[static_cast<std::size_t>(c.e.code[i]) * d];
    for (std::size_t j = 0; j < d; ++j) intra += (c.shifted(x, i, j) - m[j]) * (c.shifted(x, i, j) - m[j]);
  }
  return detail::calinski_harabasz_from(counts_of(c), c.center, c.mean, intra, n, "calinski_harabasz_score");
}

template <class T>
StatusOr<double> db_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels) {
  SEGCORE_ASSIGN_OR_RETURN(Centroids c, centroids(x, labels, "davies_bouldin_score"));
  const std::size_t n = x.rows(), d = x.cols(), k = c.e.k();
  std::vector<double> spread(k, 0.0);  // mean distance of a cluster's points to its centroid
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t q = static_cast<std::size_t>(c.e.code[i]);
    double s = 0;
    for (std::size_t j = 0; j < d; ++j)
      s += (c.shifted(x, i, j) - c.center[q * d + j]) * (c.shifted(x, i, j) - c.center[q * d + j]);
    spread[q] += std::sqrt(s);
  }
  for (std::size_t q = 0; q < k; ++q) spread[q] /= static_cast<double>(c.e.count[q]);
  return detail::davies_bouldin_from(spread, c.center, d, "davies_bouldin_score");
}

}  // namespace

StatusOr<double> calinski_harabasz_score(ConstMatrixView<double> x, std::span<const std::int32_t> l) {
  return ch_impl(x, l);
}
StatusOr<double> calinski_harabasz_score(ConstMatrixView<float> x, std::span<const std::int32_t> l) {
  return ch_impl(x, l);
}
StatusOr<double> davies_bouldin_score(ConstMatrixView<double> x, std::span<const std::int32_t> l) {
  return db_impl(x, l);
}
StatusOr<double> davies_bouldin_score(ConstMatrixView<float> x, std::span<const std::int32_t> l) {
  return db_impl(x, l);
}

StatusOr<double> adjusted_rand_score(std::span<const std::int32_t> a, std::span<const std::int32_t> b) {
  constexpr absl::string_view where = "adjusted_rand_score";
  if (a.size() != b.size())
    return invalid_argument(where, "labels_true has ", a.size(), " values and labels_pred ", b.size());
  const detail::EncodedLabels ea = detail::encode_labels(a), eb = detail::encode_labels(b);
  const std::size_t ka = ea.k(), kb = eb.k();
  // A sparse contingency table: sort the (code_a, code_b) pairs and count runs.
  std::vector<std::uint64_t> pairs(a.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    pairs[i] = (static_cast<std::uint64_t>(ea.code[i]) << 32) | static_cast<std::uint32_t>(eb.code[i]);
  std::sort(pairs.begin(), pairs.end());
  // Pair counts as in scikit-learn's pair_confusion_matrix, in double (exact below 2^53).
  const double n = static_cast<double>(a.size());
  double sum_sq = 0;  // sum of n_ij^2
  for (std::size_t i = 0; i < pairs.size();) {
    std::size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    sum_sq += static_cast<double>(j - i) * static_cast<double>(j - i);
    i = j;
  }
  double sum_a = 0, sum_b = 0;  // sums of squared marginals
  for (std::size_t q = 0; q < ka; ++q) sum_a += static_cast<double>(ea.count[q]) * static_cast<double>(ea.count[q]);
  for (std::size_t q = 0; q < kb; ++q) sum_b += static_cast<double>(eb.count[q]) * static_cast<double>(eb.count[q]);
  const double tp = sum_sq - n, fp = sum_b - sum_sq, fn = sum_a - sum_sq, tn = n * n - fp - fn - sum_sq;
  if (fn == 0 && fp == 0) return 1.0;  // identical partitions, including the degenerate ones
  return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

SEGCORE_NAMESPACE_END
