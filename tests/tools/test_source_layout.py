"""Conventions of the source tree that no compiler checks: every namespace of the library sits
inside the versioned one (SEGCORE_NAMESPACE_BEGIN opens segcore::v0), and the public spelling
`center` is the only one."""
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def tracked(*patterns):
    out = subprocess.run(["git", "ls-files", "--", *patterns], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        import pytest
        pytest.skip("not a git checkout")
    return [ROOT / p for p in out.stdout.split()]


def test_library_namespaces_are_inside_the_versioned_one():
    opened_outside = re.compile(r"^\s*namespace segcore(::\w+)*\s*\{", re.M)
    found = [f"{p.relative_to(ROOT)}: {m[0].strip()}"
             for p in tracked("src", "capi", "include", "tests", "bench")
             if p.suffix in (".hpp", ".cpp", ".h")
             for m in opened_outside.finditer(p.read_text(encoding="utf-8"))
             if p.name != "config.hpp"]
    assert found == [], "open SEGCORE_NAMESPACE_BEGIN, then the inner namespace"


def test_center_is_the_one_spelling():
    other = re.compile(r"[Cc]entr(e|es|ed|ing)\b|[Cc]entre")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in tracked() if p.is_file() and not p.parts[len(ROOT.parts)] in ("data", "abi")
             and p.suffix in (".hpp", ".cpp", ".h", ".c", ".py", ".md", ".build", ".txt", ".js", ".go", ".rs", "")
             for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             if other.search(line)]
    assert found == []


def test_tree_is_laid_out_by_clang_format():
    import shutil
    import pytest
    if not shutil.which("clang-format-14"):
        pytest.skip("clang-format-14 not found (tools/bootstrap --tests)")
    out = subprocess.run([str(ROOT / "tools" / "format"), "--check"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, "run tools/format; these files differ:\n" + out.stdout[-3000:]
