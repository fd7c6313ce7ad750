"""segcore.dask's clustering metrics against one process and scikit-learn: Calinski-Harabasz,
Davies-Bouldin and the inertia from per-block sums within 1e-9 relative, whatever the chunks
(uneven, empty), on data far from zero (where "sum of squares minus square of sums" and the
one-process row-order sums lose digits) and scaled; the sampled silhouette depends on the seed
alone, equals the exact silhouette of its sample, and lies within its stated error."""
import numpy as np
import pytest

da = pytest.importorskip("dask.array")
sk = pytest.importorskip("sklearn.metrics")

import segcore  # noqa: E402
import segcore.dask  # noqa: E402
import segcore.metrics  # noqa: E402


def _data(n, d, k, seed, offset=0.0, scale=1.0):
    """Overlapping blobs, some labels not in 0..k-1 (metrics only compare labels)."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-5, 5, (k, d))
    labels = rng.integers(0, k, n)
    x = centers[labels] + rng.normal(size=(n, d))
    names = rng.choice(np.arange(-50, 50), k, replace=False)
    return offset + scale * x, names[labels]


def _chunks(n, parts, seed):
    """`parts` row-chunk sizes summing to n, with an empty chunk."""
    rng = np.random.default_rng(seed)
    cuts = np.sort(np.concatenate([[0, n], rng.integers(0, n + 1, parts - 1)]))
    sizes = [int(s) for s in np.diff(cuts)]
    return tuple(sizes[:1] + [0] + sizes[1:])


def _dask(x, labels, parts, seed):
    rows = _chunks(len(x), parts, seed)
    return da.from_array(x, chunks=(rows, x.shape[1])), da.from_array(labels, chunks=(rows,))


def _close(a, b, rel=1e-9):
    assert abs(a - b) <= rel * abs(b), (a, b, abs(a - b) / abs(b))


CASES = [(37, 1, 2, 4), (1001, 3, 5, 7), (4099, 7, 9, 3), (2500, 2, 3, 11)]


@pytest.mark.parametrize("n, d, k, parts", CASES)
def test_scores_equal_one_process_and_scikit_learn(client, n, d, k, parts):
    x, labels = _data(n, d, k, seed=n)
    X, L = _dask(x, labels, parts, seed=d)
    ch, db = segcore.dask.calinski_harabasz_score(X, L), segcore.dask.davies_bouldin_score(X, L)
    _close(ch, segcore.metrics.calinski_harabasz_score(x, labels))
    _close(ch, sk.calinski_harabasz_score(x, labels))
    _close(db, segcore.metrics.davies_bouldin_score(x, labels))
    _close(db, sk.davies_bouldin_score(x, labels))


@pytest.mark.parametrize("offset, scale", [(1e9, 1.0), (-3e9, 7.0), (1e6, 1e-5), (0.0, 1e12)])
def test_data_far_from_zero_or_scaled(client, offset, scale):
    x, labels = _data(3001, 4, 4, seed=int(abs(offset)) % 97 + 5, offset=offset, scale=scale)
    X, L = _dask(x, labels, 6, seed=3)
    # The scores do not change with a translation: the reference is scored on the stored
    # values moved back (an exact subtraction), where no digits are lost.
    moved = x - offset
    _close(segcore.dask.calinski_harabasz_score(X, L), sk.calinski_harabasz_score(moved, labels))
    _close(segcore.dask.davies_bouldin_score(X, L), sk.davies_bouldin_score(moved, labels))


def test_float32_data_equal_the_one_process_scores_of_float32(client):
    x, labels = _data(2000, 5, 3, seed=8)
    x = x.astype(np.float32)
    X, L = _dask(x, labels, 5, seed=1)
    _close(segcore.dask.calinski_harabasz_score(X, L), segcore.metrics.calinski_harabasz_score(x, labels))
    _close(segcore.dask.davies_bouldin_score(X, L), segcore.metrics.davies_bouldin_score(x, labels))


@pytest.mark.parametrize("offset", [0.0, 1e9])
def test_inertia_is_the_sum_of_squared_distances(client, offset):
    x, labels = _data(4003, 3, 6, seed=4, offset=offset)
    codes = np.unique(labels, return_inverse=True)[1]
    centers = np.array([x[codes == q].mean(axis=0) for q in range(6)]) + 0.25
    X, L = _dask(x, codes, 7, seed=2)
    diff = x - centers[codes]
    _close(segcore.dask.inertia(X, centers, L), float(np.sum(diff * diff)), rel=1e-12)


def test_identical_points_and_clusters_follow_scikit_learn(client):
    x = np.repeat(np.array([[1.0, 2.0], [4.0, -1.0]]), 50, axis=0)
    labels = np.repeat([0, 1], 50)
    X, L = _dask(x, labels, 3, seed=0)
    assert segcore.dask.calinski_harabasz_score(X, L) == sk.calinski_harabasz_score(x, labels) == 1.0
    assert segcore.dask.davies_bouldin_score(X, L) == sk.davies_bouldin_score(x, labels) == 0.0


def test_bad_input_fails_naming_it(client):
    x, labels = _data(300, 2, 3, seed=1)
    X, L = _dask(x, labels, 3, seed=1)
    with pytest.raises(segcore.InvalidArgumentError, match="1 distinct labels for 300 rows"):
        segcore.dask.calinski_harabasz_score(X, da.zeros(300, dtype=int, chunks=100))
    bad = x.copy()
    bad[123, 1] = np.nan
    with pytest.raises(segcore.InvalidArgumentError, match=r"X\[123\]"):
        segcore.dask.davies_bouldin_score(da.from_array(bad, chunks=(50, 2)), L)
    with pytest.raises(segcore.InvalidArgumentError, match=r"labels\[7\] is 3"):
        codes = np.zeros(300, dtype=int)
        codes[7] = 3
        segcore.dask.inertia(X, np.zeros((3, 2)), da.from_array(codes, chunks=40))
    with pytest.raises(segcore.InvalidArgumentError, match="labels has shape"):
        segcore.dask.calinski_harabasz_score(X, L[:-1])


def test_the_silhouette_sample_depends_on_the_seed_alone(client):
    x, labels = _data(3000, 3, 4, seed=6)
    rows = segcore.dask._metrics.sample_rows(len(x), 700, 42)
    one_process = segcore.metrics.silhouette_score(x[rows], labels[rows])
    for parts in (1, 4, 9):
        X, L = _dask(x, labels, parts, seed=parts)
        got = segcore.dask.silhouette_score(X, L, sample_size=700, random_state=42)
        assert got == one_process
    _close(got, sk.silhouette_score(x[rows], labels[rows]))
    assert segcore.dask.silhouette_score(X, L, sample_size=700, random_state=43) != got


def test_the_whole_data_as_sample_is_the_exact_silhouette(client):
    x, labels = _data(900, 2, 3, seed=2)
    X, L = _dask(x, labels, 4, seed=5)
    score, error = segcore.dask.silhouette_score(X, L, sample_size=5000, random_state=0, return_error=True)
    _close(score, sk.silhouette_score(x, labels), rel=1e-12)
    assert error == 0.0


def test_the_sampled_silhouette_lies_within_its_error(client):
    x, labels = _data(4000, 3, 4, seed=9)
    exact = segcore.metrics.silhouette_score(x, labels)
    X, L = _dask(x, labels, 5, seed=4)
    for seed in range(5):
        score, error = segcore.dask.silhouette_score(X, L, sample_size=600, random_state=seed, return_error=True)
        assert 0 < error < 0.05
        assert abs(score - exact) < 4.5 * error, (seed, score, exact, error)


def test_a_dask_dataframe_and_series_are_taken(client):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    x, labels = _data(1500, 3, 4, seed=12)
    frame = pd.DataFrame(x, columns=["a", "b", "c"])
    X = dd.from_pandas(frame, npartitions=4, sort=False)
    L = dd.from_pandas(pd.Series(labels), npartitions=4, sort=False)
    _close(segcore.dask.calinski_harabasz_score(X, L), sk.calinski_harabasz_score(x, labels))


@pytest.mark.parametrize("offset", [0.0, 1e9])
def test_the_scores_are_the_same_bits_whatever_the_chunks(client, offset):
    # The library keeps the blocks' sums exactly: a row-order sum over other chunks would
    # differ in the last bits.
    x, labels = _data(5003, 4, 6, seed=21, offset=offset)
    codes = np.unique(labels, return_inverse=True)[1]
    centers = np.array([x[codes == q].mean(axis=0) for q in range(6)]) - 0.5
    got = []
    for parts in (1, 2, 7, 13):
        X, L = _dask(x, labels, parts, seed=parts)
        C = da.from_array(codes, chunks=(X.chunks[0],))
        got.append((segcore.dask.calinski_harabasz_score(X, L), segcore.dask.davies_bouldin_score(X, L),
                    segcore.dask.inertia(X, centers, C)))
    assert all(g == got[0] for g in got), got
    _close(got[0][0], sk.calinski_harabasz_score(x - offset, labels))


def test_merged_halves_of_the_states_equal_the_whole():
    from segcore.dask import _states
    x, labels = _data(2001, 3, 4, seed=30, offset=-7e8)
    half = 977
    whole = _states.ClusterSums.create(x[0])
    whole.accumulate(x, labels, "test", 0)
    halves = [_states.ClusterSums.create(x[0]) for _ in range(2)]
    halves[0].accumulate(x[:half], labels[:half], "test", 0)
    halves[1].accumulate(x[half:], labels[half:], "test", half)
    merged = _states.ClusterSums.from_bytes(_states.merged(_states.ClusterSums, [h.to_bytes() for h in halves[::-1]]))
    spreads = []
    for sums in (whole, merged):
        empty = _states.ClusterSpread.from_sums(sums).to_bytes()
        parts = [_states.ClusterSpread.from_bytes(empty) for _ in range(2)]
        parts[0].accumulate(x[:half], labels[:half], "test", 0)
        parts[1].accumulate(x[half:], labels[half:], "test", half)
        spread = _states.ClusterSpread.from_bytes(_states.merged(_states.ClusterSpread, [p.to_bytes() for p in parts]))
        spreads.append((spread.score(sums, "calinski_harabasz"), spread.score(sums, "davies_bouldin"),
                        spread.inertia()))
    assert spreads[0] == spreads[1]
    _close(spreads[0][0], segcore.metrics.calinski_harabasz_score(x, labels))
    _close(spreads[0][1], segcore.metrics.davies_bouldin_score(x, labels))
