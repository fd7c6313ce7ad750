"""segcore's PCA and agglomerative clustering against scikit-learn's and scipy's.

Skipped, with the reason, when scikit-learn or scipy is not installed.
"""
import numpy as np
import pytest

import segcore

sk_decomposition = pytest.importorskip("sklearn.decomposition", reason="scikit-learn is not installed")
sk_cluster = pytest.importorskip("sklearn.cluster", reason="scikit-learn is not installed")
sk_metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is not installed")
sk_datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is not installed")


def data(n=1000, d=8, seed=0):
    rng = np.random.default_rng(seed)
    # Correlated columns with distinct variances, so that the components are well defined.
    return rng.normal(size=(n, d)) @ rng.normal(size=(d, d)) + rng.normal(size=d) * 10


@pytest.mark.parametrize("n_components", [None, 3, 1])
@pytest.mark.parametrize("whiten", [False, True])
def test_pca_equals_sklearn_up_to_sign(n_components, whiten):
    X = data()
    a = segcore.PCA(n_components, whiten=whiten, n_threads=2).fit(X)
    b = sk_decomposition.PCA(n_components, whiten=whiten, svd_solver="full").fit(X)
    signs = np.sign(np.sum(a.components_ * b.components_, axis=1))
    np.testing.assert_allclose(a.components_, b.components_ * signs[:, None], atol=1e-8)
    np.testing.assert_allclose(a.explained_variance_, b.explained_variance_, rtol=1e-9)
    np.testing.assert_allclose(a.explained_variance_ratio_, b.explained_variance_ratio_, rtol=1e-9)
    np.testing.assert_allclose(a.singular_values_, b.singular_values_, rtol=1e-9)
    np.testing.assert_allclose(a.mean_, b.mean_, rtol=1e-12)
    assert a.noise_variance_ == pytest.approx(b.noise_variance_, rel=1e-9, abs=1e-12)
    Ya, Yb = a.transform(X), b.transform(X)
    np.testing.assert_allclose(Ya, Yb * signs, atol=1e-7)
    np.testing.assert_allclose(a.inverse_transform(Ya), b.inverse_transform(Yb), atol=1e-7)


def test_pca_round_trip_and_errors():
    X = data(200, 5)
    p = segcore.PCA().fit(X)
    np.testing.assert_allclose(p.inverse_transform(p.transform(X)), X, atol=1e-9)
    with pytest.raises(segcore.InvalidArgumentError, match="at most min"):
        segcore.PCA(6).fit(X)
    with pytest.raises(segcore.InvalidArgumentError, match="4 columns"):
        p.transform(X[:, :4].copy())
    with pytest.raises(segcore.NotFittedError):
        segcore.PCA().transform(X)


def blobs(n, d, k, std, seed):
    X, _ = sk_datasets.make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=std, random_state=seed)
    return X


@pytest.mark.parametrize("linkage", ["ward", "complete", "average", "single"])
@pytest.mark.parametrize("n,d,k,std", [(600, 4, 5, 1.5), (1500, 8, 8, 3.0), (300, 2, 3, 4.0)])
@pytest.mark.parametrize("n_clusters", [2, 5, 12])
def test_agglomerative_equals_sklearn(linkage, n, d, k, std, n_clusters):
    X = blobs(n, d, k, std, seed=n + d)
    a = segcore.AgglomerativeClustering(n_clusters, linkage=linkage).fit(X)
    b = sk_cluster.AgglomerativeClustering(n_clusters, linkage=linkage).fit(X)
    # The same partition, up to renumbering.
    assert sk_metrics.adjusted_rand_score(a.labels_, b.labels_) == 1.0
    assert a.n_clusters_ == n_clusters


@pytest.mark.parametrize("linkage", ["ward", "complete", "average", "single"])
def test_linkage_matrix_equals_scipy(linkage):
    hierarchy = pytest.importorskip("scipy.cluster.hierarchy", reason="scipy is not installed")
    X = blobs(400, 5, 4, 2.0, seed=1)
    ours, theirs = segcore.linkage(X, linkage), hierarchy.linkage(X, linkage)
    np.testing.assert_allclose(ours[:, 2], theirs[:, 2], rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(ours[:, 3], theirs[:, 3])
    np.testing.assert_array_equal(ours[:, :2], theirs[:, :2])


def test_distance_threshold_equals_sklearn():
    X = blobs(500, 3, 4, 1.0, seed=2)
    for t in (2.0, 10.0, 50.0):
        a = segcore.AgglomerativeClustering(None, distance_threshold=t).fit(X)
        b = sk_cluster.AgglomerativeClustering(None, distance_threshold=t).fit(X)
        assert a.n_clusters_ == b.n_clusters_
        assert sk_metrics.adjusted_rand_score(a.labels_, b.labels_) == 1.0
        np.testing.assert_allclose(a.distances_, b.distances_, rtol=1e-9)


def test_agglomerative_bad_input():
    X = blobs(50, 3, 2, 1.0, seed=0)
    with pytest.raises(segcore.InvalidArgumentError, match=r"n_clusters is 51; it must be in \[1, 50\]"):
        segcore.AgglomerativeClustering(51).fit(X)
    X[3, 0] = np.inf
    with pytest.raises(segcore.InvalidArgumentError, match="row 3, column 0 is infinite"):
        segcore.AgglomerativeClustering(2).fit(X)
    with pytest.raises(segcore.InvalidArgumentError, match="linkage"):
        segcore.AgglomerativeClustering(2, linkage="centroid").fit(X)
    with pytest.raises(segcore.InvalidArgumentError, match="1 sample"):
        segcore.AgglomerativeClustering(1).fit(X[:1])
