"""segcore.dask.profiles and segcore.dask.rfm against Profiles.from_pandas and segcore.rfm on the
same events (a benchmark, not a test).

    SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python /usr/bin/python3 bench/peers/dask_profiles.py \
        [--events 2000000] [--customers 200000] [--partitions 8] [--allocator dask|plain|both]

Prints wall times for one process, one and two worker processes, the size of a partition's
partial state and the cost of merging it, with the load average. The events are persisted on
the workers before the clock starts, as a table read on the workers would be. --allocator:
workers started as Dask starts them (`dask`, with MALLOC_TRIM_THRESHOLD_) or without that
variable (`plain`; docs/guides/dask.md, "On a real cluster").
"""
import argparse
import os
import time

import numpy as np
import pandas as pd


def events(n, customers, seed=1):
    rng = np.random.default_rng(seed)
    # Skewed customers (a few buy often), epoch-second times over two years, order ids that
    # repeat (lines of one order), some returns.
    cust = (rng.zipf(1.3, n) % customers).astype(np.int64)
    t = 1_600_000_000 + rng.integers(0, 2 * 365 * 86400, n)
    order = (t // 600) * 1000 + cust % 1000
    amount = np.round(rng.gamma(2.0, 20.0, n) * np.where(rng.random(n) < 0.03, -1, 1), 2)
    return pd.DataFrame({"customer": cust, "time": t, "amount": amount, "order": order.astype(str)})


def partition_tasks(df, partitions):
    """The partition tasks of segcore.dask.profiles run one after another in the calling process
    (inside a worker when submitted there): (wall seconds, CPU seconds, minor page faults)."""
    import resource

    import numpy as np
    from segcore.dask import _profiles

    spec = ("customer", "time", "amount", "order", None, None)
    options = {"windows": (7, 30, 90), "velocity_days": 30, "trend_weeks": 12}
    parts = [df.iloc[r[0]:r[-1] + 1] for r in np.array_split(np.arange(len(df)), partitions)]
    before, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for part in parts:
        _profiles._partition_stores(part, spec, partitions, options)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - t0, cpu, after.ru_minflt - before.ru_minflt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=2_000_000)
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--allocator", choices=("dask", "plain", "both"), default="both")
    a = ap.parse_args()
    import dask
    import dask.dataframe as dd
    import distributed
    import segcore
    import segcore.dask
    from segcore.rfm import ProfileStore

    df = events(a.events, a.customers)
    cols = dict(customer_id_col="customer", timestamp_col="time", amount_col="amount", order_id_col="order")
    print(f"{a.events} events, {df.customer.nunique()} customers, {a.partitions} partitions; "
          f"load average {os.getloadavg()[0]:.2f}")
    t0 = time.perf_counter()
    one = segcore.Profiles.from_pandas(df, **cols).to_pandas()
    print(f"one process (Profiles.from_pandas): {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    one_rfm = segcore.rfm(df, **cols)
    print(f"one process (segcore.rfm): {time.perf_counter() - t0:.2f} s")
    partition_tasks(df.iloc[:1000], a.partitions)  # warm
    wall, cpu, faults = partition_tasks(df, a.partitions)
    print(f"partition tasks in this process: {wall:.2f} s wall, {cpu:.2f} s CPU, {faults} minor page faults")
    ddf = dd.from_pandas(df, npartitions=a.partitions, sort=False)
    dask_environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ"))
    plain_environ = {k: v for k, v in dask_environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    allocators = ("dask", "plain") if a.allocator == "both" else (a.allocator,)
    for allocator in allocators:
        environ = dask_environ if allocator == "dask" else plain_environ
        for workers in (1, 2):
            # A local nanny also writes its variables into this process's environment, which the
            # next cluster's workers inherit: start each from this process's own setting.
            os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
            with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}), \
                    distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None,
                                             silence_logs=40) as cluster, distributed.Client(cluster) as client:
                client.run(lambda: __import__("segcore.dask"))
                if workers == 1:  # the same tasks inside the worker, data made there: no Dask in between
                    client.submit(partition_tasks, df.iloc[:1000], a.partitions).result()  # warm
                    wall, cpu, faults = client.submit(partition_tasks, client.scatter(df), a.partitions).result()
                    print(f"partition tasks inside a worker, allocator {allocator}: {wall:.2f} s wall, "
                          f"{cpu:.2f} s CPU, {faults} minor page faults")
                on_workers = ddf.persist()
                distributed.wait(on_workers)
                t0 = time.perf_counter()
                got = segcore.dask.profiles(on_workers, **cols).compute()
                wall = time.perf_counter() - t0
                t0 = time.perf_counter()
                scores = segcore.dask.rfm(on_workers, **cols).compute()
                rfm_wall = time.perf_counter() - t0
            same = got.sort_index().equals(one.sort_index())
            same_rfm = scores.sort_index()[one_rfm.columns].equals(one_rfm.sort_index())
            print(f"{workers} worker(s), allocator {allocator}: profiles {wall:.2f} s, equal to one process: {same}; "
                  f"rfm {rfm_wall:.2f} s, equal: {same_rfm}; load average {os.getloadavg()[0]:.2f}")
    # One partition's state for one bucket of 8, and the cost of merging it into another.
    part = df.iloc[: a.events // a.partitions]
    store = ProfileStore()
    for c, t, m, o in zip(part.customer.astype(str), part.time, part.amount, part.order):
        store.add(c, int(t), float(m), o)
    image = store.to_bytes()
    t0 = time.perf_counter()
    merged = ProfileStore()
    merged.merge(ProfileStore.from_bytes(image))
    print(f"a partition's whole state: {len(image) / 1e6:.1f} MB for {len(part)} events; "
          f"from bytes + merge {1e3 * (time.perf_counter() - t0):.1f} ms")


if __name__ == "__main__":
    main()
