"""MBG/NBD and BG/BB predictions against the papers' formulas (as lifetimes writes them, without
any transformation) evaluated with mpmath at 50 digits, over seeded random histories of awkward
sizes and extreme ones (thousands of purchases, long silences), where lifetimes' floating-point
evaluation overflows."""
import numpy as np
import pytest

import segcore

mpmath = pytest.importorskip("mpmath")
mp = mpmath.mp

MBG_SETS = [dict(r=0.525, alpha=6.183, a=0.891, b=1.614),  # BTYDplus' CDNOW fit
            dict(r=2.2, alpha=0.7, a=3.5, b=0.2),
            dict(r=0.05, alpha=40.0, a=0.05, b=40.0)]
BGBB_SETS = [dict(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783),  # the donations fit
             dict(alpha=0.3, beta=5.0, gamma=1.0, delta=0.4),  # gamma = 1: eq. (13)'s 1 / (gamma - 1) cancels
             dict(alpha=40.0, beta=0.05, gamma=3.0, delta=60.0)]


def mbg_histories(seed):
    rng = np.random.default_rng(seed)
    n = 23
    x = rng.integers(0, 40, n).astype(float)
    T = rng.uniform(0.01, 90, n)
    tx = np.where(x > 0, T * rng.uniform(1e-4, 1, n), 0.0)
    extreme = np.array([[1000, 50, 200], [5000, 39, 39], [5000, 1, 1000], [0, 0, 0], [0, 0, 5000], [1, 1e-6, 1000]])
    return (np.concatenate([x, extreme[:, 0]]), np.concatenate([tx, extreme[:, 1]]),
            np.concatenate([T, extreme[:, 2]]))


def mbg_reference(p, t, x, tx, T):
    r, al, a, b = (mp.mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    x, tx, T, t = mp.mpf(x), mp.mpf(tx), mp.mpf(T), mp.mpf(t)
    odds = a / (b + x) * ((al + T) / (al + tx)) ** (r + x)
    alive = 1 / (1 + odds)
    hyp = mp.hyp2f1(r + x, b + x + 1, a + b + x, t / (al + T + t), maxterms=10**6)
    expected = (a + b + x) / (a - 1) * (1 - hyp * ((al + T) / (al + T + t)) ** (r + x)) * alive
    return float(alive), float(expected)


@pytest.mark.parametrize("params", MBG_SETS, ids=["cdnow", "a_above_1", "shapes_far_apart"])
@pytest.mark.parametrize("t", [1.0, 52.0, 1000.0])
def test_mbgnbd_predictions_match_the_paper_at_50_digits(params, t):
    mp.dps = 50
    m = segcore.ModifiedBetaGeoFitter().set_params(**params)
    x, tx, T = mbg_histories(int(t))
    alive = m.conditional_probability_alive(x, tx, T)
    expected = m.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T)
    for i in range(x.size):
        ra, re = mbg_reference(params, t, x[i], tx[i], T[i])
        assert alive[i] == pytest.approx(ra, rel=1e-9, abs=1e-300), (x[i], tx[i], T[i])
        assert expected[i] == pytest.approx(re, rel=1e-9, abs=1e-300), (x[i], tx[i], T[i])
    # E[X(t)] of lifetimes: b / (a - 1) [1 - 2F1(r, b + 1; a + b; t / (alpha + t)) (alpha / (alpha + t))^r]
    r, al, a, b = (mp.mpf(params[k]) for k in ("r", "alpha", "a", "b"))
    z = mp.mpf(t) / (al + t)
    ref = b / (a - 1) * (1 - mp.hyp2f1(r, b + 1, a + b, z) * (al / (al + t)) ** r)
    assert m.expected_number_of_purchases_up_to_time(t) == pytest.approx(float(ref), rel=1e-9)


def bgbb_histories(seed):
    rng = np.random.default_rng(seed)
    n_rows = 23
    n = rng.integers(0, 60, n_rows).astype(float)
    tx = np.floor(n * rng.uniform(0, 1, n_rows))
    x = np.where(tx > 0, np.maximum(1, np.floor(tx * rng.uniform(0, 1, n_rows))), 0.0)
    extreme = np.array([[1500, 1500, 2000], [1500, 2000, 2000], [1, 1, 2000], [0, 0, 2000], [0, 0, 0], [6, 6, 6]])
    return (np.concatenate([x, extreme[:, 0]]), np.concatenate([tx, extreme[:, 1]]),
            np.concatenate([n, extreme[:, 2]]))


def bgbb_reference(p, m, x, tx, n):
    al, be, ga, de = (mp.mpf(p[k]) for k in ("alpha", "beta", "gamma", "delta"))
    x, tx, n, m = mp.mpf(x), mp.mpf(tx), mp.mpf(n), mp.mpf(m)
    B = mp.beta
    L = B(al + x, be + n - x) / B(al, be) * B(ga, de + n) / B(ga, de)
    for i in range(int(n - tx)):
        L += B(al + x, be + tx - x + i) / B(al, be) * B(ga + 1, de + tx + i) / B(ga, de)
    alive_after = B(al + x, be + n - x) / B(al, be) * B(ga, de + n + m) / B(ga, de) / L
    if ga == 1:  # the limit of eq. (13) at gamma = 1: delta (psi(1 + delta + n + m) - psi(1 + delta + n))
        bracket = de * (mp.digamma(1 + de + n + m) - mp.digamma(1 + de + n))
    else:
        bracket = de / (ga - 1) * mp.gamma(ga + de) / mp.gamma(1 + de) * (
            mp.gamma(1 + de + n) / mp.gamma(ga + de + n) - mp.gamma(1 + de + n + m) / mp.gamma(ga + de + n + m))
    expected = B(al + x + 1, be + n - x) / B(al, be) * bracket / L
    return float(alive_after), float(expected)


@pytest.mark.parametrize("params", BGBB_SETS, ids=["donations", "gamma_1", "far_apart"])
@pytest.mark.parametrize("m", [1, 5, 300])
def test_bgbb_predictions_match_the_paper_at_50_digits(params, m):
    mp.dps = 50
    model = segcore.BetaGeoBetaBinomFitter().set_params(**params)
    x, tx, n = bgbb_histories(m)
    alive = model.conditional_probability_alive(m, x, tx, n)
    expected = model.conditional_expected_number_of_purchases_up_to_time(m, x, tx, n)
    for i in range(x.size):
        ra, re = bgbb_reference(params, m, x[i], tx[i], n[i])
        assert alive[i] == pytest.approx(ra, rel=1e-9, abs=1e-300), (x[i], tx[i], n[i])
        assert expected[i] == pytest.approx(re, rel=1e-9, abs=1e-300), (x[i], tx[i], n[i])


def test_horizons_broadcast_against_histories():
    m = segcore.ModifiedBetaGeoFitter().set_params(**MBG_SETS[0])
    ts = np.array([1.0, 10.0, 52.0])
    many = m.conditional_expected_number_of_purchases_up_to_time(ts, 2, 30.43, 38.86)
    assert many.shape == (3,)
    for k, t in enumerate(ts):
        assert many[k] == m.conditional_expected_number_of_purchases_up_to_time(t, 2, 30.43, 38.86)
    per_customer = m.conditional_expected_number_of_purchases_up_to_time(ts, [1, 2, 3], [5, 6, 7], [8, 9, 10])
    for k in range(3):
        assert per_customer[k] == m.conditional_expected_number_of_purchases_up_to_time(ts[k], k + 1, k + 5, k + 8)
    grid = m.conditional_expected_number_of_purchases_up_to_time(ts[:, None], [1, 2], [5, 6], [8, 9])
    assert grid.shape == (3, 2)
    with pytest.raises(segcore.InvalidArgumentError, match="t"):
        m.conditional_expected_number_of_purchases_up_to_time([1.0, np.nan], 1, 5, 8)
    with pytest.raises(segcore.InvalidArgumentError):
        m.conditional_expected_number_of_purchases_up_to_time([1.0, 2.0, 3.0], [1, 2], [5, 6], [8, 9])
