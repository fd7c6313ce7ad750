"""Ported from scikit-learn 1.2.1 sklearn/metrics/cluster/tests/test_supervised.py: the cases on
adjusted_rand_score, the one supervised clustering metric segcore has (the others are listed in
docs/COMPATIBILITY.md)."""
import warnings

import numpy as np
import pytest
from numpy.testing import assert_almost_equal, assert_array_almost_equal
from sklearn.metrics.cluster import adjusted_rand_score as sk_adjusted_rand_score

from segcore import adjusted_rand_score


def test_error_messages_on_wrong_input():
    # segcore's wording: the sizes, and which argument is not 1-D.
    with pytest.raises(ValueError, match=r"labels_true has 2 values and labels_pred 3"):
        adjusted_rand_score([0, 1], [1, 1, 1])
    with pytest.raises(ValueError, match=r"labels_true must be 1-D: it has shape \(2|labels_true must be 1-D"):
        adjusted_rand_score([[0, 1], [1, 0]], [1, 1, 1])
    with pytest.raises(ValueError, match=r"labels_pred must be 1-D"):
        adjusted_rand_score([0, 1, 0], [[1, 1], [0, 0]])


def test_perfect_matches():
    assert adjusted_rand_score([], []) == pytest.approx(1.0)
    assert adjusted_rand_score([0], [1]) == pytest.approx(1.0)
    assert adjusted_rand_score([0, 0, 0], [0, 0, 0]) == pytest.approx(1.0)
    assert adjusted_rand_score([0, 1, 0], [42, 7, 42]) == pytest.approx(1.0)
    assert adjusted_rand_score([0.0, 1.0, 0.0], [42.0, 7.0, 42.0]) == pytest.approx(1.0)
    assert adjusted_rand_score([0.0, 1.0, 2.0], [42.0, 7.0, 2.0]) == pytest.approx(1.0)
    assert adjusted_rand_score([0, 1, 2], [42, 7, 2]) == pytest.approx(1.0)


def test_non_consecutive_labels():
    ari_1 = adjusted_rand_score([0, 0, 0, 1, 1, 1], [0, 1, 0, 1, 2, 2])
    ari_2 = adjusted_rand_score([0, 0, 0, 1, 1, 1], [0, 4, 0, 4, 2, 2])
    assert_almost_equal(ari_1, 0.24, 2)
    assert_almost_equal(ari_2, 0.24, 2)


def uniform_labelings_scores(score_func, n_samples, k_range, n_runs=10, seed=42):
    random_labels = np.random.RandomState(seed).randint
    scores = np.zeros((len(k_range), n_runs))
    for i, k in enumerate(k_range):
        for j in range(n_runs):
            labels_a = random_labels(low=0, high=k, size=n_samples)
            labels_b = random_labels(low=0, high=k, size=n_samples)
            scores[i, j] = score_func(labels_a, labels_b)
            assert scores[i, j] == pytest.approx(sk_adjusted_rand_score(labels_a, labels_b), abs=1e-12)
    return scores


def test_adjustment_for_chance():
    scores = uniform_labelings_scores(adjusted_rand_score, 100, [2, 10, 50, 90], 10)
    assert_array_almost_equal(np.abs(scores).max(axis=1), [0.02, 0.03, 0.03, 0.02], 2)


def test_adjusted_rand_score_overflow():
    rng = np.random.RandomState(0)
    y_true = rng.randint(0, 2, 100_000, dtype=np.int8)
    y_pred = rng.randint(0, 2, 100_000, dtype=np.int8)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        ours = adjusted_rand_score(y_true, y_pred)
    assert ours == pytest.approx(sk_adjusted_rand_score(y_true, y_pred), abs=1e-12)
