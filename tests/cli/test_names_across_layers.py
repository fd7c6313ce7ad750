"""The names a user chooses option values by, and the limits of the values, are the C++ API's
(segcore/names.hpp, the k* limits of rfm.hpp and kmeans.hpp), and every other layer says the
same: the C ABI's SEGCORE_<PREFIX>_<NAME> constants, the CLI's flags (which take them from the
C++ tables), and the Python package (whose names are the constants', read from the generated C
layer), and docs/CLI.md's flag table. The C++ tables come from the print_names program, which prints every table of
names.hpp's EnumNameTables. A name added to one layer and not the others fails here, and so
does a C++ table no layer below is compared with."""
import importlib
import json
import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

# (command, flag, C prefix of the C++ table whose names the flag takes)
FLAGS = [
    ("rfm", "time-format", "TIMESTAMP"),
    ("rfm", "mode", "RFM"),
    ("clv", "model", "CLV"),
    ("cluster", "scaler", "SCALER"),
    ("cluster", "algorithm", "KMEANS"),
]
# Choices of the tool alone, no option of the library: (command, flag) -> why.
CLI_ONLY = {("clv", "time-unit"): "the unit the tool reports recency and T in",
            ("rfm", "format"): "the tool's output file format",
            ("stream", "input"): "where the stream command reads events: standard input or a Redis Stream"}
# C constants of a table's prefix that name no choice of the C++ enum, and why.
C_ONLY = {
    "KMEANS": {"minibatch": "a separate estimator (segcore_kmeans_minibatch_options_init), not an algorithm of KMeans"},
    "CLV": {"gamma_gamma": "the spend model, fitted beside either purchase model",
            "mbgnbd": "a model of the library and Python: the CLI's clv_scores fits BG/NBD or Pareto/NBD",
            "bgbb": "discrete time (BG/BB): clv_scores summarises continuous time"},
    "ID": {"raw": "no kind: pseudonymise the value as given (segcore_pseudonymize_identifiers only)"},
}


@pytest.fixture(scope="module")
def cpp():
    path = os.environ.get("SEGCORE_PRINT_NAMES")
    if not path or not os.path.exists(path):
        pytest.skip("SEGCORE_PRINT_NAMES does not name the built print_names program (run through meson test)")
    return json.loads(subprocess.run([path], capture_output=True, text=True, check=True).stdout)


def cpp_table(cpp, prefix):
    """{name: value} of the C++ table whose C constants are SEGCORE_<prefix>_*."""
    [table] = [t for t in cpp["tables"] if t["prefix"] == prefix]
    return {name: value for name, value, _ in table["names"]}


def python_names(table):
    """The C++ names as Python spells them: Python's names are the C constants' in lower case."""
    return {name.replace("-", "_"): value for name, value in table.items()}


@pytest.fixture(scope="module")
def native():
    if os.environ.get("SEGCORE_CLI_NO_PACKAGE"):
        pytest.skip("the Python package cannot load the sanitized library")
    from segcore import _native
    return _native


def c_family(native, prefix):
    """{lower-case name: value} of SEGCORE_<prefix>_*, without the longer families sharing the
    prefix (SEGCORE_CLV_STOP_* and SEGCORE_CLV_FIT_* beside the model kinds SEGCORE_CLV_*): a name
    whose first word starts two or more constants is such a family."""
    return {name: value for name, value in native.enum(prefix).items()
            if "_" not in name or len(native.enum(f"{prefix}_{name.split('_')[0].upper()}")) < 2}


def test_every_cpp_table_is_a_c_enum(cpp, native):
    assert len(cpp["tables"]) >= 11
    for table in cpp["tables"]:
        prefix = table["prefix"]
        c_names = {(c or name.replace("-", "_")).lower(): value for name, value, c in table["names"]}
        family = c_family(native, prefix)
        only_c = C_ONLY.get(prefix, {})
        assert set(only_c) <= set(family), f"{prefix}: a listed exception names no C constant"
        assert {k: v for k, v in family.items() if k not in only_c} == c_names, prefix


def cli_choices(run, command, flag):
    p = run(command, f"--{flag}", "no-such-name", check=False)
    m = re.search(rf"--{flag}: 'no-such-name' is not one of (.*)", p.stderr)
    assert p.returncode == 2 and m, (p.returncode, p.stderr[-500:])
    return {name.strip() for name in m[1].split(",")}


@pytest.mark.parametrize("command,flag,prefix", FLAGS, ids=[f[1] for f in FLAGS])
def test_cli_flag_takes_exactly_the_cpp_names(run, cpp, command, flag, prefix):
    names = set(cpp_table(cpp, prefix))
    assert cli_choices(run, command, flag) == names
    help_line = next(line for line in run(command, "--help", check=True).stdout.splitlines()
                     if line.strip().startswith(f"--{flag} "))
    assert set(re.findall(r"[\w-]+(?= \||\s+\(default)", help_line)) | set(re.findall(r"(?<=\| )[\w-]+", help_line)) \
        == names, help_line


def test_cli_guide_lists_the_cpp_names(cpp):
    """A row of docs/CLI.md's flag tables for a flag of FLAGS lists its choices, in backticks."""
    guide = (Path(__file__).resolve().parents[2] / "docs" / "CLI.md").read_text(encoding="utf-8")
    rows = 0
    for _, flag, prefix in FLAGS:
        for row in re.findall(rf"^\| `--{flag}` \|(.*)$", guide, re.M):
            rows += 1
            assert set(re.findall(r"`([^`]+)`", row)) == set(cpp_table(cpp, prefix)), row
    assert rows >= 1


def test_every_cli_choice_flag_is_compared(run):
    """A flag whose help lists choices ("a | b (default a)", "csv|json") is in FLAGS or CLI_ONLY."""
    commands = re.findall(r"^  ([\w-]+)  ", run("--help", check=True).stdout, re.M)
    assert "rfm" in commands and "cluster" in commands
    with_choices = set()
    for command in commands:
        for line in run(command, "--help", check=True).stdout.splitlines():
            m = re.match(r"\s+--([\w-]+) (.*)", line)
            if m and re.search(r"\w ?\| ?\w", m[2]):
                with_choices.add(m[1])
    assert with_choices == {flag for _, flag, _ in FLAGS} | {flag for _, flag in CLI_ONLY}


def module(name):
    # The modules, not the package's functions of the same names (segcore.rfm is a function).
    return importlib.import_module(f"segcore.{name}")


def python_tables():
    """{C prefix: Python's {name: value}} for every C++ table."""
    cluster, clv, hierarchy, identity, preprocessing, privacy, rfm, scoring = (
        module(name) for name in ("cluster", "clv", "hierarchy", "identity", "preprocessing", "privacy", "rfm",
                                  "scoring"))
    return {
        "TIMESTAMP": rfm._TS_FORMATS,
        "INGEST": rfm._INGEST,
        "DUPLICATES": rfm._DUPLICATES,
        "RFM": rfm._MODES,
        # The scalers are classes; each sets the kind its C++ name chooses.
        "SCALER": {"standard": preprocessing.StandardScaler._kind, "minmax": preprocessing.MinMaxScaler._kind,
                   "robust": preprocessing.RobustScaler._kind},
        # scikit-learn's "elkan" is accepted as a second name of the exact accelerated algorithm.
        "KMEANS": {name: value for name, value in cluster._ALGORITHMS.items() if name != "elkan"},
        "LINKAGE": hierarchy._LINKAGES,
        "NORMALIZE": scoring._KINDS,
        "CLV": {"bgnbd": clv.BetaGeoFitter._kind, "pareto_nbd": clv.ParetoNBDFitter._kind},
        "ID": identity._KIND_CODE,
        # A segment set's mode, as SegmentSet reads it back from a set of each mode.
        "SEGMENTS": {name: value for name, value in module("_native").enum("SEGMENTS").items()
                     if module("rules").SegmentSet(f"mode {name}\nsegment A: f >= 1\n",
                                                   {"f": np.array([1.0])}).mode == name},
        # pseudonymize's kinds: the identity kinds, and "raw" (C_ONLY) or None for values as given
        "ID/privacy": {k: v for k, v in privacy._KINDS.items() if k not in (None, "raw")},
    }


def test_python_names_are_the_cpp_names(cpp, native):
    tables = python_tables()
    assert {t["prefix"] for t in cpp["tables"]} == {k.split("/")[0] for k in tables}, \
        "a C++ table without its Python names here, or names here without a C++ table"
    for key, names in tables.items():
        assert names == python_names(cpp_table(cpp, key.split("/")[0])), key
    # The elkan alias chooses Hamerly's algorithm, a name of the table.
    assert module("cluster")._ALGORITHMS["elkan"] == cpp_table(cpp, "KMEANS")["hamerly"]


def listed(message):
    """The names an error message offers: "...; use one of 'a', 'b'" or "among {'a', 'b'}"."""
    m = re.search(r"use one of (.*)$|among \{(.*)\}", str(message))
    assert m, message
    return set(re.findall(r"'([^']*)'", m[1] or m[2]))


def test_python_refuses_other_names_and_offers_the_cpp_ones(cpp, native, tmp_path):
    from segcore import InvalidArgumentError
    cluster, hierarchy, identity, rfm, scoring, selection = (
        module(name) for name in ("cluster", "hierarchy", "identity", "rfm", "scoring", "selection"))
    X = np.random.default_rng(0).normal(size=(30, 2))
    events = (np.arange(12) % 4, np.arange(12) * 86400 + 1_700_000_000, np.ones(12))
    csv = tmp_path / "events.csv"
    csv.write_text("customer_id,timestamp,amount\n1,2024-01-01,5\n")
    calls = {
        "RFM": lambda v: rfm.Profiles.from_arrays(*events).rfm(mode=v),
        "TIMESTAMP": lambda v: rfm.Profiles.from_csv(csv, timestamp_format=v),
        "INGEST": lambda v: rfm.Profiles.from_csv(csv, mode=v),
        "DUPLICATES": lambda v: rfm.Profiles.from_csv(csv, duplicates=v),
        "NORMALIZE": lambda v: scoring.WeightedScore({"frequency": 1.0}, normalize=v),
        "LINKAGE": lambda v: hierarchy.linkage(X, method=v),
        "ID": lambda v: identity.IdentityResolver().add_record([(v, "x")]),
        "KMEANS/selection": lambda v: selection.choose_k(X, range(2, 4), algorithm=v),
        "KMEANS": lambda v: cluster.KMeans(2, algorithm=v).fit(X),
    }
    for key, call in calls.items():
        with pytest.raises(InvalidArgumentError) as e:
            call("no-such-name")
        offered = listed(e.value)
        if key.startswith("KMEANS"):
            offered.discard("elkan")
        assert offered == set(python_names(cpp_table(cpp, key.split("/")[0]))), key


def test_limits_agree_across_layers(cpp, native, run):
    from segcore import InvalidArgumentError
    cluster, rfm = module("cluster"), module("rfm")
    low, high = cpp["limits"]["rfm_bins"]
    _, grid_high = cpp["limits"]["rfm_grid"]
    _, max_clusters = cpp["limits"]["n_clusters"]
    assert (low, high, grid_high, max_clusters) == (2, 100, 100, 1 << 24)  # the documented values
    # Python: the same bounds, at the edges; the C++ message names them.
    events = (np.arange(400) % 200, np.arange(400) * 3600 + 1_700_000_000, np.arange(400) % 7 + 1.0)
    p = rfm.Profiles.from_arrays(*events)
    for bins in (low, high):
        p.rfm(bins=bins)
    for bins in (low - 1, high + 1):
        with pytest.raises(InvalidArgumentError, match=f"bins is {bins}; use {low} to {high}"):
            p.rfm(bins=bins)
    p.rfm(segment_map=([("All", 1, grid_high, 1, grid_high)], grid_high, "Other"))
    with pytest.raises(InvalidArgumentError, match=f"grid is {grid_high + 1}; use 0 \\(raw scores\\) to {grid_high}"):
        p.rfm(segment_map=([("All", 1, 5, 1, 5)], grid_high + 1, "Other"))
    assert cluster.MAX_CLUSTERS == max_clusters
    for estimator in (cluster.KMeans, cluster.MiniBatchKMeans):
        with pytest.raises(InvalidArgumentError, match=re.escape(f"[1, {max_clusters}]")):
            estimator(max_clusters + 1).fit(np.zeros((3, 1)))
    # The CLI: its range and its help.
    p = run("rfm", "--bins", high + 1, check=False)
    assert p.returncode == 2 and f"out of range [{low}, {high}]" in p.stderr, p.stderr[-300:]
    assert f"{low} to {high}" in run("rfm", "--help", check=True).stdout
