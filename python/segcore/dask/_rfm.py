"""RFM scores of a Dask DataFrame of events, equal to segcore.rfm on the whole table.

Quantile edges are the same order statistics the single process sorts for, found exactly by a
radix selection over the buckets of profiles: each round, every bucket counts its values by
the next 16 bits of their order keys inside each wanted range, the counts are summed, and the
sums narrow each wanted rank's range. Four rounds pin a float64 exactly; rank mode, whose ties
go by first appearance, selects on (value, first appearance) in eight. No worker holds more
than its bucket's customers, and the client holds only the counts.
"""
import numpy as np

from .. import _frames
from .._errors import InvalidArgumentError
from ..rfm import _RFM_DEFAULTS, _segments_from_scores
from ._profiles import _FIRST_SEEN, _profile_buckets

_DIGIT = 16
_MASK = np.uint64((1 << _DIGIT) - 1)
_LEVELS_PER_KEY = 64 // _DIGIT


def _order_keys(values):
    """Unsigned keys with the order of the float64 values (-0 taken as +0, no NaN)."""
    bits = (np.asarray(values, dtype=np.float64) + 0.0).view(np.uint64)
    return np.where(bits >> np.uint64(63), ~bits, bits | np.uint64(1 << 63))


def _measures(frame, with_position):
    """The bucket's scored customers' keys per measure (R on -recency_days, as the single
    process scores it), and their positions of first appearance when ranks need them."""
    frequency = frame["frequency"].to_numpy(dtype=np.int64)
    keep = frequency > 0
    recency = frame["recency_days"].to_numpy(dtype=np.float64, na_value=np.nan)
    values = (-recency[keep], frequency[keep].astype(np.float64), frame["monetary"].to_numpy(np.float64)[keep])
    if any(np.isnan(v).any() for v in values):
        raise InvalidArgumentError("segcore.dask.rfm: a scored customer has a NaN measure")
    position = frame[_FIRST_SEEN].to_numpy(np.int64)[keep].view(np.uint64) if with_position else None
    return [_order_keys(v) for v in values], position


def _digit_counts(measures, requests):
    """Per request (measure, level, prefix): the counts of the bucket's keys inside the prefix's
    range by their next digit, as (digits, counts)."""
    keys, position = measures
    out = []
    for measure, level, prefix in requests:
        value_key = keys[measure]
        if level < _LEVELS_PER_KEY:
            key, inside = value_key, None
            known = level
        else:  # the value is known whole: rank among its equals by position
            key, inside = position, value_key == np.uint64(prefix[0])
            known, prefix = level - _LEVELS_PER_KEY, prefix[1:]
        if known:
            high = key >> np.uint64(64 - _DIGIT * known)
            match = high == np.uint64(prefix[-1] if prefix else 0)
            inside = match if inside is None else inside & match
        picked = key if inside is None else key[inside]
        digits, counts = np.unique((picked >> np.uint64(64 - _DIGIT * (known + 1))) & _MASK, return_counts=True)
        out.append((digits, counts))
    return out


class _Target:
    """One wanted order statistic: rank (1-based) among a measure's scored values."""

    def __init__(self, measure, rank):
        self.measure, self.rank, self.left = measure, rank, rank
        self.value_key = np.uint64(0)  # the digits found so far
        self.position = np.uint64(0)

    def request(self, level):
        if level < _LEVELS_PER_KEY:
            return (self.measure, level, (int(self.value_key),) if level else ())
        known = level - _LEVELS_PER_KEY
        return (self.measure, level, (int(self.value_key),) + ((int(self.position),) if known else ()))

    def narrow(self, level, digits, counts):
        below = np.cumsum(counts)
        k = int(np.searchsorted(below, self.left))  # the first digit whose running count reaches it
        self.left -= int(below[k - 1]) if k else 0
        digit = np.uint64(digits[k])
        if level < _LEVELS_PER_KEY:
            self.value_key = (self.value_key << np.uint64(_DIGIT)) | digit
        else:
            self.position = (self.position << np.uint64(_DIGIT)) | digit


def _select(client_compute, bucket_measures, targets, levels):
    """Narrows every target over `levels` rounds of digit counts summed over buckets."""
    import dask
    for level in range(levels):
        requests = sorted({t.request(level) for t in targets})
        index = {r: j for j, r in enumerate(requests)}
        per_bucket = client_compute(*[dask.delayed(_digit_counts)(m, requests) for m in bucket_measures])
        for t in targets:
            j = index[t.request(level)]
            digits = np.concatenate([b[j][0] for b in per_bucket])
            counts = np.concatenate([b[j][1] for b in per_bucket])
            merged, where = np.unique(digits, return_inverse=True)
            summed = np.zeros(merged.size, np.int64)
            np.add.at(summed, where, counts)
            t.narrow(level, merged, summed)


def _key_value(key):
    """The float64 whose order key this is."""
    key = np.uint64(key)
    bits = key & ~np.uint64(1 << 63) if key >> np.uint64(63) else ~key
    return float(np.array([bits], np.uint64).view(np.float64)[0])


def _quantile_edges(n, bins, stat):
    """numpy's linear quantiles k/bins from order statistics stat(rank), as the single process
    computes them from its sorted values."""
    edges = []
    for k in range(1, bins):
        if n == 0:
            edges.append(0.0)
            continue
        pos = k * (n - 1) / bins
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 1)
        low = stat(lo + 1)
        edges.append(low + (pos - lo) * (stat(hi + 1) - low))
    return edges


def _rank_thresholds(n, bins):
    """The smallest rank scored above each k: bins (r - 1) > (n - 1) k."""
    return [(n - 1) * k // bins + 2 for k in range(1, bins) if (n - 1) * k // bins + 2 <= n]


def _score_bucket(frame, mode, bins, bounds, id_name, segment_map):
    """The bucket's rows of segcore.rfm's result, scored against the global edges or rank bounds."""
    pd = _frames.require("segcore.dask.rfm")
    frequency = frame["frequency"].to_numpy(dtype=np.int64)
    keep = frequency > 0
    keys, position = _measures(frame, mode == "rank")
    scores = []
    for measure in range(3):
        s = np.zeros(len(frame), np.int32)
        if mode == "quantile":  # a value equal to an edge takes the lower bin
            s[keep] = 1 + np.searchsorted(np.asarray(bounds[measure], np.float64), _values(frame, measure)[keep],
                                          side="left")
        else:
            above = np.zeros(int(keep.sum()), np.int32)
            for value_key, pos in bounds[measure]:
                k = keys[measure]
                above += (k > value_key) | ((k == value_key) & (position >= pos))
            s[keep] = 1 + above
        scores.append(s)
    recency = frame["recency_days"].to_numpy(dtype=np.float64, na_value=np.nan)
    out = pd.DataFrame({"recency_days": recency, "frequency": frequency,
                        "monetary": frame["monetary"].to_numpy(np.float64),
                        "r_score": scores[0], "f_score": scores[1], "m_score": scores[2],
                        "segment": _segments_from_scores(*scores, bins, segment_map).astype(str)},
                       index=frame.index)
    out.index.name = id_name
    return out


def _values(frame, measure):
    if measure == 0:
        return -frame["recency_days"].to_numpy(dtype=np.float64, na_value=np.nan)
    column = "frequency" if measure == 1 else "monetary"
    return frame[column].to_numpy(dtype=np.float64)


def rfm(ddf, *, bins=_RFM_DEFAULTS.bins, mode="quantile", segment_map=None, as_of=None,
        customer_id_col="customer_id", timestamp_col="timestamp", amount_col="amount", order_id_col=None,
        quantity_col=None, price_col=None, n_buckets=None, return_edges=False):
    """segcore.rfm of a Dask DataFrame of events: a Dask DataFrame indexed by customer with
    recency_days, frequency, monetary, r_score, f_score, m_score and segment, equal to
    segcore.rfm on the whole table (customers in bucket order, not first appearance).

    mode: "quantile" or "rank" (ties by first appearance in the table: partition order, then
    row order). segment_map: (rules, grid, fallback) as Profiles.rfm takes it. Columns,
    as_of and n_buckets as segcore.dask.profiles. return_edges: also return the (recency,
    frequency, monetary) edges as segcore.rfm's result reports them.
    """
    import dask
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 100:
        raise InvalidArgumentError(f"segcore.dask.rfm: bins is {bins!r}; use an integer from 2 to 100")
    if mode not in ("quantile", "rank"):
        raise InvalidArgumentError(f"segcore.dask.rfm: mode is {mode!r}; use 'quantile' or 'rank'")
    bins = int(bins)
    buckets, _ = _profile_buckets(ddf, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col,
                                  price_col, as_of, n_buckets, (7, 30, 90), 30, 12, first_seen=mode == "rank")
    buckets = list(dask.persist(*buckets))
    measures = list(dask.persist(*[dask.delayed(_measures)(b, mode == "rank") for b in buckets]))
    n = sum(dask.compute(*[dask.delayed(lambda m: int(m[0][1].size))(m) for m in measures]))
    if mode == "quantile":
        ranks = sorted({r for k in range(1, bins) if n for r in _quantile_ranks(k, n, bins)})
        targets = {(measure, r): _Target(measure, r) for measure in range(3) for r in ranks}
        _select(dask.compute, measures, list(targets.values()), _LEVELS_PER_KEY)
        bounds = [_quantile_edges(n, bins, lambda r, m=m: _key_value(targets[(m, r)].value_key)) for m in range(3)]
        reported = ([-e if e != 0 else 0.0 for e in reversed(bounds[0])], bounds[1], bounds[2])
    else:
        thresholds = _rank_thresholds(n, bins)
        targets = {(measure, r): _Target(measure, r) for measure in range(3) for r in thresholds}
        _select(dask.compute, measures, list(targets.values()), 2 * _LEVELS_PER_KEY)
        bounds = [[(targets[(m, r)].value_key, targets[(m, r)].position) for r in thresholds] for m in range(3)]
        reported = tuple([1.0 + (max(n, 1) - 1) * k / bins for k in range(1, bins)] for _ in range(3))
    id_name = str(customer_id_col)
    parts = [dask.delayed(_score_bucket)(b, mode, bins, bounds, id_name, segment_map) for b in buckets]
    import dask.dataframe as dd
    pd = _frames.require("segcore.dask.rfm")
    meta = pd.DataFrame({"recency_days": np.zeros(0), "frequency": np.zeros(0, np.int64), "monetary": np.zeros(0),
                         "r_score": np.zeros(0, np.int32), "f_score": np.zeros(0, np.int32),
                         "m_score": np.zeros(0, np.int32), "segment": np.zeros(0, object)})
    meta.index.name = id_name
    result = dd.from_delayed(parts, meta=meta, verify_meta=False)
    return (result, reported) if return_edges else result


def _quantile_ranks(k, n, bins):
    pos = k * (n - 1) / bins
    lo = int(np.floor(pos))
    return (lo + 1, min(lo + 1, n - 1) + 1)
