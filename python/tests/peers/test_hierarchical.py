"""Ported from scikit-learn 1.2.1 sklearn/cluster/tests/test_hierarchical.py, on
segcore.AgglomerativeClustering and segcore.linkage (scipy's linkage-matrix form). segcore's
linkages are unstructured and Euclidean: the cases on connectivity matrices, other metrics,
FeatureAgglomeration, memory caching and private tree builders' options are listed in
docs/COMPATIBILITY.md. Where scikit-learn calls its private tree builders, the port calls
segcore.linkage and keeps scikit-learn (or scipy) as the oracle."""
import numpy as np
import pytest
from numpy.testing import assert_almost_equal, assert_array_almost_equal, assert_array_equal
from scipy.cluster import hierarchy
from sklearn.cluster import AgglomerativeClustering as SkAgglomerativeClustering
from sklearn.datasets import make_circles, make_moons
from sklearn.metrics import pairwise_distances
from sklearn.metrics.cluster import adjusted_rand_score, normalized_mutual_info_score

from segcore import AgglomerativeClustering, linkage


def test_unstructured_linkage_tree():
    rng = np.random.RandomState(0)
    X = rng.randn(50, 100)
    this_X = np.ascontiguousarray(X.T)
    for method in ("ward", "complete", "average", "single"):
        children = AgglomerativeClustering(n_clusters=10, linkage=method).fit(this_X).children_
        assert len(children) + this_X.shape[0] == 2 * X.shape[1] - 1


@pytest.mark.parametrize("method", ["ward", "complete", "average", "single"])
def test_agglomerative_clustering(method, global_random_seed):
    # the unstructured part (connectivity=None) of scikit-learn's case, against its labels
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(100, 50)
    clustering = AgglomerativeClustering(n_clusters=10, linkage=method).fit(X)
    assert np.size(np.unique(clustering.labels_)) == 10
    theirs = SkAgglomerativeClustering(n_clusters=10, linkage=method).fit(X)
    assert_almost_equal(normalized_mutual_info_score(clustering.labels_, theirs.labels_), 1)


def test_single_linkage_clustering():
    moons, moon_labels = make_moons(noise=0.05, random_state=42)
    clustering = AgglomerativeClustering(n_clusters=2, linkage="single").fit(moons)
    assert_almost_equal(normalized_mutual_info_score(clustering.labels_, moon_labels), 1)
    circles, circle_labels = make_circles(factor=0.5, noise=0.025, random_state=42)
    clustering = AgglomerativeClustering(n_clusters=2, linkage="single").fit(circles)
    assert_almost_equal(normalized_mutual_info_score(clustering.labels_, circle_labels), 1)


def assess_same_labelling(cut1, cut2):
    co_clust = []
    for cut in [cut1, cut2]:
        n = len(cut)
        k = cut.max() + 1
        ecut = np.zeros((n, k))
        ecut[np.arange(n), cut] = 1
        co_clust.append(np.dot(ecut, ecut.T))
    assert (co_clust[0] == co_clust[1]).all()


@pytest.mark.parametrize("method", ["single", "complete", "average", "ward"])
def test_vector_scikit_single_vs_scipy_single(method, global_random_seed):
    # scikit-learn's case is single linkage; the same comparison holds for every linkage.
    n_samples, n_features, n_clusters = 10, 5, 3
    rng = np.random.RandomState(global_random_seed)
    X = 0.1 * rng.normal(size=(n_samples, n_features))
    X -= 4.0 * np.arange(n_samples)[:, np.newaxis]
    X -= X.mean(axis=1)[:, np.newaxis]
    out = hierarchy.linkage(X, method=method)
    ours = linkage(X, method=method)
    children = np.sort(ours[:, :2].astype(int), axis=1)
    assert_array_equal(children, out[:, :2].astype(int))
    assert_array_almost_equal(ours[:, 2], out[:, 2])
    cut = AgglomerativeClustering(n_clusters=n_clusters, linkage=method).fit(X).labels_
    cut_scipy = hierarchy.fcluster(out, n_clusters, criterion="maxclust") - 1
    assess_same_labelling(cut, cut_scipy)


def test_ward_linkage_tree_return_distance():
    X = np.array([[1.43054825, -7.5693489], [6.95887839, 6.82293382], [2.87137846, -9.68248579],
                  [7.87974764, -6.05485803], [8.24018364, -6.09495602], [7.39020262, 8.54004355]])
    expected = {
        "ward": [[3.0, 4.0, 0.36265956, 2.0], [1.0, 5.0, 1.77045373, 2.0], [0.0, 2.0, 2.55760419, 2.0],
                 [6.0, 8.0, 9.10208346, 4.0], [7.0, 9.0, 24.7784379, 6.0]],
        "complete": [[3.0, 4.0, 0.36265956, 2.0], [1.0, 5.0, 1.77045373, 2.0], [0.0, 2.0, 2.55760419, 2.0],
                     [6.0, 8.0, 6.96742194, 4.0], [7.0, 9.0, 18.77445997, 6.0]],
        "average": [[3.0, 4.0, 0.36265956, 2.0], [1.0, 5.0, 1.77045373, 2.0], [0.0, 2.0, 2.55760419, 2.0],
                    [6.0, 8.0, 6.55832839, 4.0], [7.0, 9.0, 15.44089605, 6.0]],
    }
    for method, z in expected.items():
        z = np.array(z)
        ours = linkage(X, method=method)
        assert_array_equal(np.sort(ours[:, :2], axis=1), z[:, :2])
        assert_array_almost_equal(ours[:, 2], z[:, 2])
        assert_array_equal(ours[:, 3], z[:, 3])
        clustering = AgglomerativeClustering(n_clusters=2, linkage=method).fit(X)
        assert_array_equal(np.sort(clustering.children_, axis=1), z[:, :2])
        assert_array_almost_equal(clustering.distances_, z[:, 2])


@pytest.mark.parametrize("method", ["ward", "complete", "average", "single"])
def test_agglomerative_clustering_with_distance_threshold(method, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(100, 50)
    distance_threshold = 10
    clustering = AgglomerativeClustering(n_clusters=None, distance_threshold=distance_threshold,
                                         linkage=method).fit(X)
    num_clusters_produced = len(np.unique(clustering.labels_))
    # scikit-learn's private tree builder replaced by scikit-learn's public estimator
    theirs = SkAgglomerativeClustering(n_clusters=None, distance_threshold=distance_threshold,
                                       linkage=method, compute_distances=True).fit(X)
    num_clusters_at_threshold = np.count_nonzero(theirs.distances_ >= distance_threshold) + 1
    assert num_clusters_at_threshold == num_clusters_produced
    assert adjusted_rand_score(clustering.labels_, theirs.labels_) == 1


def test_small_distance_threshold(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randint(-300, 300, size=(10, 3))
    clustering = AgglomerativeClustering(n_clusters=None, distance_threshold=1.0, linkage="single").fit(X)
    all_distances = pairwise_distances(X, metric="minkowski", p=2)
    np.fill_diagonal(all_distances, np.inf)
    assert np.all(all_distances > 0.1)
    assert clustering.n_clusters_ == 10


def test_cluster_distances_with_distance_threshold(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randint(-10, 10, size=(100, 3))
    distance_threshold = 4
    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=distance_threshold,
                                     linkage="single").fit(X).labels_
    D = pairwise_distances(X, metric="minkowski", p=2)
    np.fill_diagonal(D, np.inf)
    for label in np.unique(labels):
        in_cluster_mask = labels == label
        max_in_cluster_distance = D[in_cluster_mask][:, in_cluster_mask].min(axis=0).max()
        min_out_cluster_distance = D[in_cluster_mask][:, ~in_cluster_mask].min(axis=0).min()
        if in_cluster_mask.sum() > 1:
            assert max_in_cluster_distance < distance_threshold
        assert min_out_cluster_distance >= distance_threshold


@pytest.mark.parametrize("method", ["ward", "complete", "average"])
@pytest.mark.parametrize(("threshold", "y_true"), [(0.5, [1, 0]), (1.0, [1, 0]), (1.5, [0, 0])])
def test_agglomerative_clustering_with_distance_threshold_edge_case(method, threshold, y_true):
    X = [[0], [1]]
    y_pred = AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, linkage=method).fit_predict(X)
    assert adjusted_rand_score(y_true, y_pred) == 1


def test_dist_threshold_invalid_parameters():
    X = [[0], [1]]
    with pytest.raises(ValueError, match="xactly one of "):
        AgglomerativeClustering(n_clusters=None, distance_threshold=None).fit(X)
    with pytest.raises(ValueError, match="xactly one of "):
        AgglomerativeClustering(n_clusters=2, distance_threshold=1).fit(X)
