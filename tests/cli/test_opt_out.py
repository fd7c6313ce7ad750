"""--opt-out: the listed customers are left out of every output, which then equals the output
for the same file without their rows; the count left out is reported."""
import csv
import io
import os
from datetime import datetime
from pathlib import Path

from test_cli import make_events, read_csv


DATA = Path(__file__).resolve().parents[2] / "data" / "online_retail_sample.csv"
SAMPLE_COLUMNS = ["--customer-col", "CustomerID", "--time-col", "InvoiceDate", "--quantity-col", "Quantity",
                  "--price-col", "UnitPrice", "--order-col", "InvoiceNo", "--attribute-cols", "Country"]


def write_without(src, dst, gone, column):
    with open(src, newline="") as f, open(dst, "w", newline="") as g:
        r, w = csv.reader(f), csv.writer(g)
        header = next(r)
        w.writerow(header)
        at = header.index(column)
        for row in r:
            if row[at] not in gone:
                w.writerow(row)


def test_opt_out_leaves_customers_out_of_every_table(run, tmp_path):
    with open(DATA, newline="") as f:
        rows = list(csv.DictReader(f))
    latest = max(rows, key=lambda r: datetime.fromisoformat(r["InvoiceDate"]))["CustomerID"]
    gone = {"13047.0", "14527.0", latest, "99999.0"}  # the latest moves the as-of time; 99999.0 is absent
    (tmp_path / "opt_out.txt").write_text("# opted out\n" + "\n".join(f" {c} " for c in sorted(gone)) + "\n\n")
    write_without(DATA, tmp_path / "kept.csv", gone, "CustomerID")
    p = run("run", DATA, *SAMPLE_COLUMNS, "--opt-out", "opt_out.txt", "--output", "with", check=True)
    run("run", "kept.csv", *SAMPLE_COLUMNS, "--output", "without", check=True)
    present = {r["CustomerID"] for r in rows} & gone
    n_rows = sum(1 for r in rows if r["CustomerID"] in gone)
    assert len(present) == 3
    assert f"3 opted-out customers ({n_rows} rows) left out; 4 ids listed" in p.stdout
    names = sorted(os.listdir(tmp_path / "with"))
    assert {"profiles.csv", "rfm.csv", "segments.csv", "clusters.csv", "personas.csv", "clv.csv"} <= set(names)
    assert names == sorted(os.listdir(tmp_path / "without"))
    for name in names:
        if name in ("report.html", "run.json"):  # they name the opt-out list and its counts
            continue
        a = (tmp_path / "with" / name).read_bytes()
        assert a == (tmp_path / "without" / name).read_bytes(), name
        for row in csv.reader(io.StringIO(a.decode())):
            assert not gone & set(row), (name, row)
    html = (tmp_path / "with" / "report.html").read_text()
    assert "customers on the opt-out list, left out of everything" in html
    record = (tmp_path / "with" / "run.json").read_text()
    for c in gone:
        assert c not in html and f'"{c.removesuffix(".0")}"' not in record


def test_opt_out_on_single_commands_and_bad_lists(run, tmp_path):
    make_events(tmp_path / "events.csv")
    (tmp_path / "ids.txt").write_text("c1\nc2\n")
    out = run("profile", "events.csv", "--opt-out", "ids.txt", check=True)
    ids = {r["customer_id"] for r in read_csv(out.stdout)}
    assert ids and not ids & {"c1", "c2"}
    assert "2 opted-out customers" in out.stderr + out.stdout
    rfm = run("rfm", "events.csv", "--opt-out", "ids.txt", check=True)
    assert not {r["customer_id"] for r in read_csv(rfm.stdout)} & {"c1", "c2"}
    missing = run("profile", "events.csv", "--opt-out", "nope.txt", check=False)
    assert missing.returncode != 0 and "nope.txt" in missing.stderr and "no such file" in missing.stderr
    everyone = {f"c{i}" for i in range(60)}
    (tmp_path / "all.txt").write_text("\n".join(sorted(everyone)))
    empty = run("profile", "events.csv", "--opt-out", "all.txt", check=False)
    assert empty.returncode != 0 and "every customer is on the opt-out list" in empty.stderr
