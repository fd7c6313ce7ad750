// Segment profiles: per-segment means and medians, lift and standardized effect against the
// population, the most distinguishing columns and a name made from them.
#include "segcore/personas.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "metrics/labels.hpp"
#include "segcore/describe.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

double median_of(std::vector<double>& v) {
  const std::size_t m = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m), v.end());
  if (v.size() % 2 == 1) return v[m];
  const double hi = v[m];
  return 0.5 * (*std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(m)) + hi);
}

template <class T>
StatusOr<std::vector<Persona>> profiles_impl(ConstMatrixView<T> x, std::span<const std::int32_t> labels,
                                             const PersonaOptions& o) {
  constexpr absl::string_view where = "segment_profiles";
  SEGCORE_RETURN_IF_ERROR(detail::check_labels_size(labels.size(), x.rows(), where));
  const std::size_t n = x.rows(), d = x.cols();
  if (d == 0) return invalid_argument(where, "x has no columns");
  if (o.top_features < 0) return invalid_argument(where, "top_features is ", o.top_features, "; it must be >= 0");
  for (const auto* v : {&o.feature_names, &o.low_words, &o.high_words})
    if (!v->empty() && v->size() != d)
      return invalid_argument(where, "names or words are given for ", v->size(), " columns; x has ", d);
  SEGCORE_ASSIGN_OR_RETURN(ColumnStats pop, describe(x));
  const detail::EncodedLabels e = detail::encode_labels(labels);
  std::vector<std::vector<std::size_t>> rows(e.k());
  for (std::size_t i = 0; i < n; ++i) rows[static_cast<std::size_t>(e.code[i])].push_back(i);
  auto name_of = [&](std::size_t j) {
    return o.feature_names.empty() ? absl::StrCat("feature ", j) : o.feature_names[j];
  };
  // Sums relative to the first row: far from the origin the differences from it are exact, so
  // a segment's mean minus the population's (its effect) keeps the digits of the spread rather
  // than of the offset. The population's shifted mean is made of the same sums.
  std::vector<double> shift(d), shifted_sum(e.k() * d, 0.0), pop_shifted(d, 0.0);
  for (std::size_t j = 0; j < d; ++j) shift[j] = static_cast<double>(x(0, j));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j)
      shifted_sum[static_cast<std::size_t>(e.code[i]) * d + j] += static_cast<double>(x(i, j)) - shift[j];
  for (std::size_t g = 0; g < e.k(); ++g)
    for (std::size_t j = 0; j < d; ++j) pop_shifted[j] += shifted_sum[g * d + j];
  for (double& m : pop_shifted) m /= static_cast<double>(n);
  std::vector<Persona> out(e.k());
  std::vector<double> column;
  for (std::size_t g = 0; g < e.k(); ++g) {
    Persona& p = out[g];
    p.label = e.value[g];
    p.size = rows[g].size();
    p.share = static_cast<double>(p.size) / static_cast<double>(n);
    p.mean.resize(d), p.median.resize(d), p.lift.resize(d), p.effect.resize(d);
    for (std::size_t j = 0; j < d; ++j) {
      column.clear();
      for (std::size_t i : rows[g]) column.push_back(static_cast<double>(x(i, j)));
      const double shifted_mean = shifted_sum[g * d + j] / static_cast<double>(p.size);
      p.mean[j] = shift[j] + shifted_mean;
      p.median[j] = median_of(column);
      p.lift[j] = pop.mean[j] == 0 ? std::numeric_limits<double>::quiet_NaN() : p.mean[j] / pop.mean[j];
      p.effect[j] = pop.stddev[j] > 0 ? (shifted_mean - pop_shifted[j]) / pop.stddev[j] : 0.0;
    }
    std::vector<std::size_t> order(d);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return std::abs(p.effect[a]) > std::abs(p.effect[b]); });
    order.resize(std::min(d, static_cast<std::size_t>(o.top_features)));
    p.top = order;
    std::vector<std::string> words;
    for (std::size_t j : p.top) {
      if (!(std::abs(p.effect[j]) >= o.min_effect)) continue;
      const bool high = p.effect[j] > 0;
      const auto& given = high ? o.high_words : o.low_words;
      words.push_back(!given.empty() && !given[j].empty() ? given[j]
                                                          : absl::StrCat(high ? "high " : "low ", name_of(j)));
    }
    p.name = words.empty() ? "typical" : absl::StrJoin(words, ", ");
  }
  return out;
}

}  // namespace

StatusOr<std::vector<Persona>> segment_profiles(ConstMatrixView<double> x, std::span<const std::int32_t> l,
                                                const PersonaOptions& o) {
  return profiles_impl(x, l, o);
}
StatusOr<std::vector<Persona>> segment_profiles(ConstMatrixView<float> x, std::span<const std::int32_t> l,
                                                const PersonaOptions& o) {
  return profiles_impl(x, l, o);
}

SEGCORE_NAMESPACE_END
