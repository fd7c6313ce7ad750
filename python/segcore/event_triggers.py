"""Event triggers over segcore's C ABI (docs/RULES.md, "Event triggers").

Triggers are checked as each event arrives and move the customer to a segment:

    t = EventTriggers('''
    trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days
    trigger browsing to Browser: count(type = 'view' and category = 'shoes') > 3 within 7 days
       without (type = 'purchase')
    ''', categories=("type", "category"))
    moves = t.add("ann", 1700000000, 25.0, {"type": "purchase", "category": "shoes"})

Each move is a `Move(customer, old, new, trigger, position, timestamp, amount, order,
categories)`; old is None for a customer that had no segment yet.
"""
import collections
import ctypes

import numpy as np

from . import _capi, _columns, _native
from ._errors import InvalidArgumentError
from ._native import lib
from .rfm import ProfileStore, _seconds, _string
from .rules import _report_changes

_P, _S, _I32, _U64 = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32, ctypes.c_uint64


Move = collections.namedtuple(
    "Move", "customer old new trigger position timestamp amount order categories")

_MOVE_FN = _capi.segcore_segment_move_fn

_c = _native.checked
_parse = _c("segcore_event_triggers_parse")
_n_triggers = _c("segcore_event_triggers_n_triggers")
_trigger_name = _c("segcore_event_triggers_trigger_name")
_trigger_segment = _c("segcore_event_triggers_trigger_segment")
_n_segments = _c("segcore_event_triggers_n_segments")
_segment_name = _c("segcore_event_triggers_segment_name")
_n_categories = _c("segcore_event_triggers_n_categories")
_category_name = _c("segcore_event_triggers_category_name")
_add = _c("segcore_event_triggers_add")
_flush = _c("segcore_event_triggers_flush")
_customer_segment = _c("segcore_event_triggers_customer_segment")
_counts = _c("segcore_event_triggers_counts")
_erase = _c("segcore_event_triggers_erase")


def _text(v):
    return None if v is None else str(v).encode()


class EventTriggers(_native.Unshareable):
    """Triggers on each customer's recent events; see docs/RULES.md for the text format.

    categories names the event's text fields that filters may read (e.g. ("type", "category")),
    besides amount, timestamp and order."""

    def __init__(self, text, categories=()):
        categories = [str(c) for c in categories]
        names = (ctypes.c_char_p * max(len(categories), 1))(*[c.encode() for c in categories])
        h = _P()
        _parse(ctypes.byref(h), text.encode(), names, len(categories))
        self._init_from(h)

    @classmethod
    def _adopt(cls, handle):
        """The wrapper of a native set made elsewhere (a loaded checkpoint's), which it owns."""
        obj = cls.__new__(cls)
        obj._handle = handle
        obj._init_from(handle)
        return obj

    def _init_from(self, h):
        self._handle = h
        n = _S()
        _n_categories(h, ctypes.byref(n))
        self.categories = [_string(_category_name, h, j) for j in range(n.value)]
        _n_triggers(h, ctypes.byref(n))
        self.triggers = [_string(_trigger_name, h, k) for k in range(n.value)]
        _n_segments(h, ctypes.byref(n))
        self.segments = [_string(_segment_name, h, s) for s in range(n.value)]
        self.trigger_segments = []
        for k in range(len(self.triggers)):
            s = _I32()
            _trigger_segment(h, k, ctypes.byref(s))
            self.trigger_segments.append(self.segments[s.value])
        self._event = _capi.segcore_stream_event()
        self._event.struct_size = ctypes.sizeof(self._event)
        self._values = (ctypes.c_char_p * max(len(self.categories), 1))()

    def __del__(self):
        _native.release(self, lib.segcore_event_triggers_destroy)

    def erase(self, customer):
        """Forgets the customer's state and drops their pending moves (their number is
        returned); NotFoundError for an unknown customer."""
        dropped = ctypes.c_uint64()
        _erase(self._handle, _columns.id_text(customer).encode(), ctypes.byref(dropped))
        return dropped.value

    def _segment(self, s):
        return None if s == _capi.SEGCORE_SEGMENT_NONE else self.segments[s]

    def _move(self, m):
        cats = {self.categories[j]: (None if m.categories[j] is None else m.categories[j].decode("utf-8"))
                for j in range(m.n_categories)}
        return Move(m.customer.decode("utf-8"), self._segment(getattr(m, "from")), self._segment(m.to),
                    self.triggers[m.trigger], int(m.position), int(m.timestamp), float(m.amount),
                    m.order.decode("utf-8") or None, cats)

    def _report(self, call, callback):
        return _report_changes(call, _MOVE_FN, lambda m: self._move(m.contents), callback, spread=False)

    def add(self, customer, timestamp, amount=0.0, categories=None, order=None, store=None, callback=None):
        """Applies one event. categories: a dict by name (absent or None: missing) or a sequence
        in the order of `categories`. timestamp: epoch seconds, datetime64 or an ISO string.
        With a ProfileStore, the event is applied to it too (refused by either: applied to
        neither). Returns the moves reported by this call (pending ones first), or, with a
        callback, calls callback(move) for each: a truthy return or an exception stops the
        reports (CancelledError, or the exception, is raised) and the moves not reported stay
        pending for the next add() or flush(); the event itself is applied all the same."""
        e = self._event
        e.customer = _columns.id_text(customer).encode()
        e.timestamp = int(timestamp) if isinstance(timestamp, (int, np.integer)) else int(_seconds(timestamp, "timestamp"))
        e.amount = float(amount)
        e.order = _text(order)
        values = self._values
        if categories is None:
            categories = {}
        if hasattr(categories, "get"):
            unknown = set(categories) - set(self.categories)
            if unknown:
                raise InvalidArgumentError(f"unknown categories {sorted(unknown)}; the triggers read {self.categories}")
            for j, name in enumerate(self.categories):
                values[j] = _text(categories.get(name))
        else:
            categories = list(categories)
            if len(categories) != len(self.categories):
                raise InvalidArgumentError(f"{len(categories)} category values; the triggers read {self.categories}")
            for j, v in enumerate(categories):
                values[j] = _text(v)
        e.categories = values
        e.n_categories = len(self.categories)
        if store is not None and not isinstance(store, ProfileStore):
            raise InvalidArgumentError(f"store is a {type(store).__name__}; pass a segcore.ProfileStore or None")
        s = None if store is None else store._handle
        return self._report(lambda fn: _add(self._handle, ctypes.byref(e), s, fn, None), callback)

    def flush(self, callback=None):
        """Reports the pending moves, as add() does."""
        return self._report(lambda fn: _flush(self._handle, fn, None), callback)

    def segment(self, customer):
        """The customer's segment name, or None (unknown customer, or not moved yet)."""
        s = _I32()
        _customer_segment(self._handle, _columns.id_text(customer).encode(), ctypes.byref(s))
        return self._segment(s.value)

    def _count(self, k):
        v = [_U64() for _ in range(4)]
        _counts(self._handle, *[ctypes.byref(x) for x in v])
        return int(v[k].value)

    @property
    def events(self):
        """Events accepted so far."""
        return self._count(0)

    @property
    def late_events(self):
        """Events that arrived with a timestamp before their customer's latest one."""
        return self._count(1)

    @property
    def customers(self):
        return self._count(2)

    @property
    def pending(self):
        """Moves not yet accepted by a callback."""
        return self._count(3)
