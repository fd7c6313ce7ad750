"""Ported from scikit-learn 1.2.1 sklearn/cluster/tests/test_k_means.py: the same cases, data and
assertions, on segcore.KMeans and segcore.MiniBatchKMeans. scikit-learn's "elkan" is segcore's
Hamerly (same results as Lloyd). Cases on sparse input, init="random" or callable, verbose
output, internal helpers and the n_init FutureWarning are not ported (docs/COMPATIBILITY.md)."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_blobs
from sklearn.metrics import pairwise_distances, pairwise_distances_argmin
from sklearn.metrics.cluster import v_measure_score

import segcore
from segcore import KMeans, MiniBatchKMeans


centers = np.array([[0.0, 5.0, 0.0, 0.0, 0.0], [1.0, 1.0, 4.0, 0.0, 0.0], [1.0, 0.0, 0.0, 5.0, 1.0]])
n_samples = 100
n_clusters, n_features = centers.shape
X, true_labels = make_blobs(n_samples=n_samples, centers=centers, cluster_std=1.0, random_state=42)


def make(Estimator, **kw):
    """scikit-learn's n_init=k restarts; segcore's MiniBatchKMeans runs one initialisation."""
    if Estimator is MiniBatchKMeans:
        kw.pop("n_init", None)
    return Estimator(**kw)


@pytest.mark.parametrize("algo", ["lloyd", "elkan"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_kmeans_results(algo, dtype):
    X = np.array([[0, 0], [0.5, 0], [0.5, 1], [1, 1]], dtype=dtype)
    sample_weight = [3, 1, 1, 3]
    init_centers = np.array([[0, 0], [1, 1]], dtype=dtype)
    kmeans = KMeans(n_clusters=2, n_init=1, init=init_centers, algorithm=algo)
    kmeans.fit(X, sample_weight=sample_weight)
    assert_array_equal(kmeans.labels_, [0, 0, 1, 1])
    assert_allclose(kmeans.inertia_, 0.375)
    assert_allclose(kmeans.cluster_centers_, np.array([[0.125, 0], [0.875, 1]], dtype=dtype))
    assert kmeans.n_iter_ == 2


@pytest.mark.parametrize("algo", ["lloyd", "elkan"])
def test_kmeans_relocated_clusters(algo):
    X = np.array([[0, 0], [0.5, 0], [0.5, 1], [1, 1]])
    init_centers = np.array([[0.5, 0.5], [3, 3]])
    kmeans = KMeans(n_clusters=2, n_init=1, init=init_centers, algorithm=algo).fit(X)
    assert_allclose(kmeans.inertia_, 0.25)
    assert kmeans.n_iter_ == 3
    try:
        assert_array_equal(kmeans.labels_, [0, 0, 1, 1])
        assert_allclose(kmeans.cluster_centers_, [[0.25, 0], [0.75, 1]])
    except AssertionError:
        assert_array_equal(kmeans.labels_, [1, 1, 0, 0])
        assert_allclose(kmeans.cluster_centers_, [[0.75, 1.0], [0.25, 0.0]])


@pytest.mark.parametrize("distribution", ["normal", "blobs"])
@pytest.mark.parametrize("tol", [1e-2, 1e-8, 1e-100, 0])
def test_kmeans_elkan_results(distribution, tol, global_random_seed):
    rnd = np.random.RandomState(global_random_seed)
    if distribution == "normal":
        X = rnd.normal(size=(5000, 10))
    else:
        X, _ = make_blobs(random_state=rnd)
    X[X < 0] = 0
    km_lloyd = KMeans(n_clusters=5, random_state=global_random_seed, n_init=1, tol=tol).fit(X)
    km_elkan = KMeans(algorithm="elkan", n_clusters=5, random_state=global_random_seed, n_init=1, tol=tol).fit(X)
    assert_allclose(km_elkan.cluster_centers_, km_lloyd.cluster_centers_)
    assert_array_equal(km_elkan.labels_, km_lloyd.labels_)
    assert km_elkan.n_iter_ == km_lloyd.n_iter_
    assert km_elkan.inertia_ == pytest.approx(km_lloyd.inertia_, rel=1e-6)


@pytest.mark.parametrize("algorithm", ["lloyd", "elkan"])
def test_kmeans_convergence(algorithm, global_random_seed):
    X = np.random.RandomState(global_random_seed).normal(size=(5000, 10))
    km = KMeans(algorithm=algorithm, n_clusters=5, random_state=global_random_seed, n_init=1, tol=0,
                max_iter=300).fit(X)
    assert km.n_iter_ < 300


def _check_fitted_model(km):
    assert km.cluster_centers_.shape == (n_clusters, n_features)
    assert np.unique(km.labels_).shape[0] == n_clusters
    assert_allclose(v_measure_score(true_labels, km.labels_), 1.0)
    assert km.inertia_ > 0.0


@pytest.mark.parametrize("init", ["k-means++", centers], ids=["k-means++", "ndarray"])
@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_all_init(Estimator, init):
    n_init = 10 if isinstance(init, str) else 1
    km = make(Estimator, init=init, n_clusters=n_clusters, random_state=42, n_init=n_init).fit(X)
    _check_fitted_model(km)


@pytest.mark.parametrize("init", ["k-means++", centers], ids=["k-means++", "ndarray"])
def test_minibatch_kmeans_partial_fit_init(init):
    km = MiniBatchKMeans(init=init, n_clusters=n_clusters, random_state=0)
    for _ in range(100):
        km.partial_fit(X)
    _check_fitted_model(km)


def test_minibatch_sensible_reassign(global_random_seed):
    # scikit-learn runs these with init="random"; segcore seeds with k-means++, whose picks
    # among the 50 identical zero rows are what the reassignment must then spread out.
    zeroed_X, _ = make_blobs(n_samples=100, centers=5, random_state=global_random_seed)
    zeroed_X[::2, :] = 0
    km = MiniBatchKMeans(n_clusters=20, batch_size=10, random_state=global_random_seed).fit(zeroed_X)
    assert km.cluster_centers_.any(axis=1).sum() > 10
    km = MiniBatchKMeans(n_clusters=20, batch_size=200, random_state=global_random_seed).fit(zeroed_X)
    assert km.cluster_centers_.any(axis=1).sum() > 10
    km = MiniBatchKMeans(n_clusters=20, random_state=global_random_seed)
    for _ in range(100):
        km.partial_fit(zeroed_X)
    assert km.cluster_centers_.any(axis=1).sum() > 10


def test_minibatch_reassign(global_random_seed):
    # Ported through the public API: one partial_fit step from perfect centers, with a
    # reassignment ratio of 1 (every center but the heaviest moves: worse) and of 1e-15 (none
    # moves). scikit-learn calls its private _mini_batch_step with zero weight sums; the first
    # partial_fit step is that step.
    perfect_centers = np.array([X[true_labels == i].mean(axis=0) for i in range(n_clusters)])

    def inertia(c):
        return ((X - c[pairwise_distances_argmin(X, c)]) ** 2).sum()

    score_before = -inertia(perfect_centers)
    km = MiniBatchKMeans(n_clusters, init=perfect_centers, reassignment_ratio=1,
                         random_state=global_random_seed).partial_fit(X)
    assert score_before > -inertia(km.cluster_centers_)
    km = MiniBatchKMeans(n_clusters, init=perfect_centers, reassignment_ratio=1e-15,
                         random_state=global_random_seed).partial_fit(X)
    assert_allclose(km.cluster_centers_, perfect_centers)


def test_minibatch_with_many_reassignments():
    MiniBatchKMeans(n_clusters=100, batch_size=10, random_state=42).fit(X)


@pytest.mark.parametrize("tol, max_no_improvement", [(1e-4, None), (0, 10)])
def test_minibatch_declared_convergence(tol, max_no_improvement):
    # scikit-learn also reads its verbose output for the reason; segcore prints nothing.
    X, _, centers = make_blobs(centers=3, random_state=0, return_centers=True)
    km = MiniBatchKMeans(n_clusters=3, init=centers, batch_size=20, tol=tol, random_state=0, max_iter=10,
                         max_no_improvement=max_no_improvement)
    km.fit(X)
    assert 1 < km.n_iter_ < 10


def test_minibatch_iter_steps():
    batch_size = 30
    n_samples = X.shape[0]
    km = MiniBatchKMeans(n_clusters=3, batch_size=batch_size, random_state=0).fit(X)
    assert km.n_iter_ == np.ceil((km.n_steps_ * batch_size) / n_samples)
    assert isinstance(km.n_iter_, int)
    km = MiniBatchKMeans(n_clusters=3, batch_size=batch_size, random_state=0, tol=0, max_no_improvement=None,
                         max_iter=10).fit(X)
    assert km.n_iter_ == 10
    # segcore draws batches without replacement and leaves a pass's short tail for the next
    # pass (100 rows, batches of 30: 3 steps a pass); scikit-learn draws with replacement,
    # (10 * n_samples) // batch_size = 33 steps.
    assert km.n_steps_ == 10 * (n_samples // batch_size)
    assert isinstance(km.n_steps_, int)


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_score_max_iter(Estimator, global_random_seed):
    # score(X) is -inertia on X: segcore has no score(), the inertia of predict's labels is it.
    X = np.random.RandomState(global_random_seed).randn(100, 10)

    def score(km):
        c = km.cluster_centers_
        return -((X - c[km.predict(X)]) ** 2).sum()

    s1 = score(make(Estimator, n_init=1, random_state=global_random_seed, max_iter=1).fit(X))
    s2 = score(make(Estimator, n_init=1, random_state=global_random_seed, max_iter=10).fit(X))
    assert s2 > s1


@pytest.mark.parametrize("Estimator, algorithm", [(KMeans, "lloyd"), (KMeans, "elkan"), (MiniBatchKMeans, None)])
@pytest.mark.parametrize("max_iter", [2, 100])
@pytest.mark.parametrize("global_dtype", [np.float32, np.float64])
def test_kmeans_predict(Estimator, algorithm, max_iter, global_dtype, global_random_seed):
    # init="random" of scikit-learn replaced by k-means++ (segcore has no random init).
    X, _ = make_blobs(n_samples=200, n_features=10, centers=10, random_state=global_random_seed)
    X = np.array(X, dtype=global_dtype)
    kw = dict(n_clusters=10, n_init=10, max_iter=max_iter, random_state=global_random_seed)
    if algorithm is not None:
        kw["algorithm"] = algorithm
    km = make(Estimator, **kw).fit(X)
    labels = km.labels_
    assert_array_equal(km.predict(X), labels)
    assert_array_equal(km.fit_predict(X), labels)
    assert_array_equal(km.predict(km.cluster_centers_), np.arange(10))


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
@pytest.mark.parametrize("init", ["k-means++", "ndarray"])
@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_integer_input(Estimator, dtype, init, global_random_seed):
    X_dense = np.array([[0, 0], [10, 10], [12, 9], [-1, 1], [2, 0], [8, 10]])
    X = np.array(X_dense, dtype=dtype)
    n_init = 1 if init == "ndarray" else 10
    init = X_dense[:2] if init == "ndarray" else init
    kw = dict(n_clusters=2, init=init, n_init=n_init, random_state=global_random_seed)
    if Estimator is MiniBatchKMeans:
        kw["batch_size"] = 2
    km = make(Estimator, **kw).fit(X)
    assert km.cluster_centers_.dtype == np.float64
    assert_allclose(v_measure_score(km.labels_, [0, 1, 1, 0, 0, 1]), 1.0)
    if Estimator is MiniBatchKMeans:
        km = make(Estimator, **kw).partial_fit(X)
        assert km.cluster_centers_.dtype == np.float64


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_transform(Estimator, global_random_seed):
    km = Estimator(n_clusters=n_clusters, random_state=global_random_seed).fit(X)
    Xt = km.transform(km.cluster_centers_)
    assert_allclose(Xt, pairwise_distances(km.cluster_centers_))
    assert_array_equal(Xt.diagonal(), np.zeros(n_clusters))
    assert_allclose(km.transform(X), pairwise_distances(X, km.cluster_centers_))


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_fit_transform(Estimator, global_random_seed):
    X1 = make(Estimator, random_state=global_random_seed, n_init=1).fit(X).transform(X)
    X2 = make(Estimator, random_state=global_random_seed, n_init=1).fit_transform(X)
    assert_allclose(X1, X2)


def test_n_init(global_random_seed):
    # init="random" replaced by k-means++; max_iter=1 as in scikit-learn.
    previous_inertia = np.inf
    for n_init in [1, 5, 10]:
        km = KMeans(n_clusters=n_clusters, n_init=n_init, random_state=global_random_seed, max_iter=1).fit(X)
        assert km.inertia_ <= previous_inertia


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_float_precision(Estimator, global_random_seed):
    # A fresh model for each dtype: segcore's partial_fit after fit continues the same model,
    # which keeps the float64 fit's centers for the float32 fit in scikit-learn's loop.
    inertia, Xt, cs, labels = {}, {}, {}, {}
    for dtype in [np.float64, np.float32]:
        km = make(Estimator, n_init=1, random_state=global_random_seed)
        Xd = X.astype(dtype, copy=False)
        km.fit(Xd)
        inertia[dtype], Xt[dtype], cs[dtype], labels[dtype] = km.inertia_, km.transform(Xd), km.cluster_centers_, km.labels_
        assert km.cluster_centers_.dtype == dtype
        if Estimator is MiniBatchKMeans:
            km.partial_fit(Xd[0:3])
            assert km.cluster_centers_.dtype == dtype
    assert_allclose(inertia[np.float32], inertia[np.float64], rtol=1e-4)
    assert_allclose(Xt[np.float32], Xt[np.float64], atol=Xt[np.float64].max() * 1e-4)
    assert_allclose(cs[np.float32], cs[np.float64], atol=cs[np.float64].max() * 1e-4)
    assert_array_equal(labels[np.float32], labels[np.float64])


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64])
@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_centers_not_mutated(Estimator, dtype):
    X_new_type = X.astype(dtype, copy=False)
    centers_new_type = centers.astype(dtype, copy=False)
    km = make(Estimator, init=centers_new_type, n_clusters=n_clusters, n_init=1)
    km.fit(X_new_type)
    assert not np.may_share_memory(km.cluster_centers_, centers_new_type)


def test_kmeans_init_fitted_centers():
    km1 = KMeans(n_clusters=n_clusters).fit(X)
    km2 = KMeans(n_clusters=n_clusters, init=km1.cluster_centers_, n_init=1).fit(X)
    assert_allclose(km1.cluster_centers_, km2.cluster_centers_)


def test_kmeans_warns_less_centers_than_unique_points(global_random_seed):
    # scikit-learn warns and leaves a cluster empty; segcore refuses, saying why (a design
    # choice: no silently empty segment).
    X = np.asarray([[0, 0], [0, 1], [1, 0], [1, 0]])
    with pytest.raises(segcore.InvalidArgumentError, match="distinct"):
        KMeans(n_clusters=4, random_state=global_random_seed).fit(X)


def _sort_centers(c):
    return np.sort(c, axis=0)


def test_weighted_vs_repeated(global_random_seed):
    sample_weight = np.random.RandomState(global_random_seed).randint(1, 5, size=n_samples)
    X_repeat = np.repeat(X, sample_weight, axis=0)
    km_weighted = KMeans(init=centers, n_init=1, n_clusters=n_clusters, random_state=global_random_seed).fit(
        X, sample_weight=sample_weight)
    repeated_labels = np.repeat(km_weighted.labels_, sample_weight)
    km_repeated = KMeans(init=centers, n_init=1, n_clusters=n_clusters, random_state=global_random_seed).fit(X_repeat)
    assert_array_equal(km_repeated.labels_, repeated_labels)
    assert_allclose(km_weighted.inertia_, km_repeated.inertia_)
    assert_allclose(_sort_centers(km_weighted.cluster_centers_), _sort_centers(km_repeated.cluster_centers_))


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_unit_weights_vs_no_weights(Estimator, global_random_seed):
    kw = dict(n_clusters=n_clusters, random_state=global_random_seed, n_init=1)
    km_none = make(Estimator, **kw).fit(X, sample_weight=None)
    km_ones = make(Estimator, **kw).fit(X, sample_weight=np.ones(n_samples))
    assert_array_equal(km_none.labels_, km_ones.labels_)
    assert_allclose(km_none.cluster_centers_, km_ones.cluster_centers_)


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_scaled_weights(Estimator, global_random_seed):
    sample_weight = np.random.RandomState(global_random_seed).uniform(size=n_samples)
    kw = dict(n_clusters=n_clusters, random_state=global_random_seed, n_init=1)
    km_orig = make(Estimator, **kw).fit(X, sample_weight=sample_weight)
    km_scaled = make(Estimator, **kw).fit(X, sample_weight=0.5 * sample_weight)
    assert_array_equal(km_orig.labels_, km_scaled.labels_)
    assert_allclose(km_orig.cluster_centers_, km_scaled.cluster_centers_)


def test_kmeans_elkan_iter_attribute():
    km = KMeans(algorithm="elkan", max_iter=1).fit(X)
    assert km.n_iter_ == 1


def test_kmeans_empty_cluster_relocated():
    X = np.array([[-1.0], [1.0]])
    km = KMeans(n_clusters=2, init=np.array([[-1], [10]]), n_init=1)
    km.fit(X, sample_weight=[1.9, 0.1])
    assert len(set(km.labels_)) == 2
    assert_allclose(km.cluster_centers_, [[-1], [1]])


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_result_equal_in_diff_n_threads(Estimator, global_random_seed):
    X = np.random.RandomState(global_random_seed).normal(size=(50, 10))
    result_1 = Estimator(n_clusters=n_clusters, random_state=global_random_seed, n_threads=1).fit(X).labels_
    result_2 = Estimator(n_clusters=n_clusters, random_state=global_random_seed, n_threads=2).fit(X).labels_
    assert_array_equal(result_1, result_2)


@pytest.mark.parametrize("algo", ["lloyd", "elkan"])
def test_k_means_1_iteration(algo, global_random_seed):
    X = np.random.RandomState(global_random_seed).uniform(size=(100, 5))
    init_centers = X[:5]

    def py_kmeans(X, init):
        new_centers = init.copy()
        labels = pairwise_distances_argmin(X, init)
        for label in range(init.shape[0]):
            new_centers[label] = X[labels == label].mean(axis=0)
        return pairwise_distances_argmin(X, new_centers), new_centers

    py_labels, py_centers = py_kmeans(X, init_centers)
    km = KMeans(n_clusters=5, n_init=1, init=init_centers, algorithm=algo, max_iter=1).fit(X)
    assert_array_equal(py_labels, km.labels_)
    assert_allclose(py_centers, km.cluster_centers_)


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_sample_weight_unchanged(Estimator):
    X = np.array([[1], [2], [4]])
    sample_weight = np.array([0.5, 0.2, 0.3])
    Estimator(n_clusters=2, random_state=0).fit(X, sample_weight=sample_weight)
    assert_array_equal(sample_weight, np.array([0.5, 0.2, 0.3]))


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
@pytest.mark.parametrize("param, match", [
    ({"n_clusters": n_samples + 1}, r"n_clusters.*more than"),
    ({"init": X[:2]}, r"n_clusters"),
    ({"init": X[:8, :2]}, r"columns"),
])
def test_wrong_params(Estimator, param, match):
    # segcore's own wording (the init-shape check runs at construction for a wrong count).
    kw = dict(n_clusters=8, n_init=1)
    kw.update(param)
    with pytest.raises(ValueError, match=match):
        make(Estimator, **kw).fit(X)


@pytest.mark.parametrize("kwargs", ({"init": np.str_("k-means++")}, {"init": [[0, 0], [1, 1]], "n_init": 1}))
def test_kmeans_with_array_like_or_np_scalar_init(kwargs):
    X = np.asarray([[0, 0], [0.5, 0], [0.5, 1], [1, 1]], dtype=np.float64)
    KMeans(n_clusters=2, **kwargs).fit(X)


def test_predict_does_not_change_cluster_centers():
    X, _ = make_blobs(n_samples=200, n_features=10, centers=10, random_state=0)
    kmeans = KMeans(random_state=0)
    y_pred1 = kmeans.fit_predict(X)
    centers = kmeans.cluster_centers_.copy()
    assert_array_equal(y_pred1, kmeans.predict(X))
    assert_array_equal(centers, kmeans.cluster_centers_)


# Defect classes found by these ports and fixed in mini-batch k-means.

def test_minibatch_partial_fit_labels_and_inertia_describe_the_batch_after_the_update():
    # scikit-learn's partial_fit: labels_ and inertia_ of the batch against the new centers.
    from sklearn.cluster import MiniBatchKMeans as SkMiniBatchKMeans  # noqa: F401 (semantics source)
    rng = np.random.RandomState(0)
    for batch in (X[:37], X[37:]):
        km = MiniBatchKMeans(n_clusters, init=centers + rng.normal(size=centers.shape), random_state=0)
        km.partial_fit(X)
        km.partial_fit(batch)
        c = km.cluster_centers_
        labels = pairwise_distances_argmin(batch, c)
        assert_array_equal(km.labels_, labels)
        assert_allclose(km.inertia_, ((batch - c[labels]) ** 2).sum(), rtol=1e-12)
        assert km.n_steps_ == 2


@pytest.mark.parametrize("scale", [2.0**-10, 0.5, 8.0, 2.0**13])
def test_minibatch_fit_does_not_depend_on_the_weights_scale(scale, global_random_seed):
    # powers of two scale exactly, so the results must be identical (other scales add rounding
    # that may tip a near tie of the smoothed inertia, as in scikit-learn)
    rng = np.random.RandomState(global_random_seed)
    Xb, _ = make_blobs(n_samples=997, centers=6, random_state=global_random_seed)
    w = rng.uniform(0.1, 3.0, size=Xb.shape[0])
    kw = dict(n_clusters=6, batch_size=64, random_state=global_random_seed)
    a = MiniBatchKMeans(**kw).fit(Xb, sample_weight=w)
    b = MiniBatchKMeans(**kw).fit(Xb, sample_weight=w * scale)
    assert_array_equal(a.labels_, b.labels_)
    assert_array_equal(a.cluster_centers_, b.cluster_centers_)
    assert b.inertia_ == a.inertia_ * scale
    assert a.n_steps_ == b.n_steps_


@pytest.mark.parametrize("batch_size", [1, 2, 5])
def test_minibatch_fit_when_the_initial_sample_has_fewer_distinct_rows_than_k(batch_size):
    # 3 * batch_size rows are sampled for k-means++; here most rows repeat one value, so the
    # sample may hold fewer than k distinct rows although the data has k.
    Xd = np.zeros((200, 2))
    Xd[-6:] = np.arange(1, 13, dtype=float).reshape(6, 2)
    km = MiniBatchKMeans(n_clusters=7, batch_size=batch_size, random_state=0).fit(Xd)
    assert km.cluster_centers_.shape == (7, 2)
    assert len(np.unique(km.labels_)) >= 2


def test_minibatch_defaults_are_scikit_learns():
    from sklearn.cluster import MiniBatchKMeans as Sk
    ours, theirs = MiniBatchKMeans(), Sk()
    for name in ("n_clusters", "batch_size", "max_iter", "tol", "max_no_improvement", "reassignment_ratio"):
        assert getattr(ours, name) == getattr(theirs, name), name


# Ported cases that need scikit-learn's estimator protocol (clone, set_params), and a
# translation case (the whole class: tests/cluster/test_translation.cpp and
# python/tests/test_translation_sklearn.py).

@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_integer_input_clone_then_partial_fit(Estimator):
    from sklearn.base import clone
    X = np.array([[0, 0], [10, 10], [12, 9], [-1, 1], [2, 0], [8, 10]], dtype=np.int64)
    km = Estimator(n_clusters=2, random_state=0).fit(X)
    km = clone(km)
    assert km.get_params()["n_clusters"] == 2


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
def test_wrong_params_through_set_params(Estimator):
    km = Estimator(n_clusters=8)
    with pytest.raises(ValueError, match="n_clusters"):
        km.set_params(n_clusters=n_samples + 1).fit(X)


@pytest.mark.parametrize("Estimator", [KMeans, MiniBatchKMeans])
@pytest.mark.parametrize("bad", [2.5, "3", 2**32 + 2])
def test_n_clusters_of_the_wrong_type_is_refused(Estimator, bad):
    with pytest.raises((TypeError, ValueError)):
        Estimator(n_clusters=bad).fit(X)


@pytest.mark.parametrize("dtype, offset", [(np.float64, 1e9), (np.float32, 1e5)])
def test_minibatch_result_does_not_depend_on_a_translation(dtype, offset):
    Xb, _ = make_blobs(n_samples=600, centers=4, cluster_std=0.3, random_state=0)
    init = Xb[[0, 1, 2, 3]]
    a = MiniBatchKMeans(4, init=init, batch_size=100, random_state=0).fit(Xb.astype(dtype))
    b = MiniBatchKMeans(4, init=init + offset, batch_size=100, random_state=0).fit((Xb + offset).astype(dtype))
    assert_array_equal(a.labels_, b.labels_)
