"""Pareto/NBD's conditional purchase-count distribution P(Y(t) = n | x, t_x, T) (lifetimes'
conditional_probability_of_n_purchases_up_to_time): each value against the posterior mean over
(lambda, mu) of the individual-level probability, integrated with mpmath at 30 digits (an
independent route: segcore goes through P(alive) and the updated model's count distribution);
the values of a history sum to 1 with the model's conditional expectation as their mean; large
frequencies, P(alive) far below the double range, shapes, broadcasting and bad input."""
import numpy as np
import pytest

import segcore

mpmath = pytest.importorskip("mpmath")
mp = mpmath.mp

SETS = {"cdnow": (0.5534, 10.5802, 0.6061, 11.6562),
        "alpha_much_larger": (0.8, 50.0, 2.5, 0.5),
        "alpha_much_smaller": (3.0, 0.2, 0.3, 80.0)}


def _model(params):
    return segcore.ParetoNBDFitter().set_params(**dict(zip(("r", "alpha", "s", "beta"), params)))


def _nb_tail(n, K, z):
    """P(N > n) for N negative binomial with shape K and success probability 1 - z (the
    regularised incomplete beta I_z(n + 1, K)): by the series of the tail where it is small,
    else 1 minus the n + 1 terms of the head."""
    a = n + 1
    if z < a / (a + K):
        term, total, k = mp.mpf(1), mp.mpf(1), 0
        while term > total * mp.eps:
            term *= (a + K + k) / (a + 1 + k) * z
            total += term
            k += 1
        return mp.exp(a * mp.log(z) + K * mp.log1p(-z) - mp.log(a) - mp.log(mp.beta(a, K))) * total
    head, term = mp.mpf(0), mp.exp(K * mp.log1p(-z))
    for j in range(int(n) + 1):
        head += term
        term *= (K + j) / (j + 1) * z
    return 1 - head


def reference(params, ns, t, x, tx, T, dps=30):
    """P(Y(t) = n | x, t_x, T) for each n in ns: the mean over the posterior of (lambda, mu) of
    the individual-level probability. Given lambda and mu, a customer alive at T buys Poisson
    until an exponential dropout, so P(n) = e^-(l+m)t (l t)^n / n! + m l^n / (l+m)^(n+1)
    P(Poisson((l+m)t) > n), and one who left in (t_x, T] buys nothing. In sigma = lambda + mu and
    rho = lambda / sigma the sigma-integrals are Gamma functions (the Poisson tail mixed over a
    Gamma is a negative binomial tail); rho is integrated numerically."""
    with mp.workdps(dps):
        r, al, s, be = (mp.mpf(v) for v in params)
        t, x, tx, T = mp.mpf(t), mp.mpf(x), mp.mpf(tx), mp.mpf(T)
        a, K = r + x, r + x + s
        gK = mp.gamma(K)

        def common(rho, rest):  # rest = 1 - rho, passed exactly near rho = 1
            c = al * rho + be * rest
            w = mp.exp((a - 1) * mp.log(rho) + (s - 1) * mp.log(rest))
            dead = rest * gK * ((c + tx) ** -K - (c + T) ** -K)  # left in (t_x, T]
            return c, w, dead

        def den(rho, rest):  # the likelihood of the history
            c, w, dead = common(rho, rest)
            return w * (gK * (c + T) ** -K + dead)

        def num(n, rho, rest):
            c, w, dead = common(rho, rest)
            stay = rho ** n * t ** n / mp.factorial(n) * mp.gamma(K + n) * (c + T + t) ** -(K + n)
            leave = rest * rho ** n * gK * (c + T) ** -K * _nb_tail(n, K, t / (c + T + t))
            return w * (stay + leave + (dead if n == 0 else 0))

        # Cuts around the peaks of the dead and live parts' weights, and geometrically towards
        # both ends, where a large shape puts the mass.
        def log_weight(rho, end):
            return (a - 1) * mp.log(rho) + (s - 1) * mp.log1p(-rho) - K * mp.log(al * rho + be * (1 - rho) + end)

        cuts = {mp.mpf(0.5)} | {mp.mpf(8) ** -j for j in range(1, 9)} | {1 - mp.mpf(8) ** -j for j in range(1, 9)}
        for end in (tx, T, T + t):
            best = max((mp.mpf(j) / 256 for j in range(1, 256)), key=lambda rho: log_weight(rho, end))
            cuts |= {best + d for d in (-0.05, -0.01, -0.002, 0, 0.002, 0.01, 0.05) if 0 < best + d < 1}
        lo = sorted({mp.mpf(0)} | {c for c in cuts if c <= 0.5})
        hi = sorted({mp.mpf(0)} | {1 - c for c in cuts if c >= 0.5})  # in 1 - rho

        def integral(f):
            # mp.quad stops on an absolute error: the integrand is scaled to about 1 first.
            m = max(max(f(rho, 1 - rho) for rho in lo[1:]), max(f(1 - v, v) for v in hi[1:]))
            return m * (mp.quad(lambda rho: f(rho, 1 - rho) / m, lo) + mp.quad(lambda v: f(1 - v, v) / m, hi))

        d = integral(den)
        return [integral(lambda rho, rest, n=mp.mpf(n): num(n, rho, rest)) / d for n in ns]


# (n values, t, x, t_x, T): a new customer, recent and long-silent buyers, 1,000 and 5,000
# purchases (counts near and far from the mode), and a P(alive) of ~1e-250 (values ~1e-254;
# below the double range for some parameters, where 0 is the right double).
CASES = [((0, 1, 4), 52.0, 0, 0.0, 39.0),
         ((0, 1, 3), 5.0, 3, 38.5, 39.0),
         ((0, 2), 52.0, 10, 5.0, 39.0),
         ((0, 1, 5), 0.05, 1000, 38.9, 39.0),
         ((0, 10, 20, 40), 1.0, 1000, 39.0, 39.0),
         ((0, 3, 30), 1.0, 5000, 38.0, 39.0),
         ((0, 1, 2), 100.0, 200, 1.0, 200.0),
         # 20,000 purchases and a long horizon: a narrow peak at the start of the future lifetime
         # (cutting the quadrature there is what makes these finite and right).
         ((5, 300), 1000.0, 20000, 39.0, 39.0)]
GRID = [("cdnow", c) for c in CASES] + [(name, CASES[j]) for name in ("alpha_much_larger", "alpha_much_smaller")
                                         for j in (4, 6)]


@pytest.mark.parametrize("name,case", GRID, ids=[f"{n}-x{c[2]}-tx{c[3]:g}-t{c[1]:g}" for n, c in GRID])
def test_matches_the_posterior_integral_at_30_digits(name, case):
    ns, t, x, tx, T = case
    got = _model(SETS[name]).conditional_probability_of_n_purchases_up_to_time(np.array(ns, float), t, x, tx, T)
    for n, value, ref in zip(ns, got, reference(SETS[name], ns, t, x, tx, T)):
        assert value == pytest.approx(float(ref), rel=1e-10, abs=1e-300), (n, float(ref))


HISTORIES = [(0, 0.0, 39.0), (2, 30.43, 38.86), (7, 10.0, 39.0), (26, 30.86, 31.0), (1000, 38.9, 39.0),
             (200, 1.0, 200.0), (40, 39.0, 39.0)]


@pytest.mark.parametrize("name", sorted(SETS))
@pytest.mark.parametrize("t", [0.5, 39.0, 400.0])
def test_sums_to_one_with_the_conditional_expectation_as_mean(name, t):
    m = _model(SETS[name])
    n = np.arange(0.0, 6000.0)
    checked = 0
    for x, tx, T in HISTORIES:
        p = m.conditional_probability_of_n_purchases_up_to_time(n, t, x, tx, T)
        assert np.all(p >= 0) and np.all(np.isfinite(p))
        tail = 1 - p.sum()
        if p[-1] > 1e-20:  # the mass reaches past n = 5,999 (1,000 purchases, long horizons)
            assert tail > 0
            continue
        assert abs(tail) < 1e-9, (x, tx, T)
        mean = m.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T)
        assert (n * p).sum() == pytest.approx(mean, rel=1e-9), (x, tx, T)
        checked += 1
    assert checked >= len(HISTORIES) - 2


def test_at_t_zero_nothing_is_bought():
    m = _model(SETS["cdnow"])
    got = m.conditional_probability_of_n_purchases_up_to_time([0, 1, 5], 0.0, 3, 20.0, 39.0)
    assert got[0] == pytest.approx(1.0, rel=1e-15) and got[1] == 0 and got[2] == 0


def test_a_customer_who_has_almost_surely_left_buys_nothing_but_not_exactly():
    """1,000 purchases in the first week, then 38 silent weeks: P(alive) ~ 1e-300 or below;
    P(0) is 1 - P(alive) P'(X > 0) and the other values are finite, tiny and not NaN."""
    m = _model(SETS["cdnow"])
    p = m.conditional_probability_of_n_purchases_up_to_time(np.arange(0.0, 50.0), 52.0, 1000, 1.0, 39.0)
    assert p[0] == 1.0 and np.all(np.isfinite(p)) and np.all(p[1:] < 1e-250)


def test_broadcasts_counts_horizons_and_histories_as_numpy_does():
    m = _model(SETS["cdnow"])
    x, tx, T = np.array([0.0, 2, 7]), np.array([0.0, 30.43, 10]), np.array([39.0, 38.86, 39])
    one_n = m.conditional_probability_of_n_purchases_up_to_time(1, 39.0, x, tx, T)
    assert one_n.shape == (3,)
    for i in range(3):
        assert one_n[i] == m.conditional_probability_of_n_purchases_up_to_time(1, 39.0, x[i], tx[i], T[i])
    grid = m.conditional_probability_of_n_purchases_up_to_time(np.arange(4.0)[:, None], [1.0, 39.0], 2, 30.43,
                                                               38.86)
    assert grid.shape == (4, 2)
    assert grid[3, 1] == m.conditional_probability_of_n_purchases_up_to_time(3, 39.0, 2, 30.43, 38.86)
    assert isinstance(m.conditional_probability_of_n_purchases_up_to_time(0, 1.0, 2, 30.43, 38.86), float)


def test_series_in_series_out():
    pd = pytest.importorskip("pandas")
    m = _model(SETS["cdnow"])
    idx = pd.Index([101, 205], name="customer")
    out = m.conditional_probability_of_n_purchases_up_to_time(
        1, 10.0, pd.Series([2.0, 0.0], index=idx), pd.Series([30.0, 0.0], index=idx), pd.Series([39.0, 39.0], index=idx))
    assert isinstance(out, pd.Series) and list(out.index) == [101, 205]


@pytest.mark.parametrize("args,match", [
    ((-1, 10.0, 2, 30.0, 39.0), "n\\[0\\] is -1"),
    ((1.5, 10.0, 2, 30.0, 39.0), "whole number"),
    ((1, -1.0, 2, 30.0, 39.0), "t is -1"),
    ((1, float("nan"), 2, 30.0, 39.0), "t\\[0\\] is nan"),
    ((1, 10.0, 2, 40.0, 39.0), "recency 40 exceeds T 39"),
    ((1, 10.0, 0, 5.0, 39.0), "frequency is 0 but recency is 5"),
    ((1, 10.0, 2, 0.0, 39.0), "repeat purchases come after the first"),
    ((1, 10.0, -2, 3.0, 39.0), "frequency is -2"),
])
def test_bad_input_is_refused_by_name(args, match):
    m = _model(SETS["cdnow"])
    with pytest.raises(segcore.InvalidArgumentError, match=match):
        m.conditional_probability_of_n_purchases_up_to_time(*args)


def test_needs_a_fitted_model():
    with pytest.raises(segcore.NotFittedError):
        segcore.ParetoNBDFitter().conditional_probability_of_n_purchases_up_to_time(1, 10.0, 2, 30.0, 39.0)


def test_a_value_that_cannot_be_computed_is_nan_for_that_customer_with_a_warning():
    """beta / alpha = 1e9: a one-time buyer's P(alive) series would need ~1e10 terms."""
    m = segcore.ParetoNBDFitter().set_params(r=0.5, alpha=1.0, s=0.5, beta=1e9)
    with pytest.warns(segcore.ClvValueWarning, match="1 of 2 customers"):
        p = m.conditional_probability_of_n_purchases_up_to_time(0, 10.0, [0.0, 3.0], [0.0, 5.0], [1.0, 5.0])
    assert np.isnan(p[0]) and 0 < p[1] < 1
