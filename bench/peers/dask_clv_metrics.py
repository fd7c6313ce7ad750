"""segcore.dask's CLV histories and fit, and its clustering metrics, against one process on the
same data (a benchmark, not a test).

    SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python /usr/bin/python3 bench/peers/dask_clv_metrics.py \
        [--events 1000000] [--customers 100000] [--rows 2000000] [--cols 8] [--partitions 8]

Prints wall times for one process and for one and two worker processes, whether the results
agree, the number of distinct history tuples the fit merges, and the load average.
"""
import argparse
import os
import time
import warnings

import numpy as np
import pandas as pd


def transactions(n, customers, seed=1):
    """Skewed customers over two years of epoch-second times, 3 % returns."""
    rng = np.random.default_rng(seed)
    cust = (rng.zipf(1.3, n) % customers).astype(np.int64)
    t = 1_600_000_000 + rng.integers(0, 2 * 365 * 86400, n)
    amount = np.round(rng.gamma(2.0, 20.0, n) * np.where(rng.random(n) < 0.03, -1, 1), 2)
    return pd.DataFrame({"customer": cust, "time": t, "amount": amount})


def blobs(n, d, k, seed=2):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, k, n)
    return 1e6 + 4 * rng.normal(size=(k, d))[labels] + rng.normal(size=(n, d)), labels


def timed(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--cols", type=int, default=8)
    ap.add_argument("--partitions", type=int, default=8)
    a = ap.parse_args()
    import dask.array as da
    import dask.dataframe as dd
    import distributed
    import segcore
    import segcore.dask
    import segcore.metrics
    warnings.simplefilter("ignore", segcore.DegenerateFitWarning)

    df = transactions(a.events, a.customers)
    cols = dict(customer_id_col="customer", timestamp_col="time", amount_col="amount", time_unit_days=7)
    x, labels = blobs(a.rows, a.cols, 6)
    print(f"{a.events} transactions of {df.customer.nunique()} customers; {a.rows} x {a.cols} rows, 6 clusters; "
          f"{a.partitions} partitions; load average {os.getloadavg()[0]:.2f}")
    one, t_sum = timed(lambda: segcore.summary_data_from_transactions(df, **cols))
    bgf, t_fit = timed(lambda: segcore.BetaGeoFitter().fit(one["frequency"], one["recency"], one["T"]))
    (ch, db), t_metrics = timed(lambda: (segcore.metrics.calinski_harabasz_score(x, labels),
                                         segcore.metrics.davies_bouldin_score(x, labels)))
    # The scores do not change with a translation; x - 1e6 is exact and loses no digits.
    moved = x - 1e6
    ref = (segcore.metrics.calinski_harabasz_score(moved, labels), segcore.metrics.davies_bouldin_score(moved, labels))
    print(f"one process: summary {t_sum:.2f} s, BG/NBD fit {t_fit:.2f} s ({len(one)} customers), "
          f"Calinski-Harabasz + Davies-Bouldin {t_metrics:.2f} s")
    ddf = dd.from_pandas(df, npartitions=a.partitions, sort=False)
    X = da.from_array(x, chunks=(-(-a.rows // a.partitions), a.cols))
    L = da.from_array(labels, chunks=X.chunks[0])
    for workers in (1, 2):
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None,
                                      silence_logs=40) as cluster, distributed.Client(cluster) as client:
            t0 = time.perf_counter()
            histories = segcore.dask.summary_data_from_transactions(ddf, **cols).persist()
            distributed.wait(histories)
            t_dsum = time.perf_counter() - t0
            got = histories.compute()
            fit, t_dfit = timed(lambda: segcore.dask.fit(segcore.BetaGeoFitter(), histories))
            Xp, Lp = client.persist([X, L])
            (dch, ddb), t_dmetrics = timed(lambda: (segcore.dask.calinski_harabasz_score(Xp, Lp),
                                                    segcore.dask.davies_bouldin_score(Xp, Lp)))
        same = got.sort_index().equals(one)
        rel = max(abs(fit.params_[k] / bgf.params_[k] - 1) for k in bgf.params_)
        print(f"{workers} worker(s): summary {t_dsum:.2f} s (equal: {same}), fit {t_dfit:.2f} s "
              f"({fit.n_distinct_rows_} distinct tuples, largest relative parameter difference {rel:.1e}), "
              f"metrics {t_dmetrics:.2f} s (relative differences to one process {abs(dch / ch - 1):.1e}, "
              f"{abs(ddb / db - 1):.1e}; to the data moved to zero {abs(dch / ref[0] - 1):.1e}, "
              f"{abs(ddb / ref[1] - 1):.1e})")


if __name__ == "__main__":
    main()
