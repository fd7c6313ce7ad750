"""k-means with scikit-learn's names, over segcore's C ABI."""
import ctypes
from numbers import Integral, Real

import numpy as np

from . import _capi, _native
from ._errors import InvalidArgumentError, NotFittedError
from ._native import lib, pointer
from ._estimator import Estimator, writes_fitted
from ._params import (INT32_MAX, N_THREADS, NON_NEGATIVE_FLOAT, POSITIVE_INT32, Interval, StrOptions)
from ._persist import Persistent, model_info

_LLOYD, _HAMERLY, _MINIBATCH = _capi.SEGCORE_KMEANS_LLOYD, _capi.SEGCORE_KMEANS_HAMERLY, _capi.SEGCORE_KMEANS_MINIBATCH
# "elkan" is scikit-learn's accelerated algorithm; segcore's is Hamerly's, which gives the
# same result as Lloyd with O(n) bound memory instead of Elkan's O(n * k).
_ALGORITHMS = {**_native.enum("KMEANS", "minibatch"), "elkan": _HAMERLY}
MAX_CLUSTERS = 1 << 24  # the native models' limit


_P, _S = ctypes.c_void_p, ctypes.c_size_t
_c = _native.checked
_DEFAULTS = _native.options("segcore_kmeans_options_init")
_MINIBATCH_DEFAULTS = _native.options("segcore_kmeans_minibatch_options_init")
_create = _c("segcore_kmeans_create")
_destroy = lib.segcore_kmeans_destroy
_set_init = _c("segcore_kmeans_set_init_centers")
_fit = {np.float32: _c("segcore_kmeans_fit_f32", long=True), np.float64: _c("segcore_kmeans_fit_f64", long=True)}
_partial_fit = {np.float32: _c("segcore_kmeans_partial_fit_f32", long=True),
                np.float64: _c("segcore_kmeans_partial_fit_f64", long=True)}
_predict = {np.float32: _c("segcore_kmeans_predict_f32"), np.float64: _c("segcore_kmeans_predict_f64")}
_transform = {np.float32: _c("segcore_kmeans_transform_f32"), np.float64: _c("segcore_kmeans_transform_f64")}
_get_shape = _c("segcore_kmeans_get_shape")
_get_centers = _c("segcore_kmeans_get_centers")
_get_labels = _c("segcore_kmeans_get_labels")
_get_inertia = _c("segcore_kmeans_get_inertia")
_get_n_iter = _c("segcore_kmeans_get_n_iter")
_get_n_steps = _c("segcore_kmeans_get_n_steps")


class _KMeansBase(Estimator, Persistent):
    """save(path) / to_bytes() and Class.load(path) / Class.from_bytes(data) keep a fitted model
    (not the labels of the fitted rows). On a loaded object the constructor parameters other
    than n_clusters read their defaults: the file keeps the model, which goes on using its
    saved options (partial_fit too), while a new fit uses the parameters. Parameters are checked, and the native model built from them,
    at fit: set_params or attribute assignment takes effect then."""

    _c_prefix = "segcore_kmeans"
    _file_kind = None
    _estimator_type = "clusterer"
    _parameter_constraints = {
        "n_clusters": [Interval(Integral, 1, MAX_CLUSTERS, closed="both")],
        "init": [StrOptions({"k-means++"}), "array-like"],
        "max_iter": POSITIVE_INT32,
        "tol": NON_NEGATIVE_FLOAT,
        "random_state": ["random_state"],
        "n_threads": N_THREADS,
    }

    @writes_fitted
    def _restore(self):
        kind = model_info(self.to_bytes())["kind"]
        if kind != self._file_kind:
            raise InvalidArgumentError(f"the file holds a {kind} model, not a {type(self).__name__}")
        self._read_fit(np.float64)
        self._reset_params()
        self.n_clusters = self.cluster_centers_.shape[0]
        return self

    def _more_tags(self):  # scikit-learn's estimator tags; its own KMeans marks the same check
        return {"_xfail_checks": {"check_sample_weights_invariance":
                                  "zero sample_weight is not equivalent to removing samples: the seeding draws differ"}}

    def _options(self):
        """The C options of the current parameters, checked."""
        self._validate_params()
        opts = _native.options("segcore_kmeans_options_init")
        opts.n_clusters = self.n_clusters
        opts.max_iter = self.max_iter
        opts.tol = float(self.tol)
        opts.seed = _native.seed_from(self.random_state)
        opts.n_threads = _native.threads_from(self.n_threads)
        return opts

    def _new_handle(self, opts):
        """A native model made from opts and the init parameter; owned by the caller."""
        init = None
        if not isinstance(self.init, str):
            init = np.ascontiguousarray(self.init, dtype=np.float64)
            if init.ndim != 2:
                raise InvalidArgumentError(f"init must be a 2-D array of centers; it has {init.ndim} dimensions")
        handle = _P()
        _create(ctypes.byref(handle), ctypes.byref(opts))
        try:
            if init is not None:
                _set_init(handle, pointer(init), init.shape[0], init.shape[1])
        except BaseException:
            _destroy(handle)
            raise
        return handle

    def __del__(self):
        _native.release(self, _destroy)

    def _read_fit(self, dtype):
        k, d, n = _S(), _S(), _S()
        _get_shape(self._handle, ctypes.byref(k), ctypes.byref(d), ctypes.byref(n))
        centers = np.empty((k.value, d.value), dtype=np.float64)
        _get_centers(self._handle, pointer(centers), centers.size)
        self.cluster_centers_ = centers.astype(dtype, copy=False)
        self.n_features_in_ = d.value
        if n.value:
            labels = np.empty(n.value, dtype=np.int32)
            _get_labels(self._handle, pointer(labels), labels.size)
            self.labels_ = labels
        inertia, n_iter = ctypes.c_double(), ctypes.c_int64()
        _get_inertia(self._handle, ctypes.byref(inertia))
        _get_n_iter(self._handle, ctypes.byref(n_iter))
        self.inertia_ = inertia.value
        self.n_iter_ = n_iter.value
        if self._file_kind == "minibatch_kmeans":
            n_steps = ctypes.c_int64()
            _get_n_steps(self._handle, ctypes.byref(n_steps))
            self.n_steps_ = n_steps.value

    @writes_fitted
    def _call_fit(self, table, X, sample_weight, handle):
        X = _native.as_matrix(X)
        w = _native.as_weights(sample_weight, X.shape[0])
        try:
            table[X.dtype.type](handle, pointer(X), X.shape[0], X.shape[1], None if w is None else pointer(w))
        except BaseException:
            if handle is not self.__dict__.get("_handle"):
                _destroy(handle)
            raise
        if handle is not self.__dict__.get("_handle"):
            _native.release(self, _destroy)
            self._handle = handle
        self._read_fit(X.dtype)
        return self

    @writes_fitted
    def fit(self, X, y=None, sample_weight=None):
        """Clusters the rows of X (2-D, float32 or float64 C-contiguous used without a copy)
        with a new native model built from the current parameters."""
        return self._call_fit(_fit, X, sample_weight, self._new_handle(self._options()))

    def score(self, X, y=None, sample_weight=None):
        """Opposite of the k-means objective of X on the fitted centers (scikit-learn's score):
        minus the (weighted) sum of squared distances to the nearest center."""
        d = self.transform(X)
        w = _native.as_weights(sample_weight, d.shape[0])
        nearest = np.min(d, axis=1) ** 2 if d.shape[0] else np.zeros(0)
        return -float(np.sum(nearest if w is None else nearest * w))

    def _check_fitted(self):
        if not hasattr(self, "cluster_centers_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")

    def predict(self, X):
        """The index of the nearest center of each row."""
        self._check_fitted()
        X = _native.as_matrix(X)
        labels = np.empty(X.shape[0], dtype=np.int32)
        _predict[X.dtype.type](self._handle, pointer(X), X.shape[0], X.shape[1], pointer(labels), labels.size)
        return labels

    def transform(self, X):
        """Euclidean distances of each row to each center (n_samples x n_clusters)."""
        self._check_fitted()
        X = _native.as_matrix(X)
        out = np.empty((X.shape[0], self.cluster_centers_.shape[0]), dtype=np.float64)
        _transform[X.dtype.type](self._handle, pointer(X), X.shape[0], X.shape[1], pointer(out), out.size)
        return out

    def fit_predict(self, X, y=None, sample_weight=None):
        return self.fit(X, sample_weight=sample_weight).labels_.copy()

    def fit_transform(self, X, y=None, sample_weight=None):
        return self.fit(X, sample_weight=sample_weight).transform(X)


class KMeans(_KMeansBase):
    """k-means with scikit-learn's interface.

    algorithm: "lloyd", or "hamerly" / "elkan" for the exact accelerated algorithm (segcore runs
    Hamerly's for both names; the result equals Lloyd's). random_state: None draws a fresh seed;
    an int gives identical results on every run and for every n_threads. n_threads: None uses
    one thread per core.
    """

    _file_kind = "kmeans"

    _parameter_constraints = {**_KMeansBase._parameter_constraints,
                              "n_init": [StrOptions({"auto"}), Interval(Integral, 1, INT32_MAX, closed="both")],
                              "algorithm": [StrOptions(set(_ALGORITHMS))]}

    def __init__(self, n_clusters=_DEFAULTS.n_clusters, *, init="k-means++", n_init=_DEFAULTS.n_init,
                 max_iter=_DEFAULTS.max_iter, tol=_DEFAULTS.tol, algorithm="lloyd", random_state=None,
                 n_threads=None):
        self.n_clusters, self.init, self.n_init, self.max_iter, self.tol = n_clusters, init, n_init, max_iter, tol
        self.algorithm, self.random_state, self.n_threads = algorithm, random_state, n_threads

    def _options(self):
        opts = super()._options()
        opts.n_init = 1 if self.n_init == "auto" else self.n_init  # "auto": one run for k-means++, as scikit-learn
        opts.algorithm = _ALGORITHMS[self.algorithm]
        return opts


class MiniBatchKMeans(_KMeansBase):
    """Mini-batch k-means with scikit-learn's interface, including partial_fit. n_iter_ is the
    number of passes over the data of the last fit, n_steps_ the mini-batch steps taken.
    max_no_improvement: None or 0 never stops on it."""

    _file_kind = "minibatch_kmeans"

    _parameter_constraints = {**_KMeansBase._parameter_constraints,
                              "batch_size": POSITIVE_INT32,
                              "reassignment_ratio": [Interval(Real, 0, 1, closed="both")],
                              "max_no_improvement": [Interval(Integral, 0, INT32_MAX, closed="both"), None]}

    def __init__(self, n_clusters=_MINIBATCH_DEFAULTS.n_clusters, *, init="k-means++",
                 batch_size=_MINIBATCH_DEFAULTS.batch_size, max_iter=_MINIBATCH_DEFAULTS.max_iter,
                 tol=_MINIBATCH_DEFAULTS.tol, max_no_improvement=_MINIBATCH_DEFAULTS.max_no_improvement,
                 reassignment_ratio=_MINIBATCH_DEFAULTS.reassignment_ratio, random_state=None, n_threads=None):
        self.n_clusters, self.init, self.batch_size, self.max_iter, self.tol = n_clusters, init, batch_size, max_iter, tol
        self.max_no_improvement = max_no_improvement
        self.reassignment_ratio, self.random_state, self.n_threads = reassignment_ratio, random_state, n_threads

    def _options(self):
        opts = super()._options()
        opts.n_init, opts.algorithm = 1, _MINIBATCH
        opts.batch_size = self.batch_size
        opts.reassignment_ratio = float(self.reassignment_ratio)
        opts.max_no_improvement = 0 if self.max_no_improvement is None else self.max_no_improvement
        return opts

    @writes_fitted
    def partial_fit(self, X, y=None, sample_weight=None):
        """One update with X as the batch; the first call initialises the centers from X.
        Afterwards labels_ and inertia_ describe X against the updated centers."""
        handle = self.__dict__.get("_handle") or self._new_handle(self._options())
        return self._call_fit(_partial_fit, X, sample_weight, handle)
