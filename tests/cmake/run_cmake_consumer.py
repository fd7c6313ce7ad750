"""Installs the built segcore into a temporary folder, then configures, builds and runs the
CMake project beside this file twice: finding segcore with find_package (the package config
file Meson installs, also building a C++ program with its cpp component) and with pkg-config. Exit 77 (skipped) without cmake.

    run_cmake_consumer.py MESON_BUILD_DIR
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
    cmake = shutil.which("cmake")
    if cmake is None:
        print("skipped: cmake is not installed (tools/bootstrap installs it)")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        installed, libdir = staged_install(build, tmp)
        pc = libdir / "pkgconfig" / "segcore.pc"
        for way in ("find_package", "pkg-config"):
            env = dict(os.environ)
            flags = [f"-DCMAKE_PREFIX_PATH={installed}"]
            if way == "pkg-config":
                env["PKG_CONFIG_PATH"] = str(pc.parent)
                flags = ["-DSEGCORE_WITH_PKG_CONFIG=ON"]
            out = pathlib.Path(tmp) / way
            run(cmake, "-S", HERE, "-B", out, "-DCMAKE_BUILD_TYPE=Release", *flags, env=env)
            run(cmake, "--build", out, env=env)
            print(f"{way}: " + run(out / "cmake_consumer").strip())
            if way == "find_package":
                print(f"{way}: " + run(out / "cmake_consumer_cpp").strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
