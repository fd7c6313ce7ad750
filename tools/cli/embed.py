#!/usr/bin/env python3
"""Writes a C++ file defining <namespace>::<function>() over the bytes of a text file.

Usage: embed.py SRC OUT [NAMESPACE FUNCTION HEADER]; the defaults are the CLI's bundled sample
(segcore_cli::sample_csv() declared in sample_data.hpp).
"""
import sys

src, out = sys.argv[1], sys.argv[2]
namespace, function, header = sys.argv[3:6] if len(sys.argv) > 3 else ("segcore_cli", "sample_csv", "sample_data.hpp")
text = open(src, encoding="utf-8", newline="").read()
if ")csv\"" in text or "\r" in text:
    sys.exit(f"{src}: cannot embed text holding ')csv\"' or carriage returns")
# Raw string pieces of bounded size: compilers limit a single literal's length.
lines, piece, pieces = text.splitlines(keepends=True), "", []
for line in lines:
    if len(piece) + len(line) > 60000:
        pieces.append(piece)
        piece = ""
    piece += line
pieces.append(piece)
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write(f'// Generated from {src.rsplit("/", 1)[-1]} by embed.py; do not edit.\n')
    f.write(f'#include "{header}"\n\nnamespace {namespace} {{\nnamespace {{\n')
    f.write("constexpr char kSample[] =\n")
    for p in pieces:
        f.write('R"csv(' + p + ')csv"\n')
    f.write(";\n}  // namespace\n\n")
    f.write(f"std::string_view {function}() {{ return {{kSample, sizeof kSample - 1}}; }}\n\n}}  // namespace {namespace}\n")
