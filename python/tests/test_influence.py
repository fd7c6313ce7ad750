"""segcore.social against networkx: PageRank equal to networkx.pagerank to 1e-9 on random
multigraphs of awkward sizes (dangling and isolated nodes, self loops, parallel edges, zero
weights), with personalization and dangling vectors, text and integer ids; degrees, reach and
audience against networkx's counts; tiers; bad input."""
import numpy as np
import pandas as pd
import pytest

from segcore import social
from segcore._errors import InvalidArgumentError, NotFittedError

nx = pytest.importorskip("networkx", reason="networkx is not installed (apt-get install python3-networkx): "
                                            "PageRank is not compared")
# networkx 2.x routes pagerank through its deprecated pagerank_scipy: same computation.
pytestmark = pytest.mark.filterwarnings("ignore:networkx.pagerank_scipy is deprecated:DeprecationWarning")


def random_edges(n, m, seed, weighted):
    rng = np.random.default_rng(seed)
    active = max(1, n - n // 7)  # the rest appear only as isolated nodes
    src = rng.integers(0, active, m)
    dst = rng.integers(0, active, m)
    loops = rng.random(m) < 0.05
    dst[loops] = src[loops]
    repeat = np.flatnonzero(rng.random(m) < 0.1)
    repeat = repeat[repeat > 0]
    src[repeat], dst[repeat] = src[repeat - 1], dst[repeat - 1]
    keep = ~((src % 5 == 3) & (rng.random(m) < 0.8))  # many dangling nodes
    src, dst = src[keep], dst[keep]
    df = pd.DataFrame({"source": [f"u{s}" for s in src], "target": [f"u{t}" for t in dst]})
    if weighted:
        w = rng.random(src.size) * 10
        w[rng.random(src.size) < 0.05] = 0.0
        df["weight"] = w
    nodes = [f"u{v}" for v in rng.permutation(n)]
    return df, nodes


def networkx_graph(df, nodes, weighted):
    g = nx.MultiDiGraph()
    g.add_nodes_from(nodes)
    if weighted:
        g.add_weighted_edges_from(df[["source", "target", "weight"]].itertuples(index=False))
    else:
        g.add_edges_from(df[["source", "target"]].itertuples(index=False))
    return g


@pytest.mark.parametrize("n", [1, 2, 3, 7, 31, 257, 1000, 4099])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("vectors", [False, True])
def test_pagerank_equals_networkx(n, weighted, vectors):
    df, nodes = random_edges(n, 3 * n + 1, seed=n * 4 + weighted * 2 + vectors, weighted=weighted)
    g = networkx_graph(df, nodes, weighted)
    rng = np.random.default_rng(n)
    personalization = dangling = None
    if vectors:
        personalization = {v: float(rng.integers(0, 5)) for v in nodes[::2]}
        personalization[nodes[0]] = 1.0
        dangling = {v: float(rng.random()) for v in nodes[1::3] or nodes}
        if not any(dangling.values()):
            dangling[nodes[-1]] = 1.0
    kwargs = dict(alpha=0.85, personalization=personalization, dangling=dangling, tol=1e-10, max_iter=1000)
    expected = nx.pagerank(g, weight="weight" if weighted else None, **kwargs)
    for threads in (1, 2, 3):
        ours = social.pagerank(df, weight="weight" if weighted else None, nodes=nodes, n_threads=threads, **kwargs)
        assert list(ours.index) == list(g.nodes)  # networkx's node order
        got = ours.to_numpy()
        np.testing.assert_allclose(got, [expected[v] for v in g.nodes], rtol=0, atol=1e-9)
        if threads == 1:
            first = got
        else:
            assert np.array_equal(got, first)  # bit-identical for any thread count


def test_pagerank_default_tolerance_equals_networkx():
    df, nodes = random_edges(500, 2000, seed=7, weighted=True)
    g = networkx_graph(df, nodes, True)
    expected = nx.pagerank(g)
    ours = social.pagerank(df, weight="weight", nodes=nodes)
    np.testing.assert_allclose(ours.to_numpy(), [expected[v] for v in g.nodes], rtol=0, atol=1e-9)
    assert ours.sum() == pytest.approx(1.0, abs=1e-12)


def test_networkx_own_cases():
    # networkx's test_pagerank.py graph, integer ids, and its expected values.
    edges = [(1, 2), (1, 3), (3, 1), (3, 2), (3, 5), (4, 5), (4, 6), (5, 4), (5, 6), (6, 4)]
    src, dst = np.array(edges).T
    p = social.pagerank(source=src, target=dst, alpha=0.9, tol=1e-8)
    expected = dict(zip(range(1, 7), [0.03721197, 0.05395735, 0.04150565, 0.37508082, 0.20599833, 0.28624589]))
    for k, v in expected.items():
        assert p[k] == pytest.approx(v, abs=1e-4)
    d = social.pagerank(source=src, target=dst, dangling={1: 2, 2: 3, 3: 0, 4: 0, 5: 0, 6: 0})
    expected_d = dict(zip(range(1, 7), [0.10844518, 0.18618601, 0.0710892, 0.2683668, 0.15919783, 0.20671497]))
    for k, v in expected_d.items():
        assert d[k] == pytest.approx(v, abs=1e-4)
    with pytest.raises(NotFittedError, match="not converged after max_iter = 1"):
        social.pagerank(source=src, target=dst, max_iter=1)
    with pytest.raises(InvalidArgumentError, match="personalization is zero for every node"):
        social.pagerank(source=src, target=dst, personalization={1: 0, 2: 0})


def test_degrees_equal_networkx_counts():
    df, nodes = random_edges(300, 1500, seed=3, weighted=True)
    g = networkx_graph(df, nodes, True)
    d = social.degrees(df, weight="weight", nodes=nodes)
    simple = nx.DiGraph(g)
    simple.remove_edges_from(nx.selfloop_edges(simple))
    for v in g.nodes:
        row = d.loc[v]
        assert row["in_degree"] == g.in_degree(v)
        assert row["out_degree"] == g.out_degree(v)
        assert row["in_weight"] == pytest.approx(g.in_degree(v, weight="weight"), abs=1e-9)
        assert row["out_weight"] == pytest.approx(g.out_degree(v, weight="weight"), abs=1e-9)
        assert row["reach"] == simple.out_degree(v)
        assert row["audience"] == simple.in_degree(v)


def test_influencer_tiers():
    followers = pd.Series([0, 999, 1000, 10000, 100000, 500000, 10**6], index=list("abcdefg"))
    t = social.influencer_tiers(followers)
    assert list(t) == ["none", "none", "nano", "micro", "mid", "macro", "mega"]
    assert list(t.index) == list("abcdefg")
    assert list(social.influencer_tiers([5, 15], bands={"nano": 10, "micro": 11, "mid": 12, "macro": 13,
                                                        "mega": 14})) == ["none", "mega"]
    with pytest.raises(InvalidArgumentError, match="is not above"):
        social.influencer_tiers([1], bands={"micro": 1000})
    with pytest.raises(InvalidArgumentError, match="bands names 'giga'"):
        social.influencer_tiers([1], bands={"giga": 1})
    # A star: 1,200 distinct followers of "hub", one of them twice.
    src = [f"f{i}" for i in range(1200)] + ["f0"]
    graph = social.InfluenceGraph(source=src, target=["hub"] * 1201)
    tiers = graph.influencer_tiers()
    assert tiers["hub"] == "nano" and tiers["f0"] == "none"


def test_bad_input_names_what_and_where():
    with pytest.raises(InvalidArgumentError, match=r"edge 1: weight -1"):
        social.pagerank(source=[1, 2], target=[2, 1], weight=[1.0, -1.0])
    with pytest.raises(InvalidArgumentError, match=r"target\[1\] is missing"):
        social.pagerank(source=["a", "b"], target=["b", None])
    with pytest.raises(InvalidArgumentError, match="alpha = 1.5"):
        social.pagerank(source=[1], target=[2], alpha=1.5)
    with pytest.raises(InvalidArgumentError, match="edges has no column 'dst'"):
        social.pagerank(pd.DataFrame({"source": [1], "target": [2]}), target="dst")
    with pytest.raises(InvalidArgumentError, match="'zz', which is not a node"):
        social.pagerank(source=["a"], target=["b"], personalization={"zz": 1})
