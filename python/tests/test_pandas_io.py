"""DataFrames in, DataFrames out: rfm and Profiles over every id dtype and time form pandas
gives, against the array path on int ids and against a pandas groupby computation, on random
samples of the Online Retail sample's customers."""
import pathlib
import subprocess
import sys

import numpy as np
import pytest

import segcore

pd = pytest.importorskip("pandas", reason="pandas is not installed: the DataFrame paths are not tested")

from test_rfm_pandas import pandas_rfm  # noqa: E402  (the groupby peer)

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "online_retail_sample.csv"
COLS = dict(customer_id_col="CustomerID", timestamp_col="InvoiceDate", quantity_col="Quantity",
            price_col="UnitPrice", order_id_col="InvoiceNo")


@pytest.fixture(scope="module")
def retail():
    """The sample as pandas reads it: CustomerID float64, InvoiceDate object (texts)."""
    return pd.read_csv(DATA)


def sample(df, seed):
    """The rows of a random share of the customers (an awkward number of them)."""
    rng = np.random.default_rng(seed)
    ids = df["CustomerID"].unique()
    chosen = rng.choice(ids, size=int(rng.integers(1, ids.size)), replace=False)
    return df[df["CustomerID"].isin(chosen)].reset_index(drop=True)


ID_FORMS = {
    "int64": lambda s: s.astype("int64"),
    "float with .0": lambda s: s.astype("float64"),
    "nullable Int64": lambda s: s.astype("Int64"),
    "text": lambda s: "C-" + s.astype("int64").astype(str),
    "string dtype": lambda s: ("C-" + s.astype("int64").astype(str)).astype("string"),
    "categorical texts": lambda s: ("C-" + s.astype("int64").astype(str)).astype("category"),
    "categorical numbers": lambda s: s.astype("category"),
    "object ints": lambda s: pd.Series([int(v) for v in s], dtype=object),
    "object texts and numbers": lambda s: pd.Series([int(v) if i % 2 else f"{int(v)}" for i, v in enumerate(s)],
                                                    dtype=object),
}
NUMBER_IDS = {"int64", "float with .0", "nullable Int64", "categorical numbers", "object ints"}
PREFIXED_IDS = {"text", "string dtype", "categorical texts"}


def expected_ids(form, ints):
    if form in NUMBER_IDS:
        return [int(v) for v in ints]
    return [("C-" if form in PREFIXED_IDS else "") + str(int(v)) for v in ints]


TIME_FORMS = {
    # pandas 2 keeps a column's unit; pandas 1 turns every unit into ns (the array test below
    # passes each unit as a numpy array).
    **{f"datetime64[{u}]": (lambda u: lambda t: pd.Series(t.to_numpy().astype(f"datetime64[{u}]")))(u)
       for u in ("s", "ms", "us", "ns")},
    "tz-aware": lambda t: t.dt.tz_localize("UTC").dt.tz_convert("America/New_York"),
    "tz-aware Tokyo": lambda t: t.dt.tz_localize("UTC").dt.tz_convert("Asia/Tokyo"),
    "ISO texts": lambda t: t.dt.strftime("%Y-%m-%dT%H:%M:%S").astype(object),
    "texts with an offset": lambda t: (t - pd.Timedelta(hours=2)).dt.strftime("%Y-%m-%d %H:%M:%S-02:00"),
    "epoch int": lambda t: t.astype("int64") // 10**9,
    "epoch float": lambda t: (t.astype("int64") // 10**9).astype("float64") + 0.25,
}


def with_forms(df, id_form, time_form):
    out = df.copy()
    out["CustomerID"] = ID_FORMS[id_form](out["CustomerID"])
    out["InvoiceDate"] = TIME_FORMS[time_form](pd.to_datetime(df["InvoiceDate"]))
    return out


def reference(df):
    """The array path on int64 ids and datetime64 times."""
    return segcore.rfm(df["CustomerID"].astype("int64").to_numpy(), pd.to_datetime(df["InvoiceDate"]).to_numpy(),
                       (df["Quantity"] * df["UnitPrice"]).to_numpy(), order_id=df["InvoiceNo"].to_numpy())


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("id_form", list(ID_FORMS))
def test_rfm_dataframe_over_id_forms_equals_the_array_path(retail, id_form, seed):
    df = sample(retail, seed)
    want = reference(df)
    got = segcore.rfm(with_forms(df, id_form, "datetime64[ns]"), **COLS)
    assert isinstance(got, pd.DataFrame) and got.index.name == "CustomerID"
    assert list(got.index) == expected_ids(id_form, want["customer_id"])
    for col in ("recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment"):
        np.testing.assert_array_equal(got[col].to_numpy(), want[col], err_msg=col)


@pytest.mark.parametrize("time_form", list(TIME_FORMS))
def test_rfm_dataframe_over_time_forms_equals_the_array_path(retail, time_form):
    df = sample(retail, 7)
    want = reference(df)
    got = segcore.rfm(with_forms(df, "float with .0", time_form), **COLS)
    for col in ("recency_days", "frequency", "monetary", "r_score", "f_score", "m_score"):
        np.testing.assert_array_equal(got[col].to_numpy(), want[col], err_msg=col)


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_rfm_arrays_over_datetime64_units(retail, unit):
    df = sample(retail, 8)
    want = reference(df)
    times = pd.to_datetime(df["InvoiceDate"]).to_numpy().astype(f"datetime64[{unit}]")
    got = segcore.rfm(df["CustomerID"].to_numpy(), times, (df["Quantity"] * df["UnitPrice"]).to_numpy(),
                      order_id=df["InvoiceNo"].to_numpy())
    for col in want:
        np.testing.assert_array_equal(got[col], want[col], err_msg=col)


@pytest.mark.parametrize("seed", range(4))
def test_rfm_dataframe_against_a_pandas_groupby(retail, seed):
    df = sample(retail, 100 + seed)
    got = segcore.rfm(df, mode="rank", **COLS)
    peer = df.assign(InvoiceDate=pd.to_datetime(df["InvoiceDate"]))
    want = pandas_rfm(peer)
    assert list(got.index) == [int(v) for v in want.index]
    np.testing.assert_array_equal(got["frequency"], want["frequency"])
    np.testing.assert_allclose(got["monetary"], want["monetary"], rtol=1e-9, atol=1e-6)
    scored = want["frequency"].to_numpy() > 0
    np.testing.assert_array_equal(got["recency_days"].to_numpy()[scored], want["recency_days"].to_numpy()[scored])
    for s in ("r_score", "f_score", "m_score"):
        np.testing.assert_array_equal(got[s], want[s], err_msg=s)


def test_float_ids_are_written_as_whole_numbers(retail):
    p = segcore.Profiles.from_pandas(retail, **COLS)
    assert p.customer_id.dtype == np.int64 and p.customer_id[0] == 13047
    assert "13047" in p.to_pandas().index.astype(str)
    r = segcore.rfm(retail["CustomerID"].to_numpy(), retail["InvoiceDate"].to_numpy(),
                    (retail["Quantity"] * retail["UnitPrice"]).to_numpy(), order_id=retail["InvoiceNo"].to_numpy())
    assert str(r["customer_id"][0]) == "13047"
    with pytest.raises(segcore.InvalidArgumentError, match=r"CustomerID\[3\] is 12\.5, not a whole number"):
        segcore.rfm(retail.assign(CustomerID=retail["CustomerID"].where(retail.index != 3, 12.5)), **COLS)


@pytest.mark.parametrize("seed", range(3))
def test_missing_ids_and_times_strict_error_or_lenient_count(retail, seed):
    df = sample(retail, 200 + seed)
    rng = np.random.default_rng(seed)
    no_id = rng.random(len(df)) < 0.1
    no_time = ~no_id & (rng.random(len(df)) < 0.05)
    bad = df.copy()
    bad.loc[no_id, "CustomerID"] = np.nan  # as pandas reads Online Retail's rows without a customer
    bad["InvoiceDate"] = pd.to_datetime(bad["InvoiceDate"]).where(~no_time, pd.NaT)
    first = int(np.flatnonzero(no_id | no_time)[0])
    column = "CustomerID" if no_id[first] else "InvoiceDate"
    with pytest.raises(segcore.InvalidArgumentError, match=rf"{column}\[{first}\] is missing"):
        segcore.rfm(bad, **COLS)
    with pytest.warns(UserWarning, match=f"{int(no_id.sum() + no_time.sum())} of {len(df)} events were skipped"):
        got = segcore.rfm(bad, ingest="lenient", **COLS)
    want = reference(df[~(no_id | no_time)])
    np.testing.assert_array_equal(got.index.to_numpy(), want["customer_id"])
    np.testing.assert_array_equal(got["segment"].to_numpy(), want["segment"])
    p = segcore.Profiles.from_pandas(bad, mode="lenient", **COLS)
    assert f"rows skipped: {int(no_id.sum() + no_time.sum())}" in p.report
    assert f"empty customer id: {int(no_id.sum())}" in p.report
    assert f"bad timestamp: {int(no_time.sum())}" in p.report


def test_unreadable_times_and_absent_columns_are_named(retail):
    df = retail.head(50).copy()
    df.loc[7, "InvoiceDate"] = "last tuesday"
    with pytest.raises(segcore.InvalidArgumentError, match=r"InvoiceDate\[7\] is not a time"):
        segcore.rfm(df, **COLS)
    df.loc[7, "InvoiceDate"] = "253402300800"  # epoch seconds of 10000-01-01
    with pytest.raises(segcore.InvalidArgumentError, match=r"InvoiceDate\[7\] is outside the years 0000 to 9999"):
        segcore.rfm(df, **COLS)
    df.loc[7, "InvoiceDate"] = "9" * 30
    with pytest.raises(segcore.InvalidArgumentError, match=r"InvoiceDate\[7\] is not a time"):
        segcore.rfm(df, **COLS)
    with pytest.raises(segcore.NotFoundError, match="customer_id_col='Customer': the DataFrame has no column"):
        segcore.rfm(df, **{**COLS, "customer_id_col": "Customer"})


@pytest.mark.parametrize("id_form", ["float with .0", "text", "categorical texts"])
def test_profiles_to_pandas_and_from_pandas(retail, id_form):
    df = with_forms(sample(retail, 11), id_form, "ISO texts")
    df["Country"] = df["Country"].astype("category")
    p = segcore.Profiles.from_pandas(df, category_cols=["Country"], **COLS)
    arrays = segcore.Profiles.from_arrays(
        df["CustomerID"], pd.to_datetime(df["InvoiceDate"]).to_numpy(), (df["Quantity"] * df["UnitPrice"]).to_numpy(),
        df["InvoiceNo"].to_numpy(), categories={"Country": df["Country"].astype(str).to_numpy()})
    t = p.to_pandas()
    assert t.index.name == "CustomerID" and list(t.columns) == p.columns == arrays.columns
    assert list(t.index) == list(arrays.customer_id)
    for name in p.columns:
        col, valid = p.column(name), p.valid(name)
        np.testing.assert_array_equal(np.asarray(t[name])[valid], col[valid], err_msg=name)
        np.testing.assert_array_equal(col, arrays.column(name), err_msg=name)
        assert t[name].isna().to_numpy()[~valid].all(), name
    for text in ("recency_days <= 30 and frequency >= 2", "recency_days is missing", "monetary > 1000"):
        r = segcore.Rule(text)
        got = r.evaluate(t)
        assert isinstance(got, pd.Series) and got.index.equals(t.index)
        np.testing.assert_array_equal(got.to_numpy(), r.evaluate(p), err_msg=text)


def test_import_and_arrays_without_pandas():
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import numpy as np, segcore\n"
            "r = segcore.rfm(np.array([14646.0, 7.0, 14646.0]), np.array(['2011-01-01', '2011-02-01', '2011-03-01'],"
            " dtype=object), np.array([1.0, 2.0, 3.0]))\n"
            "assert list(r['customer_id']) == [14646, 7], r\n"
            "p = segcore.Profiles.from_arrays(np.array([1, 2]), np.array([0, 86400]), np.array([1.0, 2.0]))\n"
            "try:\n    p.to_pandas()\nexcept ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Profiles.to_pandas needs pandas" in out.stdout
    # Installed, pandas is still not imported by the package or by the array paths.
    code = ("import sys, numpy as np, segcore\n"
            "segcore.rfm(np.array([1, 2]), np.array([0, 86400]), np.array([1.0, 2.0]))\n"
            "print('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("seed", range(3))
def test_from_pandas_equals_the_csv_reader_on_the_same_rows(retail, tmp_path, seed):
    """The CSV reader is the reference: the same rows written out and read back give the same
    table, extra columns with gaps included (an empty CSV field is pandas' NaN)."""
    rng = np.random.default_rng(seed)
    df = sample(retail, 300 + seed)
    df["CustomerID"] = df["CustomerID"].astype("int64")
    df["Channel"] = pd.Series(rng.choice(["web", "shop", None], len(df)), dtype=object)
    df["Rating"] = np.where(rng.random(len(df)) < 0.3, np.nan, rng.integers(1, 6, len(df)).astype(float))
    df.to_csv(tmp_path / "events.csv", index=False)
    extra = dict(category_cols=["Channel"], attribute_cols=["Country", "Channel"][: 1 + seed % 2],
                 numeric_cols=["Rating"])
    if "Channel" in extra["attribute_cols"]:
        extra["category_cols"] = []
    got = segcore.Profiles.from_pandas(df.assign(Channel=df["Channel"].astype("category")), **COLS, **extra)
    want = segcore.Profiles.from_csv(tmp_path / "events.csv", customer="CustomerID", timestamp="InvoiceDate",
                                     quantity="Quantity", price="UnitPrice", order="InvoiceNo",
                                     categories=extra["category_cols"], attributes=extra["attribute_cols"],
                                     numerics=extra["numeric_cols"])
    assert [str(c) for c in got.customer_id] == list(want.customer_id)
    assert got.columns == want.columns
    for name in got.columns:
        np.testing.assert_array_equal(got.column(name), want.column(name), err_msg=name)
        np.testing.assert_array_equal(got.valid(name), want.valid(name), err_msg=name)


def test_nullable_epoch_seconds_and_mixed_time_objects(retail):
    df = sample(retail, 12)
    want = reference(df)
    t = pd.to_datetime(df["InvoiceDate"])
    for times in (pd.array(t.astype("int64") // 10**9, dtype="Int64"),
                  pd.Series([v.to_pydatetime() if i % 3 else str(v) for i, v in enumerate(t)], dtype=object),
                  pd.Series([v.tz_localize("UTC").tz_convert("Asia/Kolkata") if i % 2 else v.to_datetime64()
                             for i, v in enumerate(t)], dtype=object)):
        got = segcore.rfm(df.assign(InvoiceDate=times), **COLS)
        np.testing.assert_array_equal(got["segment"].to_numpy(), want["segment"])
        np.testing.assert_array_equal(got["recency_days"].to_numpy(), want["recency_days"])


@pytest.mark.parametrize("as_of", ["2011-10-01", "2011-10-01T00:00:00+00:00", 1317427200,
                                   np.datetime64("2011-10-01"), "tz"])
def test_as_of_in_any_time_form_and_tiny_frames(retail, as_of):
    if as_of == "tz":
        as_of = pd.Timestamp("2011-10-01 02:00", tz="Europe/Oslo")  # 00:00 UTC
    df = sample(retail, 13)
    with pytest.warns(UserWarning, match="after as_of were excluded"):
        want = segcore.rfm(df["CustomerID"].to_numpy(), pd.to_datetime(df["InvoiceDate"]).to_numpy(),
                           (df["Quantity"] * df["UnitPrice"]).to_numpy(), as_of=np.datetime64("2011-10-01"))
    with pytest.warns(UserWarning, match="after as_of were excluded"):
        got = segcore.rfm(df, customer_id_col="CustomerID", timestamp_col="InvoiceDate", quantity_col="Quantity",
                          price_col="UnitPrice", as_of=as_of)
    np.testing.assert_array_equal(got["segment"].to_numpy(), want["segment"])
    one = segcore.rfm(df.iloc[[5]], **COLS)
    assert len(one) == 1 and one.index[0] == int(df["CustomerID"].iloc[5])
