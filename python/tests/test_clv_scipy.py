"""Peer check: the BG/NBD and Pareto/NBD log-likelihoods written independently with
scipy.special, maximised with scipy.optimize, and the predictions with scipy's hyp2f1."""
import numpy as np
import pytest

import segcore

special = pytest.importorskip("scipy.special")
optimize = pytest.importorskip("scipy.optimize")

from test_clv import cdnow  # noqa: F401,E402  (the fixture)


def bgnbd_ll(params, x, tx, T):
    r, alpha, a, b = params
    common = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
              + special.betaln(a, b + x) - special.betaln(a, b))
    t1 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore"):
        t2 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return np.sum(common + np.logaddexp(t1, t2))


def pareto_ll(params, x, tx, T):
    r, alpha, s, beta = params
    k = r + s + x
    if alpha >= beta:
        f = lambda y: special.hyp2f1(k, s + 1, k + 1, (alpha - beta) / (alpha + y)) / (alpha + y) ** k
    else:
        f = lambda y: special.hyp2f1(k, r + x, k + 1, (beta - alpha) / (beta + y)) / (beta + y) ** k
    a0 = f(tx) - f(T)
    lik = (special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
           + np.log((alpha + T) ** -(r + x) * (beta + T) ** -s + s / (r + s + x) * a0))
    return np.sum(lik)


def test_bgnbd_matches_an_independent_scipy_fit(cdnow):
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    bgf = segcore.BetaGeoFitter().fit(x, tx, T)
    ours = np.array([bgf.params_[k] for k in ("r", "alpha", "a", "b")])
    assert bgnbd_ll(ours, x, tx, T) == pytest.approx(bgf.log_likelihood_, rel=1e-12)
    res = optimize.minimize(lambda th: -bgnbd_ll(np.exp(th), x, tx, T), np.zeros(4), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000, "maxfev": 20000})
    np.testing.assert_allclose(np.exp(res.x), ours, rtol=1e-4)
    assert -res.fun <= bgf.log_likelihood_ + 1e-8  # scipy finds nothing better


def test_bgnbd_predictions_match_scipy_hyp2f1(cdnow):
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    bgf = segcore.BetaGeoFitter().fit(x, tx, T)
    r, alpha, a, b = (bgf.params_[k] for k in ("r", "alpha", "a", "b"))
    t = 39.0
    z = t / (alpha + T + t)
    head = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                        * special.hyp2f1(r + x, b + x, a + b + x - 1, z))
    odds = np.where(x > 0, a / np.maximum(b + x - 1, 1e-300) * ((alpha + T) / (alpha + tx)) ** (r + x), 0)
    expected = head / (1 + odds)
    got = bgf.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T)
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    np.testing.assert_allclose(bgf.conditional_probability_alive(x, tx, T), 1 / (1 + odds), rtol=1e-13)


def test_pareto_loglik_matches_scipy(cdnow):
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    pnbd = segcore.ParetoNBDFitter().fit(x, tx, T)
    ours = [pnbd.params_[k] for k in ("r", "alpha", "s", "beta")]
    assert pareto_ll(ours, x, tx, T) == pytest.approx(pnbd.log_likelihood_, rel=1e-10)
    # The optimum: scipy's likelihood is lower a little way off in every direction.
    for i in range(4):
        for f in (0.99, 1.01):
            p = list(ours)
            p[i] *= f
            assert pareto_ll(p, x, tx, T) < pnbd.log_likelihood_


def test_bgnbd_standard_errors_match_a_numerical_hessian(cdnow):
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    bgf = segcore.BetaGeoFitter().fit(x, tx, T)
    p = np.array([bgf.params_[k] for k in ("r", "alpha", "a", "b")])
    h = 1e-4 * p
    H = np.empty((4, 4))
    for i in range(4):
        for j in range(4):
            def f(di, dj):
                q = p.copy()
                q[i] += di * h[i]
                q[j] += dj * h[j]
                return -bgnbd_ll(q, x, tx, T)
            H[i, j] = (f(1, 1) - f(1, -1) - f(-1, 1) + f(-1, -1)) / (4 * h[i] * h[j])
    se = np.sqrt(np.diag(np.linalg.inv(H)))
    ours = np.array([bgf.standard_errors_[k] for k in ("r", "alpha", "a", "b")])
    np.testing.assert_allclose(ours, se, rtol=1e-4)
