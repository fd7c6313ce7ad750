#!/usr/bin/env python3
"""PageRank of a generated power-law interaction graph: segcore (1 and 2 threads) against
networkx.pagerank. networkx builds its graph in Python objects, so it runs on a smaller graph
(--nx-edges); segcore runs on both, and its result there is checked against networkx's first.

Times, each the median of --repeat runs: segcore's graph build from integer codes, its
PageRank on the built graph, and the whole segcore.social.pagerank call from id arrays (coding
the ids included); networkx's graph build and its pagerank.

  SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python \\
    /usr/bin/python3 bench/peers/pagerank_peers.py [--edges 10000000] [--nodes 1000000]
"""
import argparse
import statistics
import time

import numpy as np

from segcore import social


def power_law_edges(n_nodes, n_edges, seed=42):
    """Sources uniform, targets drawn with weight ~ 1 / rank (a few nodes get most edges), ids
    shuffled so popularity does not follow the code."""
    rng = np.random.default_rng(seed)
    src = rng.integers(0, n_nodes, n_edges)
    cdf = np.cumsum(1.0 / np.arange(1, n_nodes + 1))
    dst = np.searchsorted(cdf, rng.random(n_edges) * cdf[-1])
    perm = rng.permutation(n_nodes)
    return perm[src].astype(np.int64), perm[dst].astype(np.int64)


def median_time(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def segcore_rows(src, dst, repeat, label):
    graph = social.InfluenceGraph(source=src, target=dst)
    graph.pagerank()  # warm-up: the first call imports pandas for the result
    rows = [(f"{label}: segcore graph build (from ids)", median_time(
        lambda: social.InfluenceGraph(source=src, target=dst), repeat)[0])]
    for threads in (1, 2):
        t, rank = median_time(lambda: graph.pagerank(n_threads=threads), repeat)
        rows.append((f"{label}: segcore pagerank, {threads} thread{'s' if threads > 1 else ''}", t))
    t, _ = median_time(lambda: social.pagerank(source=src, target=dst, n_threads=2), repeat)
    rows.append((f"{label}: segcore.social.pagerank whole call, 2 threads", t))
    return rows, rank


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--edges", type=int, default=10_000_000)
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--nx-edges", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    import networkx as nx

    n_small = max(1, a.nodes * a.nx_edges // a.edges)
    s_src, s_dst = power_law_edges(n_small, a.nx_edges, seed=7)
    rows, ours = segcore_rows(s_src, s_dst, a.repeat, f"{a.nx_edges:,} edges")

    def nx_build():
        g = nx.MultiDiGraph()
        g.add_edges_from(zip(s_src.tolist(), s_dst.tolist()))
        return g
    t_build, g = median_time(nx_build, 1)
    t_rank, theirs = median_time(lambda: nx.pagerank(g), a.repeat)
    gap = max(abs(ours[k] - v) for k, v in theirs.items())
    rows += [(f"{a.nx_edges:,} edges: networkx MultiDiGraph build", t_build),
             (f"{a.nx_edges:,} edges: networkx.pagerank", t_rank)]

    src, dst = power_law_edges(a.nodes, a.edges)
    big, _ = segcore_rows(src, dst, a.repeat, f"{a.edges:,} edges")
    rows += big
    for name, t in rows:
        print(f"{name:<60} {t:8.3f} s")
    print(f"largest |segcore - networkx| on the small graph: {gap:.2e}")


if __name__ == "__main__":
    main()
