"""copy.copy, copy.deepcopy, pickle and joblib of every estimator, fitted or not: each copy owns
its own native model (before, a copy shared the handle: garbage, then a double free)."""
import copy
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Mapping

import joblib
import numpy as np
import pytest

import segcore

RNG = np.random.RandomState(3)
X = np.abs(RNG.randn(120, 4)) + 0.1
Y = (X[:, 0] > X[:, 1]).astype(int)
F, R, T = np.array([0.0, 1, 3, 5, 2, 0, 7, 1]), np.array([0.0, 5, 20, 30, 8, 0, 35, 2]), np.full(8, 40.0)
M = np.array([0.0, 12, 30, 18, 25, 0, 14, 40])

# (estimator, fit, what a fitted one computes)
CASES = {
    "KMeans": (lambda: segcore.KMeans(3, random_state=0), lambda e: e.fit(X), lambda e: e.transform(X)),
    "MiniBatchKMeans": (lambda: segcore.MiniBatchKMeans(3, random_state=0, batch_size=32), lambda e: e.fit(X),
                        lambda e: e.transform(X)),
    "StandardScaler": (segcore.StandardScaler, lambda e: e.fit(X), lambda e: e.transform(X)),
    "MinMaxScaler": (lambda: segcore.MinMaxScaler((-2, 3)), lambda e: e.fit(X), lambda e: e.transform(X)),
    "RobustScaler": (lambda: segcore.RobustScaler(log1p=True), lambda e: e.fit(X), lambda e: e.transform(X)),
    "PCA": (lambda: segcore.PCA(0.8, whiten=True), lambda e: e.fit(X), lambda e: e.transform(X)),
    "LogisticRegression": (lambda: segcore.LogisticRegression(C=0.5), lambda e: e.fit(X, Y + 7),
                           lambda e: (e.predict_proba(X), e.predict(X))),
    "BetaGeoFitter": (segcore.BetaGeoFitter, lambda e: e.fit(F, R, T),
                      lambda e: e.conditional_probability_alive(F, R, T)),
    # Parameters given rather than fitted: Pareto/NBD fits on small data are slow.
    "ParetoNBDFitter": (segcore.ParetoNBDFitter, lambda e: e.set_params(r=0.5, alpha=5.0, s=0.6, beta=10.0),
                        lambda e: e.conditional_expected_number_of_purchases_up_to_time(10, F, R, T)),
    "GammaGammaFitter": (segcore.GammaGammaFitter, lambda e: e.fit(F, M),
                         lambda e: e.conditional_expected_average_profit(F, M)),
    "AgglomerativeClustering": (lambda: segcore.AgglomerativeClustering(3), lambda e: e.fit(X),
                                lambda e: e.labels_),
}


def same(a, b):
    if isinstance(a, tuple):
        for x, y in zip(a, b):
            same(x, y)
    else:
        np.testing.assert_array_equal(a, b)


def joblib_copy(est, tmp_path):
    path = tmp_path / "model.joblib"
    joblib.dump(est, path)
    return joblib.load(path)


COPIERS = {"copy": lambda e, _: copy.copy(e), "deepcopy": lambda e, _: copy.deepcopy(e),
           "pickle": lambda e, _: pickle.loads(pickle.dumps(e)), "joblib": joblib_copy}


@pytest.mark.parametrize("how", COPIERS)
@pytest.mark.parametrize("name", CASES)
def test_a_fitted_copy_owns_its_model(name, how, tmp_path):
    make, fit, compute = CASES[name]
    original = fit(make())
    expected = compute(original)
    twin = COPIERS[how](original, tmp_path)
    assert type(twin) is type(original)
    assert twin.get_params() == original.get_params()
    if getattr(original, "_handle", None):
        assert twin._handle and twin._handle.value != original._handle.value
    same(compute(twin), expected)
    for k, v in vars(original).items():
        if k.endswith("_") and not k.startswith("_"):
            mine = getattr(twin, k)
            if isinstance(v, Mapping):
                assert list(mine) == list(v)
                same(np.array(list(mine.values())), np.array(list(v.values())))
            else:
                same(np.asarray(mine), np.asarray(v))
    del original  # the copy goes on working on its own
    same(compute(twin), expected)
    fit(twin)  # and can be fitted again
    same(compute(twin), expected)


@pytest.mark.parametrize("how", COPIERS)
@pytest.mark.parametrize("name", CASES)
def test_an_unfitted_copy_fits(name, how, tmp_path):
    make, fit, compute = CASES[name]
    twin = COPIERS[how](make(), tmp_path)
    same(compute(fit(twin)), compute(fit(make())))


def test_partial_fit_goes_on_from_a_copy():
    a = segcore.MiniBatchKMeans(3, random_state=0, batch_size=40).partial_fit(X[:40])
    b = pickle.loads(pickle.dumps(a))
    a.partial_fit(X[40:80])
    b.partial_fit(X[40:80])
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)


def test_a_copied_rule_and_segment_set_work():
    data = {"monetary": np.array([5.0, 50.0, 500.0]), "frequency": np.array([1, 3, 9])}
    rule = segcore.Rule("monetary > 40 and frequency >= 3", data)
    for twin in (copy.copy(rule), copy.deepcopy(rule), pickle.loads(pickle.dumps(rule))):
        np.testing.assert_array_equal(twin.evaluate(data), rule.evaluate(data))
    lazy = segcore.Rule("monetary > 40")  # compiled by its first data: nothing native yet
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(lazy)).evaluate(data), [False, True, True])


def test_a_copied_profile_store_is_its_own():
    store = segcore.ProfileStore(categories=["channel"])
    store.add("a", 1000, 5.0, "o1", categories=["web"])
    for copier in (copy.copy, copy.deepcopy, lambda s: pickle.loads(pickle.dumps(s))):
        other = copier(store)
        assert other.categories == ("channel",) and other.to_bytes() == store.to_bytes()
        other.add("b", 2000, 1.0, categories=["app"])
        assert other.n_events == 2 and store.n_events == 1


def test_objects_without_a_serialised_form_refuse_to_be_copied():
    bands = segcore.ScoreBands([1.0, 2.0], ["low", "mid", "high"])
    for obj in (bands,):
        for copier in (copy.copy, copy.deepcopy, pickle.dumps):
            with pytest.raises(TypeError, match="cannot be copied or pickled"):
                copier(obj)


def test_copies_never_free_one_handle_twice():
    # In a child process: a shared handle crashed it ("double free", SIGSEGV) on exit.
    code = textwrap.dedent("""
        import copy, gc, numpy as np, segcore
        X = np.random.RandomState(0).rand(200, 3)
        ests = [segcore.KMeans(3, random_state=0).fit(X), segcore.StandardScaler().fit(X),
                segcore.PCA(2).fit(X), segcore.LogisticRegression().fit(X, X[:, 0] > 0.5),
                segcore.BetaGeoFitter().set_params(r=0.3, alpha=4.0, a=0.8, b=2.0)]
        for est in ests:
            twin = copy.copy(est)
            del est
            gc.collect()
            for _ in range(50):
                np.ones(10000)
            assert np.isfinite(np.asarray(twin.params_["r"] if hasattr(twin, "params_") else
                               twin.transform(X) if hasattr(twin, "transform") else twin.predict(X))).all()
            del twin
            gc.collect()
        print("ok")
    """)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ})
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "ok"
