// The whole segcore C++ API.
#pragma once

#include "segcore/config.hpp"
#include "segcore/describe.hpp"
#include "segcore/identity.hpp"
#include "segcore/io.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/matrix.hpp"
#include "segcore/minibatch_kmeans.hpp"
#include "segcore/parallel.hpp"
#include "segcore/profile.hpp"
#include "segcore/rfm.hpp"
#include "segcore/rules.hpp"
#include "segcore/scaler.hpp"
#include "segcore/score.hpp"
#include "segcore/simd.hpp"
#include "segcore/status.hpp"
#include "segcore/version.hpp"
