"""pip install . into a fresh virtualenv, then the README's Python example from another folder.

    run.py BUILD_DIR

The venv sees Debian's packages (--system-site-packages: numpy, meson-python) and no package
index (--no-index --no-build-isolation), as on a machine without network. BUILD_DIR, meson-python's
build folder, is emptied first: meson-python 0.12 does not reconfigure a kept one for a new
venv's interpreter, so it would install what the previous meson.build said. It belongs inside
the source tree (build-python): Meson then names sources by relative paths, the same as in
build/, and ccache serves the compiles.
Checks that the package imports without SEGCORE_LIBRARY or PYTHONPATH, loads the libsegcore.so
installed inside it, holds every module of python/segcore and nothing of a C install."""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(*cmd, cwd=None, env=None):
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        raise SystemExit(f"failed ({done.returncode}): {' '.join(str(c) for c in cmd)}")
    return done.stdout


def readme_python_example():
    """The first Python block of README.md's "## Python" section, run as printed."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Python\n", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def installed_files(venv_python):
    """The files pip recorded for the segcore distribution, relative to site-packages."""
    out = run(venv_python, "-m", "pip", "show", "--files", "segcore")
    files = out.split("\nFiles:\n", 1)[1].split()
    return {f for f in files if ".dist-info/" not in f}


def main():
    env = {k: v for k, v in os.environ.items() if k not in ("SEGCORE_LIBRARY", "PYTHONPATH")}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        build = pathlib.Path(sys.argv[1]).resolve()
        shutil.rmtree(build, ignore_errors=True)
        venv = tmp / "venv"
        run("/usr/bin/python3", "-m", "venv", "--system-site-packages", venv, env=env)
        python = venv / "bin" / "python"
        start = time.monotonic()
        run(python, "-m", "pip", "install", "--no-index", "--no-build-isolation",
            f"--config-settings=builddir={build}", ROOT, env=env)
        print(f"pip install .: {time.monotonic() - start:.0f} s")

        files = installed_files(python)
        package = ROOT / "python" / "segcore"
        modules = {f"segcore/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py")}
        missing = modules - files
        extra = files - modules - {"segcore/libsegcore.so"}
        extra = {f for f in extra if not f.endswith(".pyc")}
        if "segcore/libsegcore.so" not in files or missing or extra:
            raise SystemExit(f"installed files: missing {sorted(missing | ({'segcore/libsegcore.so'} - files))}, "
                             f"unexpected {sorted(extra)} (python/meson.build lists the modules)")

        # Elsewhere, so neither the source tree's python/ nor its build/ can be picked up.
        elsewhere = tmp / "elsewhere"
        elsewhere.mkdir()
        example = readme_python_example()
        check = ("import pathlib, segcore\n"
                 "pkg = pathlib.Path(segcore.__file__).parent\n"
                 "lib = pathlib.Path(segcore._lib._name)\n"
                 f"assert pkg.is_relative_to({str(venv)!r}), pkg\n"
                 "assert lib.parent == pkg, f'loaded {lib}, not the library inside {pkg}'\n"
                 "print('segcore', segcore.__version__, 'from', lib)\n")
        start = time.monotonic()
        print(run(python, "-c", example + "\n" + check, cwd=elsewhere, env=env).strip())
        print(f"README example: {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
