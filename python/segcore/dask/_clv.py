"""CLV on a Dask cluster: per-customer histories from events that sit in any partitions, and
the CLV fitters on histories that no worker holds whole.

Histories: the events are split by a fixed hash of the customer id into buckets (as
segcore.dask.profiles splits them), each bucket's rows keep their order, and each bucket is
summarized by segcore.summary_data_from_transactions, so a customer's history is the one of
one process. Only T depends on the other customers (it runs to the period of the last purchase
of the whole table); it is set from one number merged over the buckets.

Fits: the likelihood of every model here is a sum over customers of a term that depends on the
customer's history alone, so customers with equal histories can be counted once with their
number as a weight. Each partition gives its distinct history tuples with their counts (a
segcore_clv_history_counts table of the C ABI, as bytes), the tables are merged (weights summed
exactly, so the table does not depend on the partitions), and the one-process fitter runs on
the merged table with weights=: the same likelihood, summed in another order.
"""
import numpy as np

from .. import _columns, clv
from .._errors import InvalidArgumentError
from . import _states
from ._profiles import _bucket_of

_OPTIONS = ("period_days", "time_unit_days", "calibration_end", "period_anchor")


def _time_and_money_columns(timestamp_col, datetime_col, amount_col, monetary_value_col):
    """The column names as segcore.summary_data_from_transactions resolves them."""
    if timestamp_col is not None and datetime_col is not None:
        raise InvalidArgumentError("give timestamp_col or datetime_col, not both")
    if amount_col is not None and monetary_value_col is not None:
        raise InvalidArgumentError("give amount_col or monetary_value_col, not both")
    time_col = timestamp_col if timestamp_col is not None else datetime_col or "timestamp"
    return time_col, (amount_col if amount_col is not None else monetary_value_col)


def _split(df, id_col, time_col, n_buckets):
    """The partition's rows by bucket (rows in their order), and its latest readable time."""
    for name in (id_col, time_col):
        if name not in df.columns:
            raise InvalidArgumentError(f"segcore.dask.summary_data_from_transactions: no column {name!r}")
    if len(df) == 0:
        return [df] * n_buckets, None
    # Unreadable rows fail here, where their row label is known (a bucket's summary would
    # name a position within the bucket).
    seconds, missing, bad = _columns.times(df[time_col], str(time_col))
    _refuse(df, time_col, missing | bad, "missing or not a time")
    ids, missing = _columns.ids(df[id_col], str(id_col))
    _refuse(df, id_col, missing, "missing")
    buckets = _bucket_of(_columns.id_texts(ids), n_buckets)
    return [df[buckets == b] for b in range(n_buckets)], int(seconds.max())


def _refuse(df, column, bad, what):
    if bad.any():
        i = int(np.argmax(bad))
        raise InvalidArgumentError(f"segcore.dask.summary_data_from_transactions: {column} is {what} "
                                   f"({_columns.describe(df[column], i)}) in the row labelled {df.index[i]!r}")


def _latest(times):
    known = [t for t in times if t is not None]
    return max(known) if known else None


def _bucket_summary(pieces, columns, options, end):
    """The summary of one bucket's rows (the partitions' pieces in partition order). With end
    given (the whole table's latest time), T runs to end's period for now (see _with_T)."""
    import pandas as pd
    frame = pd.concat(pieces) if len(pieces) > 1 else pieces[0]
    if end is not None:
        options = dict(options, calibration_end=end)
    return clv.summary_data_from_transactions(frame, **columns, **options)


def _periods_after_last_purchase(summary, unit):
    """Over the bucket's customers, the fewest periods between a last purchase and T's end."""
    if len(summary) == 0:
        return None
    gaps = np.rint((summary["T"].to_numpy() - summary["recency"].to_numpy()) / unit)
    return int(gaps.min())


def _with_T(summary, gaps, unit, integer_ids):
    """T as one process sets it by default: to the period of the table's last purchase, which
    is min(gaps) periods before the period of its latest transaction. The whole periods are
    recovered exactly and multiplied by the unit as segcore does, so T is bit-equal."""
    summary = summary.copy()  # a task's input is not changed in place
    if integer_ids and len(summary) == 0:  # as the other buckets' ids, not an empty object index
        summary.index = summary.index.astype(np.int64)
    known = [g for g in gaps if g is not None]
    if known and min(known) > 0 and len(summary):
        periods = np.rint(summary["T"].to_numpy() / unit).astype(np.int64) - min(known)
        summary["T"] = periods.astype(np.float64) * unit
    return summary


def summary_data_from_transactions(ddf, *, customer_id_col="customer_id", timestamp_col=None, datetime_col=None,
                                   amount_col=None, monetary_value_col=None, n_buckets=None, **options):
    """segcore.summary_data_from_transactions of a Dask DataFrame of transactions, as a Dask
    DataFrame indexed by customer (frequency, recency, T, monetary_value): every customer's
    history equals the one-process summary's, bit for bit, wherever its transactions sit.

    The arguments are those of segcore.summary_data_from_transactions (column names;
    period_days, time_unit_days, calibration_end, period_anchor). n_buckets: how many output
    partitions customers are hashed into (default: the input's partition count); each holds
    its customers in ascending id order, and the partitions are not sorted among themselves.
    """
    import dask
    import dask.dataframe as dd
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise InvalidArgumentError(f"segcore.dask.summary_data_from_transactions: unknown option {unknown[0]!r}")
    n_buckets = int(n_buckets or ddf.npartitions)
    if n_buckets < 1:
        raise InvalidArgumentError(f"segcore.dask.summary_data_from_transactions: n_buckets is {n_buckets}; "
                                   "use 1 or more")
    time_col, money_col = _time_and_money_columns(timestamp_col, datetime_col, amount_col, monetary_value_col)
    columns = {"customer_id_col": customer_id_col, "timestamp_col": time_col, "amount_col": money_col}
    integer_ids = customer_id_col in ddf.columns and ddf[customer_id_col].dtype.kind in "iuf"
    parts = [dask.delayed(_split, nout=2)(p, customer_id_col, time_col, n_buckets) for p in ddf.to_delayed()]
    by_default = options.get("calibration_end") is None
    end = dask.delayed(_latest)([p[1] for p in parts]) if by_default else None
    summaries = [dask.delayed(_bucket_summary)([p[0][b] for p in parts], columns, options, end)
                 for b in range(n_buckets)]
    unit = float(options.get("period_days", clv._SUMMARY_DEFAULTS.period_days)) / float(
        options.get("time_unit_days", clv._SUMMARY_DEFAULTS.time_unit_days))
    if by_default:
        gaps = [dask.delayed(_periods_after_last_purchase)(s, unit) for s in summaries]
    else:
        gaps = []
    out = [dask.delayed(_with_T)(s, gaps, unit, integer_ids) for s in summaries]
    meta = clv.summary_data_from_transactions(ddf._meta, **columns)
    if integer_ids:
        meta.index = meta.index.astype(np.int64)
    return dd.from_delayed(out, meta=meta, verify_meta=False)


def _tuple_columns(model, frequency_col, recency_col, T_col, monetary_value_col):
    if isinstance(model, clv.GammaGammaFitter):
        return (frequency_col, monetary_value_col), True
    if isinstance(model, clv._PurchaseModel):
        return (frequency_col, recency_col, T_col), False
    raise InvalidArgumentError(f"segcore.dask.fit takes a segcore CLV fitter, not {type(model).__name__}")


def _partition_counts(df, columns, weights_col, spend):
    """A task: the partition's distinct history tuples with their counts (or summed weights), as
    the bytes of a segcore_clv_history_counts table."""
    wanted = list(columns) + ([] if weights_col is None else [weights_col])
    for name in wanted:
        if name not in df.columns:
            raise InvalidArgumentError(f"segcore.dask.fit: the histories have no column {name!r}")
    values = df[list(columns)].to_numpy(dtype=np.float64, na_value=np.nan)
    weights = None if weights_col is None else df[weights_col].to_numpy(np.float64, na_value=np.nan)
    for j, name in enumerate(wanted):  # the library checks too; here the row's label is known
        column = values[:, j] if j < len(columns) else weights
        bad = np.flatnonzero(~np.isfinite(column))
        if bad.size:
            raise InvalidArgumentError(f"segcore.dask.fit: {name} is {column[bad[0]]} in the row labelled "
                                       f"{df.index[bad[0]]!r}; histories must be finite")
    # Spend tables leave out customers without repeat purchases (a negative frequency goes on
    # to the fit, which refuses it).
    counts = _states.HistoryCounts.create(spend)
    counts.accumulate(values, weights)
    return counts.to_bytes()


def _merged_counts(counts):
    """A task: the tables of consecutive partitions merged, in their order, as bytes."""
    return _states.merged(_states.HistoryCounts, counts)


def history_counts(histories, columns, *, weights_col=None, spend=False):
    """The distinct history tuples of a Dask (or pandas) DataFrame with how many customers have
    each (or their summed weights_col), as (tuples, weights) numpy arrays in ascending order.
    spend=True leaves out the rows whose first column (frequency) is 0."""
    import dask
    if hasattr(histories, "to_delayed"):
        parts = histories.to_delayed()
    else:
        parts = [histories]
    counts = [dask.delayed(_partition_counts)(p, tuple(columns), weights_col, spend) for p in parts]
    return _states.HistoryCounts.from_bytes(dask.compute(_tree(counts))[0]).table()


def _tree(counts, fan_in=8):
    """The delayed counts merged in their order, fan_in at a time (small tasks)."""
    import dask
    while len(counts) > 1:
        counts = [dask.delayed(_merged_counts)(counts[k:k + fan_in]) for k in range(0, len(counts), fan_in)]
    return counts[0]


def fit(model, histories, *, frequency_col="frequency", recency_col="recency", T_col="T",
        monetary_value_col="monetary_value", weights_col=None):
    """Fits a segcore CLV fitter (BetaGeoFitter, ModifiedBetaGeoFitter, ParetoNBDFitter,
    BetaGeoBetaBinomFitter with T_col holding n_periods, GammaGammaFitter) on the histories of a
    Dask DataFrame, for example segcore.dask.summary_data_from_transactions's; returns model.

    The partitions' distinct (frequency, recency, T) tuples (Gamma-Gamma: (frequency,
    monetary_value) with frequency > 0) are counted where the partitions are and added in
    partition order; the fit runs in this process on the merged table with weights=, so only the
    distinct tuples meet in one place. weights_col: a column of customer weights (default: 1).
    The parameters equal model.fit on all the rows to rounding (docs/guides/dask.md, "CLV").
    """
    columns, spend = _tuple_columns(model, frequency_col, recency_col, T_col, monetary_value_col)
    rows, weights = history_counts(histories, columns, weights_col=weights_col, spend=spend)
    model.fit(*(np.ascontiguousarray(rows[:, j]) for j in range(rows.shape[1])), weights=weights)
    return model
