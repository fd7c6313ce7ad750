// How many components a PCA keeps: a fixed count, the explained-variance fraction rule, or
// Minka's maximum-likelihood rank (T. P. Minka, "Automatic choice of dimensionality for PCA",
// NIPS 2000), each as scikit-learn's PCA defines it.
#include <cmath>
#include <limits>
#include <numbers>

#include "core/log_gamma.hpp"
#include "segcore/pca.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

// Log-likelihood of rank `rank` (1 <= rank < d) for the d eigenvalues `s` of n rows
// (equation 30 of the paper, scikit-learn's _assess_dimension).
double rank_log_likelihood(const std::vector<double>& s, std::size_t rank, std::size_t n) {
  constexpr double eps = 1e-15, pi = std::numbers::pi;
  const std::size_t d = s.size();
  const double k = static_cast<double>(rank), dn = static_cast<double>(n), dd = static_cast<double>(d);
  if (s[rank - 1] < eps) return -std::numeric_limits<double>::infinity();
  double pu = -k * std::log(2.0);
  for (std::size_t i = 1; i <= rank; ++i) {
    const double m = (dd - static_cast<double>(i) + 1) / 2.0;
    pu += log_gamma(m) - std::log(pi) * m;
  }
  double pl = 0;
  for (std::size_t i = 0; i < rank; ++i) pl += std::log(s[i]);
  pl = -pl * dn / 2.0;
  double rest = 0;
  for (std::size_t i = rank; i < d; ++i) rest += s[i];
  const double v = std::max(eps, rest / (dd - k));
  const double pv = -std::log(v) * dn * (dd - k) / 2.0;
  const double m = dd * k - k * (k + 1.0) / 2.0;
  const double pp = std::log(2.0 * pi) * (m + k) / 2.0;
  double pa = 0;
  for (std::size_t i = 0; i < rank; ++i)
    for (std::size_t j = i + 1; j < d; ++j) {
      const double sj = j < rank ? s[j] : v;
      pa += std::log((s[i] - s[j]) * (1.0 / sj - 1.0 / s[i])) + std::log(dn);
    }
  return pu + pl + pv + pp - pa / 2.0 - k * std::log(dn) / 2.0;
}

}  // namespace

StatusOr<std::size_t> components_to_keep(const PCAOptions& o, const std::vector<double>& eigenvalues,
                                         std::size_t n_rows) {
  constexpr absl::string_view where = "PCA::fit";
  SEGCORE_RETURN_IF_ERROR(validate(o));
  const std::size_t max_k = eigenvalues.size();
  if (o.n_components > 0) {
    const auto k = static_cast<std::size_t>(o.n_components);
    if (k > max_k)
      return invalid_argument(where, "n_components is ", k, "; it must be at most min(n_rows, n_features) = ", max_k);
    return k;
  }
  if (o.variance_fraction > 0) {
    double total = 0;
    for (double e : eigenvalues) total += e;
    if (!(total > 0)) return std::size_t{1};  // constant data: every ratio is 0
    double cumulative = 0;
    for (std::size_t c = 0; c < max_k; ++c) {
      cumulative += eigenvalues[c] / total;
      if (cumulative > o.variance_fraction) return c + 1;
    }
    return max_k;  // rounding left the sum at or below the fraction
  }
  if (o.mle) {
    const std::size_t d = eigenvalues.size();
    if (n_rows < d)
      return invalid_argument(where, "mle needs at least as many rows as features; there are ", n_rows, " rows and ", d,
                              " features");
    if (d < 2) return invalid_argument(where, "mle needs at least 2 features; there is ", d);
    std::size_t best = 1;
    double best_ll = -std::numeric_limits<double>::infinity();
    for (std::size_t rank = 1; rank < d; ++rank) {
      const double ll = rank_log_likelihood(eigenvalues, rank, n_rows);
      if (ll > best_ll) best_ll = ll, best = rank;  // first maximum, as numpy's argmax
    }
    return best;
  }
  return max_k;
}

SEGCORE_NAMESPACE_END
