#!/usr/bin/env python3
"""segcore.kmeans_predict's rows per second inside PostgreSQL: a cluster of its own (as the
tests make it, tests/postgres/pg_cluster.py), a table of N rows of 3 features, a model fitted
with segcore.kmeans_fit on its first 10,000 rows, then EXPLAIN ANALYZE of a query that scores
every row, against the same query without the call (the scan and array building alone).

    bench/postgres_predict.py BUILD [--rows N] [--k K] [--runs R]

Prints each run's execution times, the medians, rows per second and the load average."""
import argparse
import os
import re
import statistics
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "postgres"))
from pg_cluster import extension_cluster  # noqa: E402


def execution_ms(pg, sql):
    out = pg.psql("EXPLAIN (ANALYZE, TIMING OFF) " + sql).stdout
    return float(re.search(r"Execution Time: ([0-9.]+) ms", out)[1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--k", type=int, default=8)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    with extension_cluster(a.build) as pg:
        pg.psql(f"CREATE TABLE t AS SELECT i, ARRAY[sin(i), cos(i * 1.3), sin(i * 0.7)]::float8[] AS x "
                f"FROM generate_series(1, {a.rows}) i")
        pg.psql("VACUUM ANALYZE t")
        pg.psql(f"CREATE TABLE m AS SELECT segcore.kmeans_fit(array_agg(x ORDER BY i), {a.k}, 1) AS model "
                "FROM t WHERE i <= 10000")
        # The model as a constant, as a client would send it ($1); one decode per query.
        model = pg.psql("SELECT encode(model, 'hex') FROM m").stdout.strip()
        scored = f"SELECT sum(segcore.kmeans_predict('\\x{model}'::bytea, x)) FROM t"
        base = "SELECT sum(array_length(x, 1)) FROM t"
        times = {"kmeans_predict": [], "scan only": []}
        for _ in range(a.runs):
            times["kmeans_predict"].append(execution_ms(pg, scored))
            times["scan only"].append(execution_ms(pg, base))
        for name, ms in times.items():
            print(f"{name}: runs {', '.join(f'{t:.0f}' for t in ms)} ms; median {statistics.median(ms):.0f} ms, "
                  f"{a.rows / (statistics.median(ms) / 1000):,.0f} rows/s")
        extra = statistics.median(times["kmeans_predict"]) - statistics.median(times["scan only"])
        print(f"the call alone: {extra:.0f} ms, {a.rows / (extra / 1000):,.0f} rows/s")
        print("load average:", open("/proc/loadavg").read().split()[:3])


if __name__ == "__main__":
    main()
