#!/usr/bin/env python3
"""CSV to RFM table, segcore against DuckDB, pandas and sqlite, in one run.

Generates customer_id,timestamp,amount CSVs (1M and 10M rows by default; ISO or epoch-second
times; uniform or skewed customers) in a temporary folder with bench/rfm_csv, then times each
peer in its own child process from CSV read to a scored table (rank-mode RFM: ties broken by
first appearance), and reports wall time, ratio to segcore's CLI and the child's peak resident
memory (getrusage of that child). The CLI, DuckDB and pandas write their table to a CSV file,
which is checked here against the CLI's: customers and the sum of 100 r + 10 f + m.

  /usr/bin/python3 bench/peers/rfm_peers.py --rfm-csv build/bench/rfm_csv \
      --cli build/tools/cli/segcore [--rows 5000000] [--times iso epoch] [--shapes uniform skewed]

DuckDB runs from Node (`@duckdb/node-api`, installed into bench/peers/node by
`tools/bootstrap --peers`); it is left out, saying so, when that is missing.
"""
import argparse
import csv
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PANDAS = r'''
import sys, time, json
import pandas as pd
t0 = time.perf_counter()
df = pd.read_csv(sys.argv[1])
if sys.argv[3] == "epoch":
    df["timestamp"] = pd.to_datetime(df["timestamp"], unit="s")
else:
    df["timestamp"] = pd.to_datetime(df["timestamp"], format="%Y-%m-%d %H:%M:%S")
as_of = df["timestamp"].max() + pd.Timedelta(days=1)
g = df.groupby("customer_id", sort=False)
t = g.agg(last=("timestamp", "max"), monetary=("amount", "sum"))
t["frequency"] = df[df["amount"] > 0].groupby("customer_id", sort=False).size().reindex(t.index, fill_value=0)
pos = df[df["amount"] > 0].groupby("customer_id", sort=False)["timestamp"].max().reindex(t.index)
t["recency_days"] = (as_of - pos).dt.days
s = t[t["frequency"] > 0]
r = pd.qcut((-s["recency_days"]).rank(method="first"), 5, labels=False) + 1
f = pd.qcut(s["frequency"].rank(method="first"), 5, labels=False) + 1
m = pd.qcut(s["monetary"].rank(method="first"), 5, labels=False) + 1
t["r_score"], t["f_score"], t["m_score"] = r, f, m
t[["r_score", "f_score", "m_score"]] = t[["r_score", "f_score", "m_score"]].fillna(0).astype(int)
t[["recency_days", "frequency", "monetary", "r_score", "f_score", "m_score"]].to_csv(sys.argv[2])
total = time.perf_counter() - t0
print(json.dumps({"total_s": total}))
'''

SQLITE = r'''
import sys, time, json, csv, sqlite3
t0 = time.perf_counter()
db = sqlite3.connect(":memory:")
db.execute("CREATE TABLE ev (customer_id INTEGER, ts INTEGER, amount REAL)")
with open(sys.argv[1], newline="") as fh:
    rd = csv.reader(fh)
    next(rd)
    db.executemany("INSERT INTO ev VALUES (?, unixepoch(?), ?)" if sys.argv[2] == "iso" else
                   "INSERT INTO ev VALUES (?, ?, ?)", rd)
q = """
WITH c AS (
  SELECT customer_id, MIN(rowid) AS first_row, SUM(amount) AS monetary,
         SUM(amount > 0) AS frequency, MAX(CASE WHEN amount > 0 THEN ts END) AS last_pos
  FROM ev GROUP BY customer_id),
asof AS (SELECT MAX(ts) + 86400 AS t FROM ev),
s AS (SELECT c.*, CAST(((SELECT t FROM asof) - last_pos) / 86400 AS INTEGER) AS recency_days
      FROM c WHERE frequency > 0)
SELECT SUM(r * 100 + f * 10 + m), (SELECT COUNT(*) FROM c) FROM (
  SELECT {r} AS r, {f} AS f, {m} AS m FROM (
    SELECT COUNT(*) OVER () AS n,
           ROW_NUMBER() OVER (ORDER BY -recency_days, first_row) AS rr,
           ROW_NUMBER() OVER (ORDER BY frequency, first_row) AS fr,
           ROW_NUMBER() OVER (ORDER BY monetary, first_row) AS mr FROM s))
""".format(**{k: "(1 + (5 * ({0} - 1) > (n - 1)) + (5 * ({0} - 1) > (n - 1) * 2) + (5 * ({0} - 1) > (n - 1) * 3)"
                  " + (5 * ({0} - 1) > (n - 1) * 4))".format(k + "r") for k in "rfm"})
score_sum, customers = db.execute(q).fetchone()
print(json.dumps({"customers": customers, "total_s": time.perf_counter() - t0, "score_sum": score_sum}))
'''


def run_child(argv, out=None):
    """Runs a child, returns (its result, wall seconds, peak RSS in MiB of that child). A child
    that writes a table prints {"total_s"}; the customers and score sum are read from its file."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out_chunks = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {err}")
    lines = out_chunks.strip().splitlines()
    result = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    if out is not None:
        result.update(table_checksum(out))
        os.remove(out)
    return result, wall, usage.ru_maxrss / 1024


def table_checksum(path):
    """Customers and the sum of 100 r + 10 f + m in a written RFM table."""
    customers = score_sum = 0
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            customers += 1
            score_sum += int(row["r_score"]) * 100 + int(row["f_score"]) * 10 + int(row["m_score"])
    return {"customers": customers, "score_sum": score_sum}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rfm-csv", required=True, help="path to the built bench/rfm_csv program")
    ap.add_argument("--cli", help="path to the built segcore CLI (its rfm command is the segcore entry)")
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--customers-per-row", type=float, default=0.1)
    ap.add_argument("--times", nargs="+", default=["iso"], choices=["iso", "epoch"])
    ap.add_argument("--shapes", nargs="+", default=["uniform"], choices=["uniform", "skewed"])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-sqlite-above", type=int, default=10_000_000)
    ap.add_argument("--skip-pandas-above", type=int, default=50_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per peer (interleaved); the median is shown")
    ap.add_argument("--sqlite-repeat", type=int, default=1)
    args = ap.parse_args()
    python = sys.executable
    node_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node")
    duckdb = os.path.isdir(os.path.join(node_dir, "node_modules", "@duckdb", "node-api")) and shutil.which("node")
    if not duckdb:
        print("DuckDB left out: run tools/bootstrap --peers (npm install of @duckdb/node-api into bench/peers/node)")
    print(f"load average at start: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()}); threads: {args.threads}")
    print(f"{'rows':>10} {'times':>5} {'shape':>7} {'peer':>11} {'wall s':>7} {'inner s':>7} {'wall vs CLI':>11} "
          f"{'peak MiB':>9} {'customers':>9} scores")
    with tempfile.TemporaryDirectory() as tmp:
        for rows, times, shape in itertools.product(args.rows, args.times, args.shapes):
            path = os.path.join(tmp, f"events_{rows}_{times}_{shape}.csv")
            out = os.path.join(tmp, "table.csv")
            subprocess.run([args.rfm_csv, "generate", str(rows), str(int(rows * args.customers_per_row)), path,
                            times, shape], check=True)
            # Written data is flushed and read once, so that every peer reads the same warm
            # page cache and none pays for the generator's writeback.
            os.sync()
            with open(path, "rb") as fh:
                while fh.read(1 << 24):
                    pass
            peers = {}
            if args.cli:
                cli = [args.cli, "rfm", "--mode", "rank", "--threads", str(args.threads),
                       "--time-format", "epoch" if times == "epoch" else "iso8601", "--output", out, path]
                peers["segcore CLI"] = (cli, out)
                # Without the duplicate search (which no peer does): read in windows, memory
                # for the customers only (docs/CLI.md "Memory").
                peers["CLI windows"] = (cli[:-1] + ["--skip-duplicate-check", path], out)
            peers["segcore lib"] = ([args.rfm_csv, "run", path, str(args.threads), "rank"], None)
            if duckdb:
                peers["duckdb"] = (["node", os.path.join(node_dir, "rfm_duckdb.mjs"), path, out,
                                    str(args.threads), times], out)
            if rows <= args.skip_pandas_above:
                peers["pandas"] = ([python, "-c", PANDAS, path, out, times], out)
            runs = {name: [] for name in peers}
            if rows <= args.skip_sqlite_above:
                runs["sqlite"] = []
            for r in range(args.repeat):  # interleaved, so a load spike hits every peer alike
                for name, (argv, written) in peers.items():
                    runs[name].append(run_child(argv, written))
                if "sqlite" in runs and r < args.sqlite_repeat:
                    runs["sqlite"].append(run_child([python, "-c", SQLITE, path, times]))
            first = next(iter(runs))
            ref = runs[first][0][0]
            base = statistics.median(w for _, w, _ in runs[first])
            for name, rs in runs.items():
                if not rs:
                    continue
                wall = statistics.median(w for _, w, _ in rs)
                inner = statistics.median(res.get("total_s", float("nan")) for res, _, _ in rs)
                rss = max(m for _, _, m in rs)
                agree = "same" if all(x["score_sum"] == ref["score_sum"] and x["customers"] == ref["customers"]
                                      for x, _, _ in rs) else "DIFFERENT"
                walls = " ".join(f"{w:.2f}" for _, w, _ in rs)
                print(f"{rows:>10} {times:>5} {shape:>7} {name:>11} {wall:>7.2f} {inner:>7.2f} {wall / base:>10.2f}x "
                      f"{rss:>9.0f} {rs[0][0]['customers']:>9} {agree}   runs: {walls}", flush=True)
            os.remove(path)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print(f"medians of {args.repeat} interleaved runs per peer (sqlite: {args.sqlite_repeat}); peak MiB: the largest run.")
    print("wall: the child process from start to exit (interpreter start and imports included for the "
          "Python and Node peers); inner: from before reading the CSV to the scored table, timed inside the child "
          "(the CLI reports none). scores: 'same' when the customer count and the sum of 100 r + 10 f + m over "
          "customers equal the first peer's.")


if __name__ == "__main__":
    main()
