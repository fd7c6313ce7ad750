// Scores: weighted sums of profile columns, and binary logistic regression with an L2
// penalty (scikit-learn's objective: C * sum_i w_i * logloss_i + 0.5 * ||coef||^2, the
// intercept unpenalised), fitted by Newton's method.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/rules.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

struct ScoreTerm {
  std::string column;
  double weight = 0;
};

// out[i] = bias + sum_j weight_j * column_j[i] over numeric columns found by name. A row with
// a missing term is NaN unless missing_as_zero (the term then adds nothing).
Status weighted_score(const TableView& table, std::span<const ScoreTerm> terms, double bias, bool missing_as_zero,
                      std::span<double> out);

struct LogisticOptions {
  double C = 1.0;            // inverse regularisation strength, > 0
  bool fit_intercept = true;
  int max_iter = 100;        // Newton iterations, >= 1
  double tol = 1e-8;         // stop when max |gradient| <= tol * max(1, max |initial gradient|)
  int n_threads = 1;         // >= 1, or 0 for all cores; results do not depend on it
};

class LogisticRegression {
 public:
  explicit LogisticRegression(LogisticOptions options = {}) : options_(options) {}

  // y: 0 or 1 per row; sample_weight: empty or one value >= 0 per row (not all zero).
  Status fit(ConstMatrixView<double> X, std::span<const double> y, std::span<const double> sample_weight = {});

  // P(y = 1) per row, and the linear predictor X coef + intercept.
  Status predict_proba(ConstMatrixView<double> X, std::span<double> out) const;
  Status decision_function(ConstMatrixView<double> X, std::span<double> out) const;

  bool fitted() const { return fitted_; }
  const std::vector<double>& coef() const { return coef_; }
  double intercept() const { return intercept_; }
  int n_iter() const { return n_iter_; }
  bool converged() const { return converged_; }

 private:
  LogisticOptions options_;
  std::vector<double> coef_;
  double intercept_ = 0;
  int n_iter_ = 0;
  bool converged_ = false;
  bool fitted_ = false;
};

SEGCORE_NAMESPACE_END
