#!/usr/bin/env python3
"""Fails unless the shared library exports exactly the symbols listed in the symbols file,
all of them named segcore_*."""
import subprocess
import sys


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library],
                         check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] in "TDBRVWuiT":
            names.add(parts[2].split("@")[0])
    return names


def main():
    library, symbols_file = sys.argv[1], sys.argv[2]
    expected = {l.strip() for l in open(symbols_file) if l.strip() and not l.startswith("#")}
    actual = exported(library)
    bad_names = sorted(s for s in expected | actual if not s.startswith("segcore_"))
    missing = sorted(expected - actual)
    extra = sorted(actual - expected)
    for title, names in (("not named segcore_*", bad_names),
                         ("listed but not exported", missing),
                         ("exported but not listed", extra)):
        for n in names:
            print(f"{title}: {n}")
    if bad_names or missing or extra:
        print(f"FAIL: exports of {library} differ from {symbols_file}")
        return 1
    print(f"ok: {len(actual)} exported symbols, all segcore_*, all listed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
