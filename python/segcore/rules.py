"""Rules and segment sets over segcore's C ABI (docs/RULES.md).

A rule compiles once against a schema (a `Profiles` table, or a dict / DataFrame of columns)
and then evaluates over any data with those columns:

    r = Rule("recency_days <= 30 and frequency >= 3", profiles)
    mask = r.evaluate(profiles)            # numpy bool array
    r.evaluate_one({"recency_days": 12, "frequency": 4})   # True / False / None (unknown)
    print(r.explain(profiles, 0))

Columns from Python: float arrays are numbers (NaN is missing), integer and bool arrays are
integers, datetime64 arrays are timestamps (NaT is missing), str / object arrays are text
(None is missing). A pandas DataFrame works like a dict of its columns (categorical, nullable
and tz-aware columns included, pandas' NA is missing), and results over a DataFrame are a
Series or DataFrame on its index: over Profiles.to_pandas(), indexed by customer.
"""
import ctypes
import math

import numpy as np

from . import _capi, _columns, _frames, _native
from ._errors import InvalidArgumentError
from ._native import lib
from ._persist import Persistent
from .rfm import Profiles, _seconds, _string

_P, _S, _I32, _U8, _D = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32, ctypes.c_uint8, ctypes.c_double
_F64, _I64 = _capi.SEGCORE_COLUMN_F64, _capi.SEGCORE_COLUMN_I64
_TIMESTAMP, _TEXT = _capi.SEGCORE_COLUMN_TIMESTAMP, _capi.SEGCORE_COLUMN_TEXT
_Column, _Data, _Term = _capi.segcore_column, _capi.segcore_rule_data, _capi.segcore_score_term


_c = _native.checked
_compile = _c("segcore_rule_compile")
_n_fields = _c("segcore_rule_n_fields")
_field_name = _c("segcore_rule_field_name")
_field_type = _c("segcore_rule_field_type")
_rule_text = _c("segcore_rule_text")
_evaluate = _c("segcore_rule_evaluate")
_evaluate_one = _c("segcore_rule_evaluate_one")
_explain = _c("segcore_rule_explain")
_parse = _c("segcore_segment_set_parse")
_lifecycle = _c("segcore_segment_set_lifecycle_text")
_n_segments = _c("segcore_segment_set_n_segments")
_seg_name = _c("segcore_segment_set_name")
_fallback = _c("segcore_segment_set_fallback")
_mode = _c("segcore_segment_set_mode")
_assign = _c("segcore_segment_set_assign")
_membership = _c("segcore_segment_set_membership")
_tiers = _c("segcore_segment_set_tiers")
_set_explain = _c("segcore_segment_set_explain")


class _Table:
    """A segcore_rule_data over a Profiles handle or over converted arrays (kept alive here)."""

    def __init__(self, data, as_of=None):
        self.data = _Data()
        self.data.struct_size = ctypes.sizeof(_Data)
        if as_of is not None:  # "now" for days_since(); Profiles bring their own
            self.data.as_of, self.data.has_as_of = int(_seconds(as_of, "as_of")), 1
        self._keep = []
        if isinstance(data, Profiles):
            self.data.profiles = data._handle
            self.n_rows = data.n_customers
            self._keep.append(data)
            return
        if not hasattr(data, "items"):
            raise InvalidArgumentError(
                f"rule data is a {type(data).__name__}; pass segcore.Profiles, a dict of columns or a DataFrame")
        items = list(data.items())
        cols = (_Column * max(len(items), 1))()
        n_rows = None
        for j, (name, values) in enumerate(items):
            n = self._column(cols[j], str(name), values)
            if n_rows is not None and n != n_rows:
                raise InvalidArgumentError(f"column {name!r} has {n} values; earlier columns have {n_rows}")
            n_rows = n
        self._keep.append(cols)
        self.data.columns = cols
        self.data.n_columns = len(items)
        self.n_rows = self.data.n_rows = n_rows or 0

    def _column(self, col, name, values):
        a, valid = _frames.rule_column(values)
        if a.ndim != 1:
            raise InvalidArgumentError(f"column {name!r} must be 1-D")
        col.name = name.encode()
        self._keep.append(col.name)
        if np.issubdtype(a.dtype, np.floating):
            a = np.ascontiguousarray(a, dtype=np.float64)
            col.type, col.f64 = _F64, a.ctypes.data_as(ctypes.POINTER(_D))
        elif np.issubdtype(a.dtype, np.integer) or a.dtype == np.bool_:
            a = np.ascontiguousarray(a, dtype=np.int64)
            col.type, col.i64 = _I64, a.ctypes.data_as(ctypes.POINTER(ctypes.c_int64))
            if valid is not None:  # a nullable pandas column with NA
                valid = np.ascontiguousarray(valid, dtype=np.uint8)
                col.valid = valid.ctypes.data_as(ctypes.POINTER(_U8))
                self._keep.append(valid)
        elif np.issubdtype(a.dtype, np.datetime64):
            valid = np.ascontiguousarray(~np.isnat(a), dtype=np.uint8)
            a = np.ascontiguousarray(a.astype("datetime64[s]").astype(np.int64))
            col.type, col.i64 = _TIMESTAMP, a.ctypes.data_as(ctypes.POINTER(ctypes.c_int64))
            col.valid = valid.ctypes.data_as(ctypes.POINTER(_U8))
            self._keep.append(valid)
        elif a.dtype.kind in "USO":
            texts = (ctypes.c_char_p * max(a.size, 1))(*[_text_or_none(v) for v in a])
            col.type, col.text = _TEXT, texts
            self._keep.append(texts)
        else:
            raise InvalidArgumentError(f"column {name!r} has dtype {a.dtype}; use numbers, datetime64 or strings")
        self._keep.append(a)
        return a.size


def _text_or_none(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return str(v).encode()


def _schema(schema):
    if isinstance(schema, Profiles):
        return _Table(schema)
    if hasattr(schema, "items"):
        # Types may be given by name instead of by example arrays.
        kinds = {"f64": np.zeros(0), "float": np.zeros(0), "i64": np.zeros(0, np.int64), "int": np.zeros(0, np.int64),
                 "timestamp": np.zeros(0, "datetime64[s]"), "text": np.zeros(0, object)}
        return _Table({k: (kinds[v] if isinstance(v, str) and v in kinds else _frames.rule_column(v)[0][:0])
                       for k, v in schema.items()})
    raise InvalidArgumentError(f"schema is a {type(schema).__name__}; pass Profiles, a dict of columns or of type names")


class Rule(Persistent):
    """A compiled condition; see docs/RULES.md for the language.

    With a schema (Profiles, a dict of columns or of type names) the rule is compiled at once;
    Rule(text) alone is compiled against the columns of the first data it evaluates (and again
    if later data has other column types). save(path) / to_bytes() keep a compiled rule (its
    text and the fields it reads); Rule.load(path) / Rule.from_bytes(data) compile it again."""

    _c_prefix = "segcore_rule"

    def _restore(self):
        self.text = _string(_rule_text, self._handle)
        self._lazy, self._signature = False, None
        self._read_fields()
        return self

    def __init__(self, text, schema=None):
        self.text = text
        self._handle = None
        self._signature = None
        if schema is not None:
            self._compile(schema)

    @staticmethod
    def _signature_of(data):
        if isinstance(data, Profiles):
            return tuple(zip(data.columns, data._types))
        return tuple((str(k), _frames.rule_column(v)[0].dtype.kind) for k, v in data.items())

    def _ready(self, data):
        sig = self._signature_of(data) if (isinstance(data, Profiles) or hasattr(data, "items")) else None
        if self._handle is None or (self._lazy and sig != self._signature):
            if self._handle:
                lib.segcore_rule_destroy(self._handle)
                self._handle = None
            self._compile(data)
            self._lazy, self._signature = True, sig

    def _compile(self, schema):
        self._lazy = False
        h = _P()
        table = _schema(schema)  # kept alive for the call
        _compile(ctypes.byref(h), self.text.encode(), ctypes.byref(table.data))
        self._handle = h
        self._read_fields()

    def _read_fields(self):
        h = self._handle
        n = _S()
        _n_fields(h, ctypes.byref(n))
        self.fields = [_string(_field_name, h, j) for j in range(n.value)]
        self._types = []
        for j in range(n.value):
            t = _I32()
            _field_type(h, j, ctypes.byref(t))
            self._types.append(t.value)

    def __del__(self):
        _native.release(self, lib.segcore_rule_destroy)

    def __repr__(self):
        return f"Rule({self.text!r})"

    def evaluate(self, data, n_threads=1, as_of=None):
        """A bool array: True where the rule is true (false and unknown are False). as_of
        (datetime64 or epoch seconds) is "now" for days_since(); Profiles bring their own."""
        self._ready(data)
        t = _Table(data, as_of)
        out = np.zeros(t.n_rows, np.uint8)
        _evaluate(self._handle, ctypes.byref(t.data), _native.threads_from(n_threads), _native.pointer(out), out.size)
        return _frames.like(out.astype(bool), data, self.text)

    def evaluate_one(self, values, as_of=None):
        """One profile given as a dict field -> value (missing: absent, None or NaN).
        Returns True, False, or None when a missing value leaves the outcome unknown."""
        if self._handle is None:  # Rule(text): the values' Python types are the schema
            self._compile({n: ("text" if isinstance(v, str) else "f64") for n, v in values.items()})
            self._lazy = True
        k = len(self.fields)
        nums = np.zeros(max(k, 1))
        texts = (ctypes.c_char_p * max(k, 1))()
        valid = np.zeros(max(k, 1), np.uint8)
        for j, (name, ty) in enumerate(zip(self.fields, self._types)):
            v = values.get(name)
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            if ty == _TEXT:
                texts[j] = str(v).encode()
            elif ty == _TIMESTAMP and isinstance(v, (np.datetime64, str)):
                nums[j] = float(np.datetime64(v, "s").astype(np.int64))
            else:
                nums[j] = float(v)
            valid[j] = 1
        truth = _I32()
        now = None if as_of is None else ctypes.byref(ctypes.c_int64(int(_seconds(as_of, "as_of"))))
        _evaluate_one(self._handle, _native.pointer(nums), texts, _native.pointer(valid), k,
                      now, ctypes.byref(truth))
        return {_capi.SEGCORE_RULE_FALSE: False, _capi.SEGCORE_RULE_TRUE: True}.get(truth.value)

    def explain(self, data, row, as_of=None):
        """Each condition's outcome for one row, with the values it read."""
        self._ready(data)
        t = _Table(data, as_of)
        return _string(_explain, self._handle, ctypes.byref(t.data), int(row))


class SegmentSet(Persistent):
    """Named rules with priorities, from the text format of docs/RULES.md. save(path) /
    to_bytes() and SegmentSet.load(path) / SegmentSet.from_bytes(data) keep a set."""

    _c_prefix = "segcore_segment_set"

    def _restore(self):
        self._init_from(self._handle)
        return self

    def __init__(self, text, schema):
        h = _P()
        table = _schema(schema)
        _parse(ctypes.byref(h), text.encode(), ctypes.byref(table.data))
        self._init_from(h)

    def _init_from(self, h):
        self._handle = h
        n, m = _S(), _I32()
        _n_segments(h, ctypes.byref(n))
        _mode(h, ctypes.byref(m))
        self.names = [_string(_seg_name, h, k) for k in range(n.value)]
        self.fallback = _string(_fallback, h)
        self.mode = _native.enum_name("SEGMENTS", m.value)

    @staticmethod
    def lifecycle_text():
        """The built-in lifecycle set in the text format."""
        n = _S()
        _lifecycle(None, 0, ctypes.byref(n))
        buf = ctypes.create_string_buffer(n.value + 1)
        _lifecycle(buf, n.value + 1, ctypes.byref(n))
        return buf.value.decode()

    @classmethod
    def lifecycle(cls, schema):
        """Lapsed, At Risk, New, Loyal, Repeat, Active; fallback Prospect (docs/RULES.md)."""
        return cls(cls.lifecycle_text(), schema)

    @classmethod
    def tiers(cls, field, edges, names, schema):
        """Tiered thresholds on one field: names[0] below edges[0], ..., names[-1] above
        edges[-1]; the top tier starts above its edge, the others at theirs (docs/RULES.md)."""
        e = np.ascontiguousarray(edges, dtype=np.float64)
        n = (ctypes.c_char_p * max(len(names), 1))(*[str(x).encode() for x in names])
        if len(names) != e.size + 1:
            raise InvalidArgumentError(f"{len(names)} names for {e.size} edges; {e.size + 1} are needed")
        table = _schema(schema)
        h = _P()
        _tiers(ctypes.byref(h), str(field).encode(), _native.pointer(e), e.size, n, ctypes.byref(table.data))
        self = cls.__new__(cls)
        self._init_from(h)
        return self

    def __del__(self):
        _native.release(self, lib.segcore_segment_set_destroy)

    def _codes(self, data, n_threads):
        t = _Table(data)
        out = np.zeros(t.n_rows, np.int32)
        _assign(self._handle, ctypes.byref(t.data), _native.threads_from(n_threads), _native.pointer(out), out.size)
        return out

    def assign_codes(self, data, n_threads=1):
        """Per row the index into names of the first true segment by priority, or -1."""
        return _frames.like(self._codes(data, n_threads), data, "segment_code")

    def assign(self, data, n_threads=1):
        """Per row the name of the first true segment by priority, or the fallback."""
        codes = self._codes(data, n_threads)
        names = np.array(self.names + [self.fallback], dtype=object)
        return _frames.like(names[np.where(codes < 0, len(self.names), codes)].astype(str), data, "segment")

    def membership(self, data, n_threads=1):
        """A rows x segments bool matrix: True where the segment's rule is true."""
        t = _Table(data)
        k = len(self.names)
        out = np.zeros((t.n_rows, k), np.uint8)
        _membership(self._handle, ctypes.byref(t.data), _native.threads_from(n_threads), _native.pointer(out), out.size)
        return _frames.matrix_like(out.astype(bool), data, self.names)

    def explain(self, data, row):
        t = _Table(data)
        return _string(_set_explain, self._handle, ctypes.byref(t.data), int(row))


_weighted = _c("segcore_weighted_score")


def weighted_score(data, weights, bias=0.0, missing_as_zero=False):
    """bias + sum of weight * column over weights = {column: weight}; rows with a missing term
    are NaN unless missing_as_zero."""
    t = _Table(data)
    terms = (_Term * max(len(weights), 1))(*[_Term(str(k).encode(), float(v)) for k, v in weights.items()])
    out = np.zeros(t.n_rows)
    _weighted(ctypes.byref(t.data), terms, len(weights), float(bias), int(bool(missing_as_zero)),
              _native.pointer(out), out.size)
    return _frames.like(out, data, "score")


_TRIGGER_FN = _capi.segcore_trigger_fn
_triggers_create = _c("segcore_triggers_create")
_triggers_update = _c("segcore_triggers_update")


def _report_changes(update, fn_type, item_of, callback, spread=True):
    """Runs update(c_callback) with a C callback that turns each change into item_of(...) and
    either collects it (returned as a list) or hands it to callback (as callback(*item), or
    callback(item) when not spread), whose truthy return stops the update. An exception in
    callback never unwinds through the C library: it stops the update and is raised here."""
    items, error = [], []

    def on_change(_payload, *args):
        try:
            item = item_of(*args)
            if callback is None:
                items.append(item)
                return 0
            return 1 if (callback(*item) if spread else callback(item)) else 0
        except BaseException as e:  # noqa: BLE001
            error.append(e)
            return 1

    try:
        update(fn_type(on_change))
    except Exception:
        if error:
            raise error[0]
        raise
    return items if callback is None else None


class Triggers(_native.Unshareable):
    """Rules watched over successive profile tables (e.g. ProfileStore snapshots): update()
    reports customers entering or leaving each rule since the last update."""

    def __init__(self, triggers, schema):
        """triggers: {name: rule text}."""
        self.names = list(triggers)
        names = (ctypes.c_char_p * max(len(self.names), 1))(*[n.encode() for n in self.names])
        rules = (ctypes.c_char_p * max(len(self.names), 1))(*[triggers[n].encode() for n in self.names])
        table = _schema(schema)
        h = _P()
        _triggers_create(ctypes.byref(h), names, rules, len(self.names), ctypes.byref(table.data))
        self._handle = h

    def __del__(self):
        _native.release(self, lib.segcore_triggers_destroy)

    def erase(self, customer):
        """Forgets the customer's outcomes (NotFoundError if never seen); seen again later, the
        customer is new."""
        _triggers_erase(self._handle, _columns.id_text(customer).encode())

    def update(self, profiles, callback=None, n_threads=1):
        """Changes since the last update as (customer, trigger name, entered) tuples, or, with a
        callback, calls callback(customer, name, entered) for each; a truthy return stops the
        update with CancelledError (the remaining changes are reported next time). An exception
        in the callback stops the update and is raised here."""
        if not isinstance(profiles, Profiles):
            raise InvalidArgumentError("Triggers.update needs segcore.Profiles (e.g. ProfileStore.snapshot())")
        return _report_changes(
            lambda fn: _triggers_update(self._handle, profiles._handle, _native.threads_from(n_threads), fn, None),
            _TRIGGER_FN, lambda customer, k, entered: (customer.decode("utf-8"), self.names[k], bool(entered)),
            callback)


_CHANGE_FN = _capi.segcore_segment_change_fn
_tracker_create = _c("segcore_segment_tracker_create")
_tracker_update = _c("segcore_segment_tracker_update")
_tracker_erase = _c("segcore_segment_tracker_erase")
_tracker_segment_set = _c("segcore_segment_tracker_segment_set")
_triggers_erase = _c("segcore_triggers_erase")


class SegmentTracker(_native.Unshareable):
    """Segment entry and exit over successive profile tables (e.g. ProfileStore snapshots)."""

    def __init__(self, segment_set):
        self._names = segment_set.names
        self._fallback = segment_set.fallback
        h = _P()
        _tracker_create(ctypes.byref(h), segment_set._handle)
        self._handle = h

    @classmethod
    def _adopt(cls, handle):
        """The wrapper of a native tracker made elsewhere (a loaded checkpoint's), which it owns."""
        obj = cls.__new__(cls)
        obj._handle = handle
        h = _P()
        _tracker_segment_set(handle, ctypes.byref(h))
        segment_set = SegmentSet._adopt_checked(h)
        obj._names = segment_set.names
        obj._fallback = segment_set.fallback
        return obj

    def __del__(self):
        _native.release(self, lib.segcore_segment_tracker_destroy)

    def erase(self, customer):
        """Forgets the customer's last segment (NotFoundError if never seen)."""
        _tracker_erase(self._handle, _columns.id_text(customer).encode())

    def _name(self, k):
        return None if k == _capi.SEGCORE_SEGMENT_NONE else self._fallback if k == -1 else self._names[k]

    def update(self, profiles, callback=None, n_threads=1):
        """Changes since the last update as (customer, old segment, new segment) tuples (old is
        None for a customer seen for the first time), or callback(customer, old, new) for each;
        a truthy return stops with CancelledError and the rest is reported next time. An
        exception in the callback stops the update and is raised here."""
        if not isinstance(profiles, Profiles):
            raise InvalidArgumentError("SegmentTracker.update needs segcore.Profiles (e.g. ProfileStore.snapshot())")
        return _report_changes(
            lambda fn: _tracker_update(self._handle, profiles._handle, _native.threads_from(n_threads), fn, None),
            _CHANGE_FN, lambda customer, old, new: (customer.decode("utf-8"), self._name(old), self._name(new)),
            callback)
