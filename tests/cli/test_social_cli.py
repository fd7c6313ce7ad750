"""`segcore social EDGES.csv`: one row per node equal to the Python package's InfluenceGraph
over the same edges (the same node order, PageRank to the bit, degrees, weights, reach,
audience, tiers), with quoted ids and blank lines; bad edge files name their line."""
import io

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
segcore = pytest.importorskip("segcore")
from segcore import social  # noqa: E402


def _edges(path, n=20000, seed=6):
    rng = np.random.default_rng(seed)
    ids = [f"u{i}" for i in range(3000)] + ['"quoted, id"', "x\u00e9"]
    src = rng.integers(0, len(ids), n)
    dst = (rng.pareto(1.1, n) * 20).astype(int) % len(ids)
    w = np.round(rng.uniform(0, 3, n), 3)
    lines = ["who,whom,weight"] + [f"{ids[a]},{ids[b]},{c}" for a, b, c in zip(src, dst, w)]
    lines.insert(100, "")  # a blank line is no edge
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pd.read_csv(path, keep_default_na=False)


@pytest.mark.parametrize("weighted", [False, True])
def test_social_command_equals_the_python_package(run, tmp_path, weighted):
    df = _edges(tmp_path / "e.csv")
    flags = ["--weight-col", "weight"] if weighted else []
    p = run("social", tmp_path / "e.csv", "--source-col", "who", "--target-col", "whom", "--raw-csv", *flags,
            check=True)
    got = pd.read_csv(io.StringIO(p.stdout), keep_default_na=False, float_precision="round_trip")
    g = social.InfluenceGraph(df, source="who", target="whom", weight="weight" if weighted else None)
    assert list(got["node"]) == list(g.nodes)
    np.testing.assert_array_equal(got["pagerank"].to_numpy(), g.pagerank(n_threads=2).to_numpy())
    want = g.degrees()
    for col in want.columns:
        np.testing.assert_array_equal(got[col].to_numpy(float), want[col].to_numpy(float), err_msg=col)
    assert list(got["influencer_tier"]) == list(g.influencer_tiers())
    assert "quoted, id" in set(got["node"])
    assert f"{len(df)} edges over {len(g.nodes)} nodes" in p.stderr


@pytest.mark.parametrize("text,args,words", [
    ("source,target\nana,\n", [], "e.csv:2: the target is blank"),
    ("source,target,w\nana,ben,-1\n", ["--weight-col", "w"], "e.csv:2: w '-1' is not a number >= 0"),
    ("source,target\nana,\"ben\n", [], "e.csv:2: column 2: unterminated quoted field"),
    ("source,target\n", ["--source-col", "who"], "column 'who' is not in the header"),
    ("source,target\nana\n", [], "e.csv:2: 1 fields; the header names 2"),
    ("", [], "empty file"),
    ("source,target\nana,ben\n", ["--alpha", "1.5"], "alpha"),
])
def test_social_command_errors(run, tmp_path, text, args, words):
    (tmp_path / "e.csv").write_text(text)
    p = run("social", tmp_path / "e.csv", *args)
    assert p.returncode != 0
    assert words in p.stderr, p.stderr
