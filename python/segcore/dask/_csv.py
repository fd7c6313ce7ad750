"""Profiles and RFM scores of CSV files on a Dask cluster, each file (or byte range of one,
_csv_blocks) read by segcore's own reader inside a worker: its events are split by customer
(segcore_events_split) into one profile store per bucket, and from there the path is
segcore.dask.profiles' own (stores merged per bucket in file order, one snapshot per bucket),
then segcore.dask.rfm's for scores. The reader parses times and numbers in C on the worker, so
no DataFrame of events is ever built."""
import ctypes
import glob
import os
import re

import numpy as np

from .._errors import InvalidArgumentError, SegcoreError
from .._native import lib
from ..rfm import _CSV_DEFAULTS, _RFM_DEFAULTS, _P, ProfileStore, _c, _csv_options, _read_csv, _store_add_events
from . import _csv_blocks
from ._profiles import _ROW_BITS, _buckets_of_parts
from ._rfm import _check_options, _rfm_of_buckets

_split = _c("segcore_events_split")
_split_first_rows = _c("segcore_events_split_first_rows")
_labels = _c("segcore_events_customer_labels")
_read_csv_fd = _c("segcore_events_read_csv_fd", long=True)
_latest_event = _c("segcore_profile_store_latest_event")


def _paths(paths, where):
    """A list of files from a path, a glob pattern or a sequence of either, in order."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    found = []
    for p in paths:
        p = os.fsdecode(p)
        matches = sorted(glob.glob(p)) if glob.has_magic(p) else [p]
        if not matches:
            raise InvalidArgumentError(f"{where}: no file matches {p!r}")
        found.extend(matches)
    if not found:
        raise InvalidArgumentError(f"{where}: no files given")
    return found


def _header_only(path, csv_args):
    """True for a small uncompressed file of nothing but a header naming the columns asked for
    (and blank lines): a part with no rows, which a file set may hold (the reader refuses it as
    a file of its own). Anything else is left to the reader and its errors."""
    if os.path.getsize(path) > 1 << 16:
        return False
    with open(path, "rb") as f:
        text = f.read()
    if text[:2] == b"\x1f\x8b" or text[:4] == b"\x28\xb5\x2f\xfd":  # gzip, zstd
        return False
    return _names_columns(text, csv_args)


def _names_columns(text, csv_args):
    """True when text is a header naming the columns asked for, and blank lines."""
    lines = text.strip().splitlines()
    if len(lines) != 1:
        return False
    header = lines[0].decode("utf-8", "replace").lstrip("\ufeff").split(csv_args["delimiter"])
    names = {h.strip().strip('"') for h in header}
    wanted = [csv_args[k] for k in ("customer", "timestamp", "amount", "quantity", "price", "order")
              if csv_args[k] is not None and not (k == "amount" and csv_args["quantity"] is not None)]
    wanted += list(csv_args["attributes"]) + list(csv_args["numerics"])
    return all(str(w) in names for w in wanted)


def _read_block(block, csv_args):
    """The block's events (a handle), or None for a block without rows. A block after the
    first is read as the file's header followed by the block's lines (in memory, through a
    memfd); the reader's line numbers are then turned into the file's."""
    if block.whole:
        if _header_only(block.path, csv_args):
            return None
        options, _keep = _csv_options(**csv_args)
        events = _P()
        _read_csv(ctypes.byref(events), os.fsencode(block.path), ctypes.byref(options))
        return events
    with open(block.path, "rb") as f:
        header = f.read(block.header_end)
        f.seek(block.begin)
        data = f.read(block.end - block.begin)
    if block.begin == 0:
        header, data = data[:block.header_end], data[block.header_end:]
    if not data.strip(b"\r\n"):  # blank lines only (the reader skips them)
        if block.begin == 0 and not _names_columns(header, csv_args):
            data = b""  # the reader names what the header lacks
        else:
            return None
    options, _keep = _csv_options(**csv_args)
    events = _P()
    fd = os.memfd_create("segcore-csv-block")
    try:
        with os.fdopen(os.dup(fd), "wb") as out:
            out.write(header)
            out.write(data)
        _read_csv_fd(ctypes.byref(events), fd, ctypes.byref(options))
    except SegcoreError as e:
        raise type(e)(_true_lines(str(e), block)) from None
    finally:
        os.close(fd)
    return events


def _true_lines(message, block):
    """The reader's message about a block's text, naming the file and its own line numbers."""
    shift = block.first_line - 1 - block.header_lines if block.begin else 0

    def line(m):
        n = int(m.group(1))
        return f"line {n + shift if n > block.header_lines else n}"
    message = re.sub(r"<descriptor \d+>", lambda m: block.path, message, count=1)
    return re.sub(r"\bline (\d+)", line, message)


def _block_stores(block, part, csv_args, n_buckets, store_options, first_seen):
    """One block's events as n_buckets store images and its latest event time (or None); with
    first_seen also, per bucket, its customers in order of first appearance and their
    positions (the block's number part above bit 40, the row in the block below)."""
    stores = [ProfileStore(**store_options) for _ in range(n_buckets)]
    firsts = [(np.zeros(0, object), np.zeros(0, np.int64))] * n_buckets
    events = _read_block(block, csv_args)
    if events is not None:
        parts = (_P * n_buckets)()
        try:
            if first_seen:
                firsts = _split_with_firsts(events, n_buckets, parts, part)
            else:
                _split(events, n_buckets, parts)
        finally:
            lib.segcore_events_destroy(events)
        try:
            for store, p in zip(stores, parts):
                _store_add_events(store._handle, p)
        finally:
            for p in parts:
                lib.segcore_events_destroy(p)
    latest = None
    for store in stores:
        if store.n_events:
            t = ctypes.c_int64()
            _latest_event(store._handle, ctypes.byref(t))
            latest = t.value if latest is None else max(latest, t.value)
    images = [s.to_bytes() for s in stores]
    return (images, latest, firsts) if first_seen else (images, latest)


def _split_with_firsts(events, n_buckets, parts, part):
    """segcore_events_split_first_rows: the parts, and per part its customer ids in order of
    first appearance with their positions in the whole table."""
    n = ctypes.c_size_t()
    lib.segcore_events_n_customers(events, ctypes.byref(n))
    rows = np.zeros(n.value, np.uint64)
    _split_first_rows(events, n_buckets, parts, rows.ctypes.data_as(ctypes.c_void_p), n.value)
    firsts, at = [], 0
    for p in parts:
        ids = _customer_labels(p)
        positions = (np.int64(part) << _ROW_BITS) | rows[at:at + len(ids)].astype(np.int64)
        firsts.append((ids, positions))
        at += len(ids)
    return firsts


def _customer_labels(events):
    """The table's customer ids in order of first appearance (segcore_events_customer_labels)."""
    n = ctypes.c_size_t()
    lib.segcore_events_n_customers(events, ctypes.byref(n))
    ends = np.zeros(n.value, np.uint64)
    length = ctypes.c_size_t()
    _labels(events, None, 0, ends.ctypes.data_as(ctypes.c_void_p), ctypes.byref(length))
    text = ctypes.create_string_buffer(max(length.value, 1))
    _labels(events, text, length.value, None, ctypes.byref(length))
    raw = text.raw[:length.value]
    starts = np.concatenate([[0], ends[:-1]]).astype(np.int64) if n.value else np.zeros(0, np.int64)
    return np.array([raw[a:b].decode() for a, b in zip(starts.tolist(), ends.tolist())], dtype=object)


def _csv_buckets(paths, where, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col, price_col,
                 attributes, numerics, delimiter, timestamp_format, duplicates, as_of, n_buckets, windows,
                 velocity_days, trend_weeks, blocksize, first_seen):
    """The profiles of CSV files as delayed frames, one per bucket, their meta, and the number
    of blocks read."""
    import dask
    files = _paths(paths, where)
    if duplicates == "drop":  # each block is read by its own task: repeats across blocks would stay
        raise InvalidArgumentError(f"{where}: duplicates='drop' would drop repeats within each file or block "
                                   "only; drop them before, or use 'report' or 'ignore'")
    blocksize = _csv_blocks.check_blocksize(blocksize, where)
    csv_args = dict(customer=customer_id_col, timestamp=timestamp_col, amount=amount_col, quantity=quantity_col,
                    price=price_col, order=order_id_col, categories=(), attributes=tuple(attributes),
                    numerics=tuple(numerics), delimiter=delimiter, mode="strict", timestamp_format=timestamp_format,
                    duplicates=duplicates, max_reported=_CSV_DEFAULTS.max_reported, n_threads=1)
    _csv_options(**csv_args)  # bad options fail here, before any task runs
    if n_buckets is not None and int(n_buckets) < 1:
        raise InvalidArgumentError(f"{where}: n_buckets is {n_buckets}; use 1 or more")
    blocks = [b for f in files for b in _csv_blocks.plan(f, blocksize)]
    n_buckets = int(len(blocks) if n_buckets is None else n_buckets)
    if len(blocks) >= 1 << (63 - _ROW_BITS):
        raise InvalidArgumentError(f"{where}: {len(blocks)} blocks; use a larger blocksize")
    store_options = {"attributes": tuple(attributes), "numerics": tuple(numerics),
                     "windows": tuple(windows), "velocity_days": velocity_days, "trend_weeks": trend_weeks}
    parts = [dask.delayed(_block_stores, nout=3 if first_seen else 2)(
                 b, k, csv_args, n_buckets, store_options, first_seen) for k, b in enumerate(blocks)]
    return _buckets_of_parts(parts, n_buckets, as_of, "customer_id", False, store_options, first_seen, where=where)


def profiles_from_csv(paths, *, customer_id_col=_CSV_DEFAULTS.customer_col.decode(),
                      timestamp_col=_CSV_DEFAULTS.timestamp_col.decode(), amount_col=_CSV_DEFAULTS.amount_col.decode(),
                      order_id_col=None, quantity_col=None, price_col=None, attributes=(), numerics=(),
                      delimiter=",", timestamp_format="auto", duplicates="report", as_of=None, n_buckets=None,
                      windows=(7, 30, 90), velocity_days=30, trend_weeks=12, blocksize=None):
    """Customer profiles of CSV files (a path, a glob pattern, or a list of them; each file with
    its own header), read by segcore's reader, one task per file or per block of a file, as a
    Dask DataFrame indexed by customer id (text, named "customer_id", as Profiles.from_csv
    gives it). The values equal Profiles.from_csv on the files' rows concatenated in the order
    given (patterns sorted by name).

    Every worker must see the paths (a shared file system). A file of a header alone is a part
    with no rows (the reader refuses one given alone). Rows are read strictly: the first
    bad row fails the computation naming its file, line and column. attributes, numerics: extra
    columns carried per customer, as Profiles.from_csv takes them (category counts, whose
    columns depend on the values found, are not taken yet). duplicates: "report" (repeated
    records are kept, as Profiles.from_csv keeps them) or "ignore"; "drop" is refused, since
    each file or block is read alone and repeats across them would stay. blocksize: None (one
    task per file), or bytes (an integer or a text such as "64MiB"): a larger file is cut into
    blocks of about that size at record starts (quoted fields may hold line ends; LF and CRLF
    lines; gzip and zstd files are read whole), one task each, as dask's read_csv cuts.
    n_buckets: output partitions (default: the number of blocks)."""
    import dask.dataframe as dd
    buckets, meta = _csv_buckets(paths, "segcore.dask.profiles_from_csv", customer_id_col, timestamp_col,
                                 amount_col, order_id_col, quantity_col, price_col, attributes, numerics, delimiter,
                                 timestamp_format, duplicates, as_of, n_buckets, windows, velocity_days, trend_weeks,
                                 blocksize, first_seen=False)
    return dd.from_delayed(buckets, meta=meta, verify_meta=False)


def rfm_from_csv(paths, *, bins=_RFM_DEFAULTS.bins, mode="quantile", segment_map=None, as_of=None,
                 customer_id_col=_CSV_DEFAULTS.customer_col.decode(), timestamp_col=_CSV_DEFAULTS.timestamp_col.decode(),
                 amount_col=_CSV_DEFAULTS.amount_col.decode(), order_id_col=None, quantity_col=None, price_col=None,
                 delimiter=",", timestamp_format="auto", duplicates="report", n_buckets=None, blocksize=None,
                 return_edges=False):
    """segcore.rfm of CSV files read by segcore's reader on the workers: the files, columns,
    blocksize and reading options as profiles_from_csv takes them, the scoring options as
    segcore.dask.rfm. The result, indexed by customer id (text, named "customer_id"), equals
    Profiles.from_csv(...).rfm(...) on the files' rows concatenated in the order given, in
    both modes; rank ties go by first appearance in that concatenation (each block knows its
    customers' first rows from segcore_events_split_first_rows)."""
    where = "segcore.dask.rfm_from_csv"
    bins = _check_options(bins, mode, where)
    buckets, _ = _csv_buckets(paths, where, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col,
                              price_col, (), (), delimiter, timestamp_format, duplicates, as_of, n_buckets,
                              (7, 30, 90), 30, 12, blocksize, first_seen=mode == "rank")
    return _rfm_of_buckets(buckets, bins, mode, segment_map, "customer_id", return_edges)
