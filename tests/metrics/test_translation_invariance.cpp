// The clustering scores and the group tests are properties of the data's shape: translated far from the origin
// (offsets 1e3 to 1e9) or scaled by 1e-6 to 1e6, random labelled data of awkward sizes keeps
// its offset-0 score to 1e-9 relative. The data sit on a binary grid coarse enough that the
// translation itself is exact, so any difference is the metric's own rounding.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "segcore/metrics.hpp"
#include "segcore/personas.hpp"
#include "segcore/stats.hpp"

using segcore::ConstMatrixView;

namespace {

struct Labelled {
  std::size_t n, d;
  std::vector<double> x;  // n x d on the grid step * integers, |x| <= 16
  std::vector<std::int32_t> labels;
};

// Clusters around random grid centers with uneven sizes and arbitrary label values; every
// label is used.
Labelled random_labelled(std::size_t n, std::size_t d, std::size_t k, double step, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> center(-8, 8);
  std::uniform_real_distribution<double> spread(-4, 4);
  const std::int32_t label_values[] = {-5, 0, 3, 17, 100, 2, 9, 41};
  std::vector<double> c(k * d);
  for (double& v : c) v = static_cast<double>(center(rng));
  Labelled l{n, d, std::vector<double>(n * d), std::vector<std::int32_t>(n)};
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t q = i < k ? i : static_cast<std::size_t>(rng() % (i % 3 == 0 ? 1 : k));
    l.labels[i] = label_values[q];
    for (std::size_t j = 0; j < d; ++j) l.x[i * d + j] = c[q * d + j] + std::round(spread(rng) / step) * step;
  }
  return l;
}

using Score = std::function<std::vector<double>(const std::vector<double>&, const Labelled&)>;

// A score of the data as a T matrix: f(view, labels) returns a StatusOr of the values to compare.
template <class T, class F>
Score on(F f) {
  return [f](const std::vector<double>& x, const Labelled& l) {
    const std::vector<T> xt(x.begin(), x.end());
    auto s = f(ConstMatrixView<T>(xt.data(), l.n, l.d), std::span<const std::int32_t>(l.labels));
    REQUIRE(s.ok());
    return std::vector<double>(*s);
  };
}

// A score that is one number: f(view, labels) returns a StatusOr<double>.
template <class T, class F>
Score single(F f) {
  return on<T>([f](ConstMatrixView<T> x, std::span<const std::int32_t> l) -> segcore::StatusOr<std::vector<double>> {
    SEGCORE_ASSIGN_OR_RETURN(const double s, f(x, l));
    return std::vector<double>{s};
  });
}

// The three clustering scores of the data as a T matrix.
template <class T>
std::vector<std::pair<const char*, Score>> clustering_scores() {
  using L = std::span<const std::int32_t>;
  return {{"CH", single<T>([](ConstMatrixView<T> x, L l) { return segcore::calinski_harabasz_score(x, l); })},
          {"DB", single<T>([](ConstMatrixView<T> x, L l) { return segcore::davies_bouldin_score(x, l); })},
          {"silhouette", single<T>([](ConstMatrixView<T> x, L l) { return segcore::silhouette_score(x, l); })}};
}

// One-way ANOVA's F of every column.
template <class T>
segcore::StatusOr<std::vector<double>> anova(ConstMatrixView<T> x, std::span<const std::int32_t> l) {
  SEGCORE_ASSIGN_OR_RETURN(const segcore::AnovaResult r, segcore::anova_oneway(x, l));
  return r.f;
}
// Every segment's standardized effect on every column (its mean against the population's).
template <class T>
segcore::StatusOr<std::vector<double>> persona_effects(ConstMatrixView<T> x, std::span<const std::int32_t> l) {
  SEGCORE_ASSIGN_OR_RETURN(const std::vector<segcore::Persona> personas, segcore::segment_profiles(x, l));
  std::vector<double> effects;
  for (const auto& p : personas) effects.insert(effects.end(), p.effect.begin(), p.effect.end());
  return effects;
}

// Welch's t between the first cluster and the rest, on the first column: statistic and difference.
Score welch() {
  return [](const std::vector<double>& x, const Labelled& l) {
    std::vector<double> a, b;
    for (std::size_t i = 0; i < l.n; ++i) (l.labels[i] == l.labels[0] ? a : b).push_back(x[i * l.d]);
    if (a.size() < 2 || b.size() < 2) return std::vector<double>{};
    auto s = segcore::welch_t_test(a, b);
    REQUIRE(s.ok());
    return std::vector<double>{s->statistic, s->difference};
  };
}

void check_close(const std::vector<double>& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) CHECK(got[i] == doctest::Approx(want[i]).epsilon(1e-9));
}

void check_invariance(const char* name, const Score& score, double step, std::initializer_list<double> offsets,
                      std::initializer_list<double> scales) {
  for (std::size_t n : {7, 33, 258, 1001})
    for (std::size_t d : {1, 3, 5})
      for (std::size_t k : {2, 3, 7}) {
        if (k + 1 > n) continue;
        const Labelled l = random_labelled(n, d, k, step, n * 100 + d * 10 + k);
        const std::vector<double> base = score(l.x, l);
        const std::string metric = name;
        CAPTURE(metric);
        CAPTURE(n);
        CAPTURE(d);
        CAPTURE(k);
        for (double offset : offsets) {
          std::vector<double> moved(l.x);
          for (std::size_t i = 0; i < moved.size(); ++i)
            moved[i] += (i % l.d) % 2 == 0 ? offset : -offset;  // per column
          CAPTURE(offset);
          check_close(score(moved, l), base);
        }
        for (double scale : scales) {
          std::vector<double> scaled(l.x);
          for (double& v : scaled) v *= scale;
          CAPTURE(scale);
          check_close(score(scaled, l), base);
        }
      }
}

}  // namespace

TEST_CASE(
    "Calinski-Harabasz, Davies-Bouldin, silhouette, ANOVA, Welch and persona effects keep their score far from the "
    "origin (double)") {
  // A grid of 2^-16: 1e9 + x is exact for |x| <= 16.
  const double step = std::ldexp(1.0, -16);
  const auto offsets = {1e3, 1e6, 1e9};
  const auto scales = {1e-6, 1e-3, 1e3, 1e6};
  for (const auto& [name, score] : clustering_scores<double>()) check_invariance(name, score, step, offsets, scales);
  check_invariance("ANOVA", on<double>(anova<double>), step, offsets, scales);
  check_invariance("Welch", welch(), step, offsets, {});
  check_invariance("persona effects", on<double>(persona_effects<double>), step, offsets, scales);
}

TEST_CASE(
    "Calinski-Harabasz, Davies-Bouldin, silhouette, ANOVA and persona effects keep their score far from the origin "
    "(float)") {
  // Whole numbers: 1e7 + x is exact in float for |x| <= 16; the scores are computed in double.
  const double step = 1;
  const auto offsets = {1e3, 1e5, 1e7};
  const std::initializer_list<double> scales = {};  // float scaling rounds the data itself
  for (const auto& [name, score] : clustering_scores<float>()) check_invariance(name, score, step, offsets, scales);
  check_invariance("ANOVA", on<float>(anova<float>), step, offsets, scales);
  check_invariance("persona effects", on<float>(persona_effects<float>), step, offsets, scales);
}
