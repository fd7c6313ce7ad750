"""Logistic regression over segcore's C ABI, with scikit-learn's names and objective:
C * sum_i w_i * logloss_i + 0.5 * ||coef||^2, the intercept unpenalised (binary only)."""
import ctypes
import sys
import warnings
from numbers import Real

import numpy as np

from . import _native
from ._errors import InvalidArgumentError, NotFittedError
from ._native import lib
from ._estimator import Estimator, writes_fitted
from ._params import N_THREADS, NON_NEGATIVE_FLOAT, POSITIVE_INT32, Interval
from ._persist import Persistent

_P, _S, _I32, _D = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32, ctypes.c_double


_c = _native.checked
_DEFAULTS = _native.options("segcore_logistic_options_init")
_create = _c("segcore_logistic_create")
_fit = _c("segcore_logistic_fit")
_proba = _c("segcore_logistic_predict_proba")
_decision = _c("segcore_logistic_decision_function")
_coef = _c("segcore_logistic_get_coef")
_intercept = _c("segcore_logistic_get_intercept")
_n_iter = _c("segcore_logistic_get_n_iter")
_n_features = _c("segcore_logistic_n_features")


def _float64(X):
    """X as float64, refused with the place of the first NaN or infinity."""
    X = np.ascontiguousarray(_native.as_matrix(X), dtype=np.float64)
    bad = np.argwhere(~np.isfinite(X))
    if bad.size:
        i, j = bad[0]
        raise InvalidArgumentError(f"X: row {i}, column {j} is {'NaN' if np.isnan(X[i, j]) else 'infinite'}")
    return X


class LogisticRegression(Estimator, Persistent):
    """Binary L2 logistic regression fitted by Newton's method; results do not depend on
    n_threads. tol: stop when the largest gradient entry falls below tol times its first value.
    save(path) / to_bytes() and LogisticRegression.load(path) / .from_bytes(data) keep a fitted
    model; the file holds no class labels, so a loaded model's classes_ are [0, 1], and its
    constructor parameters read their defaults (the model keeps using the saved ones; a new
    fit uses the parameters). copy, deepcopy and pickle keep classes_."""

    _c_prefix = "segcore_logistic"
    _estimator_type = "classifier"
    _parameter_constraints = {
        "C": [Interval(Real, 0, None, closed="neither")],
        "fit_intercept": ["boolean"],
        "max_iter": POSITIVE_INT32,
        "tol": NON_NEGATIVE_FLOAT,
        "n_threads": N_THREADS,
    }

    def _more_tags(self):  # scikit-learn's estimator tags
        return {"binary_only": True}

    def __init__(self, C=_DEFAULTS.C, fit_intercept=bool(_DEFAULTS.fit_intercept), max_iter=_DEFAULTS.max_iter,
                 tol=_DEFAULTS.tol, n_threads=_DEFAULTS.n_threads):
        self.C, self.fit_intercept, self.max_iter, self.tol, self.n_threads = C, fit_intercept, max_iter, tol, n_threads

    def __del__(self):
        _native.release(self, lib.segcore_logistic_destroy)

    @writes_fitted
    def fit(self, X, y, sample_weight=None):
        self._validate_params()
        X = _float64(X)
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            # scikit-learn's warning class when it is loaded (it is optional and never imported here)
            category = getattr(sys.modules.get("sklearn.exceptions"), "DataConversionWarning", UserWarning)
            warnings.warn("A column-vector y was passed when a 1d array was expected; it is used as y.ravel()",
                          category, stacklevel=2)
            y = y.ravel()
        if y.shape != (X.shape[0],):
            raise InvalidArgumentError(f"y has shape {y.shape}; ({X.shape[0]},) is needed")
        if y.dtype.kind == "f" and np.any(y != np.round(y)):
            raise InvalidArgumentError("Unknown label type: 'continuous'; LogisticRegression needs class labels")
        classes = np.unique(y)
        if classes.size != 2:
            raise InvalidArgumentError(f"y has {classes.size} classes; LogisticRegression here is binary")
        y01 = np.ascontiguousarray(y == classes[1], dtype=np.float64)
        w = _native.as_weights(sample_weight, X.shape[0])
        o = _native.options("segcore_logistic_options_init")
        o.C, o.fit_intercept, o.max_iter, o.tol = float(self.C), int(bool(self.fit_intercept)), int(self.max_iter), float(self.tol)
        o.n_threads = _native.threads_from(self.n_threads)
        h = _P()
        _create(ctypes.byref(h), ctypes.byref(o))
        try:
            _fit(h, _native.pointer(X), X.shape[0], X.shape[1], _native.pointer(y01), None if w is None else _native.pointer(w))
        except BaseException:
            lib.segcore_logistic_destroy(h)
            raise
        _native.release(self, lib.segcore_logistic_destroy)
        self._handle = h
        self.classes_ = classes
        return self._read_fitted(X.shape[1])

    @writes_fitted
    def _restore(self):
        self._reset_params()
        self.classes_ = np.array([0, 1])
        n = _S()
        _n_features(self._handle, ctypes.byref(n))
        return self._read_fitted(n.value)

    def _read_fitted(self, n_features):
        h = self._handle
        coef = np.zeros(n_features)
        _coef(h, _native.pointer(coef), coef.size)
        b, it, conv = _D(), _I32(), _I32()
        _intercept(h, ctypes.byref(b))
        _n_iter(h, ctypes.byref(it), ctypes.byref(conv))
        self.coef_, self.intercept_ = coef.reshape(1, -1), np.array([b.value])
        self.n_iter_, self.converged_ = np.array([it.value]), bool(conv.value)
        self.n_features_in_ = n_features
        return self

    def score(self, X, y, sample_weight=None):
        """Mean accuracy of predict(X) against y (weighted by sample_weight), as scikit-learn's."""
        hits = (self.predict(X) == np.asarray(y)).astype(np.float64)
        return float(np.average(hits, weights=sample_weight))

    def _call(self, fn, X):
        if not self.__dict__.get("_handle"):
            raise NotFittedError("LogisticRegression is not fitted; call fit first")
        X = _float64(X)
        out = np.zeros(X.shape[0])
        fn(self._handle, _native.pointer(X), X.shape[0], X.shape[1], _native.pointer(out), out.size)
        return out

    def decision_function(self, X):
        return self._call(_decision, X)

    def predict_proba(self, X):
        p = self._call(_proba, X)
        return np.column_stack([1 - p, p])

    def predict(self, X):
        z = self.decision_function(X)  # raises NotFittedError before fit
        return self.classes_[(z > 0).astype(int)]
