"""Statistical tests for segments and A/B comparisons, with scipy.stats's definitions, over
segcore's C ABI."""
import ctypes
from dataclasses import dataclass

import numpy as np

from . import _capi, _native
from ._errors import InvalidArgumentError
from ._native import pointer
from .metrics import as_labels

_c = _native.checked


_AB = _capi.segcore_ab_result


_anova = {np.float64: _c("segcore_anova_f64"),
          np.float32: _c("segcore_anova_f32")}
_chi2 = _c("segcore_chi2_independence")
_welch = _c("segcore_welch_t_test")
_prop = _c("segcore_two_proportion_test")


def anova_oneway(X, labels):
    """scipy.stats.f_oneway for every column of X across the groups in labels: (F, p) arrays."""
    X = _native.as_matrix(X)
    labels = as_labels(labels)
    f, p = np.empty(X.shape[1]), np.empty(X.shape[1])
    _anova[X.dtype.type](pointer(X), X.shape[0], X.shape[1], pointer(labels), labels.size, pointer(f), pointer(p),
                         f.size)
    return f, p


def chi2_contingency(observed, correction=True):
    """scipy.stats.chi2_contingency for a 2-D table of counts: (chi2, p, dof, expected)."""
    table = np.ascontiguousarray(observed, dtype=np.float64)
    if table.ndim != 2:
        raise InvalidArgumentError(f"observed must be a 2-D table; it has {table.ndim} dimensions")
    chi2, p, dof = ctypes.c_double(), ctypes.c_double(), ctypes.c_int64()
    expected = np.empty_like(table)
    _chi2(pointer(table), table.shape[0], table.shape[1], int(bool(correction)), ctypes.byref(chi2),
          ctypes.byref(p), ctypes.byref(dof), pointer(expected), expected.size)
    return chi2.value, p.value, dof.value, expected


def chi2_independence(a, b, correction=True):
    """The chi-square test of independence of two categorical attributes given per row."""
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape or a.ndim != 1:
        raise InvalidArgumentError(f"a and b must be 1-D of the same length; shapes {a.shape} and {b.shape}")
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1 if ia.size else 0, ib.max() + 1 if ib.size else 0))
    np.add.at(table, (ia, ib), 1)
    return chi2_contingency(table, correction)


@dataclass
class ABTestResult:
    statistic: float
    p_value: float
    df: float
    a: float
    b: float
    difference: float
    lift: float
    ci_low: float
    ci_high: float


def _result(r):
    return ABTestResult(*(getattr(r, f) for f, _ in _AB._fields_))


def welch_ttest(a, b, confidence=0.95):
    """Welch's t-test of variant b against control a (scipy.stats.ttest_ind(b, a,
    equal_var=False)), with the difference of means, lift and its confidence interval."""
    a = np.ascontiguousarray(a, dtype=np.float64).ravel()
    b = np.ascontiguousarray(b, dtype=np.float64).ravel()
    out = _AB()
    _welch(pointer(a), a.size, pointer(b), b.size, float(confidence), ctypes.byref(out))
    return _result(out)


def two_proportion_test(successes_a, n_a, successes_b, n_b, confidence=0.95):
    """Two-proportion z-test of conversion b against a (pooled standard error), with lift and
    the Wald confidence interval of the difference."""
    out = _AB()
    _prop(int(successes_a), int(n_a), int(successes_b), int(n_b), float(confidence), ctypes.byref(out))
    return _result(out)
