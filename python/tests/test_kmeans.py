import numpy as np
import pytest

import segcore


def blobs(n=3000, d=4, k=5, seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-30, 30, size=(k, d))
    X = centers[np.arange(n) % k] + rng.normal(size=(n, d))
    return X.astype(dtype)


def test_fit_predict_transform_and_attributes():
    X = blobs()
    km = segcore.KMeans(5, random_state=1, n_threads=2).fit(X)
    assert km.cluster_centers_.shape == (5, 4)
    assert km.labels_.shape == (3000,)
    assert km.n_iter_ >= 1
    np.testing.assert_array_equal(km.predict(X), km.labels_)
    D = km.transform(X)
    np.testing.assert_array_equal(D.argmin(axis=1), km.labels_)
    assert km.inertia_ == pytest.approx(float(np.sum(D.min(axis=1) ** 2)), rel=1e-10)


def test_same_seed_same_result_for_any_thread_count():
    X = blobs(dtype=np.float32)
    runs = [segcore.KMeans(5, n_init=3, random_state=7, n_threads=t).fit(X) for t in (1, 2)]
    np.testing.assert_array_equal(runs[0].labels_, runs[1].labels_)
    np.testing.assert_array_equal(runs[0].cluster_centers_, runs[1].cluster_centers_)


def test_float32_input_is_not_copied_and_noncontiguous_is_refused():
    X = blobs(dtype=np.float32)
    km = segcore.KMeans(5, random_state=0).fit(X)
    assert km.cluster_centers_.dtype == np.float32
    with pytest.raises(segcore.InvalidArgumentError, match="not C-contiguous"):
        km.predict(np.asfortranarray(X))
    with pytest.raises(segcore.InvalidArgumentError, match="not C-contiguous"):
        km.fit(X[:, ::2])


def test_minibatch_partial_fit_streams():
    X = blobs(n=20000, seed=2)
    mb = segcore.MiniBatchKMeans(5, random_state=0)
    for chunk in np.array_split(X, 20):
        mb.partial_fit(chunk)
    assert mb.n_steps_ == 20  # partial_fit counts steps; n_iter_ (passes) belongs to fit
    full = segcore.KMeans(5, random_state=0).fit(X)
    # Every batch-fitted center has a streamed center nearby.
    dist = np.linalg.norm(full.cluster_centers_[:, None, :] - mb.cluster_centers_[None, :, :], axis=2)
    assert dist.min(axis=1).max() < 0.2


@pytest.mark.parametrize("bad,match", [
    (dict(n_clusters=0), "'n_clusters' parameter of KMeans must be an int in the range"),
    (dict(n_clusters=5000), "more than the 3000 rows"),
    (dict(algorithm="fast"), "'algorithm' parameter of KMeans must be a str among"),
    (dict(init="random"), "'init' parameter of KMeans must be a str among {'k-means\\+\\+'} or an array-like"),
])
def test_bad_parameters(bad, match):
    X = blobs()
    with pytest.raises(segcore.InvalidArgumentError, match=match):
        segcore.KMeans(**{"n_clusters": 5, **bad}).fit(X)


def test_bad_data():
    X = blobs()
    X[17, 2] = np.inf
    with pytest.raises(segcore.InvalidArgumentError, match="row 17, column 2 is infinite"):
        segcore.KMeans(3).fit(X)
    with pytest.raises(segcore.InvalidArgumentError, match="x is empty"):
        segcore.KMeans(3).fit(np.empty((0, 3)))
    with pytest.raises(segcore.InvalidArgumentError, match="distinct values"):
        segcore.KMeans(3, random_state=0).fit(np.ones((10, 2)))
    with pytest.raises(segcore.InvalidArgumentError, match="columns"):
        segcore.KMeans(2, init=np.zeros((2, 5))).fit(blobs())
    with pytest.raises(segcore.NotFittedError):
        segcore.KMeans(3).predict(blobs())
    with pytest.raises(segcore.UnsupportedError, match="MINIBATCH"):
        km = segcore.KMeans(3)
        km._call_fit(segcore.cluster._partial_fit, blobs(), None, km._new_handle(km._options()))


def test_simd_arch_can_be_forced():
    best = segcore.simd_arch()
    segcore.set_simd_arch("scalar")
    assert segcore.simd_arch() == "scalar"
    with pytest.raises(segcore.InvalidArgumentError, match="not available"):
        segcore.set_simd_arch("neon-on-x86")
    segcore.set_simd_arch("")
    assert segcore.simd_arch() == best


def test_segcore_arch_environment_variable_forces_kernels():
    import os
    import subprocess
    import sys
    probe = "import segcore; print(segcore.simd_arch())"
    env = dict(os.environ)
    for wanted in ("sse2", "scalar", "no-such-arch"):
        env["SEGCORE_ARCH"] = wanted
        got = subprocess.run([sys.executable, "-c", probe], env=env, check=True,
                             capture_output=True, text=True).stdout.strip()
        if wanted == "no-such-arch":
            assert got == segcore.simd_arch()  # unknown names are ignored
        elif wanted in ("scalar",) or segcore.simd_arch() != "scalar":
            assert got == wanted
