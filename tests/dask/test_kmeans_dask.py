"""segcore.dask.KMeans on a local cluster of worker processes against segcore.cluster.KMeans in
one process: from the same initial centers the same labels and iteration count, centers and
inertia within 1e-9 relative (float64), whatever the partitioning (uneven, empty partitions),
on data far from the origin and scaled, when clusters go empty, and when a worker dies mid-fit."""
import os
import pickle
import signal

import numpy as np
import pytest

da = pytest.importorskip("dask.array")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")

from segcore import InvalidArgumentError  # noqa: E402
from segcore.cluster import KMeans as LocalKMeans  # noqa: E402
from segcore.dask import KMeans  # noqa: E402
from segcore.dask import _kmeans_state  # noqa: E402


def _blobs(n, d, k, seed, offset=0.0, scale=1.0, spread=6.0, dtype=np.float64):
    """Overlapping Gaussian blobs (rows change clusters for a while), moved and scaled."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-spread, spread, (k, d))
    x = centers[np.arange(n) % k] + rng.normal(size=(n, d))
    return (offset + scale * x).astype(dtype)


def _uneven_chunks(n, parts, seed):
    """`parts` row-chunk sizes summing to n, some of them 0."""
    rng = np.random.default_rng(seed)
    cuts = np.sort(np.concatenate([[0, n], rng.integers(0, n + 1, parts - 1)]))
    sizes = list(np.diff(cuts))
    sizes[1:1] = [0]  # an empty partition in any case
    return tuple(int(s) for s in sizes)


def _one_process(x, init, tol, max_iter=300, w=None):
    return LocalKMeans(n_clusters=len(init), init=init, n_init=1, max_iter=max_iter, tol=tol, algorithm="lloyd",
                       n_threads=1).fit(x, sample_weight=w)


def _assert_same(dist, local, x, rel=1e-9):
    assert dist.n_iter_ == local.n_iter_
    np.testing.assert_array_equal(np.asarray(dist.labels_.compute()), local.labels_)
    np.testing.assert_allclose(dist.cluster_centers_, local.cluster_centers_, rtol=rel, atol=0)
    assert dist.inertia_ == pytest.approx(local.inertia_, rel=rel)


@pytest.mark.parametrize("offset,scale", [(0.0, 1.0), (1e7, 1.0), (-1e7, 1e-3), (5e3, 1e4)])
@pytest.mark.parametrize("tol", [0.0, 1e-4])
def test_same_as_one_process_from_the_same_centers(client, offset, scale, tol):
    for seed in range(3):
        rng = np.random.default_rng(seed)
        n, d, k = int(rng.integers(300, 4000)), int(rng.integers(1, 9)), int(rng.integers(2, 9))
        x = _blobs(n, d, k, seed, offset, scale)
        init = x[rng.choice(n, k, replace=False)]
        X = da.from_array(x, chunks=(_uneven_chunks(n, int(rng.integers(2, 7)), seed), d))
        dist = KMeans(n_clusters=k, init=init, tol=tol).fit(X)
        _assert_same(dist, _one_process(x, init, tol), x)


def test_float32_matches_one_process_to_float_rounding(client):
    x = _blobs(3000, 5, 4, 1, offset=100.0, dtype=np.float32)
    init = x[:4].astype(np.float64)
    dist = KMeans(n_clusters=4, init=init, tol=0.0).fit(da.from_array(x, chunks=(_uneven_chunks(3000, 4, 1), 5)))
    local = _one_process(x, init, 0.0)
    assert dist.cluster_centers_.dtype == np.float32
    assert dist.n_iter_ == local.n_iter_
    np.testing.assert_array_equal(dist.labels_.compute(), local.labels_)
    np.testing.assert_allclose(dist.cluster_centers_, local.cluster_centers_, rtol=1e-5)


def test_weights_and_a_dataframe_of_numeric_columns(client):
    x = _blobs(2500, 3, 5, 7, offset=1e7)
    w = np.random.default_rng(7).uniform(0, 3, 2500)
    w[::11] = 0
    frame = pd.DataFrame(x, columns=["a", "b", "c"]).assign(name="customer")
    ddf = dd.from_pandas(frame, npartitions=6)
    init = x[10:15]
    dist = KMeans(n_clusters=5, init=init, tol=1e-6).fit(ddf, sample_weight=w)
    _assert_same(dist, _one_process(x, init, 1e-6, w=w), x)


def test_clusters_left_empty_move_onto_the_rows_one_process_moves_them_to(client):
    for seed in range(4):
        x = _blobs(1500, 2, 4, seed, offset=1e7 if seed % 2 else 0.0)
        init = x[:4].copy()
        init[3] += 1e4  # nothing is nearest: empty after the first assignment
        init[2] -= 3e4
        X = da.from_array(x, chunks=(_uneven_chunks(1500, 5, seed), 2))
        dist = KMeans(n_clusters=4, init=init, tol=0.0).fit(X)
        _assert_same(dist, _one_process(x, init, 0.0), x)
        assert len(np.unique(dist.labels_.compute())) == 4


def test_a_worker_killed_mid_fit_changes_nothing(client):
    x = _blobs(6000, 4, 6, 3, offset=1e7)
    init = x[:6]
    X = da.from_array(x, chunks=(_uneven_chunks(6000, 6, 3), 4)).persist()  # partitions live on the workers
    undisturbed = KMeans(n_clusters=6, init=init, tol=0.0).fit(X)

    class Killing(KMeans):
        killed = []

        def _after_iteration(self, it):
            if it == 1:  # a worker process is killed between iterations; its nanny starts a new one
                pids = client.run(os.getpid)
                victim = pids[sorted(pids)[0]]
                os.kill(victim, signal.SIGKILL)
                self.killed.append(victim)

    disturbed = Killing(n_clusters=6, init=init, tol=0.0).fit(X)
    assert Killing.killed
    assert disturbed.n_iter_ == undisturbed.n_iter_ > 2
    np.testing.assert_array_equal(disturbed.cluster_centers_, undisturbed.cluster_centers_)  # bit for bit
    assert disturbed.inertia_ == undisturbed.inertia_
    np.testing.assert_array_equal(disturbed.labels_.compute(), undisturbed.labels_.compute())
    _assert_same(disturbed, _one_process(x, init, 0.0), x)


def test_kmeans_parallel_seeding_finds_separated_blobs_and_repeats(client):
    from sklearn.metrics import adjusted_rand_score
    rng = np.random.default_rng(5)
    k = 7
    truth_centers = rng.uniform(-200, 200, (k, 3))
    truth = np.arange(7000) % k
    x = truth_centers[truth] + rng.normal(size=(7000, 3)) + 1e6
    X = da.from_array(x, chunks=(_uneven_chunks(7000, 5, 5), 3))
    a = KMeans(n_clusters=k, random_state=11).fit(X)
    again = KMeans(n_clusters=k, random_state=11).fit(X)
    other = KMeans(n_clusters=k, random_state=11).fit(X.rechunk((1000, 3)))  # other draws, same blobs
    assert adjusted_rand_score(truth, a.labels_.compute()) == 1.0
    assert adjusted_rand_score(truth, other.labels_.compute()) == 1.0
    np.testing.assert_array_equal(a.cluster_centers_, again.cluster_centers_)  # same seed, same partitions
    order = np.lexsort(a.cluster_centers_.T)
    np.testing.assert_allclose(a.cluster_centers_[order], other.cluster_centers_[np.lexsort(other.cluster_centers_.T)],
                               rtol=1e-9)


def test_predict_transform_and_a_pickled_model_in_map_partitions(client):
    x = _blobs(2000, 3, 4, 9, offset=-1e7)
    init = x[:4]
    X = da.from_array(x, chunks=(_uneven_chunks(2000, 4, 9), 3))
    model = KMeans(n_clusters=4, init=init).fit(X)
    local = _one_process(x, init, 1e-4)
    np.testing.assert_array_equal(model.predict(X).compute(), local.labels_)
    np.testing.assert_array_equal(model.fit_predict(X).compute(), local.labels_)
    np.testing.assert_allclose(model.transform(X).compute(), local.transform(x), rtol=1e-9)
    copy = pickle.loads(pickle.dumps(model))
    ddf = dd.from_pandas(pd.DataFrame(x, columns=list("abc")), npartitions=5)
    labels = ddf.map_partitions(lambda part, m: pd.Series(m.predict(part.to_numpy()), index=part.index), copy,
                                meta=(None, np.int32)).compute()
    np.testing.assert_array_equal(labels.to_numpy(), local.labels_)
    np.testing.assert_array_equal(copy.predict(x), local.labels_)


def test_actor_task_and_graph_passes_give_the_same_state_bit_for_bit(client):
    from segcore.dask import _kmeans_passes as passes
    x = _blobs(7000, 3, 5, 11, offset=-3e6, scale=1e2)
    w = np.random.default_rng(4).uniform(0, 3, 7000)
    chunks = _uneven_chunks(7000, 7, 5)
    X, W = da.from_array(x, chunks=(chunks, 3)), da.from_array(w, chunks=(chunks,))
    start = _kmeans_state.State.create(x[:5], np.float64).to_bytes()
    actors = passes.ActorPasses(client, X, W, np.float64)
    assert actors._holders is not None  # the fast path is the one taken
    assert passes.passes(X, W, np.float64).__class__ is passes.ActorPasses
    ways = (actors, passes.TaskPasses(client, X, W, np.float64), passes.GraphPasses(X, W, np.float64))
    states = [run(start).to_bytes() for run in ways]
    assert states[0] == states[1] == states[2]
    one = _kmeans_state.State.from_bytes(start)
    one.accumulate(x, w, 0, False)
    assert _kmeans_state.State.from_bytes(states[0]).weights() == pytest.approx(one.weights(), rel=1e-12)


def test_actor_passes_fall_back_to_tasks_when_an_actor_is_never_placed_or_holds_nothing(client, monkeypatch):
    """A worker lost after the shares were drawn: its actor, pinned to it, is never placed, and
    was waited for forever. An actor made anew on a restarted worker holds no partitions: its
    empty answer must not reach the merge. Both go on as tasks, with the same state."""
    from segcore.dask import _kmeans_passes as passes
    x = _blobs(3000, 3, 4, 12)
    X = da.from_array(x, chunks=(700, 3))
    start = _kmeans_state.State.create(x[:4], np.float64).to_bytes()
    want = passes.GraphPasses(X, None, np.float64)(start).to_bytes()
    real = passes._balanced

    def one_worker_gone(client_, blocks, sizes):
        shares = list(real(client_, blocks, sizes))
        return [("tcp://127.0.0.1:9", shares[0][1])] + shares[1:]  # nothing listens there
    monkeypatch.setattr(passes, "_balanced", one_worker_gone)
    monkeypatch.setattr(passes.ActorPasses, "SETUP_TIMEOUT", 3)
    gone = passes.ActorPasses(client, X, None, np.float64)
    assert gone._holders is None
    assert gone(start).to_bytes() == want
    monkeypatch.setattr(passes, "_balanced", real)

    class Empty:
        def accumulate(self, state_bytes):
            class Done:
                def result(self):
                    return []
            return Done()
    held = passes.ActorPasses(client, X, None, np.float64)
    assert held._holders is not None
    held._holders = [Empty() for _ in held._holders]
    assert held(start).to_bytes() == want
    assert held._holders is None  # tasks from now on


def test_partial_states_merge_in_a_fixed_order_and_round_trip_exactly():
    x = _blobs(5000, 4, 5, 2, offset=1e7)
    state = _kmeans_state.State.create(x[:5], np.float64)
    base = state.to_bytes()
    cuts = np.cumsum((0,) + _uneven_chunks(5000, 6, 2))
    parts = [_kmeans_state.accumulate(base, x[a:b], None, a, np.float64) for a, b in zip(cuts[:-1], cuts[1:])]
    left = _kmeans_state.merge_in_order(*parts)
    assert _kmeans_state.merge_in_order(*parts) == left  # the same order repeats bit for bit
    tree = _kmeans_state.merge_in_order(_kmeans_state.merge_in_order(*parts[:3]), _kmeans_state.merge_in_order(*parts[3:]))
    s_left, s_tree = _kmeans_state.State.from_bytes(left), _kmeans_state.State.from_bytes(tree)
    np.testing.assert_array_equal(s_left.weights(), s_tree.weights())
    assert s_left.inertia() == pytest.approx(s_tree.inertia(), rel=1e-12)
    assert s_left.shape() == s_tree.shape() == (5, 4, 5000)
    assert s_left.to_bytes() == left  # the byte form round-trips exactly
    for cut in (0, 10, len(left) // 2, len(left) - 1):
        with pytest.raises(Exception, match="truncated|too few|magic"):
            _kmeans_state.State.from_bytes(left[:cut])
    corrupt = bytearray(left)
    corrupt[len(left) // 2] ^= 0xFF
    with pytest.raises(Exception, match="checksum"):
        _kmeans_state.State.from_bytes(bytes(corrupt))


def test_bad_input(client):
    x = _blobs(100, 2, 2, 0)
    X = da.from_array(x, chunks=(30, 2))
    with pytest.raises(InvalidArgumentError, match="n_features"):
        KMeans(n_clusters=2, init=np.zeros((2, 3))).fit(X)
    with pytest.raises(InvalidArgumentError, match="more than"):
        KMeans(n_clusters=101).fit(X)
    with pytest.raises(InvalidArgumentError, match="init"):
        KMeans(n_clusters=2, init="random").fit(X)
    bad = x.copy()
    bad[57, 1] = np.nan
    with pytest.raises(InvalidArgumentError, match="NaN"):
        KMeans(n_clusters=2, init=x[:2]).fit(da.from_array(bad, chunks=(30, 2)))
    model = KMeans(n_clusters=2, init=x[:2]).fit(X)
    with pytest.raises(InvalidArgumentError, match="columns"):
        model.predict(np.zeros((3, 5)))
