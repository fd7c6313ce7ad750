"""The guides' CMakeLists.txt and meson.build blocks, built as a reader would build them: each
becomes a new project holding the block and the guide's `file:` blocks so far, built against
segcore (CMake: a temporary install of the build, as tests/cmake does; Meson: the source tree as
the subproject subprojects/segcore, as tests/consumer does), and the programs it builds run.
Used by run_guide_snippets.py."""
import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# What tools/check disables in the consumer project: segcore's own tests, examples and CLI
# (the Meson guide's step 3). Given on the command line unless the meson.build sets them.
MESON_SUBPROJECT_OFF = ("tests", "examples", "cli")
SETS_SUBPROJECT_OPTIONS = re.compile(r"subproject\(\s*'segcore'\s*,\s*default_options")


def meson_env():
    """The environment of a Meson project build. Each project builds segcore afresh in its own
    temporary folder with the same relative command lines; without the folder in ccache's hash
    the second project's compiles are cache hits (a debug build's -g otherwise puts it there)."""
    return dict(os.environ, CCACHE_NOHASHDIR="1")


class Projects:
    def __init__(self, src, build):
        self.src, self.build = src, build
        self.tmp = tempfile.mkdtemp(prefix="guide-projects-")
        atexit.register(shutil.rmtree, self.tmp, True)
        self.installed = None  # (prefix, libdir) once installed

    def install(self):
        """The build installed into a temporary folder, once for every CMake block."""
        if self.installed is None:
            sys.path.insert(0, os.path.join(self.src, "tests"))
            from staged_install import staged_install
            self.installed = staged_install(self.build, self.tmp)
        return self.installed

    def project(self, kind, build_file, text, files):
        """A new project folder: build_file holding text, and the guide's files."""
        proj = tempfile.mkdtemp(prefix=kind + "-", dir=self.tmp)
        for name, body in [(build_file, text), *files.items()]:
            with open(os.path.join(proj, name), "w", encoding="utf-8") as f:
                f.write(body)
        return proj

    def cmake(self, text, files):
        """Configures and builds a CMakeLists.txt against the installed segcore, found either
        way the CMake guide shows (CMAKE_PREFIX_PATH and PKG_CONFIG_PATH both point there).
        Returns what its programs print and an error message, or None."""
        try:
            prefix, libdir = self.install()
        except SystemExit as e:  # staged_install's run() exits naming the failed command
            return None, f"installing the build failed: {e}"
        proj = self.project("cmake", "CMakeLists.txt", text, files)
        out = os.path.join(proj, "build")
        env = dict(os.environ, PKG_CONFIG_PATH=str(libdir / "pkgconfig"))
        return self.steps([["cmake", "-S", proj, "-B", out, f"-DCMAKE_PREFIX_PATH={prefix}"],
                           ["cmake", "--build", out]], env, out)

    def meson(self, text, files):
        """Configures and builds a meson.build with segcore as its subproject (the source tree,
        linked, with tests/consumer's wrap), always the vendored copy, without segcore's tests,
        examples and CLI: from the command line, or, when the meson.build configures the
        subproject with default_options, from those (checked). Returns what its programs print
        and an error message, or None."""
        proj = self.project("meson", "meson.build", text, files)
        sub = os.path.join(proj, "subprojects")
        os.mkdir(sub)
        shutil.copy(os.path.join(self.src, "tests", "consumer", "subprojects", "segcore.wrap"), sub)
        os.symlink(self.src, os.path.join(sub, "segcore"))
        out = os.path.join(proj, "build")
        own = SETS_SUBPROJECT_OPTIONS.search(text) is not None
        options = [] if own else [f"-Dsegcore:{o}=disabled" for o in MESON_SUBPROJECT_OFF]
        printed, err = self.steps([["meson", "setup", out, proj, "--force-fallback-for=segcore", *options],
                                   ["meson", "compile", "-C", out]], meson_env(), out)
        if err is None and own:
            p = subprocess.run(["meson", "introspect", "--buildoptions", out], capture_output=True, text=True)
            values = {o["name"]: o["value"] for o in json.loads(p.stdout or "[]")}
            enabled = [o for o in MESON_SUBPROJECT_OFF if values.get(f"segcore:{o}") != "disabled"]
            if enabled:
                err = f"its default_options leave segcore's {', '.join(enabled)} enabled"
        return printed, err

    @staticmethod
    def steps(commands, env, out):
        """Runs the commands, then every program built at the top of out (in name order):
        what the programs print, and the first failure."""
        for cmd in commands:
            p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
            if p.returncode != 0:
                return None, f"failed ({p.returncode}): {' '.join(cmd)}\n{(p.stdout + p.stderr)[-3000:]}"
        programs = sorted(e.path for e in os.scandir(out) if e.is_file() and os.access(e.path, os.X_OK))
        if not programs:
            return None, f"no program was built in {out}"
        printed = ""
        for exe in programs:
            p = subprocess.run([exe], capture_output=True, text=True, env=env, timeout=120)
            if p.returncode != 0:
                return None, f"{os.path.basename(exe)} exits {p.returncode}: {(p.stdout + p.stderr)[-2000:]}"
            printed += p.stdout
        return printed, None
