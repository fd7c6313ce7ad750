"""A Meson build installed into a temporary folder, as a package would unpack it, for the tests
that use segcore from outside Meson (tests/cmake/, tests/consumer-make/)."""
import json
import pathlib
import subprocess
import sys


def run(*cmd, env=None, cwd=None):
    """Runs cmd; on failure prints its output and exits naming it. Returns its stdout."""
    done = subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        raise SystemExit(f"failed ({done.returncode}): {' '.join(str(c) for c in cmd)}")
    return done.stdout


def staged_install(build, tmp):
    """Installs `build` under tmp/root (meson install --destdir) and returns (prefix, libdir):
    the installed prefix folder and its library folder. The .pc files name the prefix they were
    configured for; they are pointed at where the files are, as an install with --prefix there
    would have written them."""
    options = {o["name"]: o["value"] for o in json.loads(run("meson", "introspect", "--buildoptions", build))}
    root = pathlib.Path(tmp) / "root"
    run("meson", "install", "-C", build, "--no-rebuild", "--destdir", root)
    installed = pathlib.Path(str(root) + options["prefix"])
    libdir = installed / options["libdir"]
    for pc in (libdir / "pkgconfig").glob("*.pc"):
        pc.write_text("".join(f"prefix={installed}\n" if line.startswith("prefix=") else line
                              for line in pc.read_text().splitlines(keepends=True)))
    return installed, libdir
