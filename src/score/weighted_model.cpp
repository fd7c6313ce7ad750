// Weighted sums over normalised features: center and scale fitted per feature on a table's
// present values, then applied to any table with those columns or to one profile.
#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "segcore/names.hpp"
#include "segcore/parallel.hpp"
#include "segcore/score.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

StatusOr<const ColumnView*> numeric_column(const TableView& table, const std::string& name, const char* where) {
  const ColumnView* c = table.find(name);
  if (c == nullptr) {
    std::string names;
    for (const ColumnView& v : table.columns) absl::StrAppend(&names, names.empty() ? "" : ", ", v.name);
    return absl::NotFoundError(absl::StrCat(where, ": the table has no column '", name, "' (it has ", names, ")"));
  }
  if (c->type == ColumnType::text) return invalid_argument(where, "column '", name, "' is text; features are numbers");
  if ((c->type == ColumnType::f64 ? static_cast<const void*>(c->f64) : c->i64) == nullptr && table.rows != 0)
    return invalid_argument(where, "column '", name, "' has no data");
  return c;
}

// The value of row i, or NaN when it is missing.
inline double value_at(const ColumnView& c, std::size_t i) {
  if (c.valid != nullptr && !c.valid[i]) return std::numeric_limits<double>::quiet_NaN();
  return c.type == ColumnType::f64 ? c.f64[i] : static_cast<double>(c.i64[i]);
}

// The one formula both paths use, so a row scores the same alone and in a table: the
// weight over the scale is one factor, so a term costs a subtraction and a multiplication.
inline double factor(const ScoreFeature& f) { return f.weight / f.scale; }
inline double term(const ScoreFeature& f, double x) { return (x - f.center) * factor(f); }

// Adds feature f's terms for rows [0, n) of a block to o. A missing value (masked or NaN) makes
// the row NaN, which the arithmetic does by itself, or adds nothing when missing_as_zero. The
// branches are hoisted into template parameters so the loop has none and vectorises.
template <bool kI64, bool kMask, bool kZero>
void add_terms(const ScoreFeature& f, const ColumnView& c, std::size_t begin, std::size_t n, double* o) {
  const double center = f.center, a = factor(f);
  const double* x64 = kI64 ? nullptr : c.f64 + begin;
  const std::int64_t* xi = kI64 ? c.i64 + begin : nullptr;
  const std::uint8_t* ok = kMask ? c.valid + begin : nullptr;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < n; ++i) {
    double x = kI64 ? static_cast<double>(xi[i]) : x64[i];
    if constexpr (kMask) x = ok[i] ? x : nan;
    const double t = (x - center) * a;
    if constexpr (kZero)
      o[i] += x == x ? t : 0.0;
    else
      o[i] += t;
  }
}

template <bool kI64, bool kMask>
void add_terms(const ScoreFeature& f, const ColumnView& c, std::size_t begin, std::size_t n, double* o, bool zero) {
  zero ? add_terms<kI64, kMask, true>(f, c, begin, n, o) : add_terms<kI64, kMask, false>(f, c, begin, n, o);
}

Status check_feature(const ScoreFeature& f, const char* where) {
  if (f.column.empty()) return invalid_argument(where, "a feature has no column name");
  if (!std::isfinite(f.weight)) return invalid_argument(where, "the weight of '", f.column, "' is not finite");
  const int k = static_cast<int>(f.normalization);
  if (k < 0 || k > static_cast<int>(Normalization::minmax))
    return invalid_argument(where, "feature '", f.column, "': normalization ", k, " is not none, zscore or minmax");
  return absl::OkStatus();
}

}  // namespace

StatusOr<WeightedModel> WeightedModel::fit(const TableView& table, std::vector<ScoreFeature> features, double bias) {
  constexpr const char* where = "WeightedModel::fit";
  if (features.empty()) return invalid_argument(where, "no features");
  if (!std::isfinite(bias)) return invalid_argument(where, "bias is not finite");
  for (ScoreFeature& f : features) {
    SEGCORE_RETURN_IF_ERROR(check_feature(f, where));
    SEGCORE_ASSIGN_OR_RETURN(const ColumnView* c, numeric_column(table, f.column, where));
    std::size_t n = 0;
    double sum = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t i = 0; i < table.rows; ++i) {
      const double x = value_at(*c, i);
      if (std::isnan(x)) continue;
      if (!std::isfinite(x)) return invalid_argument(where, "column '", f.column, "', row ", i, " is infinite");
      ++n, sum += x, lo = std::min(lo, x), hi = std::max(hi, x);
    }
    if (n == 0) return invalid_argument(where, "feature '", f.column, "' has no present value to fit on");
    if (f.normalization == Normalization::zscore) {
      const double mean = sum / static_cast<double>(n);
      double ss = 0;
      for (std::size_t i = 0; i < table.rows; ++i)
        if (const double x = value_at(*c, i); !std::isnan(x)) ss += (x - mean) * (x - mean);
      const double sd = std::sqrt(ss / static_cast<double>(n));
      if (!std::isfinite(mean) || !std::isfinite(sd))  // finite values near the limits of double
        return invalid_argument(where, "feature '", f.column, "' overflows double precision (mean ", mean,
                                ", standard deviation ", sd, ")");
      if (!(sd > 0))
        return invalid_argument(where, "feature '", f.column, "' has zero variance (every present value is ", lo,
                                "), so it has no z-score; use normalization none or leave it out");
      f.center = mean, f.scale = sd;
    } else if (f.normalization == Normalization::minmax) {
      if (!(hi > lo))
        return invalid_argument(where, "feature '", f.column, "' has zero variance (every present value is ", lo,
                                "), so min-max scaling divides by 0; use normalization none or leave it out");
      f.center = lo, f.scale = hi - lo;
      if (!std::isfinite(f.scale)) return invalid_argument(where, "feature '", f.column, "': max - min overflows");
    } else {
      f.center = 0, f.scale = 1;
    }
  }
  WeightedModel m;
  m.features_ = std::move(features);
  m.bias_ = bias;
  return m;
}

StatusOr<WeightedModel> WeightedModel::create(std::vector<ScoreFeature> features, double bias) {
  constexpr const char* where = "WeightedModel::create";
  if (features.empty()) return invalid_argument(where, "no features");
  if (!std::isfinite(bias)) return invalid_argument(where, "bias is not finite");
  for (const ScoreFeature& f : features) {
    SEGCORE_RETURN_IF_ERROR(check_feature(f, where));
    if (!std::isfinite(f.center) || !std::isfinite(f.scale) || !(f.scale > 0))
      return invalid_argument(where, "feature '", f.column, "' (", std::string(enum_name(f.normalization)),
                              "): center ", f.center, " and scale ", f.scale, " must be finite with scale > 0");
  }
  WeightedModel m;
  m.features_ = std::move(features);
  m.bias_ = bias;
  return m;
}

Status WeightedModel::score(const TableView& table, std::span<double> out, bool missing_as_zero, int n_threads) const {
  constexpr const char* where = "WeightedModel::score";
  if (features_.empty()) return absl::FailedPreconditionError(absl::StrCat(where, ": the model has no features"));
  if (n_threads < 0) return invalid_argument(where, "n_threads is ", n_threads, "; use >= 1, or 0 for all cores");
  if (out.size() != table.rows)
    return invalid_argument(where, "out holds ", out.size(), " values; the table has ", table.rows, " rows");
  std::vector<const ColumnView*> cols;
  for (const ScoreFeature& f : features_) {
    SEGCORE_ASSIGN_OR_RETURN(const ColumnView* c, numeric_column(table, f.column, where));
    cols.push_back(c);
  }
  // Blocks of rows; within a block one pass per feature, each streaming one column.
  const Blocks blocks(table.rows, 4096);
  parallel_for(resolve_threads(n_threads), blocks.count(), [&](std::size_t b) {
    double* o = out.data() + blocks[b].begin;
    const std::size_t n = blocks[b].size();
    std::fill_n(o, n, bias_);
    for (std::size_t j = 0; j < cols.size(); ++j) {
      const ColumnView& c = *cols[j];
      const bool i64 = c.type != ColumnType::f64, mask = c.valid != nullptr;
      const std::size_t begin = blocks[b].begin;
      if (i64)
        mask ? add_terms<true, true>(features_[j], c, begin, n, o, missing_as_zero)
             : add_terms<true, false>(features_[j], c, begin, n, o, missing_as_zero);
      else
        mask ? add_terms<false, true>(features_[j], c, begin, n, o, missing_as_zero)
             : add_terms<false, false>(features_[j], c, begin, n, o, missing_as_zero);
    }
  });
  // An infinite input gives an infinite score: found afterwards, off the hot loop, and named
  // as WeightedModel::fit names it.
  for (std::size_t i = 0; i < table.rows; ++i) {
    if (!std::isinf(out[i])) continue;
    for (std::size_t j = 0; j < cols.size(); ++j)
      if (std::isinf(value_at(*cols[j], i)))
        return invalid_argument(where, "column '", features_[j].column, "', row ", i, " is infinite");
    return invalid_argument(where, "row ", i, ": the score overflows double precision");
  }
  return absl::OkStatus();
}

StatusOr<double> WeightedModel::score_one(std::span<const double> values, bool missing_as_zero) const {
  if (values.size() != features_.size())
    return invalid_argument("WeightedModel::score_one", values.size(), " values given; the model has ",
                            features_.size(), " features");
  double s = bias_;
  for (std::size_t j = 0; j < features_.size(); ++j) {
    if (std::isnan(values[j])) {
      if (!missing_as_zero) return values[j];
      s += 0.0;  // as the table path does, down to the sign of a zero
      continue;
    }
    if (std::isinf(values[j]))
      return invalid_argument("WeightedModel::score_one", "values[", j, "] ('", features_[j].column, "') is infinite");
    s += term(features_[j], values[j]);
  }
  return s;
}

SEGCORE_NAMESPACE_END
