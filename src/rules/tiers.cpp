// Tiered thresholds as a segment set: one field cut at ascending edges. The top tier starts
// above its edge and every other tier at its edge, so edges {2, 5} give Low < 2,
// Medium 2..5 (both inclusive) and High > 5.
#include <cmath>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "segcore/rules.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

// Enough digits that the rule's constant is the edge exactly.
std::string exact(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

}  // namespace

StatusOr<SegmentSet> SegmentSet::tiers(absl::string_view field, std::span<const double> edges,
                                       std::vector<std::string> names, const Schema& schema) {
  constexpr const char* where = "SegmentSet::tiers";
  if (edges.empty()) return invalid_argument(where, "no edges");
  if (names.size() != edges.size() + 1)
    return invalid_argument(where, names.size(), " names for ", edges.size(), " edges; ", edges.size() + 1,
                            " are needed");
  for (std::size_t j = 0; j < edges.size(); ++j) {
    if (!std::isfinite(edges[j])) return invalid_argument(where, "edge ", j, " is not finite");
    if (j > 0 && !(edges[j] > edges[j - 1])) return invalid_argument(where, "edges must be strictly ascending");
  }
  std::string f = absl::StrCat("`", field, "`");
  std::vector<SegmentDef> defs;
  const std::size_t m = edges.size();
  // Highest tier first: exclusive assignment takes the first true rule.
  defs.push_back({names[m], absl::StrCat(f, " > ", exact(edges[m - 1])), 0});
  for (std::size_t j = m - 1; j >= 1; --j)
    defs.push_back({names[j], absl::StrCat(f, " >= ", exact(edges[j - 1])), static_cast<int>(m - j)});
  defs.push_back({names[0], absl::StrCat(f, " is not missing"), static_cast<int>(m)});
  return create(std::move(defs), SegmentMode::exclusive, "", schema);
}

SEGCORE_NAMESPACE_END
