import pathlib

import numpy as np
import pytest

import segcore

DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "online_retail_sample.csv"
DAY = 86400


def test_rfm_from_arrays_strings_and_datetimes():
    r = segcore.rfm(np.array(["a", "b", "a", "c"]),
                    np.array(["2011-01-01", "2011-02-01", "2011-03-01", "2011-01-05"], dtype="datetime64[s]"),
                    np.array([10.0, 20.0, 5.0, -3.0]))
    assert list(r["customer_id"]) == ["a", "b", "c"]
    np.testing.assert_array_equal(r["frequency"], [2, 1, 0])
    np.testing.assert_allclose(r["monetary"], [15, 20, -3])
    assert r["recency_days"][0] == 1 and r["recency_days"][1] == 29
    assert np.isnan(r["recency_days"][2])  # only a return: not scored
    assert r["r_score"][0] == 5 and r["r_score"][1] == 1 and r["r_score"][2] == 0
    assert r["segment"][2] == "No Purchase"


def test_rfm_int_ids_orders_and_as_of():
    cust = np.array([7, 7, 9, 7], dtype=np.int64)
    ts = np.array([0, 0, DAY, 3 * DAY], dtype=np.int64)
    amt = np.array([1.0, 2.0, 5.0, 4.0])
    order = np.array([100, 100, 101, 102])
    r = segcore.rfm(cust, ts, amt, order_id=order, as_of=10 * DAY, bins=2, mode="rank")
    assert list(r["customer_id"]) == [7, 9] and r["customer_id"].dtype == np.int64
    with pytest.warns(UserWarning, match="1 events after as_of were excluded"):
        early = segcore.rfm(cust, ts, amt, order_id=order, as_of=2 * DAY)
    np.testing.assert_array_equal(early["frequency"], [1, 1])
    np.testing.assert_array_equal(r["frequency"], [2, 1])
    np.testing.assert_array_equal(r["recency_days"], [7, 9])


def test_bad_input_is_reported():
    with pytest.raises(segcore.InvalidArgumentError, match="row 1"):
        segcore.rfm(np.array([1, 2]), np.array([0, 1]), np.array([1.0, np.nan]))
    with pytest.raises(segcore.InvalidArgumentError, match="mode"):
        segcore.rfm(np.array([1]), np.array([0]), np.array([1.0]), mode="median")
    with pytest.raises(segcore.InvalidArgumentError, match="differ in length"):
        segcore.rfm(np.array([1, 2]), np.array([0]), np.array([1.0, 2.0]))
    with pytest.raises(segcore.NotFoundError, match="CustomerID"):
        segcore.Profiles.from_csv(DATA)


def test_profiles_from_csv_and_the_store_agree(tmp_path):
    p = segcore.Profiles.from_csv(DATA, customer="CustomerID", timestamp="InvoiceDate",
                                  quantity="Quantity", price="UnitPrice", order="InvoiceNo", n_threads=2)
    assert p.n_customers == 220
    assert "records: 19292" in p.report
    for name in ("recency_days", "frequency", "monetary", "orders_30d", "velocity_30d", "trend_12w"):
        assert name in p.columns
    r = p.rfm(mode="quantile")
    assert sum(s["customers"] for s in r.summary) == 220
    rec_edges, _, _ = r.edges(5)
    assert np.all(np.diff(rec_edges) >= 0)
    # A small CSV through the store, shuffled, equals the batch path.
    csv = tmp_path / "ev.csv"
    rows = [("a", 0, 5.0), ("b", DAY, 2.0), ("a", 3 * DAY, -1.0), ("c", 4 * DAY, 7.5), ("a", 9 * DAY, 3.0)]
    csv.write_text("customer_id,timestamp,amount\n" + "".join(f"{c},{t},{a}\n" for c, t, a in rows))
    batch = segcore.Profiles.from_csv(csv)
    store = segcore.ProfileStore()
    for c, t, a in reversed(rows):
        store.add(c, t, a)
    snap = store.snapshot()
    assert list(snap.customer_id) == ["a", "c", "b"]
    idx = [list(snap.customer_id).index(c) for c in batch.customer_id]
    for name in batch.columns:
        np.testing.assert_array_equal(batch.column(name), snap.column(name)[idx], err_msg=name)


def test_lenient_csv_reports_bad_rows(tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("customer_id,timestamp,amount\na,2011-01-01,1\nb,notadate,2\nc,2011-01-02,x\n")
    with pytest.raises(segcore.InvalidArgumentError, match="line 3, column 2: bad timestamp"):
        segcore.Profiles.from_csv(csv)
    p = segcore.Profiles.from_csv(csv, mode="lenient")
    assert p.n_customers == 1
    assert "rows skipped: 2" in p.report and "line 4, column 3" in p.report
