"""The partial states of the C ABI that Dask tasks pass around as bytes: clustering-metric sums
and spreads (segcore_cluster_sums, segcore_cluster_spread) and CLV history counts
(segcore_clv_history_counts). numpy only moves arrays in and out; the sums, merges and byte
forms are the library's."""
import ctypes

import numpy as np

from .. import _capi, _native
from .._errors import InvalidArgumentError
from .._native import lib, pointer
from ._native_state import NativeState

_P, _S = ctypes.c_void_p, ctypes.c_size_t


def _c(name):
    """The checked C function, as a class attribute that does not bind to instances."""
    return staticmethod(_native.checked(name))


class _State(NativeState):
    """One native state of the C functions named <prefix>_*, freed with the object."""
    _prefix = None

    def __init_subclass__(cls, prefix, **kwargs):
        super().__init_subclass__(**kwargs)
        if not prefix:  # a base of states, not a state
            return
        cls._prefix = prefix
        cls._destroy = staticmethod(getattr(lib, prefix + "_destroy"))
        cls._to_bytes = _c(prefix + "_to_bytes")
        cls._from_bytes = _c(prefix + "_from_bytes")
        cls._merge = _c(prefix + "_merge")

    def merge(self, other):
        self._merge(self._handle, other._handle)


def merged(cls, parts):
    """The states of parts (bytes) merged left to right, as bytes (a task)."""
    return cls.merged_bytes(*parts)


def block_labels(labels, where, row0):
    """A block's integer labels as int32; labels outside int32 fail naming the row."""
    a = np.asarray(labels).reshape(-1)
    if a.size and (a.min() < -2**31 or a.max() >= 2**31):
        bad = int(np.flatnonzero((a < -2**31) | (a >= 2**31))[0])
        raise InvalidArgumentError(f"{where}: labels[{row0 + bad}] is {a[bad]}; labels must fit in 32 bits")
    return np.ascontiguousarray(a, dtype=np.int32)


def _block(x):
    x = np.asarray(x)
    return np.ascontiguousarray(x, dtype=np.float32 if x.dtype == np.float32 else np.float64)


class _Rows(_State, prefix=""):
    """What both passes share: accumulate_f64/_f32 of a block of rows with labels."""

    def __init_subclass__(cls, prefix, **kwargs):
        super().__init_subclass__(prefix=prefix, **kwargs)
        cls._accumulate = {np.float64: _native.checked(prefix + "_accumulate_f64"),
                           np.float32: _native.checked(prefix + "_accumulate_f32")}

    def accumulate(self, x, labels, where, first_row):
        x = _block(x)
        lab = block_labels(labels, where, first_row)
        self._accumulate[x.dtype.type](self._handle, pointer(x), x.shape[0], x.shape[1], pointer(lab), lab.size,
                                             int(first_row))


class ClusterSums(_Rows, prefix="segcore_cluster_sums"):
    """The first pass: per label, the row count and the sum of the rows less an origin."""
    _create = _c("segcore_cluster_sums_create")
    _shape = _c("segcore_cluster_sums_get_shape")

    @classmethod
    def create(cls, origin):
        origin = np.ascontiguousarray(origin, dtype=np.float64)
        handle = _P()
        cls._create(ctypes.byref(handle), pointer(origin), origin.size)
        return cls(handle)

    def n_clusters(self):
        k = _S()
        self._shape(self._handle, ctypes.byref(k), None, None)
        return k.value


class ClusterSpread(_Rows, prefix="segcore_cluster_spread"):
    """The second pass: per cluster, the sums of squared distances and distances to its center."""
    _from_sums = _c("segcore_cluster_spread_create_from_sums")
    _for_centers = _c("segcore_cluster_spread_create_for_centers")
    _inertia = _c("segcore_cluster_spread_get_inertia")
    _ch = _c("segcore_cluster_sums_calinski_harabasz")
    _db = _c("segcore_cluster_sums_davies_bouldin")

    @classmethod
    def from_sums(cls, sums):
        handle = _P()
        cls._from_sums(ctypes.byref(handle), sums._handle)
        return cls(handle)

    @classmethod
    def for_centers(cls, centers):
        centers = np.ascontiguousarray(centers, dtype=np.float64)
        handle = _P()
        cls._for_centers(ctypes.byref(handle), pointer(centers), centers.shape[0], centers.shape[1])
        return cls(handle)

    def inertia(self):
        out = ctypes.c_double()
        self._inertia(self._handle, ctypes.byref(out))
        return out.value

    def score(self, sums, which):
        """"calinski_harabasz" or "davies_bouldin" of the whole data from its merged states."""
        out = ctypes.c_double()
        (self._ch if which == "calinski_harabasz" else self._db)(sums._handle, self._handle, ctypes.byref(out))
        return out.value


class HistoryCounts(_State, prefix="segcore_clv_history_counts"):
    """The distinct CLV history tuples of some customers with their summed weights."""
    _create = _c("segcore_clv_history_counts_create")
    _accumulate = _c("segcore_clv_history_counts_accumulate")
    _shape = _c("segcore_clv_history_counts_get_shape")
    _tuples = _c("segcore_clv_history_counts_get_tuples")
    _weights = _c("segcore_clv_history_counts_get_weights")
    KINDS = {False: _capi.SEGCORE_CLV_COUNTS_PURCHASES, True: _capi.SEGCORE_CLV_COUNTS_SPEND}

    @classmethod
    def create(cls, spend):
        handle = _P()
        cls._create(ctypes.byref(handle), cls.KINDS[bool(spend)])
        return cls(handle)

    def accumulate(self, rows, weights, first_row=0):
        rows = np.ascontiguousarray(rows, dtype=np.float64)
        w = None if weights is None else np.ascontiguousarray(weights, dtype=np.float64)
        if rows.ndim != 2 or (w is not None and w.shape != (rows.shape[0],)):
            raise InvalidArgumentError(f"history counts: {rows.shape} rows with weights of shape "
                                       f"{None if w is None else w.shape}; one weight per row is needed")
        self._accumulate(self._handle, pointer(rows), rows.shape[0], rows.shape[1],
                         None if w is None else pointer(w), int(first_row))

    def table(self):
        """(tuples as an (n, width) array, ascending; their summed weights)."""
        n, m = _S(), _S()
        self._shape(self._handle, ctypes.byref(n), ctypes.byref(m))
        rows = np.empty((n.value, m.value), dtype=np.float64)
        weights = np.empty(n.value, dtype=np.float64)
        self._tuples(self._handle, pointer(rows), rows.size)
        self._weights(self._handle, pointer(weights), weights.size)
        return rows, weights
