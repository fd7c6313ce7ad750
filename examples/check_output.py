"""Runs an example and checks what it prints against figures computed here from the same
input with numpy, by the definitions of docs/PROFILES.md (no segcore involved).

    check_output.py rfm DATA.csv -- COMMAND [ARGS...]       an RFM segment table
    check_output.py summary DATA.csv -- COMMAND [ARGS...]   examples/customer_summary.cpp
    check_output.py scale -- COMMAND                        examples/scale_c.c

rfm: the table headed "segment  customers  [orders]  revenue" (one line per non-empty
segment, revenue = the sum of monetary, ended by a blank line or the end of the output), as
examples/rfm_segments.c, examples/node/rfm_segments.mjs, examples/python/segment_customers.py
and examples/rfm_report.cpp print it. A line `rule "recency_days <= 30 and frequency >= 3": N
customers`, when printed (examples/rfm_segments.c), is checked too. A command that is not installed, or exit status 77, is
reported to Meson as skipped.
"""
import csv
import datetime
import re
import shutil
import subprocess
import sys

import numpy as np

# R row (5 = most recent) -> segment per F score 1..5; docs/PROFILES.md, "Segments".
DEFAULT_MAP = {
    5: ["New Customers", "Potential Loyalist", "Potential Loyalist", "Champions", "Champions"],
    4: ["Promising", "Potential Loyalist", "Potential Loyalist", "Loyal Customers", "Loyal Customers"],
    3: ["About To Sleep", "About To Sleep", "Need Attention", "Loyal Customers", "Loyal Customers"],
    2: ["Hibernating", "Hibernating", "At Risk", "At Risk", "Can't Lose Them"],
    1: ["Lost", "Lost", "At Risk", "At Risk", "Can't Lose Them"],
}


def micro(amount):
    """Amount in integer micro-units, rounded half away from zero (segcore sums money so)."""
    x = amount * 1e6
    return int(np.floor(abs(x) + 0.5)) * (1 if x >= 0 else -1)


def read_rows(path):
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            t = datetime.datetime.fromisoformat(row["InvoiceDate"]).replace(tzinfo=datetime.timezone.utc)
            yield row, t, float(row["Quantity"]) * float(row["UnitPrice"])


def expected_rfm(path, bins=5):
    """{segment: (customers, orders, revenue)} by the default quantile scores and segment map."""
    orders = {}    # (customer, invoice) -> [earliest time, total in micro-units]
    spend = {}     # customer -> sum of all amounts in micro-units
    latest = None
    for row, t, amount in read_rows(path):
        customer, m = row["CustomerID"], micro(amount)
        o = orders.setdefault((customer, row["InvoiceNo"]), [t, 0])
        o[0], o[1] = min(o[0], t), o[1] + m
        spend[customer] = spend.get(customer, 0) + m
        latest = t if latest is None else max(latest, t)
    as_of = latest + datetime.timedelta(days=1)
    frequency = dict.fromkeys(spend, 0)
    last = {}
    for (customer, _), (t, total) in orders.items():
        if total > 0:
            frequency[customer] += 1
            last[customer] = max(last.get(customer, t), t)
    scored = [c for c in spend if frequency[c] > 0]
    recency = np.array([(as_of - last[c]) // datetime.timedelta(days=1) for c in scored], float)
    values = {"r": -recency, "f": np.array([frequency[c] for c in scored], float),
              "m": np.array([spend[c] / 1e6 for c in scored])}
    scores = {}
    for k, v in values.items():
        edges = np.quantile(v, np.arange(1, bins) / bins)   # numpy's linear interpolation
        scores[k] = 1 + (edges[None, :] < v[:, None]).sum(axis=1)
    segment = {c: DEFAULT_MAP[scores["r"][i]][scores["f"][i] - 1] for i, c in enumerate(scored)}
    table = {}
    for c in spend:
        name = segment.get(c, "No Purchase")
        n, f, r = table.get(name, (0, 0, 0.0))
        table[name] = (n + 1, f + frequency[c], r + spend[c] / 1e6)
    recent_repeat = int(((recency <= 30) & (values["f"] >= 3)).sum())
    return table, recent_repeat


def parse_rfm_table(output):
    """{segment: (customers, orders or None, revenue)} from the rows under the table's header."""
    table, columns = {}, None
    for line in output.splitlines():
        header = re.match(r"segment\s+customers\s+(orders\s+)?revenue\b", line)
        if header:
            columns = bool(header[1])
        elif columns is not None and not line.strip():
            break
        elif columns is not None:
            m = re.match(r"(\S.*?)\s+(\d+)\s+" + (r"(\d+)\s+" if columns else "()") + r"(-?\d+\.\d\d)(\s|$)", line)
            if not m:
                raise SystemExit(f"check_output: not a table row: {line!r}")
            table[m[1]] = (int(m[2]), int(m[3]) if m[3] else None, float(m[4]))
    return table


def check_rfm(output, data):
    got = parse_rfm_table(output)
    if not got:
        return ["no table headed 'segment  customers  revenue' in the output"]
    want, recent_repeat = expected_rfm(data)
    problems = []
    rule = re.search(r'^rule "recency_days <= 30 and frequency >= 3": (\d+) customers$', output, re.M)
    if rule and int(rule[1]) != recent_repeat:
        problems.append(f"rule: printed {rule[1]} customers, expected {recent_repeat}")
    for name in sorted(set(got) | set(want)):
        n, f, r = want.get(name, (0, 0, 0.0))
        n2, f2, r2 = got.get(name, (0, None, 0.0))
        if n2 != n or (f2 is not None and f2 != f) or abs(r2 - r) > 0.006:
            problems.append(f"{name}: printed {n2} customers, {f2} orders, {r2:.2f}; expected {n}, {f}, {r:.2f}")
    if not problems:
        print(f"check_output: {len(got)} segments, {sum(v[0] for v in got.values())} customers, "
              "as computed from the CSV with numpy")
    return problems


def check_summary(output, data):
    """customer_summary.cpp's own RFM features (its comments define them), their statistics
    and robust scaling; cluster sizes must add up."""
    totals, last_day, latest = {}, {}, -1e9
    for row, t, amount in read_rows(data):
        customer, day = row["CustomerID"], (t.date() - datetime.date(1970, 1, 1)).days
        key = (customer, row["InvoiceNo"])
        totals.setdefault(customer, {})
        totals[customer][key] = totals[customer].get(key, 0.0) + amount
        if float(row["Quantity"]) > 0:
            last_day[customer] = max(last_day.get(customer, -1e9), day)
        latest = max(latest, day)
    rows = []
    for customer, orders in totals.items():
        frequency = sum(v > 0 for v in orders.values())
        if frequency:
            rows.append([latest + 1 - last_day[customer], frequency, sum(orders.values())])
    x = np.array(rows)
    problems = []
    m = re.search(r"(\d+) customers with purchases, (\d+) with returns only", output)
    if not m or int(m[1]) != len(x) or int(m[2]) != len(totals) - len(x):
        problems.append(f"customer counts: expected {len(x)} with purchases, {len(totals) - len(x)} without")
    stats = {"mean": x.mean(0), "std": x.std(0, ddof=1), "min": x.min(0), "max": x.max(0),
             "median": np.median(x, 0), "IQR": np.subtract(*np.percentile(x, [75, 25], axis=0))}
    for j, name in enumerate(("recency", "frequency", "monetary")):
        lines = re.findall(rf"^{name}\s+(.*)$", output, re.MULTILINE)
        if len(lines) != 2:
            problems.append(f"no statistics and scaling rows for {name}")
            continue
        printed = [float(v) for v in lines[0].split()] + [float(v) for v in lines[1].split()]
        for key, value in zip(("mean", "std", "min", "max", "median", "IQR"), printed):
            if abs(value - stats[key][j]) > 0.006:
                problems.append(f"{name} {key}: printed {value}, expected {stats[key][j]:.2f}")
    sizes = [int(v) for v in re.findall(r"^\d+\s+(\d+)\s+\S+\s+\S+\s+\S+$", output, re.MULTILINE)]
    if sum(sizes) != len(x) or not sizes:
        problems.append(f"cluster sizes {sizes} do not add up to {len(x)} customers")
    if not problems:
        print(f"check_output: statistics, scaling and {len(sizes)} clusters of {len(x)} customers as numpy gives them")
    return problems


def check_scale(output, _data):
    """scale_c.c's matrix, scaled by median and interquartile range per column."""
    x = np.array([[1, 200], [2, 400], [3, 600], [10, 800]], float)
    q1, q2, q3 = np.percentile(x, [25, 50, 75], axis=0)
    want = (x - q2) / (q3 - q1)
    got = np.array([[float(v) for v in line.split()] for line in output.split("\n") if line.strip()])
    if got.shape != want.shape or np.abs(got - want).max() > 0.006:
        return [f"printed {got.tolist()}; expected {np.round(want, 2).tolist()}"]
    print("check_output: robust scaling as numpy gives it")
    return []


CHECKS = {"rfm": check_rfm, "summary": check_summary, "scale": check_scale}


def main():
    args = sys.argv[1:]
    kind, data = args[0], (args[1] if args[1] != "--" else None)
    command = args[args.index("--") + 1:]
    if kind not in CHECKS or not command:
        raise SystemExit(__doc__)
    if shutil.which(command[0]) is None:
        print(f"skipped: {command[0]} is not installed (tools/bootstrap --tests installs it)")
        return 77
    run = subprocess.run(command, capture_output=True, text=True)
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    if run.returncode != 0:
        return run.returncode   # 77 = skipped, passed on to Meson
    problems = CHECKS[kind](run.stdout, data)
    if problems:
        print("check_output: the output differs from the reference:\n  " + "\n  ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
