"""Segment profiles against numpy's own statistics, names, and bad input."""
import numpy as np
import pytest

import segcore


def data(seed=0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, 3001) * 10 - 5  # labels -5, 5, 15
    g = (labels + 5) // 10
    X = np.column_stack([rng.normal(50, 20, 3001) - g * 20, rng.poisson(3 + g * 3), rng.gamma(2, 50 + g * 60),
                         np.full(3001, 7.0)])
    return X, labels


def test_profiles_equal_numpy_statistics():
    X, labels = data()
    profiles = segcore.segment_profiles(X, labels)
    assert [p.label for p in profiles] == [-5, 5, 15]
    mean, std = X.mean(axis=0), X.std(axis=0)
    for p in profiles:
        rows = X[labels == p.label]
        assert p.size == rows.shape[0] and p.share == pytest.approx(rows.shape[0] / X.shape[0], rel=1e-15)
        np.testing.assert_allclose(p.mean, rows.mean(axis=0), rtol=1e-12)
        np.testing.assert_allclose(p.median, np.median(rows, axis=0), rtol=1e-15)
        np.testing.assert_allclose(p.lift, rows.mean(axis=0) / mean, rtol=1e-12)
        np.testing.assert_allclose(p.effect[:3], (rows.mean(axis=0)[:3] - mean[:3]) / std[:3], rtol=1e-9, atol=1e-12)
        assert p.effect[3] == 0.0  # a constant column distinguishes nothing
        order = np.argsort(-np.abs(p.effect), kind="stable")[:3]
        assert p.top_features == [f"feature {j}" for j in order]


def test_names_use_the_given_words_and_thresholds():
    X, labels = data()
    names = ["recency_days", "frequency", "spend", "constant"]
    low = ["recent", "infrequent", "low spend", None]
    high = ["lapsed", "frequent", "high spend", ""]
    p = segcore.segment_profiles(X, labels, feature_names=names, low_words=low, high_words=high)
    assert p[2].name == "frequent, recent, high spend"
    assert p[0].name == "infrequent, lapsed, low spend"
    assert p[1].name == "typical"
    p = segcore.segment_profiles(X, labels, feature_names=names, top_features=1)
    assert p[2].name == "high frequency" and p[2].top_features == ["frequency"]
    p = segcore.segment_profiles(X, labels, min_effect=5.0)
    assert all(q.name == "typical" for q in p)


def test_profiles_bad_input():
    X, labels = data()
    with pytest.raises(segcore.InvalidArgumentError, match="labels has 3000 values for 3001 rows"):
        segcore.segment_profiles(X, labels[:-1])
    with pytest.raises(segcore.InvalidArgumentError, match="3 entries; X has 4 columns"):
        segcore.segment_profiles(X, labels, feature_names=["a", "b", "c"])
    X[4, 2] = np.nan
    with pytest.raises(segcore.InvalidArgumentError, match="row 4, column 2 is NaN"):
        segcore.segment_profiles(X, labels)
