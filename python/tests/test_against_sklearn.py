"""segcore's scalers against scikit-learn's on the same data (skipped without scikit-learn)."""
import numpy as np
import pytest

import segcore

preprocessing = pytest.importorskip("sklearn.preprocessing", reason="scikit-learn is not installed")


@pytest.mark.parametrize("shape", [(1, 1), (7, 3), (17, 5), (1000, 9)])
def test_scalers_match_sklearn(shape):
    rng = np.random.default_rng(shape[0] * 100 + shape[1])
    X = rng.lognormal(3, 1, size=shape)
    pairs = [
        (segcore.StandardScaler(), preprocessing.StandardScaler()),
        (segcore.MinMaxScaler(feature_range=(-1, 3)), preprocessing.MinMaxScaler(feature_range=(-1, 3))),
        (segcore.RobustScaler(), preprocessing.RobustScaler()),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours.fit_transform(X), theirs.fit_transform(X), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)), X, rtol=1e-10)


def test_log1p_matches_sklearn_on_log1p_data():
    X = np.random.default_rng(0).exponential(100, size=(500, 3))
    ours = segcore.StandardScaler(log1p=True).fit_transform(X)
    theirs = preprocessing.StandardScaler().fit_transform(np.log1p(X))
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)
