"""The report's holdout check: with a calibration end (--holdout-days N or --calibration-end),
the purchase model fitted on the calibration period is compared with the purchases made after
it. Every number of the table is recomputed here: the actual purchases from the raw events in
plain Python, the predicted ones with the BG/NBD formula (scipy) from the fitted parameters in
run.json, and both with the Python package's calibration_and_holdout_data and its own fit."""
import datetime as dt
import html
import json
import os
import re

import numpy as np
import pytest

DAY = 86400
START = 1_600_000_000
BUCKETS = 8  # 0..6 repeat purchases, then "7 or more"


def simulate(path, n_customers, days, seed):
    """BG/NBD-like histories: each customer buys at a gamma-distributed rate until dropping
    out; positive amounts, one order per row (no order column)."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(n_customers):
        rate = rng.gamma(0.8, 1 / 12)  # purchases per day
        p_drop = rng.beta(1.2, 6)
        t = rng.uniform(0, days * 0.7)
        while t < days:
            rows.append((f"c{c:04d}", START + int(t * DAY), round(float(rng.uniform(5, 300)), 2)))
            if rng.random() < p_drop:
                break
            t += rng.exponential(1 / rate)
    with open(path, "w") as f:
        f.write("customer_id,timestamp,amount\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]}\n")
    return rows


def holdout_table(report):
    """The rows of the report's holdout table: label -> (customers, actual, predicted)."""
    part = report[report.index("Holdout check"):]
    table = part[:part.index("</table>")]
    rows = {}
    for cells in re.findall(r"<tr>((?:<td>[^<]*</td>)+)</tr>", table):
        c = [html.unescape(x) for x in re.findall(r"<td>([^<]*)</td>", cells)]
        rows[c[0]] = (int(c[1]), float(c[2]), float(c[3]))
    return rows, html.unescape(re.sub(r"<[^>]+>", "", part[:part.index("<table>")]))


def day(t):
    return t // DAY  # UTC calendar days: the CLI's periods (period 1 day)


def plain_holdout(rows, calibration_end):
    """Per calibration customer: (repeat purchase days before, recency and T in weeks, purchase
    days after), by the documented rule: periods are UTC days; the calibration period keeps the
    purchases up to calibration_end; the holdout counts the purchase days after it."""
    last_day = day(max(t for _, t, _ in rows))
    by = {}
    for c, t, _ in rows:
        by.setdefault(c, []).append(t)
    out = {}
    for c, ts in sorted(by.items()):
        cal_days = sorted({day(t) for t in ts if t <= calibration_end})
        if not cal_days:
            continue  # first seen after the calibration end
        all_days = {day(t) for t in ts}
        x = len(cal_days) - 1
        out[c] = (x, (cal_days[-1] - cal_days[0]) / 7, (day(calibration_end) - cal_days[0]) / 7,
                  len(all_days) - len(cal_days))
    return out, (last_day - day(calibration_end)) / 7


def bgnbd_conditional(params, t, x, tx, T):
    """lifetimes' BetaGeoFitter.conditional_expected_number_of_purchases_up_to_time."""
    from scipy.special import hyp2f1
    r, alpha, a, b = params
    x, tx, T = map(np.asarray, (x, tx, T))
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    first = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    second = 1 + (x > 0) * (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return first / second


def check_table(table, per_customer, predicted):
    """The report's rows against per-customer (bucket, actual) and predictions."""
    want = {}
    for (x, _, _, actual), pred in zip(per_customer.values(), predicted):
        key = str(x) if x < BUCKETS - 1 else f"{BUCKETS - 1} or more"
        for k in (key, "all customers"):
            n, a, p = want.get(k, (0, 0, 0.0))
            want[k] = (n + 1, a + actual, p + pred)
    assert set(table) == set(want)
    for k, (n, a, p) in want.items():
        assert table[k][0] == n and table[k][1] == a, (k, table[k], want[k])
        assert table[k][2] == pytest.approx(p, abs=0.0051), (k, table[k], p)


@pytest.mark.parametrize("n_customers,days,holdout,seed", [(157, 300, 60, 1), (333, 400, 90, 2), (611, 250, 31, 3)])
def test_holdout_days_table_matches_an_independent_computation(run, tmp_path, n_customers, days, holdout, seed):
    rows = simulate(tmp_path / "ev.csv", n_customers, days, seed)
    run("run", "ev.csv", "--holdout-days", holdout, "--no-spend", "--k", "3", "--output", "out", check=True)
    report = (tmp_path / "out" / "report.html").read_text()
    record = json.loads((tmp_path / "out" / "run.json").read_text())
    table, text = holdout_table(report)

    calibration_end = max(t for _, t, _ in rows) - holdout * DAY
    per_customer, duration = plain_holdout(rows, calibration_end)
    assert duration == holdout / 7
    params = [p["value"] for p in record["clv"]["parameters"]]
    x, tx, T, _ = (np.array(v, dtype=float) for v in zip(*per_customer.values()))
    check_table(table, per_customer, bgnbd_conditional(params, duration, x, tx, T))
    iso = dt.datetime.fromtimestamp(calibration_end, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert iso in text and "held out" in text and "predicted" in text

    if os.environ.get("SEGCORE_CLI_NO_PACKAGE"):
        return  # a sanitizer build: the package cannot load its library into this interpreter
    segcore = pytest.importorskip("segcore")
    ids, ts, amounts = np.array([r[0] for r in rows]), np.array([r[1] for r in rows]), np.array([r[2] for r in rows])
    cal = segcore.calibration_and_holdout_data(ids, ts, amounts, calibration_end=calibration_end, time_unit_days=7)
    assert list(cal["customer_id"]) == list(per_customer)
    assert list(cal["frequency_holdout"]) == [v[3] for v in per_customer.values()]
    fitter = segcore.BetaGeoFitter().fit(cal["frequency_cal"], cal["recency_cal"], cal["T_cal"])
    assert [fitter.params_[k] for k in ("r", "alpha", "a", "b")] == pytest.approx(params, rel=1e-5)
    check_table(table, per_customer, fitter.conditional_expected_number_of_purchases_up_to_time(
        cal["duration_holdout"], cal["frequency_cal"], cal["recency_cal"], cal["T_cal"]))


@pytest.mark.parametrize("model", ["bgnbd", "pareto-nbd"])
def test_calibration_end_gives_the_check_for_either_model(run, tmp_path, model):
    rows = simulate(tmp_path / "ev.csv", 250, 360, 11)
    calibration_end = START + 290 * DAY + 4000
    iso = dt.datetime.fromtimestamp(calibration_end, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    run("run", "ev.csv", "--calibration-end", iso, "--model", model, "--k", "3", "--output", "out", check=True)
    table, _ = holdout_table((tmp_path / "out" / "report.html").read_text())
    per_customer, duration = plain_holdout(rows, calibration_end)
    assert table["all customers"][:2] == (len(per_customer), sum(v[3] for v in per_customer.values()))
    if os.environ.get("SEGCORE_CLI_NO_PACKAGE"):
        return
    segcore = pytest.importorskip("segcore")
    params = json.loads((tmp_path / "out" / "run.json").read_text())["clv"]["parameters"]
    fitter = (segcore.ParetoNBDFitter() if model == "pareto-nbd" else segcore.BetaGeoFitter())
    fitter.set_params(**{p["name"]: p["value"] for p in params[:4]})
    x, tx, T, _ = (np.array(v, dtype=float) for v in zip(*per_customer.values()))
    check_table(table, per_customer, fitter.conditional_expected_number_of_purchases_up_to_time(duration, x, tx, T))


def test_no_check_without_a_calibration_end_or_a_period_after_it(run, tmp_path):
    rows = simulate(tmp_path / "ev.csv", 150, 200, 5)
    run("run", "ev.csv", "--k", "3", "--output", "plain", check=True)
    assert "Holdout check" not in (tmp_path / "plain" / "report.html").read_text()
    last = max(t for _, t, _ in rows)
    run("run", "ev.csv", "--k", "3", "--calibration-end", str(last), "--output", "at-end", check=True)
    assert "Holdout check" not in (tmp_path / "at-end" / "report.html").read_text()


def test_holdout_days_is_the_calibration_end_that_many_days_before_the_last_event(run, tmp_path):
    rows = simulate(tmp_path / "ev.csv", 150, 200, 6)
    end = max(t for _, t, _ in rows) - 40 * DAY
    run("clv", "ev.csv", "--holdout-days", "40", "--output", "held.csv", check=True)
    run("clv", "ev.csv", "--calibration-end", str(end), "--output", "cal.csv", check=True)
    assert (tmp_path / "held.csv").read_text() == (tmp_path / "cal.csv").read_text()
    p = run("run", "ev.csv", "--holdout-days", "40", "--k", "3", "--output", "out", check=True)
    table, _ = holdout_table((tmp_path / "out" / "report.html").read_text())
    _, actual, predicted = table["all customers"]
    iso = dt.datetime.fromtimestamp(end, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    line = f"holdout check: {predicted:.1f} purchases predicted in the 40 days after {iso}, {actual:.0f} made"
    assert line in p.stdout
    assert line in run("clv", "ev.csv", "--holdout-days", "40", "--output", "c.csv", check=True).stdout


@pytest.mark.parametrize("flags,words", [(["--holdout-days", "0"], "--holdout-days"),
                                         (["--holdout-days", "x"], "--holdout-days"),
                                         (["--holdout-days", "9", "--calibration-end", "2020-01-01"], "together")])
def test_bad_holdout_flags_are_refused_before_any_work(run, tmp_path, flags, words):
    p = run("run", *flags, "--output", "out")
    assert p.returncode == 2 and words in p.stderr and p.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_holdout_check_does_not_depend_on_the_thread_count(run, tmp_path):
    simulate(tmp_path / "ev.csv", 400, 300, 8)
    for threads in ("1", "2", "3"):
        run("run", "ev.csv", "--holdout-days", "50", "--threads", threads, "--output", f"t{threads}", check=True)
    for name in ("run.json", "report.html"):
        assert (tmp_path / "t1" / name).read_bytes() == (tmp_path / "t2" / name).read_bytes() == \
            (tmp_path / "t3" / name).read_bytes(), name
