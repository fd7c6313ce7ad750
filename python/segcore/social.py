"""Social signals over segcore's C ABI: influence in an interaction graph (who mentions,
shares, replies to or follows whom): PageRank equal to networkx.pagerank, in/out degrees and
weights, reach, audience and influencer tiers.

Edges come as a DataFrame with source and target columns (and optionally weight), or as
arrays. Ids are integers or texts; nodes are coded by first appearance (the `nodes` given
first, then the sources and targets edge by edge: networkx's node order for a graph built with
add_nodes_from(nodes) and add_edges_from(edges)). Parallel edges add their weights, as in a
networkx MultiDiGraph.
"""
import ctypes

import numpy as np

from . import _capi, _native
from ._columns import ids as _ids
from ._columns import is_pandas
from ._errors import InvalidArgumentError
from ._native import lib, pointer

_c = _native.checked
_create = _c("segcore_influence_graph_create")
_pagerank = _c("segcore_influence_graph_pagerank")
_per_node = {name: _c(f"segcore_influence_graph_{name}")
             for name in ("in_degree", "out_degree", "in_weight", "out_weight", "reach", "audience")}
_tiers = _c("segcore_influencer_tiers")

TIERS = ("none", "nano", "micro", "mid", "macro", "mega")
"""Tier names by code: below the nano bound, then nano ... mega."""
DEFAULT_BANDS = {"nano": 1_000, "micro": 10_000, "mid": 100_000, "macro": 500_000, "mega": 1_000_000}
"""The lowest follower count of each tier by default."""


def _column(edges, key, name):
    """edges[key] when edges is a table, else key itself (an array)."""
    if edges is None:
        if key is None or isinstance(key, str):
            raise InvalidArgumentError(f"{name}: without an edges table give the {name} values as an array")
        return key
    if not isinstance(key, str):
        raise InvalidArgumentError(f"{name} names a column of edges; got {type(key).__name__}")
    if key not in edges:
        raise InvalidArgumentError(f"edges has no column {key!r} ({name})")
    return edges[key]


def _first_appearance(values):
    """(codes, labels): values coded 0.. in order of first appearance (pandas.factorize, a hash
    table, when pandas is there; else a sort)."""
    if values.size == 0:
        return np.zeros(0, np.uint32), values[:0]
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None:
        codes, uniq = pd.factorize(values, sort=False)
        return codes.astype(np.uint32), np.asarray(uniq, dtype=values.dtype)
    uniq, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(order.size, np.int64)
    rank[order] = np.arange(order.size)
    return rank[inverse.ravel()].astype(np.uint32), uniq[order]


def _checked_ids(values, name):
    a, missing = _ids(values, name)
    if missing.any():
        raise InvalidArgumentError(f"{name}[{int(np.argmax(missing))}] is missing: every edge needs both ends")
    return a


class InfluenceGraph(_native.Unshareable):
    """A directed weighted interaction graph, built once; `nodes` holds the ids by code."""

    def __init__(self, edges=None, source="source", target="target", weight=None, nodes=None):
        src = _checked_ids(_column(edges, source, "source"), "source")
        dst = _checked_ids(_column(edges, target, "target"), "target")
        if src.size != dst.size:
            raise InvalidArgumentError(f"{src.size} sources but {dst.size} targets")
        extra = np.zeros(0, src.dtype) if nodes is None else _checked_ids(np.asarray(nodes), "nodes")
        if extra.size and src.size and (extra.dtype == object) != (src.dtype == object):
            raise InvalidArgumentError("nodes and the edges' ids must both be integers or both be texts")
        both = np.empty(2 * src.size, dtype=object if object in (src.dtype, dst.dtype) else np.int64)
        both[0::2], both[1::2] = src, dst
        if both.dtype == object:
            both = both.astype(str).astype(object) if both.size else both
        codes, self.nodes = _first_appearance(np.concatenate([extra.astype(both.dtype), both]))
        codes = codes[extra.size:]
        self._handle = None
        self.n_nodes = int(self.nodes.size)
        source_codes, target_codes = np.ascontiguousarray(codes[0::2]), np.ascontiguousarray(codes[1::2])
        w = None
        if weight is not None:
            w = np.ascontiguousarray(_column(edges, weight, "weight"), dtype=np.float64)
            if w.shape != (src.size,):
                raise InvalidArgumentError(f"weight has shape {w.shape}; one value per edge ({src.size}) is needed")
        handle = ctypes.c_void_p()
        _create(ctypes.byref(handle), self.n_nodes, pointer(source_codes), pointer(target_codes),
                None if w is None else pointer(w), src.size, None)
        self._handle = handle
        self.n_edges = int(src.size)

    def __del__(self):
        _native.release(self, lib.segcore_influence_graph_destroy)

    def _by_node(self, values, name):
        """A pandas Series indexed by node id when pandas is loaded, else a dict."""
        try:
            import pandas as pd
        except ImportError:
            return dict(zip(self.nodes.tolist(), values.tolist()))
        return pd.Series(values, index=pd.Index(self.nodes, name="node"), name=name)

    def _distribution(self, values, name):
        """A {node id: value} mapping (dict or Series; absent nodes 0) as an n_nodes array."""
        if values is None:
            return None
        if not hasattr(values, "items"):
            raise InvalidArgumentError(f"{name} must map node ids to values (a dict or pandas Series)")
        position = {k: i for i, k in enumerate(self.nodes.tolist())}
        out = np.zeros(self.n_nodes)
        for key, v in values.items():
            k = str(key) if self.nodes.dtype == object else key
            if k not in position:
                raise InvalidArgumentError(f"{name} names {key!r}, which is not a node of the graph")
            out[position[k]] = float(v)
        return out

    def pagerank(self, alpha=0.85, personalization=None, max_iter=100, tol=1.0e-6, dangling=None, n_threads=1):
        """networkx.pagerank of the graph, keyed by node id. personalization and dangling map
        node ids to values (absent ones 0), as networkx takes them."""
        opts = _native.options("segcore_pagerank_options_init")
        opts.alpha, opts.tol, opts.max_iter = float(alpha), float(tol), int(max_iter)
        opts.n_threads = _native.threads_from(n_threads)
        p = self._distribution(personalization, "personalization")
        d = self._distribution(dangling, "dangling")
        if p is not None:
            opts.personalization = p.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
            opts.personalization_count = p.size
        if d is not None:
            opts.dangling = d.ctypes.data_as(ctypes.POINTER(ctypes.c_double))
            opts.dangling_count = d.size
        out = np.empty(self.n_nodes)
        _pagerank(self._handle, ctypes.byref(opts), pointer(out), out.size)
        return self._by_node(out, "pagerank")

    def _vector(self, name):
        out = np.empty(self.n_nodes, np.float64 if name.endswith("weight") else np.uint64)
        _per_node[name](self._handle, pointer(out), out.size)
        return out

    def degrees(self):
        """Per node: in_degree and out_degree (edges, parallel ones and self loops counted),
        in_weight and out_weight (their summed weights), reach (distinct others it has an edge
        to) and audience (distinct others with an edge to it). A DataFrame indexed by node id
        when pandas is loaded, else a dict of arrays."""
        columns = {name: self._vector(name) for name in _per_node}
        try:
            import pandas as pd
        except ImportError:
            return {"node": self.nodes, **columns}
        return pd.DataFrame(columns, index=pd.Index(self.nodes, name="node"))

    def influencer_tiers(self, bands=None):
        """Each node's tier by its audience (distinct followers), keyed by node id."""
        tiers = influencer_tiers(self._vector("audience"), bands)
        return self._by_node(np.asarray(tiers, dtype=object), "tier")


def _graph(edges, source, target, weight, nodes):
    return InfluenceGraph(edges, source=source, target=target, weight=weight, nodes=nodes)


def pagerank(edges=None, source="source", target="target", weight=None, alpha=0.85, personalization=None,
             max_iter=100, tol=1.0e-6, dangling=None, nodes=None, n_threads=1):
    """networkx.pagerank of the interaction graph: a Series (or dict) keyed by node id.

    edges: a DataFrame whose columns source, target (and weight, if named) hold the edges; or
    None, with source, target (and weight) given as arrays."""
    return _graph(edges, source, target, weight, nodes).pagerank(alpha, personalization, max_iter, tol, dangling,
                                                                 n_threads)


def degrees(edges=None, source="source", target="target", weight=None, nodes=None):
    """In/out degrees and weights, reach and audience of every node (InfluenceGraph.degrees)."""
    return _graph(edges, source, target, weight, nodes).degrees()


def influencer_tiers(followers, bands=None):
    """The tier name ("none", "nano", ... "mega") of each follower count. followers: an array,
    or a Series (the result keeps its index). bands: {tier: lowest follower count}, the tiers
    not named keeping DEFAULT_BANDS."""
    b = _native.options("segcore_influencer_bands_init")
    for name, value in (bands or {}).items():
        if name not in DEFAULT_BANDS:
            raise InvalidArgumentError(f"bands names {name!r}; use {', '.join(map(repr, DEFAULT_BANDS))}")
        if not isinstance(value, (int, np.integer)) or value < 0:
            raise InvalidArgumentError(f"bands[{name!r}] is {value!r}; use an int >= 0")
        setattr(b, name, int(value))
    counts = np.asarray(followers)
    if counts.ndim != 1:
        raise InvalidArgumentError("followers must be 1-D")
    if counts.size and (counts.dtype.kind not in "iuf" or not np.all(np.isfinite(counts))
                        or counts.min() < 0 or np.any(counts != np.floor(counts))):
        raise InvalidArgumentError("followers must be whole counts >= 0")
    c = np.ascontiguousarray(counts, dtype=np.uint64)
    out = np.empty(c.size, np.uint8)
    _tiers(pointer(c), c.size, ctypes.byref(b), pointer(out), out.size)
    names = np.array(TIERS, dtype=object)[out]
    if is_pandas(followers) and hasattr(followers, "index"):
        import pandas as pd
        return pd.Series(names, index=followers.index, name="tier")
    return names


from .engagement import engagement  # noqa: E402 (segcore.social.engagement; it codes ids as above)
