"""Transactions for the CLV summaries from arrays or a DataFrame.

The C ABI takes int64 customer ids and epoch seconds. Ids that are texts (or categorical)
are numbered in ascending order before the call and given back after it, so a summary keeps
its "ascending id order" for any ids; whole-number float ids (14646.0) are the int ids they
hold. Times are read as everywhere in the package (segcore._columns). A DataFrame as the first
argument gives a DataFrame indexed by customer, with lifetimes' column parameter names.
"""
import functools

import numpy as np

from . import _columns, _frames
from ._errors import InvalidArgumentError

_TIMES = ("calibration_end", "observation_end", "period_anchor")


def _sorted_codes(ids):
    uniq, codes = np.unique(ids.astype(str), return_inverse=True)
    return codes.astype(np.int64), uniq


def _checked(values, name, read):
    converted, missing, *bad = read(values, name)
    bad = missing | bad[0] if bad else missing
    if bad.any():
        i = int(np.argmax(bad))
        what = "missing" if missing[i] else "not a time (use datetime64, epoch seconds or ISO-8601 text)"
        raise InvalidArgumentError(f"{name}[{i}] is {what} ({_columns.describe(values, i)}); drop such rows first")
    return converted


def accepts_frames(summarize):
    """Wraps summarize(customer_id, timestamp, amount=None, **options), which returns a dict
    with "customer_id" and per-customer arrays, so that it takes any ids and times, and a
    DataFrame with column names (customer_id_col; timestamp_col or lifetimes' datetime_col;
    amount_col or lifetimes' monetary_value_col)."""

    @functools.wraps(summarize)
    def wrapper(customer_id, timestamp=None, amount=None, *, customer_id_col="customer_id", timestamp_col=None,
                datetime_col=None, amount_col=None, monetary_value_col=None, **options):
        frame = _frames.is_frame(customer_id)
        names = ("customer_id", "timestamp", "amount")
        if frame:
            if timestamp is not None or amount is not None:
                raise InvalidArgumentError("with a DataFrame, name its columns (timestamp_col=, amount_col=) "
                                           "instead of passing arrays")
            if timestamp_col is not None and datetime_col is not None:
                raise InvalidArgumentError("give timestamp_col or datetime_col, not both")
            if amount_col is not None and monetary_value_col is not None:
                raise InvalidArgumentError("give amount_col or monetary_value_col, not both")
            time_col = timestamp_col if timestamp_col is not None else datetime_col or "timestamp"
            money_col = amount_col if amount_col is not None else monetary_value_col
            names = (str(customer_id_col), str(time_col), str(money_col))
            c = _frames.columns(customer_id, {"ids": (customer_id_col, "customer_id_col"),
                                              "time": (time_col, "timestamp_col"),
                                              "amount": (money_col, "amount_col")})
            customer_id, timestamp, amount = c["ids"], c["time"], c["amount"]
        elif timestamp is None:
            raise InvalidArgumentError("pass customer_id and timestamp arrays, or a DataFrame first")
        ids = _checked(customer_id, names[0], _columns.ids)
        labels = None
        if ids.dtype == object:
            ids, labels = _sorted_codes(ids)
        seconds = _checked(timestamp, names[1], _columns.times)
        if amount is not None:
            amount = _columns.numbers(amount, names[2])
        for key in _TIMES:
            if options.get(key) is not None:
                options[key] = _columns.seconds(options[key], key)
        out = summarize(ids, seconds, amount, **options)
        if labels is not None:
            out["customer_id"] = labels[out["customer_id"]]
        if not frame:
            return out
        return _frames.indexed({k: v for k, v in out.items() if k != "customer_id"}, out["customer_id"], names[0])

    return wrapper
