"""`segcore stream --input redis` against a redis-server of the test's own: events written by the
producer, moves read back from the moves stream. An uninterrupted run and runs SIGKILLed at
random points (each restarted from its checkpoint, the group redelivering what was not acked)
end with the same distinct move ids and the same checkpoint bytes; a malformed entry is
dead-lettered with its reason and the stream goes on."""
import json
import random
import signal
import subprocess
import time

import pytest


def produce_events(produce, server, count, seed=7, customers=300):
    subprocess.run([produce, "--port", str(server.port), "--stream", "ev", "--count", str(count),
                    "--seed", str(seed), "--customers", str(customers), "--batch", "1000"],
                   check=True, capture_output=True, timeout=300)


def stream_args(cli, server, checkpoint, *extra):
    return [cli, "stream", "--input", "redis", "--redis", f"127.0.0.1:{server.port}", "--stream", "ev",
            "--group", "g", "--consumer", "c1", "--moves-stream", "moves", "--dead-letter-stream", "dead",
            "--checkpoint", str(checkpoint), "--segment-every", "500", *map(str, extra)]


def drain(cli, server, checkpoint, *extra):
    """Runs until the stream has been idle for a second; the final checkpoint is saved."""
    p = subprocess.run(stream_args(cli, server, checkpoint, "--stop-when-idle", "1", *extra),
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


def move_ids(server):
    return [json.loads(f["move"])["move_id"] for _, f in entries(server, "moves")]


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


@pytest.mark.parametrize("count,kills", [(50000, 20)])
def test_sigkilled_runs_end_as_an_uninterrupted_one(segcore_cli, produce, redis_server, tmp_path, count, kills):
    produce_events(produce, redis_server, count)
    # The uninterrupted run, into its own group and streams.
    drain(segcore_cli, redis_server, tmp_path / "whole", "--checkpoint-every", 2000)
    whole_ids = move_ids(redis_server)
    assert len(whole_ids) == len(set(whole_ids)) > 0
    whole = (tmp_path / "whole").read_bytes()
    for s in ("moves", "dead"):
        redis_server.command("DEL", s)
    redis_server.command("XGROUP", "DESTROY", "ev", "g")

    rng = random.Random(20)
    killed = 0
    ck = tmp_path / "killed"
    for _ in range(kills):
        p = subprocess.Popen(stream_args(segcore_cli, redis_server, ck, "--checkpoint-every", 2000,
                                         "--checkpoint-seconds", 0.1),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 0.6))
        if p.poll() is None:
            p.kill()
            killed += 1
        p.wait(timeout=30)
    drain(segcore_cli, redis_server, ck, "--checkpoint-every", 2000)
    assert killed == kills
    got = move_ids(redis_server)
    assert set(got) == set(whole_ids)
    assert ck.read_bytes() == whole
