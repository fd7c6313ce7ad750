// The structs behind the C handles of fitted models, shared by their wrapper files and the
// model-file wrappers (capi_model.cpp).
#pragma once

#include <memory>
#include <variant>

#include "segcore/clv.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/pca.hpp"
#include "segcore/rules.hpp"
#include "segcore/scaler.hpp"
#include "segcore/score.hpp"
#include "segcore_analysis.h"
#include "segcore_cluster.h"
#include "segcore_clv.h"
#include "segcore_rules.h"

struct segcore_scaler {
  segcore::Scaler scaler;
};

struct segcore_pca {
  segcore::PCA pca;
};

struct segcore_kmeans {
  std::variant<segcore::KMeans, segcore::MiniBatchKMeans> model;
};

struct segcore_logistic {
  segcore::LogisticRegression model;
};

struct segcore_clv_model {
  segcore_clv_options options;
  std::unique_ptr<segcore::ClvModel> model;
};

struct segcore_rule {
  segcore::Rule rule;
};

struct segcore_segment_set {
  segcore::SegmentSet set;
};
