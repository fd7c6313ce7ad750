// Principal component analysis with scikit-learn's definitions (PCA, svd_solver="full"):
// components are the eigenvectors of the covariance of the centered data, largest variance
// first; explained variance uses the n - 1 divisor.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// Options of PCA.
struct PCAOptions {
  int n_components = 0;  // 0: min(n_rows, n_features); else 1..min(n_rows, n_features)
  bool whiten = false;   // divide the projections by sqrt(explained variance)
  int n_threads = 1;     // >= 1, or 0 for one per hardware thread
  // In (0, 1): keep the fewest components whose explained variance ratios add up to more
  // than this fraction (scikit-learn's float n_components); 0: off. Needs n_components 0.
  double variance_fraction = 0;
  // True: choose the number of components by Minka's maximum likelihood (scikit-learn's
  // n_components="mle"); needs n_components 0, variance_fraction 0, n_rows >= n_features
  // and at least 2 features.
  bool mle = false;
};
// Model files keep the fitted components but not variance_fraction or mle: a loaded model
// that is fitted again keeps every component unless its options are changed.

// OK, or InvalidArgument for n_components < 0, n_threads < 0, a variance_fraction outside
// [0, 1) or NaN, or more than one of n_components, variance_fraction and mle set.
Status validate(const PCAOptions& options);

// The number of components kept for these covariance eigenvalues (descending, >= 0) of
// n_rows rows: n_components, the variance_fraction rule or the MLE rule of the options
// (validated), all eigenvalues when none is set. InvalidArgument when the rule cannot apply.
StatusOr<std::size_t> components_to_keep(const PCAOptions& options, const std::vector<double>& eigenvalues,
                                         std::size_t n_rows);

// Sign convention, scikit-learn's (PCA's svd_flip): each component is turned so that the
// training row with the largest |projection| on it (the first, among ties within 1e-12) projects
// positively. Only a component without variance keeps its largest-magnitude coefficient positive.
class PCA {
 public:
  // An unfitted PCA; options are checked by fit.
  explicit PCA(PCAOptions options = {}) : options_(options) {}

  // What from_parameters takes: a fit's results, as the getters below return them.
  struct Parameters {
    std::vector<double> mean;                      // per feature (d values)
    std::vector<double> components;                // k x d, row-major
    std::vector<double> explained_variance;        // per component (k values)
    std::vector<double> explained_variance_ratio;  // per component (k values)
    std::vector<double> singular_values;           // per component (k values)
    double noise_variance = 0;                     // mean variance of the discarded directions
  };
  // A fitted PCA from parameters saved earlier (model_file.hpp). components is k x d with
  // k = the length of the three per-component vectors, d = mean.size() (k, d >= 1, k <= d);
  // all finite; variances and singular values >= 0. n_components in the options must be 0 or
  // k. InvalidArgument, naming the field, otherwise. Since: 0.1
  static StatusOr<PCA> from_parameters(PCAOptions options, Parameters parameters);

  // Fits on at least 2 rows of finite values. On failure the previous fit is kept.
  // InvalidArgument for fewer rows, no column, a non-finite value, or n_components above
  // min(rows, columns).
  Status fit(ConstMatrixView<double> x);
  // The same for float data.
  Status fit(ConstMatrixView<float> x);
  // Projections into out: x.rows() x n_components. FailedPrecondition before a fit;
  // InvalidArgument for another column count or shape of out.
  Status transform(ConstMatrixView<double> x, MatrixView<double> out) const;
  // The same for float data.
  Status transform(ConstMatrixView<float> x, MatrixView<double> out) const;
  // Back to feature space. y: rows x n_components; out: rows x n_features.
  // FailedPrecondition before a fit; InvalidArgument for other shapes.
  Status inverse_transform(ConstMatrixView<double> y, MatrixView<double> out) const;

  // True once a fit succeeded.
  bool fitted() const { return !mean_.empty(); }
  // The options the PCA was made with.
  const PCAOptions& options() const { return options_; }
  // Columns of the fit; 0 before one.
  std::size_t n_features() const { return mean_.size(); }
  // Components kept by the fit.
  std::size_t n_components() const { return explained_variance_.size(); }
  // n_components x n_features, row-major.
  ConstMatrixView<double> components() const {
    return ConstMatrixView<double>(components_.data(), n_components(), n_features());
  }
  // The per-column mean removed before projecting.
  const std::vector<double>& mean() const { return mean_; }
  // Variance along each component (divisor n - 1).
  const std::vector<double>& explained_variance() const { return explained_variance_; }
  // Each component's share of the total variance.
  const std::vector<double>& explained_variance_ratio() const { return explained_variance_ratio_; }
  // Singular values of the centered data, one per component.
  const std::vector<double>& singular_values() const { return singular_values_; }
  // Mean of the discarded eigenvalues (0 when all are kept), as scikit-learn's noise_variance_.
  double noise_variance() const { return noise_variance_; }

 private:
  template <class T>
  Status fit_impl(ConstMatrixView<T> x);
  template <class T>
  Status transform_impl(ConstMatrixView<T> x, MatrixView<double> out) const;

  PCAOptions options_;
  std::vector<double> mean_, components_, explained_variance_, explained_variance_ratio_, singular_values_;
  double noise_variance_ = 0;
};

SEGCORE_NAMESPACE_END
