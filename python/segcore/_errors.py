"""Python exceptions for segcore's status codes."""


class SegcoreError(Exception):
    """A segcore call failed; `code` is the SEGCORE_E* status, the message says what and where."""

    code = None

    def __init__(self, message, code=None):
        super().__init__(message)
        if code is not None:
            self.code = code


class InvalidArgumentError(SegcoreError, ValueError):
    code = -1


try:  # scikit-learn's own class, so that code catching it (Pipeline, its checks) catches ours
    from sklearn.exceptions import NotFittedError as _SklearnNotFittedError
    _NOT_FITTED_BASES = (_SklearnNotFittedError,)
except Exception:  # scikit-learn is optional
    _NOT_FITTED_BASES = (ValueError, AttributeError)


class NotFittedError(SegcoreError, *_NOT_FITTED_BASES):
    """Also a ValueError and an AttributeError (and scikit-learn's NotFittedError when it is
    installed)."""
    code = -3


class InternalError(SegcoreError, RuntimeError):
    code = -4


class OutOfRangeError(SegcoreError, IndexError):
    code = -5


class NotFoundError(SegcoreError, LookupError):
    code = -6


class SegcoreIOError(SegcoreError, OSError):
    code = -7


class CorruptDataError(SegcoreError, ValueError):
    code = -8


class UnsupportedError(SegcoreError, NotImplementedError):
    code = -9


class CancelledError(SegcoreError):
    code = -10


_BY_CODE = {cls.code: cls for cls in (
    InvalidArgumentError, NotFittedError, InternalError, OutOfRangeError, NotFoundError,
    SegcoreIOError, CorruptDataError, UnsupportedError, CancelledError)}


def from_status(code, message):
    if code == -2:
        return MemoryError(message)
    return _BY_CODE.get(code, SegcoreError)(message, code)
