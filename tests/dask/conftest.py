"""One local Dask cluster of worker processes for the whole module (starting one takes seconds)."""
import os

import pytest

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="session")
def client():
    # Workers are processes, as on a real cluster: they load segcore from the environment
    # (PYTHONPATH, SEGCORE_LIBRARY) this test runs in.
    workers = int(os.environ.get("SEGCORE_DASK_WORKERS", "2"))
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=40) as cluster:
        with distributed.Client(cluster) as c:
            yield c


# The bundled Online Retail sample: rows with a customer, its column names as the readers take them.
SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "data", "online_retail_sample.csv")
COLUMNS = dict(customer_id_col="CustomerID", timestamp_col="InvoiceDate", quantity_col="Quantity",
               price_col="UnitPrice", order_id_col="InvoiceNo")


@pytest.fixture(scope="module")
def events():
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(SAMPLE, dtype={"InvoiceNo": str})
    return df[df["CustomerID"].notna()].reset_index(drop=True)


def killing_a_worker(ddf, marker):
    """ddf whose first non-empty partition to run kills its worker process once (marker, a path,
    records it): the nanny starts a new worker and the scheduler runs the lost tasks again."""
    def die_once(df):
        import signal
        if len(df) and not os.path.exists(marker):
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)
        return df
    return ddf.map_partitions(die_once, meta=ddf._meta)
