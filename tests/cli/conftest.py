"""Shared fixtures for the command-line tests: the built `segcore` program and a runner."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("SEGCORE_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("SEGCORE_CLI does not name the built segcore program (run through meson test)")
    return path


@pytest.fixture
def run(cli, tmp_path):
    """Runs segcore in tmp_path; returns the CompletedProcess (text mode)."""
    def runner(*args, cwd=None, check=None):
        p = subprocess.run([cli, *map(str, args)], cwd=cwd or tmp_path, capture_output=True, text=True,
                           timeout=300)
        if check is not None:
            assert (p.returncode == 0) == check, (p.returncode, p.stdout[-2000:], p.stderr[-2000:])
        return p
    return runner


NOBODY = 65534


@pytest.fixture
def run_without_write_access(cli, tmp_path):
    """A folder the tool may not write in, and a runner for the tool in its parent folder.

    Root writes anywhere, so as root (as CI runs) the folders belong to user nobody and the tool
    runs as nobody: the permission check is exercised either way."""
    root = os.geteuid() == 0
    # nobody cannot pass through root's private pytest folders: as root, a folder of its own.
    base = Path(tempfile.mkdtemp(prefix="segcore-cli-")) if root else tmp_path
    ro = base / "ro"
    ro.mkdir()
    if root:
        os.chmod(base, 0o755)
        os.chown(base, NOBODY, NOBODY)
        os.chown(ro, NOBODY, NOBODY)
    ro.chmod(0o500)
    user = dict(user=NOBODY, group=NOBODY, extra_groups=[]) if root else {}
    program = cli
    if root and subprocess.run(["test", "-x", cli], **user).returncode != 0:
        # The build folder is private to root: nobody runs a copy (the program is self-contained).
        program = shutil.copy2(cli, base / "segcore")

    def runner(*args):
        return subprocess.run([program, *map(str, args)], cwd=base, capture_output=True, text=True,
                              timeout=300, **user)
    try:
        yield ro, runner
    finally:
        ro.chmod(0o700)
        if root:
            shutil.rmtree(base)


@pytest.fixture(scope="session")
def sample_run(cli, tmp_path_factory):
    """`segcore run` on the bundled sample, once per session: its output folder."""
    cwd = tmp_path_factory.mktemp("run")
    p = subprocess.run([cli, "run"], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return cwd / "segcore-out", p
