"""Installs the built segcore into a temporary folder, then configures, builds and runs the
CMake project beside this file twice: finding segcore with find_package (the package config
file Meson installs) and with pkg-config. Exit 77 (skipped) without cmake.

    run_cmake_consumer.py MESON_BUILD_DIR
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent


def run(*cmd, env=None):
    done = subprocess.run([str(c) for c in cmd], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        raise SystemExit(f"failed ({done.returncode}): {' '.join(str(c) for c in cmd)}")
    return done.stdout


def main():
    build = pathlib.Path(sys.argv[1]).resolve()
    cmake = shutil.which("cmake")
    if cmake is None:
        print("skipped: cmake is not installed (tools/bootstrap installs it)")
        return 77
    options = {o["name"]: o["value"] for o in json.loads(run("meson", "introspect", "--buildoptions", build))}
    prefix, libdir = options["prefix"], options["libdir"]
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp) / "root"
        # DESTDIR install: the files land under root + prefix, as a package would unpack them.
        run("meson", "install", "-C", build, "--no-rebuild", "--destdir", root)
        installed = pathlib.Path(str(root) + prefix)
        # The .pc file names the prefix it was configured for; point it at where the files are,
        # as an install with --prefix there would have written it.
        pc = installed / libdir / "pkgconfig" / "segcore.pc"
        pc.write_text("".join(f"prefix={installed}\n" if line.startswith("prefix=") else line
                              for line in pc.read_text().splitlines(keepends=True)))
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
