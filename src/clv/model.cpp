// What every CLV model shares: fit options and setting parameters by hand.
#include <cmath>

#include "segcore/clv.hpp"

SEGCORE_NAMESPACE_BEGIN

Status validate(const ClvFitOptions& o) {
  if (!(o.l2_penalty >= 0) || !std::isfinite(o.l2_penalty))
    return invalid_argument("ClvFitOptions", "l2_penalty is ", o.l2_penalty, "; it must be finite and >= 0");
  if (o.max_iter < 1) return invalid_argument("ClvFitOptions", "max_iter is ", o.max_iter, "; it must be >= 1");
  if (!(o.gradient_tol > 0) || !std::isfinite(o.gradient_tol))
    return invalid_argument("ClvFitOptions", "gradient_tol is ", o.gradient_tol, "; it must be finite and > 0");
  if (o.n_threads < 0) return invalid_argument("ClvFitOptions", "n_threads is ", o.n_threads, "; it must be >= 0");
  if (!(o.max_seconds >= 0) || !std::isfinite(o.max_seconds))
    return invalid_argument("ClvFitOptions", "max_seconds is ", o.max_seconds,
                            "; it must be finite and >= 0 (0: no limit)");
  return absl::OkStatus();
}

Status ClvModel::set_params(std::span<const double> params) {
  const auto names = param_names();
  if (params.size() != names.size())
    return invalid_argument("ClvModel::set_params", params.size(), " parameters given; the model has ", names.size());
  for (std::size_t i = 0; i < params.size(); ++i)
    if (!(params[i] > 0) || !std::isfinite(params[i]))
      return invalid_argument("ClvModel::set_params", names[i], " is ", params[i], "; it must be finite and > 0");
  params_.assign(params.begin(), params.end());
  standard_errors_.clear();
  covariance_.clear();
  log_likelihood_ = 0;
  diagnostics_ = {};
  n_distinct_ = 0;
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
