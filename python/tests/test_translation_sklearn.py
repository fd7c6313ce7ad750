"""Clustering on data far from the origin (epoch seconds; float32 columns near 1e5), against
scikit-learn and scipy, which center the data or use differences: the same labels, and centers,
distances and heights within what rounding the translated data itself allows.

Skipped, with the reason, when scikit-learn or scipy is not installed.
"""
import numpy as np
import pytest

import segcore

sk_cluster = pytest.importorskip("sklearn.cluster", reason="scikit-learn is not installed")
sp_hierarchy = pytest.importorskip("scipy.cluster.hierarchy", reason="scipy is not installed")

# (dtype, offset): float32 up to 1e5 times the spread of the data (beyond, float32's own
# rounding of the data is as large as the clusters); float64 data are also shrunk to a spread of
# 0.01 (SPREAD), so that the offsets are up to 1e11 times the spread.
MOVES = [(np.float64, 1e3), (np.float64, 1e5), (np.float64, 1e7), (np.float64, 1e9),
         (np.float32, 1e3), (np.float32, 1e4), (np.float32, 1e5)]
SPREAD = {np.float64: 0.01, np.float32: 1.0}


def separated_blobs(n, d, k, seed):
    """Unit-noise blobs whose centers are at least 24 apart; row i is in blob i % k."""
    rng = np.random.default_rng(seed)
    centers = []
    while len(centers) < k:
        c = rng.uniform(-12 * k, 12 * k, size=d)
        if all(np.linalg.norm(c - o) >= 24 for o in centers):
            centers.append(c)
    truth = np.arange(n) % k
    return np.array(centers)[truth] + rng.standard_normal((n, d)), truth


def moved(X, dtype, offset):
    """X shrunk to the spread for dtype, then moved by offset (a multiple per column)."""
    shift = offset * np.resize([1.0, -1.25, 1.5, 1.0], X.shape[1])
    return (SPREAD[dtype] * X + shift).astype(dtype), shift


def value_tol(dtype, offset):
    return 8 * np.finfo(dtype).eps * (1.75 * offset + 300 * SPREAD[dtype])


def same_partition(a, b):
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


@pytest.mark.parametrize("dtype,offset", MOVES)
@pytest.mark.parametrize("ours,theirs", [("lloyd", "lloyd"), ("hamerly", "elkan")])
@pytest.mark.parametrize("n,d,k", [(3001, 5, 7), (1009, 17, 4)])
def test_kmeans_far_from_origin_matches_sklearn(dtype, offset, ours, theirs, n, d, k):
    X0, truth = separated_blobs(n, d, k, seed=n + d)
    X, _ = moved(X0, dtype, offset)
    init = X[:k].astype(np.float64)
    a = segcore.KMeans(k, init=init, algorithm=ours, n_threads=2).fit(X)
    b = sk_cluster.KMeans(k, init=init.astype(dtype), n_init=1, algorithm=theirs).fit(X)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    assert same_partition(a.labels_, truth)
    tol = value_tol(dtype, offset)
    np.testing.assert_allclose(a.cluster_centers_, b.cluster_centers_, rtol=0, atol=tol)
    np.testing.assert_array_equal(a.predict(X), b.labels_)
    # Against differences in float64 (scikit-learn's own transform expands the square, as
    # segcore did, and is itself inexact this far from the origin).
    exact = np.linalg.norm(X.astype(np.float64)[:, None, :] - a.cluster_centers_.astype(np.float64)[None], axis=2)
    np.testing.assert_allclose(a.transform(X), exact, rtol=1e-12, atol=4 * tol * np.sqrt(d))
    assert a.inertia_ == pytest.approx(b.inertia_, rel=1e-3 if dtype == np.float32 else 1e-7)


@pytest.mark.parametrize("dtype,offset", MOVES)
def test_minibatch_far_from_origin_finds_the_blobs(dtype, offset):
    X0, truth = separated_blobs(4000, 3, 6, seed=3)
    X, shift = moved(X0, dtype, offset)
    init = X[:6].astype(np.float64)
    a = segcore.MiniBatchKMeans(6, init=init, batch_size=256, random_state=0, n_threads=2).fit(X)
    assert same_partition(a.labels_, truth)
    np.testing.assert_array_equal(a.predict(X), a.labels_)
    X0 = (SPREAD[dtype] * X0).astype(dtype)
    ref = segcore.MiniBatchKMeans(6, init=X0[:6].astype(np.float64), batch_size=256,
                                  random_state=0, n_threads=2).fit(X0)
    np.testing.assert_allclose(a.cluster_centers_ - shift, ref.cluster_centers_, rtol=0,
                               atol=value_tol(dtype, offset))


@pytest.mark.parametrize("dtype,offset", MOVES)
@pytest.mark.parametrize("method", ["ward", "complete", "average", "single"])
def test_linkage_far_from_origin_matches_scipy_and_sklearn(dtype, offset, method):
    X0, truth = separated_blobs(240, 4, 5, seed=8)
    X, _ = moved(X0, dtype, offset)
    z = segcore.linkage(X, method)
    ref = sp_hierarchy.linkage(X.astype(np.float64), method)
    # Sorted heights: merges whose heights tie within rounding may come in either order.
    atol = 8 * value_tol(dtype, offset)
    np.testing.assert_allclose(np.sort(z[:, 2]), np.sort(ref[:, 2]), rtol=1e-9, atol=atol)
    labels = segcore.AgglomerativeClustering(5, linkage=method).fit(X).labels_
    theirs = sk_cluster.AgglomerativeClustering(5, linkage=method).fit(X).labels_
    assert same_partition(labels, theirs)
    assert same_partition(labels, truth)
