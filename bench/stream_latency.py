#!/usr/bin/env python3
"""Latency of `segcore stream --input redis` from XADD to the published move: a producer paces
XADDs at a fixed rate (default 10,000 events/s, in ticks of one millisecond) and stamps each
event's send time in its event_id; a reader of the moves stream (another process) records when
each move arrives. Every event is a new customer and one trigger moves a customer on its first
event, so every event gives one sample. Starts a redis-server of its own (no persistence,
loopback).

    bench/stream_latency.py build/tools/cli/segcore [--rate R] [--seconds S]
        [--checkpoint-seconds T] [--warmup W]

Prints p50, p90, p99, p99.9 and the largest latency after the first W seconds, the rate reached
and the load average."""
import argparse
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "stream"))
from redis_harness import RedisServer, _read_reply, unavailable_reason  # noqa: E402

TRIGGER = "trigger first to New: count(*) >= 1 within 1 days\n"


class Connection:
    """One RESP connection, pipelined commands."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")

    def pipeline(self, commands):
        out = []
        for args in commands:
            out.append(f"*{len(args)}\r\n".encode())
            for a in args:
                b = a if isinstance(a, bytes) else str(a).encode()
                out += [f"${len(b)}\r\n".encode(), b, b"\r\n"]
        self.sock.sendall(b"".join(out))
        return [_read_reply(self.reader) for _ in commands]


def read_moves(port, expected, results, deadline):
    """Reads the moves stream until `expected` moves or the deadline; puts (sent_ns, arrived_ns)."""
    c = Connection(port)
    last, seen, pairs = "0-0", 0, []
    while seen < expected and time.monotonic() < deadline:
        reply = c.pipeline([["XREAD", "COUNT", "10000", "BLOCK", "200", "STREAMS", "moves", last]])[0]
        arrived = time.monotonic_ns()
        if not reply:
            continue
        for entry_id, fields in reply[0][1]:
            last = entry_id
            move = json.loads(fields[fields.index("move") + 1])
            pairs.append((int(move["event_id"].split(":")[1]), arrived))
            seen += 1
    results.put(pairs)


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("--rate", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--warmup", type=float, default=2)
    ap.add_argument("--checkpoint-seconds", default="1")
    a = ap.parse_args()
    if unavailable_reason():
        sys.exit(unavailable_reason())
    total = int(a.rate * a.seconds)
    with tempfile.TemporaryDirectory() as d:
        server = RedisServer(os.path.join(d, "redis"))
        consumer = None
        try:
            open(os.path.join(d, "t.txt"), "w").write(TRIGGER)
            producer = Connection(server.port)
            producer.pipeline([["XGROUP", "CREATE", "events", "g", "$", "MKSTREAM"]])
            consumer = subprocess.Popen(
                [a.cli, "stream", "--input", "redis", "--redis", f"127.0.0.1:{server.port}", "--stream", "events",
                 "--group", "g", "--consumer", "c1", "--moves-stream", "moves", "--no-lifecycle", "--triggers",
                 os.path.join(d, "t.txt"), "--checkpoint", os.path.join(d, "ck"), "--checkpoint-seconds",
                 a.checkpoint_seconds, "--checkpoint-every", "0", "--metrics"],
                stdout=subprocess.DEVNULL, stderr=open(os.path.join(d, "consumer.err"), "w"))
            results = multiprocessing.Queue()
            reader = multiprocessing.Process(target=read_moves,
                                             args=(server.port, total, results, time.monotonic() + a.seconds + 60))
            reader.start()
            time.sleep(0.5)  # the consumer connects and the reader waits
            tick_ns, per_tick = 1_000_000, max(1, a.rate // 1000)
            start = time.monotonic_ns()
            sent = 0
            while sent < total:
                due = start + (sent // per_tick) * tick_ns
                now = time.monotonic_ns()
                if due > now:
                    time.sleep((due - now) / 1e9)
                n = min(per_tick, total - sent)
                stamp = time.monotonic_ns()
                producer.pipeline([["XADD", "events", "*", "event",
                                    f'{{"customer_id":"c{sent + k}","timestamp":{1700000000 + (sent + k) // 100},'
                                    f'"amount":1,"event_id":"{sent + k}:{stamp}"}}'] for k in range(n)])
                sent += n
            produced_s = (time.monotonic_ns() - start) / 1e9
            pairs = results.get(timeout=a.seconds + 90)
            reader.join()
        finally:
            if consumer is not None:
                consumer.terminate()
                consumer.wait(timeout=60)
            server.stop()
        metrics = open(os.path.join(d, "consumer.err")).read().strip().splitlines()
    warm = start + int(a.warmup * 1e9)
    lat = sorted((arrived - sent_ns) / 1e6 for sent_ns, arrived in pairs if sent_ns >= warm)
    print(f"{len(pairs)} of {total} moves received; {total / produced_s:,.0f} events/s sent over {produced_s:.1f} s; "
          f"checkpoint every {a.checkpoint_seconds} s")
    if lat:
        print(f"latency XADD -> move after the first {a.warmup:g} s ({len(lat)} samples): "
              f"p50 {percentile(lat, 0.5):.1f} ms, p90 {percentile(lat, 0.9):.1f} ms, "
              f"p99 {percentile(lat, 0.99):.1f} ms, p99.9 {percentile(lat, 0.999):.1f} ms, max {lat[-1]:.1f} ms")
    if metrics:
        print("consumer:", metrics[-1])
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
