"""segcore's k-means against scikit-learn's, from the same data and the same initial centers.

Skipped, with the reason, when scikit-learn is not installed.
"""
import numpy as np
import pytest

import segcore

sk_cluster = pytest.importorskip("sklearn.cluster", reason="scikit-learn is not installed")
sk_datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is not installed")

CASES = {
    # name: (n, d, k of the generator, cluster_std)
    "separated": (4000, 5, 6, 0.5),
    "overlapping": (4000, 8, 10, 4.0),
}


def make(case, dtype, k, seed=0):
    n, d, blobs, std = CASES[case]
    X, _ = sk_datasets.make_blobs(n_samples=n, n_features=d, centers=blobs, cluster_std=std,
                                  center_box=(-10, 10), random_state=seed)
    rng = np.random.default_rng(seed + 1)
    init = X[rng.choice(n, size=k, replace=False)]
    return X.astype(dtype), init


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("k", [3, 8, 16])
@pytest.mark.parametrize("ours,theirs", [("lloyd", "lloyd"), ("hamerly", "elkan")])
def test_same_labels_and_inertia_as_sklearn_float64(case, k, ours, theirs):
    X, init = make(case, np.float64, k)
    a = segcore.KMeans(k, init=init, algorithm=ours, n_threads=2).fit(X)
    b = sk_cluster.KMeans(k, init=init, n_init=1, algorithm=theirs).fit(X)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    assert a.inertia_ == pytest.approx(b.inertia_, rel=1e-5)
    assert a.n_iter_ == b.n_iter_
    np.testing.assert_allclose(a.cluster_centers_, b.cluster_centers_, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("ours,theirs", [("lloyd", "lloyd"), ("hamerly", "elkan")])
def test_float32_matches_sklearn(case, ours, theirs):
    # scikit-learn accumulates float32 data in float32, segcore in float64, so centers differ in
    # the last float32 bits and a point on a boundary may change sides: labels must agree on
    # all but 0.1% of the rows, inertia to 1e-5.
    X, init = make(case, np.float32, 8)
    a = segcore.KMeans(8, init=init, algorithm=ours, n_threads=2).fit(X)
    b = sk_cluster.KMeans(8, init=init.astype(np.float32), n_init=1, algorithm=theirs).fit(X)
    assert np.mean(a.labels_ == b.labels_) >= 0.999
    assert a.inertia_ == pytest.approx(b.inertia_, rel=1e-5)
    assert a.cluster_centers_.dtype == np.float32


def test_kmeanspp_quality_is_comparable_to_sklearn():
    # Different random streams, so only the quality can be compared: best of 5 restarts each.
    X, _ = make("overlapping", np.float64, 10)
    ours = segcore.KMeans(10, n_init=5, random_state=0).fit(X).inertia_
    theirs = sk_cluster.KMeans(10, n_init=5, random_state=0).fit(X).inertia_
    assert ours <= theirs * 1.02


def test_sample_weight_matches_sklearn():
    X, init = make("overlapping", np.float64, 5)
    w = np.random.default_rng(3).uniform(0.1, 3.0, size=X.shape[0])
    a = segcore.KMeans(5, init=init, n_threads=2).fit(X, sample_weight=w)
    b = sk_cluster.KMeans(5, init=init, n_init=1).fit(X, sample_weight=w)
    np.testing.assert_array_equal(a.labels_, b.labels_)
    assert a.inertia_ == pytest.approx(b.inertia_, rel=1e-5)
