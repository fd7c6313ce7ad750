"""Feature scalers with scikit-learn's method names, over segcore's C ABI."""
import ctypes

import numpy as np

from . import _capi, _native
from ._errors import InvalidArgumentError, NotFittedError
from ._estimator import Estimator, writes_fitted
from ._params import N_THREADS
from ._persist import Persistent
from ._native import lib, pointer

_P = ctypes.c_void_p
_S = ctypes.c_size_t
_STANDARD, _MINMAX, _ROBUST = _capi.SEGCORE_SCALER_STANDARD, _capi.SEGCORE_SCALER_MINMAX, _capi.SEGCORE_SCALER_ROBUST
_DEFAULTS = _native.options("segcore_scaler_options_init")
_DEFAULT_RANGE = (_DEFAULTS.range_min, _DEFAULTS.range_max)
_c = _native.checked
_create = _c("segcore_scaler_create")
_destroy = lib.segcore_scaler_destroy
_fit = {np.float64: _c("segcore_scaler_fit_f64"), np.float32: _c("segcore_scaler_fit_f32")}
_transform = {np.float64: _c("segcore_scaler_transform_f64"), np.float32: _c("segcore_scaler_transform_f32")}
_inverse = {np.float64: _c("segcore_scaler_inverse_transform_f64"),
            np.float32: _c("segcore_scaler_inverse_transform_f32")}
_n_features = _c("segcore_scaler_n_features")
_get_center = _c("segcore_scaler_get_center")
_get_scale = _c("segcore_scaler_get_scale")
_zero_var = _c("segcore_scaler_zero_variance_columns")
_get_options = _c("segcore_scaler_get_options")


class _Scaler(Estimator, Persistent):
    """y = (g(X) - center_) / scale_ per column, with g = log1p when log1p=True.
    save(path) / to_bytes() and Class.load(path) / Class.from_bytes(data) keep a fitted scaler.
    Parameters are checked, and the native scaler built from them, at fit."""

    _kind = None
    _c_prefix = "segcore_scaler"
    _parameter_constraints = {"log1p": ["boolean"], "n_threads": N_THREADS}

    def __init__(self, *, log1p=bool(_DEFAULTS.log1p), n_threads=None):
        self.log1p = log1p
        self.n_threads = n_threads

    def _new_handle(self):
        self._validate_params()
        opts = _native.options("segcore_scaler_options_init")
        opts.kind = self._kind
        opts.log1p = int(bool(self.log1p))
        opts.n_threads = _native.threads_from(self.n_threads)
        feature_range = getattr(self, "feature_range", _DEFAULT_RANGE)
        if len(feature_range) != 2:
            raise InvalidArgumentError(f"feature_range has {len(feature_range)} values; (min, max) is needed")
        opts.range_min, opts.range_max = (float(v) for v in feature_range)
        handle = _P()
        _create(ctypes.byref(handle), ctypes.byref(opts))
        return handle

    def __del__(self):
        _native.release(self, _destroy)

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

    def _read_fitted(self):
        n = _S()
        _n_features(self._handle, ctypes.byref(n))
        self.n_features_in_ = n.value
        self.center_ = self._vector(_get_center, np.float64)
        self.scale_ = self._vector(_get_scale, np.float64)
        self.zero_variance_ = self._vector(_zero_var, np.int32).astype(bool)
        return self

    @writes_fitted
    def _restore(self):
        opts = _capi.segcore_scaler_options()
        opts.struct_size = ctypes.sizeof(opts)
        _get_options(self._handle, ctypes.byref(opts))
        if opts.kind != self._kind:
            names = {_STANDARD: "StandardScaler", _MINMAX: "MinMaxScaler", _ROBUST: "RobustScaler"}
            raise InvalidArgumentError(f"the file holds a {names.get(opts.kind, opts.kind)}, not a {type(self).__name__}")
        self.log1p = bool(opts.log1p)
        self.n_threads = opts.n_threads or None
        if self._kind == _MINMAX:
            self.feature_range = (opts.range_min, opts.range_max)
        return self._read_fitted()

    def _vector(self, getter, dtype):
        out = np.empty(self.n_features_in_, dtype=dtype)
        getter(self._handle, pointer(out), out.size)
        return out

    def _apply(self, table, X):
        if not hasattr(self, "n_features_in_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")
        X = _native.as_matrix(X)
        out = np.empty_like(X)
        table[X.dtype.type](self._handle, pointer(X), X.shape[0], X.shape[1], pointer(out), out.size)
        return out

    def transform(self, X):
        return self._apply(_transform, X)

    def inverse_transform(self, X):
        return self._apply(_inverse, X)

    def fit_transform(self, X, y=None):
        return self.fit(X).transform(X)


class StandardScaler(_Scaler):
    """center_ = mean, scale_ = population standard deviation (1 for constant columns)."""

    _kind = _STANDARD


    @property
    def mean_(self):
        return self.center_


class MinMaxScaler(_Scaler):
    """Maps each column's [min, max] onto feature_range: y = g(X) * scale_ + min_, with
    scikit-learn's attributes (scale_, min_, data_min_, data_max_, data_range_). scale_ is
    1 for a constant column (segcore maps it onto feature_range[0] by shifting only).
    center_ keeps segcore's form, y = (g(X) - center_) / (1 / scale_), as the C ABI's
    segcore_scaler_get_center / _get_scale give it."""

    _kind = _MINMAX

    _parameter_constraints = {**_Scaler._parameter_constraints, "feature_range": [tuple]}

    def __init__(self, feature_range=_DEFAULT_RANGE, *, log1p=bool(_DEFAULTS.log1p), n_threads=None):
        super().__init__(log1p=log1p, n_threads=n_threads)
        self.feature_range = feature_range

    def _read_fitted(self):
        super()._read_fitted()
        divisor = self.scale_  # the C ABI's scale: y = (x - center) / divisor
        low, high = self.feature_range
        self.scale_ = 1.0 / divisor
        self.min_ = -self.center_ * self.scale_
        self.data_min_ = self.center_ + low * divisor
        self.data_range_ = np.where(self.zero_variance_, 0.0, divisor * (high - low))
        self.data_max_ = self.data_min_ + self.data_range_
        return self


class RobustScaler(_Scaler):
    """center_ = median, scale_ = interquartile range (75th - 25th percentile)."""

    _kind = _ROBUST

