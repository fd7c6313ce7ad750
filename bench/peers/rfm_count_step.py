"""The count step of segcore.dask.rfm (the C ABI's RFM selection) next to the profile work of
the partition it runs on (a benchmark, not a test).

    SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python /usr/bin/python3 bench/peers/rfm_count_step.py \
        [--events 3000000] [--customers 1000000] [--repeat 3]

Builds the profiles of the events in one process (Profiles.from_pandas), takes the scored
customers' R, F and M as a bucket's task does, and runs every round of the selection on them as
one partition: the request from bytes, the three measures counted, the counts to bytes, the
client's narrow. Prints the best of --repeat for the profiles and for each mode's rounds, with
the load average.
"""
import argparse
import os
import time

import numpy as np
import pandas as pd


def best(repeat, fn):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=3_000_000)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    import segcore
    from segcore.dask import _rfm_state

    rng = np.random.default_rng(1)
    df = pd.DataFrame({"customer_id": rng.integers(0, a.customers, a.events),
                       "timestamp": 1_600_000_000 + rng.integers(0, 2 * 365 * 86400, a.events),
                       "amount": np.round(rng.gamma(2.0, 20.0, a.events), 2)})
    print(f"{a.events} events, {a.customers} customer ids; load average {os.getloadavg()[0]:.2f}")
    seconds, profiles = best(a.repeat, lambda: segcore.Profiles.from_pandas(df).to_pandas())
    print(f"profiles of the events: {seconds:.3f} s")
    keep = profiles["frequency"].to_numpy() > 0
    values = [-profiles["recency_days"].to_numpy(np.float64)[keep], profiles["frequency"].to_numpy(np.float64)[keep],
              profiles["monetary"].to_numpy(np.float64)[keep]]
    positions = np.arange(values[0].size, dtype=np.uint64)
    for mode in ("quantile", "rank"):
        def rounds():
            selection, per_round = _rfm_state.Selection(5, mode), []
            while not selection.done:
                t0 = time.perf_counter()
                counts = _rfm_state.count(selection.request(), values, positions if mode == "rank" else None)
                per_round.append(time.perf_counter() - t0)
                selection.narrow(counts)
            return per_round
        seconds, per_round = best(a.repeat, rounds)
        print(f"{mode}: {len(per_round)} rounds over {values[0].size} customers x 3 measures: {seconds:.3f} s "
              f"(count per round: {', '.join(f'{1e3 * s:.0f}' for s in per_round)} ms); "
              f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
