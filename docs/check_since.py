"""Checks the C headers' documentation rule: every function declared with SEGCORE_API has a
comment of its own directly above it (no blank line between, no comment shared with the
declaration before it), and that comment says since which version it exists ("Since:").

    check_since.py HEADER_OR_DIRECTORY...

A directory stands for its segcore*.h headers, so a new header is checked without being listed.

Prints each function that breaks the rule with its file and line; exits 1 if there is one.
"""
import glob
import os
import re
import sys

DECLARATION = re.compile(r"^SEGCORE_API\b.*?\b(segcore_\w+)\s*\(")


def comment_above(lines, i):
    """The comment block ending on the line just above line i, or None."""
    j = i - 1
    if j < 0 or not lines[j].rstrip().endswith("*/"):
        return None
    block = [lines[j]]
    while "/*" not in lines[j]:
        j -= 1
        if j < 0:
            return None
        block.append(lines[j])
    return "\n".join(reversed(block))


def check(path):
    problems, count = [], 0
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        m = DECLARATION.match(line)
        if not m:
            continue
        count += 1
        comment = comment_above(lines, i)
        if comment is None:
            problems.append(f"{path}:{i + 1}: {m[1]} has no comment of its own directly above it")
        elif "Since:" not in comment:
            problems.append(f"{path}:{i + 1}: {m[1]}'s comment does not say 'Since:'")
    return problems, count


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    paths = []
    for arg in sys.argv[1:]:
        paths += sorted(glob.glob(os.path.join(arg, "segcore*.h"))) if os.path.isdir(arg) else [arg]
    problems, total = [], 0
    for path in paths:
        p, n = check(path)
        problems += p
        total += n
    if total == 0:
        print("check_since: no SEGCORE_API declarations found")
        return 1
    for p in problems:
        print(p)
    print(f"check_since: {total} functions in {len(paths)} headers, {len(problems)} without "
          "their own comment saying 'Since:'")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
