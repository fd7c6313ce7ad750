"""Ported from scikit-learn 1.2.1 sklearn/linear_model/tests/test_logistic.py, on
segcore.LogisticRegression: binary, L2, Newton's method. The cases on more than two classes,
other penalties and solvers, LogisticRegressionCV, class_weight, warm_start and sparse input are
listed in docs/COMPATIBILITY.md. Where scikit-learn compares its solvers with each other, the
port compares segcore with scikit-learn's lbfgs."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_almost_equal, assert_array_equal
from sklearn.datasets import load_iris, make_classification
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from segcore import LogisticRegression

X = [[-1, 0], [0, 1], [1, 1]]
Y1 = [0, 1, 1]
iris = load_iris()


def check_predictions(clf, X, y):
    n_samples = len(y)
    classes = np.unique(y)
    predicted = clf.fit(X, y).predict(X)
    assert_array_equal(clf.classes_, classes)
    assert predicted.shape == (n_samples,)
    assert_array_equal(predicted, y)
    probabilities = clf.predict_proba(X)
    assert probabilities.shape == (n_samples, classes.shape[0])
    assert_array_almost_equal(probabilities.sum(axis=1), np.ones(n_samples))
    assert_array_equal(probabilities.argmax(axis=1), y)


def test_predict_2_classes():
    check_predictions(LogisticRegression(), X, Y1)
    check_predictions(LogisticRegression(C=100), X, Y1)
    check_predictions(LogisticRegression(fit_intercept=False), X, Y1)


def test_inconsistent_input():
    rng = np.random.RandomState(0)
    X_ = rng.random_sample((5, 10))
    y_ = np.ones(X_.shape[0])
    y_[0] = 0
    clf = LogisticRegression()
    with pytest.raises(ValueError):
        clf.fit(X, y_[:-1])
    with pytest.raises(ValueError):
        clf.fit(X_, y_).predict(rng.random_sample((3, 12)))


def test_nan():
    Xnan = np.array(X, dtype=np.float64)
    Xnan[0, 1] = np.nan
    with pytest.raises(ValueError):
        LogisticRegression().fit(Xnan, Y1)


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_logistic_regression_solvers(fit_intercept):
    X, y = make_classification(n_features=10, n_informative=5, random_state=0)
    ours = LogisticRegression(fit_intercept=fit_intercept).fit(X, y)
    theirs = SkLogisticRegression(fit_intercept=fit_intercept, tol=1e-10, max_iter=1000).fit(X, y)
    assert_array_almost_equal(ours.coef_, theirs.coef_, decimal=3)
    assert_array_almost_equal(ours.intercept_, theirs.intercept_, decimal=3)


def test_logistic_regression_sample_weights():
    X, y = make_classification(n_samples=20, n_features=5, n_informative=3, n_classes=2, random_state=0)
    sample_weight = y + 1
    kw = {"fit_intercept": False}
    clf_sw_none = LogisticRegression(**kw).fit(X, y)
    clf_sw_ones = LogisticRegression(**kw).fit(X, y, sample_weight=np.ones(y.shape[0]))
    assert_allclose(clf_sw_none.coef_, clf_sw_ones.coef_, rtol=1e-4)
    clf_sw_lbfgs = SkLogisticRegression(tol=1e-10, **kw).fit(X, y, sample_weight=sample_weight)
    clf_sw = LogisticRegression(**kw).fit(X, y, sample_weight=sample_weight)
    assert_allclose(clf_sw_lbfgs.coef_, clf_sw.coef_, rtol=1e-4)
    # class_weight={0: 1, 1: 2} of scikit-learn is this sample weight
    clf_cw_12 = SkLogisticRegression(class_weight={0: 1, 1: 2}, tol=1e-10, **kw).fit(X, y)
    assert_allclose(clf_cw_12.coef_, clf_sw.coef_, rtol=1e-4)


@pytest.mark.parametrize("max_iter", range(1, 5))
def test_max_iter(max_iter):
    # scikit-learn warns (ConvergenceWarning); segcore reports converged_ = False.
    X, y_bin = iris.data, iris.target.copy()
    y_bin[y_bin == 2] = 0
    lr = LogisticRegression(max_iter=max_iter, tol=1e-15).fit(X, y_bin)
    assert lr.n_iter_[0] == max_iter
    assert not lr.converged_


def test_n_iter():
    X, y = iris.data, iris.target
    y_bin = (y == 1).astype(int)
    clf = LogisticRegression(tol=1e-2, C=1.0).fit(X, y_bin)
    assert clf.n_iter_.shape == (1,)


@pytest.mark.parametrize("fit_intercept", [False, True])
def test_dtype_match(fit_intercept):
    # segcore fits in float64 whatever the input (coef_ is float64): the float32 dtype
    # assertion does not apply; the coefficients' agreement does.
    solver_tol = 5e-4
    lr_32 = LogisticRegression(tol=solver_tol, fit_intercept=fit_intercept).fit(np.array(X, dtype=np.float32),
                                                                             np.array(Y1, dtype=np.float32))
    lr_64 = LogisticRegression(tol=solver_tol, fit_intercept=fit_intercept).fit(np.array(X, dtype=np.float64),
                                                                             np.array(Y1, dtype=np.float64))
    assert lr_64.coef_.dtype == np.float64
    assert_allclose(lr_32.coef_, lr_64.coef_.astype(np.float32), atol=2 * 1.72 * solver_tol)


def test_sample_weight_not_modified():
    X, y = load_iris(return_X_y=True)
    y = (y == 1).astype(int)
    W = np.ones(len(X))
    W[: len(X) // 2] = 2
    expected = W.copy()
    LogisticRegression(max_iter=200).fit(X, y, sample_weight=W)
    assert_allclose(expected, W)


def test_single_feature_newton_cg():
    X = np.array([[0.5, 0.65, 1.1, 1.25, 0.8, 0.54, 0.95, 0.7]]).T
    y = np.array([1, 1, 0, 0, 1, 1, 0, 1])
    LogisticRegression(fit_intercept=True).fit(X, y)
