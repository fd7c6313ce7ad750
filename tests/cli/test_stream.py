"""`segcore stream`: JSON lines piped in; the consumer killed with SIGKILL at random points and
restarted (the producer re-sending from the checkpoint's position, and some lines before it)
ends with the uninterrupted run's state, bit for bit, and the same set of move ids; its
profiles equal the batch path's; SIGTERM exits 0 after a checkpoint; a malformed line is
dead-lettered and the rest applied."""
import json
import os
import random
import signal
import struct
import subprocess
import time

import pytest

TRIGGERS = """trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days
trigger browsing to Browser: count(type = 'view' and category = 'shoes') > 3 within 7 days without (type = 'purchase')
"""
RULES = "mode exclusive\nsegment Big: monetary > 200\nsegment Repeat: frequency >= 2\n"
D = 86400


def events(rng, n, customers):
    clock, out = 1_700_000_000, []
    for i in range(n):
        clock += rng.randrange(4) * 600
        t = clock - rng.randrange(30) * D if rng.random() < 0.15 else clock
        e = {"customer_id": f"c{rng.randrange(customers)}", "timestamp": t, "amount": rng.choice([0, 15, 40.25, -20]),
             "type": rng.choice(["view", "purchase", "cart"]), "category": rng.choice(["shoes", "hats", None]),
             "event_id": f"e{i}"}
        if rng.random() < 0.3:
            e["order_id"] = f"o{rng.randrange(n)}"
        out.append(e)
    return out


def position(path):
    """The checkpoint's position (docs/MODEL_FILES.md: the payload starts with it, after the
    24-byte header, as a u32 length and the text)."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    (n,) = struct.unpack_from("<I", data, 24)
    text = data[28:28 + n].decode()
    return int(text) if text else 0


def command(cli, tmp_path, checkpoint, *extra):
    (tmp_path / "t.txt").write_text(TRIGGERS)
    (tmp_path / "r.txt").write_text(RULES)
    return [cli, "stream", "--input", "stdin", "--triggers", str(tmp_path / "t.txt"), "--rules",
            str(tmp_path / "r.txt"), "--segment-every", "250", "--checkpoint", str(checkpoint),
            "--checkpoint-every", "400", "--checkpoint-seconds", "0", *extra]


def move_ids(text):
    ids = set()
    for line in text.splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue  # the last line of a killed run may be cut
        if "move_id" in rec:
            ids.add(rec["move_id"])
    return ids


def test_killed_at_random_points_ends_as_the_uninterrupted_run(cli, tmp_path):
    rng = random.Random(20)
    evs = events(rng, 12000, 300)
    lines = [json.dumps(e) for e in evs]
    lines[777] = '{"customer_id": "c1", "timestamp": "yesterday"}'
    whole_ck = tmp_path / "whole.ckpt"
    p = subprocess.run(command(cli, tmp_path, whole_ck), input="\n".join(lines) + "\n", capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    expected = move_ids(p.stdout)
    assert len(expected) > 300
    assert p.stdout.count('"dead_letter"') == 1

    ck = tmp_path / "killed.ckpt"
    seen, kills = set(), 0
    while kills < 8 or position(ck) < len(lines):
        start = position(ck) + 1
        resend = max(1, start - rng.randrange(300))  # some lines already applied, sent again
        out_file = tmp_path / f"out{kills}.jsonl"  # a file, not a pipe: a full pipe would stall the writer
        with open(out_file, "w") as sink:
            proc = subprocess.Popen(command(cli, tmp_path, ck, "--first-line", str(resend)), stdin=subprocess.PIPE,
                                    stdout=sink, stderr=subprocess.DEVNULL, text=True)
        if kills < 8:
            chunk = lines[resend - 1:resend - 1 + rng.randrange(500, 3000)]
            try:
                proc.stdin.write("\n".join(chunk) + "\n")
                proc.stdin.flush()
            except BrokenPipeError:
                pass
            time.sleep(rng.random() * 0.3)
            proc.send_signal(signal.SIGKILL)
            kills += 1
            proc.communicate(timeout=60)
        else:
            proc.communicate("\n".join(lines[resend - 1:]) + "\n", timeout=300)
            assert proc.returncode == 0
        seen |= move_ids(out_file.read_text())
    assert seen == expected
    assert ck.read_bytes() == whole_ck.read_bytes()

    if os.environ.get("SEGCORE_CLI_NO_PACKAGE"):
        return
    import numpy as np
    import segcore
    store = segcore.load_checkpoint(ck).store
    good = [e for i, e in enumerate(evs) if i != 777]
    as_of = max(e["timestamp"] for e in good) + D
    batch = segcore.Profiles.from_arrays([e["customer_id"] for e in good], [e["timestamp"] for e in good],
                                         [float(e["amount"]) for e in good],
                                         [e.get("order_id") or f"#{i}" for i, e in enumerate(good)], as_of=as_of)
    snap = store.snapshot(as_of)
    order = np.argsort(snap.customer_id)
    border = np.argsort(batch.customer_id)
    assert list(np.asarray(snap.customer_id)[order]) == list(np.asarray(batch.customer_id)[border])
    for col in ("n_orders", "frequency", "monetary", "recency_days", "tenure_days", "first_purchase"):
        np.testing.assert_array_equal(snap.column(col)[order], batch.column(col)[border], err_msg=col)


def test_sigterm_checkpoints_and_exits_0_and_malformed_lines_are_dead_lettered(cli, tmp_path):
    ck = tmp_path / "s.ckpt"
    proc = subprocess.Popen(command(cli, tmp_path, ck, "--metrics"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    proc.stdin.write('{"customer_id":"a","timestamp":1700000000,"amount":5}\nnot json\n'
                     '{"customer_id":"b","timestamp":1700000100,"amount":"x"}\n'
                     '{"customer_id":"c","timestamp":"2023-11-15T00:00:00Z","amount":7}\n')
    proc.stdin.flush()
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert position(ck) == 4
    dead = [json.loads(l) for l in out.splitlines() if "dead_letter" in l]
    assert [(d["source_id"], d["dead_letter"]) for d in dead] == [("2", "not json"),
                                                               ("3", '{"customer_id":"b","timestamp":1700000100,"amount":"x"}')]
    assert "not a finite number" in dead[1]["reason"]
    metrics = json.loads(err.strip().splitlines()[-1])["metrics"]
    assert (metrics["events"], metrics["malformed"], metrics["checkpoints"]) == (2, 2, 1)
