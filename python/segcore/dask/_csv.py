"""Profiles of CSV files on a Dask cluster, each file read by segcore's own reader inside a
worker: a file's events are split by customer (segcore_events_split) into one profile store
per bucket, and from there the path is segcore.dask.profiles' own (stores merged per bucket in
file order, one snapshot per bucket). The reader parses times and numbers in C on the worker,
so no DataFrame of events is ever built."""
import ctypes
import glob
import os

from .._errors import InvalidArgumentError
from .._native import lib
from ..rfm import _CSV_DEFAULTS, _P, ProfileStore, _c, _csv_options, _read_csv, _store_add_events
from ._profiles import _buckets_of_parts

_split = _c("segcore_events_split")
_latest_event = _c("segcore_profile_store_latest_event")


def _paths(paths):
    """A list of files from a path, a glob pattern or a sequence of either, in order."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    found = []
    for p in paths:
        p = os.fsdecode(p)
        matches = sorted(glob.glob(p)) if glob.has_magic(p) else [p]
        if not matches:
            raise InvalidArgumentError(f"segcore.dask.profiles_from_csv: no file matches {p!r}")
        found.extend(matches)
    if not found:
        raise InvalidArgumentError("segcore.dask.profiles_from_csv: no files given")
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
    lines = text.strip().splitlines()
    if len(lines) != 1 or any(line.strip() for line in lines[1:]):
        return False
    header = lines[0].decode("utf-8", "replace").lstrip("\ufeff").split(csv_args["delimiter"])
    names = {h.strip().strip('"') for h in header}
    wanted = [csv_args[k] for k in ("customer", "timestamp", "amount", "quantity", "price", "order")
              if csv_args[k] is not None and not (k == "amount" and csv_args["quantity"] is not None)]
    wanted += list(csv_args["attributes"]) + list(csv_args["numerics"])
    return all(str(w) in names for w in wanted)


def _file_stores(path, csv_args, n_buckets, store_options):
    """One file's events as n_buckets store images, and its latest event time (or None)."""
    if _header_only(path, csv_args):
        return [ProfileStore(**store_options).to_bytes() for _ in range(n_buckets)], None
    options, _keep = _csv_options(**csv_args)
    events = _P()
    _read_csv(ctypes.byref(events), os.fsencode(path), ctypes.byref(options))
    parts = (_P * n_buckets)()
    try:
        _split(events, n_buckets, parts)
    finally:
        lib.segcore_events_destroy(events)
    stores = [ProfileStore(**store_options) for _ in range(n_buckets)]
    try:
        for store, part in zip(stores, parts):
            _store_add_events(store._handle, part)
    finally:
        for part in parts:
            lib.segcore_events_destroy(part)
    latest = None
    for store in stores:
        if store.n_events:
            t = ctypes.c_int64()
            _latest_event(store._handle, ctypes.byref(t))
            latest = t.value if latest is None else max(latest, t.value)
    return [s.to_bytes() for s in stores], latest


def profiles_from_csv(paths, *, customer_id_col=_CSV_DEFAULTS.customer_col.decode(),
                      timestamp_col=_CSV_DEFAULTS.timestamp_col.decode(), amount_col=_CSV_DEFAULTS.amount_col.decode(),
                      order_id_col=None, quantity_col=None, price_col=None, attributes=(), numerics=(),
                      delimiter=",", timestamp_format="auto", duplicates="report", as_of=None, n_buckets=None,
                      windows=(7, 30, 90), velocity_days=30, trend_weeks=12):
    """Customer profiles of CSV files (a path, a glob pattern, or a list of them; each file with
    its own header), read by segcore's reader, one task per file, as a Dask DataFrame indexed
    by customer id (text, named "customer_id", as Profiles.from_csv gives it). The values equal Profiles.from_csv on
    the files' rows concatenated in the order given (patterns sorted by name).

    Every worker must see the paths (a shared file system). A file of a header alone is a part
    with no rows (the reader refuses one given alone). Rows are read strictly: the first
    bad row fails the computation naming its file, line and column. attributes, numerics: extra
    columns carried per customer, as Profiles.from_csv takes them (category counts, whose
    columns depend on the values found, are not taken yet). duplicates: "report" (repeated
    records are kept, as Profiles.from_csv keeps them) or "ignore"; "drop" is refused, since
    each file is read alone and repeats across files would stay. n_buckets: output partitions
    (default: the number of files)."""
    import dask
    import dask.dataframe as dd
    files = _paths(paths)
    if duplicates == "drop":  # each file is read by its own task: repeats across files would stay
        raise InvalidArgumentError("segcore.dask.profiles_from_csv: duplicates='drop' would drop repeats within "
                                   "each file only; drop them before, or use 'report' or 'ignore'")
    n_buckets = int(len(files) if n_buckets is None else n_buckets)
    if n_buckets < 1:
        raise InvalidArgumentError(f"segcore.dask.profiles_from_csv: n_buckets is {n_buckets}; use 1 or more")
    csv_args = dict(customer=customer_id_col, timestamp=timestamp_col, amount=amount_col, quantity=quantity_col,
                    price=price_col, order=order_id_col, categories=(), attributes=tuple(attributes),
                    numerics=tuple(numerics), delimiter=delimiter, mode="strict", timestamp_format=timestamp_format,
                    duplicates=duplicates, max_reported=_CSV_DEFAULTS.max_reported, n_threads=1)
    _csv_options(**csv_args)  # bad options fail here, before any task runs
    store_options = {"attributes": tuple(attributes), "numerics": tuple(numerics),
                     "windows": tuple(windows), "velocity_days": velocity_days, "trend_weeks": trend_weeks}
    parts = [dask.delayed(_file_stores, nout=2)(f, csv_args, n_buckets, store_options) for f in files]
    buckets, meta = _buckets_of_parts(parts, n_buckets, as_of, "customer_id", False, store_options,
                                      where="segcore.dask.profiles_from_csv")
    return dd.from_delayed(buckets, meta=meta, verify_meta=False)
