"""The producer as the guide and the crash test run it: N generated events in a stream, each a
JSON object whose fields follow from (seed, index) alone, pipelined, paced when asked."""
import json
import re
import subprocess
import time

import pytest


def run(produce, *args, check=True):
    p = subprocess.run([produce, *map(str, args)], capture_output=True, text=True, timeout=300)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def events(server, stream):
    entries = server.command("XRANGE", stream, "-", "+")
    out = []
    for entry_id, fields in entries:
        assert fields[0] == "event" and len(fields) == 2
        out.append(json.loads(fields[1]))
    return out


@pytest.mark.parametrize("count,batch", [(1, 1), (7, 3), (1000, 1000), (2503, 1000), (1001, 7)])
def test_every_event_once_in_order(produce, any_redis_server, count, batch):
    run(produce, "--port", any_redis_server.port, "--stream", "ev", "--count", count, "--batch", batch,
        "--seed", 42, "--customers", 17)
    got = events(any_redis_server, "ev")
    assert [e["event_id"] for e in got] == [f"e42-{i}" for i in range(count)]
    assert [e["order_id"] for e in got] == [f"o42-{i}" for i in range(count)]
    for e in got:
        assert set(e) == {"event_id", "customer_id", "order_id", "timestamp", "amount"}
        assert re.fullmatch(r"c(\d+)", e["customer_id"]) and int(e["customer_id"][1:]) < 17
        assert re.fullmatch(r"2026-\d\d-\d\dT\d\d:\d\d:\d\dZ", e["timestamp"])
        assert 1.0 <= e["amount"] <= 500.99
    assert [e["timestamp"] for e in got] == sorted(e["timestamp"] for e in got)


def test_an_event_depends_on_seed_and_index_alone(produce, redis_server):
    run(produce, "--port", redis_server.port, "--stream", "all", "--count", 300, "--seed", 5)
    run(produce, "--port", redis_server.port, "--stream", "tail", "--count", 100, "--first", 200, "--seed", 5,
        "--batch", 9)
    run(produce, "--port", redis_server.port, "--stream", "other", "--count", 300, "--seed", 6)
    whole, tail, other = (events(redis_server, s) for s in ("all", "tail", "other"))
    assert whole[200:] == tail
    assert [e["customer_id"] for e in whole] != [e["customer_id"] for e in other]


def test_rate_paces_the_events(produce, redis_server):
    t0 = time.monotonic()
    p = run(produce, "--port", redis_server.port, "--count", 600, "--batch", 50, "--rate", 1000)
    assert time.monotonic() - t0 >= 0.55
    assert re.search(r"600 events to 'events' in [\d.]+ s: \d+ events/s", p.stderr)


def test_maxlen_trims_the_stream(produce, redis_server):
    run(produce, "--port", redis_server.port, "--stream", "t", "--count", 5000, "--maxlen", 1000)
    assert 1000 <= redis_server.command("XLEN", "t") < 1100


def test_bad_flags_and_an_unreachable_server(produce, redis_server):
    for args in (["--count", "x"], ["--nope", "1"], ["--batch", "0"], ["--port", "70000"], ["stray"], ["--count"]):
        p = run(produce, *args, check=False)
        assert p.returncode == 2 and p.stderr.startswith("produce: "), (args, p.stderr)
    port = redis_server.port
    redis_server.kill()
    p = run(produce, "--port", port, "--count", 10, check=False)
    assert p.returncode == 1
    assert f"127.0.0.1:{port}" in p.stderr


def test_an_out_of_memory_server_is_an_error_not_a_silent_drop(produce, redis_server):
    redis_server.command("CONFIG", "SET", "maxmemory", "1")
    p = run(produce, "--port", redis_server.port, "--count", 10, check=False)
    assert p.returncode == 1
    assert "OOM" in p.stderr and "0 of 10 entries written" in p.stderr
