"""segcore.dask.profiles_from_csv (segcore's reader, one task per file) equals Profiles.from_csv
on the files' rows concatenated: customers and orders split between files, a file with no rows,
epoch and ISO times, extra columns; a bad row fails naming its file and line."""
import numpy as np
import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("dask.dataframe")

import segcore  # noqa: E402
import segcore.dask  # noqa: E402
from conftest import SAMPLE  # noqa: E402

COLUMNS = dict(customer_id_col="CustomerID", timestamp_col="InvoiceDate", quantity_col="Quantity",
               price_col="UnitPrice", order_id_col="InvoiceNo")
SINGLE = dict(customer="CustomerID", timestamp="InvoiceDate", quantity="Quantity", price="UnitPrice",
              order="InvoiceNo")


@pytest.fixture(scope="module")
def rows():
    df = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    return df[df["CustomerID"] != ""].reset_index(drop=True)


def write_files(df, folder, cuts):
    """df's rows in order, cut at the given row numbers into files part-00.csv, part-01.csv..."""
    paths = []
    for k, (a, b) in enumerate(zip([0] + cuts, cuts + [len(df)])):
        path = folder / f"part-{k:02d}.csv"
        df.iloc[a:b].to_csv(path, index=False)
        paths.append(str(path))
    whole = folder / "whole.csv"
    df.to_csv(whole, index=False)
    return paths, str(whole)


def check_equal(got, expected):
    got, expected = got.sort_index(), expected.sort_index()
    assert list(got.columns) == list(expected.columns)
    assert list(got.index) == list(expected.index)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_exact=True)


@pytest.mark.parametrize("cuts, n_buckets", [([], 1), ([997], 2), ([10, 10, 2000, 2001], 3), ([1, 500, 3000], None)])
def test_files_equal_one_file(client, rows, tmp_path, cuts, n_buckets):
    paths, whole = write_files(rows, tmp_path, cuts)  # cuts split orders and customers; 10, 10: a file of no rows
    got = segcore.dask.profiles_from_csv(paths, **COLUMNS, n_buckets=n_buckets)
    assert got.npartitions == (n_buckets or len(paths))
    check_equal(got.compute(), segcore.Profiles.from_csv(whole, **SINGLE).to_pandas())


def test_a_glob_is_read_in_name_order_with_extra_columns(client, rows, tmp_path):
    paths, whole = write_files(rows, tmp_path, [700, 1400, 2100])
    kw = dict(attributes=("Country",), numerics=("UnitPrice",), as_of="2011-12-31", windows=(14, 60))
    got = segcore.dask.profiles_from_csv(str(tmp_path / "part-*.csv"), **COLUMNS, **kw).compute()
    single = segcore.Profiles.from_csv(whole, **SINGLE, **{k: v for k, v in kw.items()}).to_pandas()
    check_equal(got, single)
    assert "Country" in got.columns


@pytest.mark.parametrize("form", ["epoch", "iso"])
def test_generated_events_in_both_time_forms(client, tmp_path, form):
    rng = np.random.default_rng(5)
    n = 20_000
    t = 1_600_000_000 + rng.integers(0, 400 * 86400, n)
    df = pd.DataFrame({"customer_id": [f"c{c}" for c in rng.zipf(1.4, n) % 3000],
                       "timestamp": t if form == "epoch" else pd.to_datetime(t, unit="s").strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "amount": np.round(rng.gamma(2.0, 20.0, n), 2)})
    paths, whole = write_files(df, tmp_path, [3000, 9000, 9001])
    got = segcore.dask.profiles_from_csv(paths, n_buckets=4).compute()
    check_equal(got, segcore.Profiles.from_csv(whole).to_pandas())


def test_a_bad_row_fails_naming_its_file_and_line(client, rows, tmp_path):
    bad = rows.copy()
    bad.loc[1234, "Quantity"] = "lots"
    paths, _ = write_files(bad, tmp_path, [1000, 2000])
    with pytest.raises(segcore.InvalidArgumentError, match=r"part-01\.csv.*line 236|line 236.*part-01\.csv"):
        segcore.dask.profiles_from_csv(paths, **COLUMNS).compute()


def test_missing_files_and_bad_options_fail_before_any_task(tmp_path):
    with pytest.raises(segcore.InvalidArgumentError, match="no file matches"):
        segcore.dask.profiles_from_csv(str(tmp_path / "none-*.csv"))
    with pytest.raises(segcore.InvalidArgumentError, match="delimiter"):
        segcore.dask.profiles_from_csv(str(tmp_path / "x.csv"), delimiter="ab")
    with pytest.raises(segcore.InvalidArgumentError, match="n_buckets"):
        segcore.dask.profiles_from_csv(str(tmp_path / "x.csv"), n_buckets=-1)


def test_a_header_only_file_must_still_name_the_columns(client, rows, tmp_path):
    paths, _ = write_files(rows, tmp_path, [1000])
    (tmp_path / "part-02.csv").write_text("customer,when,money\n")  # a header of other columns
    with pytest.raises(segcore.NotFoundError, match="part-02.csv.*CustomerID"):
        segcore.dask.profiles_from_csv(paths + [str(tmp_path / "part-02.csv")], **COLUMNS).compute()
    only_headers = [str(tmp_path / f"empty-{k}.csv") for k in range(2)]
    for p in only_headers:
        with open(p, "w") as f:
            f.write(",".join(rows.columns) + "\n")
    with pytest.raises(segcore.InvalidArgumentError, match="profiles_from_csv: the table has no events"):
        segcore.dask.profiles_from_csv(only_headers, **COLUMNS).compute()


def test_options_that_would_differ_from_one_process_are_refused(tmp_path):
    with pytest.raises(segcore.InvalidArgumentError, match="drop"):
        segcore.dask.profiles_from_csv(str(tmp_path / "x.csv"), duplicates="drop")
    with pytest.raises(segcore.InvalidArgumentError, match="n_buckets is 0"):
        segcore.dask.profiles_from_csv(str(tmp_path / "x.csv"), n_buckets=0)
