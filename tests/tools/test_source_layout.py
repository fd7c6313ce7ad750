"""Conventions of the source tree that no compiler checks: every namespace of the library sits
inside the versioned one (SEGCORE_NAMESPACE_BEGIN opens segcore::v0) and follows the scheme of
docs/ARCHITECTURE.md ("Namespaces"), and the public spelling `center` is the only one."""
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


# Files outside a module that define what that module's internal header declares (the profile
# store's model-file payload, declared in src/model/payloads.hpp beside the other payloads).
DEFINES_FOR = {
    "model_detail": ("src/profile/store_bytes.cpp",),
}


def allowed_namespaces(path):
    """The named namespaces a file may open, as a predicate on the name, or None when the file
    is no part of the library, the tool or the tests."""
    parts = path.parts
    if parts[0] == "src" and len(parts) > 2:
        module = parts[1]
    elif parts[0] == "capi":
        module = "capi"  # capi_detail
    elif parts[:2] == ("include", "segcore"):
        module = path.stem
    elif parts[0] == "tools" and parts[1] == "cli":
        return lambda name: name == "segcore_cli" or name.startswith("segcore_cli::")
    elif parts[0] in ("tests", "bench"):
        # Tests: the shared segcore_test, or a name of their own folder or file.
        return lambda name: name.split("::")[0] in ("segcore_test", parts[-2], path.stem)
    else:
        return None

    def allowed(name):
        first = name.split("::")[0]
        if first in ("detail", f"{module}_detail") or (module == "kernels" and first == "kernels"):
            return True
        return any(str(path).startswith(where) for where in DEFINES_FOR.get(first, ()))
    return allowed


def test_internal_namespaces_follow_the_scheme():
    """Inside segcore::v0: `detail` (internals several modules share), `<module>_detail` (one
    module's internals, the module being the file's folder under src/, capi, or the public
    header's name), and the kernel layer's `kernels` in src/kernels/."""
    opened = re.compile(r"^\s*namespace ([A-Za-z_][\w:]*)\s*\{", re.M)
    found = []
    for p in tracked("src", "capi", "include", "tools/cli", "tests", "bench"):
        relative = p.relative_to(ROOT)
        allowed = allowed_namespaces(relative)
        if allowed is None or p.suffix not in (".hpp", ".cpp", ".h") or relative.name == "config.hpp":
            continue
        found += [f"{relative}: namespace {m[1]}" for m in opened.finditer(p.read_text(encoding="utf-8"))
                  if not allowed(m[1])]
    assert found == [], "name the namespace as docs/ARCHITECTURE.md says (Namespaces)"


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
