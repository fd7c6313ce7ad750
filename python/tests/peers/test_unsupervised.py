"""Ported from scikit-learn 1.2.1 sklearn/metrics/cluster/tests/test_unsupervised.py, on
segcore's silhouette_score, silhouette_samples, calinski_harabasz_score and davies_bouldin_score.
segcore computes Euclidean distances only: the cases on metric="precomputed" and sparse input
are not ported (docs/COMPATIBILITY.md). scikit-learn's file writes some checks as bare
`pytest.approx(a, b)`, which checks nothing; here they are asserted."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.spatial.distance import cdist
from sklearn import datasets
from sklearn.metrics import pairwise_distances
from sklearn.metrics.cluster import silhouette_score as sk_silhouette_score

from segcore import calinski_harabasz_score, davies_bouldin_score, silhouette_samples, silhouette_score


def test_silhouette():
    dataset = datasets.load_iris()
    X, y = dataset.data, dataset.target
    D = pairwise_distances(X, metric="euclidean")
    score_precomputed = sk_silhouette_score(D, y, metric="precomputed")  # the oracle
    assert score_precomputed > 0
    score_euclidean = silhouette_score(X, y, metric="euclidean")
    assert score_euclidean == pytest.approx(score_precomputed, abs=1e-12)
    # Sampled: segcore draws its own subset (another generator), so only the signs compare.
    score_euclidean = silhouette_score(X, y, metric="euclidean", sample_size=int(X.shape[0] / 2), random_state=0)
    assert score_euclidean > 0


def test_cluster_size_1():
    X = [[0.0], [1.0], [1.0], [2.0], [3.0], [3.0]]
    labels = np.array([0, 1, 1, 1, 2, 2])
    assert not np.isnan(silhouette_score(X, labels))
    assert_array_equal(silhouette_samples(X, labels), [0, 0.5, 0.5, 0, 1, 1])


def test_correct_labelsize():
    X = datasets.load_iris().data
    for y in (np.arange(X.shape[0]), np.zeros(X.shape[0])):
        # segcore's wording names the same bounds: 2 <= k <= n - 1.
        with pytest.raises(ValueError, match=r"2.*n_samples - 1|n - 1|at least 2|at most"):
            silhouette_score(X, y)


def test_non_encoded_labels():
    dataset = datasets.load_iris()
    X, labels = dataset.data, dataset.target
    assert silhouette_score(X, labels * 2 + 10) == silhouette_score(X, labels)
    assert_array_equal(silhouette_samples(X, labels * 2 + 10), silhouette_samples(X, labels))


def test_non_numpy_labels():
    dataset = datasets.load_iris()
    X, y = dataset.data, dataset.target
    assert silhouette_score(list(X), list(y)) == silhouette_score(X, y)


def assert_raises_on_only_one_label(func):
    rng = np.random.RandomState(seed=0)
    with pytest.raises(ValueError):
        func(rng.rand(10, 2), np.zeros(10))


def assert_raises_on_all_points_same_cluster(func):
    rng = np.random.RandomState(seed=0)
    with pytest.raises(ValueError):
        func(rng.rand(10, 2), np.arange(10))


def test_calinski_harabasz_score():
    assert_raises_on_only_one_label(calinski_harabasz_score)
    assert_raises_on_all_points_same_cluster(calinski_harabasz_score)
    assert 1.0 == calinski_harabasz_score(np.ones((10, 2)), [0] * 5 + [1] * 5)
    assert 0.0 == calinski_harabasz_score([[-1, -1], [1, 1]] * 10, [0] * 10 + [1] * 10)
    X = [[0, 0], [1, 1]] * 5 + [[3, 3], [4, 4]] * 5 + [[0, 4], [1, 3]] * 5 + [[3, 1], [4, 0]] * 5
    labels = [0] * 10 + [1] * 10 + [2] * 10 + [3] * 10
    assert calinski_harabasz_score(X, labels) == pytest.approx(45 * (40 - 4) / (5 * (4 - 1)))


def test_davies_bouldin_score():
    assert_raises_on_only_one_label(davies_bouldin_score)
    assert_raises_on_all_points_same_cluster(davies_bouldin_score)
    assert davies_bouldin_score(np.ones((10, 2)), [0] * 5 + [1] * 5) == pytest.approx(0.0)
    assert davies_bouldin_score([[-1, -1], [1, 1]] * 10, [0] * 10 + [1] * 10) == pytest.approx(0.0)
    X = [[0, 0], [1, 1]] * 5 + [[3, 3], [4, 4]] * 5 + [[0, 4], [1, 3]] * 5 + [[3, 1], [4, 0]] * 5
    labels = [0] * 10 + [1] * 10 + [2] * 10 + [3] * 10
    assert davies_bouldin_score(X, labels) == pytest.approx(2 * np.sqrt(0.5) / 3)
    X = [[0, 0], [2, 2], [3, 3], [5, 5]]
    assert davies_bouldin_score(X, [0, 0, 1, 2]) == pytest.approx((5.0 / 4) / 3)


# Defect class 6: the silhouette near duplicate points. The oracle is the definition over
# scipy's cdist, which takes direct differences (scikit-learn's own pairwise_distances uses
# the norm expansion and shares the error).

def exact_silhouette_samples(X, labels):
    D = cdist(X, X)
    out = np.zeros(len(X))
    for i in range(len(X)):
        own = labels == labels[i]
        if own.sum() <= 1:
            continue
        a = D[i, own].sum() / (own.sum() - 1)
        b = min(D[i, labels == c].mean() for c in np.unique(labels) if c != labels[i])
        out[i] = (b - a) / max(a, b)
    return out


@pytest.mark.parametrize("offset", [0.0, 1e3, 1e6])
@pytest.mark.parametrize("spread", [1e-7, 1e-5])
def test_silhouette_of_tight_clusters_is_exact(offset, spread):
    rng = np.random.RandomState(0)
    centers = rng.uniform(-1, 1, size=(4, 3)) * 100
    labels = np.repeat(np.arange(4), 25)
    X = offset + centers[labels] + rng.normal(scale=spread, size=(100, 3))
    # tight clusters of near duplicates: a is tiny, b large, s close to 1 but not 1
    expected = exact_silhouette_samples(X, labels)
    assert_allclose(silhouette_samples(X, labels), expected, rtol=0, atol=1e-12)
    assert silhouette_score(X, labels) == pytest.approx(expected.mean(), abs=1e-12)


def test_silhouette_of_near_duplicates_far_from_the_data_mean():
    # two tight pairs and a far cluster: the centered rows are long, the within distances tiny
    X = np.array([[1e4, 0.0], [1e4 + 1e-6, 0.0], [1e4 + 2e-6, 0.0], [-1e4, 0.0], [-1e4, 3e-6], [0.0, 5e3]])
    labels = np.array([0, 0, 0, 1, 1, 2])
    assert_allclose(silhouette_samples(X, labels), exact_silhouette_samples(X, labels), rtol=0, atol=1e-13)
