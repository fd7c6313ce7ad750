"""Calinski-Harabasz and Davies-Bouldin far from the origin: on random labelled data of awkward
sizes translated by 1e3 to 1e9 (on a binary grid, so the translation is exact) and scaled by
1e-6 to 1e6, segcore keeps the offset-0 score to 1e-9 relative, in float64 and float32: it
equals scikit-learn's score of the data at the origin. scikit-learn's own scores of the
translated data drift (Calinski-Harabasz by 1e-7 at 1e9, Davies-Bouldin by 7e-6 at 1e6 and
entirely at 1e9, from the raw means and the dot-product distances), so the peer is asked at the
origin, where its answer is the exact one for every translation."""
import numpy as np
import pytest
from sklearn import metrics as sk_metrics

import segcore

SCORES = ["calinski_harabasz_score", "davies_bouldin_score"]


def labelled(seed, n, d, k):
    rng = np.random.default_rng(seed)
    labels = np.concatenate([np.arange(k), rng.integers(0, k, n - k)]) * 7 - 3
    centers = rng.integers(-8, 9, (k, d)).astype(float)
    x = centers[(labels + 3) // 7] + np.round(rng.uniform(-4, 4, (n, d)) * 2**16) / 2**16
    return x, labels.astype(np.int32)


@pytest.mark.parametrize("fn", SCORES)
@pytest.mark.parametrize("n,d,k", [(7, 1, 2), (33, 3, 3), (258, 5, 7), (1001, 2, 4)])
def test_scores_keep_their_digits_translated_and_scaled(fn, n, d, k):
    x, labels = labelled(n * 10 + d, n, d, k)
    ours, peer = getattr(segcore, fn), getattr(sk_metrics, fn)
    base = ours(x, labels)
    assert base == pytest.approx(peer(x, labels), rel=1e-12)
    for offset in (1e3, 1e6, 1e9):
        moved = x + np.where(np.arange(d) % 2 == 0, offset, -offset)
        assert ours(moved, labels) == pytest.approx(base, rel=1e-9), offset
    for scale in (1e-6, 1e-3, 1e3, 1e6):
        assert ours(x * scale, labels) == pytest.approx(base, rel=1e-9), scale


@pytest.mark.parametrize("fn", SCORES)
def test_float32_scores_keep_their_digits_translated(fn):
    x, labels = labelled(5, 301, 3, 5)
    x = np.round(x)  # whole numbers: 1e7 + x is exact in float32
    base = getattr(segcore, fn)(x.astype(np.float32), labels)
    for offset in (1e3, 1e5, 1e7):
        assert getattr(segcore, fn)((x + offset).astype(np.float32), labels) == pytest.approx(base, rel=1e-9)
