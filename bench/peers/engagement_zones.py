"""segcore.social.engagement with local hours: the same zones given as a column (a zone per
row), as a dict by customer, and no zone (UTC), on N generated interactions of C customers and
five zones (four from the time-zone database, one fixed offset). Prints the median wall time of
R runs of each, and whether the column and the dict give the same table.

    SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python \\
      /usr/bin/python3 bench/peers/engagement_zones.py [--rows N] [--customers C] [--repeat R]
"""
import argparse
import os
import statistics
import time

import numpy as np
import pandas as pd

import segcore.social

ZONES = np.array(["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC", "+05:45"], dtype=object)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--customers", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    rng = np.random.default_rng(1)
    cust = rng.integers(0, a.customers, a.rows)
    df = pd.DataFrame({"customer_id": cust,
                       "kind": rng.choice(np.array(["view", "like", "share"], dtype=object), a.rows),
                       "time": 1_700_000_000 + rng.integers(0, 86400 * 365, a.rows),
                       "tz": ZONES[cust % ZONES.size]})
    zone_of = {c: ZONES[c % ZONES.size] for c in range(a.customers)}
    forms = {"zone column": "tz", "zones by customer (dict)": zone_of, "no zone": None}
    times = {name: [] for name in forms}
    results = {}
    for _ in range(a.repeat):
        for name, zone in forms.items():
            t = time.perf_counter()
            results[name] = segcore.social.engagement(df, time_zone=zone)
            times[name].append(time.perf_counter() - t)
    print(f"{a.rows} interactions, {a.customers} customers; load average {os.getloadavg()[0]:.2f}")
    for name, ts in times.items():
        print(f"  {name}: {statistics.median(ts):.2f} s (median of {a.repeat})")
    print(f"  column equals dict: {results['zone column'].equals(results['zones by customer (dict)'])}")


if __name__ == "__main__":
    main()
