// The stages of the whole job, each usable on its own by a command and together by `run` and
// `report`: RFM, rule segments, clustering (with the choice of k and its checks) and CLV.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "output.hpp"
#include "segcore/segcore.hpp"

namespace segcore_cli {

class Progress;

// ---- RFM ---------------------------------------------------------------------------------
std::vector<Flag> rfm_flags();
segcore::RfmOptions rfm_options(const Args& args);
// customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment: the
// columns of the Python segcore.rfm.
Table rfm_table(const segcore::ProfileTable& profiles, const segcore::RfmResult& rfm);
// One row per segment: customers, orders, revenue, average order value, median R, F and M.
Table rfm_summary_table(const std::vector<segcore::SegmentSummary>& summary);

// ---- Rule segments -------------------------------------------------------------------------
struct Segmentation {
  std::string title;  // "lifecycle", or the rule file's name
  segcore::SegmentMode mode = segcore::SegmentMode::exclusive;
  std::vector<std::string> names;        // the set's segments, then the fallback
  std::vector<std::string> rules;        // each segment's rule text (none for the fallback)
  std::vector<std::int32_t> segment;     // per customer: index into names (exclusive assignment)
  std::vector<std::uint8_t> membership;  // overlapping sets: customers x (names.size() - 1)
};
Segmentation lifecycle_segments(const segcore::ProfileTable& profiles, int n_threads);
Segmentation rule_segments(const std::string& path, const segcore::ProfileTable& profiles, int n_threads);
Table segment_table(const segcore::ProfileTable& profiles, const Segmentation& s);

// ---- Clustering ----------------------------------------------------------------------------
struct ClusterOptions {
  std::vector<std::string> features = {"recency_days", "frequency", "monetary"};
  std::string scaler = "standard";
  bool log1p = true;
  int k = 0;  // 0: chosen by choose_k
  int k_min = 2, k_max = 8;
  // The recommended k is the best silhouette among k >= min_segments (docs/CLUSTERING.md,
  // "Choosing k for segmentation"); the statistical optimum over all k is kept beside it.
  int min_segments = 3;
  int n_init = 4;
  bool hamerly = false;
  std::uint64_t seed = 0;
  int n_threads = 0;
  std::size_t silhouette_sample = 0;
  int stability_resamples = 10;
};
std::vector<Flag> cluster_flags(bool choose_only);
ClusterOptions cluster_options(const Args& args);

// The customers with every feature present, their raw and scaled features (row-major).
struct FeatureMatrix {
  std::vector<std::string> names;
  std::vector<std::size_t> rows;  // profile row of each matrix row
  std::vector<double> raw, scaled;
  std::size_t excluded = 0;  // customers left out for a missing feature
  std::size_t n() const { return rows.size(); }
  std::size_t d() const { return names.size(); }
  segcore::ConstMatrixView<double> view() const { return {scaled.data(), n(), d()}; }
};
FeatureMatrix feature_matrix(const segcore::ProfileTable& profiles, const ClusterOptions& options);

// The library's scores with the segmentation rule applied: recommended_k and reason are the
// rule's pick; statistical_k and statistical_reason are the library's vote over every k.
struct KChoice : segcore::ChooseKResult {
  int statistical_k = 0;
  std::string statistical_reason;
};
KChoice choose_k(const FeatureMatrix& x, const ClusterOptions& options);
// The pick of the rule among the scores: the best silhouette among k >= min_segments, or the
// statistical recommendation when no k tried reaches min_segments.
KChoice segmentation_choice(segcore::ChooseKResult scores, int min_segments);
Table choose_k_table(const KChoice& choice);

struct Clustering {
  std::optional<KChoice> choice;  // when k was chosen here
  int k = 0;
  segcore::KMeans model;
  double silhouette = 0;
  std::vector<double> pcs;                 // n x 2: the scaled features on the first two components
  std::vector<double> pc_ratio;            // their explained variance ratios
  std::vector<segcore::Persona> personas;  // in the features' own units
  std::optional<segcore::StabilityResult> stability;
};
// k-means with options.k, or the k choose_k recommends; then PCA, personas and (when
// with_checks) the stability resamples.
Clustering cluster(const FeatureMatrix& x, const ClusterOptions& options, bool with_checks, Progress* progress);
// customer_id, the raw features, cluster, persona name, pc1, pc2.
Table cluster_table(const segcore::ProfileTable& profiles, const FeatureMatrix& x, const Clustering& c);
Table persona_table(const FeatureMatrix& x, const Clustering& c);

// ---- CLV -------------------------------------------------------------------------------------
std::vector<Flag> clv_flags();
segcore::ClvScoreOptions clv_options(const Args& args);
// One transaction per order at its total (returns netted into their order; orders with a
// negative total left out), then the models. Rows follow the events' customer codes.
segcore::ClvScores score_clv(const segcore::EventTable& events, const segcore::ClvScoreOptions& options);
Table clv_table(const segcore::EventTable& events, const segcore::ClvScores& scores);
// The fits' degenerate-fit warnings in words, prefixed by the model they concern; empty when
// both fits are sound.
std::vector<std::string> clv_warnings(const segcore::ClvScores& scores);

// ---- Holdout validation of the purchase model (clv_holdout.cpp) ----------------------------------
// --holdout-days N: the calibration end N days before the last event, so that the last N days
// are held out; nullopt without the flag.
std::optional<std::int64_t> holdout_calibration_end(const Args& args, const segcore::EventTable& events);
struct HoldoutBucket {
  int repeat_purchases = 0;  // in the calibration period; the last bucket holds this many or more
  std::size_t customers = 0;
  double actual = 0;     // purchase periods in the holdout period, summed over the customers
  double predicted = 0;  // the fitted purchase model's expected purchases there, summed
};
struct HoldoutCheck {
  static constexpr int kBuckets = 8;  // 0, 1, ..., 6, and 7 or more repeat purchases
  double duration = 0;                // the holdout period, in the model's time unit
  double time_unit_days = 1;          // that unit
  std::int64_t calibration_end = 0;
  std::vector<HoldoutBucket> buckets;
  HoldoutBucket total;  // every calibration customer
};
// With a calibration end before the last purchase: each calibration customer's purchase periods
// after it (the whole summary's frequency less the calibration one's, as lifetimes'
// calibration_and_holdout_data counts them) against the model's conditional expected purchases
// over the same length. nullopt without a calibration end or without a period after it.
std::optional<HoldoutCheck> holdout_check(const segcore::EventTable& events, const segcore::ClvScoreOptions& options,
                                          const segcore::ClvScores& scores);
// "holdout check: 156.6 purchases predicted in the 90 days after 2011-09-09T11:56:00Z, 203 made",
// for the printed summaries.
std::string holdout_line(const HoldoutCheck& check);

}  // namespace segcore_cli
