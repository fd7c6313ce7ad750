"""Hierarchical clustering with scikit-learn's and scipy's names, over segcore's C ABI."""
import ctypes
from numbers import Integral, Real

import numpy as np

from . import _native
from ._errors import InvalidArgumentError
from ._estimator import Estimator, writes_fitted
from ._native import lib, pointer
from ._params import Interval, StrOptions, validate

_P = ctypes.c_void_p
_c = _native.checked
_LINKAGES = _native.enum("LINKAGE")
_METHOD = [StrOptions(set(_LINKAGES))]
_build = {np.float64: _c("segcore_dendrogram_build_f64", long=True),
          np.float32: _c("segcore_dendrogram_build_f32", long=True)}
_destroy = lib.segcore_dendrogram_destroy
_merges = _c("segcore_dendrogram_get_merges")
_cut = _c("segcore_dendrogram_cut")
_cut_height = _c("segcore_dendrogram_cut_height")


class _Tree(_native.Unshareable):
    def __init__(self, X, method):
        X = _native.as_matrix(X)
        self.n = X.shape[0]
        handle = _P()
        _build[X.dtype.type](ctypes.byref(handle), pointer(X), X.shape[0], X.shape[1], _LINKAGES[method])
        self._handle = handle

    def __del__(self):
        _native.release(self, _destroy)

    def merges(self):
        out = np.empty((self.n - 1, 4), dtype=np.float64)
        _merges(self._handle, pointer(out), out.size)
        return out

    def cut(self, k):
        labels = np.empty(self.n, dtype=np.int32)
        _cut(self._handle, int(k), pointer(labels), labels.size)
        return labels

    def cut_height(self, t):
        labels = np.empty(self.n, dtype=np.int32)
        _cut_height(self._handle, float(t), pointer(labels), labels.size)
        return labels


def linkage(X, method="ward"):
    """scipy.cluster.hierarchy.linkage(X, method) on Euclidean distances: the (n - 1) x 4
    linkage matrix (a, b, height, size)."""
    validate({"method": _METHOD}, {"method": method}, "linkage")
    return _Tree(X, method).merges()


class AgglomerativeClustering(Estimator):
    """Bottom-up clustering cut into n_clusters, or at distance_threshold (then n_clusters
    must be None). Attributes as scikit-learn's: labels_, n_clusters_, children_, distances_
    (always computed), n_leaves_. Parameters are checked at fit."""

    _estimator_type = "clusterer"
    _parameter_constraints = {
        "n_clusters": [Interval(Integral, 1, None, closed="left"), None],
        "metric": [StrOptions({"euclidean"})],
        "linkage": _METHOD,
        "distance_threshold": [Interval(Real, 0, None, closed="left"), None],
    }

    def __init__(self, n_clusters=2, *, metric="euclidean", linkage="ward", distance_threshold=None):
        self.metric = metric
        self.n_clusters = n_clusters
        self.linkage = linkage
        self.distance_threshold = distance_threshold

    @writes_fitted
    def fit(self, X, y=None):
        self._validate_params()
        if (self.n_clusters is None) == (self.distance_threshold is None):
            raise InvalidArgumentError("Exactly one of n_clusters and distance_threshold has to be set, and the other "
                                       "needs to be None.")
        X = _native.as_matrix(X)
        if X.shape[0] < 2:
            raise InvalidArgumentError(f"X has {X.shape[0]} sample(s); AgglomerativeClustering needs at least 2")
        tree = _Tree(X, self.linkage)
        z = tree.merges()
        if self.distance_threshold is not None:
            labels = tree.cut_height(self.distance_threshold)
        else:
            labels = tree.cut(self.n_clusters)
        self.labels_ = labels
        self.n_clusters_ = int(labels.max()) + 1
        self.children_ = z[:, :2].astype(np.intp)
        self.distances_ = z[:, 2].copy()
        self.n_leaves_ = tree.n
        self.n_features_in_ = X.shape[1]
        return self

    def fit_predict(self, X, y=None):
        return self.fit(X).labels_.copy()
