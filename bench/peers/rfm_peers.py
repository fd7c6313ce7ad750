#!/usr/bin/env python3
"""CSV to RFM table, segcore against pandas and sqlite, in one run.

Generates customer_id,timestamp,amount CSVs (1M and 10M rows by default) in a temporary
folder with bench/rfm_csv, then times each peer in its own child process from CSV read to a
scored table (rank-mode RFM: pandas qcut(rank(method="first")), sqlite NTILE), and reports
wall time, ratio to segcore and the child's peak resident memory (getrusage of that child).

  /usr/bin/python3 bench/peers/rfm_peers.py --rfm-csv build/bench/rfm_csv [--rows 1000000 10000000]
"""
import argparse
import json
import os
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
total = time.perf_counter() - t0
print(json.dumps({"customers": len(t), "total_s": total, "score_sum": int((r * 100 + f * 10 + m).sum())}))
'''

SQLITE = r'''
import sys, time, json, csv, sqlite3
t0 = time.perf_counter()
db = sqlite3.connect(":memory:")
db.execute("CREATE TABLE ev (customer_id INTEGER, ts INTEGER, amount REAL)")
with open(sys.argv[1], newline="") as fh:
    rd = csv.reader(fh)
    next(rd)
    db.executemany("INSERT INTO ev VALUES (?, unixepoch(?), ?)", rd)
q = """
WITH c AS (
  SELECT customer_id, MIN(rowid) AS first_row, SUM(amount) AS monetary,
         SUM(amount > 0) AS frequency, MAX(CASE WHEN amount > 0 THEN ts END) AS last_pos
  FROM ev GROUP BY customer_id),
asof AS (SELECT MAX(ts) + 86400 AS t FROM ev),
s AS (SELECT c.*, CAST(((SELECT t FROM asof) - last_pos) / 86400 AS INTEGER) AS recency_days
      FROM c WHERE frequency > 0)
SELECT SUM(r * 100 + f * 10 + m), (SELECT COUNT(*) FROM c) FROM (
  SELECT NTILE(5) OVER (ORDER BY -recency_days, first_row) AS r,
         NTILE(5) OVER (ORDER BY frequency, first_row) AS f,
         NTILE(5) OVER (ORDER BY monetary, first_row) AS m FROM s)
"""
score_sum, customers = db.execute(q).fetchone()
print(json.dumps({"customers": customers, "total_s": time.perf_counter() - t0, "score_sum": score_sum}))
'''


def run_child(argv):
    """Runs a child, returns (its JSON line, wall seconds, peak RSS in MiB of that child)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out_chunks = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed: {err}")
    return json.loads(out_chunks.strip().splitlines()[-1]), wall, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rfm-csv", required=True, help="path to the built bench/rfm_csv program")
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--customers-per-row", type=float, default=0.1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-sqlite-above", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per peer (interleaved); the median is shown")
    ap.add_argument("--sqlite-repeat", type=int, default=1)
    args = ap.parse_args()
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    python = sys.executable
    print(f"load average at start: {os.getloadavg()[0]:.2f} (cores: {os.cpu_count()}); segcore threads: {args.threads}")
    print(f"{'rows':>10} {'peer':>8} {'wall s':>7} {'inner s':>7} {'wall vs segcore':>15} {'peak MiB':>9} "
          f"{'customers':>9} scores")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            path = os.path.join(tmp, f"events_{rows}.csv")
            subprocess.run([args.rfm_csv, "generate", str(rows), str(int(rows * args.customers_per_row)), path],
                           check=True)
            # Written data is flushed and read once, so that every peer reads the same warm
            # page cache and none pays for the generator's writeback.
            os.sync()
            with open(path, "rb") as fh:
                while fh.read(1 << 24):
                    pass
            runs = {"segcore": [], "pandas": [], "sqlite": []}
            for r in range(args.repeat):  # interleaved, so a load spike hits every peer alike
                runs["segcore"].append(run_child([args.rfm_csv, "run", path, str(args.threads), "rank"]))
                runs["pandas"].append(run_child([python, "-c", PANDAS, path]))
                if rows <= args.skip_sqlite_above and r < args.sqlite_repeat:
                    runs["sqlite"].append(run_child([python, "-c", SQLITE, path]))
            seg = runs["segcore"][0][0]
            base = statistics.median(w for _, w, _ in runs["segcore"])
            for name, rs in runs.items():
                if not rs:
                    continue
                wall = statistics.median(w for _, w, _ in rs)
                inner = statistics.median(res["total_s"] for res, _, _ in rs)
                rss = max(m for _, _, m in rs)
                res = rs[0][0]
                agree = "same" if all(x["score_sum"] == seg["score_sum"] and x["customers"] == seg["customers"]
                                      for x, _, _ in rs) else "DIFFERENT"
                walls = " ".join(f"{w:.2f}" for _, w, _ in rs)
                print(f"{rows:>10} {name:>8} {wall:>7.2f} {inner:>7.2f} {wall / base:>14.1f}x {rss:>9.0f} "
                      f"{res['customers']:>9} {agree}   runs: {walls}")
            os.remove(path)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print(f"medians of {args.repeat} interleaved runs per peer (sqlite: {args.sqlite_repeat}); peak MiB: the largest run.")
    print("wall: the child process from start to exit (interpreter start and imports included for the "
          "Python peers); inner: from before reading the CSV to the scored table, timed inside the child. "
          "scores: 'same' when the customer count and the sum of 100 r + 10 f + m over customers equal segcore's.")


if __name__ == "__main__":
    main()
