import pathlib

import numpy as np
import pytest

import segcore

DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "online_retail_sample.csv"


@pytest.fixture(scope="module")
def profiles():
    return segcore.Profiles.from_csv(DATA, customer="CustomerID", timestamp="InvoiceDate", quantity="Quantity",
                                     price="UnitPrice", order="InvoiceNo", mode="lenient")


def test_rule_over_profiles_matches_numpy(profiles):
    r = segcore.Rule("recency_days <= 30 and frequency >= 3 or monetary > 5000", profiles)
    assert r.fields == ["recency_days", "frequency", "monetary"]
    got = r.evaluate(profiles)
    rec_ok = profiles.valid("recency_days")
    rec = profiles.column("recency_days")
    want = (rec_ok & (rec <= 30) & (profiles.column("frequency") >= 3)) | (profiles.column("monetary") > 5000)
    np.testing.assert_array_equal(got, want)
    assert 0 < got.sum() < got.size
    np.testing.assert_array_equal(r.evaluate(profiles, n_threads=3), got)


def test_rule_over_a_dict_with_missing_values():
    data = {"spend": np.array([10.0, np.nan, 300.0, 50.0]),
            "visits": np.array([1, 5, 0, 2]),
            "city": np.array(["Oslo", "Lima", None, "Oslo"], dtype=object)}
    r = segcore.Rule("spend > 20 or city = 'Lima'", data)
    np.testing.assert_array_equal(r.evaluate(data), [False, True, True, True])
    # Missing on both sides of `or`: unknown, so not selected; `not` keeps it unknown.
    r2 = segcore.Rule("not (spend > 20 or city = 'Oslo')", data)
    np.testing.assert_array_equal(r2.evaluate(data), [False, False, False, False])
    r3 = segcore.Rule("spend is missing or city is missing", data)
    np.testing.assert_array_equal(r3.evaluate(data), [False, True, True, False])
    assert r.evaluate_one({"spend": 30, "city": "x"}) is True
    assert r.evaluate_one({"spend": 3, "city": "x"}) is False
    assert r.evaluate_one({"city": "x"}) is None
    assert "unknown: spend > 20  [spend = missing]" in r.explain(data, 1)


def test_schema_by_type_names_and_errors():
    r = segcore.Rule("t > 100 and name != ''", {"t": "timestamp", "name": "text"})
    assert r.fields == ["t", "name"]
    with pytest.raises(segcore.InvalidArgumentError, match=r"line 1, column 10: expected a field"):
        segcore.Rule("a > 1 and", {"a": "f64"})
    with pytest.raises(segcore.NotFoundError, match=r"unknown field 'b' \(did you mean 'a'\?\)"):
        segcore.Rule("b > 1", {"a": "f64"})
    with pytest.raises(segcore.InvalidArgumentError, match="needs numbers"):
        segcore.Rule("name < 3", {"name": "text"})
    with pytest.raises(segcore.NotFoundError):
        r.evaluate({"t": np.array([1, 2])})


def test_segment_sets(profiles):
    life = segcore.SegmentSet.lifecycle(profiles)
    assert life.names == ["Lapsed", "At Risk", "New", "Loyal", "Repeat", "Active"]
    assert life.fallback == "Prospect" and life.mode == "exclusive"
    names = life.assign(profiles)
    rec = profiles.column("recency_days").astype(float)
    rec[~profiles.valid("recency_days")] = np.nan
    tenure = profiles.column("tenure_days")
    ok = profiles.valid("tenure_days")
    freq = profiles.column("frequency")
    want = np.select([rec > 365, rec > 180, ok & (tenure <= 30), ok & (freq >= 10), ok & (freq >= 2), ok & (freq >= 1)],
                     ["Lapsed", "At Risk", "New", "Loyal", "Repeat", "Active"], "Prospect")
    assert len(set(want)) >= 5  # the sample exercises most stages
    np.testing.assert_array_equal(names, want)
    m = life.membership(profiles)
    assert m.shape == (profiles.n_customers, 6)
    np.testing.assert_array_equal(m[:, 0], ~np.isnan(rec) & (rec > 365))

    text = "mode overlapping\nsegment big: monetary > 1000\nsegment loyal priority -1: frequency >= 5\n"
    s = segcore.SegmentSet(text, profiles)
    assert s.names == ["loyal", "big"] and s.mode == "overlapping"
    with pytest.raises(segcore.InvalidArgumentError, match=r"segment 'x': line 2, column 22: expected a field"):
        segcore.SegmentSet("mode exclusive\nsegment x: monetary >\n", profiles)


def test_triggers_over_store_snapshots():
    store = segcore.ProfileStore()
    store.add("ann", 86400, 10.0)
    store.add("bob", 2 * 86400, 50.0)
    snap = store.snapshot(as_of=3 * 86400)
    t = segcore.Triggers({"big": "monetary >= 20", "repeat": "frequency >= 2"}, snap)
    assert t.update(snap) == [("bob", "big", True)]
    assert t.update(snap) == []
    store.add("ann", 3 * 86400, 30.0)
    snap = store.snapshot(as_of=4 * 86400)
    seen = []
    with pytest.raises(segcore.CancelledError):
        t.update(snap, lambda c, name, entered: seen.append((c, name)) or True)
    assert seen == [("ann", "big")]

    def boom(*_):
        raise KeyError("from the callback")
    with pytest.raises(KeyError, match="from the callback"):
        t.update(snap, boom)
    assert t.update(snap) == [("ann", "big", True), ("ann", "repeat", True)]


def test_rules_over_a_pandas_dataframe():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"spend": [5.0, 50.0, None], "tier": ["gold", None, "silver"],
                       "seen": pd.to_datetime(["2024-01-01", "2024-06-01", None])})
    r = segcore.Rule("spend > 10 or tier = 'gold' or seen is missing", df)
    np.testing.assert_array_equal(r.evaluate(df), [True, True, True])
    r2 = segcore.Rule("seen > 1704067200", df)  # 2024-01-01 as epoch seconds
    np.testing.assert_array_equal(r2.evaluate(df), [False, True, False])


def test_rule_without_a_schema_compiles_against_the_data():
    r = segcore.Rule("spend between 10 and 20 and city != 'Lima'")
    d = {"spend": np.array([10.0, 20.0, 21.0, 15.0]), "city": np.array(["Oslo", "Oslo", "Oslo", "Lima"])}
    np.testing.assert_array_equal(r.evaluate(d), [True, True, False, False])  # between is inclusive
    assert r.fields == ["spend", "city"]
    with pytest.raises(segcore.NotFoundError, match="unknown field 'city'"):
        r.evaluate({"spend": np.array([1.0])})
    assert segcore.Rule("spend > 3").evaluate_one({"spend": 4}) is True


def test_tiers():
    d = {"orders": np.array([0, 2, 5, 6, 3])}
    t = segcore.SegmentSet.tiers("orders", [2, 5], ["Low", "Medium", "High"], d)
    np.testing.assert_array_equal(t.assign(d), ["Low", "Medium", "Medium", "High", "Medium"])


def test_segment_tracker_reports_old_and_new_segments():
    store = segcore.ProfileStore()
    store.add("a", 1000 * 86400, 5.0)
    snap = store.snapshot(as_of=1002 * 86400)
    tracker = segcore.SegmentTracker(segcore.SegmentSet.lifecycle(snap))
    assert tracker.update(snap) == [("a", None, "New")]
    store.add("a", 1010 * 86400, 5.0)
    snap = store.snapshot(as_of=1100 * 86400)
    assert tracker.update(snap) == [("a", "New", "Repeat")]
    assert tracker.update(snap) == []


def test_days_since():
    d = {"last": np.array(["2024-01-01", "2024-03-01", "NaT"], dtype="datetime64[s]")}
    r = segcore.Rule("days_since(last) <= 31", d)
    np.testing.assert_array_equal(r.evaluate(d, as_of=np.datetime64("2024-03-15")), [False, True, False])
    with pytest.raises(segcore.InvalidArgumentError, match="as_of"):
        r.evaluate(d)
    assert r.evaluate_one({"last": np.datetime64("2024-03-01")}, as_of=np.datetime64("2024-03-15")) is True
    assert r.evaluate_one({"last": np.datetime64("2024-03-01")}) is None
