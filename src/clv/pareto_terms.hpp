// Pareto/NBD terms shared by its files: the odds of having left (pareto_nbd.cpp) and the
// purchase-count distribution (pareto_pmf.cpp), in logs, for the conditional distribution
// (pareto_conditional_pmf.cpp).
#pragma once

#include <span>

#include "segcore/config.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {

// log(P(dead at T) / P(alive at T)) of a history (x, t_x, T) under params {r, alpha, s, beta};
// -inf when t_x = T, NaN when its series does not converge.
double pareto_log_dead_odds(std::span<const double> params, double x, double tx, double T);

// log P(X(t) = k) of a customer first seen at time 0 under Pareto/NBD(r, alpha, s, beta), for
// t >= 0 and a whole k >= 0; NaN when the quadrature does not converge.
double pareto_log_count_pmf(double r, double alpha, double s, double beta, double t, double k);

}  // namespace clv_detail
SEGCORE_NAMESPACE_END
