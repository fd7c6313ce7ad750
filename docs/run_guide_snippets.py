"""Runs every fenced block of README.md and docs/guides/*.md as printed, and compares what it
prints with the output block the guide shows after it.

    run_guide_snippets.py SOURCE_ROOT BUILD_ROOT [GUIDE ...]

How a guide marks its blocks (an HTML comment on the line before the opening fence):

  ```python / ```c / ```cpp / ```sh   run: Python blocks of one guide in one interpreter, one
                                     after another in a shared namespace (a walk-through), with
                                     the built package; C compiled against the built library
                                     (C++ too, over the C ABI); sh with bash -e.  All run
                                     in one temporary folder per guide holding `data`,
                                     `capi`, `examples`, `python` (the source tree's) and
                                     `build` (the build folder), with
                                     the built `segcore` CLI on PATH.
  ``` or ```text right after a run block (blank lines between only), or any block preceded by
  `<!-- output -->`: what the run block before it prints, compared line by line (trailing
  spaces ignored).  In it, a line `...` matches any number of lines and `<any>` inside a line
  matches any text: for timings, paths and other volatile values.
  ```cmake / ```meson                run: a whole CMakeLists.txt / meson.build, written with the
                                     guide's `file:` blocks so far into a new project that is
                                     built against segcore, and the programs built in its build
                                     folder run (each must exit 0).  CMake finds a temporary
                                     install of the build (CMAKE_PREFIX_PATH and PKG_CONFIG_PATH
                                     point there); Meson has the source tree as its subproject
                                     subprojects/segcore (tests/consumer's wrap), configured with
                                     --force-fallback-for=segcore and segcore's tests, examples
                                     and CLI disabled, as tools/check builds tests/consumer: on
                                     the command line, or by the block's own
                                     subproject('segcore', default_options: ...), then checked.
  `<!-- file: NAME -->`              the block is the file NAME, or its next part: the blocks
                                     marked with one NAME are joined in order.  A .c/.cpp/...
                                     file is a source of the cmake/meson blocks after it (one
                                     no build block uses fails).  A .mjs file is a Node program:
                                     it runs with node (koffi from examples/node/node_modules,
                                     `npm ci --prefix examples/node`) at its last part, whose
                                     output block is compared; an output block after any other
                                     part fails.
  `<!-- quoted from PATH -->`        a file of the tree, compared by guide-code and run by the
                                     example-* tests.
  `<!-- not run: REASON -->`         not run (a fragment, another OS, the network...).
  `<!-- not run yet: REASON -->`     not run, to be made runnable.
A not-run marker without a reason fails, and so does any block no rule above covers.
Exits 1 on any failure, else 77 (skipped) when a block needs node or cmake and that is not
installed (the other blocks still run); prints how many blocks ran, were compared and were not
run.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from guide_projects import Projects  # noqa: E402

FENCE = re.compile(r"^```(\S*)\s*$")
MARK = re.compile(r"^<!--\s*(quoted from|not run yet|not run|output|file)\b:?\s*(.*?)\s*-->\s*$")
RUN_LANGS = {"python", "c", "cpp", "sh", "cmake", "meson"}
TOOLS = {"cmake": "cmake", "meson": "meson", "mjs": "node"}  # what a block kind needs on PATH
OUTPUT_LANGS = {"", "text"}

# One interpreter per guide: each request is a block as one JSON line; each answer what it
# printed and its traceback, if any, as one JSON line.
PY_DRIVER = r"""
import contextlib, io, json, sys, traceback
ns = {"__name__": "__main__"}
for line in sys.stdin:
    b = json.loads(line)
    out = io.StringIO()
    error = None
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(b["code"], b["where"], "exec"), ns)
        except BaseException:
            error = traceback.format_exc()
    sys.__stdout__.write(json.dumps({"out": out.getvalue(), "error": error}) + "\n")
    sys.__stdout__.flush()
"""


class Block:
    def __init__(self, guide, line, lang, text, mark, reason):
        self.guide, self.line, self.lang, self.text = guide, line, lang, text
        self.mark, self.reason = mark, reason
        self.output = None  # the Block showing what this one prints

    @property
    def where(self):
        return f"{self.guide}:{self.line}"


def parse(path, rel):
    """The fenced blocks of one Markdown file, each with the marker before it, and for each
    block that runs, the output block after it (if any)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks, i, prev_end = [], 0, -1
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start = i
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        k = start - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        mk = MARK.match(lines[k]) if k >= 0 else None
        mark, reason = (mk[1], mk[2]) if mk else (None, "")
        b = Block(rel, start + 1, m[1], "\n".join(body) + "\n", mark, reason)
        # Only blank lines between the previous block's closing fence and this one.
        b.follows = all(not s.strip() for s in lines[prev_end + 1:start]) and prev_end >= 0
        blocks.append(b)
        prev_end = i
        i += 1
    # Pair run blocks with their output blocks.
    for k, b in enumerate(blocks):
        before = blocks[k - 1] if k > 0 else None
        b.is_output = b.mark == "output" or (
            b.mark is None and b.lang in OUTPUT_LANGS and before is not None and b.follows
            and (before.mark == "file" or (before.mark in (None, "not run", "not run yet")
                                           and before.lang in RUN_LANGS)))
        if b.is_output and k > 0:
            blocks[k - 1].output = b
    return blocks


def matches(want, got):
    """Line by line; '...' lines match any number of lines, '<any>' any text in a line."""
    want = [w.rstrip() for w in want.rstrip("\n").split("\n")]
    got = [g.rstrip() for g in got.rstrip("\n").split("\n")]

    def line_ok(w, g):
        if "<any>" not in w:
            return w == g
        return re.fullmatch(".*".join(re.escape(p) for p in w.split("<any>")), g) is not None

    def rec(i, j):
        if i == len(want):
            return j == len(got)
        if want[i] == "...":
            return any(rec(i + 1, k) for k in range(j, len(got) + 1))
        return j < len(got) and line_ok(want[i], got[j]) and rec(i + 1, j + 1)

    return rec(0, 0)


class Runner:
    def __init__(self, src, build):
        self.src, self.build = os.path.abspath(src), os.path.abspath(build)
        self.env = dict(os.environ)
        self.env["SEGCORE_LIBRARY"] = os.path.join(self.build, "libsegcore.so")
        self.env["PYTHONPATH"] = os.path.join(self.src, "python")
        self.env["PATH"] = os.path.join(self.build, "tools", "cli") + os.pathsep + self.env.get("PATH", "")
        self.env["LD_LIBRARY_PATH"] = self.build

    def workdir(self):
        d = tempfile.mkdtemp(prefix="guide-")
        os.symlink(os.path.join(self.src, "data"), os.path.join(d, "data"))
        os.symlink(self.build, os.path.join(d, "build"))
        for sub in ("capi", "examples", "python"):  # what the guides' commands name by relative path
            os.symlink(os.path.join(self.src, sub), os.path.join(d, sub))
        return d

    def run_python(self, b, cwd, session):
        if not session:
            session.append(subprocess.Popen(["/usr/bin/python3", "-c", PY_DRIVER], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True, cwd=cwd, env=self.env))
        proc = session[0]
        proc.stdin.write(json.dumps({"code": b.text, "where": b.where}) + "\n")
        proc.stdin.flush()
        answer = proc.stdout.readline()
        if not answer:
            return None, "the interpreter ended"
        r = json.loads(answer)
        return r["out"], r["error"]

    def run_shell(self, b, cwd):
        p = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", b.text], capture_output=True, text=True, cwd=cwd,
                           env=self.env, timeout=120)
        return p.stdout, None if p.returncode == 0 else f"exit {p.returncode}: {p.stderr[-2000:]}"

    def run_native(self, b, cwd):
        c = b.lang == "c"
        source = os.path.join(cwd, "snippet.c" if c else "snippet.cpp")
        exe = os.path.join(cwd, "snippet")
        open(source, "w", encoding="utf-8").write(b.text)
        inc = ["-I" + os.path.join(self.src, d) for d in ("capi", "include")]
        inc += ["-I" + os.path.join(self.build, d) for d in ("capi", "include")]
        if c:
            cmd = ["cc", "-std=c11", "-Wall", "-Werror", *inc, source, "-o", exe, "-L" + self.build, "-lsegcore",
                   "-Wl,-rpath," + self.build, "-lm"]
        else:  # C++ over the C ABI; a C++ API snippet would need the static library and its dependencies
            cmd = ["c++", "-std=c++20", "-Wall", "-Werror", *inc, source, "-o", exe, "-L" + self.build, "-lsegcore",
                   "-Wl,-rpath," + self.build]
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120)
        if p.returncode != 0:
            return None, f"does not compile: {' '.join(cmd)}\n{p.stderr[-3000:]}"
        p = subprocess.run([exe], capture_output=True, text=True, cwd=cwd, env=self.env, timeout=120)
        return p.stdout, None if p.returncode == 0 else f"exit {p.returncode}: {p.stderr[-2000:]}"

    def run_node(self, name, text, cwd):
        """A Node program of the guide, with the koffi examples/node installs."""
        with open(os.path.join(cwd, name), "w", encoding="utf-8") as f:
            f.write(text)
        modules = os.path.join(cwd, "node_modules")
        if not os.path.lexists(modules):
            os.symlink(os.path.join(self.src, "examples", "node", "node_modules"), modules)
        p = subprocess.run(["node", name], capture_output=True, text=True, cwd=cwd, env=self.env, timeout=120)
        if p.returncode == 0:
            return p.stdout, None
        hint = "" if os.path.isdir(modules) else " (koffi is not installed: npm ci --prefix examples/node)"
        return None, f"exit {p.returncode}{hint}: {p.stderr[-2000:]}"


def kind(b):
    """What a block to run is: its language, or 'mjs' / 'source' for a file part."""
    if b.mark == "file":
        return "mjs" if b.reason.endswith(".mjs") else "source"
    return b.lang


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    src, build = sys.argv[1], sys.argv[2]
    guides = sys.argv[3:] or ["README.md"] + sorted(
        os.path.join("docs", "guides", f) for f in os.listdir(os.path.join(src, "docs", "guides")) if f.endswith(".md"))
    runner = Runner(src, build)
    projects = Projects(runner.src, runner.build)
    failures, skipped = [], []
    counts = {"ran": 0, "compared": 0, "parts": 0, "not run": 0, "not run yet": 0, "quoted": 0}
    for rel in guides:
        blocks = parse(os.path.join(src, rel), rel)
        todo = []
        for b in blocks:
            if b.mark in ("not run", "not run yet"):
                if not b.reason:
                    failures.append(f"{b.where}: '{b.mark}' needs a reason: <!-- {b.mark}: why -->")
                counts[b.mark] += 1
            elif b.mark == "quoted from":
                counts["quoted"] += 1
            elif b.mark == "file":
                if b.reason:
                    todo.append(b)
                else:
                    failures.append(f"{b.where}: 'file' needs a name: <!-- file: hook.c -->")
            elif b.is_output:
                pass
            elif b.lang in RUN_LANGS:
                todo.append(b)
            else:
                failures.append(f"{b.where}: a ```{b.lang} block that neither runs nor is marked "
                                "(<!-- not run: why -->, <!-- output -->, <!-- file: NAME -->)")
        if not todo:
            continue
        last_part = {b.reason: b for b in todo if b.mark == "file"}
        files, unused = {}, {}  # the guide's files so far; sources no build block has used yet
        cwd, session = runner.workdir(), []
        try:
            for b in todo:  # in the guide's order: a block may use what an earlier one made
                k = kind(b)
                if b.mark == "file":
                    counts["parts"] += 1
                    files[b.reason] = files.get(b.reason, "") + b.text
                    runs = k == "mjs" and last_part[b.reason] is b
                    if not runs:
                        if k == "source":
                            unused.setdefault(b.reason, b)
                        if b.output is not None:
                            failures.append(f"{b.output.where}: an output block after a part that does not run "
                                            "(only a .mjs program's last part runs)")
                        continue
                if k in ("cmake", "meson"):
                    unused.clear()
                if k in TOOLS and shutil.which(TOOLS[k]) is None:
                    skipped.append(f"{b.where}: not run, {TOOLS[k]} is not installed (tools/bootstrap --tests)")
                    continue
                sources = {n: t for n, t in files.items() if not n.endswith(".mjs")}
                if k == "python":
                    out, err = runner.run_python(b, cwd, session)
                elif k == "sh":
                    out, err = runner.run_shell(b, cwd)
                elif k == "mjs":
                    out, err = runner.run_node(b.reason, files[b.reason], cwd)
                elif k == "cmake":
                    out, err = projects.cmake(b.text, sources)
                elif k == "meson":
                    out, err = projects.meson(b.text, sources)
                else:
                    out, err = runner.run_native(b, cwd)
                counts["ran"] += 1
                if err:
                    failures.append(f"{b.where}: ```{b.lang} block fails:\n{err}")
                    continue
                if b.output is not None:
                    counts["compared"] += 1
                    if not matches(b.output.text, out):
                        failures.append(f"{b.where}: prints\n{out}\nwhere {b.output.where} shows\n{b.output.text}")
            for name, b in unused.items():
                failures.append(f"{b.where}: the file {name} is used by no ```cmake or ```meson block after it")
        finally:
            for proc in session:
                proc.stdin.close()
                proc.wait(timeout=60)
            shutil.rmtree(cwd, ignore_errors=True)
    for f in failures:
        print("FAIL", f, "\n")
    for s in skipped:
        print("SKIP", s)
    print(f"run_guide_snippets: {counts['ran']} blocks ran, {counts['compared']} outputs compared, "
          f"{counts['quoted']} quoted files (run by the example tests), {counts['not run']} not run, "
          f"{counts['not run yet']} not run yet, {counts['parts']} file blocks (parts of programs, sources of "
          f"projects), {len(skipped)} skipped; {len(failures)} failures")
    return 1 if failures else 77 if skipped else 0


if __name__ == "__main__":
    sys.exit(main())
