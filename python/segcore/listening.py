"""Listening over segcore's C ABI: keyword, phrase and hashtag sets counted in texts, and
per-customer counts per set and window.

    sets = TopicSets({"brand": ["acme", "#acme"], "competitor": ["globex", "initech corp"]})
    counts = sets.match(df["text"], n_threads=2)        # {"brand": uint32 array, ...}
    per_customer = listening_by_customer(counts, df["customer"], df["time"])
    per_customer["mentioned_competitor_30d"]           # texts mentioning it in the last 30 days

A pattern matches case-insensitively where no word character (a Unicode letter, mark or
number, or '_') touches it; whitespace or ASCII punctuation in a pattern matches any run of
non-word characters ("customer service" matches "Customer-Service"); "#tag" matches only the
hashtag, while the keyword "tag" also matches "#tag". A set's count in a text is its
non-overlapping matches, leftmost and longest first. The rules: docs/guides/social.md.
"""
import ctypes

import numpy as np

from . import _native
from ._columns import seconds, texts_back_to_back
from ._errors import InvalidArgumentError

_c = _native.checked
_create = _c("segcore_listening_create")
_size = _c("segcore_listening_size")
_match = _c("segcore_listening_match")
_aggregate = _c("segcore_listening_aggregate")
_available = _native.function("segcore_listening_available")
_destroy = _native.function("segcore_listening_destroy")

DEFAULT_WINDOWS = (7, 30, 90)
"""The windows of listening_by_customer, in days (those of the profiles' order windows)."""


def available():
    """True when this build of segcore has RE2, which listening needs."""
    return bool(_available())


class TopicSets(_native.Unshareable):
    """Named topic sets compiled once: {name: [pattern, ...]}, names of letters, digits and '_'
    starting with a letter; patterns are keywords, phrases and #hashtags. A bad name or pattern
    raises InvalidArgumentError naming the set and pattern; a build without RE2 raises
    UnsupportedError."""

    def __init__(self, sets):
        if not isinstance(sets, dict):
            raise InvalidArgumentError(f"sets is a {type(sets).__name__}; use a dict {{name: [patterns]}}")
        self.names = list(sets)
        for n in self.names:
            if not isinstance(n, str) or "\0" in n:
                raise InvalidArgumentError(f"set name {n!r} is not a str without NUL characters")
        patterns, owner = [], []
        for s, name in enumerate(self.names):
            items = sets[name]
            if isinstance(items, (str, bytes)):
                raise InvalidArgumentError(f"set {name!r}: give a list of patterns, not one string")
            for p in items:
                if not isinstance(p, str) or "\0" in p:
                    raise InvalidArgumentError(f"set {name!r}: pattern {p!r} is not a str without NUL characters")
                patterns.append(p.encode("utf-8", "surrogatepass"))
                owner.append(s)
        names = (ctypes.c_char_p * len(self.names))(*(n.encode("utf-8", "surrogatepass") for n in self.names))
        pats = (ctypes.c_char_p * len(patterns))(*patterns)
        owner = np.asarray(owner, dtype=np.uint32)
        handle = ctypes.c_void_p()
        _create(ctypes.byref(handle), names, len(self.names), pats, _native.pointer(owner), len(patterns))
        self._handle = handle

    def __del__(self):
        _native.release(self, _destroy)

    def __len__(self):
        return len(self.names)

    @property
    def n_patterns(self):
        """The number of patterns over all sets."""
        n = ctypes.c_size_t()
        _size(self._handle, None, ctypes.byref(n))
        return n.value

    def match(self, texts, n_threads=1):
        """Each set's count in each text: a dict {set name: numpy uint32 array} (pandas.DataFrame(
        result) makes a table). texts: str or UTF-8 bytes items (a list, numpy array or pandas
        Series). Counts do not depend on n_threads (None: one thread per core)."""
        threads = _native.threads_from(n_threads)
        data, offsets = texts_back_to_back(texts, "texts")
        n, k = offsets.size - 1, len(self.names)
        counts = np.zeros((n, k), dtype=np.uint32)
        _match(self._handle, data, _native.pointer(offsets), n, threads, _native.pointer(counts))
        return {name: counts[:, s].copy() for s, name in enumerate(self.names)}


def listening_by_customer(counts, customer, time, as_of=None, windows=DEFAULT_WINDOWS, n_customers=None):
    """Per-customer listening counts: a dict of numpy uint64 arrays indexed by customer number,
    for each set S of counts (TopicSets.match's result): "mentions_S" (matches), "mentioned_S"
    (texts with a match) and "mentioned_S_<w>d" for each window w (texts with a match and
    as_of - w days < time <= as_of); texts after as_of are left out. customer:
    ints in [0, n_customers); time and as_of: datetime64, epoch seconds, datetimes or ISO-8601
    texts (as_of by default: the latest time + 1 day, as the profiles)."""
    names = list(counts)
    if not names:
        raise InvalidArgumentError("counts has no sets")
    table = np.ascontiguousarray(np.column_stack([np.asarray(counts[s], dtype=np.uint32) for s in names]))
    customer = np.asarray(customer)
    if customer.size and (not np.issubdtype(customer.dtype, np.integer) or customer.min() < 0):
        raise InvalidArgumentError("customer must hold non-negative integers (customer numbers)")
    customer = np.ascontiguousarray(customer, dtype=np.uint32)
    time = seconds(time, "time")
    n = table.shape[0]
    if customer.size != n or time.size != n:
        raise InvalidArgumentError(f"counts, customer and time have {n}, {customer.size} and {time.size} rows; "
                                   "they must be equal")
    if as_of is None:
        as_of = int(time.max()) + 86400 if n else 0
    else:
        as_of = int(seconds(as_of, "as_of"))
    windows = np.ascontiguousarray(windows, dtype=np.int32)
    k = len(names)
    c = int(customer.max()) + 1 if n_customers is None and n else int(n_customers or 0)
    mentions = np.zeros((c, k), dtype=np.uint64)
    texts = np.zeros((c, k), dtype=np.uint64)
    window_texts = np.zeros((c, windows.size, k), dtype=np.uint64)
    _aggregate(_native.pointer(table), k, _native.pointer(customer), _native.pointer(time), n, c, as_of,
               _native.pointer(windows), windows.size, _native.pointer(mentions), _native.pointer(texts),
               _native.pointer(window_texts), None)
    out, owner = {}, {}

    def put(column, s, values):
        if column in out:  # "brand" and "brand_7d" would both give mentioned_brand_7d
            raise InvalidArgumentError(f"sets {names[owner[column]]!r} and {names[s]!r} both give a column "
                                       f"{column!r}; rename one")
        out[column], owner[column] = values, s

    for s, name in enumerate(names):
        put(f"mentions_{name}", s, mentions[:, s].copy())
        put(f"mentioned_{name}", s, texts[:, s].copy())
        for w, days in enumerate(windows):
            put(f"mentioned_{name}_{int(days)}d", s, window_texts[:, w, s].copy())
    return out
