// P(X(n) = x) under BG/BB, Fader, Hardie and Shang (2010), eq. 7:
//   C(n, x) B(alpha + x, beta + n - x) / B(alpha, beta) B(gamma, delta + n) / B(gamma, delta)
//   + sum_{i=x}^{n-1} C(i, x) B(alpha + x, beta + i - x) / B(alpha, beta) B(gamma + 1, delta + i) / B(gamma, delta):
// still active after n opportunities with x purchases among them, or dropped out after
// opportunity i with x purchases among the first i. Every term is positive and formed in logs;
// they are added relative to the largest (no underflow, no cancellation).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/log_gamma.hpp"
#include "histories.hpp"
#include "segcore/clv_pmf.hpp"
#include "special.hpp"

SEGCORE_NAMESPACE_BEGIN

Status probability_of_n_purchases(const BetaGeoBetaBinomModel& model, double periods, std::span<const double> x,
                                  std::span<double> out) {
  constexpr const char* where = "probability_of_n_purchases";
  SEGCORE_RETURN_IF_ERROR(clv_detail::require_fitted(model, where));
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_output(x.size(), out, where));
  if (!(periods >= 0) || periods > 1e6 || periods != std::floor(periods))
    return invalid_argument(where, "periods is ", periods, "; it must be a whole number in [0, 1e6]");
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!(x[i] >= 0) || !std::isfinite(x[i]) || x[i] != std::floor(x[i]))
      return invalid_argument(where, "x[", i, "] is ", x[i], "; it must be a whole number >= 0");
  const auto p = model.params();
  const double al = p[0], be = p[1], ga = p[2], de = p[3];
  const double lb_ab = clv_detail::log_beta(al, be), lb_gd = clv_detail::log_beta(ga, de);
  auto log_choose = [](double n, double k) { return log_gamma(n + 1) - log_gamma(k + 1) - log_gamma(n - k + 1); };
  return clv_detail::predict_rows(x.size(), out, 1, [&](std::size_t j) {
    const double k = x[j], n = periods;
    if (k > n) return 0.0;
    std::vector<double> logs;
    logs.reserve(static_cast<std::size_t>(n - k) + 1);
    logs.push_back(log_choose(n, k) + clv_detail::log_beta(al + k, be + n - k) - lb_ab +
                   clv_detail::log_beta(ga, de + n) - lb_gd);
    for (double i = k; i < n; ++i)
      logs.push_back(log_choose(i, k) + clv_detail::log_beta(al + k, be + i - k) - lb_ab +
                     clv_detail::log_beta(ga + 1, de + i) - lb_gd);
    const double top = *std::max_element(logs.begin(), logs.end());
    double sum = 0;
    for (double l : logs) sum += std::exp(l - top);
    return std::exp(top + std::log(sum));
  });
}

SEGCORE_NAMESPACE_END
