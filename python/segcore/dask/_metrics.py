"""Clustering metrics of a dask array from per-block sums, merged in block order.

Calinski-Harabasz, Davies-Bouldin and the inertia are functions of per-cluster sums: counts,
sums of the rows, and sums of (squared) distances to the cluster's mean. Two passes compute
them: the first adds per cluster the count and the sum of the rows minus an origin (the first
row of the data), the second the sums of squared distances and of distances of each row to
its cluster's mean. Distances are taken to the mean rather than found as "sum of squares minus
square of sums", so data far from zero keep their precision. Blocks' sums are added in block
order in one task, so the result does not depend on where the blocks ran.

The silhouette has no such sums: silhouette_score scores a sample drawn from the seed alone.
"""
from numbers import Integral

import numpy as np

from .. import _native, metrics
from .._errors import InvalidArgumentError


def _matrix_and_labels(X, labels, where):
    """X as a 2-D float64 dask array with one chunk across the columns, labels as a dask
    array chunked as X's rows."""
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
    return X.astype(np.float64).rechunk({1: -1}), labels.rechunk((X.chunks[0],))


def _block(x, where, row0):
    x = np.asarray(x, dtype=np.float64)
    if np.isfinite(x.sum()):  # no NaN or infinity in x (the cheap check; the sum may also overflow)
        return x
    bad = np.flatnonzero(~np.isfinite(x).all(axis=1))
    if bad.size:
        raise InvalidArgumentError(f"{where}: X[{row0 + bad[0]}] has a value that is not finite")
    return x


def _first_sums(x, labels, origin, where, row0):
    """Per distinct label of the block (ascending): its count and its rows' sum minus origin."""
    y = _block(x, where, row0) - origin
    keys, at = np.unique(np.asarray(labels, dtype=np.int64), return_inverse=True)
    at = at.reshape(-1)
    sums = np.stack([np.bincount(at, weights=y[:, j], minlength=keys.size) for j in range(y.shape[1])], axis=1)
    return keys, np.bincount(at, minlength=keys.size).astype(np.int64), sums.reshape(keys.size, y.shape[1])


def _merge_first(parts):
    """The blocks' (keys, counts, sums) added in block order."""
    keys = np.unique(np.concatenate([p[0] for p in parts]))
    d = next((p[2].shape[1] for p in parts if p[2].ndim == 2), 0)
    counts, sums = np.zeros(keys.size, np.int64), np.zeros((keys.size, d))
    for k, c, s in parts:
        at = np.searchsorted(keys, k)
        counts[at] += c
        sums[at] += s
    return keys, counts, sums


def _second_sums(x, labels, origin, keys, means, where, row0):
    """Per cluster (in keys' order): the sum of squared distances of the block's rows to the
    cluster mean, and the sum of those distances."""
    y = _block(x, where, row0) - origin
    at = np.searchsorted(keys, np.asarray(labels, dtype=np.int64))
    y -= means[at]
    sq = np.einsum("ij,ij->i", y, y)
    return (np.bincount(at, weights=sq, minlength=keys.size), np.bincount(at, weights=np.sqrt(sq), minlength=keys.size))


def _merge_second(parts):
    squares, distances = np.zeros_like(parts[0][0]), np.zeros_like(parts[0][1])
    for s, d in parts:
        squares += s
        distances += d
    return squares, distances


def _offsets(X):
    return np.concatenate([[0], np.cumsum(X.chunks[0])[:-1]]).astype(int).tolist()


def _cluster_sums(X, labels, where):
    """Per cluster, over all blocks: (counts, means and row sums relative to the origin, sums
    of squared distances and of distances to the mean)."""
    import dask
    n = X.shape[0]
    if n == 0:
        raise InvalidArgumentError(f"{where}: X has no rows")
    origin = np.asarray(X[0].compute(), dtype=np.float64)
    if not np.isfinite(origin).all():
        raise InvalidArgumentError(f"{where}: X[0] has a value that is not finite")
    xb, lb, offsets = list(X.to_delayed().ravel()), list(labels.to_delayed().ravel()), _offsets(X)
    first = [dask.delayed(_first_sums)(x, lab, origin, where, o) for x, lab, o in zip(xb, lb, offsets)]
    keys, counts, sums = dask.compute(dask.delayed(_merge_first)(first))[0]
    if keys.size < 2 or keys.size + 1 > n:
        raise InvalidArgumentError(f"{where}: there are {keys.size} distinct labels for {n} rows; a score needs "
                                   "between 2 and n - 1 clusters")
    means = sums / counts[:, None]
    second = [dask.delayed(_second_sums)(x, lab, origin, keys, means, where, o) for x, lab, o in zip(xb, lb, offsets)]
    squares, distances = dask.compute(dask.delayed(_merge_second)(second))[0]
    return counts, means, sums, squares, distances


def calinski_harabasz_score(X, labels):
    """Between- over within-cluster dispersion of a dask array X (rows) and integer labels,
    as segcore.metrics.calinski_harabasz_score (scikit-learn's definition), from per-block sums."""
    where = "segcore.dask.calinski_harabasz_score"
    X, labels = _matrix_and_labels(X, labels, where)
    counts, means, sums, squares, _ = _cluster_sums(X, labels, where)
    n, k = int(counts.sum()), counts.size
    mean = sums.sum(axis=0) / n
    extra = float(np.sum(counts * np.sum((means - mean) ** 2, axis=1)))
    intra = float(squares.sum())
    if not (np.isfinite(extra) and np.isfinite(intra)):
        raise InvalidArgumentError(f"{where}: the dispersions overflow double precision (values too large to square)")
    return 1.0 if intra == 0 else extra * (n - k) / (intra * (k - 1))


def davies_bouldin_score(X, labels):
    """Mean over clusters of the worst (spread_a + spread_b) / distance between the centroids,
    as segcore.metrics.davies_bouldin_score (scikit-learn's definition), from per-block sums."""
    where = "segcore.dask.davies_bouldin_score"
    X, labels = _matrix_and_labels(X, labels, where)
    counts, means, _, _, distances = _cluster_sums(X, labels, where)
    spread = distances / counts
    between = np.sqrt(np.sum((means[:, None, :] - means[None, :, :]) ** 2, axis=2))
    if np.all(np.abs(spread) <= 1e-8) or np.all(between <= 1e-8):  # as scikit-learn's np.allclose(., 0)
        return 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (spread[:, None] + spread[None, :]) / np.where(between == 0, np.inf, between)
    total = float(np.sum(np.max(ratio, axis=1)))
    if not np.isfinite(total):
        raise InvalidArgumentError(f"{where}: the score overflows double precision (values too large to square)")
    return total / counts.size


def _block_inertia(x, labels, centers, where, row0):
    x = _block(x, where, row0)
    labels = np.asarray(labels, dtype=np.int64)
    bad = np.flatnonzero((labels < 0) | (labels >= centers.shape[0]))
    if bad.size:
        raise InvalidArgumentError(f"{where}: labels[{row0 + bad[0]}] is {labels[bad[0]]}; labels index the "
                                   f"{centers.shape[0]} centers (0 to {centers.shape[0] - 1})")
    diff = x - centers[labels]
    return float(np.einsum("ij,ij->", diff, diff))


def inertia(X, centers, labels):
    """Sum over rows of the squared distance to the row's center (centers[labels[i]]), of a
    dask array X, added block by block in block order."""
    import dask
    where = "segcore.dask.inertia"
    X, labels = _matrix_and_labels(X, labels, where)
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[1] != X.shape[1]:
        raise InvalidArgumentError(f"{where}: centers has shape {centers.shape}; (k, {X.shape[1]}) is needed")
    if not np.isfinite(centers).all():
        raise InvalidArgumentError(f"{where}: centers hold a value that is not finite")
    xb, lb = list(X.to_delayed().ravel()), list(labels.to_delayed().ravel())
    parts = [dask.delayed(_block_inertia)(x, lab, centers, where, o) for x, lab, o in zip(xb, lb, _offsets(X))]
    return dask.compute(dask.delayed(_added)(parts))[0]


def _added(values):
    """The blocks' values added left to right, in block order."""
    total = 0.0
    for v in values:
        total += v
    return total


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
