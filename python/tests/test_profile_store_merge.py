"""ProfileStore as a partial state in Python: add_events equals add() row by row, and stores of
consecutive slices merged in order (directly or after bytes or pickle) equal the whole store."""
import os
import pickle

import numpy as np
import pytest

import segcore
from segcore.rfm import ProfileStore

pd = pytest.importorskip("pandas")
SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "data", "online_retail_sample.csv")


@pytest.fixture(scope="module")
def events():
    df = pd.read_csv(SAMPLE, dtype={"InvoiceNo": str})
    df = df[df["CustomerID"].notna()].reset_index(drop=True)
    return (df["CustomerID"].to_numpy(), pd.to_datetime(df["InvoiceDate"]).to_numpy(),
            (df["Quantity"] * df["UnitPrice"]).to_numpy(), df["InvoiceNo"].to_numpy())


def row_by_row(customer, time, amount, order):
    store = ProfileStore()
    for c, t, a, o in zip(customer, time, amount, order):
        store.add(c, t, a, o)
    return store


def test_add_events_equals_add_row_by_row(events):
    whole = ProfileStore().add_events(*events)
    assert whole.to_bytes() == row_by_row(*events).to_bytes()
    assert whole.n_events == len(events[0])


@pytest.mark.parametrize("cuts", [[0], [1, 500], [100, 100, 4000], [17, 900, 2500, 2600, 5000]])
def test_slices_merged_in_order_equal_the_whole(events, cuts):
    whole = ProfileStore().add_events(*events)
    bounds = [0] + [min(c, len(events[0])) for c in cuts] + [len(events[0])]
    direct, travelled = ProfileStore(), ProfileStore()
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        part = ProfileStore().add_events(*(col[lo:hi] for col in events))
        direct.merge(part)
        travelled.merge(pickle.loads(pickle.dumps(ProfileStore.from_bytes(part.to_bytes()))))
    assert direct.to_bytes() == whole.to_bytes() == travelled.to_bytes()
    a, b = direct.snapshot().to_pandas(), whole.snapshot().to_pandas()
    pd.testing.assert_frame_equal(a, b)


def test_bad_input(events):
    with pytest.raises(segcore.InvalidArgumentError, match="schemas differ"):
        ProfileStore().merge(ProfileStore(categories=["channel"]))
    with pytest.raises(segcore.InvalidArgumentError, match="not a ProfileStore"):
        ProfileStore().merge(b"bytes")
    with pytest.raises(segcore.InvalidArgumentError, match="category"):
        ProfileStore(categories=["channel"]).add_events(*events)
    customer = np.array(["a", None], dtype=object)
    with pytest.raises(segcore.InvalidArgumentError):
        ProfileStore().add_events(customer, [1, 2], [1.0, 2.0])
    with pytest.raises(segcore.CorruptDataError):
        ProfileStore.from_bytes(ProfileStore().add_events(*events).to_bytes()[:-3])
