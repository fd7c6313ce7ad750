"""scikit-learn's estimator protocol: get_params / set_params / clone, parameters that take effect
at the next fit, read-only fitted attributes, real Pipeline and GridSearchCV runs, and
scikit-learn's own check_estimator (the checks that do not pass are those listed in
docs/COMPATIBILITY.md)."""
import inspect
import pathlib
import re
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils.estimator_checks import check_estimator

import segcore

RNG = np.random.RandomState(7)
X = np.vstack([RNG.randn(40, 3) + c for c in ([0, 0, 0], [6, 0, 0], [0, 6, 0], [0, 0, 6])])
Y = (X[:, 0] + X[:, 1] + RNG.randn(160) > 3).astype(int)

ESTIMATORS = [segcore.KMeans(3, random_state=0), segcore.MiniBatchKMeans(3, random_state=0, batch_size=64),
              segcore.StandardScaler(), segcore.MinMaxScaler(), segcore.RobustScaler(), segcore.PCA(2),
              segcore.LogisticRegression(), segcore.AgglomerativeClustering(3)]
CLV = [segcore.BetaGeoFitter(), segcore.ParetoNBDFitter(), segcore.GammaGammaFitter()]


def names(ests):
    return [type(e).__name__ for e in ests]


def fit(est):
    return est.fit(X, Y) if isinstance(est, segcore.LogisticRegression) else est.fit(X)


@pytest.mark.parametrize("est", ESTIMATORS + CLV, ids=names(ESTIMATORS + CLV))
def test_get_params_lists_the_constructor_and_clone_copies_them(est):
    signature = inspect.signature(type(est).__init__).parameters
    params = est.get_params()
    assert sorted(params) == sorted(p for p in signature if p != "self")
    twin = clone(est)
    assert type(twin) is type(est) and twin is not est
    assert twin.get_params() == params
    assert est.set_params(**params) is est
    with pytest.raises(ValueError, match="Invalid parameter 'no_such'"):
        est.set_params(no_such=1)


@pytest.mark.parametrize("est", ESTIMATORS, ids=names(ESTIMATORS))
def test_clone_of_a_fitted_estimator_is_unfitted(est):
    fitted = fit(clone(est))
    twin = clone(fitted)
    assert not any(k.endswith("_") and not k.startswith("_") for k in vars(twin))


def test_parameters_changed_after_construction_take_effect_at_the_next_fit():
    km = segcore.KMeans(2, random_state=0).fit(X)
    assert km.set_params(n_clusters=4).fit(X).cluster_centers_.shape == (4, 3)
    km.n_clusters = 5
    assert km.fit(X).cluster_centers_.shape == (5, 3)
    init = X[[0, 50, 90]]
    km.set_params(n_clusters=3, init=init, max_iter=1)
    assert np.allclose(segcore.KMeans(3, init=init, max_iter=1).fit(X).cluster_centers_, km.fit(X).cluster_centers_)

    mb = segcore.MiniBatchKMeans(2, random_state=0).fit(X)
    assert mb.set_params(n_clusters=3).fit(X).cluster_centers_.shape == (3, 3)

    pca = segcore.PCA(3).fit(X)
    assert pca.set_params(n_components=1).fit(X).components_.shape == (1, 3)
    assert pca.set_params(n_components=None, whiten=True).fit(X).transform(X).std(axis=0, ddof=1) == pytest.approx(1)

    positive = np.abs(X) + 1
    s = segcore.StandardScaler().fit(positive)
    plain = s.transform(positive)
    s.set_params(log1p=True).fit(positive)
    np.testing.assert_allclose(s.transform(positive), segcore.StandardScaler(log1p=True).fit(positive).transform(positive))
    assert not np.allclose(s.transform(positive), plain)

    mm = segcore.MinMaxScaler().fit(X)
    mm.feature_range = (-1.0, 1.0)
    out = mm.fit(X).transform(X)
    assert out.min() == pytest.approx(-1) and out.max() == pytest.approx(1)

    lr = segcore.LogisticRegression(C=100.0).fit(X, Y)
    strong = np.abs(lr.coef_).sum()
    assert np.abs(lr.set_params(C=0.001).fit(X, Y).coef_).sum() < strong / 10

    bg = segcore.BetaGeoFitter()
    f, r, t = np.array([0.0, 1, 3, 5, 2, 0, 7, 1]), np.array([0.0, 5, 20, 30, 8, 0, 35, 2]), np.full(8, 40.0)
    free = dict(bg.fit(f, r, t).params_)
    penalised = dict(bg.set_params(penalizer_coef=1.0).fit(f, r, t).params_)
    assert penalised != free
    assert penalised == segcore.BetaGeoFitter(penalizer_coef=1.0).fit(f, r, t).params_

    ag = segcore.AgglomerativeClustering(2).fit(X)
    assert ag.set_params(n_clusters=4).fit(X).n_clusters_ == 4


def test_clv_set_params_keeps_its_model_parameter_form():
    bg = segcore.BetaGeoFitter().set_params(r=0.25, alpha=4.0, a=0.8, b=2.5)
    assert bg.params_ == {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}
    assert bg.conditional_probability_alive(2, 10, 20) > 0
    with pytest.raises(segcore.InvalidArgumentError, match="give exactly the parameters"):
        bg.set_params(r=0.25, max_iter=5)


@pytest.mark.parametrize("est", ESTIMATORS, ids=names(ESTIMATORS))
def test_fitted_attributes_are_read_only(est):
    est = fit(clone(est))
    before = est.predict(X) if hasattr(est, "predict") else est.transform(X) if hasattr(est, "transform") else None
    fitted = [k for k in vars(est) if k.endswith("_") and not k.startswith("_")]
    assert fitted
    for name in fitted:
        value = getattr(est, name)
        with pytest.raises(AttributeError, match=f"{name} of {type(est).__name__} is read-only"):
            setattr(est, name, value)
        with pytest.raises(AttributeError, match="read-only"):
            delattr(est, name)
        if isinstance(value, np.ndarray) and value.size:
            assert not value.flags.writeable
            with pytest.raises(ValueError, match="read-only"):
                value.flat[0] = 12345
    if before is not None:
        after = est.predict(X) if hasattr(est, "predict") else est.transform(X)
        np.testing.assert_array_equal(after, before)
    # What methods return belongs to the caller.
    for method in ("predict", "transform", "fit_predict", "fit_transform"):
        if hasattr(est, method):
            out = getattr(est, method)(X)
            assert out.flags.writeable


def test_clv_fitted_mappings_are_read_only():
    bg = segcore.BetaGeoFitter().set_params(r=0.25, alpha=4.0, a=0.8, b=2.5)
    with pytest.raises(TypeError):
        bg.params_["r"] = 3.0
    with pytest.raises(AttributeError, match="read-only"):
        bg.params_ = {"r": 3.0}
    assert bg.params_["r"] == 0.25


def test_pipeline_of_segcore_steps_matches_the_steps_by_hand():
    pipe = Pipeline([("scale", segcore.StandardScaler()), ("pca", segcore.PCA(2)),
                     ("km", segcore.KMeans(4, random_state=0))]).fit(X)
    z = segcore.PCA(2).fit_transform(segcore.StandardScaler().fit_transform(X))
    np.testing.assert_array_equal(pipe.predict(X), segcore.KMeans(4, random_state=0).fit(z).predict(z))
    assert pipe.set_params(km__n_clusters=2).fit(X).named_steps["km"].cluster_centers_.shape == (2, 2)
    assert pipe.get_params()["pca__n_components"] == 2

    clf = Pipeline([("scale", segcore.RobustScaler()), ("lr", segcore.LogisticRegression())]).fit(X, Y)
    assert clf.score(X, Y) > 0.8


def test_grid_search_refits_the_best_parameters():
    search = GridSearchCV(Pipeline([("scale", segcore.MinMaxScaler()), ("lr", segcore.LogisticRegression())]),
                          {"lr__C": [1e-4, 1.0, 100.0], "scale__log1p": [False]}, cv=3).fit(X, Y)
    assert search.best_params_["lr__C"] in (1.0, 100.0)
    assert search.best_estimator_.named_steps["lr"].C == search.best_params_["lr__C"]
    assert search.best_score_ > 0.8

    km_search = GridSearchCV(segcore.KMeans(random_state=0), {"n_clusters": [2, 4, 6]}, cv=3).fit(X)
    scores = km_search.cv_results_["mean_test_score"]
    assert scores[0] < scores[1] < scores[2]  # score is minus the inertia: more clusters, less inertia
    assert km_search.best_estimator_.n_clusters == 6


def test_kmeans_score_is_minus_the_inertia():
    km = segcore.KMeans(4, random_state=0).fit(X)
    assert km.score(X) == pytest.approx(-km.inertia_, rel=1e-9)
    w = np.linspace(0.5, 2, len(X))
    d = ((X[:, None, :] - km.cluster_centers_[None]) ** 2).sum(axis=2).min(axis=1)
    assert km.score(X, sample_weight=w) == pytest.approx(-(d * w).sum(), rel=1e-9)


def documented_failures():
    """{estimator: {check, ...}} from docs/COMPATIBILITY.md's section of scikit-learn checks."""
    text = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "COMPATIBILITY.md").read_text()
    section = text.split("## scikit-learn estimator checks", 1)[1].split("\n## ", 1)[0]
    out = {}
    for est, check in re.findall(r"^\| `(\w+)` \| `(check_\w+)`", section, flags=re.M):
        out.setdefault(est, set()).add(check)
    return out


@pytest.mark.parametrize("est", ESTIMATORS, ids=names(ESTIMATORS))
def test_scikit_learn_estimator_checks(est):
    failed = set()
    for instance, check in check_estimator(est, generate_only=True):
        name = getattr(check, "func", check).__name__
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                check(instance)
        except pytest.skip.Exception:
            pass
        except Exception as e:  # noqa: BLE001 - a failing check is what is recorded
            if type(e).__name__ == "SkipTest":
                continue
            failed.add(name)
    assert failed <= documented_failures().get(type(est).__name__, set())


def test_scikit_learn_stays_optional_and_unimported():
    # segcore never imports scikit-learn (slow to import): the protocol is its own, and its
    # exceptions become scikit-learn's only once scikit-learn is loaded.
    code = textwrap.dedent("""
        import copy, pickle, sys
        import numpy as np, segcore
        assert "sklearn" not in sys.modules
        sys.modules["sklearn"] = None  # from here on, as if it were not installed
        X = np.random.RandomState(0).rand(50, 3)
        km = segcore.KMeans(3, random_state=0)
        assert km.set_params(n_clusters=2).get_params()["n_clusters"] == 2
        twin = pickle.loads(pickle.dumps(km.fit(X)))
        assert (twin.predict(X) == km.predict(X)).all()
        try:
            segcore.PCA(2.5).fit(X)
        except segcore.InvalidParameterError as e:
            assert isinstance(e, TypeError) and isinstance(e, ValueError)
        try:
            segcore.PCA().transform(X)
        except segcore.NotFittedError as e:
            assert isinstance(e, AttributeError)
        print("ok")
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "ok"
