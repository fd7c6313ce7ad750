"""The generated ctypes layer (segcore/_capi.py) against the C headers it comes from."""
import ctypes
import difflib
import importlib.machinery
import importlib.util
import pathlib
import shutil
import subprocess
import sys

import pytest

from segcore import _capi, _native

ROOT = pathlib.Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "tools" / "gen_python_capi"
CHECKED_IN = ROOT / "python" / "segcore" / "_capi.py"


def _compiler():
    cc = shutil.which("gcc") or shutil.which("cc")
    if cc is None:
        pytest.skip("no C compiler (gcc) to preprocess or compile the headers")
    return cc


def _generator():
    loader = importlib.machinery.SourceFileLoader("gen_python_capi", str(GENERATOR))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_checked_in_module_is_what_the_headers_generate(tmp_path):
    pytest.importorskip("pycparser", reason="python3-pycparser (tools/bootstrap --tests) regenerates _capi.py")
    _compiler()
    out = tmp_path / "_capi.py"
    subprocess.run([sys.executable, str(GENERATOR), "--output", str(out)], check=True)
    fresh, kept = out.read_text(), CHECKED_IN.read_text()
    diff = "".join(difflib.unified_diff(kept.splitlines(True), fresh.splitlines(True),
                                        "python/segcore/_capi.py (checked in)", "generated from capi/*.h"))
    assert fresh == kept, "the headers changed: run /usr/bin/python3 tools/gen_python_capi\n" + diff


def _structs():
    return [v for v in vars(_capi).values()
            if isinstance(v, type) and issubclass(v, ctypes.Structure) and v is not ctypes.Structure]


def test_every_struct_has_the_c_size_and_field_offsets(tmp_path):
    """A C program compiled against the headers prints sizeof and offsetof of every struct
    and field that _capi.py declares; ctypes must agree on all of them."""
    cc = _compiler()
    structs = _structs()
    assert len(structs) >= 25
    _generator().write_version_header(tmp_path)
    lines = [f'#include "{p.name}"' for p in sorted((ROOT / "capi").glob("segcore*.h"))]
    lines += ["#include <stdio.h>", "int main(void) {"]
    for s in structs:
        lines.append(f'  printf("{s.__name__} %zu\\n", sizeof({s.__name__}));')
        for field in s._fields_:
            lines.append(f'  printf("{s.__name__}.{field[0]} %zu\\n", offsetof({s.__name__}, {field[0]}));')
    lines += ["  return 0;", "}"]
    (tmp_path / "sizes.c").write_text("\n".join(lines) + "\n")
    subprocess.run([cc, "-std=c99", "-I", str(ROOT / "capi"), "-I", str(tmp_path), "-o", str(tmp_path / "sizes"),
                    str(tmp_path / "sizes.c")], check=True)
    printed = subprocess.run([str(tmp_path / "sizes")], check=True, capture_output=True, text=True).stdout
    c = dict(line.rsplit(" ", 1) for line in printed.splitlines())
    py = {}
    for s in structs:
        py[s.__name__] = str(ctypes.sizeof(s))
        for field in s._fields_:
            py[f"{s.__name__}.{field[0]}"] = str(getattr(s, field[0]).offset)
    assert py == c


def test_options_init_accepts_the_ctypes_size_and_sets_it():
    inits = [n for n in _capi.SIGNATURES if n.endswith("options_init")]
    assert len(inits) >= 10
    for name in inits:
        opts = _native.options(name)
        assert opts.struct_size == ctypes.sizeof(opts), name


def test_every_exported_function_has_a_signature():
    exported = set((ROOT / "capi" / "segcore.symbols").read_text().split())
    assert set(_capi.SIGNATURES) == exported


def test_every_status_code_raises_the_exception_of_its_code():
    from segcore import _errors
    codes = {n: v for n, v in vars(_capi).items() if n.startswith("SEGCORE_E")}
    assert len(codes) == 10
    for name, code in codes.items():
        error = _errors.from_status(code, name)
        assert isinstance(error, MemoryError) if code == _capi.SEGCORE_ENOMEM else error.code == code, name


def test_a_library_without_a_declared_function_is_refused_at_import(tmp_path):
    cc = _compiler()
    (tmp_path / "old.c").write_text("int segcore_status_string(int s) { return s; }\n")
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(tmp_path / "libsegcore.so"), str(tmp_path / "old.c")], check=True)
    env = {"SEGCORE_LIBRARY": str(tmp_path / "libsegcore.so"), "PYTHONPATH": str(ROOT / "python")}
    result = subprocess.run([sys.executable, "-c", "import segcore"], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "ImportError: segcore:" in result.stderr and "lacks segcore_last_error_message" in result.stderr
