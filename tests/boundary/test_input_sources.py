"""Inputs as shells and programs hand them over: standard input, pipes, FIFOs, gzip and zstd
files, through the CLI and the Python package; special files where only a regular file makes
sense; bounded reads; and the CLI's day-first time format."""
import gzip
import os
import shutil
import subprocess
import sys
import threading

import pytest

CLI = os.environ.get("SEGCORE_CLI")
ROWS = 3000


def _csv(sep=","):
    lines = [sep.join(["customer_id", "timestamp", "amount"])]
    for i in range(ROWS):
        lines.append(sep.join([f"c{i % 97}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d} 10:{i % 60:02d}:00",
                               f"{(i * 37) % 500}.{i % 100:02d}"]))
    return ("\n".join(lines) + "\n").encode()


def _cli(*args, stdin=None, timeout=60):
    if not CLI or not os.path.exists(CLI):
        pytest.skip("SEGCORE_CLI does not name the built segcore program (run through meson test)")
    return subprocess.run([CLI, *map(str, args)], input=stdin, capture_output=True, timeout=timeout)


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    d = tmp_path_factory.mktemp("plain")
    (d / "e.csv").write_bytes(_csv())
    return d / "e.csv"


@pytest.fixture(scope="module")
def expected(plain):
    p = _cli("rfm", plain)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_cli_reads_standard_input_and_pipes(plain, expected):
    p = _cli("rfm", "-", stdin=_csv())
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected
    # A shell pipe, as in `gunzip -c x.gz | segcore rfm -`.
    q = subprocess.run(f"cat '{plain}' | '{CLI}' rfm -", shell=True, capture_output=True, timeout=60)
    assert q.returncode == 0, q.stderr
    assert q.stdout == expected


def test_cli_reads_a_fifo(tmp_path, expected):
    fifo = tmp_path / "e.fifo"
    os.mkfifo(fifo)
    data = _csv()

    def write():
        with open(fifo, "wb") as f:
            f.write(data)
    t = threading.Thread(target=write)
    t.start()
    p = _cli("rfm", fifo)
    t.join(timeout=30)
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected


def test_cli_reads_gzip_and_zstd_files_and_streams(tmp_path, expected):
    gz = tmp_path / "e.csv.gz"
    gz.write_bytes(gzip.compress(_csv()))
    p = _cli("rfm", gz)
    assert p.returncode == 0, p.stderr  # was: "the header holds a NUL byte or invalid UTF-8"
    assert p.stdout == expected
    p = _cli("rfm", "-", stdin=gz.read_bytes())
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected
    if shutil.which("zstd") is None:
        pytest.skip("no zstd program to make a zstd file")
    zst = tmp_path / "e.csv.zst"
    subprocess.run(["zstd", "-q", "-o", zst], input=_csv(), check=True)
    p = _cli("rfm", zst)
    assert p.returncode == 0, p.stderr
    assert p.stdout == expected


def test_cli_refuses_devices_at_once(tmp_path):
    p = _cli("rfm", "/dev/zero", timeout=20)
    assert p.returncode == 1
    assert b"not a regular file, pipe or FIFO (a device)" in p.stderr
    (tmp_path / "e.csv").write_bytes(_csv())
    p = _cli("segment", "--rules", "/dev/zero", tmp_path / "e.csv", timeout=20)
    assert p.returncode == 1
    assert b"/dev/zero: is not a regular file, not a rule file" in p.stderr


def test_cli_rule_files_are_bounded_and_never_a_fifo(tmp_path):
    (tmp_path / "e.csv").write_bytes(_csv())
    big = tmp_path / "big.rules"
    big.write_bytes(b"# comment\n" * 200000)  # 2 MB
    p = _cli("segment", "--rules", big, tmp_path / "e.csv")
    assert p.returncode == 1
    assert b"more than 1048576 bytes, too large for a rule file" in p.stderr
    fifo = tmp_path / "rules.fifo"
    os.mkfifo(fifo)
    p = _cli("segment", "--rules", fifo, tmp_path / "e.csv", timeout=20)  # hung before
    assert p.returncode == 1
    assert b"is not a regular file, not a rule file" in p.stderr


def test_cli_opt_out_fifo_is_refused_at_once(tmp_path, plain):
    fifo = tmp_path / "ids.fifo"
    os.mkfifo(fifo)
    p = _cli("rfm", plain, "--opt-out", fifo, timeout=20)  # hung before
    assert p.returncode == 1
    assert b"is not a regular file (a FIFO)" in p.stderr


def test_cli_time_format_dmy(tmp_path):
    (tmp_path / "d.csv").write_text("customer_id,timestamp,amount\nc1,13/02/2024,10\nc2,01/03/2024 10:00,5\n")
    p = _cli("profile", tmp_path / "d.csv", "--time-format", "dmy", "--strict")
    assert p.returncode == 0, p.stderr
    p = _cli("profile", tmp_path / "d.csv", "--strict")
    assert p.returncode == 1
    assert b"dmy" in p.stderr  # the message recommends it, and now the flag takes it


def test_cli_tab_separated_file_gets_a_delimiter_hint(tmp_path):
    (tmp_path / "t.csv").write_bytes(_csv("\t"))
    p = _cli("rfm", tmp_path / "t.csv")
    assert p.returncode == 1
    assert b"looks tab-separated" in p.stderr
    p = _cli("rfm", tmp_path / "t.csv", "--delimiter", "tab")
    assert p.returncode == 0, p.stderr


def _python(code, stdin=None):
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-c", code], input=stdin, capture_output=True, env=env, timeout=120)


def test_python_reads_stdin_descriptors_file_objects_and_gzip(tmp_path, plain):
    segcore = pytest.importorskip("segcore")
    ref = segcore.Profiles.from_csv(plain)
    gz = tmp_path / "e.csv.gz"
    gz.write_bytes(gzip.compress(_csv()))
    for source in (gz, str(gz)):
        assert segcore.Profiles.from_csv(source).n_customers == ref.n_customers
    with open(plain, "rb") as f:
        assert segcore.Profiles.from_csv(f).n_customers == ref.n_customers
    fd = os.open(gz, os.O_RDONLY)
    try:
        assert segcore.Profiles.from_csv(fd).n_customers == ref.n_customers
    finally:
        os.close(fd)
    r, w = os.pipe()
    t = threading.Thread(target=lambda: (os.write(w, _csv()), os.close(w)))
    t.start()
    try:
        assert segcore.Profiles.from_csv(r).n_customers == ref.n_customers
    finally:
        t.join()
        os.close(r)
    p = _python("import segcore, sys; print(segcore.Profiles.from_csv('-').n_customers)", stdin=_csv())
    assert p.returncode == 0, p.stderr
    assert int(p.stdout) == ref.n_customers
    with pytest.raises(TypeError):
        segcore.Profiles.from_csv(3.5)


def test_python_model_load_refuses_a_fifo_at_once(tmp_path):
    segcore = pytest.importorskip("segcore")
    fifo = tmp_path / "m.fifo"
    os.mkfifo(fifo)
    p = _python(f"import segcore\ntry:\n    segcore.model_info({str(fifo)!r})\nexcept Exception as e:\n"
                f"    print(type(e).__name__, e)\n")
    assert p.returncode == 0, p.stderr
    assert b"not a regular file (a FIFO)" in p.stdout
