"""The RFM selection of the C ABI (segcore_rfm_selection, segcore_rfm_counts) for Dask tasks:
the client's selection makes each round's request, partitions count their values into it, and
the counts travel between processes as their byte form."""
import ctypes

import numpy as np

from .. import _capi, _native
from .._native import lib, pointer
from ._native_state import NativeState

_P, _S = ctypes.c_void_p, ctypes.c_size_t
_c = _native.checked
MODES = {"quantile": _capi.SEGCORE_RFM_QUANTILE, "rank": _capi.SEGCORE_RFM_RANK}


class Counts(NativeState):
    """One round's digit counts of a partition, or of all of them merged."""

    _destroy = staticmethod(lib.segcore_rfm_counts_destroy)
    _to_bytes = staticmethod(_c("segcore_rfm_counts_to_bytes"))
    _from_bytes = staticmethod(_c("segcore_rfm_counts_from_bytes"))
    _add = staticmethod(_c("segcore_rfm_counts_add"))
    _merge = staticmethod(_c("segcore_rfm_counts_merge"))

    def add(self, measure, values, positions=None):
        """Counts the float64 values of a measure (positions: their first appearances, uint64)."""
        values = np.ascontiguousarray(values, dtype=np.float64)
        if positions is not None:
            positions = np.ascontiguousarray(positions, dtype=np.uint64)
        self._add(self._handle, measure, pointer(values), None if positions is None else pointer(positions),
                  values.size)

    def merge(self, other):
        self._merge(self._handle, other._handle)


class Selection:
    """The client side: wanted ranks and digits found so far; it lives in one process."""

    _create = staticmethod(_c("segcore_rfm_selection_create"))
    _destroy = staticmethod(lib.segcore_rfm_selection_destroy)
    _done = staticmethod(_c("segcore_rfm_selection_done"))
    _request = staticmethod(_c("segcore_rfm_selection_request"))
    _narrow = staticmethod(_c("segcore_rfm_selection_narrow"))
    _n_values = staticmethod(_c("segcore_rfm_selection_n_values"))
    _edges = staticmethod(_c("segcore_rfm_selection_get_edges"))
    _bounds = staticmethod(_c("segcore_rfm_selection_get_rank_bounds"))

    def __init__(self, bins, mode, n_measures=3):
        self._handle = _P()
        self.bins = bins
        self._create(ctypes.byref(self._handle), bins, MODES[mode], n_measures)

    def __del__(self):
        _native.release(self, self._destroy)

    @property
    def done(self):
        done = ctypes.c_int32()
        self._done(self._handle, ctypes.byref(done), None)
        return bool(done.value)

    def request(self):
        """This round's empty counts, as bytes for the partitions."""
        handle = _P()
        self._request(self._handle, ctypes.byref(handle))
        return Counts(handle).to_bytes()

    def narrow(self, summed_bytes):
        summed = Counts.from_bytes(summed_bytes)  # held until the call returns
        self._narrow(self._handle, summed._handle)

    def n_values(self, measure):
        n = ctypes.c_uint64()
        self._n_values(self._handle, measure, ctypes.byref(n))
        return n.value

    def edges(self, measure):
        """The bins - 1 edges as segcore.rfm reports them (quantile: in the measure's values)."""
        out = np.empty(self.bins - 1, dtype=np.float64)
        self._edges(self._handle, measure, pointer(out), out.size)
        return [float(e) for e in out]

    def rank_bounds(self, measure):
        """Rank mode: (values, positions) from which each score above 1 starts."""
        n = _S()
        self._bounds(self._handle, measure, None, None, 0, ctypes.byref(n))
        values, positions = np.empty(n.value, np.float64), np.empty(n.value, np.uint64)
        self._bounds(self._handle, measure, pointer(values), pointer(positions), n.value, ctypes.byref(n))
        return values, positions


def count(request_bytes, measures, positions):
    """A task: a partition's counts for the request (bytes in, bytes out)."""
    counts = Counts.from_bytes(request_bytes)
    for m, values in enumerate(measures):
        counts.add(m, values, positions)
    return counts.to_bytes()


def merge_in_order(*parts):
    """A task: the partitions' counts merged left to right, as bytes."""
    return Counts.merged_bytes(*parts)
