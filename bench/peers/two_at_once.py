"""The machine's own ceiling for two workers: one single-threaded job alone, then two copies of
it at once (each on its own input), R times, alternating. On a machine whose two cores are
fully independent the pair takes as long as one job (2.00x the throughput); shared caches,
memory bandwidth or a host that shares the cores lower that. A benchmark, not a test.

    SEGCORE_CLI=build/tools/cli/segcore /usr/bin/python3 bench/peers/two_at_once.py \\
        A.csv B.csv [--repeat 5]

The job is `segcore rfm --threads 1` on a CSV of customer_id,timestamp,amount[,order_id].
"""
import argparse
import os
import statistics
import subprocess
import tempfile
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("first")
    ap.add_argument("second")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    cli = os.environ.get("SEGCORE_CLI", "build/tools/cli/segcore")
    with tempfile.TemporaryDirectory() as out:
        def job(path, k):
            return subprocess.Popen([cli, "rfm", "--threads", "1", "--output", os.path.join(out, f"{k}.csv"), path],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def timed(paths):
            t = time.perf_counter()
            jobs = [job(p, k) for k, p in enumerate(paths)]
            if any(j.wait() for j in jobs):
                raise SystemExit("a job failed")
            return time.perf_counter() - t

        alone, pair = [], []
        for _ in range(a.repeat):
            alone.append(timed([a.first]))
            pair.append(timed([a.first, a.second]))
    ratios = [2 * x / y for x, y in zip(alone, pair)]
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"one job alone: {statistics.median(alone):.2f} s; two at once: {statistics.median(pair):.2f} s (medians)")
    print(f"two at once over one, throughput: {', '.join(f'{r:.2f}x' for r in ratios)} "
          f"(median {statistics.median(ratios):.2f}x)")


if __name__ == "__main__":
    main()
