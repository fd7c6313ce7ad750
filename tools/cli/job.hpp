// The whole job of `segcore run` and `segcore report`: ingest, profiles, RFM, lifecycle and
// user rules, clustering with the choice of k and its checks, CLV.
#pragma once

#include <optional>

#include "input.hpp"
#include "steps.hpp"

namespace segcore_cli {

class Progress;

std::vector<Flag> job_flags();

struct JobResults {
  Input input;
  segcore::ProfileTable profiles;
  segcore::RfmResult rfm;
  std::vector<segcore::SegmentSummary> rfm_summary;
  Segmentation lifecycle;
  std::optional<Segmentation> rules;
  segcore::RfmOptions rfm_options;
  ClusterOptions cluster_options;
  FeatureMatrix features;
  Clustering clusters;
  std::optional<segcore::ClvScores> clv;
  std::string clv_error;                 // why CLV is missing, when it is
  std::optional<HoldoutCheck> holdout;   // with a calibration end: the model against the holdout period
  std::string currency;                  // --currency: shown with every amount in the report; empty for none
  segcore::ClvScoreOptions clv_options;  // from the CLV flags (`segcore clv`'s)
};

// Steps counted for the progress bar.
inline constexpr int kJobSteps = 9;
JobResults run_job(const Args& args, Progress& progress);

}  // namespace segcore_cli
