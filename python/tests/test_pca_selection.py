"""PCA's float n_components (explained-variance fraction) and "mle" against scikit-learn, over
random data of awkward shapes and spread spectra, translated and scaled."""
import numpy as np
import pytest
import sklearn.decomposition

import segcore

FRACTIONS = [1e-6, 0.05, 0.3, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999999]


def spread(n, d, decay, seed, offset=0.0, scale=1.0):
    rng = np.random.RandomState(seed)
    x = rng.randn(n, d) * decay ** np.arange(d)
    return x @ np.linalg.qr(rng.randn(d, d))[0] * scale + offset


def agree(ours, theirs, x):
    assert ours.n_components_ == theirs.n_components_
    np.testing.assert_allclose(ours.explained_variance_ratio_, theirs.explained_variance_ratio_, rtol=1e-7, atol=1e-12)
    signs = np.sign(np.sum(ours.components_ * theirs.components_, axis=1))
    np.testing.assert_allclose(ours.components_ * signs[:, None], theirs.components_, atol=1e-6)


@pytest.mark.parametrize("n,d", [(3, 2), (7, 3), (50, 11), (301, 17), (5, 9), (1000, 4)])
@pytest.mark.parametrize("decay", [0.3, 0.7, 0.95])
def test_fraction_keeps_what_scikit_learn_keeps(n, d, decay):
    x = spread(n, d, decay, seed=n * d)
    for f in FRACTIONS:
        ours = segcore.PCA(f).fit(x)
        theirs = sklearn.decomposition.PCA(f, svd_solver="full").fit(x)
        # The rule itself: the fewest components whose ratios add up to more than f.
        full = segcore.PCA().fit(x).explained_variance_ratio_
        k = ours.n_components_
        assert np.sum(full[:k]) > f - 1e-12 and (k == 1 or np.sum(full[:k - 1]) <= f + 1e-12)
        margin = np.min(np.abs(np.cumsum(full) - f))
        if margin > 1e-9:  # away from ties, where rounding decides: exactly scikit-learn's count
            agree(ours, theirs, x)


@pytest.mark.parametrize("offset,scale", [(1e3, 1.0), (1e6, 1.0), (0.0, 1e-4), (0.0, 1e5)])
def test_fraction_is_invariant_to_translation_and_scale(offset, scale):
    x = spread(400, 8, 0.6, seed=3)
    base = segcore.PCA(0.9).fit(x)
    moved = segcore.PCA(0.9).fit(x * scale + offset)
    assert moved.n_components_ == base.n_components_
    np.testing.assert_allclose(moved.explained_variance_ratio_, base.explained_variance_ratio_, rtol=1e-6)


def test_point_95_keeps_fewer_than_all():
    # Before: int(0.95) == 0 meant "all components".
    x = spread(500, 10, 0.5, seed=1)
    assert segcore.PCA(0.95).fit(x).n_components_ < 10
    assert segcore.PCA(0.95).fit(x).n_components_ == sklearn.decomposition.PCA(0.95).fit(x).n_components_


@pytest.mark.parametrize("n,d,rank", [(200, 6, 2), (500, 10, 4), (40, 40, 3), (1000, 3, 1), (90, 12, 6)])
def test_mle_picks_scikit_learns_rank(n, d, rank):
    rng = np.random.RandomState(n + d)
    x = rng.randn(n, rank) @ rng.randn(rank, d) * 3 + 0.05 * rng.randn(n, d)
    ours = segcore.PCA("mle").fit(x)
    theirs = sklearn.decomposition.PCA("mle", svd_solver="full").fit(x)
    assert ours.n_components_ == theirs.n_components_
    agree(ours, theirs, x)


def test_mle_on_isotropic_data_agrees():
    for seed in range(5):
        x = np.random.RandomState(seed).randn(300, 7)
        assert segcore.PCA("mle").fit(x).n_components_ == sklearn.decomposition.PCA("mle").fit(x).n_components_


def test_mle_needs_as_many_rows_as_features():
    x = np.random.RandomState(0).randn(5, 8)
    with pytest.raises(segcore.InvalidArgumentError, match="mle needs at least as many rows as features"):
        segcore.PCA("mle").fit(x)


def test_selected_pca_survives_a_model_file():
    x = spread(200, 6, 0.5, seed=4)
    p = segcore.PCA(0.9, whiten=True).fit(x)
    q = segcore.PCA.from_bytes(p.to_bytes())
    assert q.n_components == q.n_components_ == p.n_components_
    assert q.whiten is True
    np.testing.assert_array_equal(q.transform(x), p.transform(x))
