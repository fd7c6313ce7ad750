// The Pareto/NBD fit's objective with its analytic gradient and Hessian (pareto_likelihood.cpp
// has the formulas), and the 2F1 series it sums, for the tests.
#pragma once

#include <array>
#include <functional>

#include <Eigen/Dense>

#include "clv/histories.hpp"
#include "clv/optimize.hpp"
#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

// The most terms the fit sums of one 2F1 series; past it the likelihood is not finite there.
inline constexpr long kParetoFitTerms = 200000;

// Q = 2F1(1, q; c; z) for 0 < q < c and 0 <= z < 1 and its derivatives in (q, c, z), in the
// order Q, Q_q, Q_c, Q_z, Q_qq, Q_qc, Q_qz, Q_cc, Q_cz, Q_zz; all NaN when the series needs more
// than kParetoFitTerms terms.
std::array<double, 10> pareto_q_series(double q, double c, double z);

// The mean negative log-likelihood of the distinct histories plus lifetimes' L2 penalty, at
// theta = log(r, alpha, s, beta); with g and H not null, also its gradient and Hessian in theta.
// The sums run in fixed blocks combined in order, so every bit is the same for any thread count.
class ParetoObjective {
 public:
  ParetoObjective(const DistinctHistories& d, double penalty, const Eigen::VectorXd& penalty_weight, int n_threads)
      : d_(d), penalty_(penalty), weight_(penalty_weight), threads_(n_threads) {}
  bool operator()(const Eigen::VectorXd& theta, double* f, Eigen::VectorXd* g, Eigen::MatrixXd* H) const;
  // The log-likelihood (without penalty) of the last call.
  double last_loglik() const { return loglik_; }

 private:
  const DistinctHistories& d_;
  double penalty_;
  Eigen::VectorXd weight_;
  int threads_;
  mutable double loglik_ = 0;
};

// The Pareto/NBD fit of data (d: its distinct rows) with the objective make(d, l2_penalty,
// penalty weights, threads) returns: ParetoObjective in ParetoNbdModel::fit, others in tests.
using ParetoObjectiveMaker =
    std::function<Objective(const DistinctHistories& d, double penalty, const Eigen::VectorXd& weights, int threads)>;
StatusOr<FitOutcome> fit_pareto(const char* where, const ClvHistories& data, const DistinctHistories& d,
                                const ClvFitOptions& options, const ParetoObjectiveMaker& make,
                                ClvFitDiagnostics* diagnostics);

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
