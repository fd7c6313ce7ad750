"""Ported from scikit-learn 1.2.1 sklearn/preprocessing/tests/test_data.py: the cases on
StandardScaler, MinMaxScaler and RobustScaler that segcore's scalers can run. segcore's scalers
have no sample_weight, partial_fit, with_mean/with_std, copy, quantile_range, unit_variance or
clip, take no sparse input and have no function forms (scale, minmax_scale, robust_scale): the
cases on those are listed in docs/COMPATIBILITY.md."""
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_almost_equal, assert_array_almost_equal
from sklearn import datasets
from sklearn.preprocessing import MinMaxScaler as SkMinMaxScaler

from segcore import MinMaxScaler, RobustScaler, StandardScaler

iris = datasets.load_iris()

rng = np.random.RandomState(0)
n_features = 30
n_samples = 1000
offsets = rng.uniform(-1, 1, size=n_features)
scales = rng.uniform(1, 10, size=n_features)
X_2d = rng.randn(n_samples, n_features) * scales + offsets
X_1row = X_2d[0, :].reshape(1, n_features)
X_1col = X_2d[:, 0].reshape(n_samples, 1)
X_list_1row = X_1row.tolist()


def _check_dim_1axis(a):
    return np.asarray(a).shape[0]


def test_standard_scaler_1d():
    # X_1col is a strided view: segcore refuses non-contiguous float data rather than copying
    # it behind the caller's back, so the port passes a contiguous copy.
    for X in [X_1row, np.ascontiguousarray(X_1col), X_list_1row]:
        scaler = StandardScaler()
        X_scaled = scaler.fit(X).transform(X)
        X = np.array(X)
        if _check_dim_1axis(X) == 1:
            assert_almost_equal(scaler.mean_, X.ravel())
            assert_almost_equal(scaler.scale_, np.ones(n_features))
            assert_array_almost_equal(X_scaled.mean(axis=0), np.zeros_like(n_features))
            assert_array_almost_equal(X_scaled.std(axis=0), np.zeros_like(n_features))
        else:
            assert_almost_equal(scaler.mean_, X.mean())
            assert_almost_equal(scaler.scale_, X.std())
            assert_array_almost_equal(X_scaled.mean(axis=0), 0.0)
            assert_array_almost_equal(X_scaled.std(axis=0), 1.0)
        assert_array_almost_equal(scaler.inverse_transform(X_scaled), X)
    X = np.ones((5, 1))
    scaler = StandardScaler()
    X_scaled = scaler.fit(X).transform(X)
    assert_almost_equal(scaler.mean_, 1.0)
    assert_almost_equal(scaler.scale_, 1.0)
    assert_array_almost_equal(X_scaled.mean(axis=0), 0.0)
    assert_array_almost_equal(X_scaled.std(axis=0), 0.0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_standard_scaler_dtype(dtype):
    # segcore returns the input's dtype for float32 and float64 (float16 is widened to float32)
    X = np.random.RandomState(0).randn(10, 3).astype(dtype)
    scaler = StandardScaler()
    X_scaled = scaler.fit(X).transform(X)
    assert X.dtype == X_scaled.dtype
    assert scaler.mean_.dtype == np.float64
    assert scaler.scale_.dtype == np.float64


@pytest.mark.parametrize("scaler", [StandardScaler, RobustScaler])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("constant", [0, 1.0, 100.0])
def test_standard_scaler_constant_features(scaler, dtype, constant):
    # scikit-learn runs this without centering (with_mean=False / with_centering=False); segcore
    # always centers, so the constant column maps onto 0 rather than onto itself. The scale is
    # the point of the case: 1 for a constant column.
    X = np.full(shape=(100, 1), fill_value=constant, dtype=dtype)
    s = scaler().fit(X)
    X_scaled = s.transform(X)
    assert_allclose(s.scale_, np.ones(X.shape[1]))
    assert_allclose(X_scaled, np.zeros_like(X))


@pytest.mark.parametrize("n_samples", [10, 100, 10_000])
@pytest.mark.parametrize("average", [1e-10, 1, 1e10])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_standard_scaler_near_constant_features(n_samples, average, dtype):
    # with_mean=False in scikit-learn; scale_ does not depend on it. var_ is scale_**2 here.
    scale_min, scale_max = -30, 19
    scales = np.array([10**i for i in range(scale_min, scale_max + 1)], dtype=dtype)
    n_features = scales.shape[0]
    X = np.empty((n_samples, n_features), dtype=dtype)
    X[: n_samples // 2, :] = average + scales
    X[n_samples // 2:, :] = average - scales
    scaler = StandardScaler().fit(X)
    var = np.where(scaler.zero_variance_, 0.0, scaler.scale_**2)
    eps = np.finfo(np.float64).eps
    bounds = n_samples * eps * scales**2 + n_samples**2 * eps**2 * average**2
    within_bounds = scales**2 <= bounds
    assert np.any(within_bounds)
    assert all(var[within_bounds] <= bounds[within_bounds])
    assert_allclose(scaler.scale_[within_bounds], 1.0)
    representable_diff = X[0, :] - X[-1, :] != 0
    assert_allclose(var[np.logical_not(representable_diff)], 0)
    assert_allclose(scaler.scale_[np.logical_not(representable_diff)], 1)
    common_mask = np.logical_and(scales**2 > bounds, representable_diff)
    assert_allclose(scaler.scale_[common_mask], np.sqrt(var)[common_mask])


def test_scaler_2d_arrays():
    rng = np.random.RandomState(0)
    X = rng.randn(4, 5)
    X[:, 0] = 0.0
    scaler = StandardScaler()
    X_scaled = scaler.fit(X).transform(X)
    assert not np.any(np.isnan(X_scaled))
    assert_array_almost_equal(X_scaled.mean(axis=0), 5 * [0.0])
    assert_array_almost_equal(X_scaled.std(axis=0), [0.0, 1.0, 1.0, 1.0, 1.0])
    assert X_scaled is not X
    X_scaled_back = scaler.inverse_transform(X_scaled)
    assert X_scaled_back is not X
    assert X_scaled_back is not X_scaled
    assert_array_almost_equal(X_scaled_back, X)
    X = rng.randn(4, 5)
    X[:, 0] = 1.0
    X_scaled = StandardScaler().fit(X).transform(X)
    assert not np.any(np.isnan(X_scaled))
    assert_array_almost_equal(X_scaled.mean(axis=0), 5 * [0.0])
    assert_array_almost_equal(X_scaled.std(axis=0), [0.0, 1.0, 1.0, 1.0, 1.0])
    assert X_scaled is not X


def test_scaler_float16_overflow():
    rng = np.random.RandomState(0)
    X = rng.uniform(5, 10, [200000, 1]).astype(np.float16)
    with np.errstate(over="raise"):
        X_scaled = StandardScaler().fit(X).transform(X)
    X_scaled_f64 = StandardScaler().fit_transform(X.astype(np.float64))
    assert np.all(np.isfinite(X_scaled))
    assert_array_almost_equal(X_scaled, X_scaled_f64, decimal=2)


def test_min_max_scaler_iris():
    X = iris.data
    for lo, hi in [(0, 1), (1, 2), (-0.5, 0.6)]:
        scaler = MinMaxScaler() if (lo, hi) == (0, 1) else MinMaxScaler(feature_range=(lo, hi))
        X_trans = scaler.fit_transform(X)
        assert_array_almost_equal(X_trans.min(axis=0), lo)
        assert_array_almost_equal(X_trans.max(axis=0), hi)
        assert_array_almost_equal(X, scaler.inverse_transform(X_trans))
    with pytest.raises(ValueError):
        MinMaxScaler(feature_range=(2, 1)).fit(X)


def test_min_max_scaler_zero_variance_features():
    X = [[0.0, 1.0, +0.5], [0.0, 1.0, -0.1], [0.0, 1.0, +1.1]]
    X_new = [[+0.0, 2.0, 0.5], [-1.0, 1.0, 0.0], [+0.0, 1.0, 1.5]]
    scaler = MinMaxScaler()
    X_trans = scaler.fit_transform(X)
    X_expected_0_1 = [[0.0, 0.0, 0.5], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    assert_array_almost_equal(X_trans, X_expected_0_1)
    assert_array_almost_equal(X, scaler.inverse_transform(X_trans))
    X_expected_0_1_new = [[+0.0, 1.0, 0.500], [-1.0, 0.0, 0.083], [+0.0, 0.0, 1.333]]
    assert_array_almost_equal(scaler.transform(X_new), X_expected_0_1_new, decimal=2)
    X_trans = MinMaxScaler(feature_range=(1, 2)).fit_transform(X)
    assert_array_almost_equal(X_trans, [[1.0, 1.0, 1.5], [1.0, 1.0, 1.0], [1.0, 1.0, 2.0]])


def test_min_max_scaler_1d():
    for X in [X_1row, np.ascontiguousarray(X_1col), X_list_1row]:  # contiguous, as above
        scaler = MinMaxScaler()
        X_scaled = scaler.fit(X).transform(X)
        X = np.array(X)
        if _check_dim_1axis(X) == 1:
            assert_array_almost_equal(X_scaled.min(axis=0), np.zeros(n_features))
            assert_array_almost_equal(X_scaled.max(axis=0), np.zeros(n_features))
        else:
            assert_array_almost_equal(X_scaled.min(axis=0), 0.0)
            assert_array_almost_equal(X_scaled.max(axis=0), 1.0)
        assert_array_almost_equal(scaler.inverse_transform(X_scaled), X)
    X_scaled = MinMaxScaler().fit(np.ones((5, 1))).transform(np.ones((5, 1)))
    assert X_scaled.min() >= 0.0
    assert X_scaled.max() <= 1.0


def test_robust_scaler_2d_arrays():
    rng = np.random.RandomState(0)
    X = rng.randn(4, 5)
    X[:, 0] = 0.0
    X_scaled = RobustScaler().fit(X).transform(X)
    assert_array_almost_equal(np.median(X_scaled, axis=0), 5 * [0.0])
    assert_array_almost_equal(X_scaled.std(axis=0)[0], 0)


def test_robust_scaler_iris():
    X = iris.data
    scaler = RobustScaler()
    X_trans = scaler.fit_transform(X)
    assert_array_almost_equal(np.median(X_trans, axis=0), 0)
    assert_array_almost_equal(X, scaler.inverse_transform(X_trans))
    q = np.percentile(X_trans, q=(25, 75), axis=0)
    assert_array_almost_equal(q[1] - q[0], 1)


def test_robust_scaler_zero_variance_features():
    X = [[0.0, 1.0, +0.5], [0.0, 1.0, -0.1], [0.0, 1.0, +1.1]]
    scaler = RobustScaler()
    X_trans = scaler.fit_transform(X)
    assert_array_almost_equal(X_trans, [[0.0, 0.0, +0.0], [0.0, 0.0, -1.0], [0.0, 0.0, +1.0]])
    assert_array_almost_equal(X, scaler.inverse_transform(X_trans))
    X_new = [[+0.0, 2.0, 0.5], [-1.0, 1.0, 0.0], [+0.0, 1.0, 1.5]]
    X_expected_new = [[+0.0, 1.0, +0.0], [-1.0, 0.0, -0.83333], [+0.0, 0.0, +1.66667]]
    assert_array_almost_equal(scaler.transform(X_new), X_expected_new, decimal=3)


def test_standard_scaler_raise_error_for_1d_input():
    scaler = StandardScaler().fit(X_2d)
    with pytest.raises(ValueError, match="1-D"):  # segcore's wording
        scaler.inverse_transform(X_2d[:, 0])


# Defect class 6: MinMaxScaler's attributes as scikit-learn's (scale_ was the reciprocal).

@pytest.mark.parametrize("feature_range", [(0, 1), (1, 2), (-0.5, 0.6), (-10, 10)])
@pytest.mark.parametrize("seed", [0, 1])
def test_min_max_scaler_attributes_equal_scikit_learns(feature_range, seed):
    rng = np.random.RandomState(seed)
    X = rng.randn(50, 4) * rng.uniform(0.1, 100, 4) + rng.uniform(-1e3, 1e3, 4)
    ours = MinMaxScaler(feature_range=feature_range).fit(X)
    theirs = SkMinMaxScaler(feature_range=feature_range).fit(X)
    for name in ("scale_", "min_", "data_min_", "data_max_", "data_range_"):
        assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=1e-12, atol=1e-9, err_msg=name)
    # scikit-learn's own formula reproduces the transform
    assert_allclose(ours.transform(X), X * ours.scale_ + ours.min_, rtol=1e-12, atol=1e-12)


def test_min_max_scaler_constant_column_attributes():
    X = np.array([[3.0, 0.0], [3.0, 1.0], [3.0, 4.0]])
    ours = MinMaxScaler().fit(X)
    theirs = SkMinMaxScaler().fit(X)
    for name in ("scale_", "min_", "data_min_", "data_max_", "data_range_"):
        assert_allclose(getattr(ours, name), getattr(theirs, name), err_msg=name)
