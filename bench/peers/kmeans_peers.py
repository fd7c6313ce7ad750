#!/usr/bin/env python3
"""k-means per-iteration time and peak memory: segcore against scikit-learn and faiss.

Every library gets the same float32 data and the same initial centers, runs a fixed number of
Lloyd iterations (tol 0), and is timed in its own child process, so that its peak resident
memory above the loaded data can be read from the kernel. Threads are limited per library
(threadpoolctl for scikit-learn's OpenMP and BLAS, faiss.omp_set_num_threads, n_threads for
segcore). The report also gives this machine's floor per iteration: the larger of
2*N*K*D / (FP32 FMA peak) and N*D*4 bytes / (memory read bandwidth), from bench/machine_peak.

    /usr/bin/python3 bench/peers/kmeans_peers.py --build build-bench [--quick] [--out FILE]

Narrower runs: --sizes 1000000:16:16,... --threads 2 --segcore-only --no-convergence; --repeat R
runs every library R times, interleaved, and shows medians; --baseline DIR also times another
segcore build (say, of the main branch) in the same run, as its own column.
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

SIZES = [(1_000_000, 16, 16), (1_000_000, 8, 64), (200_000, 64, 32)]
QUICK_SIZES = [(100_000, 16, 16), (100_000, 8, 64), (20_000, 64, 32)]
ITERS = 20


def child(args):
    """Runs one fit in this process and prints a JSON line with time and memory."""
    import numpy as np
    X = np.load(args.data)
    init = np.load(args.init)
    lib, alg, threads = args.lib, args.alg, args.threads
    if lib == "segcore":
        import segcore
        km = segcore.KMeans(init.shape[0], init=init, max_iter=args.iters, tol=args.tol, algorithm=alg,
                            n_threads=threads)
        fit = lambda: km.fit(X)
        result = lambda: (km.n_iter_, km.inertia_)
    elif lib == "sklearn":
        import threadpoolctl
        from sklearn.cluster import KMeans
        limiter = threadpoolctl.threadpool_limits(limits=threads)
        km = KMeans(init.shape[0], init=init, n_init=1, max_iter=args.iters, tol=args.tol, algorithm=alg)
        fit = lambda: km.fit(X)
        result = lambda: (km.n_iter_, km.inertia_)
    else:
        import faiss
        faiss.omp_set_num_threads(threads)
        km = faiss.Kmeans(X.shape[1], init.shape[0], niter=args.iters, verbose=False, seed=1,
                          max_points_per_centroid=1 << 30)
        fit = lambda: km.train(X, init_centroids=init.astype(np.float32))
        result = lambda: (args.iters, float(km.obj[-1]) if len(km.obj) else float("nan"))
    base_kb = reset_peak_rss()
    start = time.perf_counter()
    fit()
    seconds = time.perf_counter() - start
    peak_kb = read_status_kb("VmHWM")
    n_iter, inertia = result()
    print(json.dumps({"seconds": seconds, "n_iter": int(n_iter), "inertia": float(inertia),
                      "extra_mb": (peak_kb - base_kb) / 1024.0}))


def read_status_kb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak_rss():
    """Resets the kernel's peak-RSS mark to the current RSS and returns that, in KiB, so the
    peak read after a fit is the fit's own high-water mark above what was loaded before."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return read_status_kb("VmRSS")


def run_child(script, env, **kw):
    cmd = [sys.executable, script, "--child"] + [f"--{k}={v}" for k, v in kw.items()]
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def machine_peak(build):
    exe = pathlib.Path(build) / "bench" / "machine_peak"
    figures = {}
    for line in subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout.splitlines():
        name, value = line.split()
        figures[name] = float(value)
    return figures


def blas_info():
    try:
        import threadpoolctl
        import numpy  # noqa: F401  (loads the BLAS)
        import sklearn.cluster  # noqa: F401
        return "; ".join(f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture', i.get('threading_layer', ''))}, "
                         f"{pathlib.Path(i['filepath']).name})" for i in threadpoolctl.threadpool_info())
    except Exception as e:  # noqa: BLE001
        return f"unknown ({e})"


def segcore_env(root, build):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)  # never pin OpenBLAS to older kernels
    env["PYTHONPATH"] = str(root / "python")
    env["SEGCORE_LIBRARY"] = str(next((root / build).glob("libsegcore.so.*.*")))
    return env


def median_run(runs):
    """The run with the median time of several (the lower middle one for an even count)."""
    return sorted(runs, key=lambda r: r["seconds"])[(len(runs) - 1) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", action="store_true")
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--quick", action="store_true", help="10x smaller sizes, for a smoke run")
    ap.add_argument("--out", help="also write the markdown table here")
    ap.add_argument("--sizes", help="N:D:K[,N:D:K...] instead of the standard sizes")
    ap.add_argument("--thread-counts", default="1,2", help="comma-separated, default 1,2")
    ap.add_argument("--segcore-only", action="store_true", help="skip scikit-learn and faiss")
    ap.add_argument("--no-convergence", action="store_true", help="skip the convergence table")
    ap.add_argument("--repeat", type=int, default=1, help="runs per library, interleaved; medians shown")
    ap.add_argument("--baseline", help="another segcore build directory, timed in the same run")
    ap.add_argument("--lib"), ap.add_argument("--alg"), ap.add_argument("--threads", type=int)
    ap.add_argument("--data"), ap.add_argument("--init"), ap.add_argument("--iters", type=int, default=ITERS)
    ap.add_argument("--tol", type=float, default=0.0)
    args = ap.parse_args()
    if args.child:
        return child(args)

    import numpy as np
    root = pathlib.Path(__file__).resolve().parents[2]
    env = segcore_env(root, args.build)
    envs = {"segcore": env, "sklearn": env, "faiss": env}
    if args.baseline:
        envs["baseline"] = segcore_env(root, args.baseline)
    libs = [("segcore", "lloyd")] + ([("baseline", "lloyd")] if args.baseline else [])
    if not args.segcore_only:
        libs += [("sklearn", "lloyd"), ("sklearn", "elkan"), ("faiss", "-")]
    sizes = ([tuple(int(v) for v in s.split(":")) for s in args.sizes.split(",")] if args.sizes
             else QUICK_SIZES if args.quick else SIZES)
    load_start = os.getloadavg()[0]
    peak = machine_peak(args.build)
    base_cols = " baseline ms/iter | baseline / segcore |" if args.baseline else ""
    lines = [f"Machine: FP32 FMA peak {peak['fma_gflops_1t']:.0f} GFLOP/s (1 thread), {peak['fma_gflops_2t']:.0f} (2); "
             f"read bandwidth {peak['read_gbps_1t']:.1f} GB/s (1 thread), {peak['read_gbps_2t']:.1f} (2).",
             f"BLAS seen by numpy/scikit-learn: {blas_info()}.", "",
             f"Load average at start: {load_start:.2f} (cores: {os.cpu_count()}); medians of {args.repeat} interleaved runs.", "",
             "| N | D | K | threads | segcore lloyd ms/iter |" + base_cols + " sklearn lloyd ms/iter | sklearn elkan ms/iter "
             "| faiss ms/iter | sklearn / segcore | floor ms | segcore / floor | extra MB segcore / sklearn / faiss |",
             "|---|---|---|---|---|" + ("---|---|" if args.baseline else "") + "---|---|---|---|---|---|---|"]
    conv = ["", "Convergence (tol 1e-4, max_iter 300), total seconds, 2 threads:", "",
            "| N | D | K | segcore lloyd s (iters) | segcore hamerly s (iters) | sklearn lloyd s (iters) | sklearn elkan s (iters) |",
            "|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for n, d, k in sizes:
            rng = np.random.default_rng(n + d + k)
            centers = rng.uniform(-5, 5, size=(k, d))
            X = (centers[rng.integers(0, k, size=n)] + rng.normal(size=(n, d))).astype(np.float32)
            init = X[rng.choice(n, size=k, replace=False)].astype(np.float64)
            data, init_file = f"{tmp}/x.npy", f"{tmp}/init.npy"
            np.save(data, X)
            np.save(init_file, init)
            del X
            floor_ms = 1e3 * max(2.0 * n * k * d / (peak["fma_gflops_2t"] * 1e9), n * d * 4 / (peak["read_gbps_2t"] * 1e9))
            for threads in (int(t) for t in args.thread_counts.split(",")):
                runs = {key: [] for key in libs}
                for _ in range(args.repeat):
                    for lib, alg in libs:
                        runs[(lib, alg)].append(run_child(__file__, envs[lib], lib="segcore" if lib == "baseline" else lib,
                                                          alg=alg, threads=threads, data=data, init=init_file, iters=ITERS))
                r = {key: median_run(v) for key, v in runs.items()}
                ms = {key: 1e3 * v["seconds"] / v["n_iter"] for key, v in r.items()}
                floor = floor_ms if threads == 2 else 1e3 * max(2.0 * n * k * d / (peak["fma_gflops_1t"] * 1e9),
                                                                 n * d * 4 / (peak["read_gbps_1t"] * 1e9))
                fmt = lambda key: f"{ms[key]:.2f}" if key in ms else "-"  # noqa: E731
                mb = lambda key: f"{r[key]['extra_mb']:.0f}" if key in r else "-"  # noqa: E731
                seg = ms[("segcore", "lloyd")]
                base = (f" {fmt(('baseline', 'lloyd'))} | {ms[('baseline', 'lloyd')] / seg:.2f}x |" if args.baseline else "")
                ratio = f"{ms[('sklearn', 'lloyd')] / seg:.1f}x" if ("sklearn", "lloyd") in ms else "-"
                lines.append(f"| {n:,} | {d} | {k} | {threads} | {seg:.2f} |{base} {fmt(('sklearn', 'lloyd'))} "
                             f"| {fmt(('sklearn', 'elkan'))} | {fmt(('faiss', '-'))} "
                             f"| {ratio} | {floor:.2f} | {seg / floor:.1f}x "
                             f"| {mb(('segcore', 'lloyd'))} / {mb(('sklearn', 'lloyd'))} / {mb(('faiss', '-'))} |")
                print(lines[-1], flush=True)
            if args.no_convergence:
                continue
            c = {}
            conv_libs = [("segcore", "lloyd"), ("segcore", "hamerly")]
            if not args.segcore_only:
                conv_libs += [("sklearn", "lloyd"), ("sklearn", "elkan")]
            for lib, alg in conv_libs:
                c[(lib, alg)] = run_child(__file__, env, lib=lib, alg=alg, threads=2, data=data, init=init_file,
                                          iters=300, tol=1e-4)
            conv.append(f"| {n:,} | {d} | {k} | " + " | ".join(
                f"{c[key]['seconds']:.2f} ({c[key]['n_iter']})" if key in c else "-" for key in
                (("segcore", "lloyd"), ("segcore", "hamerly"), ("sklearn", "lloyd"), ("sklearn", "elkan"))) + " |")
            print(conv[-1], flush=True)
    lines.append("")
    lines.append(f"Load average at end: {os.getloadavg()[0]:.2f}.")
    if args.no_convergence:
        conv = []
    report = "\n".join(lines + conv) + "\n"
    print(report)
    if args.out:
        pathlib.Path(args.out).write_text(report)


if __name__ == "__main__":
    main()
