"""Weighted scores over normalised features, and score bands (docs/RULES.md, "Scores").

    model = WeightedScore({"recency_days": -1.0, "frequency": 0.5, "monetary": 0.5},
                          normalize="zscore").fit(profiles)
    model.params_      # {column: {"weight", "normalize", "center", "scale"}}
    s = model.score(profiles)
    bands = ScoreBands([-0.5, 0.5], ["Low", "Medium", "High"]).assign(s)

Data is what `Rule.evaluate` takes: segcore.Profiles, a dict of numpy arrays or a DataFrame;
over a DataFrame (or bands over a Series) the result is a Series on its index.
"""
import ctypes

import numpy as np

from . import _capi, _frames, _native
from ._errors import InvalidArgumentError, NotFittedError
from ._native import lib
from .rules import _Table

_P, _S, _D = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_double
_KINDS = _native.enum("NORMALIZE")
_NAMES = {v: k for k, v in _KINDS.items()}


_Feature = _capi.segcore_score_feature
_c = _native.checked
_fit = _c("segcore_weighted_model_fit")
_create = _c("segcore_weighted_model_create")
_n_features = _c("segcore_weighted_model_n_features")
_get_feature = _c("segcore_weighted_model_get_feature")
_score = _c("segcore_weighted_model_score")
_score_one = _c("segcore_weighted_model_score_one")
_bands_create = _c("segcore_score_bands_create")
_bands_assign = _c("segcore_score_bands_assign")


def _kind(name, column):
    return _native.choice(name, _KINDS, f"normalize for {column!r}")


class WeightedScore(_native.Unshareable):
    """score = bias + sum over columns of weight * (x - center) / scale.

    weights: {column: weight}. normalize: "zscore" (mean and population standard deviation,
    as scikit-learn's StandardScaler), "minmax" (min and max - min) or "none", for every column
    or per column as a dict. fit() learns center and scale on present values; from_params()
    rebuilds a model from params_ without refitting."""

    def __init__(self, weights, normalize="zscore", bias=0.0):
        if not weights:
            raise InvalidArgumentError("weights is empty; give {column: weight}")
        self.weights = {str(k): float(v) for k, v in weights.items()}
        per = normalize if isinstance(normalize, dict) else {k: normalize for k in self.weights}
        unknown = set(map(str, per)) - set(self.weights)
        if unknown:
            raise InvalidArgumentError(f"normalize names columns without a weight: {sorted(unknown)}")
        self.normalize = {k: per.get(k, "zscore") for k in self.weights}
        for k, v in self.normalize.items():
            _kind(v, k)
        self.bias = float(bias)
        self._handle = None

    def __del__(self):
        _native.release(self, lib.segcore_weighted_model_destroy)

    def _features(self, params=None):
        cols = list(self.weights)
        f = (_Feature * len(cols))()
        self._names = [c.encode() for c in cols]  # kept alive with the structs
        for j, c in enumerate(cols):
            f[j].column, f[j].weight = self._names[j], self.weights[c]
            f[j].normalization = _kind(self.normalize[c], c)
            if params is not None:
                f[j].center, f[j].scale = float(params[c]["center"]), float(params[c]["scale"])
        return f

    def _adopt(self, h):
        _native.release(self, lib.segcore_weighted_model_destroy)
        self._handle = h
        n = _S()
        _n_features(h, ctypes.byref(n))
        got = _Feature()
        self.center_, self.scale_ = np.zeros(n.value), np.zeros(n.value)
        for j in range(n.value):
            _get_feature(h, j, ctypes.byref(got))
            self.center_[j], self.scale_[j] = got.center, got.scale
        self.columns_ = list(self.weights)
        return self

    def fit(self, data):
        """Learns center and scale of every column on data's present values."""
        t = _Table(data)
        f = self._features()
        h = _P()
        _fit(ctypes.byref(h), ctypes.byref(t.data), f, len(f), self.bias)
        return self._adopt(h)

    @classmethod
    def from_params(cls, params, bias=0.0):
        """A fitted model from params_ of another ({column: {weight, normalize, center, scale}})."""
        self = cls({c: p["weight"] for c, p in params.items()},
                   {c: p.get("normalize", "zscore") for c, p in params.items()}, bias)
        f = self._features(params)
        h = _P()
        _create(ctypes.byref(h), f, len(f), self.bias)
        return self._adopt(h)

    @property
    def params_(self):
        self._check()
        return {c: {"weight": self.weights[c], "normalize": self.normalize[c], "center": float(self.center_[j]),
                    "scale": float(self.scale_[j])} for j, c in enumerate(self.columns_)}

    def _check(self):
        if not self._handle:
            raise NotFittedError("this WeightedScore is not fitted; call fit(data) or use from_params")

    def score(self, data, missing_as_zero=False, n_threads=1):
        """Scores per row: NaN where a column is missing, unless missing_as_zero (the
        normalised term is then 0, i.e. the mean for z-scores)."""
        self._check()
        t = _Table(data)
        out = np.zeros(t.n_rows)
        _score(self._handle, ctypes.byref(t.data), int(bool(missing_as_zero)), _native.threads_from(n_threads),
               _native.pointer(out), out.size)
        return _frames.like(out, data, "score")

    def fit_score(self, data, missing_as_zero=False, n_threads=1):
        return self.fit(data).score(data, missing_as_zero, n_threads)

    def score_one(self, values, missing_as_zero=False):
        """One profile as {column: value} (absent or None: missing)."""
        self._check()
        v = np.array([np.nan if values.get(c) is None else float(values[c]) for c in self.columns_])
        out = _D()
        _score_one(self._handle, _native.pointer(v), v.size, int(bool(missing_as_zero)), ctypes.byref(out))
        return out.value


class ScoreBands(_native.Unshareable):
    """Named levels from strictly ascending edges, names from lowest to highest: names[0]
    below edges[0], names[j] from edges[j-1] to edges[j] (both inclusive), names[-1] above
    edges[-1]. A NaN score has no band."""

    def __init__(self, edges, names):
        e = np.ascontiguousarray(edges, dtype=np.float64)
        if e.ndim != 1:
            raise InvalidArgumentError("edges must be 1-D")
        self.names = [str(n) for n in names]
        if len(self.names) != e.size + 1:
            raise InvalidArgumentError(f"{len(self.names)} names for {e.size} edges; {e.size + 1} are needed")
        n = (ctypes.c_char_p * len(self.names))(*[x.encode() for x in self.names])
        h = _P()
        _bands_create(ctypes.byref(h), _native.pointer(e), e.size, n)
        self._handle = h
        self.edges = e.copy()

    def __del__(self):
        _native.release(self, lib.segcore_score_bands_destroy)

    def assign_codes(self, scores):
        """Per score the index into names, or -1 for NaN."""
        s = np.ascontiguousarray(scores, dtype=np.float64).ravel()
        out = np.zeros(s.size, np.int32)
        _bands_assign(self._handle, _native.pointer(s), s.size, _native.pointer(out), out.size)
        return _frames.like(out, scores, "band_code")

    def assign(self, scores):
        """Per score the band's name, or None for NaN (an object array)."""
        codes = np.asarray(self.assign_codes(scores))
        names = np.array(self.names + [None], dtype=object)
        return _frames.like(names[np.where(codes < 0, len(self.names), codes)], scores, "band")
