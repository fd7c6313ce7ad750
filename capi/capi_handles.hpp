// The structs behind the C handles, in one place but for those of events and profiles
// (capi_profile_handles.hpp). A handle wraps one C++ object, always in a member named `impl`;
// a few keep something beside it for their getters (the latest identity result, the options a
// CLV model was made with). Internal to the library.
#pragma once

#include <cstddef>
#include <memory>
#include <variant>
#include <vector>

#include "segcore/cluster_sums.hpp"
#include "segcore/clv.hpp"
#include "segcore/clv_history_counts.hpp"
#include "segcore/event_triggers.hpp"
#include "segcore/hierarchy.hpp"
#include "segcore/identity.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/kmeans_partial.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/pca.hpp"
#include "segcore/personas.hpp"
#include "segcore/rfm_partial.hpp"
#include "segcore/rules.hpp"
#include "segcore/scaler.hpp"
#include "segcore/score.hpp"
#include "segcore_analysis.h"
#include "segcore_cluster.h"
#include "segcore_clv.h"
#include "segcore_profile.h"
#include "segcore_rules.h"

// Fitted models (also read and written by capi_model.cpp).
struct segcore_scaler {
  segcore::Scaler impl;
};

struct segcore_pca {
  segcore::PCA impl;
};

struct segcore_kmeans {
  std::variant<segcore::KMeans, segcore::MiniBatchKMeans> impl;
};

struct segcore_kmeans_partial {
  segcore::KMeansPartial impl;
};

struct segcore_cluster_sums {
  segcore::ClusterSums impl;
};

struct segcore_cluster_spread {
  segcore::ClusterSpread impl;
};

struct segcore_clv_history_counts {
  segcore::ClvHistoryCounts impl;
};

struct segcore_rfm_selection {
  segcore::RfmSelection impl;
};

struct segcore_rfm_counts {
  segcore::RfmCounts impl;
};

struct segcore_logistic {
  segcore::LogisticRegression impl;
};

struct segcore_weighted_model {
  segcore::WeightedModel impl;
};

struct segcore_score_bands {
  segcore::ScoreBands impl;
};

struct segcore_clv_model {
  segcore_clv_options options;
  std::unique_ptr<segcore::ClvModel> impl;
};

struct segcore_rule {
  segcore::Rule impl;
};

struct segcore_segment_set {
  segcore::SegmentSet impl;
};

// Analysis results.
struct segcore_dendrogram {
  segcore::Dendrogram impl;
};

struct segcore_personas {
  std::vector<segcore::Persona> impl;
  std::size_t n_features = 0;
};

// Per-customer state kept between calls (also erased by capi_privacy.cpp).
struct segcore_identity {
  segcore::IdentityResolver impl;
  segcore::IdentityResult last;  // of the latest resolve; refreshed by an erasure
};

struct segcore_segment_tracker {
  segcore::SegmentTracker impl;
};

struct segcore_triggers {
  segcore::TriggerSet impl;
};

struct segcore_event_triggers {
  segcore::EventTriggers impl;
};
