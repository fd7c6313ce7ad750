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


@pytest.mark.parametrize("mode", ["quantile", "rank"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_of_two_halves_merged_equal_the_counts_of_the_whole(mode, seed):
    """Every round's counts (the C ABI state, through its bytes) of the values split in two at a
    random place and merged equal those of all values at once; the selection then gives numpy's
    quantile edges (linear, as segcore.rfm) and its rank bounds."""
    from segcore.dask import _rfm_state
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    values = [rng.choice([-0.0, 0.0, 1.0, 2.5], n), rng.gamma(2.0, 30.0, n) + 1e9 * seed,
              rng.integers(1, 5, n).astype(np.float64)]
    positions = np.arange(n, dtype=np.uint64)
    cut = int(rng.integers(0, n + 1))
    selection = _rfm_state.Selection(5, mode)
    while not selection.done:
        request = selection.request()
        whole = _rfm_state.count(request, values, positions)
        halves = [_rfm_state.count(request, [v[a:b] for v in values], positions[a:b]) for a, b in ((0, cut), (cut, n))]
        merged = _rfm_state.merge_in_order(*halves)
        assert merged == whole
        assert _rfm_state.merge_in_order(*reversed(halves)) == whole  # integer counts: any order
        selection.narrow(merged)
    for m, v in enumerate(values):
        assert selection.n_values(m) == n
        if mode == "quantile":
            s = np.sort(v)  # linear quantiles as segcore.rfm computes them
            lows = [int(np.floor(k * (n - 1) / 5)) for k in range(1, 5)]
            expected = [s[lo] + (k * (n - 1) / 5 - lo) * (s[min(lo + 1, n - 1)] - s[lo]) for k, lo in zip(range(1, 5), lows)]
            np.testing.assert_array_equal(selection.edges(m), np.array(expected) + 0.0)
        else:
            order = np.lexsort((positions, v))  # by value, ties by first appearance
            first = [(n - 1) * k // 5 + 2 for k in range(1, 5) if (n - 1) * k // 5 + 2 <= n]
            bound_values, bound_positions = selection.rank_bounds(m)
            np.testing.assert_array_equal(bound_positions, order[np.array(first, dtype=np.int64) - 1])
            np.testing.assert_array_equal(bound_values, v[order[np.array(first, dtype=np.int64) - 1]] + 0.0)


def test_counts_refuse_corrupt_bytes_and_nan():
    from segcore.dask import _rfm_state
    request = _rfm_state.Selection(5, "quantile").request()
    counts = bytearray(_rfm_state.count(request, [np.arange(10.0)] * 3, None))
    counts[len(counts) // 2] ^= 1
    with pytest.raises(segcore.CorruptDataError, match="checksum"):
        _rfm_state.merge_in_order(bytes(counts))
    with pytest.raises(segcore.InvalidArgumentError, match="value 3 is NaN"):
        _rfm_state.count(request, [np.arange(10.0), np.array([0, 1, 2, np.nan]), np.arange(2.0)], None)
