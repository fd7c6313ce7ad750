// Score bands: named levels cut at ascending edges, with the convention of SegmentSet::tiers
// (the top band starts above its edge, every other band at its edge).
#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "segcore/score.hpp"

SEGCORE_NAMESPACE_BEGIN

StatusOr<ScoreBands> ScoreBands::create(std::vector<double> edges, std::vector<std::string> names) {
  constexpr const char* where = "ScoreBands";
  if (edges.empty()) return invalid_argument(where, "no edges");
  if (names.size() != edges.size() + 1)
    return invalid_argument(where, names.size(), " names for ", edges.size(), " edges; ", edges.size() + 1,
                            " are needed");
  for (std::size_t j = 0; j < edges.size(); ++j) {
    if (!std::isfinite(edges[j])) return invalid_argument(where, "edge ", j, " is not finite");
    if (j > 0 && !(edges[j] > edges[j - 1]))
      return invalid_argument(where, "edges must be strictly ascending; edge ", j, " (", edges[j],
                              ") is not above edge ", j - 1, " (", edges[j - 1], ")");
  }
  absl::flat_hash_set<std::string> seen;
  for (const std::string& n : names) {
    if (n.empty()) return invalid_argument(where, "a band has an empty name");
    if (!seen.insert(n).second) return invalid_argument(where, "band '", n, "' is named twice");
  }
  ScoreBands b;
  b.edges_ = std::move(edges);
  b.names_ = std::move(names);
  return b;
}

std::int32_t ScoreBands::band(double score) const {
  if (std::isnan(score)) return -1;
  const std::size_t m = edges_.size();
  if (score > edges_[m - 1]) return static_cast<std::int32_t>(m);
  // Below the top: the number of the other edges at or below the score.
  return static_cast<std::int32_t>(std::upper_bound(edges_.begin(), edges_.end() - 1, score) - edges_.begin());
}

Status ScoreBands::assign(std::span<const double> scores, std::span<std::int32_t> out) const {
  if (out.size() != scores.size())
    return invalid_argument("ScoreBands::assign", "out holds ", out.size(), " values for ", scores.size(), " scores");
  for (std::size_t i = 0; i < scores.size(); ++i) out[i] = band(scores[i]);
  return absl::OkStatus();
}

SEGCORE_NAMESPACE_END
