"""Checks the C headers' documentation rule: every function declared with SEGCORE_API has a
comment of its own directly above it (no blank line between, no comment shared with the
declaration before it), and that comment says since which version it exists ("Since:"). With --baseline, the version
must be true: a function in the released ABI (abi/segcore.abi, from the release abi/RELEASE
names) says that release or an earlier one; a function the release lacks says the version being
made (meson.build's project version, as MAJOR.MINOR).

    check_since.py [--baseline ABI_FOLDER MESON_BUILD] HEADER_OR_DIRECTORY...

A directory stands for its segcore*.h headers, so a new header is checked without being listed.

Prints each function that breaks the rule with its file and line; exits 1 if there is one.
"""
import glob
import os
import re
import sys

DECLARATION = re.compile(r"^SEGCORE_API\b.*?\b(segcore_\w+)\s*\(")
SINCE = re.compile(r"Since: (\d+)\.(\d+)")


def minor(text):
    """(MAJOR, MINOR) of a version string such as 0.2.0, v0.1.0 or "Since: 0.1"."""
    m = re.search(r"(\d+)\.(\d+)", text)
    return int(m[1]), int(m[2])


def released(abi_folder, meson_build):
    """The release's version, its functions, and the version being made."""
    tag = open(os.path.join(abi_folder, "RELEASE"), encoding="utf-8").read().split()[0]
    abi = open(os.path.join(abi_folder, "segcore.abi"), encoding="utf-8").read()
    functions = set(re.findall(r"<elf-symbol name='(segcore_\w+)'[^>]*type='func-type'", abi))
    project = re.search(r"version:\s*'([^']+)'", open(meson_build, encoding="utf-8").read())[1]
    return minor(tag), functions, minor(project)


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


def check(path, release=None):
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
        elif release:
            problems += untrue_since(f"{path}:{i + 1}: {m[1]}", m[1], comment, release)
    return problems, count


def untrue_since(where, name, comment, release):
    """The problem with the comment's "Since:" against the release, if any."""
    (version, functions, making), since = release, SINCE.search(comment)
    if not since:
        return [f"{where}: 'Since:' names no MAJOR.MINOR version"]
    said = (int(since[1]), int(since[2]))
    if name in functions and said > version:
        return [f"{where} is in release {version[0]}.{version[1]} but says Since: {said[0]}.{said[1]}"]
    if name not in functions and said != making:
        return [f"{where} is new since release {version[0]}.{version[1]} and must say "
                f"Since: {making[0]}.{making[1]}, not {said[0]}.{said[1]}"]
    return []


def main():
    args, release = sys.argv[1:], None
    if args[:1] == ["--baseline"]:
        release, args = released(args[1], args[2]), args[3:]
    if not args:
        raise SystemExit(__doc__)
    paths = []
    for arg in args:
        paths += sorted(glob.glob(os.path.join(arg, "segcore*.h"))) if os.path.isdir(arg) else [arg]
    problems, total = [], 0
    for path in paths:
        p, n = check(path, release)
        problems += p
        total += n
    if total == 0:
        print("check_since: no SEGCORE_API declarations found")
        return 1
    for p in problems:
        print(p)
    print(f"check_since: {total} functions in {len(paths)} headers, {len(problems)} without "
          "their own comment saying a true 'Since:'")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
