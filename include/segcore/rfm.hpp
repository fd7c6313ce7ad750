// RFM scoring over a ProfileTable's recency_days, frequency and monetary columns: scores,
// the edges used, named segments and a per-segment summary. Definitions: docs/PROFILES.md.
// Since: 0.1, every declaration in this header.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "segcore/config.hpp"
#include "segcore/profile.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// How R, F and M values are cut into scores 1..bins.
enum class RfmMode : int {
  quantile = 0,  // edges at the k/bins quantiles (linear interpolation); tied values share a score
  rank = 1,      // equal-count bins on ranks (ties by first appearance): pandas qcut(x.rank(method="first"), bins)
  fixed = 2,     // caller's edges
};

// The fewest scores per measure (RfmOptions::bins). Since: 0.2
inline constexpr int kRfmMinBins = 2;
// The most scores per measure (RfmOptions::bins). Since: 0.2
inline constexpr int kRfmMaxBins = 100;
// The largest SegmentMap::grid (0 uses the raw scores). Since: 0.2
inline constexpr int kRfmMaxGrid = 100;

// Options of rfm_score().
struct RfmOptions {
  int bins = 5;                      // kRfmMinBins to kRfmMaxBins (2 to 100)
  RfmMode mode = RfmMode::quantile;  // quantile, rank or fixed
  int n_threads = 1;                 // R, F and M are scored concurrently on up to 3 threads; 0 = all cores
  // fixed mode: bins - 1 strictly ascending interior edges per measure. F and M: score =
  // 1 + number of edges < value. R (days): score = 1 + number of edges > recency_days, so
  // recent customers score high.
  std::vector<double> recency_edges;
  std::vector<double> frequency_edges;  // fixed mode, as above
  std::vector<double> monetary_edges;   // fixed mode, as above
};

// A rule names the customers whose R and F cells fall in [r_min, r_max] x [f_min, f_max].
// Cells are the scores mapped onto a grid x grid table (cell = ceil(score * grid / bins)), or
// the raw scores when grid is 0. The first matching rule wins; no match gives `fallback`.
struct SegmentRule {
  std::string name;  // the segment's name
  int r_min = 1;     // R cells r_min..r_max, inclusive
  int r_max = 5;     // (inclusive)
  int f_min = 1;     // F cells f_min..f_max, inclusive
  int f_max = 5;     // (inclusive)
};
// Named segments over the R x F grid: the rules in order, then the fallback.
struct SegmentMap {
  int grid = 5;                    // 0 (raw scores) to kRfmMaxGrid (100)
  std::vector<SegmentRule> rules;  // the first match wins
  std::string fallback = "Other";  // the name of customers no rule matches
};

// The widely used 11-segment R/F map on a 5 x 5 grid (table in docs/PROFILES.md).
SegmentMap default_segment_map();

// Name given to customers with no order of positive total (returns only): they get scores 0.
inline constexpr const char* kNoPurchaseSegment = "No Purchase";

// Scores and segments per customer, in the profile table's order.
struct RfmResult {
  int bins = 5;                      // as in the options
  RfmMode mode = RfmMode::quantile;  // as in the options
  std::vector<std::int32_t> r;       // 1..bins per customer; 0 when not scored
  std::vector<std::int32_t> f;       // likewise for frequency
  std::vector<std::int32_t> m;       // likewise for monetary
  // Edges used: bins - 1 each. quantile and fixed: in the measure's units (recency in days);
  // rank: in rank units, 1 + (n - 1) * k / bins for the n scored customers.
  std::vector<double> recency_edges;
  std::vector<double> frequency_edges;     // likewise
  std::vector<double> monetary_edges;      // likewise
  std::vector<std::int32_t> segment;       // index into segment_names
  std::vector<std::string> segment_names;  // the map's names, then fallback, then kNoPurchaseSegment
  std::size_t unscored = 0;                // customers with frequency 0
};

// InvalidArgument unless bins is 2 to 100, mode is known and n_threads >= 0.
Status validate(const RfmOptions& options);
// InvalidArgument unless grid is 0 to 100 and every rule has a name other than "" and
// kNoPurchaseSegment, with min <= max ranges inside 1..grid (1..bins when grid is 0).
Status validate(const SegmentMap& map, int bins);

// Scores R (recency_days), F (frequency) and M (monetary) of a profile table and names each
// customer's segment. InvalidArgument for bad options or map; NotFound when a column is missing.
StatusOr<RfmResult> rfm_score(const ProfileTable& profiles, const RfmOptions& options = {},
                              const SegmentMap& map = default_segment_map());

// A result from scores computed elsewhere (e.g. from edges found over a cluster's partitions):
// the given scores, each customer's segment under `map` as rfm_score names it, no edges. A
// customer scored 0 in R, F and M is unscored (kNoPurchaseSegment). InvalidArgument when the
// lengths differ, a score is outside 0..bins, a customer is 0 in some scores only, or the map
// is invalid. Since: 0.2
StatusOr<RfmResult> rfm_from_scores(std::vector<std::int32_t> r, std::vector<std::int32_t> f,
                                    std::vector<std::int32_t> m, int bins,
                                    const SegmentMap& map = default_segment_map());

// Scores one measure, higher value -> higher score; customers with keep[i] == 0 get 0.
// edges receives the edges used (fixed: the caller's). Exposed for callers with own measures.
StatusOr<std::vector<std::int32_t>> score_values(std::span<const double> values, std::span<const std::uint8_t> keep,
                                                 int bins, RfmMode mode, std::span<const double> fixed_edges,
                                                 std::vector<double>& edges);

// Totals and medians of one segment.
struct SegmentSummary {
  std::string segment;             // its name
  std::uint64_t customers = 0;     // customers in it
  std::int64_t orders = 0;         // sum of frequency
  double revenue = 0;              // sum of monetary
  double avg_order_value = 0;      // revenue / orders (NaN when no orders)
  double median_recency_days = 0;  // NaN when no customer has one
  double median_frequency = 0;     // NaN for an empty segment
  double median_monetary = 0;      // NaN for an empty segment
};

// One row per segment name of the result, in segment_names order (empty segments included).
StatusOr<std::vector<SegmentSummary>> rfm_summary(const ProfileTable& profiles, const RfmResult& rfm);

SEGCORE_NAMESPACE_END
