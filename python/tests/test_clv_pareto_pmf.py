"""Pareto/NBD's purchase-count distribution P(X(t) = n): a distribution whose mean is the
model's closed-form E[X(t)] (an independent formula), and each value against the defining
integral evaluated with mpmath at 40 digits, large counts and values far below 1 included."""
import numpy as np
import pytest

import segcore

mpmath = pytest.importorskip("mpmath")
mp = mpmath.mp

SETS = [dict(r=0.55, alpha=10.58, s=0.61, beta=11.67),  # CDNOW
        dict(r=2.1, alpha=9.0, s=1.7, beta=3.2),
        dict(r=0.8, alpha=50.0, s=0.3, beta=400.0)]


def reference(p, t, n):
    r, al, s, be = (mp.mpf(p[k]) for k in ("r", "alpha", "s", "beta"))
    t, n = mp.mpf(t), mp.mpf(n)

    def nb(tau):
        return mp.gamma(r + n) / (mp.gamma(r) * mp.factorial(n)) * (al / (al + tau)) ** r * (tau / (al + tau)) ** n

    alive = nb(t) * (be / (be + t)) ** s
    # The integrand rises steeply towards t for large n: many pieces, so that mpmath is exact.
    return alive + mp.quad(lambda tau: nb(tau) * s * be ** s / (be + tau) ** (s + 1), mp.linspace(0, t, 64))


@pytest.mark.parametrize("params", SETS, ids=["cdnow", "alpha_above_beta", "beta_far_above_alpha"])
@pytest.mark.parametrize("t", [0.5, 39.0, 400.0])
def test_pareto_count_distribution_sums_to_one_with_the_models_mean(params, t):
    m = segcore.ParetoNBDFitter().set_params(**params)
    n = np.arange(0.0, 4000.0)
    p = m.probability_of_n_purchases_up_to_time(t, n)
    assert np.all(p >= 0)
    tail = 1 - p.sum()
    assert abs(tail) < 1e-9 or (tail > 0 and p[-1] > 0)  # heavy tails: the rest lies beyond n = 3999
    if abs(tail) < 1e-12:
        assert (n * p).sum() == pytest.approx(m.expected_number_of_purchases_up_to_time(t), rel=1e-9)


@pytest.mark.parametrize("params", SETS, ids=["cdnow", "alpha_above_beta", "beta_far_above_alpha"])
def test_pareto_count_distribution_matches_the_integral_at_40_digits(params):
    mp.dps = 40
    m = segcore.ParetoNBDFitter().set_params(**params)
    for t in (0.5, 39.0, 400.0):
        ns = [0, 1, 2, 7, 30, 200, 1000]
        got = m.probability_of_n_purchases_up_to_time(t, ns)
        for n, value in zip(ns, got):
            ref = reference(params, t, n)
            assert value == pytest.approx(float(ref), rel=1e-10, abs=1e-300), (t, n)


def test_pareto_count_distribution_refuses_bad_counts():
    m = segcore.ParetoNBDFitter().set_params(**SETS[0])
    assert m.probability_of_n_purchases_up_to_time(0, [0, 1]).tolist() == [1.0, 0.0]
    with pytest.raises(segcore.InvalidArgumentError, match="whole number"):
        m.probability_of_n_purchases_up_to_time(10, 1.5)
    with pytest.raises(segcore.InvalidArgumentError):
        m.probability_of_n_purchases_up_to_time(-1, 1)
