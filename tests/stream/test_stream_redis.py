"""`segcore stream --input redis` against a redis-server of the test's own: events written by the
producer, moves read back from the moves stream. An uninterrupted run and runs SIGKILLed at
random points (each restarted from its checkpoint, the group redelivering what was not acked)
end with the same distinct move ids and the same checkpoint bytes; a malformed entry is
dead-lettered with its reason and the stream goes on."""
import json
import os
import random
import signal
import subprocess
import time

import pytest
from redis_harness import RedisError


def produce_events(produce, server, count, seed=7, customers=300):
    subprocess.run([produce, "--port", str(server.port), "--stream", "ev", "--count", str(count),
                    "--seed", str(seed), "--customers", str(customers), "--batch", "1000"],
                   check=True, capture_output=True, timeout=300)


# Triggers on the producer's fields, so that moves come all along the stream, not only at the
# segment updates.
TRIGGERS = """
trigger regular to Regular: count(amount > 0) >= 3 within 30 days
trigger big to "Big spender": count(amount > 400) >= 1 within 7 days
"""


def stream_args(cli, server, checkpoint, *extra, group="g", moves="moves"):
    return [cli, "stream", "--input", "redis", "--redis", f"127.0.0.1:{server.port}", "--stream", "ev",
            "--group", group, "--consumer", "c1", "--moves-stream", moves, "--dead-letter-stream", "dead",
            "--checkpoint", str(checkpoint), "--segment-every", "500", *map(str, extra)]


def drain(cli, server, checkpoint, *extra, **names):
    """Runs until the stream has been idle for a second; the final checkpoint is saved."""
    p = subprocess.run(stream_args(cli, server, checkpoint, "--stop-when-idle", "1", *extra, **names),
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    return p


def entries(server, stream):
    out, start = [], "-"
    while True:
        part = server.command("XRANGE", stream, start, "+", "COUNT", 10000)
        out += [(i, dict(zip(f[0::2], f[1::2]))) for i, f in part]
        if len(part) < 10000:
            return out
        start = "(" + part[-1][0]


def rid(entry_id):
    ms, seq = entry_id.split("-")
    return int(ms), int(seq)


def move_ids(server, stream):
    return [json.loads(f["move"])["move_id"] for _, f in entries(server, stream)]


def test_a_run_reads_every_event_and_publishes_its_moves(segcore_cli, produce, redis_server, tmp_path):
    produce_events(produce, redis_server, 3000)
    drain(segcore_cli, redis_server, tmp_path / "ck")
    moves = [json.loads(f["move"]) for _, f in entries(redis_server, "moves")]
    assert moves, "lifecycle moves expected"
    ids = {i for i, _ in entries(redis_server, "ev")}
    for m in moves:
        assert set(m) == {"move_id", "customer", "from", "to", "trigger", "event_id", "source_id", "timestamp"}
        assert m["source_id"] in ids and m["trigger"] == "lifecycle"
    assert len({m["move_id"] for m in moves}) == len(moves)
    # Every entry was acknowledged after the final checkpoint: nothing is pending.
    assert redis_server.command("XPENDING", "ev", "g")[0] == 0
    # A second run over the drained stream reads nothing and changes nothing.
    before = (tmp_path / "ck").read_bytes()
    drain(segcore_cli, redis_server, tmp_path / "ck")
    assert (tmp_path / "ck").read_bytes() == before
    assert len(entries(redis_server, "moves")) == len(moves)


def test_sigterm_ends_with_a_checkpoint_and_exit_0(segcore_cli, produce, redis_server, tmp_path):
    produce_events(produce, redis_server, 2000)
    p = subprocess.Popen(stream_args(segcore_cli, redis_server, tmp_path / "ck"), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "ck").exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # the first time-triggered checkpoint
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=30) == 0, p.stderr.read()
    # The final checkpoint covers everything read: nothing is left pending.
    assert redis_server.command("XPENDING", "ev", "g")[0] == 0
    assert (tmp_path / "ck").exists()


def test_malformed_entries_are_dead_lettered_and_the_stream_goes_on(segcore_cli, produce, redis_server, tmp_path):
    produce_events(produce, redis_server, 600)
    bad_json = redis_server.command("XADD", "ev", "*", "event", "{not json")
    no_event = redis_server.command("XADD", "ev", "*", "other", "x")
    produce_events(produce, redis_server, 600, seed=8)
    drain(segcore_cli, redis_server, tmp_path / "ck")  # segments updated at 500 and 1000 events
    dead = {f["source_id"]: f for _, f in entries(redis_server, "dead")}
    assert set(dead) == {bad_json, no_event}
    assert dead[bad_json]["dead_letter"] == "{not json" and dead[bad_json]["reason"]
    assert dead[no_event]["dead_letter"] == "" and dead[no_event]["reason"]
    sources = {json.loads(f["move"])["source_id"] for _, f in entries(redis_server, "moves")}
    assert any(rid(s) > rid(no_event) for s in sources), "events after the malformed ones were applied"
    assert redis_server.command("XPENDING", "ev", "g")[0] == 0


# SEGCORE_STREAM_KILL_EVENTS=1000000 runs the size (minutes); CI runs what fits a minute.
def pending(redis_server):
    """Entries the group has handed out and not seen acknowledged; 0 before the first consumer
    has made the group (a slow start, under a sanitizer, can be killed before that)."""
    try:
        return redis_server.command("XPENDING", "ev", "g")[0]
    except RedisError as e:
        if not str(e).startswith("NOGROUP"):
            raise
        return 0


@pytest.mark.parametrize("count,kills", [(int(os.environ.get("SEGCORE_STREAM_KILL_EVENTS", 50000)), 20)])
def test_sigkilled_runs_end_as_an_uninterrupted_one(segcore_cli, produce, redis_server, tmp_path, count, kills):
    """The producer writes while a consumer is SIGKILLed at random points and started again;
    then an uninterrupted run reads the same stream in a group of its own. The kills spread over
    the time the consumer needs for the stream (about 30k events/s)."""
    (tmp_path / "triggers").write_text(TRIGGERS)
    common = ("--triggers", tmp_path / "triggers", "--checkpoint-every", 2000)
    producer = subprocess.Popen([produce, "--port", str(redis_server.port), "--stream", "ev", "--count", str(count),
                                 "--seed", "7", "--customers", "2000", "--batch", "500", "--rate", str(count // 10)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rng = random.Random(20)
    ck = tmp_path / "killed"
    pending_at_kill = []
    for _ in range(kills):
        p = subprocess.Popen(stream_args(segcore_cli, redis_server, ck, *common, "--checkpoint-seconds", 0.1),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.1, max(0.7, 1.6 * count / 30000 / kills)))
        assert p.poll() is None, "the consumer ended by itself"
        pending_at_kill.append(pending(redis_server))
        p.kill()
        p.wait(timeout=30)
    assert producer.wait(timeout=300) == 0
    # Most kills left entries read and not acknowledged, which the next run got back.
    assert sum(n > 0 for n in pending_at_kill) >= kills // 2, pending_at_kill
    drain(segcore_cli, redis_server, ck, *common)
    drain(segcore_cli, redis_server, tmp_path / "whole", *common, group="whole", moves="moves-whole")

    whole_ids = move_ids(redis_server, "moves-whole")
    assert len(whole_ids) == len(set(whole_ids)) > 1000
    assert set(move_ids(redis_server, "moves")) == set(whole_ids)
    assert ck.read_bytes() == (tmp_path / "whole").read_bytes()


@pytest.mark.parametrize("args,message", [
    (["--redis", "localhost"], "--redis must be HOST:PORT"),
    (["--redis", "h:0"], "--redis must be HOST:PORT"),
    (["--redis", "h:x1"], "--redis must be HOST:PORT"),
    (["--format", "csv"], "JSON events only"),
    (["--first-line", "3"], "--input stdin only"),
    (["--stop-when-idle", "-1"], "--stop-when-idle must be >= 0"),
])
def test_bad_options_are_usage_errors(segcore_cli, tmp_path, args, message):
    base = [segcore_cli, "stream", "--input", "redis", "--stream", "ev", "--group", "g", "--consumer", "c",
            "--moves-stream", "m"]
    p = subprocess.run(base + args, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and message in p.stderr, p.stderr


@pytest.mark.parametrize("missing", ["stream", "group", "consumer", "moves-stream"])
def test_each_name_is_required(segcore_cli, missing):
    names = {"stream": "ev", "group": "g", "consumer": "c", "moves-stream": "m"}
    args = [a for k, v in names.items() if k != missing for a in (f"--{k}", v)]
    p = subprocess.run([segcore_cli, "stream", "--input", "redis", "--redis", "127.0.0.1:1", *args],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and f"--input redis needs --{missing}" in p.stderr, p.stderr


def test_no_server_is_an_error_naming_it(segcore_cli, tmp_path):
    p = subprocess.run([segcore_cli, "stream", "--input", "redis", "--redis", "127.0.0.1:1", "--stream", "ev",
                        "--group", "g", "--consumer", "c", "--moves-stream", "m", "--checkpoint", tmp_path / "ck"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 1 and "127.0.0.1:1" in p.stderr, p.stderr
    assert not (tmp_path / "ck").exists()
