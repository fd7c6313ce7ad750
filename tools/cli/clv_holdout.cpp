// Holdout validation of the purchase model: the model fitted on the calibration period
// predicts each customer's purchases in the periods after it, which are compared with what
// the customers did (lifetimes' calibration_and_holdout_data and its calibration-purchases
// against holdout-purchases plot, here as a table).
#include <algorithm>
#include <cstdio>
#include <memory>

#include "input.hpp"
#include "steps.hpp"

namespace segcore_cli {

namespace {

std::unique_ptr<segcore::PurchaseModel> fitted_purchase_model(const segcore::ClvScoreOptions& o,
                                                              const segcore::ClvScores& s) {
  std::unique_ptr<segcore::PurchaseModel> m;
  if (o.model == segcore::ClvPurchaseModelKind::pareto_nbd)
    m = std::make_unique<segcore::ParetoNbdModel>();
  else
    m = std::make_unique<segcore::BetaGeoModel>();
  const std::size_t k = m->param_names().size();
  check(m->set_params(std::span<const double>(s.params).first(k)));
  return m;
}

}  // namespace

std::optional<std::int64_t> holdout_calibration_end(const Args& args, const segcore::EventTable& events) {
  auto days = args.get("holdout-days");
  if (!days) return std::nullopt;
  const long long n = args.get_int("holdout-days", 0, 1, 100000);
  if (events.rows() == 0) return std::nullopt;  // the CLV step says what is missing
  const std::int64_t last = *std::max_element(events.timestamp.begin(), events.timestamp.end());
  return last - static_cast<std::int64_t>(n) * 86400;
}

std::optional<HoldoutCheck> holdout_check(const segcore::EventTable& events, const segcore::ClvScoreOptions& o,
                                          const segcore::ClvScores& s) {
  if (o.summary.calibration_end == std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  segcore::ClvSummaryOptions whole = o.summary;
  whole.calibration_end = std::numeric_limits<std::int64_t>::max();
  const segcore::ClvSummary& cal = s.summary;
  const segcore::ClvSummary full = take(segcore::summarize_events(events, whole));
  if (cal.size() == 0) return std::nullopt;
  // Both summaries are in ascending id order, and every calibration customer is in the whole one.
  std::vector<double> actual(cal.size());
  double duration = 0;
  for (std::size_t i = 0, j = 0; i < cal.size(); ++i) {
    while (j < full.size() && full.customer_id[j] < cal.customer_id[i]) ++j;
    if (j == full.size() || full.customer_id[j] != cal.customer_id[i])
      throw CliError("holdout: customer " + std::to_string(cal.customer_id[i]) + " is missing from the whole period");
    actual[i] = full.frequency[j] - cal.frequency[i];
    duration = full.T[j] - cal.T[i];
  }
  if (!(duration > 0)) return std::nullopt;  // no period after the calibration end
  std::vector<double> predicted(cal.size());
  const segcore::ClvHistories h{cal.frequency, cal.recency, cal.T};
  check(fitted_purchase_model(o, s)->conditional_expected_purchases(duration, h, predicted, o.fit.n_threads));

  HoldoutCheck out;
  out.duration = duration;
  out.time_unit_days = o.summary.time_unit_days;
  out.calibration_end = o.summary.calibration_end;
  for (int b = 0; b < HoldoutCheck::kBuckets; ++b) out.buckets.push_back({b, 0, 0, 0});
  for (std::size_t i = 0; i < cal.size(); ++i) {
    const int b = static_cast<int>(std::min<double>(cal.frequency[i], HoldoutCheck::kBuckets - 1));
    HoldoutBucket& bucket = out.buckets[static_cast<std::size_t>(b)];
    bucket.customers += 1, bucket.actual += actual[i], bucket.predicted += predicted[i];
    out.total.customers += 1, out.total.actual += actual[i], out.total.predicted += predicted[i];
  }
  return out;
}

std::string holdout_line(const HoldoutCheck& h) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f purchases predicted in the %.0f days after ", h.total.predicted,
                h.duration * h.time_unit_days);
  return "holdout check: " + std::string(buf) + format_time(h.calibration_end) + ", " + format_number(h.total.actual) +
         " made";
}

}  // namespace segcore_cli
