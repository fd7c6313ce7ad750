"""RFM scores of a Dask DataFrame of events, equal to segcore.rfm on the whole table.

Quantile edges are the same order statistics the single process sorts for, found exactly by the
C ABI's RFM selection (segcore_rfm_selection, docs/guides/dask.md): each round, every bucket of
profiles counts its values by the next 16 bits of their order keys inside each wanted range into
a copy of the round's request, the counts travel as bytes and are summed, and the sums narrow
each wanted rank. Four rounds pin a float64 exactly; rank mode, whose ties go by first
appearance, selects on (value, first appearance) in eight. No worker holds more than its
bucket's customers, and the client holds only the counts.
"""
import numpy as np

from .. import _frames
from .._errors import InvalidArgumentError
from ..rfm import _RFM_DEFAULTS, _segments_from_scores
from . import _rfm_state
from ._profiles import _FIRST_SEEN, _profile_buckets

_MEASURE_NAMES = ("recency_days", "frequency", "monetary")


def _measures(frame, with_position):
    """The bucket's scored customers' values per measure (R on -recency_days, as the single
    process scores it), and their positions of first appearance when ranks need them."""
    frequency = frame["frequency"].to_numpy(dtype=np.int64)
    keep = frequency > 0
    values = [_values(frame, measure)[keep] for measure in range(3)]
    position = frame[_FIRST_SEEN].to_numpy(np.int64)[keep].view(np.uint64) if with_position else None
    return values, position


def _count(request, measures):
    """A task: the bucket's counts for the round's request, as bytes."""
    values, position = measures
    try:
        return _rfm_state.count(request, values, position)
    except InvalidArgumentError as e:
        raise InvalidArgumentError(f"segcore.dask.rfm: a scored customer's measure is refused "
                                   f"({', '.join(_MEASURE_NAMES)} are measures 0, 1, 2): {e}") from None


def _select(bucket_measures, bins, mode):
    """The C ABI selection narrowed over its rounds, the buckets' counts merged in bucket order
    on a worker: the client receives one small state per round."""
    import dask
    selection = _rfm_state.Selection(bins, mode)
    while not selection.done:
        request = selection.request()
        parts = [dask.delayed(_count)(request, m) for m in bucket_measures]
        (merged,) = dask.compute(dask.delayed(_rfm_state.merge_in_order)(*parts))
        selection.narrow(merged)
    return selection


def _score_bucket(frame, mode, bins, bounds, id_name, segment_map):
    """The bucket's rows of segcore.rfm's result, scored against the global edges or rank bounds."""
    pd = _frames.require("segcore.dask.rfm")
    frequency = frame["frequency"].to_numpy(dtype=np.int64)
    keep = frequency > 0
    values, position = _measures(frame, mode == "rank")
    scores = []
    for measure in range(3):
        s = np.zeros(len(frame), np.int32)
        v = values[measure]
        if mode == "quantile":  # a value equal to an edge takes the lower bin
            s[keep] = 1 + np.searchsorted(np.asarray(bounds[measure], np.float64), v, side="left")
        else:  # 1 + the bounds at or below (value, first appearance); -0 equals +0
            above = np.zeros(v.size, np.int32)
            for bound_value, bound_position in zip(*bounds[measure]):
                above += (v > bound_value) | ((v == bound_value) & (position >= bound_position))
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
    bins = _check_options(bins, mode, "segcore.dask.rfm")
    buckets, _ = _profile_buckets(ddf, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col,
                                  price_col, as_of, n_buckets, (7, 30, 90), 30, 12, first_seen=mode == "rank")
    return _rfm_of_buckets(buckets, bins, mode, segment_map, str(customer_id_col), return_edges)


def _check_options(bins, mode, where):
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 100:
        raise InvalidArgumentError(f"{where}: bins is {bins!r}; use an integer from 2 to 100")
    if mode not in ("quantile", "rank"):
        raise InvalidArgumentError(f"{where}: mode is {mode!r}; use 'quantile' or 'rank'")
    return int(bins)


def _rfm_of_buckets(buckets, bins, mode, segment_map, id_name, return_edges):
    """The scores of delayed profile frames, one per bucket (with _first_seen for rank mode)."""
    import dask
    buckets = list(dask.persist(*buckets))
    measures = list(dask.persist(*[dask.delayed(_measures)(b, mode == "rank") for b in buckets]))
    selection = _select(measures, bins, mode)
    if mode == "quantile":
        bounds = [selection.edges(m) for m in range(3)]
        reported = ([-e if e != 0 else 0.0 for e in reversed(bounds[0])], bounds[1], bounds[2])
    else:
        bounds = [selection.rank_bounds(m) for m in range(3)]
        reported = tuple(selection.edges(m) for m in range(3))
    parts = [dask.delayed(_score_bucket)(b, mode, bins, bounds, id_name, segment_map) for b in buckets]
    import dask.dataframe as dd
    pd = _frames.require("segcore.dask.rfm")
    meta = pd.DataFrame({"recency_days": np.zeros(0), "frequency": np.zeros(0, np.int64), "monetary": np.zeros(0),
                         "r_score": np.zeros(0, np.int32), "f_score": np.zeros(0, np.int32),
                         "m_score": np.zeros(0, np.int32), "segment": np.zeros(0, object)})
    meta.index.name = id_name
    result = dd.from_delayed(parts, meta=meta, verify_meta=False)
    return (result, reported) if return_edges else result

