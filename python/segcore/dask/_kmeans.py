"""k-means on a Dask cluster: Lloyd iterations whose every step maps segcore's partial state
over the partitions and merges the states in partition order, so that from the same initial
centers the fit equals segcore.cluster.KMeans's (algorithm="lloyd") one process fit."""
from numbers import Integral, Real

import dask.array as da
import numpy as np

from .._errors import InvalidArgumentError, NotFittedError
from ..cluster import MAX_CLUSTERS
from . import _kmeans_passes as _passes
from . import _kmeans_state as _state
from ._kmeans_init import kmeans_parallel


def _as_dask_matrix(X):
    """A 2-D dask array of float32 or float64 with one chunk across the columns; a dask
    DataFrame gives its numeric columns (partition lengths computed once)."""
    if hasattr(X, "to_dask_array") and hasattr(X, "select_dtypes"):
        numeric = X.select_dtypes("number")
        if len(numeric.columns) == 0:
            raise InvalidArgumentError("X is a DataFrame without numeric columns")
        X = numeric.to_dask_array(lengths=True)
    elif not isinstance(X, da.Array):
        X = da.from_array(np.asarray(X))
    if X.ndim != 2:
        raise InvalidArgumentError(f"X must be 2-D; it has {X.ndim} dimensions")
    if any(np.isnan(c) for c in X.chunks[0]):
        X = X.compute_chunk_sizes()
    if X.shape[1] == 0:
        raise InvalidArgumentError("X has 0 features; at least 1 is needed")
    if X.dtype not in (np.float32, np.float64):
        if not (np.issubdtype(X.dtype, np.number) or X.dtype == np.bool_):
            raise InvalidArgumentError(f"X has dtype {X.dtype}; a numeric array is needed")
        X = X.astype(np.float32 if X.dtype == np.float16 else np.float64)
    return X.rechunk({1: -1})


def _as_dask_weights(w, X):
    if w is None:
        return None
    w = w if isinstance(w, da.Array) else da.from_array(np.asarray(w, dtype=np.float64))
    if w.shape != (X.shape[0],):
        raise InvalidArgumentError(f"sample_weight has shape {w.shape}; ({X.shape[0]},) is needed")
    return w.astype(np.float64).rechunk((X.chunks[0],))


def _is_dask(X):
    return isinstance(X, da.Array) or hasattr(X, "to_dask_array")


class KMeans:
    """k-means (Lloyd's iterations) over a dask array or the numeric columns of a dask DataFrame.

    init: "k-means||" (scalable seeding, seeded by random_state), or an n_clusters x n_features
    array of initial centers. max_iter and tol mean what they mean for segcore.cluster.KMeans: stop
    when the centers move less than tol times the mean column variance (summed squared shifts).
    From the same initial centers the fit gives that class's labels, n_iter_ and centers (to
    rounding: the sums are added partition by partition). After fit: cluster_centers_,
    labels_ (a lazy dask array), inertia_, n_iter_, n_features_in_. The model pickles (it holds
    no native handle), so map_partitions can carry it.
    """

    _estimator_type = "clusterer"

    def __init__(self, n_clusters=8, *, init="k-means||", max_iter=300, tol=1e-4, random_state=None,
                 oversampling_factor=2.0, init_max_iter=5):
        self.n_clusters, self.init, self.max_iter, self.tol = n_clusters, init, max_iter, tol
        self.random_state, self.oversampling_factor, self.init_max_iter = random_state, oversampling_factor, init_max_iter

    # scikit-learn's parameter protocol
    def get_params(self, deep=True):
        return {name: getattr(self, name) for name in
                ("n_clusters", "init", "max_iter", "tol", "random_state", "oversampling_factor", "init_max_iter")}

    def set_params(self, **params):
        for name, value in params.items():
            if name not in self.get_params():
                raise InvalidArgumentError(f"KMeans has no parameter {name!r}")
            setattr(self, name, value)
        return self

    def _check_params(self):
        def integer(name, low, high):
            v = getattr(self, name)
            if not isinstance(v, Integral) or isinstance(v, bool) or not low <= v <= high:
                raise InvalidArgumentError(f"{name} is {v!r}; it must be an int in [{low}, {high}]")
        integer("n_clusters", 1, MAX_CLUSTERS)
        integer("max_iter", 1, 2**31 - 1)
        integer("init_max_iter", 1, 1000)
        for name in ("tol", "oversampling_factor"):
            v = getattr(self, name)
            if not isinstance(v, Real) or not np.isfinite(v) or v < 0 or (name != "tol" and v == 0):
                raise InvalidArgumentError(f"{name} is {v!r}; it must be a finite number "
                                           f"{'>= 0' if name == 'tol' else '> 0'}")
        if isinstance(self.init, str) and self.init != "k-means||":
            raise InvalidArgumentError(f"init is {self.init!r}; use 'k-means||' or an array of centers")

    def _seed(self):
        from .. import _native
        return _native.seed_from(self.random_state)

    def _initial_centers(self, X, w, blocks):
        k = self.n_clusters
        if not isinstance(self.init, str):
            init = np.ascontiguousarray(self.init, dtype=np.float64)
            if init.shape != (k, X.shape[1]):
                raise InvalidArgumentError(f"init is {init.shape}; n_clusters x n_features ({k}, {X.shape[1]}) is needed")
            return init
        wblocks = None if w is None else list(w.to_delayed())
        return kmeans_parallel(blocks, X.chunks[0], wblocks, k, self._seed(), self.oversampling_factor,
                               self.init_max_iter)

    def _tolerance(self, X):
        # segcore.cluster.KMeans's rule: tol times the mean of the columns' population variances.
        if self.tol == 0:
            return 0.0
        # Two passes (the mean, then squares about it): one pass of sums of squares would lose the
        # spread of data far from zero; dask's var gives NaN when a partition is empty.
        x = X.astype(np.float64)
        mean = x.sum(axis=0).compute() / X.shape[0]
        var = ((x - mean) ** 2).sum(axis=0).compute() / X.shape[0]
        return float(self.tol) * float(var.mean())

    def fit(self, X, y=None, sample_weight=None):
        """Clusters the rows of X (dask array, dask DataFrame, or an array)."""
        self._check_params()
        X = _as_dask_matrix(X)
        n, d = X.shape
        if n == 0:
            raise InvalidArgumentError("X is empty (0 rows)")
        if self.n_clusters > n:
            raise InvalidArgumentError(f"n_clusters = {self.n_clusters} is more than the {n} rows")
        w = _as_dask_weights(sample_weight, X)
        dtype = X.dtype.type
        run = _passes.passes(X, w, dtype)  # with a distributed client, X now stays on the workers
        blocks = list(run.X.to_delayed().ravel())
        centers = self._initial_centers(run.X, run.w, blocks)
        tol = self._tolerance(run.X)

        state = _state.State.create(centers, dtype)
        it = 0
        for it in range(self.max_iter):
            state, shift = run(state.to_bytes()).next()
            self._after_iteration(it)
            if shift <= tol:  # unchanged labels give the same centers again: a shift of 0
                break
        final = run(state.to_bytes())
        del run  # releases the partitions kept for the fit
        self._frame = state.to_bytes()
        self.cluster_centers_ = state.centers().astype(dtype, copy=False)
        self.inertia_ = final.inertia()
        self.n_iter_ = min(it + 1, self.max_iter)
        self.n_features_in_ = d
        self.labels_ = self._labels(X)
        return self

    def _after_iteration(self, it):
        """Called after each iteration (a hook for tests that disturb the cluster mid-fit)."""

    def _check_fitted(self):
        if not hasattr(self, "cluster_centers_"):
            raise NotFittedError("this KMeans is not fitted yet; call fit first")

    def _labels(self, X):
        frame, dtype = self._frame, X.dtype.type

        def assign(block, block_info=None):
            return _state.labels(block, frame, dtype, block_info[0]["array-location"][0][0])
        return X.map_blocks(assign, drop_axis=1, dtype=np.int32)

    def predict(self, X):
        """The nearest center of each row, assigned as the fit assigned its rows: a dask array for
        a dask collection, a numpy array for in-memory data (inside map_partitions)."""
        self._check_fitted()
        if not _is_dask(X):
            x = self._checked_local(X)
            return _state.labels(x, self._frame, x.dtype.type, 0)
        return self._labels(self._checked_input(X))

    def transform(self, X):
        """Euclidean distances of each row to each center (n_samples x n_clusters), taken from the
        differences directly: a dask array for a dask collection, else a numpy array."""
        self._check_fitted()
        centers = np.asarray(self.cluster_centers_, dtype=np.float64)

        def distances(b):
            b = np.asarray(b, dtype=np.float64)
            out = np.empty((b.shape[0], len(centers)))
            for i in range(0, b.shape[0], 4096):
                out[i:i + 4096] = np.sqrt(((b[i:i + 4096, None, :] - centers[None, :, :]) ** 2).sum(axis=2))
            return out
        if not _is_dask(X):
            return distances(self._checked_local(X))
        X = self._checked_input(X)
        return X.map_blocks(distances, chunks=(X.chunks[0], (len(centers),)), dtype=np.float64)

    def fit_predict(self, X, y=None, sample_weight=None):
        return self.fit(X, sample_weight=sample_weight).labels_

    def fit_transform(self, X, y=None, sample_weight=None):
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def _checked_input(self, X):
        X = _as_dask_matrix(X)
        if X.shape[1] != self.n_features_in_:
            raise InvalidArgumentError(f"X has {X.shape[1]} columns; the model was fitted on {self.n_features_in_}")
        if X.dtype != self.cluster_centers_.dtype:  # assigned in the fit's frame, which is for its type
            X = X.astype(self.cluster_centers_.dtype)
        return X

    def _checked_local(self, X):
        from .. import _native
        x = _native.as_matrix(X)
        if x.shape[1] != self.n_features_in_:
            raise InvalidArgumentError(f"X has {x.shape[1]} columns; the model was fitted on {self.n_features_in_}")
        return np.ascontiguousarray(x, dtype=self.cluster_centers_.dtype)

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("labels_", None)  # a graph over the fitted data, not part of the model
        return state
