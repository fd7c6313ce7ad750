"""CSV files to profiles on a Dask cluster: dask.dataframe.read_csv + segcore.dask.profiles
against segcore.dask.profiles_from_csv (segcore's own reader, one task per file), beside the
one-process Profiles.from_csv of the same rows (a benchmark, not a test). With --rfm, also RFM:
dd.read_csv + segcore.dask.rfm, and segcore.dask.rfm_from_csv on the files and on the one whole
file cut into --blocksize byte ranges, against one process on segcore's reader
(Profiles.from_csv + rfm, one thread and every thread) and, with --pandas, pandas.read_csv +
segcore.rfm.

    SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python /usr/bin/python3 bench/peers/dask_csv.py \
        [--events 2000000] [--customers 200000] [--files 8] [--times epoch|iso|both] [--workers 1,2] [--rfm [--rfm-only]] \
        [--blocksize 16MiB] [--pandas]

Workers run without Dask's MALLOC_TRIM_THRESHOLD_ (docs/guides/dask.md, "On a real cluster").
Prints wall times, whether each result equals the one-process profiles, each worker's peak
resident memory, and the load average.
"""
import argparse
import os
import tempfile
import time

import numpy as np
import pandas as pd


def write_files(folder, n, customers, n_files, form, seed=1):
    rng = np.random.default_rng(seed)
    cust = (rng.zipf(1.3, n) % customers).astype(np.int64)
    t = 1_600_000_000 + rng.integers(0, 2 * 365 * 86400, n)
    order = (t // 600) * 1000 + cust % 1000
    amount = np.round(rng.gamma(2.0, 20.0, n) * np.where(rng.random(n) < 0.03, -1, 1), 2)
    times = t if form == "epoch" else pd.to_datetime(t, unit="s").strftime("%Y-%m-%dT%H:%M:%SZ")
    df = pd.DataFrame({"customer_id": cust, "timestamp": times, "amount": amount, "order_id": order})
    paths = []
    for k, rows in enumerate(np.array_split(np.arange(n), n_files)):
        path = os.path.join(folder, f"{form}-{k:03d}.csv")
        df.iloc[rows[0]:rows[-1] + 1].to_csv(path, index=False)
        paths.append(path)
    whole = os.path.join(folder, f"{form}-whole.csv")
    df.to_csv(whole, index=False)
    return paths, whole, sum(os.path.getsize(p) for p in paths)


def one_process_rfm(segcore, path, threads):
    """segcore.rfm's table for a CSV file read by segcore's reader in this process."""
    p = segcore.Profiles.from_csv(path, order="order_id", mode="strict", n_threads=threads)
    r = p.rfm()
    recency = p.column("recency_days").astype(np.float64)
    recency[~p.valid("recency_days")] = np.nan
    return pd.DataFrame({"recency_days": recency, "frequency": p.column("frequency"),
                         "monetary": p.column("monetary"), "r_score": r.r_score, "f_score": r.f_score,
                         "m_score": r.m_score, "segment": r.segment},
                        index=pd.Index(np.asarray(p.customer_id, dtype=object), name="customer_id"))


def peak_rss_mib():
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: that one keeps
    the peak of the process a worker was forked from (the client, holding the test data)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=2_000_000)
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--times", choices=("epoch", "iso", "both"), default="both")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--rfm", action="store_true", help="also dd.read_csv + segcore.dask.rfm against segcore.rfm")
    ap.add_argument("--rfm-only", action="store_true", help="with --rfm: skip the profiles runs")
    ap.add_argument("--blocksize", default="16MiB", help="byte ranges of the whole file for rfm_from_csv")
    ap.add_argument("--pandas", action="store_true", help="with --rfm: also pandas.read_csv + segcore.rfm")
    a = ap.parse_args()
    import dask
    import dask.dataframe as dd
    import distributed
    import segcore
    import segcore.dask

    cols = dict(order_id_col="order_id")
    environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()
               if k != "MALLOC_TRIM_THRESHOLD_"}
    forms = ("epoch", "iso") if a.times == "both" else (a.times,)
    with tempfile.TemporaryDirectory() as folder:
        for form in forms:
            paths, whole, size = write_files(folder, a.events, a.customers, a.files, form)
            print(f"{a.events} events ({form} times, {size / 1e6:.0f} MB in {a.files} files), "
                  f"{a.customers} customers drawn; load average {os.getloadavg()[0]:.2f}")
            if not a.rfm_only:
                t0 = time.perf_counter()
                one = segcore.Profiles.from_csv(whole, order="order_id").to_pandas().sort_index()
                print(f"  one process, Profiles.from_csv: {time.perf_counter() - t0:.2f} s")
            one_rfm = None
            if a.rfm:
                for threads in (1, os.cpu_count()):
                    t0 = time.perf_counter()
                    one_rfm = one_process_rfm(segcore, whole, threads)
                    print(f"  one process, Profiles.from_csv + rfm, {threads} thread(s): "
                          f"{time.perf_counter() - t0:.2f} s; load average {os.getloadavg()[0]:.2f}")
                one_rfm = one_rfm.sort_index()
            if a.rfm and a.pandas:
                t0 = time.perf_counter()
                table = pd.read_csv(whole, dtype={"customer_id": str, "order_id": str})
                by_pandas = segcore.rfm(table, **cols).sort_index()
                print(f"  one process, pandas.read_csv + segcore.rfm: {time.perf_counter() - t0:.2f} s "
                      f"(equal: {by_pandas.equals(one_rfm)})")
                del table, by_pandas
            for workers in (int(w) for w in a.workers.split(",")):
                os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
                with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}), \
                        distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None,
                                                 silence_logs=40) as cluster, distributed.Client(cluster) as client:
                    client.run(lambda: __import__("segcore.dask"))
                    ddf = dd.read_csv(paths, dtype={"customer_id": str, "order_id": str}, blocksize=None)
                    if not a.rfm_only:
                        t0 = time.perf_counter()
                        by_pandas = segcore.dask.profiles(ddf, **cols).compute()
                        pandas_wall = time.perf_counter() - t0
                        pandas_peak = max(client.run(peak_rss_mib).values())
                    if a.rfm:
                        t0 = time.perf_counter()
                        scores = segcore.dask.rfm(ddf, **cols).compute()
                        rfm_wall = time.perf_counter() - t0
                        same = scores.sort_index()[one_rfm.columns].equals(one_rfm)
                        print(f"  {workers} worker(s): dd.read_csv + segcore.dask.rfm {rfm_wall:.2f} s (equal: {same}, "
                              f"peak worker {max(client.run(peak_rss_mib).values()):.0f} MiB)")
                for label, source, blocksize in ((("files", paths, None), ("whole file", whole, a.blocksize))
                                                 if a.rfm else ()):
                    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}), \
                            distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None,
                                                     silence_logs=40) as cluster, distributed.Client(cluster) as client:
                        client.run(lambda: __import__("segcore.dask"))
                        t0 = time.perf_counter()
                        scores = segcore.dask.rfm_from_csv(source, **cols, blocksize=blocksize).compute()
                        rfm_wall = time.perf_counter() - t0
                        scores.index.name = one_rfm.index.name
                        same = scores.sort_index()[one_rfm.columns].equals(one_rfm)
                        print(f"  {workers} worker(s): rfm_from_csv ({label}, blocksize {blocksize}) "
                              f"{rfm_wall:.2f} s (equal: {same}, peak worker "
                              f"{max(client.run(peak_rss_mib).values()):.0f} MiB); "
                              f"load average {os.getloadavg()[0]:.2f}")
                if a.rfm_only:
                    continue
                with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}), \
                        distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None,
                                                 silence_logs=40) as cluster, distributed.Client(cluster) as client:
                    client.run(lambda: __import__("segcore.dask"))
                    t0 = time.perf_counter()
                    by_segcore = segcore.dask.profiles_from_csv(paths, **cols).compute()
                    segcore_wall = time.perf_counter() - t0
                    segcore_peak = max(client.run(peak_rss_mib).values())
                same_pandas = by_pandas.sort_index().equals(one)
                same_segcore = by_segcore.sort_index().equals(one)
                print(f"  {workers} worker(s): dd.read_csv + profiles {pandas_wall:.2f} s (equal: {same_pandas}, "
                      f"peak worker {pandas_peak:.0f} MiB); profiles_from_csv {segcore_wall:.2f} s "
                      f"(equal: {same_segcore}, peak worker {segcore_peak:.0f} MiB); "
                      f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
