#!/usr/bin/env python3
"""Redis Streams throughput of segcore's client (tools/stream): starts a redis-server of its own
(no persistence, loopback), then runs bench/redis_streams (XADD pipelined in batches, then
XREADGROUP + XACK in batches) and the producer, on a fresh server each run.

    bench/redis_streams.py BUILD_DIR [--count N] [--batch B] [--runs R]

BUILD_DIR is a build with -Dbenchmarks=enabled and hiredis found. Prints each run and the
median, with the load average."""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "stream"))
from redis_harness import RedisServer, unavailable_reason  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if unavailable_reason():
        sys.exit(unavailable_reason())
    bench = os.path.join(a.build, "bench", "redis_streams")
    produce = os.path.join(a.build, "tools", "stream", "produce")
    for program in (bench, produce):
        if not os.path.exists(program):
            sys.exit(f"{program} not found: configure BUILD_DIR with -Dbenchmarks=enabled and hiredis installed")
    client, producer = [], []
    for run in range(a.runs):
        with tempfile.TemporaryDirectory() as folder:
            server = RedisServer(folder)
            try:
                out = subprocess.run([bench, "--port", str(server.port), "--count", str(a.count),
                                      "--batch", str(a.batch)], capture_output=True, text=True, check=True)
                client.append(json.loads(out.stdout))
                p = subprocess.run([produce, "--port", str(server.port), "--stream", "produced", "--count",
                                    str(a.count), "--batch", str(a.batch)], capture_output=True, text=True, check=True)
                producer.append(float(re.search(r"([\d.]+) events/s", p.stderr)[1]))
            finally:
                server.stop()
        print(f"run {run + 1}: {json.dumps(client[-1])}, produce {producer[-1]:.0f} events/s", flush=True)
    print(f"median of {a.runs}: XADD {statistics.median(c['xadd_events_per_s'] for c in client):.0f} events/s, "
          f"XREADGROUP+XACK {statistics.median(c['read_ack_events_per_s'] for c in client):.0f} events/s, "
          f"produce {statistics.median(producer):.0f} events/s "
          f"({a.count} events of ~{client[0]['event_bytes']:.0f} bytes, batches of {a.batch})")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
