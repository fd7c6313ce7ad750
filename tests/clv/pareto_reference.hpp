// The Pareto/NBD log-likelihood as the fit computed it before its derivatives were analytic
// (one history at a time, through the general 2F1 series), kept as the scalar reference the
// fit's objective and its fitted parameters are tested against.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "clv/histories.hpp"
#include "clv/optimize.hpp"
#include "clv/special.hpp"
#include "core/log_gamma.hpp"

namespace segcore_test {

// log L of one history (x, t_x, T) under params {r, alpha, s, beta}.
inline double pareto_reference_row(std::span<const double> prm, double x, double tx, double T) {
  using segcore::clv_detail::hyp2f1;
  const double r = prm[0], al = prm[1], s = prm[2], be = prm[3];
  const double first = -(r + x) * std::log(al + T) - s * std::log(be + T);
  const double head = segcore::log_gamma(r + x) - segcore::log_gamma(r) + r * std::log(al) + s * std::log(be);
  double log_a0 = -std::numeric_limits<double>::infinity();
  if (tx != T) {
    const double c = r + s + x + 1;
    const bool ge = al >= be;
    const double e_a = ge ? r + x : r + x - 1, e_b = ge ? s : s + 1, q = ge ? r + x : s + 1;
    auto log_q = [&](double y) {
      return std::log(hyp2f1(1, q, c, std::abs(al - be) / (std::max(al, be) + y), 200000));
    };
    const double lq_tx = log_q(tx), lq_T = log_q(T);
    const double drop = e_a * std::log1p((T - tx) / (al + tx)) + e_b * std::log1p((T - tx) / (be + tx)) + lq_tx - lq_T;
    if (std::isnan(drop)) return drop;
    if (drop > 0) {
      const double lem1 = drop > 1 ? drop + std::log1p(-std::exp(-drop)) : std::log(std::expm1(drop));
      log_a0 = -e_a * std::log(al + T) - e_b * std::log(be + T) + lq_T + lem1;
    }
  }
  return head + segcore::clv_detail::log_add_exp(first, std::log(s / (r + s + x)) + log_a0);
}

// The fit's objective as it was: the reference likelihood summed row by row, with central
// differences for the derivatives.
inline segcore::clv_detail::Objective pareto_reference_objective(const segcore::clv_detail::DistinctHistories& d,
                                                                 double penalty, const Eigen::VectorXd& weights,
                                                                 int /*threads*/) {
  auto value = [&d, penalty, weights](const Eigen::VectorXd& theta, double* f) {
    const double prm[4] = {std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
    double ll = 0, pen = 0;
    for (std::size_t i = 0; i < d.size(); ++i)
      ll += d.w[i] * pareto_reference_row(prm, d.x_value[d.x_index[i]], d.t_x[i], d.T[i]);
    for (int k = 0; k < 4; ++k) pen += weights[k] * prm[k] * prm[k];
    *f = -ll / d.total_weight + penalty * pen;
    return std::isfinite(*f);
  };
  return segcore::clv_detail::numeric_derivatives(value);
}

}  // namespace segcore_test
