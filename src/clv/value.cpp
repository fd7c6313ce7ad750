// Customer lifetime value: expected purchases per step from a purchase model, times expected
// spend, discounted per step.
#include <cmath>
#include <vector>

#include "clv/histories.hpp"
#include "segcore/clv.hpp"

SEGCORE_NAMESPACE_BEGIN

Status customer_lifetime_value(const PurchaseModel& purchases, const GammaGammaModel& spend, const ClvHistories& data,
                               std::span<const double> monetary, const ClvValueOptions& o, std::span<double> out) {
  constexpr const char* where = "customer_lifetime_value";
  if (!(o.horizon > 0) || !std::isfinite(o.horizon))
    return invalid_argument(where, "horizon is ", o.horizon, "; it must be finite and > 0");
  if (o.steps < 1) return invalid_argument(where, "steps is ", o.steps, "; it must be >= 1");
  if (!(o.discount_rate > -1) || !std::isfinite(o.discount_rate))
    return invalid_argument(where, "discount_rate is ", o.discount_rate, "; it must be finite and > -1");
  const std::size_t n = data.frequency.size();
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(n, out, where));
  std::vector<double> value(n), before(n, 0.0), now(n), total(n, 0.0);
  SEGCORE_RETURN_IF_ERROR(spend.conditional_expected_spend(data.frequency, monetary, value));
  for (int k = 1; k <= o.steps; ++k) {
    SEGCORE_RETURN_IF_ERROR(purchases.conditional_expected_purchases(o.horizon * k / o.steps, data, now, o.n_threads));
    const double discount = std::pow(1 + o.discount_rate, -k);
    for (std::size_t i = 0; i < n; ++i) total[i] += value[i] * (now[i] - before[i]) * discount;
    before.swap(now);
  }
  std::copy(total.begin(), total.end(), out.begin());
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
