// The CLV job end to end (summary, fits, predictions), so that programs such as the CLI call
// one function and print its table.
#include <cmath>
#include <memory>

#include "segcore/clv.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

// Sets scores.uncomputed: customers with a NaN in any of their values.
ClvScores count_uncomputed(ClvScores& scores) {
  const std::vector<double>* columns[] = {&scores.probability_alive, &scores.expected_purchases, &scores.expected_spend,
                                          &scores.clv};
  scores.uncomputed = 0;
  for (std::size_t i = 0; i < scores.summary.size(); ++i) {
    bool nan = false;
    for (const std::vector<double>* c : columns) nan |= i < c->size() && std::isnan((*c)[i]);
    scores.uncomputed += nan;
  }
  return std::move(scores);
}

constexpr const char* kWhere = "score_customers";

StatusOr<ClvScores> score_impl(std::span<const std::int64_t> customer_id, std::span<const std::int64_t> timestamp,
                               std::span<const double> amount, const ClvScoreOptions& options) {
  ClvScores out;
  SEGCORE_ASSIGN_OR_RETURN(out.summary, summarize_transactions(customer_id, timestamp, amount, options.summary));
  const ClvSummary& s = out.summary;
  const ClvHistories h{.frequency = s.frequency, .recency = s.recency, .T = s.T};
  std::unique_ptr<PurchaseModel> pm;
  if (options.model == ClvPurchaseModelKind::pareto_nbd)
    pm = std::make_unique<ParetoNbdModel>();
  else
    pm = std::make_unique<BetaGeoModel>();
  detail::progress(0.1, kWhere);
  const Status fitted = pm->fit(h, options.fit);
  out.purchase_diagnostics = pm->diagnostics();
  SEGCORE_RETURN_IF_ERROR(fitted);
  out.purchase_log_likelihood = pm->log_likelihood();
  for (const char* n : pm->param_names()) out.param_names.emplace_back(n);
  out.params.assign(pm->params().begin(), pm->params().end());
  out.standard_errors.assign(pm->standard_errors().begin(), pm->standard_errors().end());
  detail::progress(0.5, kWhere);
  out.probability_alive.resize(s.size());
  out.expected_purchases.resize(s.size());
  SEGCORE_RETURN_IF_ERROR(pm->probability_alive(h, out.probability_alive, options.fit.n_threads));
  SEGCORE_RETURN_IF_ERROR(
      pm->conditional_expected_purchases(options.prediction_horizon, h, out.expected_purchases, options.fit.n_threads));
  if (!options.spend) return count_uncomputed(out);
  // Gamma-Gamma sees only repeat customers with positive mean spend; the others get weight 0.
  std::vector<double> weight(s.size());
  std::vector<double> m = s.monetary;
  for (std::size_t i = 0; i < s.size(); ++i) {
    weight[i] = s.frequency[i] > 0 && s.monetary[i] > 0 ? 1.0 : 0.0;
    if (weight[i] == 0) m[i] = 1;  // any positive value: the row is not used
  }
  detail::progress(0.7, kWhere);
  GammaGammaModel gg;
  const Status spend_fitted = gg.fit(s.frequency, m, weight, options.fit);
  out.spend_diagnostics = gg.diagnostics();
  SEGCORE_RETURN_IF_ERROR(spend_fitted);
  out.spend_log_likelihood = gg.log_likelihood();
  for (const char* n : gg.param_names()) out.param_names.emplace_back(n);
  out.params.insert(out.params.end(), gg.params().begin(), gg.params().end());
  out.standard_errors.insert(out.standard_errors.end(), gg.standard_errors().begin(), gg.standard_errors().end());
  out.expected_spend.resize(s.size());
  out.clv.resize(s.size());
  SEGCORE_RETURN_IF_ERROR(gg.conditional_expected_spend(s.frequency, s.monetary, out.expected_spend));
  detail::progress(0.8, kWhere);
  ClvValueOptions v = options.value;
  v.n_threads = options.fit.n_threads;
  SEGCORE_RETURN_IF_ERROR(customer_lifetime_value(*pm, gg, h, s.monetary, v, out.clv));
  return count_uncomputed(out);
}

}  // namespace

StatusOr<ClvScores> score_customers(std::span<const std::int64_t> customer_id, std::span<const std::int64_t> timestamp,
                                    std::span<const double> amount, const ClvScoreOptions& options) {
  if (options.spend && amount.empty())
    return invalid_argument(kWhere, "spend and CLV need transaction amounts; pass them or turn spend off");
  return detail::cancellable(kWhere, [&] { return score_impl(customer_id, timestamp, amount, options); });
}

SEGCORE_NAMESPACE_END
