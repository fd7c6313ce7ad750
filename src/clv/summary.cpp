// Transactions to per-customer (frequency, recency, T, monetary), the summary the CLV models
// take. Purchases in one period are merged (amounts added): the models count purchase
// occasions, and several orders on one day are one occasion (the rule of the CDNOW papers).
#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "io/csv_internal.hpp"
#include "segcore/clv.hpp"

SEGCORE_NAMESPACE_BEGIN

Status validate(const ClvSummaryOptions& o) {
  if (!(o.period_days > 0) || !std::isfinite(o.period_days))
    return invalid_argument("ClvSummaryOptions", "period_days is ", o.period_days, "; it must be finite and > 0");
  if (!(o.time_unit_days > 0) || !std::isfinite(o.time_unit_days))
    return invalid_argument("ClvSummaryOptions", "time_unit_days is ", o.time_unit_days, "; it must be finite and > 0");
  return absl::OkStatus();
}

StatusOr<ClvSummary> summarize_transactions(std::span<const std::int64_t> customer_id,
                                            std::span<const std::int64_t> timestamp,
                                            std::span<const double> amount,
                                            const ClvSummaryOptions& options) {
  constexpr const char* where = "summarize_transactions";
  SEGCORE_RETURN_IF_ERROR(validate(options));
  const std::size_t n = customer_id.size();
  if (timestamp.size() != n)
    return invalid_argument(where, "customer_id has ", n, " values and timestamp ", timestamp.size(), "; they must be equal");
  if (!amount.empty() && amount.size() != n)
    return invalid_argument(where, "amount has ", amount.size(), " values; ", n, " transactions (or pass none)");
  const double period_seconds = options.period_days * 86400.0;
  struct Tx {
    std::int64_t customer;
    std::int64_t period;
    double amount;
  };
  std::vector<Tx> tx(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!io_detail::timestamp_in_range(timestamp[i]))
      return invalid_argument(where, "transaction ", i, ": timestamp ", timestamp[i],
                              " is outside the years 0000 to 9999 (epoch seconds ", io_detail::kMinTimestamp, " to ",
                              io_detail::kMaxTimestamp, ")");
    const double a = amount.empty() ? 0.0 : amount[i];
    if (!std::isfinite(a) || a < 0)
      return invalid_argument(where, "transaction ", i, ": amount is ", a,
                              "; amounts must be finite and >= 0 (net refunds against their purchases first)");
    tx[i] = {customer_id[i], static_cast<std::int64_t>(std::floor(static_cast<double>(timestamp[i]) / period_seconds)), a};
  }
  std::int64_t end_period;
  if (options.calibration_end == std::numeric_limits<std::int64_t>::max()) {
    end_period = std::numeric_limits<std::int64_t>::min();
    for (const Tx& t : tx) end_period = std::max(end_period, t.period);
  } else {
    end_period = static_cast<std::int64_t>(std::floor(static_cast<double>(options.calibration_end) / period_seconds));
  }
  std::sort(tx.begin(), tx.end(), [](const Tx& a, const Tx& b) { return std::tie(a.customer, a.period) < std::tie(b.customer, b.period); });
  const double unit = options.period_days / options.time_unit_days;
  ClvSummary s;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && tx[j].customer == tx[i].customer) ++j;
    const std::int64_t first = tx[i].period;
    if (first <= end_period) {
      std::int64_t last = first, repeats = 0, current = first;
      double repeat_sum = 0;
      for (std::size_t k = i; k < j && tx[k].period <= end_period; ++k) {
        if (tx[k].period != current) {
          current = last = tx[k].period;
          ++repeats;
        }
        if (current != first) repeat_sum += tx[k].amount;
      }
      s.customer_id.push_back(tx[i].customer);
      s.frequency.push_back(static_cast<double>(repeats));
      s.recency.push_back(static_cast<double>(last - first) * unit);
      s.T.push_back(static_cast<double>(end_period - first) * unit);
      s.monetary.push_back(repeats > 0 ? repeat_sum / static_cast<double>(repeats) : 0.0);
    }
    i = j;
  }
  return s;
}

SEGCORE_NAMESPACE_END
