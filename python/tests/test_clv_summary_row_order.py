"""summary_data_from_transactions is a function of the transactions as a multiset of rows:
shuffled rows give the same summary bit for bit (pandas' equals with check_exact), on the
retail sample (credits included) and on random tables with many same-second and same-day
lines, awkward amounts and credits."""
import pathlib

import numpy as np
import pandas as pd
import pytest

import segcore

DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "online_retail_sample.csv"


def summary(df, **options):
    got = segcore.summary_data_from_transactions(df, customer_id_col="customer", timestamp_col="time",
                                                 amount_col="amount", **options)
    return got.sort_index()


def assert_shuffles_agree(df, seeds, **options):
    want = summary(df, **options)
    for seed in seeds:
        shuffled = df.sample(frac=1, random_state=seed).reset_index(drop=True)
        pd.testing.assert_frame_equal(summary(shuffled, **options), want, check_exact=True)


@pytest.fixture(scope="module")
def retail():
    raw = pd.read_csv(DATA)
    raw = raw[raw["CustomerID"].notna()]
    return pd.DataFrame({"customer": raw["CustomerID"].astype(np.int64),
                         "time": pd.to_datetime(raw["InvoiceDate"]),
                         "amount": raw["Quantity"] * raw["UnitPrice"]}).reset_index(drop=True)


def test_retail_sample_summary_does_not_depend_on_row_order(retail):
    assert (retail["amount"] < 0).any()  # credits take part
    assert_shuffles_agree(retail, range(4))
    assert_shuffles_agree(retail, range(2), period_days=7, time_unit_days=7, calibration_end="2011-09-30")


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_summary_does_not_depend_on_row_order(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    customers = rng.integers(0, max(1, n // int(rng.integers(1, 40))), n)
    # Few distinct seconds per customer: many lines share a second or a day.
    seconds = 1_300_000_000 + rng.integers(0, 40, n) * int(rng.choice([1, 3600, 86400]))
    amount = rng.choice([0.1, 0.2, 0.3, 1e-3, 7.77, 1e6 / 3, 2.5], n) * rng.integers(1, 9, n)
    amount = np.where(rng.random(n) < 0.1, -amount, amount)  # credits
    df = pd.DataFrame({"customer": customers, "time": seconds, "amount": amount})
    assert_shuffles_agree(df, range(3))
