"""The names a user chooses option values by are the same in every layer: the CLI's flags (which
take them from the C++ tables of segcore/names.hpp), the C ABI's SEGCORE_<PREFIX>_<NAME>
constants, and the Python package (whose names are those constants', read from the generated
C layer). A name added to one layer and not the others fails here."""
import importlib
import os
import re

import pytest

# (command, flag, C constant prefix, C names that are not choices of this flag, and why)
FLAGS = [
    ("rfm", "time-format", "TIMESTAMP", {}),
    ("rfm", "mode", "RFM", {}),
    ("clv", "model", "CLV", {"gamma_gamma": "the spend model, fitted beside either purchase model",
                             "mbgnbd": "a model of the library and Python only: clv_scores fits BG/NBD or Pareto/NBD",
                             "bgbb": "discrete time (BG/BB): the clv step summarises continuous time"}),
    ("cluster", "scaler", "SCALER", {}),
    ("cluster", "algorithm", "KMEANS", {"minibatch": "a separate estimator, not a k-means algorithm flag"}),
]


def cli_choices(run, command, flag):
    p = run(command, f"--{flag}", "no-such-name", check=False)
    m = re.search(rf"--{flag}: 'no-such-name' is not one of (.*)", p.stderr)
    assert p.returncode != 0 and m, (p.returncode, p.stderr[-500:])
    return {name.strip() for name in m[1].split(",")}


@pytest.fixture(scope="module")
def native():
    if os.environ.get("SEGCORE_CLI_NO_PACKAGE"):
        pytest.skip("the Python package cannot load the sanitized library")
    from segcore import _native
    return _native


def c_names(native, prefix):
    """The names of one C enum: SEGCORE_CLV_STOP_* and SEGCORE_CLV_FIT_* share the prefix CLV
    with the model names but are families of their own (two or more constants each)."""
    return {name for name in native.enum(prefix)
            if "_" not in name or len(native.enum(f"{prefix}_{name.split('_')[0].upper()}")) < 2}


@pytest.mark.parametrize("command,flag,prefix,not_choices", FLAGS, ids=[f[1] for f in FLAGS])
def test_cli_flag_takes_the_c_names(run, native, command, flag, prefix, not_choices):
    names = c_names(native, prefix)
    assert set(not_choices) <= names, "a listed exception names no C constant"
    c_choices = {name.replace("_", "-") for name in names - set(not_choices)}
    assert cli_choices(run, command, flag) == c_choices


def test_python_modules_take_the_c_names(native):
    # The modules, not the package's functions of the same names (segcore.rfm is a function).
    cluster, hierarchy, rfm, scoring = (importlib.import_module(f"segcore.{name}")
                                        for name in ("cluster", "hierarchy", "rfm", "scoring"))
    assert rfm._TS_FORMATS == native.enum("TIMESTAMP")
    assert rfm._MODES == native.enum("RFM")
    assert hierarchy._LINKAGES == native.enum("LINKAGE")
    assert scoring._KINDS == native.enum("NORMALIZE")
    # scikit-learn's "elkan" is accepted as a second name of the exact accelerated algorithm.
    algorithms = {name: value for name, value in cluster._ALGORITHMS.items() if name != "elkan"}
    assert algorithms == {name: value for name, value in native.enum("KMEANS").items() if name != "minibatch"}
