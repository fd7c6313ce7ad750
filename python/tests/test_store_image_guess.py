"""ProfileStore.to_bytes offers a buffer sized from the last image before measuring: whether
that guess holds or falls short (stores growing, shrinking, empty), the bytes are the image
that save() writes."""
import numpy as np
import pytest

from segcore.rfm import ProfileStore


def _store(n, seed):
    rng = np.random.default_rng(seed)
    s = ProfileStore()
    if n:
        s.add_events(rng.integers(0, max(n // 3, 1), n), 1_700_000_000 + rng.integers(0, 10**7, n),
                     np.round(rng.gamma(2, 20, n), 2), rng.integers(0, n, n).astype(str))
    return s


@pytest.mark.parametrize("sizes", [[10, 100_000, 10, 0, 50_000, 50_001, 3], [0, 0, 1], [80_000, 80_000]])
def test_bytes_equal_the_saved_file_whatever_the_last_size(tmp_path, sizes):
    for k, n in enumerate(sizes):
        store = _store(n, k)
        path = tmp_path / f"s{k}.bin"
        store.save(path)
        assert store.to_bytes() == path.read_bytes()
