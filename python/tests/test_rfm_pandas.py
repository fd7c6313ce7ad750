"""recency, frequency, monetary and rank-mode scores against a pandas implementation."""
import pathlib

import numpy as np
import pytest

import segcore

pd = pytest.importorskip("pandas", reason="pandas is not installed: the peer comparison is skipped")

DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "online_retail_sample.csv"


def pandas_rfm(df, bins=5):
    """Orders = rows sharing (customer, invoice); frequency counts orders with positive total."""
    df = df.copy()
    df["amount"] = df["Quantity"] * df["UnitPrice"]
    customers = pd.Index(df["CustomerID"].unique())  # order of first appearance
    orders = df.groupby(["CustomerID", "InvoiceNo"], sort=False).agg(
        total=("amount", "sum"), time=("InvoiceDate", "min")).reset_index()
    as_of = df["InvoiceDate"].max() + pd.Timedelta(days=1)
    positive = orders[orders["total"] > 0]
    frequency = positive.groupby("CustomerID").size().reindex(customers, fill_value=0)
    monetary = df.groupby("CustomerID")["amount"].sum().reindex(customers)
    last = positive.groupby("CustomerID")["time"].max().reindex(customers)
    recency = (as_of - last).dt.floor("D").dt.days
    scored = frequency > 0

    def score(x):
        ranks = x[scored].rank(method="first")
        s = pd.qcut(ranks, bins, labels=False) + 1
        return s.reindex(customers, fill_value=0).astype(int)

    return pd.DataFrame({"recency_days": recency, "frequency": frequency, "monetary": monetary,
                         "r_score": score(-recency), "f_score": score(frequency.astype(float)),
                         "m_score": score(monetary)})


def test_against_pandas_on_the_online_retail_sample():
    df = pd.read_csv(DATA, parse_dates=["InvoiceDate"])
    df["CustomerID"] = df["CustomerID"].astype("int64")
    expected = pandas_rfm(df)
    got = segcore.rfm(df["CustomerID"].to_numpy(), df["InvoiceDate"].to_numpy(),
                      (df["Quantity"] * df["UnitPrice"]).to_numpy(), order_id=df["InvoiceNo"].to_numpy(),
                      mode="rank")
    np.testing.assert_array_equal(got["customer_id"], expected.index.to_numpy())
    np.testing.assert_array_equal(got["frequency"], expected["frequency"].to_numpy())
    np.testing.assert_allclose(got["monetary"], expected["monetary"].to_numpy(), rtol=1e-9, atol=1e-6)
    scored = expected["frequency"].to_numpy() > 0
    np.testing.assert_array_equal(got["recency_days"][scored], expected["recency_days"].to_numpy()[scored])
    for s in ("r_score", "f_score", "m_score"):
        np.testing.assert_array_equal(got[s], expected[s].to_numpy(), err_msg=s)


def test_against_pandas_csv_path_and_many_ties():
    # Rows without order ids, many tied values (small integer amounts and few days).
    rng = np.random.default_rng(5)
    n = 20000
    df = pd.DataFrame({"CustomerID": rng.integers(0, 1500, n), "InvoiceNo": np.arange(n),
                       "InvoiceDate": pd.to_datetime("2020-01-01") + pd.to_timedelta(rng.integers(0, 60, n), "D"),
                       "Quantity": rng.integers(-1, 4, n), "UnitPrice": 2.5})
    expected = pandas_rfm(df, bins=4)
    got = segcore.rfm(df["CustomerID"].to_numpy(), df["InvoiceDate"].to_numpy(),
                      (df["Quantity"] * df["UnitPrice"]).to_numpy(), bins=4, mode="rank")
    assert list(got["customer_id"].astype(int)) == list(expected.index)
    for s in ("frequency", "r_score", "f_score", "m_score"):
        np.testing.assert_array_equal(got[s], expected[s].to_numpy(), err_msg=s)
