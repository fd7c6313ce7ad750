// Binary logistic regression with an L2 penalty by Newton's method with a backtracking line
// search. Gradient and Hessian are summed per chunk of rows (chunks fixed by the row count)
// and the chunks are added in order, so the fit is identical for any thread count.
#include <algorithm>
#include <cmath>

#include <Eigen/Dense>

#include "segcore/parallel.hpp"
#include "segcore/score.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;

double softplus(double z) { return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))); }
double sigmoid(double z) {
  if (z >= 0) return 1 / (1 + std::exp(-z));
  double e = std::exp(z);
  return e / (1 + e);
}

Blocks chunks(std::size_t n) { return Blocks(n, std::max<std::size_t>(4096, (n + 63) / 64)); }

struct Problem {
  ConstMatrixView<double> X;
  std::span<const double> y, w;
  double C;
  bool intercept;
  int threads;
  std::size_t d() const { return X.cols(); }
  std::size_t p() const { return X.cols() + (intercept ? 1 : 0); }

  // The linear predictor for rows r.
  Vec z(const Vec& theta, IndexRange r) const {
    auto Xb = X.row_block(r.begin, r.end).eigen();
    Vec out = Xb * theta.head(static_cast<Eigen::Index>(d()));
    if (intercept) out.array() += theta(static_cast<Eigen::Index>(d()));
    return out;
  }
  double weight(std::size_t i) const { return w.empty() ? 1.0 : w[i]; }

  double objective(const Vec& theta) const {
    Blocks b = chunks(X.rows());
    std::vector<double> part(b.count(), 0.0);
    parallel_for(threads, b.count(), [&](std::size_t t) {
      Vec zz = z(theta, b[t]);
      double s = 0;
      for (std::size_t i = b[t].begin; i < b[t].end; ++i)
        s += weight(i) * (softplus(zz(static_cast<Eigen::Index>(i - b[t].begin))) -
                          y[i] * zz(static_cast<Eigen::Index>(i - b[t].begin)));
      part[t] = s;
    });
    double loss = 0;
    for (double s : part) loss += s;
    return C * loss + 0.5 * theta.head(static_cast<Eigen::Index>(d())).squaredNorm();
  }

  // Gradient and Hessian of the objective at theta.
  void derivatives(const Vec& theta, Vec& g, Mat& H) const {
    Blocks b = chunks(X.rows());
    const auto P = static_cast<Eigen::Index>(p()), D = static_cast<Eigen::Index>(d());
    std::vector<Vec> gs(b.count(), Vec::Zero(P));
    std::vector<Mat> hs(b.count(), Mat::Zero(P, P));
    parallel_for(threads, b.count(), [&](std::size_t t) {
      IndexRange r = b[t];
      auto Xb = X.row_block(r.begin, r.end).eigen();
      Vec zz = z(theta, r);
      const auto m = static_cast<Eigen::Index>(r.size());
      Vec res(m), s(m);
      for (Eigen::Index i = 0; i < m; ++i) {
        double pi = sigmoid(zz(i)), wi = weight(r.begin + static_cast<std::size_t>(i));
        res(i) = wi * (pi - y[r.begin + static_cast<std::size_t>(i)]);
        s(i) = wi * pi * (1 - pi);
      }
      gs[t].head(D) = Xb.transpose() * res;
      Mat Xs = Xb;  // rows scaled by s
      Xs.array().colwise() *= s.array();
      hs[t].topLeftCorner(D, D) = Xb.transpose() * Xs;
      if (intercept) {
        gs[t](D) = res.sum();
        Vec col = Xs.colwise().sum().transpose();
        hs[t].block(0, D, D, 1) = col;
        hs[t].block(D, 0, 1, D) = col.transpose();
        hs[t](D, D) = s.sum();
      }
    });
    g = Vec::Zero(P);
    H = Mat::Zero(P, P);
    for (std::size_t t = 0; t < b.count(); ++t) g += gs[t], H += hs[t];
    g *= C;
    H *= C;
    g.head(D) += theta.head(D);
    H.topLeftCorner(D, D).diagonal().array() += 1.0;
  }
};

}  // namespace

Status LogisticRegression::fit(ConstMatrixView<double> X, std::span<const double> y, std::span<const double> sw) {
  constexpr const char* where = "LogisticRegression::fit";
  const LogisticOptions& o = options_;
  if (!(o.C > 0) || !std::isfinite(o.C)) return invalid_argument(where, "C is ", o.C, "; use a finite value > 0");
  if (o.max_iter < 1) return invalid_argument(where, "max_iter is ", o.max_iter, "; use >= 1");
  if (!(o.tol >= 0)) return invalid_argument(where, "tol is ", o.tol, "; use >= 0");
  if (o.n_threads < 0) return invalid_argument(where, "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  if (X.rows() == 0 || X.cols() == 0)
    return invalid_argument(where, "X is ", X.rows(), " x ", X.cols(), "; it needs rows and columns");
  if (y.size() != X.rows()) return invalid_argument(where, "y has ", y.size(), " values; X has ", X.rows(), " rows");
  if (!sw.empty() && sw.size() != X.rows())
    return invalid_argument(where, "sample_weight has ", sw.size(), " values; X has ", X.rows(), " rows");
  bool has[2] = {false, false};
  double total = 0;
  for (std::size_t i = 0; i < X.rows(); ++i) {
    if (y[i] != 0 && y[i] != 1) return invalid_argument(where, "y[", i, "] is ", y[i], "; labels must be 0 or 1");
    for (std::size_t j = 0; j < X.cols(); ++j)
      if (!std::isfinite(X(i, j))) return invalid_argument(where, "row ", i, ", column ", j, " is not finite");
    double wi = sw.empty() ? 1.0 : sw[i];
    if (!(wi >= 0) || !std::isfinite(wi))
      return invalid_argument(where, "sample_weight[", i, "] is ", wi, "; use a finite value >= 0");
    if (wi > 0) has[y[i] == 1] = true;
    total += wi;
  }
  if (!(total > 0)) return invalid_argument(where, "every sample weight is 0");
  if (!has[0] || !has[1]) return invalid_argument(where, "y has one class only (with weight > 0); two are needed");

  Problem pr{X, y, sw, o.C, o.fit_intercept, resolve_threads(o.n_threads)};
  const auto P = static_cast<Eigen::Index>(pr.p());
  Vec theta = Vec::Zero(P), g, step;
  Mat H;
  double f = pr.objective(theta), g0 = 0;
  converged_ = false;
  n_iter_ = 0;
  for (int it = 0; it < o.max_iter; ++it) {
    pr.derivatives(theta, g, H);
    double gmax = g.cwiseAbs().maxCoeff();
    if (!std::isfinite(f) || !std::isfinite(gmax) || !H.allFinite())  // values near the limits of double
      return invalid_argument(where, "the fit overflows double precision (scale the features first)");
    if (it == 0) g0 = std::max(1.0, gmax);
    if (gmax <= o.tol * g0) {
      converged_ = true;
      break;
    }
    step = H.ldlt().solve(g);
    double slope = g.dot(step), t = 1;
    Vec next;
    double fn = f;
    for (int k = 0; k < 40; ++k, t *= 0.5) {  // Armijo backtracking
      next = theta - t * step;
      fn = pr.objective(next);
      if (fn <= f - 1e-4 * t * slope) break;
    }
    ++n_iter_;
    if (!(fn < f)) {  // no progress possible at double precision
      converged_ = gmax <= std::sqrt(o.tol) * g0;
      break;
    }
    theta = next;
    f = fn;
  }
  const auto D = static_cast<Eigen::Index>(X.cols());
  coef_.assign(theta.data(), theta.data() + D);
  intercept_ = o.fit_intercept ? theta(D) : 0.0;
  fitted_ = true;
  return absl::OkStatus();
}

Status LogisticRegression::decision_function(ConstMatrixView<double> X, std::span<double> out) const {
  constexpr const char* where = "LogisticRegression::decision_function";
  if (!fitted_) return absl::FailedPreconditionError(absl::StrCat(where, ": not fitted"));
  if (X.cols() != coef_.size())
    return invalid_argument(where, "X has ", X.cols(), " columns; the model has ", coef_.size());
  if (out.size() != X.rows())
    return invalid_argument(where, "out holds ", out.size(), " values; X has ", X.rows(), " rows");
  for (std::size_t i = 0; i < X.rows(); ++i) {
    double z = intercept_;
    for (std::size_t j = 0; j < X.cols(); ++j) z += coef_[j] * X(i, j);
    out[i] = z;
  }
  return absl::OkStatus();
}

Status LogisticRegression::predict_proba(ConstMatrixView<double> X, std::span<double> out) const {
  SEGCORE_RETURN_IF_ERROR(decision_function(X, out));
  for (double& z : out) z = sigmoid(z);
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
