// The whole segcore C++ API.
#pragma once

#include "segcore/config.hpp"
#include "segcore/describe.hpp"
#include "segcore/hierarchy.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/matrix.hpp"
#include "segcore/metrics.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/parallel.hpp"
#include "segcore/pca.hpp"
#include "segcore/personas.hpp"
#include "segcore/scaler.hpp"
#include "segcore/selection.hpp"
#include "segcore/simd.hpp"
#include "segcore/stats.hpp"
#include "segcore/status.hpp"
#include "segcore/version.hpp"
