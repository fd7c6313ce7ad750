// CLV from ingested events (io.hpp): the customer codes stand in for the ids, so a CSV read by
// read_csv goes straight to the summary or the whole CLV job.
#include <vector>

#include "segcore/clv.hpp"
#include "segcore/io.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

std::vector<std::int64_t> customer_codes(const EventTable& events) {
  return std::vector<std::int64_t>(events.customer.codes.begin(), events.customer.codes.end());
}

}  // namespace

StatusOr<ClvSummary> summarize_events(const EventTable& events, const ClvSummaryOptions& options) {
  return summarize_transactions(customer_codes(events), events.timestamp, events.amount, options);
}

StatusOr<ClvScores> score_events(const EventTable& events, const ClvScoreOptions& options) {
  return score_customers(customer_codes(events), events.timestamp, events.amount, options);
}

SEGCORE_NAMESPACE_END
