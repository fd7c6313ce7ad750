"""The k-means partial state of the C ABI (segcore_kmeans_partial) for Dask tasks: states
travel between processes as their byte form, so every function here takes and returns bytes."""
import ctypes

import numpy as np

from .. import _capi, _native
from .._native import lib, pointer
from ._native_state import NativeState

_P, _S = ctypes.c_void_p, ctypes.c_size_t
_c = _native.checked
_create = _c("segcore_kmeans_partial_create")
_destroy = lib.segcore_kmeans_partial_destroy
_accumulate = {np.float32: _c("segcore_kmeans_partial_accumulate_f32"),
               np.float64: _c("segcore_kmeans_partial_accumulate_f64")}
_merge = _c("segcore_kmeans_partial_merge")
_next = _c("segcore_kmeans_partial_next")
_get_shape = _c("segcore_kmeans_partial_get_shape")
_get_centers = _c("segcore_kmeans_partial_get_centers")
_get_weights = _c("segcore_kmeans_partial_get_weights")
_get_inertia = _c("segcore_kmeans_partial_get_inertia")
_to_bytes = _c("segcore_kmeans_partial_to_bytes")
_from_bytes = _c("segcore_kmeans_partial_from_bytes")
VALUE_TYPES = {np.float64: _capi.SEGCORE_PARTIAL_F64, np.float32: _capi.SEGCORE_PARTIAL_F32}


class State(NativeState):
    """One native state, freed with the object."""

    _destroy = staticmethod(_destroy)
    _to_bytes = staticmethod(_to_bytes)
    _from_bytes = staticmethod(_from_bytes)

    @classmethod
    def create(cls, centers, dtype):
        """An empty state for the first iteration from the initial centers, for data of dtype."""
        centers = np.ascontiguousarray(centers, dtype=np.float64)
        handle = _P()
        _create(ctypes.byref(handle), pointer(centers), centers.shape[0], centers.shape[1],
                VALUE_TYPES[np.dtype(dtype).type])
        return cls(handle)

    def accumulate(self, x, w, first_row, want_labels):
        """Adds the rows of x (weights w or None; x's first row is first_row of the whole data);
        their labels when want_labels."""
        labels = np.empty(x.shape[0], dtype=np.int32) if want_labels else None
        _accumulate[x.dtype.type](self._handle, pointer(x), x.shape[0], x.shape[1],
                                  None if w is None else pointer(w), int(first_row),
                                  None if labels is None else pointer(labels), 0 if labels is None else labels.size)
        return labels

    def merge(self, other):
        _merge(self._handle, other._handle)

    def next(self):
        """(the next iteration's empty state, the summed squared shift of the centers)."""
        handle, shift = _P(), ctypes.c_double()
        _next(self._handle, ctypes.byref(handle), ctypes.byref(shift))
        return State(handle), shift.value

    def shape(self):
        k, d, n = _S(), _S(), ctypes.c_uint64()
        _get_shape(self._handle, ctypes.byref(k), ctypes.byref(d), ctypes.byref(n))
        return k.value, d.value, n.value

    def centers(self):
        k, d, _ = self.shape()
        out = np.empty((k, d), dtype=np.float64)
        _get_centers(self._handle, pointer(out), out.size)
        return out

    def weights(self):
        out = np.empty(self.shape()[0], dtype=np.float64)
        _get_weights(self._handle, pointer(out), out.size)
        return out

    def inertia(self):
        out = ctypes.c_double()
        _get_inertia(self._handle, ctypes.byref(out))
        return out.value


def block_matrix(block, dtype):
    """A partition's rows as the C-contiguous matrix the state reads."""
    return np.ascontiguousarray(block, dtype=dtype)


def accumulate(state_bytes, block, weights, first_row, dtype):
    """A task: the state of one partition, as bytes."""
    state = State.from_bytes(state_bytes)
    w = None if weights is None else np.ascontiguousarray(weights, dtype=np.float64)
    state.accumulate(block_matrix(block, dtype), w, first_row, False)
    return state.to_bytes()


def merge_in_order(*parts):
    """A task: the states of the partitions merged left to right (partition order), as bytes."""
    return State.merged_bytes(*parts)


def labels(block, state_bytes, dtype, first_row):
    """A map_blocks task: each row's center in the fit's frame (the assignment of the fit)."""
    state = State.from_bytes(state_bytes)
    return state.accumulate(block_matrix(block, dtype), None, first_row, True)
