"""k-means|| seeding (Bahmani et al., "Scalable k-means++", 2012) over the partitions of a Dask
array: a few rounds that each sample rows with probability proportional to their squared
distance to the candidates so far (about `oversampling` x k rows per round), then the
candidates, weighted by the rows nearest to each, reduced to k centers by segcore's greedy
k-means++ in one process. Every random draw comes from a stream named by (seed, round,
partition), so the same seed gives the same centers wherever the partitions run."""
import dask
import numpy as np

from .._errors import InvalidArgumentError
from ..cluster import KMeans as _LocalKMeans

_ROWS_AT_ONCE = 4096  # rows whose distances to every candidate are held at once


def _nearest_sq(x, candidates):
    """Squared distance of each row of x to its nearest candidate, and that candidate's index
    (differences taken directly, so data far from zero keep their spread)."""
    best = np.full(x.shape[0], np.inf)
    which = np.zeros(x.shape[0], dtype=np.int64)
    for i in range(0, x.shape[0], _ROWS_AT_ONCE):
        rows = x[i:i + _ROWS_AT_ONCE].astype(np.float64)
        d2 = ((rows[:, None, :] - candidates[None, :, :]) ** 2).sum(axis=2)
        which[i:i + len(rows)] = np.argmin(d2, axis=1)
        best[i:i + len(rows)] = d2[np.arange(len(rows)), which[i:i + len(rows)]]
    return best, which


def _weights(w, n):
    return np.ones(n) if w is None else np.asarray(w, dtype=np.float64)


def _cost(block, w, candidates):
    d2, _ = _nearest_sq(np.asarray(block), candidates)
    return float(np.dot(_weights(w, len(d2)), d2))


def _sample(block, w, candidates, phi, ell, seed, rnd, part):
    block = np.asarray(block)
    d2, _ = _nearest_sq(block, candidates)
    p = np.minimum(1.0, ell * _weights(w, len(d2)) * d2 / phi)
    rng = np.random.default_rng([seed, rnd, part])
    return block[rng.random(len(d2)) < p].astype(np.float64)


def _candidate_weights(block, w, candidates):
    _, which = _nearest_sq(np.asarray(block), candidates)
    return np.bincount(which, weights=_weights(w, len(which)), minlength=len(candidates))


def kmeans_parallel(blocks, sizes, weights, k, seed, oversampling=2.0, rounds=5):
    """k initial centers (k x d, float64) from the row blocks (dask.delayed, in order) of the
    given sizes; weights: None or matching delayed blocks of sample weights."""
    weights = weights or [None] * len(blocks)
    rng = np.random.default_rng([seed, 0xF1257])
    offsets = np.cumsum([0, *sizes])
    first = int(rng.integers(offsets[-1]))
    part = int(np.searchsorted(offsets, first, side="right") - 1)
    candidates = np.asarray(blocks[part].compute())[first - offsets[part]][None, :].astype(np.float64)
    ell = oversampling * k
    for rnd in range(1, rounds + 1):
        phi = sum(dask.compute(*[dask.delayed(_cost)(b, w, candidates) for b, w in zip(blocks, weights)]))
        if not phi > 0:
            break  # every row sits on a candidate
        new = dask.compute(*[dask.delayed(_sample)(b, w, candidates, phi, ell, seed, rnd, i)
                             for i, (b, w) in enumerate(zip(blocks, weights))])
        candidates = np.unique(np.vstack([candidates, *new]), axis=0)
    if len(candidates) < k:
        raise InvalidArgumentError(f"KMeans.fit: the data have only {len(candidates)} distinct rows, fewer than "
                                   f"n_clusters = {k}")
    cw = sum(dask.compute(*[dask.delayed(_candidate_weights)(b, w, candidates) for b, w in zip(blocks, weights)]))
    keep = cw > 0
    if keep.sum() < k:  # candidates no row is nearest to (duplicates of weightless rows) count as one row
        cw = np.where(keep, cw, np.min(cw[keep]) if keep.any() else 1.0)
    local = _LocalKMeans(n_clusters=k, n_init=1, max_iter=300, random_state=seed, n_threads=1)
    return local.fit(candidates, sample_weight=cw).cluster_centers_
