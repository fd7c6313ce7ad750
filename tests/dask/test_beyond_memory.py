"""Past one worker's memory: events that no worker could hold give the one-process profiles and
RFM scores. Four workers at 512 MiB each take SEGCORE_DASK_LARGE million events (generated per
partition, so the client never holds them either); the one-process answer is computed once in
this process, which has the memory for it. It takes minutes, so it runs only when asked:

    SEGCORE_DASK_LARGE=40 meson test -C build dask     (or pytest tests/dask/test_beyond_memory.py)
"""
import os

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import segcore  # noqa: E402
import segcore.dask  # noqa: E402

MILLIONS = int(os.environ.get("SEGCORE_DASK_LARGE", "0"))
pytestmark = pytest.mark.skipif(MILLIONS <= 0, reason="set SEGCORE_DASK_LARGE=<millions of events> to run it")
PER_PARTITION = 250_000
WORKER_MEMORY = "512MiB"


def partition(k):
    """Partition k: a quarter of a million events of skewed customers over two years, orders of several lines."""
    rng = np.random.default_rng(1000 + k)
    n = PER_PARTITION
    customer = (rng.zipf(1.4, n) % 2_000_000).astype(np.int64)
    seconds = 1_600_000_000 + rng.integers(0, 2 * 365 * 86_400, n)
    order = (seconds // 900) * 4_000_000 + customer  # lines of one order share a quarter hour
    amount = np.round(rng.gamma(2.0, 25.0, n), 2)
    return pd.DataFrame({"customer": customer, "time": seconds, "amount": amount, "order": order})


COLUMNS = dict(customer_id_col="customer", timestamp_col="time", amount_col="amount", order_id_col="order")


def test_profiles_and_rfm_beyond_every_workers_memory():
    parts = MILLIONS * 1_000_000 // PER_PARTITION
    events_bytes = parts * partition(0).memory_usage(deep=True).sum()
    assert events_bytes > 512 * 2**20, "the events must exceed a worker's memory limit"
    with distributed.LocalCluster(n_workers=4, threads_per_worker=1, memory_limit=WORKER_MEMORY,
                                  dashboard_address=None, silence_logs=40) as cluster, distributed.Client(cluster):
        ddf = dd.from_map(partition, list(range(parts)), meta=partition(0).iloc[:0])
        profiles = segcore.dask.profiles(ddf, **COLUMNS, n_buckets=max(4, parts // 4)).compute()
        scores = segcore.dask.rfm(ddf, **COLUMNS, n_buckets=max(4, parts // 4)).compute()
    whole = pd.concat([partition(k) for k in range(parts)], ignore_index=True)
    one = segcore.Profiles.from_pandas(whole, **COLUMNS).to_pandas()
    pd.testing.assert_frame_equal(profiles.sort_index(), one.sort_index(), check_dtype=False, check_exact=True)
    del one
    rfm = segcore.rfm(whole, **COLUMNS)
    pd.testing.assert_frame_equal(scores.sort_index()[rfm.columns], rfm.sort_index(), check_dtype=False,
                                  check_exact=True)
