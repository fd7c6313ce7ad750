// Newton's method on log-parameters for the CLV likelihoods, with the diagnostics a fit
// reports, and the step from a converged optimum to standard errors.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "segcore/clv.hpp"

namespace segcore::clv {

// The objective at theta (log-parameters): its value, and when g and H are not null its
// gradient and Hessian with respect to theta. Returns false where it is not finite.
using Objective = std::function<bool(const Eigen::VectorXd& theta, double* f, Eigen::VectorXd* g,
                                     Eigen::MatrixXd* H)>;

struct NewtonResult {
  Eigen::VectorXd theta;
  double f = 0;
  Eigen::VectorXd g;
  Eigen::MatrixXd H;
  ClvFitDiagnostics diagnostics;
};

// Minimises the objective from theta0 by damped Newton steps: the Hessian is shifted until it
// is positive definite, steps are capped at 3 in every log-parameter and halved until the
// objective falls (Armijo). `names` label the parameters in messages.
NewtonResult newton_minimize(const Objective& objective, Eigen::VectorXd theta0, int max_iter,
                             double gradient_tol, std::span<const char* const> names);

// Wraps a value-only objective with central-difference derivatives in theta (step 1e-4 for
// the Hessian, 1e-5 for the gradient): for models whose analytic derivatives are not worth
// their code.
Objective numeric_derivatives(std::function<bool(const Eigen::VectorXd&, double*)> value);

// The shared end of every fit: runs Newton, and on convergence fills the model's parameters
// (exp(theta)), standard errors and diagnostics. `total_weight` turns the mean objective into
// the total whose inverse Hessian is the covariance; `loglik` gives the unpenalised
// log-likelihood at the optimum. On failure returns an error that carries the diagnostics'
// message and leaves the parameters alone.
struct FitOutcome {
  std::vector<double> params;
  std::vector<double> standard_errors;
  ClvFitDiagnostics diagnostics;
};
StatusOr<FitOutcome> fit_log_params(const char* where, const Objective& objective,
                                    Eigen::VectorXd theta0, const ClvFitOptions& options,
                                    double total_weight, std::span<const char* const> names,
                                    ClvFitDiagnostics* diagnostics_out);

}  // namespace segcore::clv
