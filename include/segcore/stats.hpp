// Statistical tests for describing and comparing segments, with scipy.stats's definitions:
// one-way ANOVA per feature, the chi-square test of independence, Welch's t-test and the
// two-proportion z-test for A/B comparisons.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// One-way ANOVA of each column, as anova_oneway() returns it.
struct AnovaResult {
  std::vector<double> f;  // F per column; NaN when every value of the column is equal
  std::vector<double> p;  // its p-value; NaN likewise
  double df_between = 0;  // groups - 1
  double df_within = 0;   // rows - groups
};

// scipy.stats.f_oneway of each column of x, the groups given by labels (any int32 values).
// Needs at least 2 groups and more rows than groups. A column that is constant within every
// group but not across them gets F = inf, p = 0 (scipy's result too).
StatusOr<AnovaResult> anova_oneway(ConstMatrixView<double> x, std::span<const std::int32_t> labels);
// The same for float data.
StatusOr<AnovaResult> anova_oneway(ConstMatrixView<float> x, std::span<const std::int32_t> labels);

// A chi-square test of independence, as chi2_independence() returns it.
struct ChiSquareResult {
  double chi2 = 0;               // the statistic
  double p_value = 1;            // its upper-tail probability
  std::int64_t dof = 0;          // (rows - 1) * (cols - 1)
  std::vector<double> expected;  // rows x cols, row-major
};

// scipy.stats.chi2_contingency(table, correction): Yates' correction when dof is 1 and
// correction is set; dof 0 gives chi2 = 0, p = 1. Counts must be finite and >= 0, and no row
// or column may sum to 0.
StatusOr<ChiSquareResult> chi2_independence(ConstMatrixView<double> table, bool correction = true);
// The same from two categorical codes per row (the table of their distinct values).
StatusOr<ChiSquareResult> chi2_independence(std::span<const std::int32_t> a, std::span<const std::int32_t> b,
                                            bool correction = true);

// An A/B comparison of variant B against control A.
struct ABResult {
  double statistic = 0;   // t or z of B - A
  double p_value = 1;     // two-sided
  double df = 0;          // Welch's degrees of freedom; infinity for the z-test
  double a = 0;           // mean (proportion) of A
  double b = 0;           // mean (proportion) of B
  double difference = 0;  // b - a
  double lift = 0;        // (b - a) / a; NaN when a = 0
  double ci_low = 0;      // confidence interval of the difference
  double ci_high = 0;     // its upper end
};

// Welch's unequal-variance t-test: statistic and p as scipy.stats.ttest_ind(b, a,
// equal_var=False); the interval is difference +- t_{(1+confidence)/2, df} * se. Each sample
// needs 2 or more finite values; identical constant samples give NaN statistic and p.
StatusOr<ABResult> welch_t_test(std::span<const double> a, std::span<const double> b, double confidence = 0.95);

// Two-proportion z-test with the pooled standard error (statsmodels' proportions_ztest);
// the interval is the unpooled Wald interval of the difference.
StatusOr<ABResult> two_proportion_test(std::int64_t successes_a, std::int64_t n_a, std::int64_t successes_b,
                                       std::int64_t n_b, double confidence = 0.95);

// Distribution tails used above, exposed for tests: upper tails (survival functions).
// Upper tail of the F distribution with d1 and d2 degrees of freedom.
double f_sf(double f, double d1, double d2);
// Upper tail of Student's t with df degrees of freedom.
double t_sf(double t, double df);
// Upper tail of the chi-square distribution with df degrees of freedom.
double chi2_sf(double x, double df);
// Upper tail of the standard normal distribution.
double normal_sf(double z);
// Quantiles: the x with t_sf(x, df) = q (q in (0, 1)), and likewise for the normal.
double t_isf(double q, double df);
// The z with normal_sf(z) = q, q in (0, 1).
double normal_isf(double q);

SEGCORE_NAMESPACE_END
