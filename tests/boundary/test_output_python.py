"""Boundaries of the Python package that go with the outputs: missing customer ids in the
array path are refused as the CSV reader refuses them, a model is never saved over a device,
FIFO or symbolic link, and opt-out ids compare trimmed as in the C ABI."""
import os
import stat

import numpy as np
import pytest

segcore = pytest.importorskip("segcore") if not os.environ.get("SEGCORE_CLI_NO_PACKAGE") else None
if segcore is None:
    pytest.skip("the package cannot load a sanitized library", allow_module_level=True)

from segcore import InvalidArgumentError  # noqa: E402

T = np.array([86400 * d for d in (1, 2, 3, 4)], dtype=np.int64)
A = np.array([10.0, 20.0, 5.0, 7.0])


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, "", "   "])
def test_missing_customer_id_is_refused_naming_the_row(missing):
    ids = np.array(["a", "b", missing, "a"], dtype=object)
    with pytest.raises(InvalidArgumentError, match=r"customer_id\[2\] is missing"):
        segcore.Profiles.from_arrays(ids, T, A)
    with pytest.raises(InvalidArgumentError, match=r"customer_id\[2\] is missing"):
        segcore.rfm(ids, T, A)


def test_pandas_missing_ids_are_refused():
    pd = pytest.importorskip("pandas")
    for ids in (pd.Series(["a", None, "b", "a"]), pd.Series(["a", pd.NA, "b", "a"], dtype="string")):
        with pytest.raises(InvalidArgumentError, match=r"customer_id\[1\] is missing"):
            segcore.Profiles.from_arrays(ids.to_numpy(dtype=object), T, A)


def test_present_ids_still_work():
    p = segcore.Profiles.from_arrays(np.array(["a", "b", "c", "a"], dtype=object), T, A)
    assert list(p.customer_id) == ["a", "b", "c"]


def test_opt_out_ids_compare_trimmed(tmp_path):
    ids = np.array([" a", "b", "c", " a"], dtype=object)
    p = segcore.Profiles.from_arrays(ids, T, A, opt_out=["a "])
    assert p.opted_out["customers"] == 1 and p.opted_out["rows"] == 2
    (tmp_path / "list.txt").write_bytes(b"b\rc\r")
    p = segcore.Profiles.from_arrays(ids, T, A, opt_out=tmp_path / "list.txt")
    assert p.opted_out["customers"] == 2


def fitted_scaler():
    s = segcore.StandardScaler() if hasattr(segcore, "StandardScaler") else segcore.preprocessing.StandardScaler()
    return s.fit(np.array([[1.0, 2.0], [3.0, 5.0], [4.0, 4.0]]))


def test_model_save_never_replaces_a_device_fifo_or_link(tmp_path):
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        node = "/dev/null"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "target")
    (tmp_path / "target").write_text("not ours")
    s = fitted_scaler()
    for path, is_kind in ((node, stat.S_ISCHR), (fifo, stat.S_ISFIFO), (link, stat.S_ISLNK)):
        with pytest.raises(segcore.SegcoreIOError, match="not a regular file"):
            s.save(path)
        assert is_kind(os.lstat(path).st_mode)
    assert (tmp_path / "target").read_text() == "not ours"
