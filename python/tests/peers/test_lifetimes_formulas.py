"""Fidelity of segcore.clv to lifetimes' formulas. lifetimes cannot be installed here, so where
its tests compare with a computation, the computation is redone independently: each model's
expressions (Fader, Hardie and Lee 2005 for BG/NBD and Gamma-Gamma; Fader and Hardie's 2005
note for Pareto/NBD, the form lifetimes implements) evaluated with mpmath at 40 digits over
seeded random histories of awkward sizes, and compared with segcore at the parameters of
lifetimes' tests."""
import numpy as np
import numpy.testing as npt
import pytest

import segcore

mpmath = pytest.importorskip("mpmath")
mp = mpmath.mp
mp.dps = 40

BGNBD = dict(r=0.243, alpha=4.414, a=0.793, b=2.426)        # lifetimes' CDNOW BG/NBD values
BGNBD_A_ABOVE_1 = dict(r=1.7, alpha=12.5, a=2.3, b=9.1)     # a > 1: the other sign of (a+b-1)/(a-1)
PARETO = dict(r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)  # BTYD walkthrough
PARETO_ALPHA_BELOW_BETA = dict(r=0.55, alpha=10.58, s=0.61, beta=11.67)
PARETO_ALPHA_ABOVE_BETA = dict(r=2.1, alpha=9.0, s=1.7, beta=3.2)
PARETO_BETA_FAR_ABOVE_ALPHA = dict(r=0.8, alpha=50.0, s=0.3, beta=400.0)
GAMMA_GAMMA = dict(p=6.25, q=3.74, v=15.44)


def histories(seed, n=60, max_x=60, max_T=80.0):
    """Random (x, t_x, T): x = 0 rows have t_x = 0, others 0 < t_x <= T; a few on the edges."""
    rng = np.random.default_rng(seed)
    x = rng.integers(0, max_x + 1, n).astype(float)
    T = rng.uniform(0.05, max_T, n)
    tx = np.where(x > 0, T * rng.uniform(1e-3, 1.0, n), 0.0)
    edges = np.array([[0, 0, 1e-3], [1, 1e-3, 1e-3], [1, 5.0, 5.0], [max_x, max_T, max_T], [2, 30.43, 38.86]])
    return (np.concatenate([x, edges[:, 0]]), np.concatenate([tx, edges[:, 1]]),
            np.concatenate([T, edges[:, 2]]))


# ---------------------------------------------------------------- BG/NBD

def bgnbd_odds(p, x, tx, T):
    """a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x) for x > 0, else 0 (P(alive) = 1/(1 + odds))."""
    r, alpha, a, b = (mp.mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    if x == 0:
        return mp.mpf(0)
    return a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x)


def bgnbd_expected(p, t):
    r, alpha, a, b = (mp.mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    t = mp.mpf(t)
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * mp.hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def bgnbd_conditional(p, t, x, tx, T):
    r, alpha, a, b = (mp.mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    x, tx, T, t = (mp.mpf(v) for v in (x, tx, T, t))
    head = (a + b + x - 1) / (a - 1) * (
        1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * mp.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
    return head / (1 + bgnbd_odds(p, x, tx, T))


@pytest.mark.parametrize("params", [BGNBD, BGNBD_A_ABOVE_1], ids=["cdnow", "a_above_1"])
@pytest.mark.parametrize("seed", [1, 2])
def test_bgnbd_matches_the_formulas(params, seed):
    x, tx, T = histories(seed)
    bgf = segcore.BetaGeoFitter().set_params(**params)
    alive = [1 / (1 + bgnbd_odds(params, *h)) for h in zip(x, tx, T)]
    npt.assert_allclose(bgf.conditional_probability_alive(x, tx, T), np.array(alive, dtype=float), rtol=1e-12)
    for t in (0.5, 39.0, 520.0):
        want = [bgnbd_conditional(params, t, *h) for h in zip(x, tx, T)]
        got = bgf.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T)
        npt.assert_allclose(got, np.array(want, dtype=float), rtol=1e-9)
    times = np.array([0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0, 1e3])
    npt.assert_allclose(bgf.expected_number_of_purchases_up_to_time(times),
                        np.array([bgnbd_expected(params, t) for t in times], dtype=float), rtol=1e-10)


def test_bgnbd_conditional_expectation_at_large_frequency():
    bgf = segcore.BetaGeoFitter().set_params(**BGNBD)
    x = np.array([200.0, 500.0, 1000.0, 3000.0])
    tx, T = np.full(4, 70.0), np.full(4, 78.0)
    want = [bgnbd_conditional(BGNBD, 39.0, *h) for h in zip(x, tx, T)]
    npt.assert_allclose(bgf.conditional_expected_number_of_purchases_up_to_time(39.0, x, tx, T),
                        np.array(want, dtype=float), rtol=1e-9)


def bgnbd_pmf(p, t, n):
    """P(X(t) = n), Fader, Hardie and Lee (2005) eq. 8. Its 1 - (finite sum) is the upper tail of
    a negative binomial, here the regularised incomplete beta I_q(n, r), which does not cancel."""
    r, alpha, a, b = (mp.mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    t, n = mp.mpf(t), int(n)
    if t == 0:
        return mp.mpf(1 if n == 0 else 0)
    share, rest = alpha / (alpha + t), t / (alpha + t)
    out = (mp.beta(a, b + n) / mp.beta(a, b) * mp.gamma(r + n) / (mp.gamma(r) * mp.factorial(n))
           * share ** r * rest ** n)
    if n > 0:
        out += mp.beta(a + 1, b + n - 1) / mp.beta(a, b) * mp.betainc(n, r, 0, rest, regularized=True)
    return out


@pytest.mark.parametrize("params", [BGNBD, BGNBD_A_ABOVE_1, dict(r=40.0, alpha=0.5, a=0.3, b=30.0)],
                         ids=["cdnow", "a_above_1", "many_purchases"])
def test_bgnbd_probability_of_n_purchases_matches_the_formula(params):
    bgf = segcore.BetaGeoFitter().set_params(**params)
    for t in (0.0, 0.1429, 2.0, 39.0, 520.0):
        n = np.array([0, 1, 2, 3, 7, 10, 25, 60, 150, 400], dtype=float)
        want = np.array([bgnbd_pmf(params, t, k) for k in n], dtype=float)
        npt.assert_allclose(bgf.probability_of_n_purchases_up_to_time(t, n), want, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("t", [0.5, 39.0, 520.0, 2000.0])
def test_bgnbd_probability_of_n_purchases_sums_to_one(t):
    """lifetimes checks the Pareto/NBD distribution adds up to 1; the same for BG/NBD, over
    every n that carries mass (E[X(t)] bounds the tail by Markov's inequality)."""
    bgf = segcore.BetaGeoFitter().set_params(**BGNBD_A_ABOVE_1)
    p = bgf.probability_of_n_purchases_up_to_time(t, np.arange(0.0, 20000.0))
    assert np.all(p >= 0)
    assert p.sum() == pytest.approx(1.0, abs=1e-9)
    n = np.arange(0.0, 20000.0)
    assert (n * p).sum() == pytest.approx(bgf.expected_number_of_purchases_up_to_time(t), rel=1e-8)


def test_bgnbd_probability_of_n_purchases_refuses_bad_input():
    bgf = segcore.BetaGeoFitter().set_params(**BGNBD)
    for t, n, what in [(-1.0, 1.0, "t is -1"), (np.inf, 1.0, "t is inf"), (2.0, 0.5, "n\\[0\\] is 0.5"),
                       (2.0, [1.0, -1.0], "n\\[1\\] is -1"), (2.0, np.nan, "n\\[0\\] is nan")]:
        with pytest.raises(segcore.InvalidArgumentError, match=what):
            bgf.probability_of_n_purchases_up_to_time(t, n)
    with pytest.raises(segcore.NotFittedError):
        segcore.BetaGeoFitter().probability_of_n_purchases_up_to_time(1.0, 1.0)
    # Over the C ABI a model without a count distribution (MBG/NBD; Pareto/NBD has one since
    # 0.2) is refused as unsupported, not read as BG/NBD.
    from segcore import clv
    mbg = segcore.ModifiedBetaGeoFitter().set_params(**BGNBD)
    n, out = np.zeros(1), np.zeros(1)
    with pytest.raises(segcore.UnsupportedError, match="not BG/NBD"):
        clv._n_purchases(mbg._handle, 1.0, clv.pointer(n), 1, clv.pointer(out), 1)


def bgnbd_row_loglik(p, x, tx, T):
    r, alpha, a, b = (mp.mpf(p[k]) for k in ("r", "alpha", "a", "b"))
    x, tx, T = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
    common = mp.beta(a, b + x) / mp.beta(a, b) * mp.gamma(r + x) * alpha ** r / mp.gamma(r)
    tail = (alpha + T) ** -(r + x)
    if x > 0:
        tail += a / (b + x - 1) * (alpha + tx) ** -(r + x)
    return mp.log(common * tail)


def test_bgnbd_log_likelihood_is_the_sum_over_rows():
    """lifetimes: the negative log-likelihood of an array is the sum over its rows (with weights).
    segcore reports the total at the optimum; it equals the weighted sum of the rows' terms."""
    x, tx, T = histories(3, n=120, max_x=12)
    w = np.random.default_rng(4).integers(1, 5, x.size).astype(float)
    bgf = segcore.BetaGeoFitter().fit(x, tx, T, weights=w)
    total = sum(wi * bgnbd_row_loglik(bgf.params_, *h) for wi, h in zip(w, zip(x, tx, T)))
    assert bgf.log_likelihood_ == pytest.approx(float(total), rel=1e-10)


# ---------------------------------------------------------------- Pareto/NBD

def pareto_log_a0(p, x, tx, T):
    """log of A0 = F(t_x) - F(T) with F(y) = 2F1(r+s+x, u; r+s+x+1; |alpha-beta|/(m+y)) / (m+y)^(r+s+x)."""
    r, alpha, s, beta = (mp.mpf(p[k]) for k in ("r", "alpha", "s", "beta"))
    k = r + s + x
    m, u = (alpha, s + 1) if alpha >= beta else (beta, r + x)

    def F(y):
        return mp.hyp2f1(k, u, k + 1, abs(alpha - beta) / (m + y), maxterms=10**6) / (m + y) ** k
    return mp.log(F(mp.mpf(tx)) - F(mp.mpf(T)))


def pareto_alive(p, x, tx, T):
    r, alpha, s, beta = (mp.mpf(p[k]) for k in ("r", "alpha", "s", "beta"))
    log_rest = mp.log(s / (r + s + x)) + (r + x) * mp.log(alpha + T) + s * mp.log(beta + T) + pareto_log_a0(p, x, tx, T)
    return 1 / (1 + mp.exp(log_rest))


def pareto_conditional(p, t, x, tx, T):
    r, alpha, s, beta = (mp.mpf(p[k]) for k in ("r", "alpha", "s", "beta"))
    x, T, t = mp.mpf(x), mp.mpf(T), mp.mpf(t)
    return (pareto_alive(p, x, tx, T) * (r + x) * (beta + T) / ((alpha + T) * (s - 1))
            * (1 - ((beta + T) / (beta + T + t)) ** (s - 1)))


def pareto_expected(p, t):
    r, alpha, s, beta = (mp.mpf(p[k]) for k in ("r", "alpha", "s", "beta"))
    return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))


@pytest.mark.parametrize("params", [PARETO, PARETO_ALPHA_BELOW_BETA, PARETO_ALPHA_ABOVE_BETA],
                         ids=["btyd", "alpha_below_beta", "alpha_above_beta"])
@pytest.mark.parametrize("seed", [5, 6])
def test_pareto_nbd_matches_the_formulas(params, seed):
    x, tx, T = histories(seed, n=40)
    ptf = segcore.ParetoNBDFitter().set_params(**params)
    alive = [pareto_alive(params, *h) for h in zip(x, tx, T)]
    npt.assert_allclose(ptf.conditional_probability_alive(x, tx, T), np.array(alive, dtype=float), rtol=1e-9)
    for t in (0.5, 52.0):
        want = [pareto_conditional(params, t, *h) for h in zip(x, tx, T)]
        npt.assert_allclose(ptf.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T),
                            np.array(want, dtype=float), rtol=1e-9)
    times = np.arange(10.0)
    npt.assert_allclose(ptf.expected_number_of_purchases_up_to_time(times),
                        np.array([pareto_expected(params, t) for t in times], dtype=float), rtol=1e-10, atol=1e-300)


OVERFLOW = dict(r=10.465, alpha=7.98565181e-03, s=3.0516, beta=2.820)


@pytest.mark.parametrize("x, tx, T", [(40.0, 5.0, 6.0), (50.0, 1.0, 37.0), (50.0, 4.0, 37.0)])
def test_pareto_nbd_alive_at_lifetimes_overflow_histories(x, tx, T):
    ptf = segcore.ParetoNBDFitter().set_params(**OVERFLOW)
    assert ptf.conditional_probability_alive(x, tx, T) == pytest.approx(float(pareto_alive(OVERFLOW, x, tx, T)),
                                                                        rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("x, tx, T", [(400.0, 5.0, 6.0), (500.0, 1.0, 37.0), (500.0, 4.0, 37.0)])
def test_pareto_nbd_alive_at_lifetimes_extreme_histories(x, tx, T):
    ptf = segcore.ParetoNBDFitter().set_params(**OVERFLOW)
    assert ptf.conditional_probability_alive(x, tx, T) == pytest.approx(float(pareto_alive(OVERFLOW, x, tx, T)),
                                                                        rel=1e-9, abs=1e-300)


def test_pareto_nbd_alive_at_thousands_of_purchases():
    ptf = segcore.ParetoNBDFitter().set_params(**PARETO_BETA_FAR_ABOVE_ALPHA)
    x = np.array([1000.0, 1000.0, 2000.0, 5000.0])
    tx = np.array([24.598, 41.28, 36.397, 74.11])
    T = np.array([35.319, 80.52, 61.651, 78.417])
    want = [pareto_alive(PARETO_BETA_FAR_ABOVE_ALPHA, *h) for h in zip(x, tx, T)]
    npt.assert_allclose(ptf.conditional_probability_alive(x, tx, T), np.array(want, dtype=float), rtol=1e-9, atol=1e-300)
    want = [pareto_conditional(PARETO_BETA_FAR_ABOVE_ALPHA, 52.0, *h) for h in zip(x, tx, T)]
    npt.assert_allclose(ptf.conditional_expected_number_of_purchases_up_to_time(52.0, x, tx, T),
                        np.array(want, dtype=float), rtol=1e-9, atol=1e-300)


# ---------------------------------------------------------------- Gamma-Gamma and CLV

def gamma_gamma_spend(p, x, m):
    """lifetimes' weighted mean: (1 - w) * population mean + w * m, w = p x / (p x + q - 1)."""
    pp, q, v = p["p"], p["q"], p["v"]
    w = pp * x / (pp * x + q - 1)
    return (1 - w) * (v * pp / (q - 1)) + w * m


def test_gamma_gamma_matches_the_formula():
    rng = np.random.default_rng(7)
    x = np.concatenate([[0.0, 1.0], rng.integers(0, 200, 50).astype(float)])
    m = np.where(x > 0, rng.lognormal(3.0, 1.5, x.size), 0.0)
    ggf = segcore.GammaGammaFitter().set_params(**GAMMA_GAMMA)
    npt.assert_allclose(ggf.conditional_expected_average_profit(x, m), gamma_gamma_spend(GAMMA_GAMMA, x, m),
                        rtol=1e-13)


def test_gamma_gamma_log_likelihood_is_the_sum_over_rows():
    rng = np.random.default_rng(8)
    x = rng.integers(1, 15, 300).astype(float)
    nu = rng.gamma(3.74, 1.0 / 15.44, x.size)          # each customer's spend scale ~ Gamma(q, v)
    m = rng.gamma(6.25 * x, 1.0 / (x * nu))            # mean of x spends ~ Gamma(p x, x nu)
    ggf = segcore.GammaGammaFitter().fit(x, m)
    p, q, v = (mp.mpf(ggf.params_[k]) for k in ("p", "q", "v"))
    total = mp.mpf(0)
    for xi, mi in zip(x, m):
        xi, mi = mp.mpf(xi), mp.mpf(mi)
        total += (mp.loggamma(p * xi + q) - mp.loggamma(p * xi) - mp.loggamma(q) + q * mp.log(v)
                  + (p * xi - 1) * mp.log(mi) + p * xi * mp.log(xi) - (p * xi + q) * mp.log(xi * mi + v))
    assert ggf.log_likelihood_ == pytest.approx(float(total), rel=1e-10)


@pytest.mark.parametrize("rate", [0.0, 0.01, 1.0])
def test_customer_lifetime_value_is_lifetimes_discounted_sum(rate):
    """lifetimes' CLV: over monthly steps (30 model time units), spend x (E[Y(30 i)] - E[Y(30 (i - 1))])
    / (1 + rate)^i, for 12 months; each term from the formulas above."""
    x, tx, T = histories(9, n=20, max_x=20)
    m = np.where(x > 0, 10.0 + 3.0 * x, 0.0)
    bgf = segcore.BetaGeoFitter().set_params(**BGNBD)
    ggf = segcore.GammaGammaFitter().set_params(**GAMMA_GAMMA)
    got = ggf.customer_lifetime_value(bgf, x, tx, T, m, time=360, steps=12, discount_rate=rate)
    spend = gamma_gamma_spend(GAMMA_GAMMA, x, m)
    want = np.zeros_like(x)
    for j, h in enumerate(zip(x, tx, T)):
        y = [mp.mpf(0)] + [bgnbd_conditional(BGNBD, 30 * i, *h) for i in range(1, 13)]
        want[j] = float(sum((y[i] - y[i - 1]) / mp.mpf(1 + rate) ** i for i in range(1, 13))) * spend[j]
    npt.assert_allclose(got, want, rtol=1e-9)
