import numpy as np
import pytest

import segcore


def test_version_matches_the_library():
    major, minor, patch = (int(p) for p in segcore.__version__.split("."))
    assert segcore.version_number == major * 1000000 + minor * 1000 + patch


def test_standard_scaler_zero_mean_unit_variance_and_inverse():
    rng = np.random.default_rng(1)
    X = rng.normal(50, 12, size=(1001, 4))
    s = segcore.StandardScaler(n_threads=2).fit(X)
    Y = s.transform(X)
    np.testing.assert_allclose(Y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Y.std(axis=0), 1, rtol=1e-12)
    np.testing.assert_allclose(s.inverse_transform(Y), X, rtol=1e-12)
    assert s.n_features_in_ == 4


def test_float32_stays_float32():
    X = np.arange(12, dtype=np.float32).reshape(6, 2)
    Y = segcore.MinMaxScaler().fit_transform(X)
    assert Y.dtype == np.float32
    np.testing.assert_allclose(Y[:, 0], np.linspace(0, 1, 6), rtol=1e-6)


def test_errors_carry_the_library_message():
    X = np.ones((3, 2))
    X[2, 1] = np.nan
    with pytest.raises(segcore.InvalidArgumentError, match=r"row 2, column 1 is NaN"):
        segcore.StandardScaler().fit(X)
    with pytest.raises(segcore.NotFittedError):
        segcore.RobustScaler().transform(X)
    s = segcore.StandardScaler().fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="fitted on 2"):
        s.transform(np.ones((3, 5)))
    with pytest.raises(segcore.InvalidArgumentError, match="2-D"):
        s.fit(np.ones(4))
    with pytest.raises(segcore.InvalidArgumentError, match="'n_threads' parameter of StandardScaler"):
        segcore.StandardScaler(n_threads=0).fit(np.ones((3, 2)))


def test_constant_columns_are_reported():
    X = np.column_stack([np.arange(5.0), np.full(5, 3.0)])
    s = segcore.StandardScaler().fit(X)
    assert s.zero_variance_.tolist() == [False, True]
    assert s.scale_[1] == 1.0
