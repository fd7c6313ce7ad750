"""Loading libsegcore and calling its C ABI with ctypes."""
import ctypes
import ctypes.util
import os
import pathlib

import numpy as np

from . import _errors

_HERE = pathlib.Path(__file__).resolve().parent


def _candidates():
    env = os.environ.get("SEGCORE_LIBRARY")
    if env:
        yield pathlib.Path(env)
        return  # an explicit choice is never second-guessed
    yield from sorted(_HERE.glob("libsegcore.so*"))
    yield from sorted((_HERE.parent.parent / "build").glob("libsegcore.so*"))
    system = ctypes.util.find_library("segcore")
    if system:
        yield pathlib.Path(system)


def _load():
    tried = []
    for path in _candidates():
        try:
            return ctypes.CDLL(str(path))
        except OSError as e:
            tried.append(f"{path}: {e}")
    raise ImportError(
        "segcore: cannot find libsegcore.so. Set SEGCORE_LIBRARY to its path, put it beside "
        "the package, or build it in build/ (meson setup build && meson compile -C build)."
        + ("\n  tried " + "\n  tried ".join(tried) if tried else ""))


lib = _load()

_c_int = ctypes.c_int
_c_size = ctypes.c_size_t
_ptr = ctypes.c_void_p


def _declare(name, restype, *argtypes):
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


_declare("segcore_status_string", ctypes.c_char_p, _c_int)
_declare("segcore_last_error_message", ctypes.c_char_p)
_declare("segcore_version_number", ctypes.c_int32)
_declare("segcore_version_string", ctypes.c_char_p)


def check(status):
    """Raises the exception that matches a segcore status code, with the library's message."""
    if status == 0:
        return
    message = lib.segcore_last_error_message().decode("utf-8", "replace")
    if not message:
        message = lib.segcore_status_string(status).decode()
    raise _errors.from_status(status, message)


def declare_checked(name, *argtypes):
    """Declares a function that returns a segcore status; calls raise on failure."""
    fn = _declare(name, _c_int, *argtypes)

    def call(*args):
        check(fn(*args))
    call.__name__ = name
    return call


def as_matrix(x, name="X"):
    """A 2-D C-contiguous float32 or float64 array; float32/float64 C-contiguous input is used
    as it is (no copy), anything else is converted to float64."""
    a = np.asarray(x)
    if a.ndim == 1:
        raise _errors.InvalidArgumentError(
            f"{name} is 1-D with {a.shape[0]} values; pass a 2-D array (reshape(-1, 1) for one feature)")
    if a.ndim != 2:
        raise _errors.InvalidArgumentError(f"{name} must be 2-D; it has {a.ndim} dimensions")
    if a.dtype not in (np.float32, np.float64):
        if not (np.issubdtype(a.dtype, np.number) or a.dtype == np.bool_):
            raise _errors.InvalidArgumentError(f"{name} has dtype {a.dtype}; a numeric array is needed")
        a = a.astype(np.float64)
    return np.ascontiguousarray(a)


def pointer(a):
    return a.ctypes.data_as(_ptr)
