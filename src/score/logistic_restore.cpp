// LogisticRegression::from_parameters: a fitted model rebuilt from saved coefficients.
#include <cmath>

#include "segcore/score.hpp"

SEGCORE_NAMESPACE_BEGIN

StatusOr<LogisticRegression> LogisticRegression::from_parameters(LogisticOptions o, std::vector<double> coef,
                                                                 double intercept, int n_iter, bool converged) {
  constexpr absl::string_view where = "LogisticRegression::from_parameters";
  if (!(o.C > 0) || !std::isfinite(o.C)) return invalid_argument(where, "C is ", o.C, "; use a finite value > 0");
  if (o.max_iter < 1) return invalid_argument(where, "max_iter is ", o.max_iter, "; use >= 1");
  if (!(o.tol >= 0)) return invalid_argument(where, "tol is ", o.tol, "; use >= 0");
  if (o.n_threads < 0) return invalid_argument(where, "n_threads is ", o.n_threads, "; use >= 1, or 0 for all cores");
  if (coef.empty()) return invalid_argument(where, "there are no coefficients");
  for (std::size_t j = 0; j < coef.size(); ++j)
    if (!std::isfinite(coef[j])) return invalid_argument(where, "coefficient ", j, " is ", coef[j]);
  if (!std::isfinite(intercept) || (!o.fit_intercept && intercept != 0))
    return invalid_argument(where, "intercept is ", intercept,
                            o.fit_intercept ? "" : " without fit_intercept (it must be 0)");
  if (n_iter < 0) return invalid_argument(where, "n_iter is ", n_iter, "; it must be >= 0");
  LogisticRegression m(o);
  m.coef_ = std::move(coef);
  m.intercept_ = intercept;
  m.n_iter_ = n_iter;
  m.converged_ = converged;
  m.fitted_ = true;
  return m;
}

SEGCORE_NAMESPACE_END
