"""Tracking over time: cumulative repeat transactions of a cohort, actual against a purchase
model's expectation (lifetimes' expected_cumulative_transactions; the tracking plot of Fader,
Hardie and Lee 2005), and one customer's P(alive) at each age (lifetimes' calculate_alive_path)."""
import numpy as np

from ._errors import InvalidArgumentError
from .clv import _SUMMARY_DEFAULTS, BetaGeoBetaBinomFitter, _seconds, summary_data_from_transactions


def _period_grid(timestamp, t, least, period_days, period_anchor):
    """Checks t and the transactions; returns (seconds, period length in seconds, anchor, the
    first transaction's period), periods as summary_data_from_transactions forms them."""
    t = int(t)
    if t < least:
        raise InvalidArgumentError(f"t is {t}; it must be >= {least} period{'s' if least != 1 else ''}")
    ts = _seconds(timestamp).reshape(-1)
    if ts.size == 0:
        raise InvalidArgumentError("there are no transactions")
    period = int(round(float(period_days) * 86400))
    anchor = _SUMMARY_DEFAULTS.period_anchor if period_anchor is None else int(_seconds(period_anchor).reshape(-1)[0])
    return t, ts, period, anchor, (int(ts.min()) - anchor) // period


def expected_cumulative_transactions(model, customer_id, timestamp, t, *, period_days=_SUMMARY_DEFAULTS.period_days,
                                     time_unit_days=_SUMMARY_DEFAULTS.time_unit_days, period_anchor=None):
    """Repeat transactions from the first transaction's period up to each of the next t periods.

    Periods are those of summary_data_from_transactions (period_days, counted from
    period_anchor; a customer's purchases in one period count once, cancellations netted).
    For j = 1..t, actual[j-1] counts the repeat purchase periods of all customers in periods
    0..j-1 (period 0 holds the first transaction), and predicted[j-1] is the sum over the
    customers first seen before period j of the model's E[X(time from their first period to
    period j)], in units of time_unit_days (the model's time unit). Returns a dict of arrays
    keyed "period" (1..t), "period_start" (datetime64[s], the start of the last period that
    row counts: lifetimes' set_index_date), "actual" and "predicted".
    """
    t, ts, period, anchor, start = _period_grid(timestamp, t, 1, period_days, period_anchor)
    common = dict(period_days=period_days, time_unit_days=time_unit_days, period_anchor=period_anchor)
    actual = np.empty(t)
    for j in range(1, t + 1):
        end = anchor + (start + j) * period - 1  # the last second of period j - 1
        s = summary_data_from_transactions(customer_id, ts, calibration_end=end, **common)
        actual[j - 1] = s["frequency"].sum()
    # First periods, from the summary to the end of period t - 1: T = (t - 1 - first) periods.
    last = summary_data_from_transactions(customer_id, ts, calibration_end=anchor + (start + t) * period - 1, **common)
    first = (t - 1) - np.rint(last["T"] * time_unit_days / period_days)
    predicted = np.empty(t)
    for j in range(1, t + 1):
        ages = (j - first[first < j]) * period_days / time_unit_days
        predicted[j - 1] = model.expected_number_of_purchases_up_to_time(ages).sum() if ages.size else 0.0
    starts = (anchor + (start + np.arange(t)) * period).astype("datetime64[s]")
    return {"period": np.arange(1, t + 1), "period_start": starts, "actual": actual, "predicted": predicted}


def calculate_alive_path(model, timestamp, t, amount=None, *, period_days=_SUMMARY_DEFAULTS.period_days,
                         time_unit_days=_SUMMARY_DEFAULTS.time_unit_days, period_anchor=None):
    """P(alive) of one customer at each age 0..t periods after the first transaction's period.

    timestamp (and amount, for cancellations) are that customer's transactions. At age k the
    history is what the summary would say with the calibration ending in period k (purchase
    periods and cancellations as summary_data_from_transactions counts them, transactions after
    it unseen), and the value is model.conditional_probability_alive of it, T = k periods in
    units of time_unit_days. model: a fitted BG/NBD, MBG/NBD or Pareto/NBD model. Returns an
    array of t + 1 values; the first is 1 (a customer is alive at the first purchase), and an
    age at which every purchase so far is cancelled (no history) is NaN.
    """
    if isinstance(model, BetaGeoBetaBinomFitter):  # its P(alive) takes periods, not (x, t_x, T)
        raise InvalidArgumentError("calculate_alive_path needs a continuous-time model (BG/NBD, MBG/NBD, Pareto/NBD)")
    t, ts, period, anchor, first = _period_grid(timestamp, t, 0, period_days, period_anchor)
    ids = np.zeros(ts.size, dtype=np.int64)
    common = dict(period_days=period_days, time_unit_days=time_unit_days, period_anchor=period_anchor)
    x, tx, T = np.zeros(t + 1), np.zeros(t + 1), np.zeros(t + 1)
    known = np.ones(t + 1, dtype=bool)
    for k in range(t + 1):
        end = anchor + (first + k + 1) * period - 1  # the last second of period k
        s = summary_data_from_transactions(ids, ts, amount, calibration_end=end, **common)
        if s["frequency"].size == 0:  # every purchase so far cancelled: no history
            known[k] = False
            continue
        x[k], tx[k], T[k] = s["frequency"][0], s["recency"][0], s["T"][0]
    out = np.full(t + 1, np.nan)
    if known.any():
        out[known] = model.conditional_probability_alive(x[known], tx[known], T[known])
    return out
