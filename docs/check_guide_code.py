"""Checks that code quoted in the guides is the code that is built and tested: a fenced block
preceded by the line

    <!-- quoted from examples/go/rfm_segments.go -->

must equal that file (path relative to the source root), byte for byte. Also: the header table
of docs/guides/c-abi.md names every public header of capi/.

    check_guide_code.py SOURCE_ROOT

Exits 1 on a difference (printed as a diff) or when no guide quotes a file.
"""
import difflib
import glob
import os
import re
import sys

MARK = re.compile(r"^<!-- quoted from (\S+) -->\n```[^\n]*\n(.*?)^```$", re.M | re.S)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    root = sys.argv[1]
    problems, quoted = [], 0
    for guide in sorted(glob.glob(os.path.join(root, "docs", "guides", "*.md"))):
        for m in MARK.finditer(open(guide, encoding="utf-8").read()):
            quoted += 1
            path = os.path.join(root, m[1])
            if not os.path.exists(path):
                problems.append(f"{guide}: quotes {m[1]}, which does not exist")
                continue
            want = open(path, encoding="utf-8").read()
            if m[2] != want:
                diff = difflib.unified_diff(want.splitlines(), m[2].splitlines(), m[1], guide, lineterm="")
                problems.append("\n".join(diff))
    abi_guide = open(os.path.join(root, "docs", "guides", "c-abi.md"), encoding="utf-8").read()
    for header in sorted(glob.glob(os.path.join(root, "capi", "segcore*.h"))):
        name = os.path.basename(header)
        if f"| `{name}` |" not in abi_guide:
            problems.append(f"docs/guides/c-abi.md: the header table lacks {name}")
    for p in problems:
        print(p)
    if quoted == 0:
        print("check_guide_code: no guide quotes a file")
        return 1
    print(f"check_guide_code: {quoted} quoted files, {len(problems)} differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
