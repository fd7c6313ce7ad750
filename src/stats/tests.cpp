// ANOVA, chi-square, Welch's t and the two-proportion z-test (definitions in stats.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "metrics/labels.hpp"
#include "segcore/describe.hpp"
#include "segcore/stats.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <class T>
StatusOr<AnovaResult> anova_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels) {
  constexpr absl::string_view where = "anova_oneway";
  SEGCORE_RETURN_IF_ERROR(detail::check_labels_size(labels.size(), x.rows(), where));
  SEGCORE_RETURN_IF_ERROR(check_finite(x, where));
  const detail::EncodedLabels e = detail::encode_labels(labels);
  const std::size_t n = x.rows(), d = x.cols(), k = e.k();
  if (k < 2) return invalid_argument(where, "there is ", k, " group; ANOVA needs at least 2");
  if (n <= k) return invalid_argument(where, n, " rows in ", k, " groups leave no degrees of freedom within groups");
  AnovaResult r;
  r.df_between = static_cast<double>(k - 1);
  r.df_within = static_cast<double>(n - k);
  // Means relative to the first row: far from the origin the differences from it are exact,
  // so the means keep the digits of the spread, not of the offset (and F is translation-invariant).
  std::vector<double> gmean(k * d, 0.0), mean(d, 0.0), ssb(d, 0.0), ssw(d, 0.0), shift(d);
  for (std::size_t j = 0; j < d; ++j) shift[j] = static_cast<double>(x(0, j));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      gmean[static_cast<std::size_t>(e.code[i]) * d + j] += static_cast<double>(x(i, j)) - shift[j];
      mean[j] += static_cast<double>(x(i, j)) - shift[j];
    }
  for (std::size_t j = 0; j < d; ++j) mean[j] /= static_cast<double>(n);
  for (std::size_t g = 0; g < k; ++g)
    for (std::size_t j = 0; j < d; ++j) {
      double& m = gmean[g * d + j];
      m /= static_cast<double>(e.count[g]);
      ssb[j] += static_cast<double>(e.count[g]) * (m - mean[j]) * (m - mean[j]);
    }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      const double dev = (static_cast<double>(x(i, j)) - shift[j]) - gmean[static_cast<std::size_t>(e.code[i]) * d + j];
      ssw[j] += dev * dev;
    }
  r.f.resize(d);
  r.p.resize(d);
  for (std::size_t j = 0; j < d; ++j) {
    if (!std::isfinite(ssb[j]) || !std::isfinite(ssw[j]))  // finite values near the limits of double
      return invalid_argument(where, "column ", j, " overflows double precision (sums of squares between ", ssb[j],
                              " and within ", ssw[j], " groups)");
    if (ssw[j] == 0) {  // constant within every group
      const bool all_equal = ssb[j] == 0;
      r.f[j] = all_equal ? kNaN : std::numeric_limits<double>::infinity();
      r.p[j] = all_equal ? kNaN : 0.0;
      continue;
    }
    r.f[j] = (ssb[j] / r.df_between) / (ssw[j] / r.df_within);
    r.p[j] = f_sf(r.f[j], r.df_between, r.df_within);
  }
  return r;
}

}  // namespace

StatusOr<AnovaResult> anova_oneway(ConstMatrixView<double> x, std::span<const std::int32_t> l) {
  return anova_impl(x, l);
}
StatusOr<AnovaResult> anova_oneway(ConstMatrixView<float> x, std::span<const std::int32_t> l) {
  return anova_impl(x, l);
}

StatusOr<ChiSquareResult> chi2_independence(ConstMatrixView<double> table, bool correction) {
  constexpr absl::string_view where = "chi2_independence";
  const std::size_t r = table.rows(), c = table.cols();
  if (r == 0 || c == 0) return invalid_argument(where, "the table is empty (", r, " x ", c, ")");
  std::vector<double> rows(r, 0.0), cols(c, 0.0);
  double total = 0;
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < c; ++j) {
      const double v = table(i, j);
      if (!(v >= 0) || !std::isfinite(v))
        return invalid_argument(where, "count at row ", i, ", column ", j, " is ", v,
                                "; counts must be finite and >= 0");
      rows[i] += v, cols[j] += v, total += v;
    }
  for (std::size_t i = 0; i < r; ++i)
    if (rows[i] == 0)
      return invalid_argument(where, "row ", i, " of the table sums to 0, so an expected frequency is 0");
  for (std::size_t j = 0; j < c; ++j)
    if (cols[j] == 0)
      return invalid_argument(where, "column ", j, " of the table sums to 0, so an expected frequency is 0");
  ChiSquareResult out;
  out.dof = static_cast<std::int64_t>((r - 1) * (c - 1));
  out.expected.resize(r * c);
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < c; ++j) out.expected[i * c + j] = rows[i] * cols[j] / total;
  if (out.dof == 0) return out;  // chi2 0, p 1, as scipy
  const bool yates = correction && out.dof == 1;
  for (std::size_t i = 0; i < r; ++i)
    for (std::size_t j = 0; j < c; ++j) {
      const double e = out.expected[i * c + j];
      double o = table(i, j);
      if (yates) {  // move each count towards its expectation by at most 0.5
        const double diff = e - o;
        o += std::copysign(std::min(0.5, std::abs(diff)), diff);
      }
      out.chi2 += (o - e) * (o - e) / e;
    }
  if (!std::isfinite(out.chi2))
    return invalid_argument(where, "the statistic overflows double precision (counts too large to square)");
  out.p_value = chi2_sf(out.chi2, static_cast<double>(out.dof));
  return out;
}

StatusOr<ChiSquareResult> chi2_independence(std::span<const std::int32_t> a, std::span<const std::int32_t> b,
                                            bool correction) {
  if (a.size() != b.size())
    return invalid_argument("chi2_independence", "the two attributes have ", a.size(), " and ", b.size(), " values");
  if (a.empty()) return invalid_argument("chi2_independence", "no rows");
  const detail::EncodedLabels ea = detail::encode_labels(a), eb = detail::encode_labels(b);
  std::vector<double> t(ea.k() * eb.k(), 0.0);
  for (std::size_t i = 0; i < a.size(); ++i)
    t[static_cast<std::size_t>(ea.code[i]) * eb.k() + static_cast<std::size_t>(eb.code[i])] += 1;
  return chi2_independence(ConstMatrixView<double>(t.data(), ea.k(), eb.k()), correction);
}

namespace {

Status check_confidence(double c, absl::string_view where) {
  if (!(c > 0 && c < 1)) return invalid_argument(where, "confidence is ", c, "; it must be in (0, 1)");
  return absl::OkStatus();
}

}  // namespace

StatusOr<ABResult> welch_t_test(std::span<const double> a, std::span<const double> b, double confidence) {
  constexpr absl::string_view where = "welch_t_test";
  SEGCORE_RETURN_IF_ERROR(check_confidence(confidence, where));
  if (a.size() < 2 || b.size() < 2)
    return invalid_argument(where, "samples of ", a.size(), " and ", b.size(), " values; each needs at least 2");
  // Both means relative to a[0]: far from the origin the differences from it are exact, so the
  // difference of the means keeps the digits of the spread rather than of the offset.
  const double shift = std::isfinite(a[0]) ? a[0] : 0.0;
  auto moments = [&](std::span<const double> s, const char* name, double& mean, double& var) -> Status {
    mean = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!std::isfinite(s[i])) return invalid_argument(where, "sample ", name, ", value ", i, " is ", s[i]);
      mean += s[i] - shift;
    }
    mean /= static_cast<double>(s.size());
    var = 0;
    for (double v : s) var += ((v - shift) - mean) * ((v - shift) - mean);
    var /= static_cast<double>(s.size() - 1);
    if (!std::isfinite(mean) || !std::isfinite(var))  // finite values near the limits of double
      return invalid_argument(where, "sample ", name, " overflows double precision (mean ", mean, ", variance ", var,
                              ")");
    return absl::OkStatus();
  };
  double ma, va, mb, vb;
  SEGCORE_RETURN_IF_ERROR(moments(a, "a", ma, va));
  SEGCORE_RETURN_IF_ERROR(moments(b, "b", mb, vb));
  const double qa = va / static_cast<double>(a.size()), qb = vb / static_cast<double>(b.size());
  const double se = std::sqrt(qa + qb);
  ABResult r;
  r.difference = mb - ma;
  r.a = ma + shift, r.b = mb + shift;
  r.lift = r.a == 0 ? kNaN : r.difference / r.a;
  r.df = (qa + qb) * (qa + qb) /
         (qa * qa / static_cast<double>(a.size() - 1) + qb * qb / static_cast<double>(b.size() - 1));
  if (se == 0) {
    r.statistic = r.p_value = r.df = r.ci_low = r.ci_high = kNaN;
    return r;
  }
  r.statistic = r.difference / se;
  r.p_value = std::min(1.0, 2.0 * t_sf(std::abs(r.statistic), r.df));
  const double half = t_isf((1.0 - confidence) / 2.0, r.df) * se;
  r.ci_low = r.difference - half, r.ci_high = r.difference + half;
  return r;
}

StatusOr<ABResult> two_proportion_test(std::int64_t xa, std::int64_t na, std::int64_t xb, std::int64_t nb,
                                       double confidence) {
  constexpr absl::string_view where = "two_proportion_test";
  SEGCORE_RETURN_IF_ERROR(check_confidence(confidence, where));
  if (na <= 0 || nb <= 0) return invalid_argument(where, "trials are ", na, " and ", nb, "; both must be > 0");
  if (xa < 0 || xa > na || xb < 0 || xb > nb)
    return invalid_argument(where, "successes ", xa, " of ", na, " and ", xb, " of ", nb,
                            " are not counts within the trials");
  ABResult r;
  r.a = static_cast<double>(xa) / static_cast<double>(na);
  r.b = static_cast<double>(xb) / static_cast<double>(nb);
  r.difference = r.b - r.a;
  r.lift = r.a == 0 ? kNaN : r.difference / r.a;
  r.df = std::numeric_limits<double>::infinity();
  const double pooled = static_cast<double>(xa + xb) / static_cast<double>(na + nb);
  const double se = std::sqrt(pooled * (1 - pooled) * (1.0 / static_cast<double>(na) + 1.0 / static_cast<double>(nb)));
  const double z = normal_isf((1.0 - confidence) / 2.0);
  const double se_diff =
      std::sqrt(r.a * (1 - r.a) / static_cast<double>(na) + r.b * (1 - r.b) / static_cast<double>(nb));
  r.ci_low = r.difference - z * se_diff, r.ci_high = r.difference + z * se_diff;
  if (se == 0) {  // both all successes or all failures
    r.statistic = r.p_value = kNaN;
    return r;
  }
  r.statistic = r.difference / se;
  r.p_value = std::min(1.0, 2.0 * normal_sf(std::abs(r.statistic)));
  return r;
}

SEGCORE_NAMESPACE_END
