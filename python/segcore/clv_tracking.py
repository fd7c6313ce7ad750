"""Cumulative repeat transactions of a cohort, actual against a purchase model's expectation
(lifetimes' expected_cumulative_transactions; the tracking plot of Fader, Hardie and Lee 2005)."""
import numpy as np

from ._errors import InvalidArgumentError
from .clv import _SUMMARY_DEFAULTS, _seconds, summary_data_from_transactions


def expected_cumulative_transactions(model, customer_id, timestamp, t, *, period_days=_SUMMARY_DEFAULTS.period_days,
                                     time_unit_days=_SUMMARY_DEFAULTS.time_unit_days, period_anchor=None):
    """Repeat transactions from the first transaction's period up to each of the next t periods.

    Periods are those of summary_data_from_transactions (period_days, counted from
    period_anchor; a customer's purchases in one period count once, cancellations netted).
    For j = 1..t, actual[j-1] counts the repeat purchase periods of all customers in periods
    0..j-1 (period 0 holds the first transaction), and predicted[j-1] is the sum over the
    customers first seen before period j of the model's E[X(time from their first period to
    period j)], in units of time_unit_days (the model's time unit). Returns a dict of arrays
    keyed "period" (1..t), "actual" and "predicted".
    """
    t = int(t)
    if t < 1:
        raise InvalidArgumentError(f"t is {t}; it must be >= 1 period")
    ts = _seconds(timestamp).reshape(-1)
    if ts.size == 0:
        raise InvalidArgumentError("there are no transactions")
    period = int(round(float(period_days) * 86400))
    anchor = _SUMMARY_DEFAULTS.period_anchor if period_anchor is None else int(_seconds(period_anchor).reshape(-1)[0])
    start = (int(ts.min()) - anchor) // period  # the first transaction's period
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
    return {"period": np.arange(1, t + 1), "actual": actual, "predicted": predicted}
