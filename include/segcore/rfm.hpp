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

enum class RfmMode : int {
  quantile = 0,  // edges at the k/bins quantiles (linear interpolation); tied values share a score
  rank = 1,      // equal-count bins on ranks (ties by first appearance): pandas qcut(x.rank(method="first"), bins)
  fixed = 2,     // caller's edges
};

struct RfmOptions {
  int bins = 5;  // 2 to 100
  RfmMode mode = RfmMode::quantile;
  int n_threads = 1;  // R, F and M are scored concurrently on up to 3 threads; 0 = all cores
  // fixed mode: bins - 1 strictly ascending interior edges per measure. F and M: score =
  // 1 + number of edges < value. R (days): score = 1 + number of edges > recency_days, so
  // recent customers score high.
  std::vector<double> recency_edges, frequency_edges, monetary_edges;
};

// A rule names the customers whose R and F cells fall in [r_min, r_max] x [f_min, f_max].
// Cells are the scores mapped onto a grid x grid table (cell = ceil(score * grid / bins)), or
// the raw scores when grid is 0. The first matching rule wins; no match gives `fallback`.
struct SegmentRule {
  std::string name;
  int r_min = 1, r_max = 5, f_min = 1, f_max = 5;
};
struct SegmentMap {
  int grid = 5;
  std::vector<SegmentRule> rules;
  std::string fallback = "Other";
};

// The widely used 11-segment R/F map on a 5 x 5 grid (table in docs/PROFILES.md).
SegmentMap default_segment_map();

// Name given to customers with no order of positive total (returns only): they get scores 0.
inline constexpr const char* kNoPurchaseSegment = "No Purchase";

struct RfmResult {
  int bins = 5;
  RfmMode mode = RfmMode::quantile;
  std::vector<std::int32_t> r, f, m;  // 1..bins per customer; 0 when not scored
  // Edges used: bins - 1 each. quantile and fixed: in the measure's units (recency in days);
  // rank: in rank units, 1 + (n - 1) * k / bins for the n scored customers.
  std::vector<double> recency_edges, frequency_edges, monetary_edges;
  std::vector<std::int32_t> segment;       // index into segment_names
  std::vector<std::string> segment_names;  // the map's names, then fallback, then kNoPurchaseSegment
  std::size_t unscored = 0;                // customers with frequency 0
};

Status validate(const RfmOptions& options);
Status validate(const SegmentMap& map, int bins);

StatusOr<RfmResult> rfm_score(const ProfileTable& profiles, const RfmOptions& options = {},
                              const SegmentMap& map = default_segment_map());

// Scores one measure, higher value -> higher score; customers with keep[i] == 0 get 0.
// edges receives the edges used (fixed: the caller's). Exposed for callers with own measures.
StatusOr<std::vector<std::int32_t>> score_values(std::span<const double> values,
                                                 std::span<const std::uint8_t> keep, int bins,
                                                 RfmMode mode, std::span<const double> fixed_edges,
                                                 std::vector<double>& edges);

struct SegmentSummary {
  std::string segment;
  std::uint64_t customers = 0;
  std::int64_t orders = 0;         // sum of frequency
  double revenue = 0;              // sum of monetary
  double avg_order_value = 0;      // revenue / orders (NaN when no orders)
  double median_recency_days = 0;  // NaN when no customer has one
  double median_frequency = 0;
  double median_monetary = 0;
};

// One row per segment name of the result, in segment_names order (empty segments included).
StatusOr<std::vector<SegmentSummary>> rfm_summary(const ProfileTable& profiles, const RfmResult& rfm);

SEGCORE_NAMESPACE_END
