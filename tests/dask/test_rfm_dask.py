"""segcore.dask.rfm equals segcore.rfm on the whole table: quantile edges found exactly over
buckets, rank-mode ties by first appearance across partitions, heavy ties, empty partitions,
custom segment maps and values far from the origin."""
import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

import segcore  # noqa: E402
import segcore.dask  # noqa: E402
from conftest import COLUMNS  # noqa: E402


def single(df, **kw):
    return segcore.rfm(df, **kw)


def check_equal(got, expected):
    got, expected = got.sort_index(), expected.sort_index()
    assert list(got.index) == list(expected.index)
    pd.testing.assert_frame_equal(got[list(expected.columns)], expected, check_dtype=False, check_exact=True)


@pytest.mark.parametrize("mode", ["quantile", "rank"])
@pytest.mark.parametrize("npartitions, n_buckets, bins", [(1, 1, 5), (5, 3, 5), (8, None, 7), (3, 4, 2)])
def test_retail_sample_equals_one_process(client, events, mode, npartitions, n_buckets, bins):
    ddf = dd.from_pandas(events, npartitions=npartitions, sort=False)
    got, edges = segcore.dask.rfm(ddf, **COLUMNS, mode=mode, bins=bins, n_buckets=n_buckets, return_edges=True)
    expected = single(events, **COLUMNS, mode=mode, bins=bins)
    check_equal(got.compute(), expected)
    p = segcore.Profiles.from_pandas(events, **COLUMNS).rfm(bins=bins, mode=mode)
    for mine, theirs in zip(edges, p.edges(bins)):
        np.testing.assert_array_equal(np.asarray(mine), theirs)


def synthetic(n_events, n_customers, seed, offset=0.0, scale=1.0, ties=False):
    """Events with heavy-tailed customers; amounts far from the origin when offset is set; with
    ties, amounts and times drawn from a handful of values so most measures tie."""
    rng = np.random.default_rng(seed)
    ids = rng.zipf(1.6, n_events) % n_customers
    if ties:
        amount = rng.choice([5.0, 10.0, 20.0], n_events)
        seconds = 1_600_000_000 + rng.choice([0, 86_400, 10 * 86_400], n_events)
    else:
        amount = offset + scale * rng.gamma(2.0, 30.0, n_events)
        seconds = 1_600_000_000 + rng.integers(0, 400 * 86_400, n_events)
    return pd.DataFrame({"customer_id": ids.astype(np.int64), "timestamp": seconds, "amount": amount})


@pytest.mark.parametrize("mode", ["quantile", "rank"])
@pytest.mark.parametrize("case", [dict(seed=1), dict(seed=2, ties=True), dict(seed=3, offset=1e9, scale=1e-3),
                                  dict(seed=4, offset=1e6, scale=1e-9)])
def test_shuffled_synthetic_tables_with_empty_partitions(client, mode, case):
    events = synthetic(6000, 900, **case).sample(frac=1.0, random_state=case["seed"]).reset_index(drop=True)
    empty = dd.from_pandas(events.iloc[:0], npartitions=1)
    ddf = dd.concat([empty, dd.from_pandas(events, npartitions=5, sort=False), empty])
    got = segcore.dask.rfm(ddf, mode=mode, n_buckets=3).compute()
    check_equal(got, single(events, mode=mode))
    assert (got["r_score"] > 0).any()


def test_custom_segment_map_is_the_single_process_one(client, events):
    rules = [("Top", 4, 5, 4, 5), ("Recent", 4, 5, 1, 5)]
    ddf = dd.from_pandas(events, npartitions=4, sort=False)
    got = segcore.dask.rfm(ddf, **COLUMNS, segment_map=(rules, 5, "Rest")).compute()
    p = segcore.Profiles.from_pandas(events, **COLUMNS)
    r = p.rfm(segment_map=(rules, 5, "Rest"))
    expected = pd.Series(r.segment, index=pd.Index(p.customer_id).astype(np.int64))
    pd.testing.assert_series_equal(got["segment"].sort_index(), expected.sort_index(), check_names=False,
                                   check_index_type=False)
    assert set(got["segment"]) <= {"Top", "Recent", "Rest", "No Purchase"}


def test_bad_options_are_refused_before_any_work(client, events):
    ddf = dd.from_pandas(events, npartitions=2, sort=False)
    with pytest.raises(segcore.InvalidArgumentError, match="bins is 1"):
        segcore.dask.rfm(ddf, **COLUMNS, bins=1)
    with pytest.raises(segcore.InvalidArgumentError, match="mode is 'fixed'"):
        segcore.dask.rfm(ddf, **COLUMNS, mode="fixed")
