"""Inputs as shells and programs hand them over: standard input, pipes, FIFOs, gzip and zstd
files, through the CLI and the Python package; special files where only a regular file makes
sense; bounded reads; and the CLI's day-first time format."""
import gzip
import os
import shutil
import subprocess
import sys
import threading
import time

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


_EAGER_WRITER = r"""
import os, sys
fifo, data = sys.argv[1], sys.stdin.buffer.read()
print("ready", flush=True)
while True:
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        break
    except OSError:  # ENXIO: no reader yet
        pass
os.set_blocking(fd, True)
os.write(fd, data)
"""


class _EagerWriter:
    """A process that writes the moment any reader opens the FIFO: a reader that opens, closes
    and opens again loses it (it writes into no reader and gets EPIPE), then waits forever or
    reads a part as if it were the whole."""

    def __init__(self, fifo, data):
        self.p = subprocess.Popen([sys.executable, "-c", _EAGER_WRITER, str(fifo)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.p.stdin.write(data)
        self.p.stdin.close()
        assert self.p.stdout.readline() == b"ready\n"

    def join(self):
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def test_cli_reads_a_fifo_whose_writer_is_already_waiting(tmp_path, expected):
    data = _csv()
    for i in range(12):
        fifo = tmp_path / f"e{i}.fifo"
        os.mkfifo(fifo)
        w = _EagerWriter(fifo, data)
        p = _cli("rfm", fifo, timeout=20)  # hung before, or read a part: the first open came and went
        w.join()
        assert p.returncode == 0, p.stderr
        assert p.stdout == expected


class _FifoWatch:
    """The opens and closes of a FIFO (inotify), watched from before its reader starts."""

    def __init__(self, fifo):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            pytest.skip(f"inotify is not available here: {os.strerror(ctypes.get_errno())}")
        if libc.inotify_add_watch(self.fd, str(fifo).encode(), 0x20 | 0x10) < 0:  # IN_OPEN, IN_CLOSE_NOWRITE
            e = ctypes.get_errno()
            os.close(self.fd)
            pytest.skip(f"inotify cannot watch a FIFO here: {os.strerror(e)}")

    def events(self, seconds):
        import select
        import struct
        events, end = [], time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([self.fd], [], [], max(0.0, end - time.monotonic()))[0]:
                buf = os.read(self.fd, 4096)
                for off in range(0, len(buf), 16):
                    events.append("open" if struct.unpack_from("iIII", buf, off)[1] & 0x20 else "close")
        return events

    def close(self):
        os.close(self.fd)


def test_cli_opens_a_fifo_once_and_waits_for_its_writer(tmp_path, expected):
    _cli("--version")  # skips when there is no CLI
    fifo = tmp_path / "e.fifo"
    os.mkfifo(fifo)
    watch = _FifoWatch(fifo)
    cli = subprocess.Popen([CLI, "rfm", str(fifo)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # A reader that waits for its writer is not seen before the writer comes. Before, it
        # opened without blocking and closed at once, so a writer that came between its two
        # opens wrote into no reader.
        assert watch.events(1.0) == []
        with open(fifo, "wb") as f:
            f.write(_csv())
        out, err = cli.communicate(timeout=60)
    finally:
        cli.kill()
        watch.close()
    assert cli.returncode == 0, err
    assert out == expected


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


def test_python_reads_a_fifo_whose_writer_is_already_waiting(tmp_path, plain):
    segcore = pytest.importorskip("segcore")
    ref = segcore.Profiles.from_csv(plain)
    for i in range(6):
        fifo = tmp_path / f"p{i}.fifo"
        os.mkfifo(fifo)
        w = _EagerWriter(fifo, _csv())
        got = segcore.Profiles.from_csv(str(fifo))
        w.join()
        assert got.n_customers == ref.n_customers
        assert got.to_pandas().equals(ref.to_pandas())


def test_python_windowed_rfm_reader_opens_a_fifo_once(tmp_path, plain):
    """Profiles.rfm_inputs_from_csv sends a FIFO to the whole-input reader without opening it
    first: it opened it without blocking to see what it was and closed it, so a writer that
    came between the two opens wrote into no reader (lost data, then a wait forever)."""
    segcore = pytest.importorskip("segcore")
    fifo = tmp_path / "w.fifo"
    os.mkfifo(fifo)
    watch = _FifoWatch(fifo)
    code = ("import segcore, sys\n"
            "p = segcore.Profiles.rfm_inputs_from_csv(sys.argv[1])\n"
            "print(p.n_customers, float(p.column('monetary').sum()))\n")
    reader = subprocess.Popen([sys.executable, "-c", code, str(fifo)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=dict(os.environ))
    try:
        assert watch.events(1.5) == []  # was: ["open", "close"], before any writer came
        with open(fifo, "wb") as f:
            f.write(_csv())
        out, err = reader.communicate(timeout=60)
    finally:
        reader.kill()
        watch.close()
    assert reader.returncode == 0, err
    ref = segcore.Profiles.rfm_inputs_from_csv(plain)
    assert out.split() == [str(ref.n_customers).encode(), str(float(ref.column("monetary").sum())).encode()]


def test_python_model_load_refuses_a_fifo_at_once(tmp_path):
    segcore = pytest.importorskip("segcore")
    fifo = tmp_path / "m.fifo"
    os.mkfifo(fifo)
    p = _python(f"import segcore\ntry:\n    segcore.model_info({str(fifo)!r})\nexcept Exception as e:\n"
                f"    print(type(e).__name__, e)\n")
    assert p.returncode == 0, p.stderr
    assert b"not a regular file (a FIFO)" in p.stdout
