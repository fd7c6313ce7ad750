"""The segcore command-line tool: outputs checked against the library's Python API and plain
Python arithmetic, and every documented bad input checked for its one-line error and for
leaving no output behind."""
import csv
import io
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
COMMANDS = ["run", "profile", "rfm", "segment", "cluster", "choose-k", "clv", "report"]


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def make_events(path, n_customers=60, n_rows=900, seed=3, with_order=True):
    """A small events file with returns, and the per-customer truth in plain Python."""
    rng = np.random.default_rng(seed)
    start = 1_600_000_000
    rows = []
    for i in range(n_rows):
        c = int(rng.integers(n_customers))
        t = start + int(rng.integers(0, 300 * 86400))
        amount = round(float(rng.uniform(-20, 200)), 2)
        rows.append((f"c{c}", t, amount, f"o{i // 2}" if with_order else None))
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "timestamp", "amount"] + (["order_id"] if with_order else []))
        for c, t, a, o in rows:
            w.writerow([c, t, a] + ([o] if with_order else []))
    return rows


def truth(rows):
    """frequency, monetary and last positive order time per customer (orders grouped by id)."""
    orders, monetary = {}, {}
    for c, t, a, o in rows:
        key = (c, o if o is not None else object())
        total, first = orders.get(key, (0.0, t))
        orders[key] = (total + a, min(first, t))
        monetary[c] = monetary.get(c, 0.0) + a
    freq, last = {}, {}
    for (c, _), (total, t) in orders.items():
        freq.setdefault(c, 0)
        if total > 0:
            freq[c] += 1
            last[c] = max(last.get(c, t), t)
    return freq, monetary, last


# ---- the whole job ---------------------------------------------------------------------------

def test_run_on_the_bundled_sample_writes_every_table(sample_run):
    out, p = sample_run
    names = sorted(os.listdir(out))
    assert names == sorted(["profiles.csv", "rfm.csv", "rfm_summary.csv", "segments.csv", "clusters.csv",
                            "choose_k.csv", "personas.csv", "clv.csv", "report.html", "run.json"])
    assert "customers as of" in p.stdout and "wrote" in p.stdout
    rfm = read_csv((out / "rfm.csv").read_text())
    profiles = read_csv((out / "profiles.csv").read_text())
    assert [r["customer_id"] for r in rfm] == [r["customer_id"] for r in profiles]
    clusters = read_csv((out / "clusters.csv").read_text())
    choose = read_csv((out / "choose_k.csv").read_text())
    k = int(next(r["k"] for r in choose if "recommended" in r["choice"]))
    assert {int(r["cluster"]) for r in clusters} == set(range(k))
    personas = read_csv((out / "personas.csv").read_text())
    assert sum(int(p["customers"]) for p in personas) == len(clusters)
    for r in read_csv((out / "clv.csv").read_text()):
        assert 0 <= float(r["probability_alive"]) <= 1 and float(r["clv"]) >= 0


@pytest.mark.parametrize("command", ["run", "report"])
def test_timings_list_every_step_and_add_up(run, tmp_path, command):
    """--timings prints one line per step of the job, in order, whose wall times add up to the
    total; without the flag, standard error stays empty."""
    out = "out" if command == "run" else "report.html"
    p = run(command, "--timings", "--threads", "2", "--output", out, check=True)
    lines = p.stderr.splitlines()
    assert lines[0].startswith("timings:"), p.stderr
    rows = [line.rsplit(None, 3) for line in lines[1:]]
    steps = [name.strip() for name, *_ in rows]
    assert steps[:4] == ["reading events", "building profiles", "RFM scores", "rule segments"]
    assert "choosing k" in steps and "lifetime value" in steps and steps[-1] == "total"
    assert steps[-2] == ("writing the output" if command == "run" else "writing the report")
    numbers = [(float(w), float(c), float(m)) for _, w, c, m in rows]
    walls = [w for w, _, _ in numbers]
    assert all(w >= 0 for w in walls) and all(c >= 0 for _, c, _ in numbers)
    assert abs(sum(walls[:-1]) - walls[-1]) <= 0.001 * len(walls) + 1e-9
    peaks = [m for _, _, m in numbers]
    assert peaks == sorted(peaks) and peaks[-1] > 0  # a peak never falls
    assert run(command, "--threads", "2", "--output", out + "2", check=True).stderr == ""


def test_run_is_deterministic_across_thread_counts(run, tmp_path):
    run("run", "--threads", "1", "--output", "one", check=True)
    run("run", "--threads", "2", "--output", "two", check=True)
    for name in os.listdir(tmp_path / "one"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_json_tables_hold_the_csv_values(run, tmp_path):
    run("run", "--format", "json", "--output", "j", "--no-clv", check=True)
    run("run", "--output", "c", "--no-clv", check=True)
    js = json.loads((tmp_path / "j" / "rfm.json").read_text())
    cs = read_csv((tmp_path / "c" / "rfm.csv").read_text())
    assert len(js) == len(cs)
    for a, b in zip(js, cs):
        assert a["customer_id"] == b["customer_id"] and a["segment"] == b["segment"]
        assert (a["recency_days"] is None) == (b["recency_days"] == "")
        assert a["monetary"] == float(b["monetary"])


# ---- single commands against the library and plain arithmetic ----------------------------------

def test_rfm_matches_plain_python_and_the_python_package(run, tmp_path):
    rows = make_events(tmp_path / "events.csv")
    p = run("rfm", "events.csv", "--as-of", "1630000000", "--output", "rfm.csv", check=True)
    assert "customers as of" in p.stdout
    got = read_csv((tmp_path / "rfm.csv").read_text())
    freq, monetary, last = truth(rows)
    assert len(got) == len(freq)
    for r in got:
        c = r["customer_id"]
        assert int(r["frequency"]) == freq[c]
        assert float(r["monetary"]) == pytest.approx(monetary[c], abs=1e-6)
        if freq[c]:
            assert int(float(r["recency_days"])) == (1630000000 - last[c]) // 86400
        else:
            assert r["recency_days"] == "" and r["segment"] == "No Purchase"
    if os.environ.get("SEGCORE_CLI_NO_PACKAGE"):
        return  # a sanitizer build: the package cannot load its library into this interpreter
    segcore = pytest.importorskip("segcore")
    ids = np.array([c for c, _, _, _ in rows])
    ref = segcore.rfm(ids, np.array([t for _, t, _, _ in rows], dtype=np.int64),
                      np.array([a for _, _, a, _ in rows]), order_id=np.array([o for *_, o in rows]),
                      as_of=np.int64(1630000000))
    assert [str(x) for x in ref["customer_id"]] == [r["customer_id"] for r in got]
    for col in ("r_score", "f_score", "m_score"):
        assert list(ref[col]) == [int(r[col]) for r in got]
    assert [str(s) for s in ref["segment"]] == [r["segment"] for r in got]


@pytest.mark.parametrize("with_order", [False, True])
@pytest.mark.parametrize("mode", ["rank", "quantile"])
def test_rfm_without_the_duplicate_check_writes_the_same_table(run, tmp_path, with_order, mode):
    """--skip-duplicate-check reads a file without order ids in windows (memory for the
    customers only) and one with them whole; either way the table is the default path's, and
    the summary no longer counts duplicates it did not look for."""
    for seed in range(3):
        make_events(tmp_path / "e.csv", n_customers=40 + seed * 30, n_rows=2000, seed=seed, with_order=with_order)
        base = run("rfm", "--mode", mode, "--output", "a.csv", "e.csv", check=True)
        fast = run("rfm", "--mode", mode, "--skip-duplicate-check", "--output", "b.csv", "e.csv", check=True)
        assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
        assert "exact duplicates" in base.stdout and "exact duplicates" not in fast.stdout
    bad = run("rfm", "--skip-duplicate-check", "--drop-duplicates", "e.csv", check=False)
    assert bad.returncode != 0 and "--drop-duplicates" in bad.stderr


def test_rfm_modes_bins_and_fixed_edges(run, tmp_path):
    make_events(tmp_path / "events.csv", with_order=False)
    got = read_csv(run("rfm", "events.csv", "--bins", "3", "--mode", "rank", check=True).stdout)
    scores = {int(r["f_score"]) for r in got if r["f_score"] != "0"}
    assert scores == {1, 2, 3}
    got = read_csv(run("rfm", "events.csv", "--edges", "30,90;5,10;500,1000", "--bins", "3", check=True).stdout)
    for r in got:
        if r["f_score"] == "0":
            continue
        f = int(r["frequency"])
        assert int(r["f_score"]) == 1 + (f > 5) + (f > 10)
        d = float(r["recency_days"])
        assert int(r["r_score"]) == 1 + (30 > d) + (90 > d)


def test_profile_segment_cluster_choose_k_and_clv_commands(run, tmp_path):
    make_events(tmp_path / "events.csv")
    prof = read_csv(run("profile", "events.csv", "--windows", "14", check=True).stdout)
    assert "orders_14d" in prof[0] and "orders_30d" not in prof[0]
    (tmp_path / "rules.txt").write_text("mode exclusive\nfallback Other\nsegment Big: monetary > 1000\n"
                                        "segment Many: frequency >= 8\n")
    seg = read_csv(run("segment", "--rules", "rules.txt", "events.csv", check=True).stdout)
    by_id = {r["customer_id"]: r for r in prof}
    for r in seg:
        m, f = float(by_id[r["customer_id"]]["monetary"]), int(by_id[r["customer_id"]]["frequency"])
        assert r["segment"] == ("Big" if m > 1000 else "Many" if f >= 8 else "Other")
    life = read_csv(run("segment", "--rules", "lifecycle", "events.csv", check=True).stdout)
    assert len(life) == len(prof)
    cl = run("cluster", "events.csv", "--k", "3", "--features", "frequency,monetary", "--seed", "5", check=True)
    rows = read_csv(cl.stdout)
    assert {r["cluster"] for r in rows} == {"0", "1", "2"} and "cluster 0" in cl.stderr
    ck = read_csv(run("choose-k", "events.csv", "--k-max", "5", check=True).stdout)
    assert [int(r["k"]) for r in ck] == [2, 3, 4, 5]
    assert sum("recommended" in r["choice"] for r in ck) == 1


def test_clv_reproduces_the_published_cdnow_fit(run):
    """Fader, Hardie and Lee (2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 on CDNOW."""
    cdnow = DATA / "cdnow_sample.csv"
    p = run("clv", cdnow, "--customer-col", "customer_id", "--time-col", "date", "--amount-col", "dollar_value",
            "--time-format", "yyyymmdd", "--calibration-end", "1997-09-30", check=True)
    params = dict(re.findall(r"(\w+) = ([0-9.e+-]+)", p.stderr))
    assert round(float(params["r"]), 3) == 0.243 and round(float(params["alpha"]), 3) == 4.414
    assert round(float(params["a"]), 3) == 0.793 and round(float(params["b"]), 3) == 2.426
    got = read_csv(p.stdout)
    assert len(got) == 2357
    assert all(0 <= float(r["probability_alive"]) <= 1 and float(r["clv"]) >= 0 for r in got)


def test_help_on_every_command(run):
    for cmd in COMMANDS:
        p = run(cmd, "--help", check=True)
        assert p.stdout.startswith("usage: segcore " + cmd) and "--help" in p.stdout
    assert "commands:" in run("--help", check=True).stdout
    assert run().returncode == 2


# ---- bad input: one line on stderr, a non-zero exit, nothing left behind -----------------------

def one_error_line(p, *words):
    assert p.returncode != 0
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def nothing_written(folder, before):
    assert sorted(os.listdir(folder)) == sorted(before), os.listdir(folder)


@pytest.mark.parametrize("args, words", [
    (["rfm", "missing.csv"], ["missing.csv", "no such file"]),
    (["rfm", "adir"], ["not a regular file"]),
    (["rfm", "events.csv", "--customer-col", "who"], ["'who'", "customer_id, timestamp, amount, order_id"]),
    (["rfm", "bad.csv"], ["no usable rows"]),
    (["rfm", "empty.csv"], ["empty"]),
    (["rfm", "events.csv", "--amount-col", "amount", "--quantity-col", "q", "--price-col", "p"],
     ["cannot be used together"]),
    (["rfm", "events.csv", "--mode", "fixed"], ["--edges"]),
    (["rfm", "events.csv", "--edges", "1,2;1,2;1,2"], ["edges"]),
    (["rfm", "events.csv", "--bins", "1"], ["--bins"]),
    (["rfm", "events.csv", "--as-of", "yesterday"], ["--as-of", "yesterday"]),
    (["rfm", "events.csv", "--frobnicate"], ["unknown option --frobnicate"]),
    (["rfm", "events.csv", "--bins", "3", "--bins", "4"], ["given twice"]),
    (["rfm", "a.csv", "b.csv"], ["one input file"]),
    (["rfm", "events.csv", "--format", "xml"], ["--format"]),
    (["rfm", "events.csv", "--output", "nowhere/out.csv"], ["nowhere", "no such folder"]),
    (["rfm", "events.csv", "--output", "adir"], ["is a folder"]),
    (["segment", "events.csv"], ["--rules"]),
    (["segment", "events.csv", "--rules", "nope.txt"], ["nope.txt", "no such file"]),
    (["segment", "events.csv", "--rules", "badrule.txt"], ["badrule.txt", "line 1", "loyalty"]),
    (["cluster", "events.csv", "--features", "frequency,shoe_size"], ["shoe_size", "numeric columns"]),
    (["cluster", "events.csv", "--k", "100000"], ["--k"]),
    (["choose-k", "events.csv", "--k-min", "6", "--k-max", "3"], ["--k-min"]),
    (["frobnicate"], ["unknown command"]),
])
def test_bad_input_gives_one_clear_line(run, tmp_path, args, words):
    make_events(tmp_path / "events.csv")
    (tmp_path / "adir").mkdir()
    (tmp_path / "bad.csv").write_text("customer_id,timestamp,amount\nc1,notatime,1\nc2,1600000000,abc\n")
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "badrule.txt").write_text("segment A: loyalty > 3\n")
    before = os.listdir(tmp_path)
    one_error_line(run(*args), *words)
    nothing_written(tmp_path, before)


def test_unwritable_output_folder_leaves_nothing(run_without_write_access):
    ro, run = run_without_write_access
    one_error_line(run("run", "--output", ro / "out"), "cannot")
    one_error_line(run("report", "--output", ro / "r.html"), "cannot write")
    assert os.listdir(ro) == []


def test_run_into_a_file_path_fails_before_any_work(run, tmp_path):
    (tmp_path / "taken").write_text("x")
    one_error_line(run("run", "--output", "taken"), "not a folder")
    assert (tmp_path / "taken").read_text() == "x"
    assert sorted(os.listdir(tmp_path)) == ["taken"]


def test_failed_run_leaves_no_partial_folder(run, tmp_path):
    (tmp_path / "bad.csv").write_text("customer_id,timestamp,amount\nc1,1600000000,1\n")
    one_error_line(run("run", "bad.csv", "--output", "out"), "clustering needs at least 3 customers")
    assert os.listdir(tmp_path) == ["bad.csv"]


def test_lenient_by_default_strict_on_request(run, tmp_path):
    make_events(tmp_path / "events.csv")
    with open(tmp_path / "events.csv", "a") as f:
        f.write("c1,notatime,3,o1\n")
    p = run("rfm", "events.csv", "--output", "r.csv", check=True)
    assert "1 row skipped" in p.stdout and "bad timestamp" in p.stdout
    one_error_line(run("rfm", "events.csv", "--strict"), "line 902", "bad timestamp")
