"""The cluster of the PostgreSQL tests: one server for the module, with the sample loaded."""
import os
import pathlib
import shutil
import sys
import tempfile

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from pg_cluster import Cluster  # noqa: E402

SAMPLE = pathlib.Path(__file__).resolve().parents[2] / "data" / "online_retail_sample.csv"


def _required(name):
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set (run through meson test -C build --suite postgres)")
    return value


@pytest.fixture(scope="session")
def pg():
    pg_config = _required("SEGCORE_PG_CONFIG")
    bindir = pathlib.Path(os.popen(f"'{pg_config}' --bindir").read().strip())
    missing = [p for p in ("postgres", "initdb", "psql") if not (bindir / p).exists()]
    if missing:
        pytest.skip(f"the PostgreSQL server binaries are absent ({', '.join(missing)} not in {bindir}; "
                    "apt-get install postgresql-15)")
    tmp = tempfile.mkdtemp(prefix="segcore-pg-")
    cluster = Cluster(pg_config, tmp, _required("SEGCORE_PG_MODULE"), _required("SEGCORE_LIBRARY"),
                      _required("SEGCORE_PG_EXTENSION_FILES").split(os.pathsep))
    try:
        cluster.start()
        cluster.psql("CREATE EXTENSION segcore")
        cluster.psql("CREATE TABLE retail (invoice_no text, stock_code text, description text, quantity float8, "
                     "invoice_date timestamp, unit_price float8, customer_id text, country text)")
        cluster.psql(r"\copy retail FROM '" + str(SAMPLE) + "' WITH (FORMAT csv, HEADER true)")
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
