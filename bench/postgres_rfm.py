#!/usr/bin/env python3
"""RFM over N order lines inside PostgreSQL: segcore.rfm against the best plain-SQL formulation
(one GROUP BY per order, one per customer, NTILE window functions) and against a round trip
through a CSV file (COPY out, the segcore CLI's rfm, COPY the table back in). A cluster of its
own (as the tests make it, tests/postgres/pg_cluster.py); the same table for all three.

    bench/postgres_rfm.py BUILD [--rows N] [--customers C] [--runs R]

Lines come three to an order; an order's customer is drawn with a skew (a few customers hold
many orders); times span two years. Plain SQL runs with work_mem 256MB and PostgreSQL's parallel
workers (up to 2), its best plan here; segcore.rfm reads the query through a cursor. Prints each
run's time (EXPLAIN ANALYZE's execution time; wall time for the round trip), the medians,
and the load average. NTILE splits ties between buckets by row order, where segcore's quantile
scores give tied values one score, so the SQL's scores are not segcore's; its work is the same:
an order total, three aggregates and three ranked scores per customer."""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "postgres"))
from pg_cluster import extension_cluster  # noqa: E402

EVENTS = "SELECT customer_id, order_time, amount, order_id FROM orders"

PLAIN_SQL = """
WITH per_order AS (
  SELECT customer_id, order_id, max(order_time) AS t, sum(amount) AS total
  FROM orders GROUP BY customer_id, order_id),
per_customer AS (
  SELECT customer_id, max(t) FILTER (WHERE total > 0) AS last_order,
         count(*) FILTER (WHERE total > 0) AS frequency, sum(total) FILTER (WHERE total > 0) AS monetary
  FROM per_order GROUP BY customer_id),
as_of AS (SELECT max(order_time) + interval '1 day' AS t FROM orders)
SELECT customer_id, extract(epoch FROM (as_of.t - last_order)) / 86400 AS recency_days, frequency, monetary,
       ntile(5) OVER (ORDER BY last_order) AS r_score, ntile(5) OVER (ORDER BY frequency) AS f_score,
       ntile(5) OVER (ORDER BY monetary) AS m_score
FROM per_customer, as_of WHERE frequency > 0"""


def execution_ms(pg, sql, settings=""):
    out = pg.psql(settings + "EXPLAIN (ANALYZE, TIMING OFF) SELECT count(*) FROM (" + sql + ") q", script=True).stdout
    return float(re.search(r"Execution Time: ([0-9.]+) ms", out)[1])


def round_trip_ms(pg, cli, folder):
    """COPY the orders out, the CLI's rfm on the file, COPY the result back in, in wall time."""
    start = time.perf_counter()
    out, scored = os.path.join(folder, "orders.csv"), os.path.join(folder, "rfm.csv")
    pg.psql(f"COPY orders TO '{out}' WITH (FORMAT csv, HEADER true)")
    subprocess.run([cli, "rfm", "--customer-col", "customer_id", "--time-col", "order_time", "--amount-col", "amount",
                    "--order-col", "order_id", "--output", scored, out], check=True, capture_output=True)
    pg.psql("TRUNCATE rfm_back")
    pg.psql(f"\\copy rfm_back FROM '{scored}' WITH (FORMAT csv, HEADER true)", script=True)
    return (time.perf_counter() - start) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--customers", type=int, default=500_000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    cli = os.path.join(a.build, "tools", "cli", "segcore")
    with extension_cluster(a.build) as pg:
        exchange = os.path.join(pg.root, "exchange")  # written by the server (its user) and read by the CLI
        os.mkdir(exchange)
        os.chmod(exchange, 0o777)
        pg.psql("SELECT setseed(0.5)")
        pg.psql("CREATE TABLE orders AS SELECT (floor(power(random(), 3) * " + str(a.customers) + "))::bigint::text "
                "AS customer_id, o.n::text AS order_id, timestamptz '2021-01-01 00:00:00+00' + "
                "(random() * 730) * interval '1 day' AS order_time "
                f"FROM generate_series(1, {(a.rows + 2) // 3}) o(n)")
        pg.psql("CREATE TABLE lines AS SELECT customer_id, order_time, round((random() * 80 - 4)::numeric, 2)::float8 "
                f"AS amount, order_id FROM orders, generate_series(1, 3) LIMIT {a.rows}")
        pg.psql("DROP TABLE orders")
        pg.psql("ALTER TABLE lines RENAME TO orders")
        pg.psql("VACUUM ANALYZE orders")
        pg.psql("CREATE TABLE rfm_back (customer_id text, recency_days float8, frequency bigint, monetary float8, "
                "r_score int, f_score int, m_score int, segment text)")
        customers = pg.psql("SELECT count(DISTINCT customer_id) FROM orders").stdout.strip()
        print(f"{a.rows:,} order lines, {customers} customers")
        runs = {"segcore.rfm": [], "plain SQL (GROUP BY + NTILE)": [], "CSV round trip (COPY, segcore rfm, COPY)": []}
        plain = "SET work_mem = '256MB';\nSET max_parallel_workers_per_gather = 2;\n"
        for _ in range(a.runs):
            runs["segcore.rfm"].append(execution_ms(pg, f"SELECT * FROM segcore.rfm($q${EVENTS}$q$)"))
            runs["plain SQL (GROUP BY + NTILE)"].append(execution_ms(pg, PLAIN_SQL, plain))
            runs["CSV round trip (COPY, segcore rfm, COPY)"].append(round_trip_ms(pg, cli, exchange))
        base = statistics.median(runs["segcore.rfm"])
        for name, ms in runs.items():
            m = statistics.median(ms)
            print(f"{name}: {', '.join(f'{t:.0f}' for t in ms)} ms; median {m:.0f} ms ({m / base:.2f}x segcore.rfm)")
        print("load average:", open("/proc/loadavg").read().split()[:3])


if __name__ == "__main__":
    main()
