"""`--interaction-col` and its companions: the engagement columns the CLI joins to the profiles
equal segcore.social.engagement's on the same generated interactions (one definition across
the layers), rules read them, and the flags' misuse is a clear error."""
import io

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
segcore = pytest.importorskip("segcore")
from segcore import social  # noqa: E402

AS_OF = "2026-12-01"


def _csv(path, n=3000, seed=5):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-06-01").value // 10**9
    t = start + rng.integers(0, 190 * 86400, n)
    df = pd.DataFrame({
        "customer_id": [f"c{c}" for c in rng.integers(0, 150, n)],
        "timestamp": pd.to_datetime(t, unit="s").strftime("%Y-%m-%d %H:%M:%S"),
        "amount": np.where(rng.random(n) < 0.2, rng.integers(5, 90, n), 0),
        "kind": rng.choice(["view", "like", "comment", "share", ""], n),  # blank: not an interaction
        "platform": rng.choice(["web", "tt", "ig", ""], n),  # blank: no channel
        "followers": np.where(rng.random(n) < 0.2, np.nan, rng.integers(0, 5000, n)),
    })
    df.to_csv(path, index=False)
    return df


@pytest.mark.parametrize("mode,zone", [("sum", "UTC"), ("latest", "America/New_York"), ("sum", "+05:30")])
def test_cli_engagement_columns_equal_the_python_package(run, tmp_path, mode, zone):
    df = _csv(tmp_path / "e.csv")
    p = run("profile", tmp_path / "e.csv", "--interaction-col", "kind", "--channel-col", "platform",
            "--reach-col", "followers", "--reach-mode", mode, "--engaging", "like,comment,share",
            "--time-zone", zone, "--as-of", AS_OF, check=True)
    got = pd.read_csv(io.StringIO(p.stdout), keep_default_na=False, na_values=[""], float_precision="round_trip")
    events = df[df["kind"] != ""].assign(time=pd.to_datetime(df["timestamp"]), platform=df["platform"].replace("", None))
    want = social.engagement(events, channel="platform", reach="followers", reach_mode=mode,
                             engaging=["like", "comment", "share"], time_zone=zone, as_of=pd.Timestamp(AS_OF))
    got = got.set_index("customer_id").loc[want["customer_id"]]
    want = want.set_index("customer_id")
    columns = [c for c in want.columns if not c.startswith("hour_")]
    assert set(columns) <= set(got.columns)
    for col in columns:
        if want[col].dtype == object:
            assert list(got[col].fillna("")) == list(want[col].fillna("")), col
        else:
            # The CLI prints the shortest text that reads back as the same double.
            np.testing.assert_array_equal(got[col].to_numpy(float), want[col].to_numpy(float), err_msg=col)


def test_cli_zone_per_customer_equals_the_python_package(run, tmp_path):
    """--time-zone-col: each customer's zone from their rows (blank cells are none; a customer
    without one is UTC), equal to the package's {customer: zone} form."""
    df = _csv(tmp_path / "e.csv")
    zones = ["Europe/Paris", "+05:30", "America/New_York", "UTC", "Asia/Tokyo", ""]
    zone_of = {c: zones[int(c[1:]) % len(zones)] for c in df["customer_id"].unique()}
    # A customer's zone stands on some of their rows only.
    df["tz"] = [zone_of[c] if i % 3 else ("  " if i % 2 else "") for i, c in enumerate(df["customer_id"])]
    df.to_csv(tmp_path / "z.csv", index=False)
    p = run("profile", tmp_path / "z.csv", "--interaction-col", "kind", "--time-zone-col", "tz", "--as-of", AS_OF,
            check=True)
    got = pd.read_csv(io.StringIO(p.stdout), keep_default_na=False, na_values=[""],
                      float_precision="round_trip").set_index("customer_id")
    seen = {c: z for c, z in zip(df["customer_id"], df["tz"]) if z.strip()}
    events = df[df["kind"] != ""].assign(time=pd.to_datetime(df["timestamp"]))
    want = social.engagement(events, time_zone={c: seen.get(c, "UTC") for c in events["customer_id"].unique()},
                             as_of=pd.Timestamp(AS_OF)).set_index("customer_id")
    assert len(set(seen.values())) == 5
    assert "tz" not in got.columns  # the column read, not a customer's latest (perhaps blank) cell
    for col in ("peak_hour", "weekend_share"):
        np.testing.assert_array_equal(got.loc[want.index, col].to_numpy(float), want[col].to_numpy(float), err_msg=col)
    # The zones the package takes for all differ from these: the column is what was read.
    utc = social.engagement(events, as_of=pd.Timestamp(AS_OF)).set_index("customer_id")
    assert (utc["peak_hour"] != want["peak_hour"]).any()
    # A second zone for a customer is an error naming the customer and both zones.
    df.loc[df.index[df["customer_id"] == "c7"][-1], "tz"] = "Australia/Sydney"
    df.to_csv(tmp_path / "z2.csv", index=False)
    p = run("profile", tmp_path / "z2.csv", "--interaction-col", "kind", "--time-zone-col", "tz")
    assert p.returncode != 0
    assert "customer 'c7' has two zones" in p.stderr and "'Australia/Sydney'" in p.stderr
    p = run("profile", tmp_path / "z.csv", "--interaction-col", "kind", "--time-zone-col", "tz", "--time-zone", "UTC")
    assert p.returncode != 0 and "exclude each other" in p.stderr


def test_rules_read_engagement_columns(run, tmp_path):
    _csv(tmp_path / "e.csv")
    (tmp_path / "r.rules").write_text("mode exclusive\nsegment Sharers: n_share_30d >= 3\n"
                                      "segment Quiet: n_interactions_missing_column > 0\n")
    p = run("segment", "--rules", tmp_path / "r.rules", tmp_path / "e.csv", "--interaction-col", "kind")
    assert p.returncode == 1 and "n_interactions_missing_column" in p.stderr
    (tmp_path / "r.rules").write_text("mode exclusive\nsegment Sharers: n_share_30d >= 3 and peak_hour >= 0\n")
    p = run("segment", "--rules", tmp_path / "r.rules", tmp_path / "e.csv", "--interaction-col", "kind",
            "--as-of", AS_OF, check=True)
    seg = pd.read_csv(io.StringIO(p.stdout))
    prof = pd.read_csv(io.StringIO(run("profile", tmp_path / "e.csv", "--interaction-col", "kind", "--as-of", AS_OF,
                                       check=True).stdout))
    sharers = set(prof.loc[prof["n_share_30d"] >= 3, "customer_id"])
    assert sharers and set(seg.loc[seg["segment"] == "Sharers", "customer_id"]) == sharers


def test_a_numeric_column_named_like_a_window_is_not_read_as_one(run, tmp_path):
    df = _csv(tmp_path / "e.csv", n=200)
    df.assign(orders_paid=1.5).to_csv(tmp_path / "n.csv", index=False)  # was: "stoi"
    p = run("profile", tmp_path / "n.csv", "--numeric-cols", "orders_paid", "--interaction-col", "kind",
            "--windows", "14", check=True)
    header = p.stdout.splitlines()[0].split(",")
    assert "orders_paid" in header and "n_like_14d" in header and "n_like_30d" not in header


@pytest.mark.parametrize("args,words", [
    (["--reach-col", "followers"], "--reach-col goes with --interaction-col"),
    (["--interaction-col", "nope"], "column 'nope' is not in the header"),
    (["--interaction-col", "kind", "--engaging", "poke"], "'poke' is not a kind in kind"),
    (["--interaction-col", "kind", "--reach-mode", "max"], "--reach-mode: 'max'"),
    (["--interaction-col", "kind", "--time-zone", "../../etc/passwd"], "is not UTC, an offset"),
    (["--interaction-col", "kind", "--time-zone", "Nowhere/Atlantis"], "'Nowhere/Atlantis'"),
    (["--time-zone-col", "kind"], "--time-zone-col goes with --interaction-col"),
    (["--interaction-col", "kind", "--time-zone-col", "nope"], "column 'nope' is not in the header"),
])
def test_engagement_flag_errors(run, tmp_path, args, words):
    _csv(tmp_path / "e.csv", n=50)
    p = run("profile", tmp_path / "e.csv", *args)
    assert p.returncode != 0
    assert words in p.stderr
