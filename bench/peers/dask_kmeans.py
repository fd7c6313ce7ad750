#!/usr/bin/env python3
"""segcore.dask.KMeans on a local Dask cluster of 1 and 2 worker processes against
segcore.cluster.KMeans in this process (one thread), on the same data (default 1M x 16 float64,
k = 16, 16 partitions), from the same initial centers with tol = 0 and a fixed iteration count.

Reported: wall time per Lloyd iteration (median of the iterations of --iters; each iteration is
one map of the partial state over the partitions and the merge of the states in partition
order, plus the client's round trip), and the cost of the partial-state work per partition:
accumulating one partition, its byte form (to_bytes + from_bytes) and one merge, measured in
this process. Prints a Markdown table. A benchmark, not a test.

  SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python /usr/bin/python3 bench/peers/dask_kmeans.py \
      [--partitions 16] [--repeats 5] [--profiler on|off|both]
"""
import argparse
import os
import statistics
import time

import numpy as np


def data(n, d, k, seed):
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-10, 10, (k, d))
    return centers[rng.integers(0, k, n)] + rng.normal(size=(n, d)), rng


def per_iteration_dask(x, init, workers, parts, iters, profiler):
    import dask
    import dask.array as da
    import distributed

    from segcore.dask import KMeans
    from segcore.dask import _kmeans_state as state_mod
    from segcore.dask._kmeans_passes import passes

    with dask.config.set({"distributed.worker.profile.enabled": profiler}), \
            distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                     silence_logs=40) as cluster, distributed.Client(cluster):
        X = da.from_array(x, chunks=(-(-len(x) // parts), x.shape[1])).persist()
        distributed.wait(X)
        model = KMeans(n_clusters=len(init), init=init, tol=0.0, max_iter=iters)
        run = passes(X, None, np.float64)  # as fit makes them: one task per worker per pass
        state = state_mod.State.create(init, np.float64)
        times = []
        for _ in range(iters):
            t = time.perf_counter()
            state, _ = run(state.to_bytes()).next()
            times.append(time.perf_counter() - t)
        del run
        t = time.perf_counter()
        fitted = model.fit(X)
        whole = time.perf_counter() - t
        return statistics.median(times), whole, fitted.n_iter_


def per_iteration_local(x, init, iters):
    from segcore.cluster import KMeans
    t = time.perf_counter()
    m = KMeans(n_clusters=len(init), init=init, n_init=1, tol=0.0, max_iter=iters, n_threads=1).fit(x)
    return (time.perf_counter() - t) / m.n_iter_, m.n_iter_


def partition_costs(x, init, parts, repeats=5):
    from segcore.dask import _kmeans_state as s
    rows = -(-len(x) // parts)
    block = np.ascontiguousarray(x[:rows])
    base = s.State.create(init, np.float64).to_bytes()
    acc = min(_timed(lambda: s.accumulate(base, block, None, 0, np.float64)) for _ in range(repeats))
    one = s.accumulate(base, block, None, 0, np.float64)
    trip = min(_timed(lambda: s.State.from_bytes(s.State.from_bytes(one).to_bytes())) for _ in range(repeats))
    states = [one] * parts
    merge = min(_timed(lambda: s.merge_in_order(*states)) for _ in range(repeats)) / parts
    return acc, trip, merge, len(one)


def _timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--features", type=int, default=16)
    p.add_argument("--clusters", type=int, default=16)
    p.add_argument("--partitions", type=int, default=16)
    p.add_argument("--iters", type=int, default=8)
    p.add_argument("--profiler", choices=("on", "off", "both"), default="on",
                   help="Dask's statistical profiler on the workers (on: Dask's default, a sample every 10 ms; "
                        "both: each repeat runs on, then off)")
    p.add_argument("--repeats", type=int, default=1, help="runs of the 1- and 2-worker pair, one after the other")
    args = p.parse_args()
    x, rng = data(args.rows, args.features, args.clusters, 0)
    init = x[rng.choice(len(x), args.clusters, replace=False)]
    local, _ = per_iteration_local(x, init, args.iters)
    print(f"{args.rows} x {args.features}, k = {args.clusters}, {args.partitions} partitions, "
          f"{args.iters} iterations, tol = 0\n")
    print("| run | s per iteration | vs one process | whole fit (s, incl. final pass) | load average |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| segcore.cluster.KMeans, 1 thread | {local:.3f} | 1.00x | - | {os.getloadavg()[0]:.2f} |")
    settings = ("on", "off") if args.profiler == "both" else (args.profiler,)
    ratios = {p: [] for p in settings}
    for _ in range(args.repeats):
        for profiler in settings:
            per = {}
            for workers in (1, 2):
                per[workers], whole, n_iter = per_iteration_dask(x, init, workers, args.partitions, args.iters,
                                                                  profiler == "on")
                print(f"| segcore.dask.KMeans, {workers} worker process{'es' if workers > 1 else ''}, profiler "
                      f"{profiler} | {per[workers]:.3f} | {per[workers] / local:.2f}x | {whole:.2f} ({n_iter} "
                      f"iterations) | {os.getloadavg()[0]:.2f} |")
            ratios[profiler].append(per[1] / per[2])
    for profiler, rs in ratios.items():
        print(f"\n2 workers over 1, per iteration, profiler {profiler}: {', '.join(f'{r:.2f}x' for r in rs)}"
              f" (median {statistics.median(rs):.2f}x)")
    acc, trip, merge, size = partition_costs(x, init, args.partitions)
    print(f"\nper partition ({-(-args.rows // args.partitions)} rows): accumulate {acc * 1e3:.2f} ms, "
          f"state {size} bytes, to_bytes + from_bytes {trip * 1e6:.0f} us, merge {merge * 1e6:.0f} us "
          f"({(trip + merge) / acc * 100:.2f}% of the accumulate)")


if __name__ == "__main__":
    main()
