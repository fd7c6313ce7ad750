// CLV from ingested events (io.hpp): the customer codes stand in for the ids, so a CSV read by
// read_csv goes straight to the summary or the whole CLV job. With an order column, the lines
// of an order are netted together and credits cancel the orders they undo (clv_purchases).
#include <vector>

#include "segcore/clv.hpp"
#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

std::vector<std::int64_t> codes_of(const Categorical& c) {
  return std::vector<std::int64_t>(c.codes.begin(), c.codes.end());
}

StatusOr<ClvPurchases> purchases_of(const EventTable& events, std::int64_t calibration_end) {
  return clv_purchases(codes_of(events.customer), events.timestamp, events.amount,
                       events.has_order ? codes_of(events.order) : std::vector<std::int64_t>{}, calibration_end);
}

}  // namespace

StatusOr<ClvSummary> summarize_events(const EventTable& events, const ClvSummaryOptions& options) {
  SEGCORE_ASSIGN_OR_RETURN(const ClvPurchases p, purchases_of(events, options.calibration_end));
  return summarize_transactions(p.customer_id, p.timestamp, p.amount, options);
}

StatusOr<ClvScores> score_events(const EventTable& events, const ClvScoreOptions& options) {
  SEGCORE_ASSIGN_OR_RETURN(const ClvPurchases p, purchases_of(events, options.summary.calibration_end));
  return score_customers(p.customer_id, p.timestamp, p.amount, options);
}

SEGCORE_NAMESPACE_END
