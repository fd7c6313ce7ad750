// The distribution of the number of repeat purchases under BG/NBD (lifetimes'
// probability_of_n_purchases_up_to_time). docs/CLV.md has the formula.
// Since: 0.1, every declaration in this header.
#pragma once

#include <span>

#include "segcore/clv.hpp"
#include "segcore/config.hpp"
#include "segcore/status.hpp"

SEGCORE_NAMESPACE_BEGIN

// P(X(t) = n[i]) into out[i]: the probability that a customer first seen at time 0 makes
// exactly n[i] repeat purchases in (0, t] (Fader, Hardie and Lee 2005, eq. 8). Fails when the
// model is not fitted, t is not finite and >= 0, an n[i] is not a whole number >= 0, out is
// shorter than n, or a value cannot be computed (named by its index).
Status probability_of_n_purchases(const BetaGeoModel& model, double t, std::span<const double> n,
                                  std::span<double> out);

SEGCORE_NAMESPACE_END
