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

// Pareto/NBD: P(X(t) = n[i]) for a customer first seen at time 0: the NBD count of a customer
// still alive at t plus the integral over the dropout time (docs/CLV.md); NaN for a value the
// adaptive quadrature cannot get to ~1e-12 relative. Fails as the BG/NBD overload. Since: 0.2
Status probability_of_n_purchases(const ParetoNbdModel& model, double t, std::span<const double> n,
                                  std::span<double> out);

// Pareto/NBD: P(Y(t) = n[i] | x_i, t_x_i, T_i) into out[i], the probability that customer i of
// data (frequency, recency and T; weight unused) makes exactly n[i] purchases in (T_i, T_i + t]
// (lifetimes' conditional_probability_of_n_purchases_up_to_time): P(alive) times the count
// distribution of Pareto/NBD(r + x, alpha + T, s, beta + T), plus 1 - P(alive) for n[i] = 0
// (docs/CLV.md). NaN for a value that cannot be computed (a series or quadrature that does not
// converge), that row only. Fails when the model is not fitted, a history is invalid (as the
// fit's rules, naming the row), n has not one value per row or an n[i] is not a whole number
// >= 0, t is not finite and >= 0, or out is shorter than n. Since: 0.2
Status conditional_probability_of_n_purchases(const ParetoNbdModel& model, double t, std::span<const double> n,
                                              const ClvHistories& data, std::span<double> out, int n_threads = 1);

// BG/BB: P(X(periods) = x[i]) into out[i], the probability that a new customer makes exactly
// x[i] purchases in the first `periods` opportunities (Fader, Hardie and Shang 2010, eq. 7;
// lifetimes' expected_number_of_transactions_in_first_n_periods divided by the customers).
// periods and every x[i] are whole numbers >= 0 (x[i] > periods has probability 0), periods at
// most 10^6. Fails as the BG/NBD overload. Since: 0.2
Status probability_of_n_purchases(const BetaGeoBetaBinomModel& model, double periods, std::span<const double> x,
                                  std::span<double> out);

SEGCORE_NAMESPACE_END
