"""Installs the built segcore into a temporary folder, then builds the Makefile beside this file
with pkg-config pointed there and runs its two programs: C++ (segcore-cpp.pc, static library)
and C (segcore.pc, shared library). Exit 77 (skipped) without make.

    run_make_consumer.py MESON_BUILD_DIR
"""
import os
import pathlib
import shutil
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from staged_install import run, staged_install  # noqa: E402


def main():
    build = pathlib.Path(sys.argv[1]).resolve()
    make = shutil.which("make")
    if make is None:
        print("skipped: make is not installed (apt-get install make)")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        _, libdir = staged_install(build, tmp)
        work = pathlib.Path(tmp) / "consumer"
        work.mkdir()
        for name in ("Makefile", "consumer.cpp"):
            shutil.copy(HERE / name, work)
        shutil.copy(HERE.parent / "cmake" / "consumer.c", work)
        env = dict(os.environ, PKG_CONFIG_PATH=str(libdir / "pkgconfig"))
        run(make, "-C", work, "C_SOURCE=consumer.c", env=env)
        # The C++ program carries segcore inside it; the C one finds the shared library here.
        print(run(work / "consumer_cpp", env={"PATH": os.environ["PATH"]}).strip())
        print(run(work / "consumer_c", env={"PATH": os.environ["PATH"], "LD_LIBRARY_PATH": str(libdir)}).strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
