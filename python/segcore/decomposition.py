"""PCA with scikit-learn's names, over segcore's C ABI."""
import ctypes
from numbers import Integral, Real

import numpy as np

from . import _capi, _native
from ._errors import NotFittedError
from ._native import lib, pointer
from ._estimator import Estimator, writes_fitted
from ._params import INT32_MAX, N_THREADS, Interval, StrOptions
from ._persist import Persistent

_P, _S = ctypes.c_void_p, ctypes.c_size_t
_c = _native.checked
_DEFAULTS = _native.options("segcore_pca_options_init")
_create = _c("segcore_pca_create")
_destroy = lib.segcore_pca_destroy
_fit = {np.float64: _c("segcore_pca_fit_f64"), np.float32: _c("segcore_pca_fit_f32")}
_transform = {np.float64: _c("segcore_pca_transform_f64"), np.float32: _c("segcore_pca_transform_f32")}
_inverse = _c("segcore_pca_inverse_transform")
_shape = _c("segcore_pca_get_shape")
_get = _c("segcore_pca_get")


class PCA(Estimator, Persistent):
    """Principal components by the covariance eigen-decomposition (scikit-learn's full SVD
    gives the same components, with the same sign rule). n_components: None for all; an int; a float in
    (0, 1) to keep the fewest components whose explained variance ratios add up to more than
    it; or "mle" for Minka's maximum-likelihood choice (needs n_samples >= n_features >= 2).
    Parameters are checked, and the native model built from them, at fit.
    save(path) / to_bytes() and PCA.load(path) / PCA.from_bytes(data) keep a fitted PCA."""

    _c_prefix = "segcore_pca"
    _parameter_constraints = {
        "n_components": [Interval(Integral, 1, INT32_MAX, closed="both"), Interval(Real, 0, 1, closed="neither"),
                         StrOptions({"mle"}), None],
        "whiten": ["boolean"],
        "n_threads": N_THREADS,
    }

    def __init__(self, n_components=None, *, whiten=False, n_threads=_DEFAULTS.n_threads):
        self.n_components = n_components
        self.whiten = whiten
        self.n_threads = n_threads

    def _new_handle(self):
        self._validate_params()
        opts = _native.options("segcore_pca_options_init")
        k = self.n_components
        if k == "mle":
            opts.mle = 1
        elif isinstance(k, Integral):
            opts.n_components = k
        elif k is not None:
            opts.variance_fraction = float(k)
        opts.whiten = int(bool(self.whiten))
        opts.n_threads = _native.threads_from(self.n_threads)
        handle = _P()
        _create(ctypes.byref(handle), ctypes.byref(opts))
        return handle

    def __del__(self):
        _native.release(self, _destroy)

    def _read(self, what, shape):
        out = np.empty(shape, dtype=np.float64)
        _get(self._handle, what, pointer(out), out.size)
        return out

    @writes_fitted
    def fit(self, X, y=None):
        handle = self._new_handle()
        try:
            X = _native.as_matrix(X)
            _fit[X.dtype.type](handle, pointer(X), X.shape[0], X.shape[1])
        except BaseException:
            _destroy(handle)
            raise
        _native.release(self, _destroy)
        self._handle = handle
        return self._read_fitted()

    @writes_fitted
    def _restore(self):
        # Options are not readable through the C ABI: n_threads reads its default, and whiten
        # is read off the model: mean_ + s * components_[0] projects to s on the first
        # component unless the model whitens (when that variance is 1 both agree, as do the
        # transforms). s as large as the mean keeps the difference exact.
        self._reset_params()
        self._read_fitted()
        s = max(1.0, float(np.max(np.abs(self.mean_))))
        probe = np.ascontiguousarray(self.mean_ + s * self.components_[0])[None, :]
        self.whiten = not np.isclose(self.transform(probe)[0, 0] / s, 1.0, rtol=1e-6, atol=0)
        self.n_components = self.n_components_
        return self

    def _read_fitted(self):
        k, d = _S(), _S()
        _shape(self._handle, ctypes.byref(k), ctypes.byref(d))
        k, d = k.value, d.value
        self.n_components_, self.n_features_in_ = k, d
        self.components_ = self._read(_capi.SEGCORE_PCA_COMPONENTS, (k, d))
        self.mean_ = self._read(_capi.SEGCORE_PCA_MEAN, d)
        self.explained_variance_ = self._read(_capi.SEGCORE_PCA_EXPLAINED_VARIANCE, k)
        self.explained_variance_ratio_ = self._read(_capi.SEGCORE_PCA_EXPLAINED_VARIANCE_RATIO, k)
        self.singular_values_ = self._read(_capi.SEGCORE_PCA_SINGULAR_VALUES, k)
        self.noise_variance_ = float(self._read(_capi.SEGCORE_PCA_NOISE_VARIANCE, 1)[0])
        return self

    def _check_fitted(self):
        if not hasattr(self, "components_"):
            raise NotFittedError("this PCA is not fitted yet; call fit first")

    def transform(self, X):
        self._check_fitted()
        X = _native.as_matrix(X)
        out = np.empty((X.shape[0], self.n_components_), dtype=np.float64)
        _transform[X.dtype.type](self._handle, pointer(X), X.shape[0], X.shape[1], pointer(out), out.size)
        return out

    def fit_transform(self, X, y=None):
        return self.fit(X).transform(X)

    def inverse_transform(self, Y):
        self._check_fitted()
        Y = np.ascontiguousarray(Y, dtype=np.float64)
        if Y.ndim != 2:
            Y = Y.reshape(-1, self.n_components_)
        out = np.empty((Y.shape[0], self.n_features_in_), dtype=np.float64)
        _inverse(self._handle, pointer(Y), Y.shape[0], Y.shape[1], pointer(out), out.size)
        return out
