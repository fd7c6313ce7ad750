"""variance_matrix_, confidence_intervals_, summary and repr of the CLV fitters. The covariance
is checked against the inverse of a central-difference Hessian of independently written
log-likelihoods (scipy.special), as lifetimes derives it from the Hessian at the optimum."""
import pathlib

import numpy as np
import pytest
from scipy.special import betaln, gammaln

import segcore

DATA = pathlib.Path(__file__).resolve().parent / "peers" / "data"


def _mbg_ll(p, x, tx, T):
    r, al, a, b = p
    head = betaln(a, b + x + 1) - betaln(a, b) + gammaln(r + x) - gammaln(r) + r * np.log(al)
    return np.sum(head + np.logaddexp(-(r + x) * np.log(al + T), np.log(a / (b + x)) - (r + x) * np.log(al + tx)))


def _bgbb_ll(p, x, tx, n, w):
    al, be, ga, de = p
    total = 0.0
    for xi, ti, ni, wi in zip(x, tx, n, w):
        L = np.exp(betaln(al + xi, be + ni - xi) - betaln(al, be) + betaln(ga, de + ni) - betaln(ga, de))
        for i in range(int(ni - ti)):
            L += np.exp(betaln(al + xi, be + ti - xi + i) - betaln(al, be) + betaln(ga + 1, de + ti + i) - betaln(ga, de))
        total += wi * np.log(L)
    return total


def _covariance(ll, p, rel=1e-4):
    k = len(p)
    h = rel * np.asarray(p)
    H = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            def f(di, dj):
                q = np.array(p, dtype=float)
                q[i] += di * h[i]
                q[j] += dj * h[j]
                return ll(q)
            H[i, j] = (f(1, 1) - f(1, -1) - f(-1, 1) + f(-1, -1)) / (4 * h[i] * h[j])
    return np.linalg.inv(-H)


def test_mbgnbd_covariance_is_the_inverse_hessian():
    t = np.loadtxt(DATA / "cdnow_customers_summary.csv", delimiter=",", skiprows=1)
    x, tx, T = t[:, 1], t[:, 2], t[:, 3]
    m = segcore.ModifiedBetaGeoFitter().fit(x, tx, T)
    p = [m.params_[n] for n in ("r", "alpha", "a", "b")]
    expected = _covariance(lambda q: _mbg_ll(q, x, tx, T), p)
    np.testing.assert_allclose(m.variance_matrix_, expected, rtol=2e-3, atol=1e-8)
    np.testing.assert_allclose(np.sqrt(np.diag(m.variance_matrix_)), [m.standard_errors_[n] for n in m.params_],
                               rtol=1e-12)


def test_bgbb_covariance_is_the_inverse_hessian():
    x, tx, n, w = np.loadtxt(DATA / "donations.csv", delimiter=",", skiprows=1).T
    m = segcore.BetaGeoBetaBinomFitter().fit(x, tx, n, w)
    p = [m.params_[k] for k in ("alpha", "beta", "gamma", "delta")]
    expected = _covariance(lambda q: _bgbb_ll(q, x, tx, n, w), p)
    np.testing.assert_allclose(m.variance_matrix_, expected, rtol=2e-3, atol=1e-8)


def test_confidence_intervals_summary_and_repr():
    x, tx, n, w = np.loadtxt(DATA / "donations.csv", delimiter=",", skiprows=1).T
    m = segcore.BetaGeoBetaBinomFitter()
    assert repr(m) == "BetaGeoBetaBinomFitter()"
    m.fit(x, tx, n, w)
    for name, (lower, upper) in m.confidence_intervals_.items():
        assert lower == pytest.approx(m.params_[name] - 1.96 * m.standard_errors_[name], rel=1e-15)
        assert upper == pytest.approx(m.params_[name] + 1.96 * m.standard_errors_[name], rel=1e-15)
    s = m.summary
    assert s["alpha"] == (m.params_["alpha"], m.standard_errors_["alpha"])  # still the dict it was
    text = repr(s)
    assert "log-likelihood -33225.6" in text and "converged" in text and "lower 95%" in text
    assert len(text.splitlines()) == 2 + 4
    assert repr(m).startswith("<segcore.BetaGeoBetaBinomFitter(): fitted, alpha: 1.204, beta: 0.7497")
    m.set_params(alpha=1.0, beta=2.0, gamma=3.0, delta=4.0)
    assert "parameters set by hand" in repr(m) and "parameters set by hand" in repr(m.summary)
    assert np.isnan(m.variance_matrix_).all()
    assert all(np.isnan(v).all() for v in m.confidence_intervals_.values())
