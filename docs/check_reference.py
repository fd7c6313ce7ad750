"""Builds the API reference with Doxygen and fails on any warning (an undocumented function,
a broken reference, a comment Doxygen cannot read), then checks that the HTML has a page for
each C header listing each of its functions.

    check_reference.py DOXYGEN DOXYFILE OUTPUT_DIR CAPI_DIR

OUTPUT_DIR is the Doxyfile's OUTPUT_DIRECTORY (warnings.txt and html/ go there). CAPI_DIR's
segcore*.h headers are the ones whose pages are checked.
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
    if len(sys.argv) != 5:
        raise SystemExit(__doc__)
    doxygen, doxyfile, output, capi = sys.argv[1:]
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
    if warnings:
        lines = warnings.splitlines()
        problems.append(f"{len(lines)} Doxygen warning lines:\n" + "\n".join(lines[:200]))
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
    print(f"check_reference: no Doxygen warnings; {len(headers)} C header pages list their "
          f"{functions} functions ({os.path.join(output, 'html', 'index.html')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
