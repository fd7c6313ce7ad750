"""The PostgreSQL extension against a server of the test's own (conftest.py): every function's
output against the CLI's or the Python package's on the same rows, and bad input as clean SQL
errors after which the session goes on."""
import csv
import io
import math
import os
import re
import subprocess

import numpy as np
import pytest

from conftest import SAMPLE

RETAIL_EVENTS = ("SELECT customer_id, invoice_date, quantity * unit_price, invoice_no FROM retail "
                 "WHERE customer_id IS NOT NULL")
RFM_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment"]


def rows(pg, sql):
    out = pg.psql(sql).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def segcore_package():
    if not os.environ.get("SEGCORE_LIBRARY"):
        pytest.skip("SEGCORE_LIBRARY is not set")
    import segcore
    return segcore


def cli_rfm(mode, bins, as_of):
    cli = os.environ.get("SEGCORE_CLI")
    if not cli:
        pytest.skip("SEGCORE_CLI is not set (the CLI is not built)")
    done = subprocess.run([cli, "rfm", str(SAMPLE), "--customer-col", "CustomerID", "--time-col", "InvoiceDate",
                           "--quantity-col", "Quantity", "--price-col", "UnitPrice", "--order-col", "InvoiceNo",
                           "--mode", mode, "--bins", str(bins)] + (["--as-of", as_of] if as_of else []),
                          capture_output=True, text=True, check=True)
    return list(csv.DictReader(io.StringIO(done.stdout)))


def cli_id(customer):
    """An id as the CLI writes it: a whole number written as a float loses its zero fraction
    (docs/CLI.md, "Customer ids"); SQL returns ids as the rows have them."""
    m = re.fullmatch(r"(-?[0-9]+)\.0+", customer)
    return m[1] if m else customer


def same_number(a, b):
    if a in ("", None) or b in ("", None):
        return a in ("", None) and b in ("", None)
    return float(a) == float(b)


@pytest.mark.parametrize("mode,bins,as_of", [("quantile", 5, None), ("rank", 4, None), ("quantile", 3, "2011-10-01")])
def test_rfm_equals_the_cli(pg, mode, bins, as_of):
    at = f"'{as_of} 00:00:00+00'" if as_of else "NULL"
    sql = f"SELECT * FROM segcore.rfm($q${RETAIL_EVENTS}$q$, {bins}, '{mode}', {at}) ORDER BY customer_id"
    ours = {cli_id(r[0]): dict(zip(RFM_COLUMNS, r)) for r in rows(pg, sql)}
    theirs = {r["customer_id"]: r for r in cli_rfm(mode, bins, as_of)}
    assert len(theirs) == 220
    if as_of:
        # Rows after as_of are left out as they are read, so a customer with no row up to as_of
        # is not listed; the CLI lists such a customer with no purchase, unscored.
        later = {cli_id(r[0]) for r in rows(pg, "SELECT customer_id FROM retail WHERE customer_id IS NOT NULL "
                                              f"GROUP BY 1 HAVING min(invoice_date) > '{as_of}'")}
        assert 0 < len(later) < 220
        assert all(theirs[cid]["frequency"] == "0" and theirs[cid]["r_score"] == "0" for cid in later)
        theirs = {cid: r for cid, r in theirs.items() if cid not in later}
    assert ours.keys() == theirs.keys()
    for cid, row in theirs.items():
        for col in RFM_COLUMNS[1:]:
            if col == "segment":
                assert ours[cid][col] == row[col], (cid, col)
            else:
                assert same_number(ours[cid][col], row[col]), (cid, col, ours[cid][col], row[col])


def features(pg):
    """log1p(recency, frequency, monetary) of the scored customers, by customer id."""
    pg.psql("CREATE TABLE IF NOT EXISTS features AS SELECT customer_id, ARRAY[ln(1 + recency_days), "
            "ln(1 + frequency), ln(1 + monetary)] AS x "
            f"FROM segcore.rfm($q${RETAIL_EVENTS}$q$) WHERE r_score > 0 ORDER BY customer_id")
    got = rows(pg, "SELECT customer_id, array_to_string(x, ',') FROM features ORDER BY customer_id")
    return [r[0] for r in got], np.array([[float(v) for v in r[1].split(",")] for r in got])


def model_bytes(pg, k, seed):
    hexed = rows(pg, f"SELECT encode(segcore.kmeans_fit(array_agg(x ORDER BY customer_id), {k}, {seed}), 'hex') "
                     "FROM features")[0][0]
    return bytes.fromhex(hexed)


def test_kmeans_fit_and_predict_equal_the_python_package(pg):
    segcore = segcore_package()
    ids, x = features(pg)
    image = model_bytes(pg, 4, 7)
    theirs = segcore.cluster.KMeans(n_clusters=4, random_state=7, n_threads=1).fit(x)
    assert image == theirs.to_bytes()
    labels = rows(pg, f"SELECT segcore.kmeans_predict('\\x{image.hex()}'::bytea, x) FROM features "
                      "ORDER BY customer_id")
    assert [int(r[0]) for r in labels] == theirs.predict(x).tolist()
    assert len(set(theirs.predict(x).tolist())) == 4


def test_kmeans_predict_decodes_each_model_it_is_given(pg):
    # Two models alternate row by row in one query: the cache is keyed on the model's bytes.
    segcore = segcore_package()
    _, x = features(pg)
    a, b = model_bytes(pg, 3, 1), model_bytes(pg, 5, 2)
    got = rows(pg, f"SELECT segcore.kmeans_predict(CASE WHEN n % 2 = 0 THEN '\\x{a.hex()}'::bytea "
                   f"ELSE '\\x{b.hex()}'::bytea END, x) FROM (SELECT x, row_number() OVER (ORDER BY customer_id) "
                   "AS n FROM features) t ORDER BY n")
    pa = segcore.cluster.KMeans.from_bytes(a).predict(x)
    pb = segcore.cluster.KMeans.from_bytes(b).predict(x)
    expected = [int(pb[i]) if (i + 1) % 2 else int(pa[i]) for i in range(len(x))]
    assert [int(r[0]) for r in got] == expected
    assert expected != pa.tolist() and expected != pb.tolist()


def hexed(model):
    return f"'\\x{model.to_bytes().hex()}'::bytea"


def test_logistic_and_scaler_models_score_as_the_python_package(pg):
    segcore = segcore_package()
    ids, x = features(pg)
    y = (x[:, 1] > np.median(x[:, 1])).astype(float)  # a label the features predict in part
    y[::7] = 1 - y[::7]
    logistic = segcore.linear_model.LogisticRegression().fit(x, y)
    got = rows(pg, f"SELECT segcore.logistic_predict_proba({hexed(logistic)}, x) FROM features ORDER BY customer_id")
    assert [float(r[0]) for r in got] == logistic.predict_proba(x)[:, 1].tolist()  # to the bit
    for scaler in (segcore.preprocessing.StandardScaler(), segcore.preprocessing.RobustScaler()):
        scaler.fit(x)
        got = rows(pg, f"SELECT array_to_string(segcore.scaler_transform({hexed(scaler)}, x), ',') FROM features "
                       "ORDER BY customer_id")
        assert np.array_equal(np.array([[float(v) for v in r[0].split(",")] for r in got]), scaler.transform(x))


def test_clv_models_score_histories_as_the_python_package(pg):
    segcore = segcore_package()
    # Histories drawn from the Pareto/NBD process (CDNOW-like rates, weeks): purchases at a
    # Poisson rate until an exponential lifetime ends; recency is the last purchase's time.
    rng = np.random.default_rng(3)
    n = 400
    T = rng.uniform(39, 52, n)
    frequency, recency = np.zeros(n), np.zeros(n)
    for i in range(n):
        rate, end = rng.gamma(0.55, 1 / 10.6 * 4), min(T[i], rng.exponential(1 / rng.gamma(0.61, 1 / 11.7)))
        t = rng.exponential(1 / rate)
        while t <= end:
            frequency[i], recency[i] = frequency[i] + 1, t
            t += rng.exponential(1 / rate)
    monetary = np.where(frequency > 0, rng.gamma(4.0, 10.0, n), 0.0)
    pg.psql("DROP TABLE IF EXISTS histories; CREATE TABLE histories (n int, frequency float8, recency float8, "
            "age float8, monetary float8); INSERT INTO histories VALUES " +
            ", ".join(f"({i}, {frequency[i]!r}, {recency[i]!r}, {T[i]!r}, {monetary[i]!r})" for i in range(n)))
    for model in (segcore.clv.BetaGeoFitter(), segcore.clv.ParetoNBDFitter()):
        model.fit(frequency, recency, T)
        got = rows(pg, f"SELECT segcore.clv_probability_alive({hexed(model)}, frequency, recency, age), "
                       f"segcore.clv_expected_purchases({hexed(model)}, 13, frequency, recency, age) "
                       "FROM histories ORDER BY n")
        alive = model.conditional_probability_alive(frequency, recency, T)
        expected = model.conditional_expected_number_of_purchases_up_to_time(13, frequency, recency, T)
        assert np.isfinite(alive).all() and np.isfinite(expected).all() and 0 < alive.min() < alive.max() <= 1
        np.testing.assert_array_equal([float(r[0]) for r in got], alive)  # to the bit
        np.testing.assert_array_equal([float(r[1]) for r in got], expected)
    repeat = frequency > 0
    spend = segcore.clv.GammaGammaFitter().fit(frequency[repeat], monetary[repeat])
    got = rows(pg, f"SELECT segcore.clv_expected_spend({hexed(spend)}, frequency, monetary) FROM histories "
                   "WHERE frequency > 0 ORDER BY n")
    np.testing.assert_array_equal([float(r[0]) for r in got],
                                  spend.conditional_expected_average_profit(frequency[repeat], monetary[repeat]))


def test_a_model_of_another_kind_or_corrupt_bytes_is_a_clean_error(pg):
    segcore = segcore_package()
    _, x = features(pg)
    scaler = segcore.preprocessing.StandardScaler().fit(x)
    calls = [(f"SELECT segcore.logistic_predict_proba({hexed(scaler)}, ARRAY[1.0, 2.0, 3.0])", "22023"),
             (f"SELECT segcore.clv_probability_alive({hexed(scaler)}, 1, 1, 2)", "22023"),
             ("SELECT segcore.scaler_transform('\\x0001'::bytea, ARRAY[1.0])", "XX001"),
             (f"SELECT segcore.scaler_transform({hexed(scaler)}, ARRAY[1.0, 2.0])", "22023"),
             (f"SELECT segcore.scaler_transform({hexed(scaler)}, ARRAY[1.0, NULL, 2.0])", "22004")]
    for sql, sqlstate in calls:
        done = pg.psql(f"\\set VERBOSITY verbose\n{sql};\nSELECT 'still here';\n", check=False, script=True)
        assert f"ERROR:  {sqlstate}:" in done.stderr, (sql, done.stderr)
        assert done.stdout.strip().endswith("still here")


RULES = ["recency_days <= 30 and frequency >= 3", "monetary > 1000 or frequency >= 10", "not (recency_days > 90)"]


@pytest.mark.parametrize("rule", RULES)
def test_rule_matches_equals_the_python_package(pg, rule):
    segcore = segcore_package()
    got = rows(pg, f"SELECT customer_id, recency_days, frequency, monetary, segcore.rule_matches($r${rule}$r$, "
                   "ARRAY['recency_days', 'frequency', 'monetary'], ARRAY[recency_days, frequency, monetary]) "
                   f"FROM segcore.rfm($q${RETAIL_EVENTS}$q$) ORDER BY customer_id")
    columns = {name: np.array([float(r[j + 1]) if r[j + 1] != "" else math.nan for r in got])
               for j, name in enumerate(["recency_days", "frequency", "monetary"])}
    expected = segcore.rules.Rule(rule).evaluate(columns)
    assert [r[4] == "t" for r in got] == list(np.asarray(expected))
    assert 0 < sum(r[4] == "t" for r in got) < len(got)


TEXT_RULES = ["country = 'France' and quantity >= 12", "country in ('Germany', 'Spain') or unit_price > 10",
              "country starts_with 'United' and not (quantity < 6)"]


@pytest.mark.parametrize("rule", TEXT_RULES)
def test_rule_matches_with_text_fields_equals_the_python_package(pg, rule):
    segcore = segcore_package()
    got = rows(pg, "SELECT quantity, unit_price, country, segcore.rule_matches($r$" + rule + "$r$, "
                   "ARRAY['quantity', 'unit_price'], ARRAY[quantity, unit_price], ARRAY['country'], ARRAY[country]) "
                   "FROM retail ORDER BY invoice_no, stock_code, quantity, unit_price")
    columns = {"quantity": np.array([float(r[0]) for r in got]), "unit_price": np.array([float(r[1]) for r in got]),
               "country": np.array([r[2] for r in got], dtype=object)}
    expected = segcore.rules.Rule(rule).evaluate(columns)
    assert [r[3] == "t" for r in got] == list(np.asarray(expected))
    assert 0 < sum(r[3] == "t" for r in got) < len(got)


# Each bad call, then a query in the same session: the error is PostgreSQL's, with segcore's
# message, and the session goes on.
BAD_CALLS = [
    ("SELECT segcore.kmeans_predict('\\x00010203'::bytea, ARRAY[1.0, 2.0])", "XX001", "model"),
    ("SELECT segcore.kmeans_predict(segcore.kmeans_fit(ARRAY[[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]], 2, 0), "
     "ARRAY[1.0, NULL])", "22004", "NULL"),
    ("SELECT segcore.kmeans_predict(segcore.kmeans_fit(ARRAY[[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]], 2, 0), "
     "ARRAY[1.0, 2.0, 3.0])", "22023", "fitted on 2"),
    ("SELECT segcore.kmeans_fit(ARRAY[[0.0, 0.0]], 2, 0)", "22023", "n_clusters"),
    ("SELECT segcore.rule_matches('recency_days <= and', ARRAY['recency_days'], ARRAY[1.0])", "22023", "line 1"),
    ("SELECT segcore.rule_matches('spend > 3', ARRAY['recency_days'], ARRAY[1.0])", "42704", "spend"),
    ("SELECT segcore.rule_matches('recency_days > 3', ARRAY['recency_days'], ARRAY[1.0, 2.0])", "2202E", "names"),
    ("SELECT segcore.rule_matches('c = 1', ARRAY['n'], ARRAY[1.0], ARRAY['c'], ARRAY['x'])", "22023", "line 1"),
    ("SELECT segcore.rule_matches('c = ''x''', ARRAY['n'], ARRAY[1.0], ARRAY['c'], ARRAY['x', 'y'])", "2202E",
     "texts"),
    ("SELECT * FROM segcore.rfm('SELECT customer_id, invoice_date FROM retail')", "42804", "columns"),
    ("SELECT * FROM segcore.rfm('SELECT NULLIF(customer_id, ''12367.0''), invoice_date, quantity * unit_price "
     "FROM retail')", "22004", "customer is NULL"),
    ("SELECT * FROM segcore.rfm('SELECT 1', 5, 'median')", "22023", "mode"),
]


@pytest.mark.parametrize("sql,sqlstate,words", BAD_CALLS)
def test_bad_input_is_a_clean_sql_error(pg, sql, sqlstate, words):
    done = pg.psql(f"\\set VERBOSITY verbose\n{sql};\nSELECT 'still here';\n", check=False, script=True)
    assert f"ERROR:  {sqlstate}:" in done.stderr, done.stderr
    assert words.lower() in done.stderr.lower(), done.stderr
    assert done.stdout.strip().endswith("still here")
    assert "server closed the connection" not in done.stderr


def test_strict_functions_return_null_for_null_arguments(pg):
    got = rows(pg, "SELECT segcore.kmeans_predict(NULL, ARRAY[1.0]) IS NULL, "
                   "segcore.rule_matches(NULL, ARRAY['a'], ARRAY[1.0]) IS NULL")
    assert got == [["t", "t"]]


def test_a_cancel_stops_a_long_fit(pg):
    # A fit long enough to time, uncancelled, then the same under statement_timeout: the
    # cancel must stop it within a fraction of its length (segcore polls the pending cancel),
    # not after it finishes.
    import time
    pg.psql("CREATE TABLE IF NOT EXISTS big AS SELECT array_agg(ARRAY[sin(i), cos(i * 1.7), sin(i * 0.3), "
            "cos(i * 2.9), sin(i * 5.1), cos(i * 0.7)]) AS x FROM generate_series(1, 60000) i")
    for k in (100, 400, 1600):  # more clusters until the fit is long enough on this machine now
        fit = f"SELECT length(segcore.kmeans_fit(x, {k}, 3)) FROM big"
        start = time.monotonic()
        pg.psql(fit)
        full = time.monotonic() - start
        if full > 1.0:
            break
    assert full > 1.0, f"the fit took {full:.2f} s: too short to tell a cancel from its end"
    timeout_ms = max(100, int(full * 1000 / 10))
    start = time.monotonic()
    done = pg.psql(f"SET statement_timeout = {timeout_ms};\n{fit};\n"
                   "RESET statement_timeout;\nSELECT 'still here';\n", check=False, script=True)
    cancelled = time.monotonic() - start
    assert "canceling statement due to statement timeout" in done.stderr, done.stderr
    assert done.stdout.strip().endswith("still here")
    assert cancelled < full / 2, (cancelled, full)


def test_parallel_workers_score_as_the_leader_does(pg):
    # PARALLEL SAFE: parallel workers load the module, decode the model and compile the rule
    # of their own (fn_extra is per process) and give the leader's answers.
    image = model_bytes(pg, 4, 7)
    query = (f"SELECT customer_id, segcore.kmeans_predict('\\x{image.hex()}'::bytea, x), "
             "segcore.rule_matches('a > 2', ARRAY['a'], ARRAY[x[1]]) FROM features ORDER BY customer_id")
    serial = rows(pg, query)
    parallel = pg.psql("SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; "
                       "SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; "
                       f"SET force_parallel_mode = on;\nEXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {query};\n"
                       f"{query};\n", script=True).stdout
    assert re.search(r"Workers Launched: [1-9]", parallel), parallel
    assert [line.split("\t") for line in parallel.splitlines() if "\t" in line] == serial


GUIDE = SAMPLE.parents[1] / "docs" / "guides" / "postgres.md"


def guide_block(marker):
    """The sql block of docs/guides/postgres.md that follows the line holding marker."""
    text = GUIDE.read_text()
    m = re.search(re.escape(marker) + r".*?-->\n```sql\n(.*?)```", text, re.S)
    assert m, f"no sql block after {marker!r} in {GUIDE}"
    return m[1]


def segments_now(pg):
    """segcore.rfm over the orders as they are, by customer."""
    return {r[0]: r for r in rows(pg, f"SELECT * FROM segcore.rfm($q${RETAIL_EVENTS}$q$)")}


def table_now(pg):
    cols = ", ".join(RFM_COLUMNS)
    return {r[0]: r for r in rows(pg, f"SELECT {cols} FROM customer_segments")}


def moves_of_last_refresh(pg):
    return {(r[0], r[1] or None, r[2] or None) for r in rows(
        pg, "SELECT customer_id, from_segment, to_segment FROM segment_moves "
            "WHERE moved_at = (SELECT max(moved_at) FROM segment_moves)")}


def expected_moves(before, after):
    segment = RFM_COLUMNS.index("segment")
    return {(c, before[c][segment] if c in before else None, after[c][segment] if c in after else None)
            for c in before.keys() | after.keys()
            if (before.get(c) or [None] * 8)[segment] != (after.get(c) or [None] * 8)[segment]}


def test_the_guides_scheduled_refresh_keeps_segments_and_moves_exact(pg):
    # The sample's own rows are never changed (the other tests compare with the CLI on them, and
    # rank ties follow row order): the test adds customers of its own and removes them at the end.
    import time
    block = guide_block("runs this block as written")
    try:
        pg.psql("INSERT INTO retail VALUES ('G0', 'X', 'x', 2, '2011-01-05', 20.0, 'guide-gone', 'Spain')")
        pg.psql(block, script=True)
        first = segments_now(pg)
        assert len(first) == 221 and table_now(pg) == first
        assert moves_of_last_refresh(pg) == expected_moves({}, first)

        # A customer whose orders are gone, and one new to the table with an order later than
        # every other (so as_of moves, and the others' recency with it).
        pg.psql("DELETE FROM retail WHERE customer_id = 'guide-gone'; "
                "INSERT INTO retail SELECT 'G1', 'X', 'x', 3, max(invoice_date) + interval '40 days', 50.0, "
                "'guide-new', 'France' FROM retail")
        pg.psql("CALL refresh_customer_segments()")
        second = segments_now(pg)
        assert table_now(pg) == second and "guide-new" in second and "guide-gone" not in second
        moves = moves_of_last_refresh(pg)
        assert moves == expected_moves(first, second)
        assert ("guide-new", None, second["guide-new"][-1]) in moves
        assert ("guide-gone", first["guide-gone"][-1], None) in moves
        assert len(moves) > 2  # as_of moved: others changed segment too

        # A refresh not yet committed: a reader sees the last one whole and does not wait for it.
        pg.psql("INSERT INTO retail VALUES ('G2', 'X', 'x', 1, '2011-12-01', 10.0, 'guide-later', 'Spain')")
        writer = pg.psql_session("BEGIN;\nCALL refresh_customer_segments();\nSELECT pg_sleep(4);\nCOMMIT;\n")
        try:
            sleeping = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(4)%'"
            for _ in range(200):
                if rows(pg, sleeping)[0][0] != "0":
                    break
                time.sleep(0.05)
            start = time.monotonic()
            during = table_now(pg)
            waited = time.monotonic() - start
        finally:
            out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert during == second and waited < 2.0, waited
        third = segments_now(pg)
        assert table_now(pg) == third and "guide-later" in third
    finally:
        pg.psql("DROP PROCEDURE IF EXISTS refresh_customer_segments();\n"
                "DROP TABLE IF EXISTS customer_segments, segment_moves;\n"
                "DELETE FROM retail WHERE customer_id LIKE 'guide-%';\n", script=True)
