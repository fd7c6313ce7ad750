"""A native partial state that travels between Dask tasks as its byte form: the handle, its
destruction, and to_bytes / from_bytes through the state's C functions."""
import ctypes

from .. import _native

_P, _S = ctypes.c_void_p, ctypes.c_size_t


class NativeState:
    """One native state, freed with the object. Subclasses name their C functions: _destroy,
    _to_bytes and _from_bytes, and give merge(other)."""

    _destroy = _to_bytes = _from_bytes = None

    def __init__(self, handle):
        self._handle = handle

    def __del__(self):
        _native.release(self, type(self)._destroy)

    @classmethod
    def from_bytes(cls, data):
        handle = _P()
        buf = ctypes.create_string_buffer(bytes(data), len(data))
        cls._from_bytes(ctypes.byref(handle), buf, len(data))
        return cls(handle)

    def to_bytes(self):
        size = _S()
        type(self)._to_bytes(self._handle, None, 0, ctypes.byref(size))
        buf = ctypes.create_string_buffer(size.value)
        type(self)._to_bytes(self._handle, buf, size.value, ctypes.byref(size))
        return buf.raw[:size.value]

    @classmethod
    def merged_bytes(cls, *parts):
        """The states (bytes) merged left to right, as bytes."""
        merged = cls.from_bytes(parts[0])
        for part in parts[1:]:
            merged.merge(cls.from_bytes(part))
        return merged.to_bytes()
