import numpy as np
import pytest

import segcore

sklearn_lm = pytest.importorskip("sklearn.linear_model")


def _data(n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * np.arange(1, d + 1)
    beta = rng.normal(size=d)
    p = 1 / (1 + np.exp(-(X / np.arange(1, d + 1)) @ beta - 0.4))
    y = (rng.random(n) < p).astype(int)
    return X, y


@pytest.mark.parametrize("C", [0.01, 1.0, 50.0])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_matches_sklearn_at_the_optimum(C, fit_intercept):
    X, y = _data(3000, 6, 1)
    # scikit-learn's lbfgs stops on a relative change of the objective, some way from the
    # optimum; its newton-cg with a tight tolerance reaches it, so compare there closely.
    ref = sklearn_lm.LogisticRegression(C=C, fit_intercept=fit_intercept, solver="newton-cg", tol=1e-8,
                                        max_iter=1000).fit(X, y)
    ours = segcore.LogisticRegression(C=C, fit_intercept=fit_intercept).fit(X, y)
    assert ours.converged_
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-7)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_sample_weights_and_labels_match_sklearn():
    X, y = _data(2000, 4, 2)
    labels = np.where(y == 1, "buyer", "browser")
    w = np.random.default_rng(3).uniform(0, 3, size=y.size)
    ref = sklearn_lm.LogisticRegression(C=0.5, solver="newton-cg", tol=1e-8, max_iter=1000).fit(
        X, labels, sample_weight=w)
    ours = segcore.LogisticRegression(C=0.5, n_threads=2).fit(X, labels, sample_weight=w)
    assert list(ours.classes_) == list(ref.classes_)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-5, atol=1e-7)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def _objective(X, y, w, C, coef, intercept):
    z = X @ coef + intercept
    return C * np.sum(w * (np.logaddexp(0, z) - y * z)) + 0.5 * coef @ coef


@pytest.mark.parametrize("C", [0.01, 1.0, 50.0])
def test_at_least_as_good_as_default_lbfgs(C):
    X, y = _data(5000, 8, 4)
    ref = sklearn_lm.LogisticRegression(C=C, max_iter=10000).fit(X, y)
    ours = segcore.LogisticRegression(C=C).fit(X, y)
    w = np.ones(y.size)
    f_ref = _objective(X, y, w, C, ref.coef_[0], ref.intercept_[0])
    f_ours = _objective(X, y, w, C, ours.coef_[0], ours.intercept_[0])
    assert f_ours <= f_ref + 1e-12 * abs(f_ref)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), atol=1e-3)


def test_errors():
    with pytest.raises(segcore.NotFittedError):
        segcore.LogisticRegression().predict(np.zeros((2, 2)))
    with pytest.raises(segcore.InvalidArgumentError, match="classes"):
        segcore.LogisticRegression().fit(np.zeros((3, 1)), [1, 1, 1])
    with pytest.raises(segcore.InvalidArgumentError, match="'C' parameter of LogisticRegression must be a float"):
        segcore.LogisticRegression(C=-1).fit(np.eye(2), [0, 1])


def test_weighted_score_over_columns():
    data = {"monetary": np.array([10.0, np.nan, 30.0]), "frequency": np.array([1, 2, 3])}
    s = segcore.weighted_score(data, {"monetary": 0.5, "frequency": 2}, bias=1)
    np.testing.assert_array_equal(s[[0, 2]], [8, 22])
    assert np.isnan(s[1])
    np.testing.assert_array_equal(segcore.weighted_score(data, {"monetary": 0.5}, missing_as_zero=True), [5, 0, 15])
