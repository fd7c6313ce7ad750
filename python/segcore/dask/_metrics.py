"""Clustering metrics of a dask array from per-block partial states of the C ABI.

Calinski-Harabasz, Davies-Bouldin and the inertia are functions of per-cluster sums: counts,
sums of the rows, and sums of (squared) distances to the cluster's mean. Two passes compute
them: the first (segcore_cluster_sums) adds per cluster the count and the sum of the rows minus
an origin (the first row of the data), the second (segcore_cluster_spread) the sums of squared
distances and of distances of each row to its cluster's mean. Distances are taken to the mean
rather than found as "sum of squares minus square of sums", so data far from zero keep their
precision. Each block's state travels as bytes; the library keeps the sums exactly, so the
scores are the same, bit for bit, however the data are chunked and wherever the blocks ran.

The silhouette has no such sums: silhouette_score scores a sample drawn from the seed alone.
"""
from numbers import Integral

import numpy as np

from .. import _native, metrics
from . import _states
from .._errors import InvalidArgumentError


def _matrix_and_labels(X, labels, where):
    """X as a 2-D float32 or float64 dask array (other types as float64) with one chunk across
    the columns, labels as a dask array chunked as X's rows."""
    import dask.array as da
    if hasattr(X, "to_dask_array"):
        X = X.to_dask_array(lengths=True)
    X = X if isinstance(X, da.Array) else da.from_array(np.asarray(X))
    if X.ndim != 2:
        raise InvalidArgumentError(f"{where}: X must be 2-D; it has {X.ndim} dimensions")
    if any(np.isnan(c) for c in X.chunks[0]):
        X = X.compute_chunk_sizes()
    if X.shape[1] == 0:
        raise InvalidArgumentError(f"{where}: X has no columns")
    if not (np.issubdtype(X.dtype, np.number) or X.dtype == np.bool_):
        raise InvalidArgumentError(f"{where}: X has dtype {X.dtype}; a numeric array is needed")
    if hasattr(labels, "to_dask_array"):
        labels = labels.to_dask_array(lengths=True)
    labels = labels if isinstance(labels, da.Array) else da.from_array(np.asarray(labels))
    if labels.ndim != 1 or labels.shape[0] != X.shape[0]:
        raise InvalidArgumentError(f"{where}: labels has shape {labels.shape}; ({X.shape[0]},) is needed")
    if not np.issubdtype(labels.dtype, np.integer):
        raise InvalidArgumentError(f"{where}: labels have dtype {labels.dtype}; integer labels are needed")
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    return X.rechunk({1: -1}), labels.rechunk((X.chunks[0],))


def _block(x, where, row0):
    """A block as float32 or float64 rows; a value that is not finite fails naming its row."""
    x = np.asarray(x)
    x = x if x.dtype in (np.float32, np.float64) else x.astype(np.float64)
    if np.isfinite(x.sum()):  # no NaN or infinity in x (the cheap check; the sum may also overflow)
        return x
    bad = np.flatnonzero(~np.isfinite(x).all(axis=1))
    if bad.size:
        raise InvalidArgumentError(f"{where}: X[{row0 + bad[0]}] has a value that is not finite")
    return x


def _first_sums(x, labels, origin, where, row0):
    """A task: the block's per-label counts and sums less origin (segcore_cluster_sums), as bytes."""
    state = _states.ClusterSums.create(origin)
    state.accumulate(_block(x, where, row0), labels, where, row0)
    return state.to_bytes()


def _second_sums(x, labels, spread, where, row0):
    """A task: the block's per-cluster sums of squared distances and distances to the cluster's
    mean or center (segcore_cluster_spread, spread: the empty state's bytes), as bytes."""
    state = _states.ClusterSpread.from_bytes(spread)
    state.accumulate(_block(x, where, row0), labels, where, row0)
    return state.to_bytes()


def _offsets(X):
    return np.concatenate([[0], np.cumsum(X.chunks[0])[:-1]]).astype(int).tolist()


def _merged(cls, parts):
    """The blocks' states merged in block order, as bytes (the sums are exact, so the order does
    not change the result)."""
    import dask
    return dask.compute(dask.delayed(_states.merged)(cls, parts))[0]


def _blocks(X, labels):
    return list(X.to_delayed().ravel()), list(labels.to_delayed().ravel()), _offsets(X)


def _cluster_states(X, labels, where):
    """The merged first- and second-pass states of every block."""
    import dask
    n = X.shape[0]
    if n == 0:
        raise InvalidArgumentError(f"{where}: X has no rows")
    origin = np.asarray(X[0].compute(), dtype=np.float64)
    if not np.isfinite(origin).all():
        raise InvalidArgumentError(f"{where}: X[0] has a value that is not finite")
    xb, lb, offsets = _blocks(X, labels)
    first = [dask.delayed(_first_sums)(x, lab, origin, where, o) for x, lab, o in zip(xb, lb, offsets)]
    sums = _states.ClusterSums.from_bytes(_merged(_states.ClusterSums, first))
    k = sums.n_clusters()
    if k < 2 or k + 1 > n:
        raise InvalidArgumentError(f"{where}: there are {k} distinct labels for {n} rows; a score needs "
                                   "between 2 and n - 1 clusters")
    empty = _states.ClusterSpread.from_sums(sums).to_bytes()
    second = [dask.delayed(_second_sums)(x, lab, empty, where, o) for x, lab, o in zip(xb, lb, offsets)]
    return sums, _states.ClusterSpread.from_bytes(_merged(_states.ClusterSpread, second))


def calinski_harabasz_score(X, labels):
    """Between- over within-cluster dispersion of a dask array X (rows) and integer labels,
    as segcore.metrics.calinski_harabasz_score (scikit-learn's definition), from per-block sums."""
    where = "segcore.dask.calinski_harabasz_score"
    X, labels = _matrix_and_labels(X, labels, where)
    sums, spread = _cluster_states(X, labels, where)
    return spread.score(sums, "calinski_harabasz")


def davies_bouldin_score(X, labels):
    """Mean over clusters of the worst (spread_a + spread_b) / distance between the centroids,
    as segcore.metrics.davies_bouldin_score (scikit-learn's definition), from per-block sums."""
    where = "segcore.dask.davies_bouldin_score"
    X, labels = _matrix_and_labels(X, labels, where)
    sums, spread = _cluster_states(X, labels, where)
    return spread.score(sums, "davies_bouldin")


def inertia(X, centers, labels):
    """Sum over rows of the squared distance to the row's center (centers[labels[i]]), of a
    dask array X, from per-block exact sums (the same whatever the chunks)."""
    import dask
    where = "segcore.dask.inertia"
    X, labels = _matrix_and_labels(X, labels, where)
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[1] != X.shape[1]:
        raise InvalidArgumentError(f"{where}: centers has shape {centers.shape}; (k, {X.shape[1]}) is needed")
    if not np.isfinite(centers).all():
        raise InvalidArgumentError(f"{where}: centers hold a value that is not finite")
    empty = _states.ClusterSpread.for_centers(centers).to_bytes()
    xb, lb, offsets = _blocks(X, labels)
    parts = [dask.delayed(_second_sums)(x, lab, empty, where, o) for x, lab, o in zip(xb, lb, offsets)]
    return _states.ClusterSpread.from_bytes(_merged(_states.ClusterSpread, parts)).inertia()


def sample_rows(n, sample_size, seed):
    """The sorted row indices of a sample of sample_size of n rows without replacement, from
    the seed alone (numpy's PCG64): the same whatever the blocks."""
    rng = np.random.Generator(np.random.PCG64(seed))
    return np.sort(rng.choice(n, size=sample_size, replace=False))


def silhouette_score(X, labels, *, sample_size, random_state=0, return_error=False):
    """The mean silhouette coefficient (Euclidean) of a sample of sample_size rows of the dask
    array X, drawn without replacement from random_state alone (the same rows however X is
    chunked), scored with segcore's exact silhouette on the sample (distances to the sampled
    rows only, as scikit-learn's sample_size). return_error=True also returns the standard
    error of the estimate: the per-row values' sample standard deviation / sqrt(sample_size),
    times sqrt(1 - sample_size / n) (docs/guides/dask.md, "Clustering metrics")."""
    import dask.array as da
    where = "segcore.dask.silhouette_score"
    X, labels = _matrix_and_labels(X, labels, where)
    X = X.astype(np.float64)  # the sample is scored in double, whatever the data's type
    n = X.shape[0]
    if isinstance(sample_size, bool) or not isinstance(sample_size, Integral) or not 2 <= sample_size:
        raise InvalidArgumentError(f"{where}: sample_size is {sample_size!r}; a whole number >= 2 is needed")
    m = min(int(sample_size), n)
    rows = sample_rows(n, m, _native.seed_from(random_state))
    x, lab = da.compute(X[rows], labels[rows])
    score = metrics.silhouette_score(x, lab)
    if not return_error:
        return score
    values = metrics.silhouette_samples(x, lab)
    error = float(np.std(values, ddof=1) / np.sqrt(m) * np.sqrt(1.0 - m / n)) if m > 1 else float("nan")
    return score, error
