"""DataFrames in, DataFrames out for the CLV summaries, rules, segment sets and scores: any
id dtype and time form gives the int path's numbers, results come back on the input's index,
and pandas' nullable, categorical and tz-aware columns read as their plain equivalents."""
import pathlib

import numpy as np
import pytest

import segcore

pd = pytest.importorskip("pandas", reason="pandas is not installed: the DataFrame paths are not tested")

from test_clv_fits import pandas_summary  # noqa: E402  (lifetimes' summary written with pandas)
from test_pandas_io import ID_FORMS, NUMBER_IDS, PREFIXED_IDS, TIME_FORMS  # noqa: E402

DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "online_retail_sample.csv"


@pytest.fixture(scope="module")
def retail():
    df = pd.read_csv(DATA)
    df["amount"] = df["Quantity"] * df["UnitPrice"]
    return df[df["amount"] > 0].reset_index(drop=True)


def transactions(df, seed, id_form, time_form):
    rng = np.random.default_rng(seed)
    rows = df.iloc[np.sort(rng.choice(len(df), size=int(rng.integers(50, len(df))), replace=False))]
    out = rows.reset_index(drop=True).copy()
    ints = out["CustomerID"].astype("int64")
    out["CustomerID"] = ID_FORMS[id_form](out["CustomerID"])
    out["InvoiceDate"] = TIME_FORMS[time_form](pd.to_datetime(out["InvoiceDate"]))
    return out, ints.to_numpy(), pd.to_datetime(rows["InvoiceDate"]).astype("int64").to_numpy() // 10**9


def as_written(form, ints):
    if form in NUMBER_IDS:
        return list(ints)
    return [("C-" if form in PREFIXED_IDS else "") + str(v) for v in ints]


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("id_form,time_form", [(i, "ISO texts") for i in ID_FORMS] +
                         [("text", t) for t in TIME_FORMS if t != "epoch float"])
def test_clv_summary_from_a_dataframe_equals_the_int_path_and_pandas(retail, id_form, time_form, seed):
    df, ints, seconds = transactions(retail, seed, id_form, time_form)
    end = "2011-09-30 12:00:00"
    got = segcore.summary_data_from_transactions(df, customer_id_col="CustomerID", datetime_col="InvoiceDate",
                                                 monetary_value_col="amount", calibration_end=end)
    want = segcore.summary_data_from_transactions(ints, seconds, df["amount"].to_numpy(),
                                                  calibration_end=np.datetime64(end))
    assert isinstance(got, pd.DataFrame) and got.index.name == "CustomerID"
    # Text ids sort as texts: compare customer by customer.
    by_id = dict(zip(as_written(id_form, want["customer_id"]), range(want["customer_id"].size)))
    assert sorted(got.index, key=str) == sorted(by_id, key=str)
    assert list(got.index) == sorted(got.index)  # ascending id order, whatever the ids
    at = [by_id[c] for c in got.index]
    for col in ("frequency", "recency", "T", "monetary_value"):
        np.testing.assert_array_equal(got[col].to_numpy(), want[col][at], err_msg=col)
    peer = pandas_summary(ints, seconds, df["amount"].to_numpy(), "D", pd.Timestamp(end).value // 10**9)
    for i, cid in enumerate(want["customer_id"]):
        x, tx, T, m = peer[cid]
        assert (want["frequency"][i], want["recency"][i], want["T"][i]) == (x, tx, T), cid
        assert want["monetary_value"][i] == pytest.approx(m, rel=1e-12)


@pytest.mark.filterwarnings("ignore::segcore.DegenerateFitWarning")
@pytest.mark.parametrize("id_form", ["categorical texts", "float with .0", "string dtype"])
def test_calibration_and_holdout_from_a_dataframe(retail, id_form):
    df, ints, seconds = transactions(retail, 3, id_form, "tz-aware")
    got = segcore.calibration_and_holdout_data(df, customer_id_col="CustomerID", timestamp_col="InvoiceDate",
                                               amount_col="amount", calibration_end="2011-08-31",
                                               observation_end=pd.Timestamp("2011-11-30", tz="UTC"))
    want = segcore.calibration_and_holdout_data(ints, seconds, df["amount"].to_numpy(),
                                                calibration_end=np.datetime64("2011-08-31"),
                                                observation_end=np.datetime64("2011-11-30"))
    by_id = dict(zip(as_written(id_form, want["customer_id"]), range(want["customer_id"].size)))
    at = [by_id[c] for c in got.index]
    assert len(at) == len(by_id)
    for col in want:
        if col != "customer_id":
            np.testing.assert_array_equal(got[col].to_numpy(), want[col][at], err_msg=col)
    # The summary's Series are a fit's input as they are (a small sample: the fit may be degenerate).
    fit = segcore.BetaGeoFitter(penalizer_coef=0.01).fit(got["frequency_cal"], got["recency_cal"], got["T_cal"])
    peer = segcore.BetaGeoFitter(penalizer_coef=0.01).fit(want["frequency_cal"], want["recency_cal"], want["T_cal"])
    assert fit.params_ == peer.params_


def test_clv_refuses_missing_ids_naming_the_row(retail):
    df, _, _ = transactions(retail, 4, "float with .0", "ISO texts")
    df.loc[5, "CustomerID"] = np.nan
    with pytest.raises(segcore.InvalidArgumentError, match=r"CustomerID\[5\] is missing"):
        segcore.summary_data_from_transactions(df, customer_id_col="CustomerID", timestamp_col="InvoiceDate")


def random_columns(rng, n):
    """Plain numpy columns with gaps, and the same data in pandas' nullable, categorical and
    tz-aware dtypes."""
    spend = np.round(rng.uniform(0, 100, n), 1)
    spend[rng.random(n) < 0.1] = np.nan
    visits = rng.integers(0, 12, n)
    visits_missing = rng.random(n) < 0.15
    tier = rng.choice(np.array(["gold", "silver", "bronze"], dtype=object), n)
    tier[rng.random(n) < 0.1] = None
    seen = np.datetime64("2024-01-01T00:00:00") + rng.integers(0, 200 * 86400, n).astype("timedelta64[s]")
    seen[rng.random(n) < 0.1] = np.datetime64("NaT")
    plain = {"spend": spend, "visits": np.where(visits_missing, np.nan, visits.astype(float)), "tier": tier,
             "seen": seen}
    index = pd.Index([f"c{i}" for i in range(n)], name="customer")
    frame = pd.DataFrame({
        "spend": pd.array(spend, dtype="Float64"),
        "visits": pd.array(np.where(visits_missing, 0, visits), dtype="Int64"),
        "tier": pd.Categorical(tier, categories=["bronze", "silver", "gold"]),
        "seen": pd.Series(seen, index=index).dt.tz_localize("UTC").dt.tz_convert("Europe/Oslo"),
    }, index=index)
    frame.loc[visits_missing, "visits"] = pd.NA
    return plain, frame


RULES = ["spend > 40 and tier = 'gold'", "visits >= 6 or seen is missing", "tier in ('silver', 'bronze')",
         "seen > 1710000000 and not visits is missing", "visits between 2 and 5"]


@pytest.mark.parametrize("seed", range(4))
def test_rules_segments_and_scores_over_pandas_dtypes_equal_plain_columns(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 300))
    plain, frame = random_columns(rng, n)
    for text in RULES:
        r = segcore.Rule(text, frame)
        got = r.evaluate(frame)
        assert isinstance(got, pd.Series) and got.index.equals(frame.index)
        np.testing.assert_array_equal(got.to_numpy(), segcore.Rule(text, plain).evaluate(plain), err_msg=text)
    text = "segment Big: spend > 50\nsegment Regular: visits >= 3\nsegment Lapsed: seen < 1712000000\n"
    ss_frame, ss_plain = segcore.SegmentSet(text, frame), segcore.SegmentSet(text, plain)
    got = ss_frame.assign(frame)
    assert isinstance(got, pd.Series) and got.index.equals(frame.index)
    np.testing.assert_array_equal(got.to_numpy(), ss_plain.assign(plain))
    np.testing.assert_array_equal(ss_frame.assign_codes(frame).to_numpy(), ss_plain.assign_codes(plain))
    member = ss_frame.membership(frame)
    assert list(member.columns) == ss_frame.names and member.index.equals(frame.index)
    np.testing.assert_array_equal(member.to_numpy(), ss_plain.membership(plain))
    weights = {"spend": 0.5, "visits": 2.0}
    score = segcore.weighted_score(frame, weights, missing_as_zero=True)
    np.testing.assert_array_equal(score.to_numpy(), segcore.weighted_score(plain, weights, missing_as_zero=True))
    model = segcore.WeightedScore(weights).fit(frame)
    s = model.score(frame)
    np.testing.assert_array_equal(s.to_numpy(), segcore.WeightedScore(weights).fit(plain).score(plain))
    bands = segcore.ScoreBands([-0.5, 0.5], ["Low", "Mid", "High"]).assign(s)
    assert bands.index.equals(frame.index)
    np.testing.assert_array_equal(bands.to_numpy(), segcore.ScoreBands([-0.5, 0.5], ["Low", "Mid", "High"])
                                  .assign(s.to_numpy()))


@pytest.mark.filterwarnings("ignore::segcore.DegenerateFitWarning")
@pytest.mark.filterwarnings("ignore::segcore.ClvValueWarning")
def test_clv_predictions_over_a_summarys_series_keep_its_index(retail):
    df, _, _ = transactions(retail, 5, "text", "ISO texts")
    s = segcore.summary_data_from_transactions(df, customer_id_col="CustomerID", timestamp_col="InvoiceDate",
                                               amount_col="amount")
    bgf = segcore.BetaGeoFitter(penalizer_coef=0.01).fit(s["frequency"], s["recency"], s["T"])
    arrays = [s[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value")]
    series = [s[c] for c in ("frequency", "recency", "T")]
    for got, want in ((bgf.conditional_probability_alive(*series), bgf.conditional_probability_alive(*arrays[:3])),
                      (bgf.conditional_expected_number_of_purchases_up_to_time(30, *series),
                       bgf.conditional_expected_number_of_purchases_up_to_time(30, *arrays[:3]))):
        assert isinstance(got, pd.Series) and got.index.equals(s.index)
        np.testing.assert_array_equal(got.to_numpy(), want)
    repeat = s[s["frequency"] > 0]
    ggf = segcore.GammaGammaFitter(penalizer_coef=0.01).fit(repeat["frequency"], repeat["monetary_value"])
    spend = ggf.conditional_expected_average_profit(repeat["frequency"], repeat["monetary_value"])
    assert spend.index.equals(repeat.index)
    clv = ggf.customer_lifetime_value(bgf, s["frequency"], s["recency"], s["T"], s["monetary_value"], time=3)
    assert clv.name == "clv" and clv.index.equals(s.index)
    np.testing.assert_array_equal(clv.to_numpy(), ggf.customer_lifetime_value(bgf, *arrays, time=3))
    assert isinstance(bgf.conditional_probability_alive(*arrays[:3]), np.ndarray)


def test_segment_profiles_names_features_by_the_dataframes_columns():
    rng = np.random.default_rng(9)
    X = pd.DataFrame({"recency_days": rng.uniform(0, 300, 200), "monetary": rng.uniform(0, 1e4, 200)})
    labels = pd.Series((X["monetary"] > 5000).astype(int))
    personas = segcore.segment_profiles(X, labels, top_features=2)
    assert all(set(p.top_features) <= {"recency_days", "monetary"} for p in personas)
    assert personas[1].top_features[0] == "monetary"


@pytest.mark.parametrize("seed", range(3))
def test_estimators_take_a_dataframe_of_numbers_as_its_matrix(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 400))
    X = np.column_stack([rng.uniform(0, 300, n), rng.integers(1, 40, n), rng.lognormal(5, 1, n)])
    df = pd.DataFrame({"recency_days": X[:, 0], "frequency": pd.array(X[:, 1].astype(int), dtype="Int64"),
                       "monetary": X[:, 2]}).iloc[::-1].iloc[::-1]  # column-major blocks, as pandas holds them
    scaled = segcore.StandardScaler().fit_transform(df)
    np.testing.assert_array_equal(scaled, segcore.StandardScaler().fit_transform(X))
    km = segcore.KMeans(3, random_state=seed).fit(df)
    np.testing.assert_array_equal(km.labels_, segcore.KMeans(3, random_state=seed).fit(X).labels_)
    f32 = pd.DataFrame(X.astype(np.float32), columns=["a", "b", "c"])
    assert segcore.KMeans(2, random_state=0).fit(f32).cluster_centers_.dtype == np.float32
    with pytest.raises(segcore.InvalidArgumentError, match="column 'tier' has dtype object"):
        segcore.KMeans(2).fit(df.assign(tier="gold"))


def test_streaming_paths_key_whole_number_float_ids_as_the_array_path_does():
    store = segcore.ProfileStore()
    when = pd.Timestamp("2011-01-01 10:00", tz="Europe/Oslo")  # 09:00 UTC
    store.add(14646.0, when, 3.0)
    store.add(np.float64(14646), "2011-01-02T09:00:00", 4.0)
    store.add("C-1", np.datetime64("2011-01-03T09:00:00.500", "ms"), 1.0)
    snap = store.snapshot()
    assert list(snap.customer_id) == ["14646", "C-1"]
    assert snap.column("n_events").tolist() == [2, 1]
    assert str(snap.column("first_purchase")[0]) == "2011-01-01T09:00:00"
    batch = segcore.Profiles.from_arrays(np.array([14646.0, 14646.0, np.nan]), np.array([0, 86400, 86400]),
                                         np.array([3.0, 4.0, 1.0]), mode="lenient")
    assert list(batch.customer_id) == [14646] and "empty customer id: 1" in batch.report
    assert store.erase(14646.0)["events"] == 2


def test_identity_columns_from_a_dataframe_read_gaps_and_float_numbers():
    df = pd.DataFrame({"email": ["Ann@Example.com", None, "bo@example.com", pd.NA],
                       "phone": [2079460000.0, 2079460000.0, np.nan, np.nan],
                       "crm_id": pd.array([17, pd.NA, pd.NA, 17], dtype="Int64")})
    r = segcore.IdentityResolver(default_country_code="44")
    r.add_columns(**df)
    plain = segcore.IdentityResolver(default_country_code="44")
    for record in (dict(email="Ann@Example.com", phone="2079460000", crm_id="17"), dict(phone="2079460000"),
                   dict(email="bo@example.com"), dict(crm_id="17")):
        plain.add_record(**record)
    got, want = r.resolve(), plain.resolve()
    np.testing.assert_array_equal(got.customer, want.customer)
    assert got.rejected == want.rejected == [] and got.customer.tolist() == [0, 0, 1, 0]
