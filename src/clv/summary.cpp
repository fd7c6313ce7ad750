// Transactions to per-customer (frequency, recency, T, monetary), the summary the CLV models
// take. Purchases in one period are merged (amounts added): the models count purchase
// occasions, and several orders on one day are one occasion (the rule of the CDNOW papers).
// Cancellations and returns are netted against the purchases they undo first (purchases.cpp).
#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "clv/purchases.hpp"
#include "io/csv_internal.hpp"
#include "segcore/clv.hpp"

SEGCORE_NAMESPACE_BEGIN

Status validate(const ClvSummaryOptions& o) {
  if (!(o.period_days > 0) || !std::isfinite(o.period_days))
    return invalid_argument("ClvSummaryOptions", "period_days is ", o.period_days, "; it must be finite and > 0");
  if (!(o.time_unit_days > 0) || !std::isfinite(o.time_unit_days))
    return invalid_argument("ClvSummaryOptions", "time_unit_days is ", o.time_unit_days, "; it must be finite and > 0");
  if (!io_detail::timestamp_in_range(o.period_anchor))
    return invalid_argument("ClvSummaryOptions", "period_anchor is ", o.period_anchor,
                            "; it must be a time in the years ", "0000 to 9999 (epoch seconds ",
                            io_detail::kMinTimestamp, " to ", io_detail::kMaxTimestamp, ")");
  return absl::OkStatus();
}

namespace {

// The period holding time t: periods of period_seconds counted from the anchor.
std::int64_t period_of(std::int64_t t, std::int64_t anchor, double period_seconds) {
  return static_cast<std::int64_t>(std::floor((static_cast<double>(t) - static_cast<double>(anchor)) / period_seconds));
}

// The summary of purchases that clv_purchases returned (grouped by customer, in time order).
StatusOr<ClvSummary> summarize_purchases(const ClvPurchases& p, bool has_amount, const ClvSummaryOptions& options,
                                         const char* where) {
  const std::size_t n = p.customer_id.size();
  if (p.timestamp.size() != n || (has_amount && p.amount.size() != n))
    return invalid_argument(where, "the purchases' arrays differ in length");
  const double period_seconds = options.period_days * 86400.0;
  const std::int64_t anchor = options.period_anchor;
  // T runs to the period of calibration_end, or of the last purchase.
  std::int64_t end_period;
  if (options.calibration_end == std::numeric_limits<std::int64_t>::max()) {
    end_period = std::numeric_limits<std::int64_t>::min();
    for (std::int64_t t : p.timestamp) end_period = std::max(end_period, period_of(t, anchor, period_seconds));
  } else {
    end_period = period_of(options.calibration_end, anchor, period_seconds);
  }
  const double unit = options.period_days / options.time_unit_days;
  ClvSummary s;
  // p is grouped by customer in time order (clv_purchases), so periods come in order.
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && p.customer_id[j] == p.customer_id[i]) ++j;
    const std::int64_t first = period_of(p.timestamp[i], anchor, period_seconds);
    std::int64_t last = first, repeats = 0, current = first;
    double repeat_sum = 0;
    for (std::size_t k = i; k < j; ++k) {
      const std::int64_t period = period_of(p.timestamp[k], anchor, period_seconds);
      if (period != current) {
        current = last = period;
        ++repeats;
      }
      if (current != first && has_amount) repeat_sum += p.amount[k];
    }
    s.customer_id.push_back(p.customer_id[i]);
    s.frequency.push_back(static_cast<double>(repeats));
    s.recency.push_back(static_cast<double>(last - first) * unit);
    s.T.push_back(static_cast<double>(end_period - first) * unit);
    s.monetary.push_back(repeats > 0 ? repeat_sum / static_cast<double>(repeats) : 0.0);
    i = j;
  }
  return s;
}

}  // namespace

StatusOr<ClvSummary> summarize_transactions(std::span<const std::int64_t> customer_id,
                                            std::span<const std::int64_t> timestamp, std::span<const double> amount,
                                            const ClvSummaryOptions& options) {
  constexpr const char* where = "summarize_transactions";
  SEGCORE_RETURN_IF_ERROR(validate(options));
  SEGCORE_ASSIGN_OR_RETURN(const ClvPurchases p, clv_detail::net_purchases(where, customer_id, timestamp, amount, {},
                                                                           options.calibration_end));
  return summarize_purchases(p, !amount.empty(), options, where);
}

SEGCORE_NAMESPACE_END
