"""Choosing k and checking segment stability around k-means, over segcore's C ABI."""
import ctypes
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

from . import _capi, _native
from ._errors import InvalidArgumentError
from ._native import pointer
from ._params import N_THREADS, NON_NEGATIVE_FLOAT, POSITIVE_INT32, Interval, validate
from .cluster import _ALGORITHMS, MAX_CLUSTERS

_c = _native.checked
_CHOOSE_DEFAULTS = _native.options("segcore_choose_k_options_init")
_STABILITY_DEFAULTS = _native.options("segcore_stability_options_init")
_choose = {t: _c(f"segcore_choose_k_{s}", long=True) for t, s in ((np.float64, "f64"), (np.float32, "f32"))}
_stab = {t: _c(f"segcore_cluster_stability_{s}", long=True)
         for t, s in ((np.float64, "f64"), (np.float32, "f32"))}


def _algorithm(name):
    return _native.choice(name, _ALGORITHMS, "algorithm")


# Checked as the estimators' parameters are (segcore._params): no int() truncation of 2.5.
_KMEANS_RUN = {"n_init": POSITIVE_INT32, "max_iter": POSITIVE_INT32, "tol": NON_NEGATIVE_FLOAT,
               "random_state": ["random_state"], "n_threads": N_THREADS}
_CHOOSE_K = {**_KMEANS_RUN, "silhouette_sample_size": [Interval(Integral, 1, None, closed="left"), None]}
_STABILITY = {**_KMEANS_RUN, "n_clusters": [Interval(Integral, 1, MAX_CLUSTERS, closed="both")],
              "n_resamples": POSITIVE_INT32, "sample_fraction": [Interval(Real, 0, 1, closed="right")]}


@dataclass
class ChooseKResult:
    k: np.ndarray
    inertia: np.ndarray
    silhouette: np.ndarray
    calinski_harabasz: np.ndarray
    davies_bouldin: np.ndarray
    elbow_k: int
    recommended_k: int
    reason: str


def choose_k(X, k_range=range(_CHOOSE_DEFAULTS.k_min, _CHOOSE_DEFAULTS.k_max + 1), *,
             n_init=_CHOOSE_DEFAULTS.n_init, max_iter=_CHOOSE_DEFAULTS.max_iter, tol=_CHOOSE_DEFAULTS.tol, algorithm="lloyd", silhouette_sample_size=None, random_state=0,
             n_threads=_CHOOSE_DEFAULTS.n_threads):
    """k-means for each k in k_range (consecutive), with inertia and its elbow, silhouette,
    Calinski-Harabasz and Davies-Bouldin, and a recommended k with the reason."""
    validate(_CHOOSE_K, dict(n_init=n_init, max_iter=max_iter, tol=tol, random_state=random_state, n_threads=n_threads,
                             silhouette_sample_size=silhouette_sample_size), "choose_k")
    ks = list(k_range)
    if any(isinstance(k, bool) or not isinstance(k, Integral) for k in ks):
        raise InvalidArgumentError(f"k_range must be consecutive integers, like range(2, 11); got {k_range!r}")
    if not ks or ks != list(range(ks[0], ks[-1] + 1)):
        raise InvalidArgumentError(f"k_range must be consecutive integers, like range(2, 11); got {k_range!r}")
    X = _native.as_matrix(X)
    o = _native.options("segcore_choose_k_options_init")
    o.k_min, o.k_max = ks[0], ks[-1]
    o.n_init, o.max_iter, o.tol = int(n_init), int(max_iter), float(tol)
    o.algorithm = _algorithm(algorithm)
    o.n_threads = _native.threads_from(n_threads)
    o.seed = _native.seed_from(random_state)
    o.silhouette_sample = 0 if silhouette_sample_size is None else int(silhouette_sample_size)
    scores = (_capi.segcore_k_score * len(ks))()
    rec, elbow = ctypes.c_int32(), ctypes.c_int32()
    reason = ctypes.create_string_buffer(1024)
    _choose[X.dtype.type](pointer(X), X.shape[0], X.shape[1], ctypes.byref(o), scores, len(ks),
                          ctypes.byref(rec), ctypes.byref(elbow), reason, len(reason))
    col = lambda f: np.array([getattr(s, f) for s in scores])
    return ChooseKResult(col("k").astype(int), col("inertia"), col("silhouette"), col("calinski_harabasz"),
                         col("davies_bouldin"), elbow.value, rec.value, reason.value.decode())


@dataclass
class StabilityResult:
    labels: np.ndarray    # the reference clustering of all rows
    ari: np.ndarray       # per resample
    mean_ari: float
    jaccard: np.ndarray   # per reference cluster: mean best Jaccard over resamples
    stable: np.ndarray    # jaccard >= 0.75


def cluster_stability(X, n_clusters, *, n_resamples=_STABILITY_DEFAULTS.n_resamples,
                      sample_fraction=_STABILITY_DEFAULTS.sample_fraction, n_init=_STABILITY_DEFAULTS.n_init,
                      max_iter=_STABILITY_DEFAULTS.max_iter, tol=_STABILITY_DEFAULTS.tol, algorithm="lloyd",
                      random_state=0, n_threads=_STABILITY_DEFAULTS.n_threads):
    """Re-clusters n_resamples random subsets of the rows and compares each with the
    clustering of all rows: the adjusted Rand index overall, the Jaccard index per cluster."""
    validate(_STABILITY, dict(n_clusters=n_clusters, n_resamples=n_resamples, sample_fraction=sample_fraction,
                              n_init=n_init, max_iter=max_iter, tol=tol, random_state=random_state,
                              n_threads=n_threads), "cluster_stability")
    X = _native.as_matrix(X)
    o = _native.options("segcore_stability_options_init")
    o.n_clusters, o.n_resamples, o.sample_fraction = int(n_clusters), int(n_resamples), float(sample_fraction)
    o.n_init, o.max_iter, o.tol = int(n_init), int(max_iter), float(tol)
    o.algorithm = _algorithm(algorithm)
    o.n_threads = _native.threads_from(n_threads)
    o.seed = _native.seed_from(random_state)
    ari = np.empty(max(o.n_resamples, 0))
    jac = np.empty(max(o.n_clusters, 0))
    labels = np.empty(X.shape[0], dtype=np.int32)
    mean = ctypes.c_double()
    _stab[X.dtype.type](pointer(X), X.shape[0], X.shape[1], ctypes.byref(o), ctypes.byref(mean), pointer(ari),
                        ari.size, pointer(jac), jac.size, pointer(labels), labels.size)
    return StabilityResult(labels, ari, mean.value, jac, jac >= 0.75)
