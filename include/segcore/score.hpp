// Scores: weighted sums of profile columns (raw, or normalised per feature with parameters
// fitted on a table), score bands, and binary logistic regression with an L2 penalty
// (scikit-learn's objective: C * sum_i w_i * logloss_i + 0.5 * ||coef||^2, the intercept
// unpenalised), fitted by Newton's method.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/matrix.hpp"
#include "segcore/rules.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// One term of weighted_score().
struct ScoreTerm {
  std::string column;  // a numeric column of the table
  double weight = 0;   // finite
};

// out[i] = bias + sum_j weight_j * column_j[i] over numeric columns found by name. A row with
// a missing term is NaN unless missing_as_zero (the term then adds nothing).
Status weighted_score(const TableView& table, std::span<const ScoreTerm> terms, double bias, bool missing_as_zero,
                      std::span<double> out);

// How a ScoreFeature's values are put on a common scale.
enum class Normalization : int {
  none = 0,    // x as it is: center 0, scale 1
  zscore = 1,  // center = mean, scale = population standard deviation (scikit-learn's StandardScaler)
  minmax = 2,  // center = min, scale = max - min: the fitted data maps onto [0, 1]
};

// One feature of a weighted model: x' = (column - center) / scale contributes weight * x'.
struct ScoreFeature {
  std::string column;                                   // a numeric column of the table
  double weight = 0;                                    // finite
  Normalization normalization = Normalization::zscore;  // how center and scale are fitted
  double center = 0;  // fitted by WeightedModel::fit, or given to WeightedModel::create
  double scale = 1;   // likewise; finite and > 0
};

// score = bias + sum_j weight_j * (x_j - center_j) / scale_j over named numeric columns.
class WeightedModel {
 public:
  // Fits each feature's center and scale on the table's present values (missing values and
  // NaN are left out). Errors: an unknown or text column (NotFound / InvalidArgument), a
  // feature without present values, a zero standard deviation (zscore) or max == min (minmax),
  // non-finite weights or bias.
  static StatusOr<WeightedModel> fit(const TableView& table, std::vector<ScoreFeature> features, double bias = 0);
  // A model from known parameters (a fit saved earlier, or chosen by hand): center and scale
  // are used as given (scale finite and > 0; for none, 0 and 1).
  static StatusOr<WeightedModel> create(std::vector<ScoreFeature> features, double bias = 0);

  // The features with their fitted (or given) center and scale.
  const std::vector<ScoreFeature>& features() const { return features_; }
  double bias() const { return bias_; }  // the constant term

  // out[i] = the score of row i. A row with a missing feature is NaN unless missing_as_zero
  // (the normalised term is then 0: for zscore, the mean). out.size() must be table.rows.
  // Rows are independent, so the result does not depend on n_threads (>= 1, 0: all cores).
  Status score(const TableView& table, std::span<double> out, bool missing_as_zero = false, int n_threads = 1) const;
  // One profile: values[j] is the value of features()[j] (NaN: missing).
  StatusOr<double> score_one(std::span<const double> values, bool missing_as_zero = false) const;

 private:
  std::vector<ScoreFeature> features_;
  double bias_ = 0;
};

// Named levels cut from a score at strictly ascending edges, as SegmentSet::tiers cuts a
// field: names[0] below edges[0], names[j] from edges[j-1] to edges[j] (both inclusive), the
// last name above the last edge. Edges {0.3, 0.7} with names {Low, Medium, High} give
// High > 0.7, Medium 0.3..0.7, Low < 0.3. A NaN score has no band (-1).
class ScoreBands {
 public:
  // InvalidArgument unless there is at least one edge, edges are finite and strictly
  // ascending, and there are edges.size() + 1 non-empty names.
  static StatusOr<ScoreBands> create(std::vector<double> edges, std::vector<std::string> names);

  std::size_t size() const { return names_.size(); }                  // the number of bands
  const std::string& name(std::size_t k) const { return names_[k]; }  // band k's name (k < size())
  const std::vector<double>& edges() const { return edges_; }         // as given

  // The band of one score, 0..size() - 1; -1 for NaN.
  std::int32_t band(double score) const;
  // out.size() must be scores.size().
  Status assign(std::span<const double> scores, std::span<std::int32_t> out) const;

 private:
  std::vector<double> edges_;
  std::vector<std::string> names_;
};

// Options of LogisticRegression: the L2 penalty (C as in scikit-learn) and the Newton steps.
struct LogisticOptions {
  double C = 1.0;             // inverse regularisation strength, > 0
  bool fit_intercept = true;  // fit an unpenalised intercept
  int max_iter = 100;         // Newton iterations, >= 1
  double tol = 1e-8;          // stop when max |gradient| <= tol * max(1, max |initial gradient|)
  int n_threads = 1;          // >= 1, or 0 for all cores; results do not depend on it
};

// Binary logistic regression fitted by Newton's method.
class LogisticRegression {
 public:
  // An unfitted model; the options are checked by fit.
  explicit LogisticRegression(LogisticOptions options = {}) : options_(options) {}

  // A fitted model from parameters saved earlier (model_file.hpp): at least one coefficient,
  // all finite; intercept finite (0 when the options have no intercept); n_iter >= 0.
  static StatusOr<LogisticRegression> from_parameters(LogisticOptions options, std::vector<double> coef,
                                                      double intercept, int n_iter, bool converged);
  // The options the model was made with.
  const LogisticOptions& options() const { return options_; }

  // y: 0 or 1 per row; sample_weight: empty or one value >= 0 per row (not all zero).
  // InvalidArgument for bad options, sizes, labels, weights or non-finite data.
  Status fit(ConstMatrixView<double> X, std::span<const double> y, std::span<const double> sample_weight = {});

  // P(y = 1) per row. FailedPrecondition before a fit; InvalidArgument when X's columns
  // differ from the fit's or out.size() is not X.rows().
  Status predict_proba(ConstMatrixView<double> X, std::span<double> out) const;
  // The linear predictor X coef + intercept per row; errors as predict_proba.
  Status decision_function(ConstMatrixView<double> X, std::span<double> out) const;

  bool fitted() const { return fitted_; }                    // a fit succeeded
  const std::vector<double>& coef() const { return coef_; }  // one per column of X
  double intercept() const { return intercept_; }            // 0 without fit_intercept
  int n_iter() const { return n_iter_; }                     // Newton iterations of the last fit
  bool converged() const { return converged_; }              // the last fit stopped on its gradient test

 private:
  LogisticOptions options_;
  std::vector<double> coef_;
  double intercept_ = 0;
  int n_iter_ = 0;
  bool converged_ = false;
  bool fitted_ = false;
};

SEGCORE_NAMESPACE_END
