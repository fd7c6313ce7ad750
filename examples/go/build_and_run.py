"""Builds a cgo example against the segcore of this build tree, then runs it.

    build_and_run.py GO BUILD_DIR SOURCE.go OUTPUT -- [PROGRAM ARGS...]

cgo finds segcore through pkg-config, pointed at BUILD_DIR/meson-uninstalled (the .pc file
of the uninstalled library), and the program finds libsegcore.so through an rpath to
BUILD_DIR. The Go cache and GOPATH live in BUILD_DIR, and modules are never downloaded
(the example uses the standard library only), so a clean clone builds offline. The build's
messages go to stderr; the program's output is the script's output, for check_output.py.
"""
import os
import subprocess
import sys


def main():
    args = sys.argv[1:]
    split = args.index("--")
    go, build_dir, source, output = args[:split]
    build_dir = os.path.abspath(build_dir)
    env = dict(os.environ,
               GOCACHE=os.path.join(build_dir, "go", "cache"),
               GOPATH=os.path.join(build_dir, "go", "path"),
               GOFLAGS="-mod=mod -buildvcs=false",
               GOPROXY="off",
               GO111MODULE="on",
               CGO_ENABLED="1",
               PKG_CONFIG_PATH=os.path.join(build_dir, "meson-uninstalled"),
               CGO_LDFLAGS="-Wl,-rpath," + build_dir)
    build = subprocess.run([go, "build", "-o", os.path.abspath(output), os.path.abspath(source)],
                           env=env, cwd=os.path.dirname(os.path.abspath(output)),
                           capture_output=True, text=True)
    if build.returncode != 0:
        sys.stderr.write(build.stdout + build.stderr)
        print(f"build_and_run: go build {source} failed", file=sys.stderr)
        return 1
    return subprocess.run([output] + args[split + 1:]).returncode


if __name__ == "__main__":
    sys.exit(main())
