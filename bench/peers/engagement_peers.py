"""segcore.social.engagement against pandas computing the same columns with its best
vectorised path (groupby sums over masks; no per-customer Python), on N generated interactions
of C customers (skewed: customers drawn with weight 1/rank), 5 kinds, 4 channels, reach with
gaps, UTC hours. Times as epoch seconds and as datetime64; medians of R runs; the two answers
are compared column by column in the same run.

    SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python \\
      /usr/bin/python3 bench/peers/engagement_peers.py [--rows N] [--customers C] [--repeat R]
"""
import argparse
import os
import statistics
import time

import numpy as np
import pandas as pd

import segcore.social

DAY = 86400
WINDOWS = (7, 30, 90)
KINDS = np.array(["comment", "like", "open", "share", "view"])


def generate(n, customers, seed=1):
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, customers + 1)
    cust = rng.choice(customers, n, p=weights / weights.sum())
    as_of = 1_780_000_000
    return pd.DataFrame({
        "customer_id": cust.astype(np.int64),
        "kind": pd.Categorical(KINDS[rng.integers(0, KINDS.size, n)]),
        "time": as_of - rng.integers(0, 400 * DAY, n),
        "platform": pd.Categorical(np.array(["ig", "tt", "tw", "web"])[rng.integers(0, 4, n)]),
        "reach": np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 1000, n).astype(float)),
    }), as_of


def pandas_engagement(df, as_of, v=30, weeks=12):
    """The same columns with pandas: masks, then groupby sums per customer (and kind)."""
    t = df["time"]
    if np.issubdtype(t.dtype, np.datetime64):
        t = t.astype("int64") // 1_000_000_000
    keep = t <= as_of
    d = df[keep].assign(age=(as_of - t[keep]).to_numpy())
    cust = pd.Index(pd.unique(df["customer_id"]), name="customer_id")
    by = [d["customer_id"], d["kind"]]
    out = {"n_interactions": d.groupby("customer_id").size().reindex(cust, fill_value=0)}
    parts = {"n": d.groupby(by, observed=True).size()}
    for w in WINDOWS:
        parts[f"w{w}"] = (d["age"] < w * DAY).groupby(by, observed=True).sum()
    recent = (d["age"] < v * DAY).groupby(by, observed=True).sum()
    previous = ((d["age"] >= v * DAY) & (d["age"] < 2 * v * DAY)).groupby(by, observed=True).sum()
    week = d["age"] // (7 * DAY)
    inside = week < weeks
    sc = inside.groupby(by, observed=True).sum()
    skc = ((weeks - 1 - week) * inside).groupby(by, observed=True).sum()
    k = np.arange(weeks)
    sk, skk = k.sum(), (k * k).sum()
    den = weeks * skk - sk * sk
    for name, s in list(parts.items()) + [("velocity", (recent - previous) / (recent + previous)),
                                          ("trend", (weeks * skc - sk * sc) / den)]:
        table = s.unstack(fill_value=0).reindex(index=cust, columns=KINDS, fill_value=0)
        for kind in KINDS:
            col = {"n": f"n_{kind}", "velocity": f"velocity_{kind}_{v}d", "trend": f"trend_{kind}_{weeks}w"}.get(
                name, f"n_{kind}_{name[1:]}d")
            out[col] = table[kind].fillna(0.0) if name == "velocity" else table[kind]
    reach = d.groupby("customer_id")["reach"].sum(min_count=1).reindex(cust)
    out["engagement_rate"] = out["n_interactions"] / reach.where(reach > 0)
    channels = d.groupby([d["customer_id"], d["platform"]], observed=True).size().unstack(fill_value=0)
    channels = channels.reindex(columns=sorted(channels.columns))  # ties go to the first label
    out["preferred_channel"] = channels.idxmax(axis=1).reindex(cust)
    local = pd.to_datetime(d["time"] if not np.issubdtype(d["time"].dtype, np.datetime64) else d["time"], unit="s")
    hour = local.dt.hour
    total = out["n_interactions"]
    out["weekend_share"] = (local.dt.dayofweek >= 5).groupby(d["customer_id"]).sum().reindex(cust) / total
    hours = pd.crosstab(d["customer_id"], hour).reindex(index=cust, columns=range(24), fill_value=0)
    out["peak_hour"] = hours.to_numpy().argmax(axis=1)
    for h in range(24):
        out[f"hour_{h:02d}"] = hours[h] / total
    return pd.DataFrame(out).reset_index()


def best_of(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    df, as_of = generate(a.rows, a.customers)
    print(f"{a.rows:,} interactions, {a.customers:,} customers (skewed), load average "
          f"{os.getloadavg()[0]:.2f}")
    for fmt in ("epoch", "datetime64"):
        data = df if fmt == "epoch" else df.assign(time=pd.to_datetime(df["time"], unit="s"))
        ts, ours = best_of(lambda: segcore.social.engagement(data, channel="platform", reach="reach",
                                                             as_of=as_of, windows=WINDOWS), a.repeat)
        tp, theirs = best_of(lambda: pandas_engagement(data, as_of), a.repeat)
        assert list(ours["customer_id"]) == list(theirs["customer_id"])
        for col in theirs.columns[1:]:
            x, y = ours[col].to_numpy(), theirs[col].to_numpy()
            if x.dtype == object or y.dtype == object:
                assert list(x) == list(y), col
            else:
                np.testing.assert_allclose(x.astype(float), y.astype(float), rtol=1e-12, equal_nan=True,
                                           err_msg=col)
        print(f"times {fmt:>10}: segcore {ts:.3f} s, pandas {tp:.3f} s, pandas / segcore {tp / ts:.2f}x "
              f"(equal: {len(theirs.columns) - 1} columns)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
