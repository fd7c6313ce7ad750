"""Ported from scikit-learn 1.2.1 sklearn/decomposition/tests/test_pca.py, on segcore.PCA.
segcore has one solver, the covariance eigen-decomposition, which gives scikit-learn's "full"
results: the solver parameter is dropped and each case runs once. Cases on the arpack and
randomized solvers, n_components="mle", score/get_covariance, sparse input and feature names
are not ported (docs/COMPATIBILITY.md)."""
import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn import datasets
from sklearn.datasets import load_iris
from sklearn.decomposition import PCA as SkPCA

from segcore import PCA


iris = datasets.load_iris()


@pytest.mark.parametrize("n_components", range(1, iris.data.shape[1]))
def test_pca(n_components):
    X = iris.data
    pca = PCA(n_components=n_components)
    X_r = pca.fit(X).transform(X)
    assert X_r.shape[1] == n_components
    X_r2 = pca.fit_transform(X)
    assert_allclose(X_r, X_r2)
    assert_allclose(pca.transform(X), X_r2)
    # get_covariance / get_precision are not part of segcore's PCA (not ported).


def test_no_empty_slice_warning():
    import warnings
    X = np.random.uniform(-1, 1, size=(10, 12))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        PCA(n_components=10).fit(X)


def test_whitening():
    rng = np.random.RandomState(0)
    n_samples, n_features, n_components, rank = 100, 80, 30, 50
    X = np.dot(rng.randn(n_samples, rank),
               np.dot(np.diag(np.linspace(10.0, 1.0, rank)), rng.randn(rank, n_features)))
    X[:, :50] *= 3
    assert X.shape == (n_samples, n_features)
    assert X.std(axis=0).std() > 43.8
    X_ = X.copy()
    pca = PCA(n_components=n_components, whiten=True)
    X_whitened = pca.fit_transform(X_.copy())
    assert X_whitened.shape == (n_samples, n_components)
    assert_allclose(X_whitened, pca.transform(X_), rtol=5e-4)
    assert_allclose(X_whitened.std(ddof=1, axis=0), np.ones(n_components))
    assert_allclose(X_whitened.mean(axis=0), np.zeros(n_components), atol=1e-12)
    X_unwhitened = PCA(n_components=n_components, whiten=False).fit(X.copy()).transform(X)
    assert X_unwhitened.shape == (n_samples, n_components)
    assert X_unwhitened.std(axis=0).std() == pytest.approx(74.1, rel=1e-1)


@pytest.mark.parametrize("X", [
    np.random.RandomState(0).randn(100, 80),
    datasets.make_classification(100, 80, n_informative=78, random_state=0)[0],
], ids=["random-data", "correlated-data"])
def test_pca_explained_variance_empirical(X):
    pca = PCA(n_components=2)
    X_pca = pca.fit_transform(X)
    assert_allclose(pca.explained_variance_, np.var(X_pca, ddof=1, axis=0))
    expected_result = sorted(np.linalg.eig(np.cov(X, rowvar=False))[0], reverse=True)[:2]
    assert_allclose(pca.explained_variance_, expected_result, rtol=5e-3)


def test_pca_singular_values():
    rng = np.random.RandomState(0)
    X = rng.randn(100, 80)
    pca = PCA(n_components=2)
    X_trans = pca.fit_transform(X)
    assert_allclose(np.sum(pca.singular_values_**2), np.linalg.norm(X_trans, "fro") ** 2)
    assert_allclose(pca.singular_values_, np.sqrt(np.sum(X_trans**2, axis=0)))
    X = rng.randn(100, 110)
    pca = PCA(n_components=3)
    X_trans = pca.fit_transform(X)
    X_trans /= np.sqrt(np.sum(X_trans**2, axis=0))
    X_trans[:, 0] *= 3.142
    X_trans[:, 1] *= 2.718
    X_hat = np.dot(X_trans, pca.components_)
    pca.fit(X_hat)
    assert_allclose(pca.singular_values_, [3.142, 2.718, 1.0])


def test_pca_check_projection():
    rng = np.random.RandomState(0)
    n, p = 100, 3
    X = rng.randn(n, p) * 0.1
    X[:10] += np.array([3, 4, 5])
    Xt = 0.1 * rng.randn(1, p) + np.array([3, 4, 5])
    Yt = PCA(n_components=2).fit(X).transform(Xt)
    Yt /= np.sqrt((Yt**2).sum())
    assert_allclose(np.abs(Yt[0][0]), 1.0, rtol=5e-3)


def test_pca_check_projection_list():
    X = [[1.0, 0.0], [0.0, 1.0]]
    X_trans = PCA(n_components=1).fit_transform(X)
    assert X_trans.shape == (2, 1)
    assert_allclose(X_trans.mean(), 0.00, atol=1e-12)
    assert_allclose(X_trans.std(), 0.71, rtol=5e-3)


@pytest.mark.parametrize("whiten", [False, True])
def test_pca_inverse(whiten):
    rng = np.random.RandomState(0)
    X = rng.randn(50, 3)
    X[:, 1] *= 0.00001
    X += [5, 4, 3]
    pca = PCA(n_components=2, whiten=whiten).fit(X)
    assert_allclose(X, pca.inverse_transform(pca.transform(X)), rtol=5e-6)


@pytest.mark.parametrize("data", [np.array([[0, 1, 0], [1, 0, 0]]), np.array([[0, 1, 0], [1, 0, 0]]).T])
def test_pca_validation(data):
    # the "auto" / "full" case; segcore's wording names the same bound
    with pytest.raises(ValueError, match=r"n_components is 3; it must be at most min\(n_rows, n_features\) = 2"):
        PCA(3).fit(data)


@pytest.mark.parametrize("data", [iris.data, iris.data.T])
def test_n_components_none(data):
    # segcore refuses a non-contiguous float array rather than copying it: the transpose is
    # made contiguous first.
    assert PCA().fit(np.ascontiguousarray(data)).n_components_ == min(iris.data.shape)


def test_pca_sanity_noise_variance():
    X, _ = datasets.load_digits(return_X_y=True)
    pca = PCA(n_components=30).fit(np.ascontiguousarray(X))
    assert np.all((pca.explained_variance_ - pca.noise_variance_) >= 0)


def test_pca_zero_noise_variance_edge_cases():
    rng = np.random.RandomState(0)
    X = rng.randn(100, 3) * 0.1 + np.array([3, 4, 5])
    pca = PCA(n_components=3).fit(X)
    assert pca.noise_variance_ == 0
    pca.fit(np.ascontiguousarray(X.T))
    assert pca.noise_variance_ == 0
    # (score() is not part of segcore's PCA)


def test_pca_deterministic_output():
    X = np.random.RandomState(0).rand(10, 10)
    transformed_X = np.zeros((20, 2))
    for i in range(20):
        transformed_X[i, :] = PCA(n_components=2).fit_transform(X)[0]
    assert_allclose(transformed_X, np.tile(transformed_X[0, :], 20).reshape(20, 2))


def test_pca_dtype_preservation():
    # segcore computes and returns float64 for every input (a design choice): the float32
    # dtype assertions of scikit-learn do not apply; its numeric comparisons do.
    X_64 = np.random.RandomState(0).rand(1000, 4)
    X_32 = X_64.astype(np.float32)
    pca_64 = PCA(n_components=3).fit(X_64)
    pca_32 = PCA(n_components=3).fit(X_32)
    assert_allclose(pca_64.components_, pca_32.components_, rtol=2e-4)
    X_i64 = np.random.RandomState(0).randint(0, 1000, (1000, 4)).astype(np.int64)
    X_i32 = X_i64.astype(np.int32)
    pca_64 = PCA(n_components=3).fit(X_i64)
    pca_32 = PCA(n_components=3).fit(X_i32)
    assert pca_64.components_.dtype == np.float64
    assert pca_32.components_.dtype == np.float64
    assert pca_64.transform(X_i64).dtype == np.float64
    assert pca_32.transform(X_i32).dtype == np.float64
    assert_allclose(pca_64.components_, pca_32.components_, rtol=1e-4)


def test_pca_n_components_mostly_explained_variance_ratio():
    X, y = load_iris(return_X_y=True)
    pca1 = PCA().fit(X, y)
    n_components = pca1.explained_variance_ratio_.cumsum()[-2]
    pca2 = PCA(n_components=n_components).fit(X, y)
    assert pca2.n_components_ == X.shape[1]


@pytest.mark.parametrize("fraction", [0.5, 0.95, 0.99])
def test_float_n_components_keeps_the_explained_variance_fraction(fraction):
    # The case above passes by accident while a float n_components keeps every component;
    # this one (scikit-learn as the oracle) does not.
    X, _ = load_iris(return_X_y=True)
    assert PCA(n_components=fraction).fit(X).n_components_ == SkPCA(n_components=fraction).fit(X).n_components_


def test_variance_correctness():
    X = np.random.RandomState(0).randn(1000, 200)
    pca = PCA().fit(X)
    np.testing.assert_allclose(pca.explained_variance_ / pca.explained_variance_ratio_,
                               np.var(X, ddof=1, axis=0).sum())


# Defect class 6: component signs follow scikit-learn's rule (svd_flip on U), so components
# and projections equal scikit-learn's, signs included.

@pytest.mark.parametrize("shape", [(150, 4), (37, 5), (9, 12), (500, 3)])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_components_and_projections_equal_scikit_learns_with_signs(shape, seed, dtype):
    rng = np.random.RandomState(seed)
    X = (rng.randn(*shape) @ rng.randn(shape[1], shape[1]) + rng.uniform(-5, 5, shape[1])).astype(dtype)
    k = min(shape) - 1
    ours = PCA(n_components=k).fit(X)
    theirs = SkPCA(n_components=k, svd_solver="full").fit(X.astype(np.float64))
    tol = 1e-7 if dtype == np.float64 else 1e-3
    assert_allclose(ours.components_, theirs.components_, atol=tol)
    assert_allclose(ours.transform(X), theirs.transform(X.astype(np.float64)), atol=tol * 10 * np.abs(X).max())


def test_iris_components_equal_scikit_learns_with_signs():
    ours = PCA().fit(iris.data)
    theirs = SkPCA(svd_solver="full").fit(iris.data)
    assert_allclose(ours.components_, theirs.components_, atol=1e-8)


@pytest.mark.parametrize("X, n_components, n_components_validated", [
    (iris.data, 0.95, 2),
    (iris.data, 0.01, 1),
    (np.random.RandomState(0).rand(5, 20), 0.5, 2),
])
def test_infer_dim_by_explained_variance(X, n_components, n_components_validated):
    pca = PCA(n_components=n_components)
    pca.fit(X)
    assert pca.n_components == pytest.approx(n_components)
    assert pca.n_components_ == n_components_validated
