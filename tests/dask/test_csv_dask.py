"""segcore.dask.profiles_from_csv (segcore's reader, one task per file) equals Profiles.from_csv
on the files' rows concatenated: customers and orders split between files, a file with no rows,
epoch and ISO times, extra columns; a bad row fails naming its file and line."""
import os

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


# ---- RFM from CSV files, and byte ranges of one file ------------------------------------------

def one_process_rfm(whole, single, mode, bins=5):
    """Profiles.from_csv(...).rfm(...) on the whole file, as a frame like segcore.dask.rfm's."""
    p = segcore.Profiles.from_csv(whole, **single)
    r = p.rfm(bins=bins, mode=mode)
    recency = p.column("recency_days").astype(np.float64)
    recency[~p.valid("recency_days")] = np.nan
    return pd.DataFrame({"recency_days": recency, "frequency": p.column("frequency"),
                         "monetary": p.column("monetary"), "r_score": r.r_score, "f_score": r.f_score,
                         "m_score": r.m_score, "segment": r.segment}, index=pd.Index(p.customer_id, name="customer_id"))


def check_rfm(got, expected):
    got = got.sort_index()[list(expected.columns)]
    expected = expected.sort_index()
    assert list(got.index.astype(str)) == list(expected.index.astype(str))
    for column in expected.columns:
        pd.testing.assert_series_equal(got[column].reset_index(drop=True), expected[column].reset_index(drop=True),
                                       check_dtype=False, check_exact=True)


@pytest.mark.parametrize("mode", ["quantile", "rank"])
@pytest.mark.parametrize("cuts, blocksize", [([], None), ([997], None), ([10, 10, 2000, 2001], 20_000)])
def test_rfm_from_csv_equals_one_process(client, rows, tmp_path, mode, cuts, blocksize):
    paths, whole = write_files(rows, tmp_path, cuts)  # cuts split orders and customers; 10, 10: no rows
    got = segcore.dask.rfm_from_csv(paths, **COLUMNS, mode=mode, n_buckets=3, blocksize=blocksize).compute()
    check_rfm(got, one_process_rfm(whole, SINGLE, mode))


def generated(rng, n, form, n_customers=3000):
    t = 1_600_000_000 + rng.integers(0, 400 * 86400, n)
    return pd.DataFrame({"customer_id": [f"c{c}" for c in rng.zipf(1.4, n) % n_customers],
                         "timestamp": t if form == "epoch" else
                         pd.to_datetime(t, unit="s").strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "amount": np.round(rng.gamma(2.0, 20.0, n), 2)})


@pytest.mark.parametrize("form", ["epoch", "iso"])
def test_blocks_of_one_file_equal_the_whole_file_for_many_blocksizes(client, tmp_path, form):
    rng = np.random.default_rng(11)
    df = generated(rng, 300, form, 60)  # blocksize 1 makes a task per record
    whole = tmp_path / "whole.csv"
    df.to_csv(whole, index=False)
    size = whole.stat().st_size
    profiles = segcore.Profiles.from_csv(str(whole)).to_pandas()
    for mode in ("quantile", "rank"):
        expected = one_process_rfm(str(whole), {}, mode)
        for blocksize in (1, 700, size // 3, size - 1, 10 * size):
            got = segcore.dask.rfm_from_csv(str(whole), mode=mode, blocksize=blocksize, n_buckets=2).compute()
            check_rfm(got, expected)
    for blocksize in (1, size // 2):
        check_equal(segcore.dask.profiles_from_csv(str(whole), blocksize=blocksize, n_buckets=3).compute(), profiles)


def test_blocks_cut_crlf_quoted_line_ends_and_a_last_line_without_newline(client, tmp_path):
    rng = np.random.default_rng(3)
    n = 120
    ids = [f'c "{k}"\n{k % 7}' if k % 3 == 0 else f"c{k}" for k in rng.integers(0, 40, n)]  # quotes, line ends
    t = 1_600_000_000 + rng.integers(0, 100 * 86400, n)
    lines = ["customer_id,timestamp,amount,note"]
    for i, t_, a in zip(ids, t, np.round(rng.gamma(2.0, 20.0, n), 2)):
        quoted = '"' + i.replace('"', '""') + '"'
        lines.append(f'{quoted},{t_},{a},"x\r\ny, ""z"""')
    text = "\r\n".join(lines)  # CRLF, no line end after the last record
    whole = tmp_path / "crlf.csv"
    whole.write_bytes(text.encode())
    size = whole.stat().st_size
    expected = one_process_rfm(str(whole), {}, "rank")
    profiles = segcore.Profiles.from_csv(str(whole)).to_pandas()
    for blocksize in (1, 50, 997, size // 2, size):
        got = segcore.dask.rfm_from_csv(str(whole), mode="rank", blocksize=blocksize, n_buckets=2).compute()
        check_rfm(got, expected)
    check_equal(segcore.dask.profiles_from_csv(str(whole), blocksize=61, n_buckets=2).compute(), profiles)


def test_block_plans_start_at_records_and_know_their_lines(tmp_path):
    from segcore.dask import _csv_blocks
    text = b'h1,h2\n"a\nb",1\n\nc,2\r\n"d""\n",3\ne,4'
    path = tmp_path / "x.csv"
    path.write_bytes(text)
    record_starts = {6: 2, 14: 4, 15: 5, 20: 6, 29: 8}  # byte -> its line in the file
    for blocksize in range(1, len(text) + 2):
        blocks = _csv_blocks.plan(str(path), blocksize)
        assert blocks[0].begin == 0 and blocks[-1].end == len(text)
        assert all(a.end == b.begin for a, b in zip(blocks, blocks[1:]))
        for b in blocks[1:]:
            assert record_starts[b.begin] == b.first_line
            assert b.begin >= blocksize


def test_a_bad_row_in_a_block_names_the_file_and_its_true_line(client, tmp_path):
    rng = np.random.default_rng(8)
    df = generated(rng, 5000, "epoch")
    df["amount"] = df["amount"].astype(object)
    df.loc[4321, "amount"] = "lots"
    whole = tmp_path / "bad.csv"
    df.to_csv(whole, index=False)
    with pytest.raises(segcore.SegcoreError) as one:
        segcore.Profiles.from_csv(str(whole))
    assert "line 4323" in str(one.value)  # the header is line 1
    for blocksize in (30_000, 70_000):
        with pytest.raises(segcore.InvalidArgumentError, match=r"bad\.csv.*line 4323\b"):
            segcore.dask.rfm_from_csv(str(whole), blocksize=blocksize).compute()


def test_empty_and_header_only_blocks(client, rows, tmp_path):
    paths, whole = write_files(rows.iloc[:12], tmp_path, [5])
    header_only = tmp_path / "part-05.csv"
    header_only.write_text(",".join(rows.columns) + "\n\n\n")
    got = segcore.dask.rfm_from_csv(paths + [str(header_only)], **COLUMNS, mode="rank", blocksize=3).compute()
    check_rfm(got, one_process_rfm(whole, SINGLE, "rank"))
    with pytest.raises(segcore.InvalidArgumentError, match="blocksize"):
        segcore.dask.rfm_from_csv(paths, **COLUMNS, blocksize=0)
    with pytest.raises(segcore.InvalidArgumentError, match="mode"):
        segcore.dask.rfm_from_csv(paths, **COLUMNS, mode="fixed")


def test_rfm_from_csv_with_a_worker_killed_mid_job(client, tmp_path):
    rng = np.random.default_rng(21)
    df = generated(rng, 8000, "iso")
    whole = tmp_path / "whole.csv"
    df.to_csv(whole, index=False)
    expected = one_process_rfm(str(whole), {}, "rank")
    marker = str(tmp_path / "killed")

    import segcore.dask._csv as csv_module
    real = csv_module._block_stores

    def die_once(block, part, *args):  # runs in a worker process, whose module is not patched
        import os
        import signal

        import segcore.dask._csv as unpatched
        if part == 2 and not os.path.exists(marker):
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)
        return unpatched._block_stores(block, part, *args)
    csv_module._block_stores = die_once
    try:
        got = segcore.dask.rfm_from_csv(str(whole), mode="rank", blocksize=20_000, n_buckets=3).compute()
    finally:
        csv_module._block_stores = real
    assert os.path.exists(marker)
    check_rfm(got, expected)


@pytest.mark.parametrize("seed", range(6))
def test_block_plans_of_random_quoted_files_start_at_record_starts(tmp_path, seed):
    """Random records (quoted fields holding quotes, LF and CRLF, blank lines, LF or CRLF line
    ends, with or without a last line end): every block starts at the first record start at or
    after some multiple of the blocksize, knows its line, and the blocks tile the file."""
    from segcore.dask import _csv_blocks
    rng = np.random.default_rng(seed)
    pieces, starts, line = [b"a,b\n"], {}, 2
    for r in range(int(rng.integers(1, 60))):
        at = sum(map(len, pieces))
        starts[at] = line
        if rng.random() < 0.1:
            pieces.append(b"\n")
        else:
            field = rng.choice([b"x", b'"q""\nq"', b'"\r\n,"', b"12"])
            pieces.append(field + b"," + rng.choice([b"1", b'"2\n"']) + rng.choice([b"\n", b"\r\n"]))
        line += pieces[-1].count(b"\n")
    text = b"".join(pieces)
    if rng.random() < 0.5:
        text = text.rstrip(b"\r\n")
    path = tmp_path / "r.csv"
    path.write_bytes(text)
    for blocksize in (1, 2, 3, 5, 8, 13, 40, len(text) - 1):
        blocks = _csv_blocks.plan(str(path), max(blocksize, 1))
        assert blocks[0].begin == 0 and blocks[-1].end == len(text)
        assert all(a.end == b.begin for a, b in zip(blocks, blocks[1:]))
        for before, b in zip(blocks, blocks[1:]):
            assert b.begin in starts and starts[b.begin] == b.first_line
            # its cut is a multiple of blocksize at or below it, or just past the block before
            cut = max(before.begin + 1, b.begin // blocksize * blocksize)
            assert not any(cut <= s < b.begin for s in starts), "a record start was skipped"
