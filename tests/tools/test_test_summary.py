"""tools/test_summary: Meson's counts, the counts inside each pytest suite, and every skip with
its reason, from testlog.json files and the JUnit reports their commands name."""
import json
import os
import pathlib
import subprocess
import sys
import time

TOOL = pathlib.Path(__file__).resolve().parents[2] / "tools" / "test_summary"

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="4" skipped="2" failures="{failures}" errors="0">
<testcase classname="test_cli" name="test_ok"/>
<testcase classname="test_cli" name="test_other"/>
<testcase classname="test_cli" name="test_root"><skipped message="running as root">why</skipped></testcase>
<testcase classname="test_report" name="test_render"><skipped message="Chromium is not installed"/></testcase>
{failed}</testsuite></testsuites>
"""


def build(tmp_path, name, entries, failures=0):
    """A build folder with a testlog.json and, for the pytest entries, their JUnit report."""
    logs = tmp_path / name / "meson-logs"
    logs.mkdir(parents=True)
    lines = []
    for test, result, junit in entries:
        cmd = ["/usr/bin/python3", "-m", "pytest"]
        if junit:
            report = tmp_path / name / f"pytest-{test}.xml"
            failed = '<testcase classname="t" name="bad"><failure message="boom"/></testcase>' if failures else ""
            report.write_text(JUNIT.format(failures=failures, failed=failed))
            cmd.append(f"--junitxml={report}")
        lines.append(json.dumps({"name": test, "result": result, "command": cmd, "starttime": time.time() - 5}))
    (logs / "testlog.json").write_text("\n".join(lines) + "\n")
    return logs / "testlog.json"


def run(*logs):
    return subprocess.run([sys.executable, TOOL, *map(str, logs)], capture_output=True, text=True)


def test_counts_inside_pytest_suites_and_lists_every_skip(tmp_path):
    log = build(tmp_path, "build", [("unit-core", "OK", False), ("cli", "OK", True), ("cmake", "SKIP", False)])
    p = run(log, tmp_path / "absent" / "testlog.json")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == ("2 passed, 0 failed, 1 skipped (Meson tests); "
                        "inside the pytest suites: 2 passed, 0 failed, 2 skipped")
    assert "  build/cli: 2 passed, 2 skipped" in lines
    assert "  skipped in build/cli: test_cli::test_root: running as root" in lines
    assert "  skipped in build/cli: test_report::test_render: Chromium is not installed" in lines


def test_a_failure_inside_a_suite_fails(tmp_path):
    log = build(tmp_path, "build", [("python", "FAIL", True)], failures=1)
    p = run(log)
    assert p.returncode == 1
    assert p.stdout.splitlines()[0].endswith("inside the pytest suites: 2 passed, 1 failed, 2 skipped")


def test_a_stale_or_missing_report_is_named_not_counted(tmp_path):
    log = build(tmp_path, "build", [("python", "OK", True)])
    report = tmp_path / "build" / "pytest-python.xml"
    os.utime(report, (0, 0))  # from a run long before this log
    p = run(log)
    assert "inside the pytest suites: 0 passed, 0 failed, 0 skipped" in p.stdout
    assert "build/python: no fresh JUnit report" in p.stdout
