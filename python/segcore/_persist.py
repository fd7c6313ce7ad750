"""Saving fitted models to model files (docs/MODEL_FILES.md) and loading them back, over the
C ABI's segcore_<prefix>_save / _load / _to_bytes / _from_bytes calls."""
import copy
import ctypes
import os

from . import _native
from ._errors import NotFittedError, OutOfRangeError

_P = ctypes.c_void_p
_S = ctypes.c_size_t
_I32 = ctypes.c_int32

# Model kinds as files store them (SEGCORE_MODEL_* in segcore_model.h).
KINDS = {value: name for name, value in _native.enum("MODEL", "format_version").items()}

_calls = {}


def _declared(prefix):
    if prefix not in _calls:
        _calls[prefix] = (
            _native.checked(prefix + "_save"),
            _native.checked(prefix + "_load"),
            _native.checked(prefix + "_to_bytes"),
            _native.checked(prefix + "_from_bytes"),
        )
    return _calls[prefix]


_info = _native.checked("segcore_model_info")
_file_info = _native.checked("segcore_model_file_info")


def model_info(source):
    """The header of a model file (a path) or image (bytes): a dict with kind (a name),
    format_version and library_version (the writer's SEGCORE_VERSION_NUMBER). Raises
    CorruptDataError, UnsupportedError, ... as loading does."""
    kind, version, library = _I32(), _I32(), _I32()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        _info(data, len(data), ctypes.byref(kind), ctypes.byref(version), ctypes.byref(library))
    else:
        _file_info(os.fsencode(source), ctypes.byref(kind), ctypes.byref(version), ctypes.byref(library))
    return {"kind": KINDS.get(kind.value, str(kind.value)), "format_version": version.value,
            "library_version": library.value}


class Persistent:
    """save(path) / to_bytes() on a fitted object, Class.load(path) / Class.from_bytes(data).

    A class sets _c_prefix ("segcore_scaler") and defines _restore(self), which fills in the
    attributes of an object around a loaded handle and returns it. Writes are atomic; loading
    checks the whole file first."""

    _c_prefix = None

    def _saved_handle(self):
        handle = getattr(self, "_handle", None)
        if not handle:
            raise NotFittedError(f"this {type(self).__name__} has nothing to save yet: fit it (a Rule: compile "
                                 "it with a schema) first")
        return handle

    def save(self, path):
        """Writes the fitted model to path (atomically: the old file stays whole on failure)."""
        _declared(self._c_prefix)[0](self._saved_handle(), os.fsencode(path))

    # A class whose images are large (a profile store's) sets this true: to_bytes then offers
    # a buffer sized from the class's last image before asking for the size, and the image is
    # made once instead of twice whenever the guess holds (a store's image is built whole to be
    # measured).
    _guess_image_size = False
    _last_image_size = 0

    def to_bytes(self):
        """The model file's bytes, for keeping the model in a database."""
        handle = self._saved_handle()
        to_bytes = _declared(self._c_prefix)[2]
        size = _S()
        cls = type(self)
        guess = cls._last_image_size + cls._last_image_size // 4 + 4096 if cls._guess_image_size else 0
        if guess:
            buf = ctypes.create_string_buffer(guess)
            try:
                to_bytes(handle, buf, guess, ctypes.byref(size))
            except OutOfRangeError:  # the guess was short: size holds the image's size
                guess = 0
        else:
            to_bytes(handle, None, 0, ctypes.byref(size))
        if not guess:
            buf = ctypes.create_string_buffer(size.value)
            to_bytes(handle, buf, size.value, ctypes.byref(size))
        if cls._guess_image_size:
            cls._last_image_size = size.value
        return ctypes.string_at(buf, size.value)

    @classmethod
    def load(cls, path):
        """The model saved at path."""
        handle = _P()
        _declared(cls._c_prefix)[1](ctypes.byref(handle), os.fsencode(path))
        return cls._adopt_checked(handle)

    @classmethod
    def from_bytes(cls, data):
        """The model of a file image made by to_bytes."""
        return cls._adopt_checked(cls._handle_from_bytes(data))

    @classmethod
    def _handle_from_bytes(cls, data):
        data = bytes(data)
        handle = _P()
        _declared(cls._c_prefix)[3](ctypes.byref(handle), data, len(data))
        return handle

    @classmethod
    def _adopt_checked(cls, handle):
        obj = cls.__new__(cls)  # no __init__: the object is made around the loaded handle
        obj.__dict__["_handle"] = handle  # owned from here on: __del__ frees it, also when _restore raises
        return obj._restore()

    # Copies and pickles never share the native object: the state carries the model file's
    # bytes and each copy loads its own handle from them.
    def __getstate__(self):
        state = {k: v for k, v in self.__dict__.items() if k != "_handle"}
        if self.__dict__.get("_handle"):
            state[_MODEL_KEY] = self.to_bytes()
        return state

    def __setstate__(self, state):
        state = dict(state)
        model = state.pop(_MODEL_KEY, None)
        self.__dict__.update(state)
        self.__dict__["_handle"] = None if model is None else self._handle_from_bytes(model)

    def __copy__(self):
        new = type(self).__new__(type(self))
        new.__setstate__(self.__getstate__())
        return new

    def __deepcopy__(self, memo):
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        new.__setstate__(copy.deepcopy(self.__getstate__(), memo))
        return new


_MODEL_KEY = "_segcore_model_file"


_save_edges = _native.checked("segcore_rfm_save_edges")
_edges_to_bytes = _native.checked("segcore_rfm_edges_to_bytes")
_load_edges = _native.checked("segcore_rfm_load_edges")
_edges_from_bytes = _native.checked("segcore_rfm_edges_from_bytes")


def save_rfm_edges(result, path=None):
    """Saves the edges an RfmResult used (quantile or fixed mode) to path, or returns the file's
    bytes when path is None; load_rfm_edges gives them back for mode="fixed"."""
    if path is not None:
        _save_edges(result._handle, os.fsencode(path))
        return None
    size = _S()
    _edges_to_bytes(result._handle, None, 0, ctypes.byref(size))
    buf = ctypes.create_string_buffer(size.value)
    _edges_to_bytes(result._handle, buf, size.value, ctypes.byref(size))
    return buf.raw[:size.value]


def load_rfm_edges(source):
    """(bins, (recency, frequency, monetary)) from a file (a path) or its bytes, ready for
    rfm(..., bins=bins, mode="fixed", edges=edges)."""
    import numpy as np
    bins = _I32()
    edges = [np.zeros(99) for _ in range(3)]
    ptrs = [_native.pointer(e) for e in edges]
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        _edges_from_bytes(data, len(data), ctypes.byref(bins), *ptrs, 99)
    else:
        _load_edges(os.fsencode(source), ctypes.byref(bins), *ptrs, 99)
    return bins.value, tuple(e[: bins.value - 1].copy() for e in edges)
