"""Calibration and holdout summaries (lifetimes' calibration_and_holdout_data), built from two
summary_data_from_transactions calls so that both halves follow the same period rules."""
import numpy as np

from ._errors import InvalidArgumentError
from ._transactions import accepts_frames
from .clv import summary_data_from_transactions


@accepts_frames
def calibration_and_holdout_data(customer_id, timestamp, amount=None, *, calibration_end, observation_end=None,
                                 period_days=1.0, time_unit_days=1.0):
    """Per-customer summary of the calibration period and purchase counts of the holdout period.

    Customers whose first purchase falls after calibration_end are left out. The calibration
    columns are summary_data_from_transactions(..., calibration_end=calibration_end) renamed
    with "_cal"; frequency_holdout counts the purchase periods after the calibration-end period
    up to the observation-end period (default: the last transaction's), monetary_value_holdout
    is their mean amount (0 without purchases), and duration_holdout is the holdout length in
    time units. Returns a dict of numpy arrays, one entry per customer in ascending id order,
    or, given a DataFrame (columns named as in summary_data_from_transactions), a DataFrame
    indexed by customer.
    """
    common = dict(period_days=period_days, time_unit_days=time_unit_days)
    cal = summary_data_from_transactions(customer_id, timestamp, amount, calibration_end=calibration_end, **common)
    full = summary_data_from_transactions(customer_id, timestamp, amount, calibration_end=observation_end, **common)
    # Both summaries are sorted by id and every calibration customer is in the full one.
    at = np.searchsorted(full["customer_id"], cal["customer_id"])
    duration = full["T"][at] - cal["T"]
    if cal["customer_id"].size == 0:
        raise InvalidArgumentError("no customer made a purchase by calibration_end")
    if not duration[0] > 0:
        raise InvalidArgumentError("observation_end must fall in a later period than calibration_end")
    # Counts of purchase periods after the first, and the sums of their amounts, are additive.
    frequency = full["frequency"][at] - cal["frequency"]
    spent = full["monetary_value"][at] * full["frequency"][at] - cal["monetary_value"] * cal["frequency"]
    out = {"customer_id": cal["customer_id"]}
    for key in ("frequency", "recency", "T") + (() if amount is None else ("monetary_value",)):
        out[key + "_cal"] = cal[key]
    out["frequency_holdout"] = frequency
    if amount is not None:
        out["monetary_value_holdout"] = np.divide(spent, frequency, out=np.zeros_like(spent), where=frequency > 0)
    out["duration_holdout"] = duration
    return out
