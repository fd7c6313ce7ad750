"""Shared fixtures for the command-line tests: the built `segcore` program and a runner."""
import os
import subprocess

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


@pytest.fixture(scope="session")
def sample_run(cli, tmp_path_factory):
    """`segcore run` on the bundled sample, once per session: its output folder."""
    cwd = tmp_path_factory.mktemp("run")
    p = subprocess.run([cli, "run"], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return cwd / "segcore-out", p
