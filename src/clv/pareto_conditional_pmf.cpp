// P(Y(t) = n | x, t_x, T) under Pareto/NBD (lifetimes' conditional_probability_of_n_purchases_
// up_to_time): the probability of exactly n purchases in (T, T + t]. Given the history and
// alive at T, the purchase rate is Gamma(r + x, alpha + T) and the dropout rate Gamma(s,
// beta + T), independent, and by memorylessness the remaining lifetime starts afresh at T; so
// the future of a live customer is a new customer's under Pareto/NBD(r + x, alpha + T, s,
// beta + T), and a customer who has left buys nothing:
//   P(Y(t) = n | x, t_x, T) = P(alive) P'(X(t) = n) + [n = 0] (1 - P(alive)).
// Both parts are in logs: P(alive) from the log-odds of having left (which keeps 1 - P(alive)
// exact when it is tiny), P' by pareto_log_count_pmf; docs/CLV.md has the derivation.
#include <cmath>
#include <cstddef>

#include "clv/histories.hpp"
#include "clv/pareto_terms.hpp"
#include "clv/special.hpp"
#include "segcore/clv_pmf.hpp"

SEGCORE_NAMESPACE_BEGIN

Status conditional_probability_of_n_purchases(const ParetoNbdModel& model, double t, std::span<const double> n,
                                              const ClvHistories& data, std::span<double> out, int n_threads) {
  constexpr const char* where = "conditional_probability_of_n_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(model, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_histories(data, where));
  const std::size_t rows = data.frequency.size();
  if (n.size() != rows) return invalid_argument(where, "n has ", n.size(), " values; the histories have ", rows);
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(rows, out, where));
  if (!(t >= 0) || !std::isfinite(t)) return invalid_argument(where, "t is ", t, "; it must be finite and >= 0");
  for (std::size_t i = 0; i < rows; ++i)
    if (!(n[i] >= 0) || !std::isfinite(n[i]) || n[i] != std::floor(n[i]))
      return invalid_argument(where, "n[", i, "] is ", n[i], "; it must be a whole number >= 0");
  const auto p = model.params();
  return clv_detail::predict_rows(rows, out, n_threads, [&](std::size_t i) {
    const double x = data.frequency[i], T = data.T[i];
    const double lodds = clv_detail::pareto_log_dead_odds(p, x, data.recency[i], T);
    const double log_alive = -clv_detail::log1p_exp(lodds);
    const double future = clv_detail::pareto_log_count_pmf(p[0] + x, p[1] + T, p[2], p[3] + T, t, n[i]);
    const double live = std::exp(log_alive + future);
    return n[i] == 0 ? live + clv_detail::inverse_logit_neg(-lodds) : live;
  });
}

SEGCORE_NAMESPACE_END
