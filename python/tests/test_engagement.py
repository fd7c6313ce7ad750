"""segcore.social.engagement against a pandas recomputation on generated interactions: counts
and windows per kind (times on the windows' edges), velocity and trend per kind, the engagement
rate with both reach modes, the preferred channel with ties and missing channels, and local
hours and weekends in time zones with daylight saving (pandas' tz_convert), fixed offsets and
UTC; then the errors of bad input."""
import datetime

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
segcore = pytest.importorskip("segcore")
from segcore import social  # noqa: E402
from segcore._errors import InvalidArgumentError, NotFoundError  # noqa: E402

DAY = 86400
AS_OF = 1_717_200_000  # 2024-06-01 00:00 UTC
ZONES = ["Europe/Paris", "America/New_York", "+05:30", "-03:00", "UTC", "Australia/Lord_Howe"]


def _interactions(seed, n, customers=40):
    rng = np.random.default_rng(seed)
    edges = np.array([0, 7, 30, 60, 84, 90]) * DAY
    age = rng.integers(0, 200 * DAY, n)
    on_edge = rng.random(n) < 0.3
    age[on_edge] = edges[rng.integers(0, edges.size, on_edge.sum())] + rng.integers(-1, 2, on_edge.sum())
    df = pd.DataFrame({
        "customer_id": [f"u{c}" for c in rng.integers(0, customers, n)],
        "kind": rng.choice(["view", "like", "comment", "share"], n),
        "time": AS_OF - age,  # some after as_of (age -1)
        "platform": rng.choice(["ig", "tw", "tt", None], n),
        "reach": np.where(rng.random(n) < 0.2, np.nan, rng.integers(0, 500, n).astype(float)),
    })
    zone_of = {f"u{c}": ZONES[c % len(ZONES)] for c in range(customers)}
    return df, zone_of


def _tz(name):
    if name[0] in "+-":
        sign = -1 if name[0] == "-" else 1
        return datetime.timezone(sign * datetime.timedelta(hours=int(name[1:3]), minutes=int(name[4:6])))
    return name


def _recount(df, zone_of, engaging, reach_mode, windows=(7, 30, 90), v=30, weeks=12):
    """Every feature from its definition, with pandas, per customer in order of first appearance."""
    d = df[df["time"] <= AS_OF].copy()
    d["age"] = AS_OF - d["time"]
    kinds = sorted(df["kind"].unique())
    out = {}
    for cust in pd.unique(df["customer_id"]):
        g = d[d["customer_id"] == cust]
        row = {"n_interactions": len(g)}
        for k in kinds:
            gk = g[g["kind"] == k]
            row[f"n_{k}"] = len(gk)
            for w in windows:
                row[f"n_{k}_{w}d"] = int((gk["age"] < w * DAY).sum())
            recent = int((gk["age"] < v * DAY).sum())
            previous = int(((gk["age"] >= v * DAY) & (gk["age"] < 2 * v * DAY)).sum())
            row[f"velocity_{k}_{v}d"] = 0.0 if recent + previous == 0 else (recent - previous) / (recent + previous)
            week = (gk["age"] // (7 * DAY)).to_numpy()
            weekly = np.array([(week == weeks - 1 - j).sum() for j in range(weeks)], dtype=float)
            row[f"trend_{k}_{weeks}w"] = np.polyfit(np.arange(weeks), weekly, 1)[0]
        engaged = g["kind"].isin(engaging).sum()
        r = g.dropna(subset=["reach"])
        if reach_mode == "sum":
            reach = r["reach"].sum() if len(r) else np.nan
        else:
            reach = r.sort_values(["time", "reach"])["reach"].iloc[-1] if len(r) else np.nan
        row["engagement_rate"] = engaged / reach if reach > 0 else np.nan
        counts = g["platform"].dropna().value_counts()
        row["preferred_channel"] = None if counts.empty else sorted(counts[counts == counts.max()].index)[0]
        local = pd.to_datetime(g["time"], unit="s", utc=True).dt.tz_convert(_tz(zone_of[cust]))
        hours = local.dt.hour.value_counts().reindex(range(24), fill_value=0)
        row["peak_hour"] = int(hours.idxmax()) if len(g) else -1
        row["weekend_share"] = float((local.dt.dayofweek >= 5).mean()) if len(g) else np.nan
        for h in range(24):
            row[f"hour_{h:02d}"] = hours[h] / len(g) if len(g) else np.nan
        out[cust] = row
    return pd.DataFrame.from_dict(out, orient="index")


@pytest.mark.parametrize("seed,n", [(1, 1), (2, 57), (3, 2000), (4, 6000)])
@pytest.mark.parametrize("reach_mode", ["sum", "latest"])
def test_engagement_equals_pandas(seed, n, reach_mode):
    df, zone_of = _interactions(seed, n)
    engaging = ["like", "comment", "share"]
    got = social.engagement(df, channel="platform", reach="reach", time_zone=zone_of, as_of=AS_OF,
                            engaging=engaging, reach_mode=reach_mode)
    want = _recount(df, zone_of, engaging, reach_mode)
    assert list(got["customer_id"]) == list(want.index)
    got = got.set_index("customer_id")
    assert set(want.columns) <= set(got.columns)
    for col in want.columns:
        g, w = got[col].to_numpy(), want[col].to_numpy()
        if col.startswith("trend_"):
            np.testing.assert_allclose(g, w.astype(float), rtol=1e-9, atol=1e-12, err_msg=col)
        elif col in ("engagement_rate", "weekend_share") or col.startswith(("hour_", "velocity_")):
            np.testing.assert_allclose(g, w.astype(float), rtol=1e-12, equal_nan=True, err_msg=col)
        else:
            assert list(g) == list(w), col


def test_zones_as_a_column_and_one_zone_for_all():
    df, _ = _interactions(5, 800, customers=10)
    paris = social.engagement(df, time_zone="Europe/Paris", as_of=AS_OF)
    everyone = {c: "Europe/Paris" for c in df["customer_id"]}
    pd.testing.assert_frame_equal(paris, social.engagement(df, time_zone=everyone, as_of=AS_OF))
    df["tz"] = "Europe/Paris"
    pd.testing.assert_frame_equal(paris, social.engagement(df, time_zone="tz", as_of=AS_OF))
    utc = social.engagement(df, as_of=AS_OF)
    assert not np.allclose(paris["hour_12"], utc["hour_12"])  # the zone moved the hours
    df.loc[df.index[5], "tz"] = "UTC"
    with pytest.raises(InvalidArgumentError, match="one zone per customer"):
        social.engagement(df, time_zone="tz", as_of=AS_OF)


def test_a_zone_column_of_many_zones_equals_the_zones_given_by_customer():
    df, _ = _interactions(8, 3000, customers=40)
    zones = ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC", "+05:45"]
    zone_of = {c: zones[i % len(zones)] for i, c in enumerate(sorted(df["customer_id"].unique()))}
    df["tz"] = df["customer_id"].map(zone_of)
    by_customer = social.engagement(df, time_zone=zone_of, as_of=AS_OF)
    pd.testing.assert_frame_equal(by_customer, social.engagement(df, time_zone="tz", as_of=AS_OF))
    as_category = df.assign(tz=df["tz"].astype("category"))
    pd.testing.assert_frame_equal(by_customer, social.engagement(as_category, time_zone="tz", as_of=AS_OF))
    unused = as_category.assign(tz=as_category["tz"].cat.add_categories(["Mars/Olympus_Mons"]))
    pd.testing.assert_frame_equal(by_customer, social.engagement(unused, time_zone="tz", as_of=AS_OF))
    row = 1777
    customer = df["customer_id"].iloc[row]
    rows = np.flatnonzero(df["customer_id"].to_numpy() == customer)
    clash_row = row if rows[0] != row else rows[1]  # a customer's first row sets its zone
    clash = df.copy()
    clash.loc[clash.index[row], "tz"] = "Asia/Tokyo"
    with pytest.raises(InvalidArgumentError, match=rf"time_zone\[{clash_row}\] is .*one zone per customer"):
        social.engagement(clash, time_zone="tz", as_of=AS_OF)
    for value, shown in ((5, "5"), (None, "None"), ("  ", "'  '")):
        bad = df.copy()
        bad["tz"] = bad["tz"].astype(object)
        bad.loc[bad.index[11], "tz"] = value
        with pytest.raises(InvalidArgumentError, match=rf"time_zone\[11\] is {shown}; give a zone name"):
            social.engagement(bad, time_zone="tz", as_of=AS_OF)


def test_kinds_given_keep_their_order_and_absent_kinds_are_zero():
    df, _ = _interactions(6, 300)
    got = social.engagement(df, kinds=["share", "view", "like", "comment", "follow"], as_of=AS_OF)
    kinds = [c[2:] for c in got.columns if c.startswith("n_") and c.count("_") == 1 and c != "n_interactions"]
    assert kinds == ["share", "view", "like", "comment", "follow"]
    assert (got["n_follow"] == 0).all()
    first = int(np.argmax(df["kind"].to_numpy() != "like"))
    with pytest.raises(InvalidArgumentError, match=rf"kind\[{first}\] is '{df['kind'].iloc[first]}', not one of"):
        social.engagement(df, kinds=["like"], as_of=AS_OF)


def test_bad_input_is_a_clear_error():
    df, _ = _interactions(7, 50)
    with pytest.raises(InvalidArgumentError, match="is not UTC, an offset"):
        social.engagement(df, time_zone="../../etc/passwd", as_of=AS_OF)
    with pytest.raises(NotFoundError, match="'Mars/Olympus_Mons'"):
        social.engagement(df, time_zone="Mars/Olympus_Mons", as_of=AS_OF)
    bad = df.copy()
    bad.loc[bad.index[3], "reach"] = -1.0
    with pytest.raises(InvalidArgumentError, match=r"reach\[3\] is -1"):
        social.engagement(bad, reach="reach", as_of=AS_OF)
    bad = df.copy()
    bad.loc[bad.index[2], "customer_id"] = None
    with pytest.raises(InvalidArgumentError, match=r"customer\[2\] is missing"):
        social.engagement(bad, as_of=AS_OF)
    with pytest.raises(InvalidArgumentError, match="window_days"):
        social.engagement(df, windows=[0], as_of=AS_OF)
    with pytest.raises(InvalidArgumentError, match="reach_mode"):
        social.engagement(df, reach_mode="max", as_of=AS_OF)
    with pytest.raises(InvalidArgumentError, match="no column 'nope'"):
        social.engagement(df, channel="nope", as_of=AS_OF)


def test_categorical_columns_give_the_same_features():
    df, zone_of = _interactions(8, 3000)
    plain = social.engagement(df, channel="platform", reach="reach", time_zone=zone_of, as_of=AS_OF)
    cat = df.assign(kind=df["kind"].astype("category"), platform=df["platform"].astype("category"))
    # Categories in another order than sorted, and one no row uses.
    cat["platform"] = cat["platform"].cat.set_categories(["tw", "zz", "ig", "tt"])
    pd.testing.assert_frame_equal(plain, social.engagement(cat, channel="platform", reach="reach", time_zone=zone_of,
                                                           as_of=AS_OF))
    blank = df.assign(platform=df["platform"].fillna("  "))  # blank text is no channel, as None
    pd.testing.assert_frame_equal(plain, social.engagement(blank, channel="platform", reach="reach",
                                                           time_zone=zone_of, as_of=AS_OF))
