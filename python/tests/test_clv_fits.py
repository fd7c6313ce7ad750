"""CLV fits that must not mislead: degenerate fits flagged with a warning, cancellations kept
out of the input, calibration_end cut at its timestamp, weekly periods as pandas aligns them,
and penalizer_coef with lifetimes' meaning. The peers are written here from the definitions
(pandas periods, the lifetimes objective maximised with scipy), not taken from segcore."""
import warnings

import numpy as np
import pytest

import segcore

pd = pytest.importorskip("pandas")
optimize = pytest.importorskip("scipy.optimize")

from test_clv import cdnow  # noqa: F401,E402  (the fixture)
from test_clv_scipy import bgnbd_ll, pareto_ll  # noqa: E402


def no_dropout_histories(n, seed):
    """Customers who never leave: Poisson purchases (Gamma-distributed rates) up to their T."""
    rng = np.random.default_rng(seed)
    T = rng.uniform(10, 52, n)
    rate = rng.gamma(2.0, 0.15, n)
    x, tx = np.zeros(n), np.zeros(n)
    for i in range(n):
        times = np.cumsum(rng.exponential(1 / rate[i], 400))
        times = times[times <= T[i]]
        x[i] = times.size
        tx[i] = times[-1] if times.size else 0.0
    return x, tx, T


@pytest.mark.parametrize("model", [segcore.BetaGeoFitter, segcore.ParetoNBDFitter])
def test_no_dropout_fit_is_flagged_with_a_warning(model):
    x, tx, T = no_dropout_histories(600, 3)
    with pytest.warns(segcore.DegenerateFitWarning, match="almost no customer dropping out"):
        m = model().fit(x, tx, T)
    assert m.degenerate_
    assert "P(alive) is not meaningful" in m.fit_warning_
    assert m.n_iter_ <= 100
    assert all(np.isfinite(v) for v in m.params_.values())


def test_sound_fits_carry_no_warning(cdnow):
    with warnings.catch_warnings():
        warnings.simplefilter("error", segcore.DegenerateFitWarning)
        bgf = segcore.BetaGeoFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
        ggf = segcore.GammaGammaFitter().fit(cdnow["frequency"], cdnow["monetary_value"])
    assert not bgf.degenerate_ and bgf.fit_warning_ is None
    assert not ggf.degenerate_


def test_a_cancelled_order_is_not_a_purchase():
    day = 86400
    ids = np.array([1, 1, 1, 1, 2, 2])
    ts = np.array([0, 7, 14, 14, 0, 3]) * day + np.array([0, 0, 9 * 3600, 9 * 3600 + 720, 0, 0])
    amount = np.array([10.0, 12.0, 168469.6, -168469.6, 5.0, 6.0])
    s = segcore.summary_data_from_transactions(ids, ts, amount)
    assert s["frequency"].tolist() == [1, 1]
    assert s["monetary_value"].tolist() == [12.0, 6.0]


def pandas_summary(ids, ts, amount, freq, calibration_end):
    """lifetimes' calibration summary written with pandas: transactions up to the timestamp
    calibration_end, periods of `freq`, T to the start of calibration_end's period, in periods."""
    df = pd.DataFrame({"id": ids, "t": pd.to_datetime(ts, unit="s"), "amount": amount})
    end = pd.Timestamp(calibration_end, unit="s")
    df = df[df["t"] <= end].copy()
    df["p"] = df["t"].dt.to_period(freq).dt.start_time
    per = df.groupby(["id", "p"], as_index=False)["amount"].sum().sort_values(["id", "p"])
    end_start = end.to_period(freq).start_time
    unit = pd.Timedelta(days=7 if freq == "W" else 1)
    rows = {}
    for cid, g in per.groupby("id"):
        first, last = g["p"].min(), g["p"].max()
        rows[cid] = (len(g) - 1, (last - first) / unit, (end_start - first) / unit,
                     g["amount"].iloc[1:].mean() if len(g) > 1 else 0.0)
    return rows


@pytest.mark.parametrize("freq", ["W", "D"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summary_matches_pandas_periods_and_the_calibration_cut(freq, seed):
    rng = np.random.default_rng(seed)
    n = 3000
    ids = rng.integers(0, 300, n)
    start = 1293840000  # 2011-01-01, a Saturday
    ts = start + rng.integers(0, 400 * 86400, n)
    amount = np.round(rng.uniform(1, 100, n), 2)
    # A calibration end in the middle of a week and of a day.
    calibration_end = int(start + 250 * 86400 + 3 * 86400 + 13 * 3600 + 17)
    days = 7.0 if freq == "W" else 1.0
    s = segcore.summary_data_from_transactions(ids, ts, amount, period_days=days, time_unit_days=days,
                                               calibration_end=calibration_end)
    want = pandas_summary(ids, ts, amount, freq, calibration_end)
    assert sorted(want) == s["customer_id"].tolist()
    for i, cid in enumerate(s["customer_id"]):
        x, tx, T, m = want[cid]
        assert (s["frequency"][i], s["recency"][i], s["T"][i]) == (x, tx, T), cid
        assert s["monetary_value"][i] == pytest.approx(m, rel=1e-12)


def lifetimes_penalised_fit(ll, x, tx, T, coef, start):
    """lifetimes' objective: time scaled so that max T is 1, mean negative log-likelihood
    plus coef * sum(params^2) in that scale; minimised here by scipy from `start`."""
    scale = 1.0 / T.max()
    xs, txs, Ts = x, tx * scale, T * scale

    def objective(theta):
        p = np.exp(theta)
        with np.errstate(all="ignore"):
            v = -ll(p, xs, txs, Ts) / len(x) + coef * np.sum(p ** 2)
        return v if np.isfinite(v) else 1e10

    res = optimize.minimize(objective, start, method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 40000, "maxfev": 40000})
    res = optimize.minimize(objective, res.x, method="BFGS", options={"gtol": 1e-10})
    return np.exp(res.x), scale


def test_bgnbd_penalizer_has_lifetimes_meaning(cdnow):
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    coef = 0.05
    bgf = segcore.BetaGeoFitter(penalizer_coef=coef).fit(x, tx, T)
    p, scale = lifetimes_penalised_fit(bgnbd_ll, x, tx, T, coef, np.log([0.5, 0.5, 0.5, 0.5]))
    p[1] /= scale
    np.testing.assert_allclose([bgf.params_[k] for k in ("r", "alpha", "a", "b")], p, rtol=2e-4)
    # The same penalised fit whatever the time unit: days instead of weeks.
    days = segcore.BetaGeoFitter(penalizer_coef=coef).fit(x, tx * 7, T * 7)
    assert days.params_["alpha"] == pytest.approx(7 * bgf.params_["alpha"], rel=1e-6)
    assert days.params_["b"] == pytest.approx(bgf.params_["b"], rel=1e-6)


def test_pareto_penalizer_has_lifetimes_meaning(cdnow):
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    coef = 0.05
    pnf = segcore.ParetoNBDFitter(penalizer_coef=coef).fit(x, tx, T)
    ours = np.array([pnf.params_[k] for k in ("r", "alpha", "s", "beta")])
    scale = 1.0 / T.max()
    start = np.log(ours * np.array([1, scale, 1, scale]) * 1.3)  # a start off the optimum
    p, scale = lifetimes_penalised_fit(pareto_ll, x, tx, T, coef, start)
    p[1] /= scale
    p[3] /= scale
    np.testing.assert_allclose(ours, p, rtol=1e-3)


def gamma_gamma_spends(p, q, v, n, seed):
    """Mean spends drawn from the Gamma-Gamma model itself: rates Gamma(q, v), spends Gamma(p, rate)."""
    rng = np.random.default_rng(seed)
    rates = rng.gamma(q, 1 / v, n)
    x = rng.integers(1, 7, n).astype(float)
    m = np.array([rng.gamma(p, 1 / r, int(k)).mean() for r, k in zip(rates, x)])
    return x, m


@pytest.mark.parametrize("p,q,v,seed", [(4.0, 0.5, 10.0, 5), (2.0, 0.8, 1e3, 6), (6.0, 3.7, 15.0, 7)])
def test_gamma_gamma_recovers_its_parameters_from_heavy_tailed_spends(p, q, v, seed):
    """With q < 1 a few customers' spends are decades above the rest. v used to be judged against
    the arithmetic mean spend, which they dominate: the fit stopped as a runaway at a wrong point
    and said degenerate. Now it converges to the generating parameters, and in any currency."""
    x, m = gamma_gamma_spends(p, q, v, 4000, seed)
    fits = []
    for currency in (1.0, 1e6):
        with warnings.catch_warnings():
            warnings.simplefilter("error", segcore.DegenerateFitWarning)
            g = segcore.GammaGammaFitter().fit(x, m * currency)
        assert g.stop_reason_ == "converged" and not g.degenerate_, g.fit_message_
        fits.append(g.params_)
    assert fits[0]["p"] == pytest.approx(p, rel=0.25) and fits[0]["q"] == pytest.approx(q, rel=0.25)
    assert fits[0]["v"] == pytest.approx(v, rel=0.4)
    assert fits[1]["p"] == pytest.approx(fits[0]["p"], rel=1e-6) and fits[1]["q"] == pytest.approx(fits[0]["q"], rel=1e-6)
    assert fits[1]["v"] == pytest.approx(1e6 * fits[0]["v"], rel=1e-6)
