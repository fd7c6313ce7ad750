"""Checkpoint size, save time and recovery time of `segcore stream` for many customers: N
customers with E events each (10% late, 30% with order ids) are applied from stdin with only the
final checkpoint; then a new process loads that checkpoint and resumes with the next 10,000
lines, and another loads it with no new line. Save time is the consumer's own count
(`checkpoint_saving_s` of --metrics, the loop's encoding, plus `checkpoint_writing_s`, the
writer thread's sealing and writing, in builds that have it); recovery is the restarted process's wall time less its
final save.

    /usr/bin/python3 bench/peers/stream_checkpoint.py build/tools/cli/segcore [--customers N]
        [--events-per-customer E] [--runs R]
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import tempfile
import time

TRIGGERS = "trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days\n"
RULES = "mode exclusive\nsegment Big: monetary > 200\nsegment Repeat: frequency >= 2\n"


def write_events(path, customers, count, first, rng):
    with open(path, "w") as f:
        clock = 1_700_000_000 + first // 10
        for i in range(first, first + count):
            clock += rng.randrange(2)
            t = clock - rng.randrange(20 * 86400) if rng.random() < 0.1 else clock
            order = f',"order_id":"o{rng.randrange(10 * count)}"' if rng.random() < 0.3 else ""
            f.write(f'{{"customer_id":"c{i % customers}","timestamp":{t},"amount":{rng.choice([0, 15.5, 40])},'
                    f'"type":"{rng.choice(["view", "purchase", "cart"])}","event_id":"e{i}"{order}}}\n')


def run(cli, ck, stdin_path, extra):
    with open(stdin_path) as stdin:
        t0 = time.perf_counter()
        p = subprocess.run([cli, "stream", "--input", "stdin", "--checkpoint", ck, "--checkpoint-every", "0",
                            "--checkpoint-seconds", "0", "--metrics", *extra], stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        wall = time.perf_counter() - t0
    metrics = json.loads(p.stderr.strip().splitlines()[-1])["metrics"]
    # nan: a build before the counter; no writing counter: a build whose saves were all on the loop
    return wall, metrics.get("checkpoint_saving_s", float("nan")) + metrics.get("checkpoint_writing_s", 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--events-per-customer", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    n = a.customers * a.events_per_customer
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as d:
        events, more, empty = (os.path.join(d, x) for x in ("events.jsonl", "more.jsonl", "empty.jsonl"))
        write_events(events, a.customers, n, 0, rng)
        write_events(more, a.customers, 10_000, n, rng)
        open(empty, "w").close()
        open(os.path.join(d, "t.txt"), "w").write(TRIGGERS)
        open(os.path.join(d, "r.txt"), "w").write(RULES)
        setups = {
            "store only": ["--no-lifecycle"],
            "store + trigger + rules + lifecycle": ["--triggers", os.path.join(d, "t.txt"), "--rules",
                                                    os.path.join(d, "r.txt"), "--segment-every", "100000"],
        }
        for name, extra in setups.items():
            saves, resumes, loads, size = [], [], [], 0
            for _ in range(a.runs):
                ck = os.path.join(d, "ck")
                if os.path.exists(ck):
                    os.remove(ck)
                _, save = run(a.cli, ck, events, extra)
                size = os.path.getsize(ck)
                saved = open(ck, "rb").read()
                wall, save_again = run(a.cli, ck, empty, extra)
                loads.append(wall - save_again)
                open(ck, "wb").write(saved)
                wall, save_again = run(a.cli, ck, more, extra)
                resumes.append(wall - save_again)
                saves.append(save)
            print(f"{name}: {a.customers:,} customers, {n:,} events; checkpoint {size:,} bytes; "
                  f"save {statistics.median(saves):.3f} s (runs {', '.join(f'{x:.3f}' for x in saves)}); "
                  f"load {statistics.median(loads):.3f} s; load + 10,000 events {statistics.median(resumes):.3f} s "
                  f"(medians of {a.runs})", flush=True)
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
