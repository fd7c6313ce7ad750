"""Segment profiles (personas) over segcore's C ABI."""
import ctypes
from dataclasses import dataclass

import numpy as np

from . import _capi, _native
from ._errors import InvalidArgumentError
from ._native import lib, pointer
from .metrics import as_labels

_P, _S = ctypes.c_void_p, ctypes.c_size_t
_c = _native.checked
_STRS = ctypes.POINTER(ctypes.c_char_p)
_build = {t: _c(f"segcore_personas_build_{s}") for t, s in ((np.float64, "f64"), (np.float32, "f32"))}
_destroy = lib.segcore_personas_destroy
_STATS = (_capi.SEGCORE_PROFILE_MEAN, _capi.SEGCORE_PROFILE_MEDIAN, _capi.SEGCORE_PROFILE_LIFT,
          _capi.SEGCORE_PROFILE_EFFECT)
_count = _c("segcore_personas_count")
_get = _c("segcore_personas_get")
_stats = _c("segcore_personas_get_stats")
_top = _c("segcore_personas_get_top")
_name = _c("segcore_personas_get_name")


@dataclass
class Persona:
    label: int
    size: int
    share: float
    mean: np.ndarray
    median: np.ndarray
    lift: np.ndarray     # mean / population mean
    effect: np.ndarray   # (mean - population mean) / population std
    top_features: list  # names of the most distinguishing columns, most first
    name: str            # e.g. "recent, frequent, high spend"


def _strings(values, d, what):
    if values is None:
        return None
    values = list(values)
    if len(values) != d:
        raise InvalidArgumentError(f"{what} has {len(values)} entries; X has {d} columns")
    arr = (ctypes.c_char_p * d)(*[None if v is None else str(v).encode() for v in values])
    return ctypes.cast(arr, _STRS), arr


def segment_profiles(X, labels, *, feature_names=None, low_words=None, high_words=None, top_features=3,
                     min_effect=0.5):
    """One Persona per segment (ascending label). low_words / high_words: per column, the word
    for a segment far below / above the population (None or "" for "low <name>" / "high <name>")."""
    if feature_names is None and hasattr(X, "columns"):  # a DataFrame's names, before it becomes an array
        feature_names = [str(c) for c in X.columns]
    X = _native.as_matrix(X)
    labels = as_labels(labels)
    d = X.shape[1]
    names = feature_names if feature_names is not None else [f"feature {j}" for j in range(d)]
    args = [_strings(v, d, w) for v, w in ((feature_names, "feature_names"), (low_words, "low_words"),
                                            (high_words, "high_words"))]
    handle = _P()
    _build[X.dtype.type](ctypes.byref(handle), pointer(X), X.shape[0], d, pointer(labels), labels.size,
                         *[None if a is None else a[0] for a in args], int(top_features), float(min_effect))
    try:
        n = _S()
        _count(handle, ctypes.byref(n))
        out = []
        for s in range(n.value):
            label, size, share = ctypes.c_int32(), _S(), ctypes.c_double()
            _get(handle, s, ctypes.byref(label), ctypes.byref(size), ctypes.byref(share))
            stats = []
            for what in _STATS:
                v = np.empty(d)
                _stats(handle, s, what, pointer(v), d)
                stats.append(v)
            top = np.empty(max(int(top_features), 0), dtype=np.int32)
            n_top = _S()
            _top(handle, s, pointer(top) if top.size else None, top.size, ctypes.byref(n_top))
            needed = _S()
            _name(handle, s, None, 0, ctypes.byref(needed))
            buf = ctypes.create_string_buffer(needed.value + 1)
            _name(handle, s, buf, len(buf), None)
            out.append(Persona(label.value, size.value, share.value, *stats,
                               [names[j] for j in top[:n_top.value]], buf.value.decode()))
        return out
    finally:
        _destroy(handle)
