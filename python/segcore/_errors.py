"""Python exceptions for segcore's status codes."""
import sys

from . import _capi


class SegcoreError(Exception):
    """A segcore call failed; `code` is the SEGCORE_E* status, the message says what and where."""

    code = None

    def __init__(self, message, code=None):
        super().__init__(message)
        if code is not None:
            self.code = code


class InvalidArgumentError(SegcoreError, ValueError):
    code = _capi.SEGCORE_EINVAL


def with_peer(cls, module, name):
    """cls, or when scikit-learn's `module` is loaded, a subclass of cls that is also its
    exception `name`: code that catches scikit-learn's class (Pipeline, its checks) catches
    segcore's. Anyone who catches scikit-learn's class has imported it, so scikit-learn is
    never imported here (it is optional, and slow to import)."""
    peer = getattr(sys.modules.get(module), name, None)
    if peer is None or issubclass(cls, peer):
        return cls
    key = (cls, peer)
    if key not in _PEERED:
        _PEERED[key] = type(cls.__name__, (cls, peer), {
            "__module__": cls.__module__, "__qualname__": cls.__qualname__, "__doc__": cls.__doc__,
            # pickled (joblib, multiprocessing) as cls, which peers again when it is rebuilt
            "__reduce__": lambda self: (cls, self.args, self.__dict__ or None)})
    return _PEERED[key]


_PEERED = {}


class NotFittedError(SegcoreError, ValueError, AttributeError):
    """Also a ValueError and an AttributeError, and scikit-learn's NotFittedError when
    scikit-learn is loaded."""
    code = _capi.SEGCORE_ENOTFITTED

    def __new__(cls, *args, **kwargs):
        return super().__new__(with_peer(cls, "sklearn.exceptions", "NotFittedError"), *args, **kwargs)


class InternalError(SegcoreError, RuntimeError):
    code = _capi.SEGCORE_EINTERNAL


class OutOfRangeError(SegcoreError, IndexError):
    code = _capi.SEGCORE_ERANGE


class NotFoundError(SegcoreError, LookupError):
    code = _capi.SEGCORE_ENOTFOUND


class SegcoreIOError(SegcoreError, OSError):
    code = _capi.SEGCORE_EIO


class CorruptDataError(SegcoreError, ValueError):
    code = _capi.SEGCORE_ECORRUPT


class UnsupportedError(SegcoreError, NotImplementedError):
    code = _capi.SEGCORE_EUNSUPPORTED


class CancelledError(SegcoreError):
    code = _capi.SEGCORE_ECANCELLED


_BY_CODE = {cls.code: cls for cls in (
    InvalidArgumentError, NotFittedError, InternalError, OutOfRangeError, NotFoundError,
    SegcoreIOError, CorruptDataError, UnsupportedError, CancelledError)}


def from_status(code, message):
    if code == _capi.SEGCORE_ENOMEM:
        return MemoryError(message)
    return _BY_CODE.get(code, SegcoreError)(message, code)
