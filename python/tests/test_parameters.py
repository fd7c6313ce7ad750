"""Constructor parameters are checked at fit, in every estimator, with scikit-learn's wording and
exception type; values scikit-learn refuses for its same-named parameters are refused here too."""
import re

import numpy as np
import pytest
import sklearn.cluster
import sklearn.decomposition
import sklearn.linear_model
from sklearn.utils._param_validation import InvalidParameterError as SklearnInvalidParameterError

import segcore

RNG = np.random.RandomState(0)
X = RNG.randn(60, 4)
Y = (X[:, 0] + 0.5 * RNG.randn(60) > 0).astype(int)
HISTORY = dict(frequency=np.array([0.0, 1, 3, 5, 2, 0, 7, 1]), recency=np.array([0.0, 5, 20, 30, 8, 0, 35, 2]),
               T=np.array([40.0, 40, 40, 40, 40, 40, 40, 40]))


def fit(est):
    if isinstance(est, segcore.LogisticRegression):
        return est.fit(X, Y)
    if isinstance(est, segcore.BetaGeoBetaBinomFitter):
        return est.fit(np.array([0.0, 1, 3, 2, 0, 4]), np.array([0.0, 2, 5, 4, 0, 6]), np.full(6, 6.0))
    if isinstance(est, (segcore.BetaGeoFitter, segcore.ModifiedBetaGeoFitter, segcore.ParetoNBDFitter)):
        return est.fit(**HISTORY)
    if isinstance(est, segcore.GammaGammaFitter):
        return est.fit(HISTORY["frequency"], np.array([0.0, 12, 30, 18, 25, 0, 14, 40]))
    return est.fit(np.abs(X))


# Values of the wrong type or outside the range, for each class and parameter. 2**32 + 2 was
# truncated to 2 by ctypes before; 2.5 and "3" were converted by int().
INT_BAD = [2.5, "3", 2**32 + 2, -1, 0, True, None, np.nan]
REAL_BAD = ["1e-4", -1.0, np.nan, np.inf, None, True]
THREADS_BAD = [0, -2, 1.5, "4", 2**32 + 1]
CASES = [
    (segcore.KMeans, "n_clusters", INT_BAD + [2**24 + 1]),
    (segcore.KMeans, "max_iter", INT_BAD),
    (segcore.KMeans, "n_init", [0, 2.0, "best", 2**32 + 2]),
    (segcore.KMeans, "tol", REAL_BAD),
    (segcore.KMeans, "algorithm", ["fast", 1, None]),
    (segcore.KMeans, "init", ["random", 3, None]),
    (segcore.KMeans, "random_state", [-1, 1.5, "0", 2**64]),
    (segcore.KMeans, "n_threads", THREADS_BAD),
    (segcore.MiniBatchKMeans, "n_clusters", INT_BAD),
    (segcore.MiniBatchKMeans, "batch_size", INT_BAD),
    (segcore.MiniBatchKMeans, "reassignment_ratio", REAL_BAD + [1.5]),
    (segcore.StandardScaler, "log1p", [1, "yes", None]),
    (segcore.RobustScaler, "n_threads", THREADS_BAD),
    (segcore.MinMaxScaler, "feature_range", [[0, 1], "0,1", None]),
    (segcore.MinMaxScaler, "log1p", [0, "no"]),
    (segcore.PCA, "n_components", [0, -1, 1.0, 1.5, 0.0, "3", "mle2", 2**32 + 2, True, np.nan]),
    (segcore.PCA, "whiten", [1, "true"]),
    (segcore.PCA, "n_threads", THREADS_BAD),
    (segcore.LogisticRegression, "C", [0, -1.0, "1", np.inf, np.nan, None]),
    (segcore.LogisticRegression, "max_iter", INT_BAD),
    (segcore.LogisticRegression, "fit_intercept", [1, "yes"]),
    (segcore.LogisticRegression, "tol", REAL_BAD),
    (segcore.BetaGeoFitter, "penalizer_coef", REAL_BAD),
    (segcore.ParetoNBDFitter, "max_iter", INT_BAD),
    (segcore.GammaGammaFitter, "tol", REAL_BAD + [0.0]),
    (segcore.BetaGeoFitter, "n_threads", THREADS_BAD),
    (segcore.ModifiedBetaGeoFitter, "penalizer_coef", REAL_BAD),
    (segcore.BetaGeoBetaBinomFitter, "max_iter", INT_BAD),
    (segcore.GammaGammaFitter, "q_constraint", [1, "yes", None]),
    (segcore.AgglomerativeClustering, "n_clusters", [0, 2.5, "2", -1]),
    (segcore.AgglomerativeClustering, "linkage", ["centroid", None, 1]),
    (segcore.AgglomerativeClustering, "metric", ["manhattan", None]),
]


@pytest.mark.parametrize("cls,name,values", CASES, ids=[f"{c.__name__}-{n}" for c, n, _ in CASES])
def test_bad_parameters_are_refused_at_fit_in_scikit_learns_words(cls, name, values):
    for value in values:
        est = cls(**{name: value})  # __init__ only stores (scikit-learn's convention)
        assert getattr(est, name) is value
        with pytest.raises(segcore.InvalidParameterError) as info:
            fit(est)
        e = info.value
        assert isinstance(e, ValueError) and isinstance(e, TypeError)
        assert isinstance(e, segcore.InvalidArgumentError) and isinstance(e, SklearnInvalidParameterError)
        pattern = rf"The '{name}' parameter of {cls.__name__} must be .+\. Got {re.escape(repr(value))} instead\."
        assert re.fullmatch(pattern, str(e)), str(e)


def test_every_estimator_class_is_in_the_cases():
    """A class added to the package without its parameter cases fails here."""
    from segcore._estimator import Estimator
    classes = {getattr(segcore, n) for n in segcore.__all__}
    estimators = {c for c in classes if isinstance(c, type) and issubclass(c, Estimator)}
    assert estimators and estimators <= {c for c, _, _ in CASES}, estimators - {c for c, _, _ in CASES}


def test_the_message_is_scikit_learns_for_the_same_constraint():
    for ours, theirs in [(segcore.KMeans(n_clusters=2.5), sklearn.cluster.KMeans(n_clusters=2.5, n_init=1)),
                         (segcore.PCA(n_components="x"), sklearn.decomposition.PCA(n_components="x")),
                         (segcore.LogisticRegression(C="1"), sklearn.linear_model.LogisticRegression(C="1"))]:
        with pytest.raises(segcore.InvalidParameterError) as mine:
            fit(ours)
        with pytest.raises(SklearnInvalidParameterError) as peer:
            theirs.fit(X, Y)
        # The same sentence up to the bounds: segcore names its real limits (int32, finite C)
        # where scikit-learn says inf, and keeps at least one PCA component.
        def bounds_hidden(text):
            return re.sub(r"[\[(][-\d.e]+, (inf|[-\d.e]+)[\])]", "<range>", text)
        assert bounds_hidden(str(mine.value)) == bounds_hidden(str(peer.value))


PEER_CASES = [
    (segcore.KMeans, sklearn.cluster.KMeans, {"n_init": 1}, "n_clusters", [2.5, "3", 0, -1]),
    (segcore.KMeans, sklearn.cluster.KMeans, {"n_init": 1}, "max_iter", [0, 1.5]),
    (segcore.KMeans, sklearn.cluster.KMeans, {"n_init": 1}, "tol", [-1.0, "x"]),
    (segcore.MiniBatchKMeans, sklearn.cluster.MiniBatchKMeans, {"n_init": 1}, "batch_size", [0, 2.5]),
    (segcore.PCA, sklearn.decomposition.PCA, {}, "n_components", [-1, 1.5, 1.0, "3", "auto"]),
    (segcore.LogisticRegression, sklearn.linear_model.LogisticRegression, {}, "C", [0, -1.0, "1"]),
    (segcore.LogisticRegression, sklearn.linear_model.LogisticRegression, {}, "max_iter", [-1, 1.5]),
    (segcore.AgglomerativeClustering, sklearn.cluster.AgglomerativeClustering, {}, "n_clusters", [0, 2.5]),
    (segcore.AgglomerativeClustering, sklearn.cluster.AgglomerativeClustering, {}, "linkage", ["centroid"]),
]


@pytest.mark.parametrize("ours,theirs,extra,name,values", PEER_CASES,
                         ids=[f"{o.__name__}-{n}" for o, _, _, n, _ in PEER_CASES])
def test_values_scikit_learn_refuses_are_refused(ours, theirs, extra, name, values):
    for value in values:
        with pytest.raises(SklearnInvalidParameterError):
            theirs(**extra, **{name: value}).fit(X, Y)
        with pytest.raises(SklearnInvalidParameterError):
            fit(ours(**{name: value}))


@pytest.mark.parametrize("est", [
    segcore.KMeans(np.int64(3), max_iter=np.int32(50), tol=np.float32(1e-3), n_init="auto", random_state=np.int64(1),
                   n_threads=np.int64(2)),
    segcore.MiniBatchKMeans(3, batch_size=np.int16(50), reassignment_ratio=0, random_state=2**64 - 1),
    segcore.MiniBatchKMeans(3, random_state=np.random.RandomState(3), init=np.abs(X[:3])),
    segcore.PCA(np.int64(2), whiten=np.bool_(True)), segcore.PCA(0.5), segcore.PCA("mle"), segcore.PCA(None),
    segcore.MinMaxScaler((np.float32(-1), 2)), segcore.StandardScaler(log1p=np.bool_(True)),
    segcore.LogisticRegression(C=np.float64(0.5), max_iter=np.int64(20)),
    segcore.BetaGeoFitter(penalizer_coef=0.01), segcore.GammaGammaFitter(max_iter=np.int64(200)),
    segcore.AgglomerativeClustering(None, distance_threshold=np.float32(2.0)),
], ids=repr)
def test_valid_values_of_numpy_types_are_accepted(est):
    fit(est)


def test_large_integers_are_refused_not_truncated():
    # 2**32 + 2 went through ctypes as 2: a two-cluster fit reported as success.
    with pytest.raises(segcore.InvalidParameterError, match="Got 4294967298 instead"):
        segcore.KMeans(2**32 + 2).fit(X)
    with pytest.raises(segcore.InvalidParameterError, match="Got 4294967298 instead"):
        segcore.PCA(2**32 + 2).fit(X)
    with pytest.raises(segcore.InvalidParameterError, match="Got 4294967297 instead"):
        segcore.LogisticRegression(max_iter=2**32 + 1).fit(X, Y)


def test_linkage_function_checks_its_method():
    with pytest.raises(segcore.InvalidParameterError,
                       match=r"The 'method' parameter of linkage must be a str among \{'average', 'complete', "
                             r"'single', 'ward'\}\. Got 'centroid' instead\."):
        segcore.linkage(X, "centroid")


def test_exactly_one_of_n_clusters_and_distance_threshold():
    for kwargs in ({"n_clusters": None}, {"n_clusters": 2, "distance_threshold": 1.0}):
        est = segcore.AgglomerativeClustering(**kwargs)
        with pytest.raises(segcore.InvalidArgumentError, match="Exactly one of n_clusters and distance_threshold"):
            est.fit(X)


def test_feature_range_needs_a_min_below_a_max():
    with pytest.raises(segcore.InvalidArgumentError, match=r"feature_range has 3 values; \(min, max\) is needed"):
        segcore.MinMaxScaler((0, 1, 2)).fit(X)
    with pytest.raises(segcore.InvalidArgumentError, match="min < max"):
        segcore.MinMaxScaler((1, 0)).fit(X)


def test_functions_check_their_parameters_too():
    labels = np.arange(len(X)) % 3
    cases = [(lambda v: segcore.choose_k(X, range(2, 4), max_iter=v), "max_iter", "choose_k", [2.5, "3", 2**32 + 2]),
             (lambda v: segcore.choose_k(X, range(2, 4), silhouette_sample_size=v), "silhouette_sample_size",
              "choose_k", [0, 10.5]),
             (lambda v: segcore.cluster_stability(X, v, n_resamples=2), "n_clusters", "cluster_stability",
              [2.5, "3", 2**32 + 2, 0]),
             (lambda v: segcore.cluster_stability(X, 2, sample_fraction=v), "sample_fraction", "cluster_stability",
              [0.0, 1.5, "0.5"]),
             (lambda v: segcore.silhouette_score(X, labels, sample_size=v), "sample_size", "silhouette_score",
              [0, 10.5, "20"])]
    for call, name, caller, values in cases:
        for value in values:
            with pytest.raises(segcore.InvalidParameterError,
                               match=rf"^The '{name}' parameter of {caller} must be .+\. Got {re.escape(repr(value))} "
                                     r"instead\.$"):
                call(value)
    with pytest.raises(segcore.InvalidArgumentError, match="k_range must be consecutive integers"):
        segcore.choose_k(X, [2.0, 3.0])
