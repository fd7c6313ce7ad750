// Newton's method on log-parameters for the CLV likelihoods, with the diagnostics a fit
// reports, and the step from a converged optimum to standard errors.
#pragma once

#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "absl/strings/string_view.h"

#include "segcore/clv.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

// The objective at theta (log-parameters): its value, and when g and H are not null its
// gradient and Hessian with respect to theta. Returns false where it is not finite.
using Objective = std::function<bool(const Eigen::VectorXd& theta, double* f, Eigen::VectorXd* g, Eigen::MatrixXd* H)>;

// The parameters of a model as the optimiser and the fit-quality check see them.
struct ParamSpace {
  std::span<const char* const> names;  // for messages
  // log of each parameter's natural size: log T_max for the purchase models' alpha and beta
  // (time units), log of the mean spend for Gamma-Gamma's v, 0 for the ratios. A parameter is
  // judged (runaway, boundary) on log(value) - log_scale, so the verdict does not depend on
  // the time unit or the currency.
  Eigen::VectorXd log_scale;
  // The analyst's words for a fit whose parameters with off[i] set lie at the edge of their
  // range: what the data do not show and which outputs not to trust.
  std::function<std::string(std::span<const double> params, const std::vector<bool>& off)> explain;
  // Purchase models: the share of customers the model with these parameters lets drop out over
  // the longest history (T_max), and the indices of the dropout parameters. Below
  // kNoDropoutShare the model has no churn to estimate: the fit is degenerate with those
  // parameters reported. Newton stops early once the share is below kVanishingShare and has
  // fallen at each of the last kVanishingSteps steps: the fit is heading to a model without
  // dropout, and (Pareto/NBD) each step there costs more than the one before.
  std::function<double(std::span<const double> params)> share_lost = nullptr;
  std::vector<int> dropout_params = {};
};

inline constexpr double kNoDropoutShare = 0.01;
inline constexpr double kVanishingShare = 0.05;
inline constexpr int kVanishingSteps = 3;

// A parameter beyond e^kRunawayLog times its natural size (or below its inverse) stops Newton
// (ClvFitStop::diverged): the likelihood keeps rising towards the boundary, so further steps
// only cost time (Pareto/NBD's series slow down there).
inline constexpr double kRunawayLog = 13.815510557964274;  // log(1e6)
// After the fit, a parameter beyond 1e4 times its natural size (or below 1e-4) is at the
// boundary: the fit is degenerate.
inline constexpr double kBoundaryLog = 9.210340371976184;  // log(1e4)

struct NewtonResult {
  bool dropout_vanishing = false;  // stopped because the fit was heading to no dropout
  Eigen::VectorXd theta;
  double f = 0;
  Eigen::VectorXd g;
  Eigen::MatrixXd H;
  ClvFitDiagnostics diagnostics;
};

// Minimises the objective from theta0 by damped Newton steps: the Hessian is shifted until it
// is positive definite, steps are capped at 3 in every log-parameter and halved until the
// objective falls (Armijo). Stops at options.max_iter steps, options.max_seconds, or when a
// parameter passes the runaway bound. Reports each step to the progress callback as `where`.
NewtonResult newton_minimize(const char* where, const Objective& objective, Eigen::VectorXd theta0,
                             const ClvFitOptions& options, const ParamSpace& space);

// Wraps a value-only objective with central-difference derivatives in theta (step 1e-4 for
// the Hessian, 1e-5 for the gradient): for models whose analytic derivatives are not worth
// their code.
Objective numeric_derivatives(std::function<bool(const Eigen::VectorXd&, double*)> value);

// The shared end of every fit: runs Newton, and on convergence fills the model's parameters
// (exp(theta)), standard errors and diagnostics. `total_weight` turns the mean objective into
// the total whose inverse Hessian is the covariance. A fit that converged at, or stopped on its
// way to, the boundary of the parameter space, or whose likelihood is flat, is returned with
// diagnostics.degenerate and a warning. Any other stop returns an error that carries the
// diagnostics' message and leaves the parameters alone; so does a cancel by the progress
// callback (progress.hpp), which returns Cancelled.
struct FitOutcome {
  std::vector<double> params;
  std::vector<double> standard_errors;
  std::vector<double> covariance;  // n x n, row-major; NaN when the Hessian is not positive definite
  ClvFitDiagnostics diagnostics;
};
StatusOr<FitOutcome> fit_log_params(const char* where, const Objective& objective, Eigen::VectorXd theta0,
                                    const ClvFitOptions& options, double total_weight, const ParamSpace& space,
                                    ClvFitDiagnostics* diagnostics_out);

// lifetimes' penalty weights: 1 / scale^2 per parameter (alpha, beta in units of T_max).
Eigen::VectorXd penalty_weights(const Eigen::VectorXd& log_scale);

// "a = 3.1e+06, b = 1e+07": the named parameters with their values, for warnings.
std::string named_values(std::span<const char* const> names, std::span<const double> params,
                         std::initializer_list<int> which);

// What a purchase model (four parameters: two for the purchase rate, two for dropout) fitted at
// the boundary means, for an analyst. off marks the parameters that ran off; lost is the share
// of customers the model loses over the whole history; dropout_spread says what the dropout
// pair describes ("how dropout rates differ between customers").
std::string explain_purchase_fit(std::span<const char* const> names, std::span<const double> params,
                                 const std::vector<bool>& off, double lost, absl::string_view dropout_spread);

// The largest T of the rows (lifetimes' time scale), at least 1e-300.
double max_age(const ClvHistories& h);

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
