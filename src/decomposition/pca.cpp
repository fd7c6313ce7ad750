// PCA from the d x d covariance: one blocked pass over the rows builds X'X of the centered data
// (n x d memory is never copied), Eigen's self-adjoint solver gives the eigenpairs. For the
// tall, narrow matrices of segmentation (n >> d) this is O(n d^2) time and O(d^2) memory.
#include "segcore/pca.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "segcore/describe.hpp"
#include "segcore/parallel.hpp"

SEGCORE_NAMESPACE_BEGIN

Status validate(const PCAOptions& o) {
  if (o.n_components < 0)
    return invalid_argument("PCA options", "n_components is ", o.n_components, "; it must be >= 0 (0 for all)");
  if (o.n_threads < 0)
    return invalid_argument("PCA options", "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  if (!(o.variance_fraction >= 0 && o.variance_fraction < 1))
    return invalid_argument("PCA options", "variance_fraction is ", o.variance_fraction,
                            "; use a value in (0, 1), or 0 for off");
  if ((o.n_components > 0) + (o.variance_fraction > 0) + o.mle > 1)
    return invalid_argument("PCA options", "n_components (", o.n_components, "), variance_fraction (",
                            o.variance_fraction, ") and mle (", o.mle,
                            ") each choose the number of components; set at most one");
  return absl::OkStatus();
}

namespace {

// scikit-learn's sign rule (svd_flip(U, Vt) with u_based_decision=True, as its PCA applies it):
// each component is turned so that the training row with the largest |score| on it scores
// positive; rows within a relative 1e-12 of the largest tie, and the first of them decides.
// A component on which every row scores 0 (no variance left) has its largest-|value| entry
// made positive instead. Blocks are fixed, so the choice is the same for any thread count.
template <class T>
void orient_like_scikit_learn(ConstMatrixView<T> x, const Eigen::VectorXd& mean, std::size_t k, int threads,
                              std::vector<double>& components) {
  const std::size_t d = x.cols();
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> comp(
      components.data(), static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(d));
  const Blocks blocks(x.rows(), 4096);
  auto scores_of = [&](std::size_t t) {
    const IndexRange r = blocks[t];
    Eigen::MatrixXd c = x.eigen()
                            .middleRows(static_cast<Eigen::Index>(r.begin), static_cast<Eigen::Index>(r.size()))
                            .template cast<double>();
    c.rowwise() -= mean.transpose();
    return Eigen::MatrixXd(c * comp.transpose());
  };
  std::vector<Eigen::VectorXd> block_max(blocks.count());
  parallel_for(threads, blocks.count(),
               [&](std::size_t t) { block_max[t] = scores_of(t).cwiseAbs().colwise().maxCoeff().transpose(); });
  Eigen::VectorXd largest = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(k));
  for (const auto& m : block_max) largest = largest.cwiseMax(m);
  // The sign of the first row reaching the tie threshold, per block and component (0: none).
  std::vector<Eigen::VectorXd> first_sign(blocks.count());
  parallel_for(threads, blocks.count(), [&](std::size_t t) {
    const Eigen::MatrixXd s = scores_of(t);
    first_sign[t] = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(k));
    for (Eigen::Index c = 0; c < static_cast<Eigen::Index>(k); ++c)
      for (Eigen::Index i = 0; i < s.rows(); ++i)
        if (largest(c) > 0 && std::abs(s(i, c)) >= largest(c) * (1 - 1e-12)) {
          first_sign[t](c) = s(i, c) < 0 ? -1.0 : 1.0;
          break;
        }
  });
  for (std::size_t c = 0; c < k; ++c) {
    double sign = 0;
    for (std::size_t t = 0; t < blocks.count() && sign == 0; ++t) sign = first_sign[t](static_cast<Eigen::Index>(c));
    if (sign == 0) {
      std::size_t arg = 0;
      for (std::size_t j = 1; j < d; ++j)
        if (std::abs(components[c * d + j]) > std::abs(components[c * d + arg])) arg = j;
      sign = components[c * d + arg] < 0 ? -1.0 : 1.0;
    }
    for (std::size_t j = 0; j < d; ++j) components[c * d + j] *= sign;
  }
}

}  // namespace

template <class T>
Status PCA::fit_impl(ConstMatrixView<T> x) {
  constexpr absl::string_view where = "PCA::fit";
  SEGCORE_RETURN_IF_ERROR(validate(options_));
  const std::size_t n = x.rows(), d = x.cols();
  if (n < 2 || d == 0)
    return invalid_argument(where, "x is ", n, " x ", d, " (", n, n == 1 ? " sample" : " samples",
                            "); PCA needs at least 2 rows and 1 column");
  const std::size_t max_k = std::min(n, d);
  if (options_.n_components > 0 && static_cast<std::size_t>(options_.n_components) > max_k)
    return invalid_argument(where, "n_components is ", options_.n_components,
                            "; it must be at most min(n_rows, n_features) = ", max_k);
  if (options_.mle && n < d)
    return invalid_argument(where, "mle needs at least as many rows as features; there are ", n, " rows and ", d,
                            " features");
  const int threads = resolve_threads(options_.n_threads);
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where, threads));

  using Mat = Eigen::MatrixXd;
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(d));
  for (std::size_t i = 0; i < n; ++i)
    mean += x.eigen().row(static_cast<Eigen::Index>(i)).transpose().template cast<double>();
  mean /= static_cast<double>(n);
  // Per-block scatter matrices, summed in block order: bit-identical for any thread count.
  const Blocks blocks(n, 4096);
  std::vector<Mat> partial(blocks.count());
  parallel_for(threads, blocks.count(), [&](std::size_t t) {
    const IndexRange r = blocks[t];
    Mat c = x.eigen()
                .middleRows(static_cast<Eigen::Index>(r.begin), static_cast<Eigen::Index>(r.size()))
                .template cast<double>();
    c.rowwise() -= mean.transpose();
    partial[t] = Mat::Zero(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
    partial[t].template selfadjointView<Eigen::Lower>().rankUpdate(c.transpose());
  });
  Mat scatter = Mat::Zero(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
  for (const Mat& p : partial) scatter += p;
  scatter = scatter.template selfadjointView<Eigen::Lower>();
  // Finite values near the limits of double overflow the sums; say which column.
  for (std::size_t j = 0; j < d; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    if (!std::isfinite(mean(jj)) || !std::isfinite(scatter(jj, jj)))
      return invalid_argument(where, "column ", j, " overflows double precision (mean ", mean(jj), ", sum of squares ",
                              scatter(jj, jj), ")");
  }
  Eigen::SelfAdjointEigenSolver<Mat> eig(scatter);
  if (eig.info() != Eigen::Success) return absl::InternalError("PCA::fit: the eigen-solver did not converge");

  const double denom = static_cast<double>(n - 1);
  std::vector<double> all(d);  // eigenvalues of the covariance, descending, clamped at 0
  for (std::size_t c = 0; c < d; ++c)
    all[c] = std::max(0.0, eig.eigenvalues()(static_cast<Eigen::Index>(d - 1 - c)) / denom);
  double total = 0;
  for (std::size_t c = 0; c < max_k; ++c) total += all[c];
  SEGCORE_ASSIGN_OR_RETURN(const std::size_t k,
                           components_to_keep(options_, std::vector<double>(all.begin(), all.begin() + max_k), n));
  mean_.assign(mean.data(), mean.data() + d);
  components_.resize(k * d);
  explained_variance_.resize(k);
  explained_variance_ratio_.resize(k);
  singular_values_.resize(k);
  for (std::size_t c = 0; c < k; ++c) {
    const auto v = eig.eigenvectors().col(static_cast<Eigen::Index>(d - 1 - c));
    for (std::size_t j = 0; j < d; ++j) components_[c * d + j] = v(static_cast<Eigen::Index>(j));
    explained_variance_[c] = all[c];
    explained_variance_ratio_[c] = total > 0 ? all[c] / total : 0.0;
    singular_values_[c] = std::sqrt(all[c] * denom);
  }
  orient_like_scikit_learn(x, mean, k, threads, components_);
  noise_variance_ = 0;
  if (k < max_k) {
    for (std::size_t c = k; c < max_k; ++c) noise_variance_ += all[c];
    noise_variance_ /= static_cast<double>(max_k - k);
  }
  return absl::OkStatus();
}

template <class T>
Status PCA::transform_impl(ConstMatrixView<T> x, MatrixView<double> out) const {
  constexpr absl::string_view where = "PCA::transform";
  if (!fitted()) return absl::FailedPreconditionError("PCA::transform: the model is not fitted");
  const std::size_t d = n_features(), k = n_components();
  if (x.cols() != d) return invalid_argument(where, "x has ", x.cols(), " columns; the model was fitted on ", d);
  if (out.rows() != x.rows() || out.cols() != k)
    return invalid_argument(where, "out is ", out.rows(), " x ", out.cols(), "; it must be ", x.rows(), " x ", k);
  const int threads = resolve_threads(options_.n_threads);
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where, threads));
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> comp(
      components_.data(), static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(d));
  const Eigen::Map<const Eigen::RowVectorXd> mean(mean_.data(), static_cast<Eigen::Index>(d));
  Eigen::RowVectorXd scale = Eigen::RowVectorXd::Ones(static_cast<Eigen::Index>(k));
  if (options_.whiten)
    for (std::size_t c = 0; c < k; ++c)
      scale(static_cast<Eigen::Index>(c)) = explained_variance_[c] > 0 ? 1.0 / std::sqrt(explained_variance_[c]) : 0.0;
  const Blocks blocks(x.rows(), 4096);
  parallel_for(threads, blocks.count(), [&](std::size_t t) {
    const IndexRange r = blocks[t];
    const auto rows = static_cast<Eigen::Index>(r.size());
    Eigen::MatrixXd c = x.eigen().middleRows(static_cast<Eigen::Index>(r.begin), rows).template cast<double>();
    c.rowwise() -= mean;
    out.eigen().middleRows(static_cast<Eigen::Index>(r.begin), rows) =
        (c * comp.transpose()).array().rowwise() * scale.array();
  });
  return absl::OkStatus();
}

Status PCA::inverse_transform(ConstMatrixView<double> y, MatrixView<double> out) const {
  constexpr absl::string_view where = "PCA::inverse_transform";
  if (!fitted()) return absl::FailedPreconditionError("PCA::inverse_transform: the model is not fitted");
  const std::size_t d = n_features(), k = n_components();
  if (y.cols() != k) return invalid_argument(where, "y has ", y.cols(), " columns; the model has ", k, " components");
  if (out.rows() != y.rows() || out.cols() != d)
    return invalid_argument(where, "out is ", out.rows(), " x ", out.cols(), "; it must be ", y.rows(), " x ", d);
  SEGCORE_RETURN_IF_ERROR(check_finite(y, where));
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> comp(static_cast<Eigen::Index>(k),
                                                                              static_cast<Eigen::Index>(d));
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t j = 0; j < d; ++j)
      comp(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(j)) =
          components_[c * d + j] * (options_.whiten ? std::sqrt(explained_variance_[c]) : 1.0);
  const Eigen::Map<const Eigen::RowVectorXd> mean(mean_.data(), static_cast<Eigen::Index>(d));
  out.eigen() = (y.eigen() * comp).rowwise() + mean;
  return absl::OkStatus();
}

Status PCA::fit(ConstMatrixView<double> x) { return fit_impl(x); }
Status PCA::fit(ConstMatrixView<float> x) { return fit_impl(x); }
Status PCA::transform(ConstMatrixView<double> x, MatrixView<double> out) const { return transform_impl(x, out); }
Status PCA::transform(ConstMatrixView<float> x, MatrixView<double> out) const { return transform_impl(x, out); }

SEGCORE_NAMESPACE_END
