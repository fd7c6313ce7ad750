"""`segcore report FOLDER`: the report of a finished run rendered again from its run.json alone,
the same bytes as the run's report.html, without the input; a folder that is not a finished
run is refused in words; the only file written is the report."""
import json
import os

import numpy as np
import pytest


def write_events(path, n_customers, n_rows, seed, bad_rows=0, with_order=True):
    """Events of awkward ids and amounts (some returns), plus unparsable rows."""
    rng = np.random.default_rng(seed)
    start = 1_600_000_000
    with open(path, "w") as f:
        f.write("customer_id,timestamp,amount" + (",order_id" if with_order else "") + "\n")
        for i in range(n_rows):
            c = f"{int(rng.integers(0, n_customers)) * 7 + 1000}.0"
            amount = round(float(rng.uniform(-30, 400)), 2)
            f.write(f"{c},{start + int(rng.integers(0, 330 * 86400))},{amount}" + (f",o{i}" if with_order else "") + "\n")
        for i in range(bad_rows):
            f.write(f"x{i},not-a-time,1" + (",<b>" if with_order else "") + "\n")


RULES = "mode overlapping\nfallback Other\nsegment Big: monetary > 1000\nsegment Small: monetary < 100 and frequency > 1\nsegment Often: frequency >= 3\n"

# Flag sets over the report's variants: currency code and symbol, rules, opt-out, no spend,
# no CLV, fixed k, holdout, days.
VARIANTS = [
    [],
    ["--currency", "EUR", "--rules", "rules.txt", "--opt-out", "opt.txt"],
    ["--currency", "£", "--no-spend", "--k", "5", "--time-unit", "days", "--horizon", "30"],
    ["--no-clv", "--features", "recency_days,frequency"],
    ["--holdout-days", "60", "--model", "pareto-nbd", "--rules", "rules.txt"],
]


@pytest.fixture
def events(tmp_path):
    write_events(tmp_path / "events.csv", 180, 2500, seed=7, bad_rows=5)
    (tmp_path / "rules.txt").write_text(RULES)
    (tmp_path / "opt.txt").write_text("1007\n1014.0\n")
    return tmp_path / "events.csv"


@pytest.mark.parametrize("flags", VARIANTS, ids=lambda f: " ".join(f) or "defaults")
def test_report_of_a_run_is_the_runs_report_byte_for_byte(run, tmp_path, events, flags):
    run("run", "events.csv", *flags, "--output", "out", check=True)
    p = run("report", "out", "--output", "again.html", check=True)
    assert "again.html" in p.stdout and "run.json" in p.stdout
    assert (tmp_path / "again.html").read_bytes() == (tmp_path / "out" / "report.html").read_bytes()


@pytest.mark.parametrize("name", ['ev "quoted" \\ back.csv', "évènements €\u2028 \U0001F600.csv", "tab\there<&>.csv"])
def test_awkward_input_names_survive_the_record(run, tmp_path, events, name):
    os.rename(events, tmp_path / name)
    run("run", name, "--k", "3", "--output", "out", check=True)
    assert json.loads((tmp_path / "out" / "run.json").read_text())["source"] == name
    run("report", "out", "--output", "again.html", check=True)
    assert (tmp_path / "again.html").read_bytes() == (tmp_path / "out" / "report.html").read_bytes()


def test_report_of_events_is_the_report_of_run(run, tmp_path, events):
    flags = ["--holdout-days", "30", "--currency", "EUR", "--rules", "rules.txt"]
    run("run", "events.csv", *flags, "--output", "out", check=True)
    run("report", "events.csv", *flags, "--output", "alone.html", check=True)
    assert (tmp_path / "alone.html").read_bytes() == (tmp_path / "out" / "report.html").read_bytes()


def test_report_of_the_bundled_sample_run(run, sample_run, tmp_path):
    out, _ = sample_run
    run("report", out, "--output", "again.html", check=True)
    assert (tmp_path / "again.html").read_bytes() == (out / "report.html").read_bytes()


@pytest.mark.parametrize("currency", ["GBP", "$"])
def test_currency_of_report_is_the_currency_of_run(run, tmp_path, events, currency):
    run("run", "events.csv", "--output", "plain", check=True)
    run("run", "events.csv", "--currency", currency, "--output", "priced", check=True)
    run("report", "plain", "--currency", currency, "--output", "priced.html", check=True)
    assert (tmp_path / "priced.html").read_bytes() == (tmp_path / "priced" / "report.html").read_bytes()
    assert (tmp_path / "priced.html").read_bytes() != (tmp_path / "plain" / "report.html").read_bytes()


def test_report_computes_nothing_the_input_and_tables_may_be_gone(run, tmp_path, events):
    run("run", "events.csv", "--rules", "rules.txt", "--opt-out", "opt.txt", "--output", "out", check=True)
    original = (tmp_path / "out" / "report.html").read_bytes()
    for name in ("events.csv", "rules.txt", "opt.txt"):
        (tmp_path / name).unlink()
    for table in (tmp_path / "out").iterdir():
        if table.name != "run.json":
            table.unlink()
    run("report", "out", "--output", "again.html", check=True)
    assert (tmp_path / "again.html").read_bytes() == original
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["run.json"]


def test_default_output_and_replacing_the_runs_own_report(run, tmp_path, events):
    run("run", "events.csv", "--output", "out", check=True)
    original = (tmp_path / "out" / "report.html").read_bytes()
    run("report", "out", check=True)
    assert (tmp_path / "segcore-report.html").read_bytes() == original
    run("report", "out", "--currency", "EUR", "--output", tmp_path / "out" / "report.html", check=True)
    assert b"EUR" in (tmp_path / "out" / "report.html").read_bytes()


def test_record_is_plain_json_with_what_the_report_shows(run, tmp_path, events):
    run("run", "events.csv", "--holdout-days", "45", "--output", "out", check=True)
    record = json.loads((tmp_path / "out" / "run.json").read_text())
    assert record["format"] == "segcore run record" and record["version"] == 1
    assert record["source"] == "events.csv"
    rows = {r["label"]: r["count"] for r in record["quality"]["rows"]}
    assert rows["records read"] == 2505 and rows["rows used"] == 2500 and rows["rows skipped"] == 5
    assert record["options"]["clv"]["calibration_end"] == record["clv"]["holdout"]["calibration_end"]
    assert record["clusters"]["k"] == len(record["clusters"]["personas"])


def one_error_line(p, *words):
    assert p.returncode != 0 and p.stdout == "" and p.stderr.count("\n") == 1, (p.returncode, p.stdout, p.stderr)
    for w in words:
        assert w in p.stderr, (w, p.stderr)


def damaged(path, change):
    record = json.loads(path.read_text())
    change(record)
    path.write_text(json.dumps(record))


@pytest.mark.parametrize("damage,words", [
    (lambda p: p.unlink(), ["out: no run.json", "finished `segcore run`"]),
    (lambda p: p.write_text(p.read_text()[:5000]), ["out/run.json", "not valid JSON"]),
    (lambda p: p.write_text(""), ["out/run.json", "not valid JSON", "unexpected end"]),
    (lambda p: p.write_text("[1, 2]"), ["out/run.json", "not a segcore run record"]),
    (lambda p: damaged(p, lambda r: r.update(format="other")), ["out/run.json", "not a segcore run record"]),
    (lambda p: damaged(p, lambda r: r.update(version=99)), ["out/run.json", "version 99", "reads version 1"]),
    (lambda p: damaged(p, lambda r: r.update(version="1")), ["out/run.json", "version", "not a number"]),
    (lambda p: damaged(p, lambda r: r["clusters"]["personas"][1].pop("name")),
     ["out/run.json", "clusters.personas[1]", "no field \"name\""]),
    (lambda p: damaged(p, lambda r: r["rfm"].update(grid_customers=[1, 2, 3])), ["out/run.json", "rfm.grid_customers"]),
    (lambda p: damaged(p, lambda r: r["quality"]["rows"][0].update(count=-3)),
     ["out/run.json", "quality.rows[0].count", "negative"]),
    (lambda p: damaged(p, lambda r: r["clusters"].update(stability={"resamples": 2, "mean_ari": 1, "jaccard": []})),
     ["out/run.json", "clusters.personas[0].label"]),
    (lambda p: (p.unlink(), p.mkdir()), ["out/run.json", "is a folder"]),
    (lambda p: (p.unlink(), os.mkfifo(p)), ["out/run.json", "not a regular file"]),
])
def test_a_folder_that_is_not_a_finished_run_is_refused_in_words(run, tmp_path, events, damage, words):
    run("run", "events.csv", "--output", "out", check=True)
    damage(tmp_path / "out" / "run.json")
    one_error_line(run("report", "out", "--output", "r.html"), *words)
    assert not (tmp_path / "r.html").exists()


def test_an_empty_folder_is_not_a_run(run, tmp_path):
    (tmp_path / "empty").mkdir()
    one_error_line(run("report", "empty", "--output", "r.html"), "empty: no run.json")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("target", ["out/run.json", "out/clv.csv", "out/segments.csv", "out", "nowhere/r.html"])
def test_report_writes_only_the_report(run, tmp_path, events, target):
    run("run", "events.csv", "--output", "out", check=True)
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    p = run("report", "out", "--output", target)
    assert p.returncode == 1 and p.stderr.count("\n") == 1, p.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


def test_a_hard_link_to_the_record_is_not_written(run, tmp_path, events):
    run("run", "events.csv", "--output", "out", check=True)
    os.link(tmp_path / "out" / "run.json", tmp_path / "linked.json")
    one_error_line(run("report", "out", "--output", "linked.json"), "linked.json", "out/run.json", "a file of the run")


@pytest.mark.parametrize("flag", [["--k", "3"], ["--holdout-days", "9"], ["--no-clv"], ["--rules", "rules.txt"]])
def test_job_flags_do_not_apply_to_a_finished_run(run, tmp_path, events, flag):
    run("run", "events.csv", "--output", "out", check=True)
    p = run("report", "out", *flag, "--output", "r.html")
    assert p.returncode == 2 and flag[0] in p.stderr and "only --currency and --output" in p.stderr
    assert not (tmp_path / "r.html").exists()


def test_help_names_the_run_folder(run):
    p = run("report", "--help", check=True)
    assert "RUN_FOLDER" in p.stdout and "run.json" in p.stdout
    assert "run.json" in run("run", "--help", check=True).stdout
