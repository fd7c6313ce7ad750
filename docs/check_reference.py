"""Builds the API reference with Doxygen and fails on any warning (an undocumented function,
a broken reference, a comment Doxygen cannot read), then checks that the HTML has a page for
each C header listing each of its functions.

    check_reference.py DOXYGEN DOXYFILE OUTPUT_DIR CAPI_DIR [KNOWN_GAPS]

OUTPUT_DIR is the Doxyfile's OUTPUT_DIRECTORY (warnings.txt and html/ go there). CAPI_DIR's
segcore*.h headers are the ones whose pages are checked.

KNOWN_GAPS (docs/undocumented-cxx.txt) lists C++ members known to lack a comment, one
warning per line without its line number. A listed warning is tolerated; a warning not
listed fails, and so does a listed one that no longer occurs (delete its line), so the list
can only shrink. Warnings about the C headers are never tolerated.
"""
import glob
import os
import re
import subprocess
import sys


def page_name(header):
    """Doxygen's HTML file name for a header: segcore_rules.h -> segcore__rules_8h.html."""
    return header.replace("_", "__").replace(".", "_8") + ".html"


def main():
    if len(sys.argv) not in (5, 6):
        raise SystemExit(__doc__)
    doxygen, doxyfile, output, capi = sys.argv[1:5]
    known = set()
    if len(sys.argv) == 6:
        known = {l.strip() for l in open(sys.argv[5], encoding="utf-8") if l.strip() and not l.startswith("#")}
    root = os.path.dirname(os.path.abspath(capi)) + os.sep
    warnings_path = os.path.join(output, "warnings.txt")
    os.makedirs(output, exist_ok=True)
    if os.path.exists(warnings_path):
        os.remove(warnings_path)
    run = subprocess.run([doxygen, doxyfile], capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout + run.stderr)
        print(f"check_reference: doxygen exited with status {run.returncode}")
        return 1
    problems = []
    warnings = open(warnings_path, encoding="utf-8").read().strip() if os.path.exists(warnings_path) else ""
    warnings += run.stderr.strip()
    entries = []   # one per warning; Doxygen continues some on lines without a file prefix
    for line in warnings.splitlines():
        if entries and not re.match(r"^\S+:\d+: ", line):
            entries[-1] += " | " + line.strip()
        else:
            entries.append(line)
    seen, new = set(), []
    for line in entries:
        key = re.sub(r"^(\S+?):\d+: ", r"\1: ", line.replace(root, ""))
        if key in known and key.startswith("include/segcore/"):
            seen.add(key)
        else:
            new.append(line)
    if new:
        problems.append(f"{len(new)} Doxygen warning lines:\n" + "\n".join(new[:200]))
    gone = sorted(known - seen)
    if gone:
        problems.append(f"{len(gone)} lines of {sys.argv[5]} no longer warn; delete them:\n" + "\n".join(gone))
    headers = sorted(glob.glob(os.path.join(capi, "segcore*.h")))
    functions = 0
    for header in headers:
        page = os.path.join(output, "html", page_name(os.path.basename(header)))
        if not os.path.exists(page):
            problems.append(f"no page {page} for {header}")
            continue
        html = open(page, encoding="utf-8").read()
        for name in re.findall(r"^SEGCORE_API\b.*?\b(segcore_\w+)\s*\(", open(header).read(), re.M):
            functions += 1
            if name not in html:
                problems.append(f"{page} does not list {name}")
    if problems:
        print("check_reference:\n" + "\n".join(problems))
        return 1
    print(f"check_reference: no new Doxygen warnings ({len(seen)} known C++ gaps); {len(headers)} C "
          f"header pages list their {functions} functions ({os.path.join(output, 'html', 'index.html')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
