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


def test_extra_columns_from_arrays_csv_and_store_agree(tmp_path):
    # Two customers; channel counted, tier and sentiment carried (latest value).
    cust = ["a", "b", "a", "a", "b"]
    ts = np.array([1, 2, 3, 5, 6], dtype=np.int64) * DAY
    amt = np.array([10.0, 20.0, 5.0, 7.0, -4.0])
    channel = ["web", "app", "web", "store", "app"]
    tier = ["silver", "gold", "gold", "silver", "gold"]
    sentiment = np.array([0.5, np.nan, 0.9, np.nan, 0.1])
    arrays = segcore.Profiles.from_arrays(np.array(cust), ts, amt, categories={"channel": channel},
                                          attributes={"tier": tier}, numerics={"sentiment": sentiment})
    assert list(arrays.customer_id) == ["a", "b"]
    np.testing.assert_array_equal(arrays.column("channel=web"), [2, 0])
    np.testing.assert_array_equal(arrays.column("channel=app"), [0, 2])
    np.testing.assert_array_equal(arrays.column("channel=store"), [1, 0])
    assert list(arrays.column("tier")) == ["silver", "gold"]
    np.testing.assert_array_equal(arrays.column("sentiment"), [0.9, 0.1])

    csv = tmp_path / "ev.csv"
    csv.write_text("customer_id,timestamp,amount,channel,tier,sentiment\n" + "".join(
        f"{c},{t},{a},{ch},{ti},{'' if np.isnan(s) else s}\n"
        for c, t, a, ch, ti, s in zip(cust, ts, amt, channel, tier, sentiment)))
    from_csv = segcore.Profiles.from_csv(csv, categories=["channel"], attributes=["tier"],
                                         numerics=["sentiment"])
    assert from_csv.columns == arrays.columns

    store = segcore.ProfileStore(categories=["channel"], attributes=["tier"], numerics=["sentiment"])
    for i in [4, 2, 0, 3, 1]:  # out of order
        store.add(cust[i], ts[i], amt[i], categories={"channel": channel[i]}, attributes=[tier[i]],
                  numerics={"sentiment": None if np.isnan(sentiment[i]) else sentiment[i]})
    snap = store.snapshot()
    assert sorted(snap.columns) == sorted(arrays.columns)
    idx = [list(snap.customer_id).index(c) for c in arrays.customer_id]
    for name in arrays.columns:
        np.testing.assert_array_equal(from_csv.column(name), arrays.column(name), err_msg=name)
        np.testing.assert_array_equal(snap.column(name)[idx], arrays.column(name), err_msg=name)

    with pytest.raises(segcore.InvalidArgumentError, match="no value for 'sentiment'"):
        store.add("a", 0, 1.0, categories=["web"], attributes=["x"], numerics={})
    with pytest.raises(segcore.InvalidArgumentError, match="no column 'mood'"):
        store.add("a", 0, 1.0, categories=["web"], attributes=["x"], numerics={"mood": 1.0})
    with pytest.raises(segcore.InvalidArgumentError, match="no category, attribute or numeric"):
        segcore.ProfileStore().add("a", 0, 1.0, categories=["web"])
    with pytest.raises(segcore.InvalidArgumentError, match="has 2 values; 5 are needed"):
        segcore.Profiles.from_arrays(np.array(cust), ts, amt, categories={"channel": ["a", "b"]})


def test_day_first_dates_and_cr_line_ends(tmp_path):
    csv = tmp_path / "dmy.csv"
    csv.write_bytes(b"customer_id,timestamp,amount\rc1,31/12/2010 11:59 PM,2\rc2,01.01.2011,3\r")
    with pytest.raises(segcore.InvalidArgumentError, match="set the timestamp format to dmy"):
        segcore.Profiles.from_csv(csv)
    p = segcore.Profiles.from_csv(csv, timestamp_format="dmy")
    assert list(p.customer_id) == ["c1", "c2"]
    np.testing.assert_array_equal(p.column("last_purchase").astype(np.int64), [1293839940, 1293840000])
    zone = tmp_path / "zone.csv"
    zone.write_text("customer_id,timestamp,amount\nc1,2011-01-01 10:00:00 CET,1\n")
    with pytest.raises(segcore.InvalidArgumentError, match="time-zone names other than UTC and GMT"):
        segcore.Profiles.from_csv(zone)


@pytest.mark.parametrize("window_bytes", [1, 97, 4096, 64 << 20])
def test_rfm_inputs_from_csv_equal_from_csv(tmp_path, window_bytes):
    """The windowed reader gives from_csv's RFM columns, scores and report, for windows from one
    byte to past the file, with bad rows (lenient) and ISO and epoch times mixed."""
    rng = np.random.default_rng(11)
    lines = []
    for i in range(3000):
        t = 1_600_000_000 + int(rng.integers(0, 200 * DAY))
        when = np.datetime64(t, "s").astype(str) + "Z" if i % 2 else str(t)
        amount = "n/a" if i % 97 == 5 else f"{rng.integers(-500, 20000) / 100:.2f}"
        lines.append(f"c{int(rng.pareto(1.2) * 5) % 400},{when},{amount}\n")
    csv = tmp_path / "ev.csv"
    csv.write_text("customer_id,timestamp,amount\n" + "".join(lines))
    for as_of in (None, 1_600_000_000 + 150 * DAY):
        want = segcore.Profiles.from_csv(csv, mode="lenient", duplicates="ignore", as_of=as_of)
        got = segcore.Profiles.rfm_inputs_from_csv(csv, mode="lenient", as_of=as_of, window_bytes=window_bytes)
        assert list(got.customer_id) == list(want.customer_id)
        assert got.report == want.report and "skipped" in got.report
        assert (got.as_of, got.events_after_as_of) == (want.as_of, want.events_after_as_of)
        for name in ("recency_days", "frequency", "monetary"):
            np.testing.assert_array_equal(got.column(name), want.column(name), err_msg=name)
        a, b = got.rfm(mode="rank"), want.rfm(mode="rank")
        np.testing.assert_array_equal(a.segment, b.segment)


def test_rfm_inputs_from_csv_errors(tmp_path):
    csv = tmp_path / "ev.csv"
    csv.write_text("customer_id,timestamp,amount\na,2011-01-01,1\nb,notadate,2\n")
    with pytest.raises(segcore.InvalidArgumentError, match="line 3, column 2: bad timestamp"):
        segcore.Profiles.rfm_inputs_from_csv(csv, window_bytes=8)
    with pytest.raises(segcore.InvalidArgumentError, match="window_bytes"):
        segcore.Profiles.rfm_inputs_from_csv(csv, window_bytes=0)
    with pytest.raises(segcore.NotFoundError):
        segcore.Profiles.rfm_inputs_from_csv(tmp_path / "missing.csv")
    with open(csv, "rb") as f, pytest.raises(TypeError, match="path"):
        segcore.Profiles.rfm_inputs_from_csv(f)
