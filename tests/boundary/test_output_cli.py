"""Output boundaries of the command-line tool (docs/CLI.md, "Where output goes"): only regular
files are written, never an input; an output folder is replaced as a whole, by one run at a
time, and a signal leaves no staging folder behind; CSV cells are safe to open in a
spreadsheet; memory exhaustion is reported as such; missing and duplicate keys are refused."""
import csv
import io
import os
import random
import resource
import signal
import stat
import subprocess
import time

import pytest


@pytest.fixture(scope="module")
def cli():
    path = os.environ.get("SEGCORE_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("SEGCORE_CLI does not name the built segcore program (run through meson test)")
    return path


def run(cli, *args, cwd=None, timeout=300, **kw):
    return subprocess.run([cli, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout, **kw)


def events_csv(path, customers=60, orders=6, seed=0, ids=None):
    """A CSV of events with repeat purchases (so that every stage of `run` has work)."""
    rng = random.Random(seed)
    ids = ids or [f"C{i:04d}" for i in range(customers)]
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["customer_id", "timestamp", "amount"])
        for c in ids:
            for _ in range(rng.randint(1, orders)):
                w.writerow([c, f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", f"{rng.uniform(1, 200):.2f}"])
    return path


def snapshot(folder):
    """{name: bytes} of a folder's entries, hidden ones included."""
    return {n: (folder / n).read_bytes() for n in sorted(os.listdir(folder))}


def hidden(folder):
    return sorted(n for n in os.listdir(folder) if n.startswith("."))


# ---- 6. Never replace what is not ours ----------------------------------------------------------

def char_device(tmp_path):
    """A character device node like /dev/null in tmp_path (as root), else /dev/null itself."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        return node
    except (PermissionError, OSError):
        return "/dev/null"


def special_outputs(tmp_path):
    """(path, file type, check) for a device node, a FIFO and a symbolic link."""
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    target = tmp_path / "elsewhere.csv"
    target.write_text("not ours\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    return [(char_device(tmp_path), stat.S_ISCHR), (fifo, stat.S_ISFIFO), (link, stat.S_ISLNK)]


@pytest.mark.parametrize("command", ["rfm", "profile", "report"])
def test_special_files_are_never_replaced(cli, tmp_path, command):
    data = events_csv(tmp_path / "in.csv")
    for path, is_kind in special_outputs(tmp_path):
        p = run(cli, command, data, "--output", path, cwd=tmp_path)
        assert p.returncode == 1, (path, p.stdout, p.stderr)
        assert "not a regular file" in p.stderr and str(path) in p.stderr, p.stderr
        assert is_kind(os.lstat(path).st_mode), f"{path} was replaced"
    assert (tmp_path / "elsewhere.csv").read_text() == "not ours\n"


def test_run_refuses_a_device_as_its_folder(cli, tmp_path):
    node = char_device(tmp_path)
    p = run(cli, "run", events_csv(tmp_path / "in.csv"), "--output", node, cwd=tmp_path)
    assert p.returncode == 1 and "not a folder" in p.stderr, p.stderr
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_dash_is_standard_output(cli, tmp_path):
    p = run(cli, "rfm", events_csv(tmp_path / "in.csv"), "--output", "-", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("customer_id,") and not (tmp_path / "-").exists()


# ---- 7. Never overwrite the input ---------------------------------------------------------------

def test_output_that_is_the_input_is_refused(cli, tmp_path):
    data = events_csv(tmp_path / "in.csv")
    before = data.read_bytes()
    os.link(data, tmp_path / "hardlink.csv")
    for out in [data, tmp_path / "hardlink.csv", "./in.csv"]:
        p = run(cli, "rfm", data, "--output", out, cwd=tmp_path)
        assert p.returncode == 1 and "is the input" in p.stderr, (out, p.stderr)
        assert data.read_bytes() == before


def test_opt_out_list_as_output_is_refused(cli, tmp_path):
    data = events_csv(tmp_path / "in.csv")
    (tmp_path / "list.txt").write_text("C0001\n")
    p = run(cli, "profile", data, "--opt-out", "list.txt", "--output", "list.txt", cwd=tmp_path)
    assert p.returncode == 1 and "is the input" in p.stderr, p.stderr
    assert (tmp_path / "list.txt").read_text() == "C0001\n"


def test_output_folder_holding_the_input_is_refused(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    data = events_csv(out / "profiles.csv")
    before = snapshot(out)
    p = run(cli, "run", data, "--output", out, cwd=tmp_path)
    assert p.returncode == 1 and "holds the input" in p.stderr, p.stderr
    assert snapshot(out) == before
    (data).unlink()
    (out / "list.txt").write_text("C0001\n")
    p = run(cli, "run", events_csv(tmp_path / "in.csv"), "--opt-out", "out/list.txt", "--output", "out", cwd=tmp_path)
    assert p.returncode == 1 and "holds the input out/list.txt" in p.stderr, p.stderr
    assert (out / "list.txt").read_text() == "C0001\n"


# ---- 8. An output folder is replaced as a whole -------------------------------------------------

def test_rerun_leaves_no_table_of_the_previous_run(cli, tmp_path):
    data = events_csv(tmp_path / "in.csv", customers=300, orders=10)  # enough for the CLV fit
    assert run(cli, "run", data, "--output", "out", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / "clv.csv").exists()
    p = run(cli, "run", data, "--no-clv", "--output", "out", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert not (tmp_path / "out" / "clv.csv").exists()
    assert hidden(tmp_path) == []


def test_folder_with_foreign_files_is_refused_untouched(cli, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n")
    (out / "profiles.csv").write_text("old\n")
    p = run(cli, "run", events_csv(tmp_path / "in.csv"), "--output", out, cwd=tmp_path)
    assert p.returncode == 1 and "notes.txt" in p.stderr, p.stderr
    assert snapshot(out) == {"notes.txt": b"mine\n", "profiles.csv": b"old\n"}
    assert hidden(tmp_path) == []


def test_failed_commit_leaves_the_previous_run_whole(cli, tmp_path):
    # A folder where a table goes made the old file-by-file commit fail midway.
    data = events_csv(tmp_path / "in.csv")
    assert run(cli, "run", data, "--output", "out", cwd=tmp_path).returncode == 0
    out = tmp_path / "out"
    (out / "rfm.csv").unlink()
    (out / "rfm.csv").mkdir()
    before = {n: (out / n).read_bytes() for n in os.listdir(out) if (out / n).is_file()}
    p = run(cli, "run", events_csv(tmp_path / "other.csv", seed=5), "--output", "out", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    assert {n: (out / n).read_bytes() for n in os.listdir(out) if (out / n).is_file()} == before
    assert (out / "rfm.csv").is_dir()


def test_concurrent_runs_do_not_interleave(cli, tmp_path):
    # Two different runs (the second writes no clv.csv, and takes about as long): the folder
    # must equal one of them, whichever finishes last.
    jobs = [[events_csv(tmp_path / "a.csv", seed=0, customers=300, orders=10)],
            [events_csv(tmp_path / "b.csv", seed=2, customers=2000), "--no-clv"]]
    refs = []
    for job, name in zip(jobs, ("ref_a", "ref_b")):
        assert run(cli, "run", *job, "--output", name, cwd=tmp_path).returncode == 0
        refs.append({k: v for k, v in snapshot(tmp_path / name).items() if k.endswith(".csv")})
    assert "clv.csv" in refs[0] and "clv.csv" not in refs[1]
    rng = random.Random(7)
    for trial in range(8):
        order = jobs if trial % 2 == 0 else jobs[::-1]
        procs = []
        for job in order:
            procs.append(subprocess.Popen([cli, "run", *job, "--output", "out"], cwd=tmp_path,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            time.sleep(rng.uniform(0, 0.2))
        for p in procs:
            assert p.wait(timeout=300) == 0, p.stderr.read()
        got = {k: v for k, v in snapshot(tmp_path / "out").items() if k.endswith(".csv")}
        assert got in refs, f"trial {trial}: the folder mixes two runs' files ({sorted(got)})"
        assert hidden(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_leaves_no_staging_folder(cli, tmp_path, sig):
    data = events_csv(tmp_path / "in.csv", customers=3000, orders=8)
    p = subprocess.Popen([cli, "run", data, "--output", "out"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not hidden(tmp_path) and p.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    assert hidden(tmp_path), "no staging folder seen"
    p.send_signal(sig)
    assert p.wait(timeout=60) == -sig
    assert hidden(tmp_path) == [] and not (tmp_path / "out").exists()


def test_killed_runs_staging_folder_is_removed_by_the_next_run(cli, tmp_path):
    data = events_csv(tmp_path / "in.csv", customers=3000, orders=8)
    p = subprocess.Popen([cli, "run", data, "--output", "out"], cwd=tmp_path, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while not hidden(tmp_path) and time.time() < deadline:
        time.sleep(0.005)
    p.kill()
    p.wait()
    assert hidden(tmp_path), "SIGKILL cannot be caught: the staging folder stays until the next run"
    assert run(cli, "run", events_csv(tmp_path / "small.csv"), "--output", "out", cwd=tmp_path).returncode == 0
    assert hidden(tmp_path) == []


def test_killed_saves_temporary_is_removed_by_the_next_save(cli, tmp_path):
    stale = tmp_path / "out.csv.tmp.4242.0"
    stale.write_text("half a table\n")
    assert run(cli, "rfm", events_csv(tmp_path / "in.csv"), "--output", "out.csv", cwd=tmp_path).returncode == 0
    assert not stale.exists()


def test_rewritten_file_keeps_its_permissions(cli, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    out.chmod(0o600)
    assert run(cli, "rfm", events_csv(tmp_path / "in.csv"), "--output", out, cwd=tmp_path).returncode == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert out.read_text().startswith("customer_id,")


def test_symlinked_output_folder_on_another_file_system(cli, tmp_path):
    if not os.path.isdir("/dev/shm") or os.stat("/dev/shm").st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system at /dev/shm")
    import tempfile
    with tempfile.TemporaryDirectory(dir="/dev/shm") as shm:
        real = os.path.join(shm, "results")
        os.mkdir(real)
        (tmp_path / "out").symlink_to(real)
        data = events_csv(tmp_path / "in.csv")
        for extra in ([], ["--no-clv"]):  # a first run, then one replacing it
            p = run(cli, "run", data, *extra, "--output", "out", cwd=tmp_path)
            assert p.returncode == 0, p.stderr
            assert (tmp_path / "out").is_symlink()
            assert os.path.exists(os.path.join(real, "profiles.csv"))
        assert not os.path.exists(os.path.join(real, "clv.csv"))
        assert [n for n in os.listdir(shm) if n.startswith(".")] == []


# ---- 9. Spreadsheet-safe CSV --------------------------------------------------------------------

# A carriage return cannot lead an id here: the CSV reader turns one inside a quoted field
# into a line feed. The guard covers it all the same (output.cpp, formula_like).
FORMULAS = ["=1+1", "+1", "-1+1", "@SUM(1+1)", "\tTAB", "=HYPERLINK(\"http://x\",\"y\")"]


PLAIN = ["plain", "a=b", "1-2"]


def formula_csv(path):
    """Customers with formula-like ids, then ordinary ones (so that every stage has work)."""
    events_csv(path, customers=40)
    with open(path, "a", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for i, c in enumerate(FORMULAS + PLAIN):
            w.writerow([c, f"2024-01-{i + 1:02d}", "10"])
            w.writerow([c, f"2024-03-{i + 1:02d}", "12"])
    return path


def ids_of(text):
    return [r[0] for r in csv.reader(io.StringIO(text, newline=""))][1:]


def is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def formula_like(cell):
    return cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not is_number(cell)


def test_formula_cells_are_escaped_by_default(cli, tmp_path):
    data = formula_csv(tmp_path / "in.csv")
    p = run(cli, "profile", data, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    ids = [i for i in ids_of(p.stdout) if not i.startswith("C0")]
    assert sorted(ids) == sorted(["'" + c for c in FORMULAS] + PLAIN)
    for c in FORMULAS:  # each guarded cell is quoted in the text itself
        assert '"\'' + c.replace('"', '""') + '"' in p.stdout
    for cell in (c for row in csv.reader(io.StringIO(p.stdout, newline="")) for c in row):
        assert not formula_like(cell), cell


def test_raw_csv_writes_cells_verbatim(cli, tmp_path):
    data = formula_csv(tmp_path / "in.csv")
    for command in (["profile"], ["rfm"]):
        p = run(cli, *command, data, "--raw-csv", cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        assert sorted(i for i in ids_of(p.stdout) if not i.startswith("C0")) == sorted(FORMULAS + PLAIN)
    p = run(cli, "run", data, "--raw-csv", "--no-clv", "--output", "raw", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "=1+1" in [r[0] for r in csv.reader(open(tmp_path / "raw" / "profiles.csv", newline=""))]


def test_run_escapes_every_table(cli, tmp_path):
    data = formula_csv(tmp_path / "in.csv")
    p = run(cli, "run", data, "--no-clv", "--output", "out", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    for name in os.listdir(tmp_path / "out"):
        if name.endswith(".csv"):
            for row in csv.reader(open(tmp_path / "out" / name, newline="")):
                for cell in row:
                    assert not formula_like(cell), (name, cell)


def test_json_is_not_escaped(cli, tmp_path):
    import json
    p = run(cli, "profile", formula_csv(tmp_path / "in.csv"), "--format", "json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    ids = [r["customer_id"] for r in json.loads(p.stdout)]
    assert sorted(i for i in ids if not i.startswith("C0")) == sorted(FORMULAS + PLAIN)


# ---- 13. Out of memory --------------------------------------------------------------------------

def built_with_address_sanitizer(program):
    """AddressSanitizer reserves terabytes of address space, so no RLIMIT_AS lets it start."""
    libs = subprocess.run(["ldd", str(program)], capture_output=True, text=True).stdout
    return "libasan" in libs


def test_out_of_memory_is_reported_as_such(cli, tmp_path):
    if built_with_address_sanitizer(cli):
        pytest.skip("an address-space limit cannot run a program built with AddressSanitizer; "
                    "the release build runs this case")
    data = events_csv(tmp_path / "big.csv", customers=40000, orders=6)
    outcomes = []
    for mb in range(8, 400, 4):
        limit = mb << 20

        def cap(limit=limit):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if subprocess.run([cli, "--version"], capture_output=True, preexec_fn=cap).returncode != 0:
            continue  # too little to load the program at all: nothing the program can report
        p = subprocess.run([cli, "profile", data, "--threads", "1", "--output", tmp_path / "p.csv"],
                           capture_output=True, text=True, preexec_fn=cap, timeout=300)
        outcomes.append((mb, p.returncode, p.stderr.strip()[-200:]))
        assert p.returncode in (0, 1), outcomes[-1]
        assert "bad_alloc" not in p.stderr, outcomes[-1]
        if p.returncode == 0:
            break
    assert any("out of memory while" in o[2] for o in outcomes), outcomes


# ---- 5. Missing and duplicate keys --------------------------------------------------------------

def test_duplicate_profile_columns_are_refused(cli, tmp_path):
    data = tmp_path / "in.csv"
    data.write_text("customer_id,timestamp,amount,monetary,channel\n"
                    "c1,2024-01-02,10,3,web\nc2,2024-01-05,20,4,shop\n")
    for flags, what in ((["--numeric-cols", "monetary"], "'monetary'"),
                        (["--category-cols", "channel,channel"], "'channel=web'"),
                        (["--windows", "7,7"], "window of 7 days is listed twice")):
        p = run(cli, "profile", data, *flags, cwd=tmp_path)
        assert p.returncode != 0 and what in p.stderr, (flags, p.stderr)


def test_opt_out_list_line_ends_and_spaces(cli, tmp_path):
    data = tmp_path / "in.csv"
    data.write_text("customer_id,timestamp,amount\nc1,2024-01-02,10\nc2,2024-01-03,5\nc3,2024-01-04,7\n")
    for text in ("c1\rc2\r", "c1\r\nc2\r\n", "  c1  \n\tc2\n"):
        (tmp_path / "list.txt").write_bytes(text.encode())
        p = run(cli, "profile", data, "--opt-out", "list.txt", cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        ids = [r[0] for r in csv.reader(io.StringIO(p.stdout))][1:]
        assert ids == ["c3"], (text, ids)


def test_opt_out_list_that_is_a_fifo_is_refused_at_once(cli, tmp_path):
    os.mkfifo(tmp_path / "list")
    p = run(cli, "profile", events_csv(tmp_path / "in.csv"), "--opt-out", "list", cwd=tmp_path, timeout=30)
    assert p.returncode == 1 and "not a regular file" in p.stderr, p.stderr
