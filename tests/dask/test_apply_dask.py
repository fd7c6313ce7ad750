"""Fitted models, rules and segment sets applied per partition give the one-process answers for
the same rows: every model travels to the workers through its byte form."""
import numpy as np
import pytest

pd = pytest.importorskip("pandas")
da = pytest.importorskip("dask.array")
dd = pytest.importorskip("dask.dataframe")

import segcore  # noqa: E402
import segcore.dask  # noqa: E402
from conftest import COLUMNS  # noqa: E402


@pytest.fixture(scope="module")
def profiles(events):
    return segcore.Profiles.from_pandas(events, **COLUMNS).to_pandas()


@pytest.fixture(scope="module")
def matrix():
    rng = np.random.default_rng(7)
    return np.vstack([rng.normal(c, 1.0, (337, 5)) for c in (0.0, 6.0, -6.0)]) + 1e6


def test_rules_and_segment_sets_per_partition(client, profiles):
    ddf = dd.from_pandas(profiles, npartitions=4, sort=False)
    rule = segcore.Rule("recency_days <= 60 and frequency >= 2 or monetary > 3000", profiles)
    np.testing.assert_array_equal(segcore.dask.evaluate(rule, ddf).compute().to_numpy(),
                                  np.asarray(rule.evaluate(profiles)))
    life = segcore.SegmentSet.lifecycle(profiles)
    got = segcore.dask.assign(life, ddf).compute()
    assert list(got.index) == list(profiles.index)
    np.testing.assert_array_equal(got.to_numpy(), np.asarray(life.assign(profiles)))
    assert len(set(got)) > 2
    members = segcore.dask.membership(life, ddf).compute()
    np.testing.assert_array_equal(members.to_numpy(), np.asarray(life.membership(profiles)))


def test_models_per_block_of_an_array(client, matrix):
    X = da.from_array(matrix, chunks=(250, 2))  # columns split too: they are joined per block
    km = segcore.KMeans(n_clusters=3, random_state=0, n_init=1).fit(matrix)
    np.testing.assert_array_equal(segcore.dask.predict(km, X).compute(), km.predict(matrix))
    np.testing.assert_array_equal(segcore.dask.transform(km, X).compute(), km.transform(matrix))
    scaler = segcore.StandardScaler().fit(matrix)
    np.testing.assert_array_equal(segcore.dask.transform(scaler, X).compute(), scaler.transform(matrix))
    y = (matrix[:, 0] > 1e6 + 3).astype(np.int64)
    clf = segcore.LogisticRegression().fit(matrix - 1e6, y)
    Xc = da.from_array(matrix - 1e6, chunks=(100, 5))
    np.testing.assert_array_equal(segcore.dask.predict_proba(clf, Xc).compute(), clf.predict_proba(matrix - 1e6))
    np.testing.assert_array_equal(segcore.dask.predict(clf, Xc).compute(), clf.predict(matrix - 1e6))


def test_what_cannot_be_applied_is_refused(client, matrix):
    with pytest.raises(segcore.InvalidArgumentError, match="has no predict"):
        segcore.dask.predict(segcore.StandardScaler(), da.from_array(matrix))
    with pytest.raises(segcore.InvalidArgumentError, match="use a dask DataFrame or array"):
        segcore.dask.transform(segcore.StandardScaler().fit(matrix), matrix)
