#!/usr/bin/env python3
"""segcore's analysis layer against scikit-learn (and scipy), side by side in one run.

For each task both libraries run on the same data in this process, time measured as the best
of --repeats wall-clock runs (slow peers run once), and extra memory measured in a fresh child
process as the peak resident set during the call minus the resident set before it (Linux:
/proc/self/clear_refs resets the peak). Prints a Markdown table; ratios compare figures from
this run only.

  SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python /usr/bin/python3 bench/peers/analysis_peers.py
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

TASKS = {
    # name: (rows, features, description)
    "silhouette": (30000, 16, "exact silhouette_score"),
    "ward": (20000, 16, "Ward linkage, cut into 8 clusters"),
    "average": (6000, 16, "average linkage, cut into 8 clusters"),
    "silhouette_sampled": (200000, 16, "silhouette_score on a 10,000-row sample"),
    "calinski_harabasz": (200000, 16, "calinski_harabasz_score"),
    "davies_bouldin": (200000, 16, "davies_bouldin_score"),
    "adjusted_rand": (1000000, 0, "adjusted_rand_score"),
    "pca": (200000, 16, "PCA fit + transform, all components"),
}


def data(task):
    n, d, _ = TASKS[task]
    rng = np.random.default_rng(0)
    if task == "adjusted_rand":
        a = rng.integers(0, 12, n)
        return a, np.where(rng.random(n) < 0.6, a, rng.integers(0, 12, n))
    centers = rng.uniform(-6, 6, size=(8, d))
    labels = rng.integers(0, 8, n)
    return centers[labels] + rng.normal(size=(n, d)), labels


def runner(task, lib, threads):
    """A function running the task with one library, and its input."""
    X, y = data(task)
    if lib == "segcore":
        import segcore as m
        calls = {
            "silhouette": lambda: m.silhouette_score(X, y, n_threads=threads),
            "ward": lambda: m.AgglomerativeClustering(8, linkage="ward").fit(X).labels_,
            "average": lambda: m.AgglomerativeClustering(8, linkage="average").fit(X).labels_,
            "silhouette_sampled": lambda: m.silhouette_score(X, y, sample_size=10000, random_state=0, n_threads=threads),
            "calinski_harabasz": lambda: m.calinski_harabasz_score(X, y),
            "davies_bouldin": lambda: m.davies_bouldin_score(X, y),
            "adjusted_rand": lambda: m.adjusted_rand_score(X, y),
            "pca": lambda: m.PCA(n_threads=threads).fit(X).transform(X),
        }
    else:
        from sklearn import cluster, decomposition, metrics
        calls = {
            "silhouette": lambda: metrics.silhouette_score(X, y),
            "ward": lambda: cluster.AgglomerativeClustering(8, linkage="ward").fit(X).labels_,
            "average": lambda: cluster.AgglomerativeClustering(8, linkage="average").fit(X).labels_,
            "silhouette_sampled": lambda: metrics.silhouette_score(X, y, sample_size=10000, random_state=0),
            "calinski_harabasz": lambda: metrics.calinski_harabasz_score(X, y),
            "davies_bouldin": lambda: metrics.davies_bouldin_score(X, y),
            "adjusted_rand": lambda: metrics.adjusted_rand_score(X, y),
            "pca": lambda: decomposition.PCA(svd_solver="full").fit(X).transform(X),
        }
    return calls[task]


def rss_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def child(task, lib, threads):
    """Runs once in this fresh process and prints the extra peak memory in MiB."""
    fn = runner(task, lib, threads)
    if lib == "segcore":  # load the library and its kernels first: not part of the call
        import segcore  # noqa: F401
    before = rss_kib("VmRSS")
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    fn()
    print(json.dumps({"extra_mib": (rss_kib("VmHWM") - before) / 1024.0}))


def time_call(fn, repeats):
    best, result = float("inf"), None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tasks", default=",".join(TASKS))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--peer-repeats", type=int, default=1, help="runs of scikit-learn for the slow tasks")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    import segcore
    import sklearn
    print(f"segcore {segcore.__version__} ({segcore.simd_arch()}), scikit-learn {sklearn.__version__}, "
          f"numpy {np.__version__}, {args.threads} threads for segcore, {os.cpu_count()} CPUs")
    print()
    print("| task | data | segcore s | scikit-learn s | speed-up | segcore extra MiB | scikit-learn extra MiB | agree |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for task in args.tasks.split(","):
        n, d, what = TASKS[task]
        ours_fn, theirs_fn = runner(task, "segcore", args.threads), runner(task, "sklearn", args.threads)
        slow = task in ("silhouette", "ward", "average")
        t_ours, r_ours = time_call(ours_fn, args.repeats)
        t_theirs, r_theirs = time_call(theirs_fn, args.peer_repeats if slow else args.repeats)
        if task in ("ward", "average"):
            from sklearn.metrics import adjusted_rand_score
            agree = f"ARI {adjusted_rand_score(r_ours, r_theirs):.6f}"
        elif task == "pca":
            agree = f"max |diff| {np.max(np.abs(np.abs(r_ours) - np.abs(r_theirs))):.1e}"
        elif task == "silhouette_sampled":
            agree = f"{r_ours:.4f} vs {r_theirs:.4f} (different samples)"
        else:
            agree = f"|diff| {abs(r_ours - r_theirs):.1e}"
        mem = []
        for lib in ("segcore", "sklearn"):
            out = subprocess.run([sys.executable, __file__, "--child", task, lib, str(args.threads)],
                                 capture_output=True, text=True, check=True, env=os.environ).stdout
            mem.append(json.loads(out.strip().splitlines()[-1])["extra_mib"])
        shape = f"{n:,} x {d}" if d else f"{n:,} labels"
        print(f"| {what} | {shape} | {t_ours:.3f} | {t_theirs:.3f} | {t_theirs / t_ours:.1f}x | "
              f"{mem[0]:.1f} | {mem[1]:.1f} | {agree} |", flush=True)


if __name__ == "__main__":
    main()
