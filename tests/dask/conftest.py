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
