"""Throughput of `segcore stream` from stdin: N generated JSON lines (10% late, 30% with order
ids, 100,000 customers) piped from a file, with checkpoints every second. Prints events/s for
the store alone, with event triggers, and with triggers, rules and lifecycle tracking. Given
several programs (a build before and after a change), their runs alternate, R runs each, and
the medians are printed.

    /usr/bin/python3 bench/peers/stream_stdin.py build/tools/cli/segcore [OTHER_SEGCORE ...] [N] [--runs R]
"""
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

TRIGGERS = "trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days\n"
RULES = "mode exclusive\nsegment Big: monetary > 200\nsegment Repeat: frequency >= 2\n"


def main():
    args = sys.argv[1:]
    runs = 1
    if "--runs" in args:
        at = args.index("--runs")
        runs = int(args[at + 1])
        del args[at:at + 2]
    n = int(args.pop()) if args[-1].isdigit() else 2_000_000
    clis = args
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "events.jsonl")
        with open(path, "w") as f:
            clock = 1_700_000_000
            for i in range(n):
                clock += rng.randrange(3)
                t = clock - rng.randrange(20 * 86400) if rng.random() < 0.1 else clock
                e = {"customer_id": f"c{rng.randrange(100_000)}", "timestamp": t, "amount": rng.choice([0, 15.5, 40]),
                     "type": rng.choice(["view", "purchase", "cart"]), "event_id": f"e{i}"}
                if rng.random() < 0.3:
                    e["order_id"] = f"o{rng.randrange(n)}"
                f.write(json.dumps(e) + "\n")
        open(os.path.join(d, "t.txt"), "w").write(TRIGGERS)
        open(os.path.join(d, "r.txt"), "w").write(RULES)
        setups = {
            "store only": ["--no-lifecycle"],
            "store + triggers": ["--no-lifecycle", "--triggers", os.path.join(d, "t.txt")],
            "store + triggers + rules + lifecycle every 100k": ["--triggers", os.path.join(d, "t.txt"), "--rules",
                                                                os.path.join(d, "r.txt"), "--segment-every", "100000"],
        }
        for name, extra in setups.items():
            rates = {cli: [] for cli in clis}
            for _ in range(runs):
                for cli in clis:
                    ck = os.path.join(d, "ck")
                    if os.path.exists(ck):
                        os.remove(ck)
                    with open(path) as stdin:
                        t0 = time.perf_counter()
                        subprocess.run([cli, "stream", "--input", "stdin", "--checkpoint", ck, "--checkpoint-seconds",
                                        "1", "--checkpoint-every", "0", *extra], stdin=stdin,
                                       stdout=subprocess.DEVNULL, check=True)
                        rates[cli].append(n / (time.perf_counter() - t0))
            for cli in clis:
                r = rates[cli]
                print(f"{name} [{cli}]: {n} events, median {statistics.median(r):,.0f} events/s "
                      f"(runs {', '.join(f'{x:,.0f}' for x in r)}); checkpoint {os.path.getsize(ck):,} bytes",
                      flush=True)
        print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))

if __name__ == "__main__":
    main()
