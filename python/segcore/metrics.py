"""Clustering metrics with scikit-learn's names and definitions, over segcore's C ABI."""
import ctypes
from numbers import Integral

import numpy as np

from . import _native
from ._errors import InvalidArgumentError
from ._native import pointer
from ._params import N_THREADS, Interval, validate

_c = _native.checked


_SILHOUETTE_DEFAULTS = _native.options("segcore_silhouette_options_init")
_sil = {np.float64: _c("segcore_silhouette_score_f64", long=True),
        np.float32: _c("segcore_silhouette_score_f32", long=True)}
_sil_samples = {np.float64: _c("segcore_silhouette_samples_f64", long=True),
                np.float32: _c("segcore_silhouette_samples_f32", long=True)}
_ch = {np.float64: _c("segcore_calinski_harabasz_score_f64"),
       np.float32: _c("segcore_calinski_harabasz_score_f32")}
_db = {np.float64: _c("segcore_davies_bouldin_score_f64"),
       np.float32: _c("segcore_davies_bouldin_score_f32")}
_ari = _c("segcore_adjusted_rand_score")


def as_labels(labels, name="labels"):
    """Labels as a C-contiguous int32 array. Integer labels outside int32, or labels of other
    types (strings...), are encoded to 0..k-1 first: only equality matters to the metrics."""
    a = np.asarray(labels)
    if a.ndim != 1:
        raise InvalidArgumentError(f"{name} must be 1-D; it has shape {a.shape}")
    if np.issubdtype(a.dtype, np.integer) and (a.size == 0 or (a.min() >= -2**31 and a.max() < 2**31)):
        return np.ascontiguousarray(a, dtype=np.int32)
    return np.unique(a, return_inverse=True)[1].astype(np.int32)


def _check_metric(metric):
    if metric != "euclidean":
        raise InvalidArgumentError(f"metric is {metric!r}; segcore computes the silhouette with 'euclidean' only")


def _prepare(X, labels):
    X = _native.as_matrix(X)
    labels = as_labels(labels)
    return X, labels


def silhouette_score(X, labels, *, metric="euclidean", sample_size=None, random_state=None,
                     n_threads=_SILHOUETTE_DEFAULTS.n_threads):
    """Mean silhouette coefficient (Euclidean). sample_size: score a random subset of rows,
    drawn with random_state (segcore's own generator: subsets differ from scikit-learn's)."""
    _check_metric(metric)
    validate({"sample_size": [Interval(Integral, 1, None, closed="left"), None], "random_state": ["random_state"],
              "n_threads": N_THREADS}, dict(sample_size=sample_size, random_state=random_state, n_threads=n_threads),
             "silhouette_score")
    X, labels = _prepare(X, labels)
    opts = _native.options("segcore_silhouette_options_init")
    opts.n_threads = _native.threads_from(n_threads)
    if sample_size is not None:
        opts.sample_size = sample_size
        opts.seed = _native.seed_from(random_state)
    out = ctypes.c_double()
    _sil[X.dtype.type](pointer(X), X.shape[0], X.shape[1], pointer(labels), labels.size, ctypes.byref(opts),
                       ctypes.byref(out))
    return out.value


def silhouette_samples(X, labels, *, metric="euclidean", n_threads=1):
    """The silhouette coefficient of every row."""
    _check_metric(metric)
    X, labels = _prepare(X, labels)
    out = np.empty(X.shape[0], dtype=np.float64)
    _sil_samples[X.dtype.type](pointer(X), X.shape[0], X.shape[1], pointer(labels), labels.size,
                               _native.threads_from(n_threads), pointer(out), out.size)
    return out


def calinski_harabasz_score(X, labels):
    """Between- over within-cluster dispersion (variance ratio criterion)."""
    X, labels = _prepare(X, labels)
    out = ctypes.c_double()
    _ch[X.dtype.type](pointer(X), X.shape[0], X.shape[1], pointer(labels), labels.size, ctypes.byref(out))
    return out.value


def davies_bouldin_score(X, labels):
    """Mean over clusters of the worst similarity to another cluster; lower is better."""
    X, labels = _prepare(X, labels)
    out = ctypes.c_double()
    _db[X.dtype.type](pointer(X), X.shape[0], X.shape[1], pointer(labels), labels.size, ctypes.byref(out))
    return out.value


def adjusted_rand_score(labels_true, labels_pred):
    """Rand index adjusted for chance: 1 for the same partition, about 0 for independent ones."""
    a, b = as_labels(labels_true, "labels_true"), as_labels(labels_pred, "labels_pred")
    if a.size != b.size:
        raise InvalidArgumentError(f"labels_true has {a.size} values and labels_pred {b.size}")
    out = ctypes.c_double()
    _ari(pointer(a), pointer(b), a.size, ctypes.byref(out))
    return out.value
