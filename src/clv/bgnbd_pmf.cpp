// P(X(t) = n) under BG/NBD, Fader, Hardie and Lee (2005), eq. 8:
//   B(a, b+n)/B(a, b) NB(n) + [n > 0] B(a+1, b+n-1)/B(a, b) P(N >= n),
// where N ~ NB(r, p = alpha/(alpha+t)), NB(j) = Gamma(r+j)/(Gamma(r) j!) p^r (1-p)^j is the
// purchase count of a customer who never drops out: either the customer is still active after
// n purchases, or dropped out right after the n-th, which needs at least n in (0, t].
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "core/log_gamma.hpp"
#include "histories.hpp"
#include "segcore/clv_pmf.hpp"
#include "special.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace clv_detail {
namespace {

constexpr double kMaxTerms = 5e7;  // a bound on the work per value

// log NB(j) for the negative binomial of the purchase count up to t.
double log_nb(double r, double log_p, double log_q, double j) {
  return log_gamma(r + j) - log_gamma(r) - log_gamma(j + 1) + r * log_p + j * log_q;
}

// log P(N >= n) for N ~ NB(r, p), n >= 1, without cancellation: up to the mean it is 1 minus
// the first n terms (each from its logarithm, so that none underflows on the way to the bulk);
// beyond the mean the terms fall from n on, and the tail is summed relative to its first term
// (no denormals). NaN when that would take more than kMaxTerms terms.
double log_nb_tail(double r, double log_p, double log_q, double n) {
  const double q = std::exp(log_q);
  const double mean = r * q / std::exp(log_p);
  if (n <= mean) {
    if (n > kMaxTerms) return std::nan("");
    double head = 0;
    for (double j = 0; j < n; ++j) head += std::exp(log_nb(r, log_p, log_q, j));
    return std::log(std::max(0.0, 1 - head));
  }
  double term = 1, sum = 0;  // NB(j) / NB(n)
  for (double j = n; j < n + kMaxTerms; ++j) {
    sum += term;
    if (term <= 1e-17 * sum) return log_nb(r, log_p, log_q, n) + std::log(sum);
    term *= q * (r + j) / (j + 1);
  }
  return std::nan("");
}

}  // namespace
}  // namespace clv_detail
SEGCORE_NAMESPACE_END

SEGCORE_NAMESPACE_BEGIN

Status probability_of_n_purchases(const BetaGeoModel& model, double t, std::span<const double> n,
                                  std::span<double> out) {
  SEGCORE_RETURN_IF_ERROR(clv_detail::check_count_query(model, t, n, out));
  const auto p = model.params();
  const double r = p[0], alpha = p[1], a = p[2], b = p[3];
  const double log_p = std::log(alpha / (alpha + t));
  const double log_q = std::log(t / (alpha + t));  // -inf at t = 0: NB(j > 0) = 0
  const double log_bab = clv_detail::log_beta(a, b);
  return clv_detail::predict_rows(n.size(), out, 1, [&](std::size_t i) {
    const double k = n[i];
    if (t == 0) return k == 0 ? 1.0 : 0.0;
    const double stays = std::exp(clv_detail::log_beta(a, b + k) - log_bab + clv_detail::log_nb(r, log_p, log_q, k));
    if (k == 0) return stays;
    return stays +
           std::exp(clv_detail::log_beta(a + 1, b + k - 1) - log_bab + clv_detail::log_nb_tail(r, log_p, log_q, k));
  });
}

SEGCORE_NAMESPACE_END
