"""docs/run_guide_snippets.py, the guide test, on small made-up guides: it fails on a wrong
output, an unmarked block, a marker without a reason and a block that fails; it passes on
what is right, and its markers for volatile values match only what they should; `file:` parts
run as one Node program (skipped without node)."""
import importlib.util
import pathlib
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("run_guide_snippets", ROOT / "docs" / "run_guide_snippets.py")
rgs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rgs)

FENCE = "```"


def run(tmp_path, monkeypatch, capsys, text):
    (tmp_path / "guide.md").write_text(text, encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["run_guide_snippets.py", str(tmp_path), str(tmp_path), "guide.md"])
    code = rgs.main()
    return code, capsys.readouterr().out


def block(lang, body):
    return f"{FENCE}{lang}\n{body}\n{FENCE}\n"


@pytest.mark.parametrize("shown, code", [("hello 3", 0), ("hello 4", 1)])
def test_python_output_is_compared(tmp_path, monkeypatch, capsys, shown, code):
    guide = block("python", "x = 3") + "\n" + block("python", 'print("hello", x)') + "\n" + block("", shown)
    got, out = run(tmp_path, monkeypatch, capsys, guide)
    assert got == code, out
    assert "2 blocks ran, 1 outputs compared" in out


def test_shell_output_and_the_output_marker(tmp_path, monkeypatch, capsys):
    guide = block("sh", "echo one; echo two") + "\nSome prose.\n\n<!-- output -->\n" + block("text", "one\ntwo")
    assert run(tmp_path, monkeypatch, capsys, guide)[0] == 0


@pytest.mark.parametrize("guide", [
    block("", "a block that is neither output nor marked"),
    block("ini", "[section]"),
    "<!-- not run: -->\n" + block("python", "print(1)"),
    "<!-- not run yet: -->\n" + block("python", "print(1)"),
    block("python", "raise ValueError('no')"),
    block("sh", "false"),
])
def test_what_fails(tmp_path, monkeypatch, capsys, guide):
    assert run(tmp_path, monkeypatch, capsys, guide)[0] == 1


def test_not_run_with_a_reason_is_counted(tmp_path, monkeypatch, capsys):
    guide = "<!-- not run: another OS -->\n" + block("sh", "exit 1") + "\n<!-- not run yet: a fragment -->\n" + block(
        "c", "x;")
    code, out = run(tmp_path, monkeypatch, capsys, guide)
    assert code == 0
    assert "0 blocks ran, 0 outputs compared, 0 quoted files (run by the example tests), 1 not run, 1 not run yet" in out


def program(*parts):
    """A Node program of the given parts, each a `file:` block."""
    return "\n".join("<!-- file: prog.mjs -->\n" + block("js", part) for part in parts)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("shown, code", [("3\nend", 0), ("4\nend", 1)])
def test_file_parts_run_as_one_node_program(tmp_path, monkeypatch, capsys, shown, code):
    guide = program("const x = 3;", "console.log(x);\nconsole.log('end');") + "\n" + block("", shown)
    got, out = run(tmp_path, monkeypatch, capsys, guide)
    assert got == code, out
    assert "1 blocks ran, 1 outputs compared" in out and "2 file blocks" in out


@pytest.mark.parametrize("guide", [
    program("process.exit(3);"),
    program("console.log(1);") + "\n" + block("", "1") + "\n" + program("console.log(2);"),  # not the last part
    "<!-- file: -->\n" + block("c", "int x;"),
    "<!-- file: hook.c -->\n" + block("c", "int x;"),  # a source no cmake or meson block builds
])
def test_what_fails_with_files(tmp_path, monkeypatch, capsys, guide):
    assert run(tmp_path, monkeypatch, capsys, guide)[0] == 1


def test_a_program_without_node_is_skipped(tmp_path, monkeypatch, capsys):
    real = shutil.which
    monkeypatch.setattr(rgs.shutil, "which", lambda name: None if name == "node" else real(name))
    code, out = run(tmp_path, monkeypatch, capsys, block("python", "print(1)") + "\n" + program("console.log(1);"))
    assert code == 77, out
    assert "1 blocks ran" in out and "1 skipped; 0 failures" in out


@pytest.mark.parametrize("want, got, ok", [
    ("a\nb", "a\nb\n", True),
    ("a  \nb", "a\nb", True),              # trailing spaces do not count
    ("a\nb", "a\nc", False),
    ("a\n...\nz", "a\nz", True),           # ... is any number of lines, none included
    ("a\n...\nz", "a\nb\nc\nz", True),
    ("a\n...\nz", "a\nb\nc", False),
    ("took <any> s", "took 1.25 s", True),
    ("took <any> s", "took 1.25 ms", False),
    ("<any> items", "12 items\nmore", False),  # <any> stays within its line
])
def test_matches(want, got, ok):
    assert rgs.matches(want, got) is ok
