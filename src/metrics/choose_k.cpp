// choose_k: k-means over a range of k, four criteria, and a vote.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "segcore/metrics.hpp"
#include "segcore/selection.hpp"
#include "segcore/progress.hpp"

SEGCORE_NAMESPACE_BEGIN

std::size_t knee_index(const std::vector<double>& y) {
  const std::size_t m = y.size();
  if (m < 3) return 0;
  const double lo = *std::min_element(y.begin(), y.end()), hi = *std::max_element(y.begin(), y.end());
  if (!(hi > lo)) return 0;
  std::size_t best = 0;
  double best_gap = 0;
  for (std::size_t i = 0; i < m; ++i) {
    const double xn = static_cast<double>(i) / static_cast<double>(m - 1);
    const double yn = (y[i] - lo) / (hi - lo);
    const double chord = ((y.front() - lo) + xn * ((y.back() - lo) - (y.front() - lo))) / (hi - lo);
    const double gap = chord - yn;  // below the chord for a convex decreasing curve
    if (gap > best_gap) best_gap = gap, best = i;
  }
  return best;
}

namespace {

// A number with `digits` decimals (absl::StrFormat would add a library to the link).
std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

template <class T>
StatusOr<ChooseKResult> choose_impl(ConstMatrixView<T> x, const ChooseKOptions& o) {
  constexpr absl::string_view where = "choose_k";
  const std::size_t n = x.rows();
  if (o.k_min < 2)
    return invalid_argument(where, "k_min is ", o.k_min, "; it must be >= 2 (one cluster has no silhouette)");
  if (o.k_max < o.k_min) return invalid_argument(where, "k_max = ", o.k_max, " is below k_min = ", o.k_min);
  if (static_cast<std::size_t>(o.k_max) + 1 > n)
    return invalid_argument(where, "k_max = ", o.k_max, " needs at least ", o.k_max + 1, " rows; x has ", n);
  ChooseKResult r;
  for (int k = o.k_min; k <= o.k_max; ++k) {
    detail::progress(static_cast<double>(k - o.k_min) / (o.k_max - o.k_min + 1), "choose_k");
    KMeansOptions ko = o.kmeans;
    ko.n_clusters = k;
    KMeans km(ko);
    SEGCORE_RETURN_IF_ERROR(km.fit(x));
    const auto& labels = km.labels();
    KScore s{.k = k, .inertia = km.inertia()};
    SEGCORE_ASSIGN_OR_RETURN(
        s.silhouette,
        silhouette_score(x, labels, {.n_threads = ko.n_threads, .sample_size = o.silhouette_sample, .seed = ko.seed}));
    SEGCORE_ASSIGN_OR_RETURN(s.calinski_harabasz, calinski_harabasz_score(x, labels));
    SEGCORE_ASSIGN_OR_RETURN(s.davies_bouldin, davies_bouldin_score(x, labels));
    r.scores.push_back(s);
  }
  std::vector<double> inertia;
  for (const auto& s : r.scores) inertia.push_back(s.inertia);
  r.elbow_k = r.scores[knee_index(inertia)].k;
  auto best = [&](auto key) {
    std::size_t b = 0;
    for (std::size_t i = 1; i < r.scores.size(); ++i)
      if (key(r.scores[i]) > key(r.scores[b])) b = i;
    return r.scores[b].k;
  };
  const int by_sil = best([](const KScore& s) { return s.silhouette; });
  const int by_ch = best([](const KScore& s) { return s.calinski_harabasz; });
  const int by_db = best([](const KScore& s) { return -s.davies_bouldin; });
  std::size_t pick = 0;
  int pick_votes = -1;
  for (std::size_t i = 0; i < r.scores.size(); ++i) {
    const int k = r.scores[i].k;
    const int votes = (k == by_sil) + (k == by_ch) + (k == by_db) + (k == r.elbow_k);
    if (votes > pick_votes || (votes == pick_votes && r.scores[i].silhouette > r.scores[pick].silhouette))
      pick = i, pick_votes = votes;
  }
  const KScore& p = r.scores[pick];
  r.recommended_k = p.k;
  std::vector<std::string> why;
  if (p.k == by_sil) why.push_back(absl::StrCat("the highest silhouette (", fixed(p.silhouette, 3), ")"));
  if (p.k == by_ch) why.push_back(absl::StrCat("the highest Calinski-Harabasz (", fixed(p.calinski_harabasz, 1), ")"));
  if (p.k == by_db) why.push_back(absl::StrCat("the lowest Davies-Bouldin (", fixed(p.davies_bouldin, 3), ")"));
  if (p.k == r.elbow_k) why.push_back("the elbow of inertia");
  r.reason = absl::StrCat("k = ", p.k, ": ", pick_votes, " of 4 criteria agree: ", absl::StrJoin(why, ", "),
                          "; silhouette is best at k = ", by_sil, ", Calinski-Harabasz at k = ", by_ch,
                          ", Davies-Bouldin at k = ", by_db, ", the elbow at k = ", r.elbow_k);
  return r;
}

}  // namespace

StatusOr<ChooseKResult> choose_k(ConstMatrixView<double> x, const ChooseKOptions& o) {
  return detail::cancellable("choose_k", [&] { return choose_impl(x, o); });
}
StatusOr<ChooseKResult> choose_k(ConstMatrixView<float> x, const ChooseKOptions& o) {
  return detail::cancellable("choose_k", [&] { return choose_impl(x, o); });
}

SEGCORE_NAMESPACE_END
