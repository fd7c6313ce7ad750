#!/usr/bin/env python3
"""A 5-clause rule over 1M profile-like rows: segcore.Rule against numpy masks and
pandas DataFrame.query, in one run, interleaved, medians of repeated runs. Each peer's result
is checked equal to segcore's before timing (missing recency never selects).

  SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python \\
    /usr/bin/python3 bench/peers/rules_peers.py [--rows 1000000] [--repeat 7]
"""
import argparse
import statistics
import time

import numpy as np

import segcore

RULE = "recency_days <= 90 and frequency >= 3 and monetary > 200 and avg_order_value < 500 and frequency < 25"


def make(n, seed=42):
    rng = np.random.default_rng(seed)
    recency = rng.integers(0, 721, n).astype(np.float64)
    recency[rng.random(n) < 0.1] = np.nan  # missing for customers without an order
    freq = rng.integers(0, 31, n)
    money = rng.lognormal(5, 1.5, n)
    return {"recency_days": recency, "frequency": freq, "monetary": money,
            "avg_order_value": money / np.maximum(freq, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    d = make(a.rows)
    rule = segcore.Rule(RULE, d)
    peers = {
        "segcore (1 thread)": lambda: rule.evaluate(d, n_threads=1),
        "segcore (2 threads)": lambda: rule.evaluate(d, n_threads=2),
        "numpy masks": lambda: ((d["recency_days"] <= 90) & (d["frequency"] >= 3) & (d["monetary"] > 200)
                                & (d["avg_order_value"] < 500) & (d["frequency"] < 25)),
    }
    try:
        import pandas as pd
        df = pd.DataFrame(d)
        peers["pandas query"] = lambda: df.eval(RULE).to_numpy()
    except ImportError:
        pass
    want = peers["segcore (1 thread)"]()
    for name, f in peers.items():
        assert np.array_equal(np.asarray(f(), dtype=bool), want), name
    times = {name: [] for name in peers}
    for _ in range(a.repeat):
        for name, f in peers.items():
            t0 = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["segcore (1 thread)"])
    print(f"{a.rows} rows, {int(want.sum())} selected; median of {a.repeat} interleaved runs")
    print("| peer | ms | ratio to segcore (1 thread) |\n| --- | --- | --- |")
    for name in peers:
        m = statistics.median(times[name])
        print(f"| {name} | {m * 1e3:.1f} | {m / base:.2f} |")


if __name__ == "__main__":
    main()
