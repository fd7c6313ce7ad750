"""Customer profiles and RFM scores over segcore's C ABI.

`rfm()` is the one-call path from arrays or a DataFrame to scored customers; `Profiles` reads
a CSV file, arrays or a DataFrame into one row per customer with every feature
(docs/PROFILES.md); `ProfileStore` applies events one at a time and gives the same table.
"""
import ctypes
import os
import warnings

import numpy as np

from . import _capi, _columns, _frames, _native, _persist
from ._errors import InvalidArgumentError
from ._ingest import Rows
from ._native import lib

_P, _S, _I32, _I64, _U64, _D = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32, ctypes.c_int64, ctypes.c_uint64, ctypes.c_double
_STRS = ctypes.POINTER(ctypes.c_char_p)


def _descriptor(source):
    """The descriptor to read when source is an int or a file object; None for a path."""
    if isinstance(source, bool):
        raise TypeError("the CSV source is a path, a descriptor or a binary file object, not a bool")
    if isinstance(source, int):
        return source
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        return None
    if hasattr(source, "fileno"):
        if hasattr(source, "flush"):
            source.flush()
        return source.fileno()
    raise TypeError(f"the CSV source is a path, a descriptor or a binary file object with fileno(), "
                    f"not {type(source).__name__}")


_c = _native.checked
_CSV_DEFAULTS = _native.options("segcore_csv_options_init")
_PROFILE_DEFAULTS = _native.options("segcore_profile_options_init")
_RFM_DEFAULTS = _native.options("segcore_rfm_options_init")
_Rule = _capi.segcore_segment_rule
_read_csv = _c("segcore_events_read_csv", long=True)
_read_csv_fd = _c("segcore_events_read_csv_fd", long=True)
_from_arrays = _c("segcore_events_from_arrays")
_report_text = _c("segcore_events_report_text")
_build = _c("segcore_profiles_build", long=True)
_rfm_inputs_from_csv = _c("segcore_profiles_rfm_inputs_from_csv", long=True)
_profiles_report_text = _c("segcore_profiles_report_text")
_n_customers = _c("segcore_profiles_n_customers")
_n_columns = _c("segcore_profiles_n_columns")
_as_of = _c("segcore_profiles_as_of")
_after = _c("segcore_profiles_events_after_as_of")
_col_name = _c("segcore_profiles_column_name")
_col_type = _c("segcore_profiles_column_type")
_cust_id = _c("segcore_profiles_customer_id")
_get_f64 = _c("segcore_profiles_get_f64")
_get_i64 = _c("segcore_profiles_get_i64")
_get_valid = _c("segcore_profiles_get_valid")
_get_text = _c("segcore_profiles_get_text")
_store_create = _c("segcore_profile_store_create")
_store_add = _c("segcore_profile_store_add")
_store_create_schema = _c("segcore_profile_store_create_with_schema")
_store_add_event = _c("segcore_profile_store_add_event")
_add_category = _c("segcore_events_add_category")
_add_attribute = _c("segcore_events_add_attribute")
_add_numeric = _c("segcore_events_add_numeric")
_store_erase = _c("segcore_profile_store_erase")
_store_snapshot = _c("segcore_profile_store_snapshot")
_store_merge = _c("segcore_profile_store_merge")
_store_add_events = _c("segcore_profile_store_add_events")
_from_labels = _c("segcore_events_from_labels")
_store_n_events = _c("segcore_profile_store_n_events")
_store_schema_size = _c("segcore_profile_store_schema_size")
_store_schema_name = _c("segcore_profile_store_schema_name")
_rfm_score = _c("segcore_rfm_score")
_rfm_score_map = _c("segcore_rfm_score_with_map")
_rfm_from_scores = _c("segcore_rfm_from_scores")
_rfm_scores = _c("segcore_rfm_get_scores")
_rfm_edges = _c("segcore_rfm_get_edges")
_rfm_segments = _c("segcore_rfm_get_segments")
_rfm_n_segments = _c("segcore_rfm_n_segments")
_rfm_segment_name = _c("segcore_rfm_segment_name")
_rfm_summary = _c("segcore_rfm_segment_summary")

_MODES = _native.enum("RFM")
_INGEST = _native.enum("INGEST")
_TS_FORMATS = _native.enum("TIMESTAMP")
_DUPLICATES = _native.enum("DUPLICATES")


def _string(fn, *args):
    """Calls an snprintf-style function twice: once for the length, once for the text."""
    n = _S()
    fn(*args, None, 0, ctypes.byref(n))
    buf = ctypes.create_string_buffer(n.value + 1)
    fn(*args, buf, n.value + 1, ctypes.byref(n))
    return buf.value.decode("utf-8")


def _seconds(t, name):
    """int64 epoch seconds from datetime64 (any unit, tz-aware), date texts or epoch numbers
    (an array or a scalar); a missing or unreadable time is an error."""
    return _columns.seconds(t, name)


def _codes(ids):
    """Codes in order of first appearance of already converted ids, and those ids in that order."""
    pd = _frames._pandas()  # only when already imported
    if pd is not None:  # a hash table: no sort of the ids
        codes, uniq = pd.factorize(np.asarray(ids), sort=False)
        return codes.astype(np.int64), np.asarray(uniq)
    uniq, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[inverse].astype(np.int64), uniq[order]


def _factorize(values, name):
    """Codes in order of first appearance, and the distinct values in that order: int64 when
    every value is a whole number, else texts (a missing value is the empty text)."""
    ids, missing = _columns.ids(values, name)
    if ids.dtype == object:
        ids = ids.copy()
        ids[missing] = ""
        ids = ids.astype(str)
    return _codes(ids)


def _id_codes(ids):
    """_codes of ids as _columns.ids returns them, with the distinct ids as texts: only the
    distinct ones are converted (int64 and str ids group alike as numbers or as texts)."""
    codes, uniq = _codes(ids)
    return codes, _columns.id_texts(uniq)


def _texts(values):
    """NUL-terminated UTF-8 texts as a char* array for the C ABI (the array keeps the texts
    alive) and their count. One buffer holds them all: no Python object per text."""
    texts = values.tolist() if isinstance(values, np.ndarray) and values.dtype.kind == "U" else map(str, values)
    enc = list(map(str.encode, texts))
    n = len(enc)
    blob = np.frombuffer(b"\0".join(enc) + b"\0", np.uint8)
    starts = np.zeros(max(n, 1), np.uint64)
    if n > 1:
        np.cumsum(np.fromiter(map(len, enc), np.uint64, n - 1) + np.uint64(1), out=starts[1:])
    starts += np.uint64(blob.ctypes.data)
    array = starts.ctypes.data_as(ctypes.POINTER(ctypes.c_char_p))
    array._blob = blob  # the pointer keeps starts alive; the texts must live as long
    return array, n


def _add_columns(ev, n, categories, attributes, numerics):
    """Adds the caller's extra columns ({name: array of n values}) to an event table."""
    for add, columns in ((_add_category, categories), (_add_attribute, attributes)):
        for name, values in (columns or {}).items():
            codes, labels = _factorize(values, name)
            if codes.size != n:
                raise InvalidArgumentError(f"{name!r} has {codes.size} values; {n} are needed")
            codes = np.ascontiguousarray(codes, dtype=np.uint32)
            arr, k = _texts(labels)
            add(ev, str(name).encode(), _native.pointer(codes), n, arr, k)
    for name, values in (numerics or {}).items():
        v = np.ascontiguousarray(_columns.numbers(values, name))
        if v.shape != (n,):
            raise InvalidArgumentError(f"{name!r} has {v.size} values; {n} are needed")
        _add_numeric(ev, str(name).encode(), _native.pointer(v), n)


def _csv_options(customer, timestamp, amount, quantity, price, order, categories, attributes, numerics, delimiter,
                 mode, timestamp_format, duplicates, max_reported, n_threads):
    """segcore_csv_options from Profiles.from_csv's arguments, and the arrays it points into
    (keep them alive as long as the options)."""
    o = _native.options("segcore_csv_options_init")
    enc = lambda s: None if s is None else str(s).encode()  # noqa: E731
    o.customer_col, o.timestamp_col = enc(customer), enc(timestamp)
    o.amount_col = None if quantity is not None else enc(amount)
    o.quantity_col, o.price_col, o.order_col = enc(quantity), enc(price), enc(order)
    keep = []
    for field, names in (("category_cols", categories), ("attribute_cols", attributes),
                         ("numeric_cols", numerics)):
        arr = (ctypes.c_char_p * max(len(names), 1))(*[enc(x) for x in names])
        keep.append(arr)
        setattr(o, field, ctypes.cast(arr, _STRS))
        setattr(o, "n_" + field, len(names))
    if len(delimiter.encode()) != 1:
        raise InvalidArgumentError(f"delimiter is {delimiter!r}; use one byte")
    o.delimiter = delimiter.encode()[0]
    o.mode = _native.choice(mode, _INGEST, "mode")
    o.timestamp_format = _native.choice(timestamp_format, _TS_FORMATS, "timestamp_format")
    o.duplicates = _native.choice(duplicates, _DUPLICATES, "duplicates")
    o.n_threads = 0 if n_threads is None else int(n_threads)
    o.max_reported = int(max_reported)
    return o, keep


def _profile_options(as_of, windows, velocity_days, trend_weeks, n_threads):
    o = _native.options("segcore_profile_options_init")
    if as_of is not None:
        o.as_of, o.has_as_of = int(_seconds(as_of, "as_of")), 1
    o.n_threads = 0 if n_threads is None else int(n_threads)
    o.velocity_days, o.trend_weeks = int(velocity_days), int(trend_weeks)
    keep = None
    if windows is not None:
        keep = (_I32 * len(windows))(*[int(w) for w in windows])
        o.window_days, o.n_windows = keep, len(windows)
    return o, keep


class _Handle(_native.Unshareable):
    _destroy = None

    def __del__(self):
        _native.release(self, getattr(lib, self._destroy))


class RfmResult(_Handle):
    """Scores per customer, the edges used, segment names and the segment summary."""
    _destroy = "segcore_rfm_destroy"

    def __init__(self, handle, n):
        self._handle = handle
        self.r_score, self.f_score, self.m_score = (np.zeros(n, np.int32) for _ in range(3))
        _rfm_scores(handle, _native.pointer(self.r_score), _native.pointer(self.f_score),
                    _native.pointer(self.m_score), n)
        codes = np.zeros(n, np.int32)
        _rfm_segments(handle, _native.pointer(codes), n)
        k = _S()
        _rfm_n_segments(handle, ctypes.byref(k))
        self.segment_names = [_string(_rfm_segment_name, handle, j) for j in range(k.value)]
        self.segment = np.array(self.segment_names, dtype=object)[codes].astype(str) if n else np.array([], str)
        self.segment_code = codes
        m = 99
        edges = [np.zeros(m) for _ in range(3)]
        _rfm_edges(handle, *(_native.pointer(e) for e in edges), m)
        self._edges = edges
        self.summary = []
        for j in range(k.value):
            s = _capi.segcore_segment_summary()
            s.struct_size = ctypes.sizeof(s)
            _rfm_summary(handle, j, ctypes.byref(s))
            self.summary.append({"segment": self.segment_names[j], "customers": s.customers,
                                 "orders": s.orders, "revenue": s.revenue,
                                 "avg_order_value": s.avg_order_value,
                                 "median_recency_days": s.median_recency_days,
                                 "median_frequency": s.median_frequency,
                                 "median_monetary": s.median_monetary})

    def edges(self, bins):
        """(recency, frequency, monetary) edges: bins - 1 values each."""
        return tuple(e[: bins - 1].copy() for e in self._edges)


def _segments_from_scores(r, f, m, bins, segment_map=None):
    """Each customer's segment name for scores computed elsewhere (0, 0, 0: no purchase), as
    Profiles.rfm names them; segment_map as there."""
    r, f, m = (np.ascontiguousarray(a, dtype=np.int32) for a in (r, f, m))
    rules, grid, fallback = segment_map if segment_map is not None else ((), 5, None)
    arr = None if segment_map is None else (_Rule * max(len(rules), 1))(*[_Rule(x[0].encode(), *x[1:]) for x in rules])
    h = _P()
    _rfm_from_scores(ctypes.byref(h), _native.pointer(r), _native.pointer(f), _native.pointer(m), r.size,
                     int(bins), arr, len(rules), int(grid), None if fallback is None else fallback.encode())
    try:
        codes = np.zeros(r.size, np.int32)
        _rfm_segments(h, _native.pointer(codes), r.size)
        k = _S()
        _rfm_n_segments(h, ctypes.byref(k))
        names = [_string(_rfm_segment_name, h, j) for j in range(k.value)]
    finally:
        _native.function("segcore_rfm_destroy")(h)
    return np.array(names, dtype=object)[codes]


class Profiles(_Handle):
    """One row per customer (order of first appearance) with the features of docs/PROFILES.md."""
    _destroy = "segcore_profiles_destroy"

    def __init__(self, handle, report=""):
        self._handle = handle
        n, k, t, after = _S(), _S(), _I64(), _U64()
        _n_customers(handle, ctypes.byref(n))
        _n_columns(handle, ctypes.byref(k))
        _as_of(handle, ctypes.byref(t))
        _after(handle, ctypes.byref(after))
        self.n_customers, self.as_of, self.events_after_as_of = n.value, t.value, after.value
        self.columns = [_string(_col_name, handle, j) for j in range(k.value)]
        self._types = []
        for j in range(k.value):
            ty = _I32()
            _col_type(handle, j, ctypes.byref(ty))
            self._types.append(ty.value)
        self.report = report
        self._skipped = ""
        self.opted_out = None  # {"customers", "rows"} removed by an opt-out list
        self._ids = None

    @classmethod
    def from_csv(cls, path, *, customer=_CSV_DEFAULTS.customer_col.decode(),
                 timestamp=_CSV_DEFAULTS.timestamp_col.decode(), amount=_CSV_DEFAULTS.amount_col.decode(),
                 quantity=None, price=None, order=None, categories=(), attributes=(), numerics=(),
                 delimiter=chr(_CSV_DEFAULTS.delimiter), mode=_native.enum_name("INGEST", _CSV_DEFAULTS.mode),
                 timestamp_format=_native.enum_name("TIMESTAMP", _CSV_DEFAULTS.timestamp_format),
                 duplicates=_native.enum_name("DUPLICATES", _CSV_DEFAULTS.duplicates),
                 max_reported=_CSV_DEFAULTS.max_reported, as_of=None, windows=(7, 30, 90),
                 velocity_days=_PROFILE_DEFAULTS.velocity_days, trend_weeks=_PROFILE_DEFAULTS.trend_weeks,
                 n_threads=_PROFILE_DEFAULTS.n_threads, opt_out=None):
        """path: a file path ("-" for standard input, a pipe or FIFO; gzip or zstd compressed
        files are decompressed), an open file descriptor (int), or a binary file object with a
        descriptor (``sys.stdin.buffer``, a pipe from ``subprocess``): a pipe is read from
        where it stands to its end, a regular file whole.
        opt_out: customer ids (as in the file) left out of everything, or a path to a file
        of them (one per line); the counts removed are in .opted_out (docs/PRIVACY.md)."""
        o, _keep = _csv_options(customer, timestamp, amount, quantity, price, order, categories, attributes, numerics,
                                delimiter, mode, timestamp_format, duplicates, max_reported, n_threads)
        ev = _P()
        fd = _descriptor(path)
        if fd is None:
            _read_csv(ctypes.byref(ev), os.fsencode(path), ctypes.byref(o))
        else:
            _read_csv_fd(ctypes.byref(ev), fd, ctypes.byref(o))
        try:
            report = _string(_report_text, ev)
            opted_out = None
            if opt_out is not None:
                from .privacy import exclude_customers, read_opt_out
                ids = read_opt_out(opt_out) if isinstance(opt_out, (str, bytes)) or hasattr(opt_out, "__fspath__") \
                    else opt_out
                customers, rows = exclude_customers(ev, ids)
                opted_out = {"customers": customers, "rows": rows}
            po, _keep = _profile_options(as_of, windows, velocity_days, trend_weeks, n_threads)
            h = _P()
            _build(ctypes.byref(h), ev, ctypes.byref(po))
        finally:
            lib.segcore_events_destroy(ev)
        p = cls(h, report)
        p.opted_out = opted_out
        return p

    @classmethod
    def rfm_inputs_from_csv(cls, path, *, customer=_CSV_DEFAULTS.customer_col.decode(),
                            timestamp=_CSV_DEFAULTS.timestamp_col.decode(), amount=_CSV_DEFAULTS.amount_col.decode(),
                            quantity=None, price=None, delimiter=chr(_CSV_DEFAULTS.delimiter),
                            mode=_native.enum_name("INGEST", _CSV_DEFAULTS.mode),
                            timestamp_format=_native.enum_name("TIMESTAMP", _CSV_DEFAULTS.timestamp_format),
                            max_reported=_CSV_DEFAULTS.max_reported, as_of=None, n_threads=_CSV_DEFAULTS.n_threads,
                            window_bytes=64 << 20):
        """What .rfm() reads (recency_days, frequency, monetary), straight from a CSV file with
        memory for its customers, not its rows: a regular file is parsed window_bytes at a time
        and each window folded into per-customer sums. The values equal from_csv's with
        duplicates="ignore", bit for bit, and .report is from_csv's report. Every row is an
        order, so no order, category, attribute or numeric column is taken, and exact
        duplicates are not looked for (that needs every row). Standard input ("-"), pipes and
        compressed files are read whole first. path: a file path."""
        if _descriptor(path) is not None:
            raise TypeError("rfm_inputs_from_csv reads a path; use from_csv for descriptors and file objects")
        if int(window_bytes) < 1:
            raise InvalidArgumentError(f"window_bytes is {window_bytes}; give a size of at least 1 byte")
        o, _keep = _csv_options(customer, timestamp, amount, quantity, price, None, (), (), (), delimiter, mode,
                                timestamp_format, "ignore", max_reported, n_threads)
        seconds = 0 if as_of is None else int(_seconds(as_of, "as_of"))
        h = _P()
        _rfm_inputs_from_csv(ctypes.byref(h), os.fsencode(path), ctypes.byref(o), seconds, as_of is not None,
                             int(window_bytes))
        p = cls(h)
        p.report = _string(_profiles_report_text, h)
        return p

    @classmethod
    def from_arrays(cls, customer_id, timestamp, amount, order_id=None, *, categories=None,
                    attributes=None, numerics=None, as_of=None, windows=(7, 30, 90),
                    velocity_days=_PROFILE_DEFAULTS.velocity_days, trend_weeks=_PROFILE_DEFAULTS.trend_weeks,
                    n_threads=_PROFILE_DEFAULTS.n_threads, opt_out=None,
                    mode=_native.enum_name("INGEST", _CSV_DEFAULTS.mode), max_reported=_CSV_DEFAULTS.max_reported,
                    _names=("customer_id", "timestamp", "amount", "order_id")):
        """customer_id, order_id: integers, whole numbers (14646.0 is customer 14646) or texts,
        numpy or pandas (categorical too). timestamp: datetime64 of any unit (tz-aware: its UTC
        instant), date texts or epoch seconds. categories, attributes: {name: array} of texts
        or integers, one per event; categories are counted per customer and value (columns
        "<name>=<value>"), attributes carried (the latest value). numerics: {name: float
        array}, NaN = missing, carried likewise. As the CSV reader's columns of the same names.
        mode: "strict" refuses a row without a customer id, order id or readable time, naming
        it; "lenient" skips such rows (and NaN or out-of-range amounts), counted in .report as
        from_csv counts them. opt_out: customer ids (compared as text) or a file of them, whose
        rows are left out of everything."""
        lenient = _native.choice(mode, _INGEST, "mode") == _INGEST["lenient"]
        rows = Rows(customer_id, timestamp, amount, order_id, names=_names, strict=not lenient,
                    max_reported=max_reported)
        # The extra columns keep the rows the checks and the opt-out list keep (a pandas
        # column by position, keeping its dtype).
        extra = [dict(cols or {}) for cols in (categories, attributes, numerics)]

        def keep_rows(keep):
            for cols in extra:
                for k, v in cols.items():
                    cols[k] = v.iloc[keep] if hasattr(v, "iloc") else np.asarray(v)[keep]

        if not rows.keep.all():
            keep_rows(rows.keep)
        opted_out = None
        if opt_out is not None:
            from .privacy import opt_out_mask
            keep, opted_out = opt_out_mask(rows.customer, opt_out)
            rows.customer, rows.seconds, rows.amount = rows.customer[keep], rows.seconds[keep], rows.amount[keep]
            rows.order = None if rows.order is None else rows.order[keep]
            keep_rows(keep)
        categories, attributes, numerics = extra
        codes, ids = _codes(rows.customer if rows.customer.dtype != object else rows.customer.astype(str))
        ts = np.ascontiguousarray(rows.seconds, dtype=np.int64)
        amt = np.ascontiguousarray(rows.amount, dtype=np.float64)
        n = codes.size
        orders = None
        if rows.order is not None:
            orders, _ = _codes(rows.order if rows.order.dtype != object else rows.order.astype(str))
        ev = _P()
        _from_arrays(ctypes.byref(ev), _native.pointer(codes), _native.pointer(ts), _native.pointer(amt),
                     None if orders is None else _native.pointer(orders), n)
        try:
            _add_columns(ev, n, categories, attributes, numerics)
            po, _keep = _profile_options(as_of, windows, velocity_days, trend_weeks, n_threads)
            h = _P()
            _build(ctypes.byref(h), ev, ctypes.byref(po))
        finally:
            lib.segcore_events_destroy(ev)
        p = cls(h, rows.report)
        p._ids, p._skipped = ids, rows.skipped
        p.opted_out = opted_out
        return p

    @classmethod
    def from_pandas(cls, df, *, customer_id_col=_CSV_DEFAULTS.customer_col.decode(),
                    timestamp_col=_CSV_DEFAULTS.timestamp_col.decode(), amount_col=_CSV_DEFAULTS.amount_col.decode(),
                    order_id_col=None, quantity_col=None, price_col=None, category_cols=(), attribute_cols=(),
                    numeric_cols=(), **options):
        """Profiles from a DataFrame of events, its columns named as from_csv's: amount_col, or
        quantity_col and price_col (amount = quantity * price, as the CSV reader computes it).
        The other options are from_arrays' (mode, as_of, windows, opt_out, ...); to_pandas()
        gives the table back indexed by customer_id_col."""
        cols = _event_columns(df, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col, price_col)
        extra = [{c: _frames.column(df, c, kind) for c in names}
                 for names, kind in ((category_cols, "category_cols"), (attribute_cols, "attribute_cols"),
                                     (numeric_cols, "numeric_cols"))]
        p = cls.from_arrays(*cols, categories=extra[0], attributes=extra[1], numerics=extra[2],
                            _names=_event_names(customer_id_col, timestamp_col, amount_col, order_id_col,
                                                quantity_col, price_col), **options)
        p._id_name = str(customer_id_col)
        return p

    def to_pandas(self):
        """The table as a DataFrame indexed by customer (named as the id column given to
        from_pandas, else "customer_id"): float columns with NaN for missing values, integer
        columns as pandas' nullable Int64 where a value is missing, timestamps as datetime64
        (NaT), texts as objects (None)."""
        pd = _frames.require("Profiles.to_pandas")
        data = {}
        for name, ty in zip(self.columns, self._types):
            values = self.column(name)
            if ty != _capi.SEGCORE_COLUMN_F64:
                valid = self.valid(name)
                if not valid.all():
                    if ty == _capi.SEGCORE_COLUMN_I64:
                        values = pd.array(np.where(valid, values, 0), dtype="Int64")
                        values[~valid] = pd.NA
                    elif ty == _capi.SEGCORE_COLUMN_TIMESTAMP:
                        values = np.where(valid, values, np.datetime64("NaT"))
                    else:
                        values = np.where(valid, values.astype(object), None)
            data[name] = values
        ids = self.customer_id
        return pd.DataFrame(data, index=pd.Index(ids, name=getattr(self, "_id_name", None) or "customer_id"),
                            columns=self.columns)

    @property
    def customer_id(self):
        if self._ids is None:
            self._ids = np.array([_string(_cust_id, self._handle, i) for i in range(self.n_customers)], dtype=str)
        return self._ids

    def valid(self, name):
        out = np.zeros(self.n_customers, np.uint8)
        _get_valid(self._handle, name.encode(), _native.pointer(out), out.size)
        return out.astype(bool)

    def column(self, name):
        """float64 (NaN = missing), int64, datetime64[s] or str array."""
        if name not in self.columns:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self.columns)}")
        ty = self._types[self.columns.index(name)]
        n = self.n_customers
        if ty == _capi.SEGCORE_COLUMN_F64:
            out = np.zeros(n)
            _get_f64(self._handle, name.encode(), _native.pointer(out), n)
            return out
        if ty in (_capi.SEGCORE_COLUMN_I64, _capi.SEGCORE_COLUMN_TIMESTAMP):
            out = np.zeros(n, np.int64)
            _get_i64(self._handle, name.encode(), _native.pointer(out), n)
            return out.astype("datetime64[s]") if ty == _capi.SEGCORE_COLUMN_TIMESTAMP else out
        return np.array([_string(_get_text, self._handle, name.encode(), i) for i in range(n)], dtype=str)

    def to_dict(self):
        d = {"customer_id": self.customer_id}
        d.update({c: self.column(c) for c in self.columns})
        return d

    def rfm(self, bins=_RFM_DEFAULTS.bins, mode=_native.enum_name("RFM", _RFM_DEFAULTS.mode), edges=None, segment_map=None):
        """Scores; edges=(recency, frequency, monetary) for mode="fixed"; segment_map is
        (rules, grid, fallback) with rules [(name, r_min, r_max, f_min, f_max), ...]."""
        o = _native.options("segcore_rfm_options_init")
        o.bins, o.mode = int(bins), _native.choice(mode, _MODES, "mode")
        keep = []
        if edges is not None:
            arrays = [np.ascontiguousarray(e, dtype=np.float64) for e in edges]
            if len(arrays) != 3 or len({a.size for a in arrays}) != 1:
                raise InvalidArgumentError("edges must be three sequences of bins - 1 values")
            keep = arrays
            o.recency_edges, o.frequency_edges, o.monetary_edges = (
                a.ctypes.data_as(ctypes.POINTER(_D)) for a in arrays)
            o.n_edges = arrays[0].size
        h = _P()
        if segment_map is None:
            _rfm_score(ctypes.byref(h), self._handle, ctypes.byref(o))
        else:
            rules, grid, fallback = segment_map
            arr = (_Rule * max(len(rules), 1))(*[_Rule(r[0].encode(), *r[1:]) for r in rules])
            _rfm_score_map(ctypes.byref(h), self._handle, ctypes.byref(o), arr, len(rules), int(grid),
                           None if fallback is None else fallback.encode())
        del keep
        return RfmResult(h, self.n_customers)


class ProfileStore(_persist.Persistent, _Handle):
    """Applies events one at a time (any order); snapshot() gives the batch path's table.

    categories, attributes, numerics: the names of the extra columns each event carries
    (counted, carried as text, carried as numbers), as in Profiles.from_csv.

    A store is a partial state: merge() adds another store's content as if its events had
    come after this store's own, and save/load, to_bytes/from_bytes and pickle carry the whole
    state (a checkpoint, or a partial result sent between processes).
    """
    _destroy = "segcore_profile_store_destroy"
    _c_prefix = "segcore_profile_store"
    __reduce_ex__ = object.__reduce_ex__  # pickles through its bytes (Persistent), unlike other handles
    _guess_image_size = True  # its image is large and built whole to be measured

    def _restore(self):
        def names(which):
            n = _S()
            _store_schema_size(self._handle, which, ctypes.byref(n))
            return tuple(_string(_store_schema_name, self._handle, which, j) for j in range(n.value))
        self.categories = names(_capi.SEGCORE_SCHEMA_CATEGORY)
        self.attributes = names(_capi.SEGCORE_SCHEMA_ATTRIBUTE)
        self.numerics = names(_capi.SEGCORE_SCHEMA_NUMERIC)
        return self

    def merge(self, other):
        """Adds everything `other` holds, as if its events had been added after this store's
        own; stores of a stream's consecutive slices, merged in order, equal the whole stream's
        store. Returns self. InvalidArgumentError when the schemas differ."""
        if not isinstance(other, ProfileStore):
            raise InvalidArgumentError(f"merge: other is a {type(other).__name__}, not a ProfileStore")
        _store_merge(self._handle, other._handle)
        return self

    def _add_labelled(self, customer, customer_labels, seconds, amount, order=None, order_labels=None):
        """Applies checked rows whose ids are codes into label arrays made by _texts (labels no
        row uses are ignored), all or none."""
        cust = np.ascontiguousarray(customer, dtype=np.uint32)
        ts = np.ascontiguousarray(seconds, dtype=np.int64)
        amt = np.ascontiguousarray(amount, dtype=np.float64)
        order = None if order is None else np.ascontiguousarray(order, dtype=np.uint32)
        ev = _P()
        _from_labels(ctypes.byref(ev), _native.pointer(cust), customer_labels[0], customer_labels[1],
                     _native.pointer(ts), _native.pointer(amt), None if order is None else _native.pointer(order),
                     None if order is None else order_labels[0], 0 if order is None else order_labels[1], cust.size)
        try:
            _store_add_events(self._handle, ev)
        finally:
            lib.segcore_events_destroy(ev)
        return self

    def add_events(self, customer_id, timestamp, amount, order_id=None):
        """Applies many events at once, in row order, all or none (a store without extra
        columns). Ids of any kind (whole numbers, texts) are keyed by their text, as add()
        keys them; rows are checked as Profiles.from_arrays checks them in strict mode."""
        if self.categories or self.attributes or self.numerics:
            raise InvalidArgumentError("add_events: the store has category, attribute or numeric columns; use add()")
        rows = Rows(customer_id, timestamp, amount, order_id, strict=True)
        if rows.customer.size == 0:
            return self
        cust, cust_labels = _id_codes(rows.customer)
        order = order_labels = None
        if rows.order is not None:
            order, order_labels = _id_codes(rows.order)
        self._add_labelled(cust, _texts(cust_labels), rows.seconds, rows.amount, order,
                           None if order_labels is None else _texts(order_labels))
        return self

    @property
    def n_events(self):
        """Events applied (merged ones included)."""
        n = _U64()
        _store_n_events(self._handle, ctypes.byref(n))
        return n.value

    def __init__(self, *, categories=(), attributes=(), numerics=(), windows=(7, 30, 90),
                 velocity_days=_PROFILE_DEFAULTS.velocity_days, trend_weeks=_PROFILE_DEFAULTS.trend_weeks,
                 n_threads=_PROFILE_DEFAULTS.n_threads):
        po, _keep = _profile_options(None, windows, velocity_days, trend_weeks, n_threads)
        self.categories, self.attributes, self.numerics = (
            tuple(str(x) for x in names) for names in (categories, attributes, numerics))
        h = _P()
        lists = [_texts(names) for names in (self.categories, self.attributes, self.numerics)]
        _store_create_schema(ctypes.byref(h), ctypes.byref(po), *(x for pair in lists for x in pair))
        self._handle = h

    def _values(self, given, names, what):
        """The event's values in schema order, from a dict by name or a sequence."""
        if given is None:
            given = ()
        if isinstance(given, dict):
            unknown = set(given) - set(names)
            if unknown:
                raise InvalidArgumentError(f"{what}: no column {sorted(unknown)[0]!r} in the store "
                                           f"(columns: {', '.join(names) or 'none'})")
            missing = [k for k in names if k not in given]
            if missing:
                raise InvalidArgumentError(f"{what}: no value for {missing[0]!r}")
            given = [given[k] for k in names]
        given = list(given)
        if len(given) != len(names):
            raise InvalidArgumentError(f"{what}: {len(given)} values for {len(names)} columns")
        return given

    def add(self, customer, timestamp, amount, order=None, *, categories=None, attributes=None,
            numerics=None):
        """Applies one event. categories, attributes, numerics: the event's values for the
        store's columns, as a {name: value} dict or a sequence in the store's order."""
        ts = int(_seconds(timestamp, "timestamp"))
        o = None if order is None else str(order).encode()
        if not (self.categories or self.attributes or self.numerics):
            if categories or attributes or numerics:
                raise InvalidArgumentError("the store has no category, attribute or numeric columns")
            _store_add(self._handle, _columns.id_text(customer).encode(), ts, float(amount), o)
            return
        cats = _texts(self._values(categories, self.categories, "categories"))
        atts = _texts(self._values(attributes, self.attributes, "attributes"))
        nums = self._values(numerics, self.numerics, "numerics")
        num_arr = (_D * max(len(nums), 1))(*[float("nan") if v is None else float(v) for v in nums])
        _store_add_event(self._handle, _columns.id_text(customer).encode(), ts, float(amount), o, cats[0], cats[1],
                         atts[0], atts[1], num_arr, len(nums))

    def erase(self, customer):
        """Removes the customer and everything the store keeps about them; later snapshots
        equal a store that never saw their events. Returns {"events", "orders", "values"}
        (values: category and attribute values no remaining customer holds). NotFoundError for
        a customer the store does not hold."""
        events, orders, values = _U64(), _U64(), _U64()
        _store_erase(self._handle, _columns.id_text(customer).encode(), ctypes.byref(events), ctypes.byref(orders),
                     ctypes.byref(values))
        return {"events": events.value, "orders": orders.value, "values": values.value}

    def snapshot(self, as_of=None):
        h = _P()
        if as_of is None:
            _store_snapshot(self._handle, ctypes.byref(h), 0, 0)
        else:
            _store_snapshot(self._handle, ctypes.byref(h), int(_seconds(as_of, "as_of")), 1)
        return Profiles(h)


def _event_names(customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col, price_col):
    amount = f"{quantity_col} * {price_col}" if quantity_col is not None else amount_col
    return (str(customer_id_col), str(timestamp_col), str(amount), str(order_id_col))


def _event_columns(df, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col, price_col):
    """(customer_id, timestamp, amount, order_id) of a DataFrame of events; amount is
    quantity * price when quantity_col is given (then price_col is needed and amount_col unused)."""
    if (quantity_col is None) != (price_col is None):
        raise InvalidArgumentError("give quantity_col and price_col together (amount = quantity * price)")
    c = _frames.columns(df, {"customer": (customer_id_col, "customer_id_col"), "time": (timestamp_col, "timestamp_col"),
                             "order": (order_id_col, "order_id_col")})
    if quantity_col is not None:
        q = _frames.column(df, quantity_col, "quantity_col")
        amount = (np.asarray(q, dtype=np.float64) *
                  np.asarray(_frames.column(df, price_col, "price_col"), dtype=np.float64))
    else:
        amount = _frames.column(df, amount_col, "amount_col")
    return c["customer"], c["time"], amount, c["order"]


def rfm(customer_id, timestamp=None, amount=None, order_id=None, as_of=None, bins=_RFM_DEFAULTS.bins,
        mode=_native.enum_name("RFM", _RFM_DEFAULTS.mode), n_threads=_RFM_DEFAULTS.n_threads, opt_out=None, *,
        customer_id_col=_CSV_DEFAULTS.customer_col.decode(), timestamp_col=_CSV_DEFAULTS.timestamp_col.decode(),
        amount_col=_CSV_DEFAULTS.amount_col.decode(), order_id_col=None, quantity_col=None, price_col=None,
        ingest=_native.enum_name("INGEST", _CSV_DEFAULTS.mode)):
    """RFM per customer from arrays or a DataFrame; one entry per customer in order of first
    appearance.

    Arrays: customer_id, order_id: integers, whole numbers (14646.0) or texts; timestamp:
    datetime64 (any unit, tz-aware), date texts or epoch seconds. Returns a dict of arrays.
    A DataFrame as the first argument: its columns are named by customer_id_col,
    timestamp_col, amount_col (or quantity_col and price_col) and order_id_col, and the
    result is a DataFrame indexed by customer (the index named as customer_id_col).
    as_of: default the latest timestamp + 1 day; events after it are excluded (with a
    warning). recency_days is NaN (and the scores 0, segment "No Purchase") for customers
    without an order of positive total. opt_out: customer ids (or a file of them) left out.
    ingest: "strict" refuses an event without a customer id, order id or readable time;
    "lenient" skips it (and NaN amounts) with a warning that counts them.
    """
    frame = _frames.is_frame(customer_id)
    if frame:
        if timestamp is not None or amount is not None:
            raise InvalidArgumentError("with a DataFrame, name its columns (timestamp_col=, amount_col=) "
                                       "instead of passing arrays")
        names = _event_names(customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col, price_col)
        customer_id, timestamp, amount, order_id = _event_columns(
            customer_id, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col, price_col)
    else:
        if timestamp is None or amount is None:
            raise InvalidArgumentError("pass customer_id, timestamp and amount arrays, or a DataFrame first")
        names = ("customer_id", "timestamp", "amount", "order_id")
    p = Profiles.from_arrays(customer_id, timestamp, amount, order_id, as_of=as_of, n_threads=n_threads,
                             opt_out=opt_out, mode=ingest, _names=names)
    if p._skipped:
        warnings.warn(f"segcore.rfm: {p._skipped}; ingest='lenient'", stacklevel=2)
    if p.events_after_as_of:
        warnings.warn(f"segcore.rfm: {p.events_after_as_of} events after as_of were excluded", stacklevel=2)
    r = p.rfm(bins=bins, mode=mode)
    recency = p.column("recency_days").astype(np.float64)
    recency[~p.valid("recency_days")] = np.nan
    out = {"customer_id": p.customer_id, "recency_days": recency,
           "frequency": p.column("frequency"), "monetary": p.column("monetary"),
           "r_score": r.r_score, "f_score": r.f_score, "m_score": r.m_score,
           "segment": r.segment}
    if frame:
        return _frames.indexed({k: v for k, v in out.items() if k != "customer_id"}, out["customer_id"],
                               str(customer_id_col))
    return out
