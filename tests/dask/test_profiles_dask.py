"""segcore.dask.profiles equals Profiles.from_pandas on the whole table, however the events are
partitioned: orders and customers split between partitions, shuffled rows, empty partitions."""
import os

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

import segcore  # noqa: E402
import segcore.dask  # noqa: E402
from conftest import COLUMNS, killing_a_worker  # noqa: E402


def single(df, **kw):
    return segcore.Profiles.from_pandas(df, **COLUMNS, **kw).to_pandas()


def check_equal(got, expected):
    got = got.sort_index()
    expected = expected.sort_index()
    assert list(got.columns) == list(expected.columns)
    assert list(got.index) == list(expected.index)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_exact=True)


@pytest.mark.parametrize("npartitions, n_buckets", [(1, 1), (3, 2), (7, None), (16, 5)])
def test_partitions_of_the_file_order(client, events, npartitions, n_buckets):
    ddf = dd.from_pandas(events, npartitions=npartitions, sort=False)
    got = segcore.dask.profiles(ddf, **COLUMNS, n_buckets=n_buckets)
    assert got.npartitions == (n_buckets or npartitions)
    check_equal(got.compute(), single(events))


def test_shuffled_rows_and_empty_partitions(client, events):
    shuffled = events.sample(frac=1.0, random_state=3).reset_index(drop=True)
    empty = dd.from_pandas(shuffled.iloc[:0], npartitions=1)
    ddf = dd.concat([empty, dd.from_pandas(shuffled, npartitions=6, sort=False), empty])
    check_equal(segcore.dask.profiles(ddf, **COLUMNS, n_buckets=3).compute(), single(shuffled))


def test_as_of_and_windows_are_the_single_process_ones(client, events):
    ddf = dd.from_pandas(events, npartitions=4, sort=False)
    kw = dict(as_of="2011-12-31", windows=(14, 60))
    check_equal(segcore.dask.profiles(ddf, **COLUMNS, **kw).compute(), single(events, **kw))


def test_a_row_without_a_time_fails_naming_it(client, events):
    bad = events.copy()
    bad.loc[5, "InvoiceDate"] = None
    ddf = dd.from_pandas(bad, npartitions=3, sort=False)
    with pytest.raises(segcore.InvalidArgumentError, match="InvoiceDate"):
        segcore.dask.profiles(ddf, **COLUMNS).compute()


def test_a_worker_killed_mid_job_changes_nothing(client, events, tmp_path):
    marker = str(tmp_path / "killed")
    doomed = killing_a_worker(dd.from_pandas(events, npartitions=6, sort=False), marker)
    got = segcore.dask.profiles(doomed, **COLUMNS, n_buckets=3).compute()
    assert os.path.exists(marker)
    check_equal(got, single(events))
