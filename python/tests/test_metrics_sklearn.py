"""segcore's clustering metrics against scikit-learn's on the same data (within 1e-6).

Skipped, with the reason, when scikit-learn is not installed.
"""
import numpy as np
import pytest

import segcore

sk_metrics = pytest.importorskip("sklearn.metrics", reason="scikit-learn is not installed")
sk_datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is not installed")


def blobs(n=2000, d=6, k=5, std=2.0, seed=0, dtype=np.float64):
    X, y = sk_datasets.make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=std, random_state=seed)
    return X.astype(dtype), y


@pytest.mark.parametrize("n,d,k", [(50, 2, 2), (700, 3, 7), (2000, 16, 5), (1500, 1, 3)])
def test_silhouette_equals_sklearn(n, d, k):
    X, y = blobs(n, d, k)
    # Offset the data: the centered computation must not care where it sits.
    X = X + 1000.0
    assert segcore.silhouette_score(X, y, n_threads=2) == pytest.approx(sk_metrics.silhouette_score(X, y), abs=1e-6)
    np.testing.assert_allclose(segcore.silhouette_samples(X, y), sk_metrics.silhouette_samples(X, y), atol=1e-6)


def test_silhouette_float32_input():
    X, y = blobs(1000, 4, 3, dtype=np.float32)
    assert segcore.silhouette_score(X, y) == pytest.approx(sk_metrics.silhouette_score(X.astype(np.float64), y), abs=1e-6)


def test_silhouette_singletons_and_arbitrary_label_values():
    X, y = blobs(300, 3, 4)
    y = np.where(y == 0, -7, y * 1000)  # any int values
    y[5], y[17] = 424242, 99  # clusters of one point score 0, as in scikit-learn
    np.testing.assert_allclose(segcore.silhouette_samples(X, y), sk_metrics.silhouette_samples(X, y), atol=1e-6)
    assert segcore.silhouette_samples(X, y)[5] == 0.0


def test_silhouette_same_for_any_thread_count():
    X, y = blobs(3000, 8, 6)
    one = segcore.silhouette_samples(X, y, n_threads=1)
    for t in (2, 3, 7):
        assert np.array_equal(segcore.silhouette_samples(X, y, n_threads=t), one)


def test_sampled_silhouette_is_the_exact_score_of_its_sample():
    X, y = blobs(3000, 5, 4)
    a = segcore.silhouette_score(X, y, sample_size=500, random_state=3)
    assert a == segcore.silhouette_score(X, y, sample_size=500, random_state=3)  # seeded
    assert a != segcore.silhouette_score(X, y, sample_size=500, random_state=4)
    assert a == pytest.approx(sk_metrics.silhouette_score(X, y), abs=0.05)


@pytest.mark.parametrize("n,d,k", [(50, 2, 2), (700, 3, 7), (2000, 16, 5)])
def test_ch_db_equal_sklearn(n, d, k):
    X, y = blobs(n, d, k)
    assert segcore.calinski_harabasz_score(X, y) == pytest.approx(sk_metrics.calinski_harabasz_score(X, y), rel=1e-9)
    assert segcore.davies_bouldin_score(X, y) == pytest.approx(sk_metrics.davies_bouldin_score(X, y), abs=1e-9)


def test_degenerate_scores_follow_sklearn():
    X = np.array([[1.0, 2.0]] * 4 + [[5.0, 5.0]] * 4)
    y = np.array([0] * 4 + [1] * 4)
    assert segcore.calinski_harabasz_score(X, y) == sk_metrics.calinski_harabasz_score(X, y) == 1.0
    assert segcore.davies_bouldin_score(X, y) == sk_metrics.davies_bouldin_score(X, y) == 0.0


@pytest.mark.parametrize("seed", range(5))
def test_ari_equals_sklearn(seed):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 6, 5000)
    b = np.where(rng.random(5000) < 0.7, a, rng.integers(0, 9, 5000))
    assert segcore.adjusted_rand_score(a, b) == pytest.approx(sk_metrics.adjusted_rand_score(a, b), abs=1e-12)


def test_ari_special_cases_follow_sklearn():
    for a, b in [([0, 0, 1, 1], [5, 5, 2, 2]), ([0, 0, 0], [1, 1, 1]), ([0, 1, 2], [2, 1, 0]), ([], []),
                 ([0, 0, 1, 1], [0, 1, 0, 1])]:
        assert segcore.adjusted_rand_score(a, b) == pytest.approx(sk_metrics.adjusted_rand_score(a, b), abs=1e-12)


@pytest.mark.parametrize("fn", ["silhouette_score", "calinski_harabasz_score", "davies_bouldin_score"])
def test_bad_input_is_a_clear_error(fn):
    X, y = blobs(100, 3, 3)
    f = getattr(segcore, fn)
    with pytest.raises(segcore.InvalidArgumentError, match="labels has 99 values for 100 rows"):
        f(X, y[:99])
    with pytest.raises(segcore.InvalidArgumentError, match="1 distinct labels"):
        f(X, np.zeros(100, dtype=int))
    with pytest.raises(segcore.InvalidArgumentError, match="100 distinct labels"):
        f(X, np.arange(100))
    Xn = X.copy()
    Xn[7, 1] = np.nan
    with pytest.raises(segcore.InvalidArgumentError, match="row 7, column 1 is NaN"):
        f(Xn, y)


def test_only_euclidean_is_offered():
    X, y = blobs(100, 3, 3)
    assert segcore.silhouette_score(X, y, metric="euclidean") == segcore.silhouette_score(X, y)
    with pytest.raises(segcore.InvalidArgumentError, match="'euclidean' only"):
        segcore.silhouette_score(X, y, metric="cosine")
