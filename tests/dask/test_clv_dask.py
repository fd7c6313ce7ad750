"""segcore.dask's CLV against one process: histories equal segcore.summary_data_from_transactions
bit for bit however the transactions are partitioned (customers split between partitions, empty
partitions, credits as the table's last transactions); the fits from the partitions' distinct
history tuples give the one-process parameters within 1e-6 relative; scoring runs per partition."""
import os

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

import segcore  # noqa: E402
import segcore.dask  # noqa: E402
from conftest import killing_a_worker  # noqa: E402

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data")
CDNOW = dict(customer_id_col="customer_id", timestamp_col="date", amount_col="dollar_value")


@pytest.fixture(scope="module")
def cdnow():
    df = pd.read_csv(os.path.join(DATA, "cdnow_sample.csv"), usecols=["customer_id", "date", "dollar_value"])
    df["date"] = pd.to_datetime(df["date"].astype(str), format="%Y%m%d")
    return df


def _partitioned(df, npartitions, seed):
    """The rows in their order, cut at random places (customers split), with empty partitions."""
    rng = np.random.default_rng(seed)
    cuts = np.sort(rng.choice(np.arange(1, len(df)), npartitions - 1, replace=False))
    bounds = [0, *cuts.tolist(), len(df)]
    pieces = [df.iloc[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
    empty = df.iloc[:0]
    return dd.concat([dd.from_pandas(p, npartitions=1, sort=False) for p in [empty] + pieces + [empty]])


def _check_same(got, expected):
    got = got.sort_index()
    assert got.index.dtype == expected.index.dtype
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def _random_transactions(seed, n, text_ids):
    """Purchases with returns, same-second rows and a table that ends with credits (so the
    one-process T runs to a period before its latest transaction)."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, max(2, n // 6), n)
    t = 1_300_000_000 + rng.integers(0, 200 * 86400, n) // 3600 * 3600
    amount = np.round(rng.gamma(2.0, 20.0, n), 2)
    returns = rng.random(n) < 0.08
    amount[returns] = -amount[returns]
    # The table's last three transactions: credits of earlier purchases, days after the rest.
    last = np.flatnonzero(~returns)[:3]
    tail = pd.DataFrame({"customer": ids[last], "time": t.max() + 86400 * np.array([3, 5, 9]),
                         "amount": -amount[last]})
    df = pd.concat([pd.DataFrame({"customer": ids, "time": t, "amount": amount}), tail], ignore_index=True)
    df["time"] = pd.to_datetime(df["time"], unit="s")
    if text_ids:
        df["customer"] = "c" + df["customer"].astype(str)
    return df


@pytest.mark.parametrize("npartitions, n_buckets", [(1, 1), (4, 3), (9, None)])
def test_cdnow_histories_equal_one_process(client, cdnow, npartitions, n_buckets):
    kw = dict(CDNOW, time_unit_days=7, calibration_end="1997-09-30")
    got = segcore.dask.summary_data_from_transactions(_partitioned(cdnow, npartitions, npartitions), **kw,
                                                      n_buckets=n_buckets)
    assert got.npartitions == (n_buckets or npartitions + 2)
    _check_same(got.compute(), segcore.summary_data_from_transactions(cdnow, **kw))


@pytest.mark.parametrize("seed, n, text_ids, options", [
    (1, 997, False, {}),
    (2, 4001, True, {"period_days": 7, "time_unit_days": 7}),
    (3, 2503, False, {"time_unit_days": 7, "period_anchor": "2011-03-02"}),
    (4, 53, True, {}),
])
def test_random_transactions_ending_with_credits(client, seed, n, text_ids, options):
    df = _random_transactions(seed, n, text_ids)
    kw = dict(customer_id_col="customer", timestamp_col="time", amount_col="amount", **options)
    one = segcore.summary_data_from_transactions(df, **kw)
    # The class this test is about: T ends before the period of the latest transaction.
    full = segcore.summary_data_from_transactions(df, **kw, calibration_end=df["time"].max())
    assert (one["T"].max() < full["T"].max()) and len(one) == len(full)
    got = segcore.dask.summary_data_from_transactions(_partitioned(df, 5, seed), **kw, n_buckets=4).compute()
    _check_same(got, one)


def test_shuffled_rows_give_the_summary_of_that_order(client, cdnow):
    shuffled = cdnow.sample(frac=1.0, random_state=5).reset_index(drop=True)
    ddf = dd.from_pandas(shuffled, npartitions=6, sort=False)
    got = segcore.dask.summary_data_from_transactions(ddf, **CDNOW, n_buckets=2).compute()
    _check_same(got, segcore.summary_data_from_transactions(shuffled, **CDNOW))


@pytest.mark.parametrize("column, value, what", [("date", pd.NaT, "date is missing or not a time"),
                                                  ("customer_id", None, "customer_id is missing")])
def test_a_bad_row_fails_naming_its_column_and_label(client, cdnow, column, value, what):
    bad = cdnow.copy()
    if value is None:
        bad[column] = bad[column].astype(object)
    bad.loc[4017, column] = value
    ddf = dd.from_pandas(bad, npartitions=3, sort=False)
    with pytest.raises(segcore.InvalidArgumentError, match=f"{what} .* in the row labelled 4017"):
        segcore.dask.summary_data_from_transactions(ddf, **CDNOW).compute()


def _relative(a, b):
    return max(abs(a[k] - b[k]) / abs(b[k]) for k in b)


@pytest.fixture(scope="module")
def cdnow_histories(cdnow):
    return segcore.summary_data_from_transactions(cdnow, **CDNOW, time_unit_days=7, calibration_end="1997-09-30")


@pytest.mark.parametrize("model", [segcore.BetaGeoFitter, segcore.ParetoNBDFitter, segcore.ModifiedBetaGeoFitter])
def test_purchase_fits_equal_one_process(client, cdnow, cdnow_histories, model):
    kw = dict(CDNOW, time_unit_days=7, calibration_end="1997-09-30")
    histories = segcore.dask.summary_data_from_transactions(_partitioned(cdnow, 5, 11), **kw, n_buckets=3)
    got = segcore.dask.fit(model(), histories)
    h = cdnow_histories
    one = model().fit(h["frequency"], h["recency"], h["T"])
    assert _relative(got.params_, one.params_) < 1e-6
    assert got.n_distinct_rows_ == one.n_distinct_rows_ < len(h)


def test_gamma_gamma_fit_equals_one_process(client, cdnow_histories):
    h = cdnow_histories
    histories = dd.concat([dd.from_pandas(h.iloc[:0], npartitions=1), dd.from_pandas(h, npartitions=7, sort=False)])
    got = segcore.dask.fit(segcore.GammaGammaFitter(), histories)
    repeat = h[h["frequency"] > 0]
    one = segcore.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    assert _relative(got.params_, one.params_) < 1e-6


def test_weights_and_counts_add_across_partitions(client, cdnow_histories):
    h = cdnow_histories.reset_index(drop=True)
    h["w"] = 1.0 + (np.arange(len(h)) % 3)
    rows, weights = segcore.dask.history_counts(dd.from_pandas(h, npartitions=5, sort=False),
                                                ("frequency", "recency", "T"), weights_col="w")
    expected = h.groupby(["frequency", "recency", "T"])["w"].sum()
    assert weights.sum() == h["w"].sum() and len(rows) == len(expected)
    np.testing.assert_array_equal(rows, np.array(expected.index.tolist()))
    np.testing.assert_array_equal(weights, expected.to_numpy())
    got = segcore.dask.fit(segcore.BetaGeoFitter(), dd.from_pandas(h, npartitions=5, sort=False), weights_col="w")
    one = segcore.BetaGeoFitter().fit(h["frequency"], h["recency"], h["T"], weights=h["w"])
    assert _relative(got.params_, one.params_) < 1e-6


def test_a_history_that_is_not_finite_fails_naming_it(client, cdnow_histories):
    bad = cdnow_histories.copy()
    bad.iloc[40, bad.columns.get_loc("recency")] = np.nan
    with pytest.raises(segcore.InvalidArgumentError, match="recency"):
        segcore.dask.fit(segcore.BetaGeoFitter(), dd.from_pandas(bad, npartitions=3))
    with pytest.raises(segcore.InvalidArgumentError, match="no column 'T'"):
        segcore.dask.fit(segcore.BetaGeoFitter(), dd.from_pandas(bad.drop(columns="T"), npartitions=3))


def test_scoring_per_partition_with_a_fitted_model(client, cdnow_histories):
    h = cdnow_histories
    model = segcore.BetaGeoFitter().fit(h["frequency"], h["recency"], h["T"])
    spend = segcore.GammaGammaFitter().fit(h["frequency"], h["monetary_value"])

    def score(part, model, spend):
        return pd.DataFrame({
            "alive": model.conditional_probability_alive(part["frequency"], part["recency"], part["T"]),
            "clv": spend.customer_lifetime_value(model, part["frequency"], part["recency"], part["T"],
                                                 part["monetary_value"], time=12),
        }, index=part.index)

    ddf = dd.from_pandas(h, npartitions=4)
    got = ddf.map_partitions(score, model, spend, meta={"alive": "f8", "clv": "f8"}).compute()
    one = score(h, model, spend)
    pd.testing.assert_series_equal(got["alive"], one["alive"], check_exact=True)
    # BG/NBD's conditional expectation tables its series per frequency for the batch's
    # smallest T, so a row's last bits depend on the rows scored with it.
    pd.testing.assert_series_equal(got["clv"], one["clv"], check_exact=False, rtol=1e-12, atol=0)


def test_bgbb_fit_on_periods_equals_one_process(client):
    # Discrete time: six purchase opportunities, each taken with a customer's own probability.
    rng = np.random.default_rng(7)
    bought = rng.random((3000, 6)) < rng.beta(1.2, 2.0, (3000, 1))
    last = np.where(bought.any(axis=1), 6 - np.argmax(bought[:, ::-1], axis=1), 0)
    h = pd.DataFrame({"frequency": bought.sum(axis=1).astype(float), "recency": last.astype(float), "T": 6.0})
    got = segcore.dask.fit(segcore.BetaGeoBetaBinomFitter(), dd.from_pandas(h, npartitions=4))
    one = segcore.BetaGeoBetaBinomFitter().fit(h["frequency"], h["recency"], h["T"])
    assert _relative(got.params_, one.params_) < 1e-6


def test_a_negative_frequency_is_refused_not_skipped(client, cdnow_histories):
    bad = cdnow_histories.copy()
    bad.iloc[3, bad.columns.get_loc("frequency")] = -1.0
    with pytest.raises(segcore.InvalidArgumentError, match="frequency"):
        segcore.dask.fit(segcore.GammaGammaFitter(), dd.from_pandas(bad, npartitions=2))


def test_a_worker_killed_mid_job_changes_nothing(client, cdnow, tmp_path):
    marker = str(tmp_path / "killed")
    doomed = killing_a_worker(dd.from_pandas(cdnow, npartitions=6, sort=False), marker)
    kw = dict(CDNOW, time_unit_days=7)
    got = segcore.dask.summary_data_from_transactions(doomed, **kw, n_buckets=3)
    fitted = segcore.dask.fit(segcore.ParetoNBDFitter(), got)
    assert os.path.exists(marker)
    one = segcore.summary_data_from_transactions(cdnow, **kw)
    _check_same(got.compute(), one)
    expected = segcore.ParetoNBDFitter().fit(one["frequency"], one["recency"], one["T"])
    assert _relative(fitted.params_, expected.params_) < 1e-6


def test_merged_halves_of_the_counts_equal_the_whole(cdnow_histories):
    from segcore.dask import _states
    h = cdnow_histories.reset_index(drop=True)
    rng = np.random.default_rng(3)
    w = rng.uniform(0.1, 3.0, len(h))  # sums of these depend on their order, unless exact
    for spend, columns in ((False, ["frequency", "recency", "T"]), (True, ["frequency", "monetary_value"])):
        rows = h[columns].to_numpy()
        whole = _states.HistoryCounts.create(spend)
        whole.accumulate(rows, w)
        half = len(h) // 3
        parts = []
        for a, b in ((half, len(h)), (0, half)):  # merged in the other order
            part = _states.HistoryCounts.create(spend)
            part.accumulate(rows[a:b], w[a:b], a)
            parts.append(part.to_bytes())
        merged = _states.HistoryCounts.from_bytes(_states.merged(_states.HistoryCounts, parts))
        got, expected = merged.table(), whole.table()
        np.testing.assert_array_equal(got[0], expected[0])
        np.testing.assert_array_equal(got[1], expected[1])
        kept = h[h["frequency"] != 0] if spend else h
        grouped = pd.DataFrame(kept[columns]).assign(w=w[kept.index]).groupby(columns)["w"].sum()
        np.testing.assert_array_equal(got[0], np.array(grouped.index.tolist()))
        np.testing.assert_allclose(got[1], grouped.to_numpy(), rtol=1e-14)


def test_counts_are_the_same_bits_whatever_the_partitions(client, cdnow_histories):
    h = cdnow_histories.reset_index(drop=True)
    h["w"] = np.random.default_rng(8).uniform(0.5, 2.0, len(h))
    got = [segcore.dask.history_counts(dd.from_pandas(h, npartitions=p, sort=False), ("frequency", "recency", "T"),
                                       weights_col="w") for p in (1, 3, 8, 17)]
    for rows, weights in got[1:]:
        np.testing.assert_array_equal(rows, got[0][0])
        np.testing.assert_array_equal(weights, got[0][1])


def test_gamma_gamma_from_transactions_end_to_end(client, cdnow):
    # Transactions partitioned with customers split, histories on the cluster, the spend fit on
    # the cluster's counts: the one-process fit on the one-process summary within 1e-6.
    kw = dict(CDNOW, time_unit_days=7, calibration_end="1997-09-30")
    histories = segcore.dask.summary_data_from_transactions(_partitioned(cdnow, 6, 17), **kw, n_buckets=4)
    got = segcore.dask.fit(segcore.GammaGammaFitter(), histories)
    one = segcore.summary_data_from_transactions(cdnow, **kw)
    repeat = one[one["frequency"] > 0]
    expected = segcore.GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    assert _relative(got.params_, expected.params_) < 1e-6
