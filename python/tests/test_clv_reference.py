"""CLV predictions at extreme histories through the Python package: against mpmath references
computed at test time from the papers' formulas (tools/clv_reference.py), and the contract for
values that cannot be computed (NaN for that customer, a ClvValueWarning, never a failed batch)."""
import pathlib
import sys
import warnings

import numpy as np
import pytest

import segcore

mp = pytest.importorskip("mpmath")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
import clv_reference as ref  # noqa: E402

RTOL = 1e-9


def _model(kind, params):
    if kind == "bgnbd":
        return segcore.BetaGeoFitter().set_params(**dict(zip(("r", "alpha", "a", "b"), params)))
    if kind == "pareto":
        return segcore.ParetoNBDFitter().set_params(**dict(zip(("r", "alpha", "s", "beta"), params)))
    return segcore.GammaGammaFitter().set_params(**dict(zip(("p", "q", "v"), params[:3])))


def _predict(kind, params, quantity, x, tx, T, t):
    m = _model(kind, params)
    if quantity == "alive":
        return m.conditional_probability_alive(x, tx, T)
    if quantity == "conditional":
        return m.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T)
    if quantity == "expected":
        return m.expected_number_of_purchases_up_to_time(t)
    return m.conditional_expected_average_profit(np.array([x], float), np.array([t], float))[0]


# A sample of the committed grid's classes, recomputed here: every parameter set, one-time
# buyers and 5,000 purchases, recency near 0, mid, near T and at T.
SAMPLE = list(ref.grid(frequencies=(0, 5000), t_values=(39.0,), horizons=(52.0,)))


@pytest.mark.parametrize("row", SAMPLE, ids=lambda r: f"{r[0]}-{r[1]}-{r[3]}-x{r[4]}-tx{r[5]:g}")
def test_prediction_matches_mpmath(row):
    kind, _, params, quantity, x, tx, T, t, value = row
    assert value is not None, "the reference did not settle at 60 and 90 digits"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", segcore.ClvValueWarning)
        got = _predict(kind, params, quantity, x, tx, T, t)
    if mp.isnan(value):
        assert np.isnan(got)
        return
    assert np.isfinite(got)
    assert abs(got - float(value)) <= RTOL * abs(float(value)) + 1e-300


def test_frequent_buyers_are_not_read_as_alive():
    """Pareto/NBD: a series that overflowed used to make P(alive) exactly 1.0 here."""
    pnbd = _model("pareto", ref.PARETO["cdnow"])
    x = np.array([200.0, 1000.0, 5000.0])
    alive = pnbd.conditional_probability_alive(x, np.full(3, 20.0), np.full(3, 39.0))
    assert np.all(alive < 1e-6)
    for i in range(3):
        with mp.workdps(60):
            assert alive[i] == pytest.approx(float(ref.pareto_alive(ref.PARETO["cdnow"], x[i], 20, 39)), rel=RTOL)


def test_bgnbd_answers_for_hundreds_of_purchases_in_one_batch():
    """BG/NBD's conditional expectation used to refuse a few hundred purchases, failing the batch."""
    bgf = _model("bgnbd", ref.BGNBD["cdnow"])
    x = np.array([0, 1, 300, 700, 2000, 5000], float)
    tx = np.array([0, 30, 38.5, 38.9, 38.99, 38.999])
    T = np.full(6, 39.0)
    got = bgf.conditional_expected_number_of_purchases_up_to_time(52, x, tx, T)
    assert np.all(np.isfinite(got))
    with mp.workdps(60):
        want = [float(ref.bgnbd_conditional(ref.BGNBD["cdnow"], 52, *h)) for h in zip(x, tx, T)]
    np.testing.assert_allclose(got, want, rtol=RTOL)


def test_a_value_that_does_not_exist_is_nan_for_that_customer_only():
    ggf = _model("gamma_gamma", ref.GAMMA_GAMMA["q_below_one"])  # q < 1: no population mean
    x, m = np.array([0.0, 3.0, 10.0]), np.array([0.0, 20.0, 5.0])
    with pytest.warns(segcore.ClvValueWarning, match="1 of 3 customers could not be computed .*row 0"):
        spend = ggf.conditional_expected_average_profit(x, m)
    assert np.isnan(spend[0]) and np.all(np.isfinite(spend[1:]))
    bgf = _model("bgnbd", ref.BGNBD["cdnow"])
    with pytest.warns(segcore.ClvValueWarning):
        clv = ggf.customer_lifetime_value(bgf, x, np.array([0.0, 20.0, 30.0]), np.full(3, 39.0), m, time=52)
    assert np.isnan(clv[0]) and np.all(np.isfinite(clv[1:]) & (clv[1:] > 0))


def test_predictions_stay_probabilities_and_counts_over_random_extreme_histories():
    rng = np.random.default_rng(7)
    n = 3000
    x = np.floor(rng.uniform(0, 1, n) ** 4 * 6000)
    T = rng.uniform(0, 1000, n)
    tx = np.where(x > 0, T * rng.uniform(1e-6, 1, n), 0.0)
    for kind, sets in (("bgnbd", ref.BGNBD), ("pareto", ref.PARETO)):
        for params in sets.values():
            m = _model(kind, params)
            with warnings.catch_warnings():
                warnings.simplefilter("error", segcore.ClvValueWarning)  # no NaN on this grid
                alive = m.conditional_probability_alive(x, tx, T)
                ey = m.conditional_expected_number_of_purchases_up_to_time(52, x, tx, T)
            assert np.all((alive >= 0) & (alive <= 1))
            assert np.all(np.isfinite(ey) & (ey >= 0))
