"""Checking constructor parameters at fit, with scikit-learn's conventions: each estimator
declares the constraints of its parameters (_parameter_constraints), __init__ only stores
them, and fit raises InvalidParameterError, worded as scikit-learn words it, for the first
parameter that meets none of its constraints.

A constraint is one of
  Interval(Integral or Real, left, right, closed=...)   numbers (bool is not a number here)
  StrOptions({...})                                     a string among these
  None                                                  the value None
  "boolean"                                             bool or numpy.bool_
  "random_state"                                        None, an int seed or a RandomState
  "array-like"                                          a list, tuple or array (not a scalar)
  a type                                                any instance of it
"""
import math
from numbers import Integral, Real

import numpy as np

from ._errors import InvalidArgumentError, with_peer

INT32_MAX = 2**31 - 1
SEED_MAX = 2**64 - 1  # seeds are 64-bit in the C ABI


class InvalidParameterError(InvalidArgumentError, TypeError):
    """A constructor parameter has the wrong type or value. A ValueError and a TypeError, as
    scikit-learn's InvalidParameterError (which it also is when scikit-learn is loaded)."""

    def __new__(cls, *args, **kwargs):
        return super().__new__(with_peer(cls, "sklearn.utils._param_validation", "InvalidParameterError"),
                               *args, **kwargs)


class Interval:
    def __init__(self, kind, left, right, *, closed):
        self.kind, self.left, self.right, self.closed = kind, left, right, closed

    def accepts(self, value):
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, self.kind):
            return False
        if math.isnan(value):
            return False
        low = -math.inf if self.left is None else self.left
        high = math.inf if self.right is None else self.right
        above_low = value >= low if self.closed in ("left", "both") else value > low
        below_high = value <= high if self.closed in ("right", "both") else value < high
        return above_low and below_high

    def __str__(self):
        what = "an int" if self.kind is Integral else "a float"
        opening = "[" if self.closed in ("left", "both") else "("
        closing = "]" if self.closed in ("right", "both") else ")"
        low = "-inf" if self.left is None else self.left
        high = "inf" if self.right is None else self.right
        return f"{what} in the range {opening}{low}, {high}{closing}"


class StrOptions:
    def __init__(self, options):
        self.options = options

    def accepts(self, value):
        return isinstance(value, str) and value in self.options

    def __str__(self):
        return "a str among {" + ", ".join(repr(o) for o in sorted(self.options)) + "}"


class _NoneOnly:
    def accepts(self, value):
        return value is None

    def __str__(self):
        return "None"


class _Boolean:
    def accepts(self, value):
        return isinstance(value, (bool, np.bool_))

    def __str__(self):
        return "an instance of 'bool' or an instance of 'numpy.bool_'"


class _ArrayLike:
    def accepts(self, value):
        has_items = hasattr(value, "__len__") or hasattr(value, "shape") or hasattr(value, "__array__")
        return has_items and not np.isscalar(value)  # strings are scalars

    def __str__(self):
        return "an array-like"


class _InstanceOf:
    def __init__(self, kind):
        self.kind = kind

    def accepts(self, value):
        return isinstance(value, self.kind)

    def __str__(self):
        module = self.kind.__module__
        name = self.kind.__qualname__ if module == "builtins" else f"{module}.{self.kind.__qualname__}"
        return f"an instance of {name!r}"


class _RandomState:
    def __init__(self):
        self.parts = [Interval(Integral, 0, SEED_MAX, closed="both"), _InstanceOf(np.random.RandomState), _NoneOnly()]

    def accepts(self, value):
        return any(p.accepts(value) for p in self.parts)

    def __str__(self):
        return ", ".join(str(p) for p in self.parts[:-1]) + f" or {self.parts[-1]}"


def _make(constraint):
    if constraint is None:
        return _NoneOnly()
    if constraint == "boolean":
        return _Boolean()
    if constraint == "random_state":
        return _RandomState()
    if constraint == "array-like":
        return _ArrayLike()
    if isinstance(constraint, type):
        return _InstanceOf(constraint)
    return constraint


def validate(constraints, params, caller):
    """Raises InvalidParameterError for the first of params (a dict) that satisfies none of
    its constraints (constraints: name -> list); parameters without constraints pass."""
    for name, value in params.items():
        options = [_make(c) for c in constraints.get(name, ())]
        if not options or any(c.accepts(value) for c in options):
            continue
        words = str(options[0]) if len(options) == 1 else (
            ", ".join(str(c) for c in options[:-1]) + f" or {options[-1]}")
        raise InvalidParameterError(f"The {name!r} parameter of {caller} must be {words}. Got {value!r} instead.")


# Shared constraints.
N_THREADS = [Interval(Integral, 1, INT32_MAX, closed="both"), None]
POSITIVE_INT32 = [Interval(Integral, 1, INT32_MAX, closed="both")]
NON_NEGATIVE_FLOAT = [Interval(Real, 0, None, closed="left")]
