"""Choosing k and stability: the scores are those of the k-means partitions (checked with
scikit-learn's metrics where installed), the vote and the errors."""
import numpy as np
import pytest

import segcore

sk_metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is not installed")
sk_datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is not installed")


def blobs(n=1500, k=4, std=1.0, seed=0):
    return sk_datasets.make_blobs(n_samples=n, n_features=5, centers=k, cluster_std=std, random_state=seed)[0]


def test_choose_k_scores_are_the_kmeans_partitions_scores():
    X = blobs()
    r = segcore.choose_k(X, range(2, 7), n_init=2, random_state=5, n_threads=2)
    assert list(r.k) == [2, 3, 4, 5, 6]
    for i, k in enumerate(r.k):
        km = segcore.KMeans(int(k), n_init=2, random_state=5, n_threads=2).fit(X)
        assert r.inertia[i] == pytest.approx(km.inertia_, rel=1e-12)
        assert r.silhouette[i] == pytest.approx(sk_metrics.silhouette_score(X, km.labels_), abs=1e-6)
        assert r.calinski_harabasz[i] == pytest.approx(sk_metrics.calinski_harabasz_score(X, km.labels_), rel=1e-9)
        assert r.davies_bouldin[i] == pytest.approx(sk_metrics.davies_bouldin_score(X, km.labels_), rel=1e-9)
    assert r.recommended_k == 4 and r.elbow_k == 4
    assert r.reason.startswith("k = 4:")


def test_choose_k_bad_ranges():
    X = blobs(20)
    with pytest.raises(segcore.InvalidArgumentError, match="k_max = 20 needs at least 21 rows"):
        segcore.choose_k(X, range(2, 21))
    with pytest.raises(segcore.InvalidArgumentError, match="k_min is 1"):
        segcore.choose_k(X, range(1, 4))
    with pytest.raises(segcore.InvalidArgumentError, match="consecutive"):
        segcore.choose_k(X, [2, 4, 6])


def test_stability_separates_real_from_arbitrary_segments():
    X = blobs(2000, k=4, std=0.8)
    good = segcore.cluster_stability(X, 4, n_resamples=8, random_state=1)
    assert good.mean_ari > 0.95 and good.stable.all()
    assert good.ari.shape == (8,) and good.jaccard.shape == (4,)
    # Uniform noise has no segments: splitting it into 9 gives unstable clusters.
    noise = np.random.default_rng(0).random((2000, 5))
    bad = segcore.cluster_stability(noise, 9, n_resamples=8, random_state=1)
    assert bad.mean_ari < good.mean_ari and not bad.stable.all()
    again = segcore.cluster_stability(noise, 9, n_resamples=8, random_state=1, n_threads=2)
    assert np.array_equal(again.ari, bad.ari) and np.array_equal(again.jaccard, bad.jaccard)


def test_stability_bad_input():
    X = blobs(30)
    with pytest.raises(segcore.InvalidArgumentError, match="cannot hold"):
        segcore.cluster_stability(X, 20, sample_fraction=0.5)
    with pytest.raises(segcore.InvalidArgumentError, match="sample_fraction"):
        segcore.cluster_stability(X, 2, sample_fraction=1.5)
