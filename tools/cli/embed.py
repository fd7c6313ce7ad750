#!/usr/bin/env python3
"""Writes a C++ file defining segcore_cli::sample_csv() over the bytes of a text file."""
import sys

src, out = sys.argv[1], sys.argv[2]
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
    f.write('// Generated from the bundled sample by embed.py; do not edit.\n')
    f.write('#include "sample_data.hpp"\n\nnamespace segcore_cli {\nnamespace {\n')
    f.write("constexpr char kSample[] =\n")
    for p in pieces:
        f.write('R"csv(' + p + ')csv"\n')
    f.write(";\n}  // namespace\n\n")
    f.write("std::string_view sample_csv() { return {kSample, sizeof kSample - 1}; }\n\n}  // namespace segcore_cli\n")
