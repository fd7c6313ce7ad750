"""Sentiment of text over segcore's C ABI: a lexicon-and-rules scorer in the VADER family.

    lex = SentimentLexicon()                     # the lexicon shipped with segcore
    scores = lex.score(["Great service!", "not good at all"], n_threads=2)
    scores["compound"]                           # numpy array in [-1, 1]
    sentiment_by_customer(scores["compound"], customer, time)

The rules and where they knowingly differ from the reference implementation
(github.com/cjhutto/vaderSentiment): docs/guides/sentiment.md.
"""
import ctypes
import os

import numpy as np

from . import _native
from ._columns import texts_back_to_back
from ._errors import InvalidArgumentError

_P = ctypes.c_void_p
_c = _native.checked
_load = _c("segcore_sentiment_lexicon_load")
_shipped = _c("segcore_sentiment_lexicon_shipped")
_size = _c("segcore_sentiment_lexicon_size")
_score = _c("segcore_sentiment_score")
_aggregate = _c("segcore_sentiment_aggregate")
_destroy = _native.function("segcore_sentiment_lexicon_destroy")

NEGATIVE_COMPOUND = -0.05  # at or below: a negative text (the reference's convention)


class SentimentLexicon(_native.Unshareable):
    """A valence lexicon (and optional emoji lexicon) for scoring.

    SentimentLexicon() is the lexicon shipped with segcore (VADER's, MIT, with an emoji lexicon
    of CLDR short names, Unicode licence);
    SentimentLexicon(path, emoji_path=None) reads files in the VADER formats
    (`token<TAB>valence...` and `emoji<TAB>description` lines). A malformed line raises
    InvalidArgumentError naming the file and line; a missing file, NotFoundError."""

    def __init__(self, path=None, emoji_path=None):
        handle = _P()
        if path is None:
            if emoji_path is not None:
                raise InvalidArgumentError("emoji_path needs a lexicon path too")
            _shipped(ctypes.byref(handle))
        else:
            emoji = None if emoji_path is None else os.fsencode(emoji_path)
            _load(ctypes.byref(handle), os.fsencode(path), emoji)
        self._handle = handle

    def __del__(self):
        _native.release(self, _destroy)

    def __len__(self):
        n = ctypes.c_size_t()
        _size(self._handle, ctypes.byref(n), None)
        return n.value

    @property
    def emoji_count(self):
        """Emoji with a description (those of one code point: the only ones that can match)."""
        n = ctypes.c_size_t()
        _size(self._handle, None, ctypes.byref(n))
        return n.value

    def score(self, texts, n_threads=1):
        """Scores of each text: a dict of numpy arrays "compound" (in [-1, 1], not rounded), "pos",
        "neu" and "neg" (shares). texts: str or UTF-8 bytes items. Results do not depend on
        n_threads (None: one thread per core)."""
        threads = _native.threads_from(n_threads)
        data, offsets = texts_back_to_back(texts, "texts")
        n = offsets.size - 1
        out = {k: np.empty(n, dtype=np.float64) for k in ("compound", "pos", "neu", "neg")}
        _score(self._handle, data, _native.pointer(offsets), n, threads,
               *(_native.pointer(out[k]) for k in ("compound", "pos", "neu", "neg")))
        return out


def sentiment_by_customer(compound, customer, time, n_customers=None):
    """Per-customer sentiment: a dict of numpy arrays indexed by customer number, "texts",
    "mean_compound", "negative_share" (compound <= -0.05) and "trend_per_day" (least-squares
    slope of compound against time in days; NaN with fewer than two distinct times). customer:
    ints in [0, n_customers); time: Unix seconds (ints) or numpy datetime64."""
    compound = np.ascontiguousarray(compound, dtype=np.float64)
    customer = np.asarray(customer)
    if customer.size and (customer.min() < 0 or not np.issubdtype(customer.dtype, np.integer)):
        raise InvalidArgumentError("customer must hold non-negative integers (customer numbers)")
    customer = np.ascontiguousarray(customer, dtype=np.uint32)
    time = np.asarray(time)
    if np.issubdtype(time.dtype, np.datetime64):
        time = time.astype("datetime64[s]").astype(np.int64)
    time = np.ascontiguousarray(time, dtype=np.int64)
    n = compound.size
    if customer.size != n or time.size != n:
        raise InvalidArgumentError(f"compound, customer and time have {n}, {customer.size} and {time.size} "
                                   "rows; they must be equal")
    k = int(customer.max()) + 1 if n_customers is None and n else int(n_customers or 0)
    out = {"texts": np.empty(k, dtype=np.uint64)}
    out.update({name: np.empty(k, dtype=np.float64) for name in ("mean_compound", "negative_share", "trend_per_day")})
    _aggregate(_native.pointer(compound), _native.pointer(customer), _native.pointer(time), n, k,
               *(_native.pointer(out[name]) for name in ("texts", "mean_compound", "negative_share", "trend_per_day")))
    return out
