"""expected_cumulative_transactions against a pandas recomputation of lifetimes' definition,
over random transactions of awkward sizes, and conditional_probability_alive_matrix against
single calls."""
import numpy as np
import pandas as pd
import pytest

import segcore


def _random_transactions(seed, n_customers, n_tx):
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, n_customers, n_tx)
    start = np.datetime64("2020-03-04T13:00:00").astype("datetime64[s]").astype(np.int64)
    times = start + rng.integers(0, 200 * 86400, n_tx)
    return ids, times


@pytest.mark.parametrize("seed,n_customers,n_tx,period_days,time_unit_days,t",
                         [(0, 7, 40, 1, 1, 30), (1, 101, 977, 7, 7, 29), (2, 13, 300, 1, 7, 150), (3, 1, 5, 3, 1, 70)])
def test_expected_cumulative_transactions_matches_pandas(seed, n_customers, n_tx, period_days, time_unit_days, t):
    ids, times = _random_transactions(seed, n_customers, n_tx)
    model = segcore.BetaGeoFitter().set_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    got = segcore.expected_cumulative_transactions(model, ids, times, t, period_days=period_days,
                                                   time_unit_days=time_unit_days)
    # lifetimes' definition with pandas: customer-periods, the first one of each customer is not
    # a repeat; periods counted from the Monday anchor in period_days.
    anchor = 4 * 86400
    df = pd.DataFrame({"id": ids, "p": (times - anchor) // int(period_days * 86400)}).drop_duplicates()
    start = df["p"].min()
    df["k"] = df["p"] - start
    first = df.groupby("id")["k"].min()
    repeats = df[df["k"] > df["id"].map(first)]
    for j in range(1, t + 1):
        assert got["actual"][j - 1] == (repeats["k"] < j).sum()
        ages = (j - first[first < j].to_numpy()) * period_days / time_unit_days
        expected = model.expected_number_of_purchases_up_to_time(ages.astype(float)).sum() if ages.size else 0.0
        assert got["predicted"][j - 1] == pytest.approx(expected, rel=1e-12, abs=1e-300)
    assert np.all(np.diff(got["actual"]) >= 0) and np.all(np.diff(got["predicted"]) >= 0)


def test_expected_cumulative_transactions_refuses_bad_input():
    model = segcore.BetaGeoFitter().set_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    with pytest.raises(segcore.InvalidArgumentError):
        segcore.expected_cumulative_transactions(model, [1], [0], 0)
    with pytest.raises(segcore.InvalidArgumentError):
        segcore.expected_cumulative_transactions(model, [], [], 5)


@pytest.mark.parametrize("cls,params", [
    (segcore.BetaGeoFitter, dict(r=0.243, alpha=4.414, a=0.793, b=2.426)),
    (segcore.ModifiedBetaGeoFitter, dict(r=0.525, alpha=6.183, a=0.891, b=1.614)),
    (segcore.ParetoNBDFitter, dict(r=0.55, alpha=10.58, s=0.61, beta=11.67)),
])
def test_probability_alive_matrix_is_the_single_calls(cls, params):
    m = cls().set_params(**params)
    with pytest.raises(segcore.InvalidArgumentError):
        m.conditional_probability_alive_matrix()  # not fitted on data: no default extent
    Z = m.conditional_probability_alive_matrix(max_frequency=7, max_recency=11)
    assert Z.shape == (12, 8)
    for tx in range(12):
        for x in range(8):
            if (x == 0) != (tx == 0):
                assert np.isnan(Z[tx, x])
            else:
                assert Z[tx, x] == m.conditional_probability_alive(x, tx, 11)


def test_probability_alive_matrix_bgbb_leaves_out_more_purchases_than_periods():
    m = segcore.BetaGeoBetaBinomFitter().set_params(alpha=1.204, beta=0.750, gamma=0.657, delta=2.783)
    Z = m.conditional_probability_alive_matrix(max_frequency=6, max_recency=6)
    for tx in range(7):
        for x in range(7):
            if (x == 0) != (tx == 0) or x > tx:
                assert np.isnan(Z[tx, x])
            else:
                assert Z[tx, x] == m.conditional_probability_alive(0, x, tx, 6)
