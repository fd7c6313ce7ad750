"""The fast paths for text ids (object arrays of str, the C ABI's text arrays) give what the
general per-value paths give, over random texts: blanks and every whitespace character
_columns treats as blank, other Unicode spaces, non-ASCII, long and empty texts."""
import ctypes

import numpy as np
import pytest

from segcore import _columns
from segcore.rfm import _id_codes, _texts

_PIECES = ["", " ", "\t", "\n\r", "\f\v", "\u00a0", "\u2003", "a", "Z9", "é", "日本", "x" * 40, "0", "-1", "3.5"]


def _random_texts(rng, n):
    return ["".join(rng.choice(_PIECES, size=rng.integers(0, 4))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("n", [0, 1, 7, 1000])
@pytest.mark.parametrize("pandas_loaded", [False, True])
def test_ids_of_str_objects_equal_the_general_path(monkeypatch, seed, n, pandas_loaded):
    pd = pytest.importorskip("pandas") if pandas_loaded else None
    monkeypatch.setattr(_columns, "_pandas", lambda: pd)  # the check without and with pandas
    rng = np.random.default_rng(seed)
    texts = _random_texts(rng, n)
    values = np.array(texts + [np.str_("np")] * (seed % 2), dtype=object)
    fast, fast_missing = _columns.ids(values, "customer_id")
    monkeypatch.setattr(_columns, "_all_str", lambda a, items: False)
    slow, slow_missing = _columns.ids(values, "customer_id")
    np.testing.assert_array_equal(fast_missing, slow_missing)
    assert fast.dtype == slow.dtype
    assert [v if v is None or fast.dtype != object else str(v) for v in fast] == list(slow)


def test_mixed_objects_still_take_the_general_path():
    ids, missing = _columns.ids(np.array(["a", None, 3, 4.0, " "], dtype=object), "customer_id")
    assert list(ids) == ["a", None, "3", "4", None]
    assert list(missing) == [False, True, False, False, True]


@pytest.mark.parametrize("seed", range(4))
def test_id_codes_equal_codes_of_the_texts(seed):
    rng = np.random.default_rng(seed)
    for values in (rng.integers(-5, 5, 300), np.array(_random_texts(rng, 300), dtype=object)):
        codes, labels = _id_codes(values)
        texts = _columns.id_texts(values)
        assert list(labels[codes]) == list(texts)
        first = [list(texts).index(t) for t in labels]
        assert first == sorted(first)  # labels in order of first appearance
        assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("n", [0, 1, 2, 9, 500])
def test_texts_reach_the_c_side_whole(seed, n):
    rng = np.random.default_rng(seed)
    texts = [t.replace("\0", "") for t in _random_texts(rng, n)]
    for values in (texts, np.array(texts, dtype=str), np.array(texts, dtype=object)):
        array, count = _texts(values)
        assert count == n
        back = [ctypes.cast(array, ctypes.POINTER(ctypes.c_char_p))[i].decode() for i in range(n)]
        assert back == [str(v) for v in values]
