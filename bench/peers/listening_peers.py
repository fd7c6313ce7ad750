#!/usr/bin/env python3
"""Listening throughput: segcore's RE2::Set matcher on 1 and 2 threads against Python's re on
the same short texts and topic sets (4 sets of 50 patterns: 30 keywords, 12 two-word phrases,
8 hashtags, as bench/bench_listening.cpp).

segcore is timed on its C entry point (segcore_listening_match) over texts already encoded back
to back, best of --repeat runs. The peer is one compiled re per set with the same rules (word
boundaries as look-arounds over the Unicode word class, longest pattern first, re.IGNORECASE),
counting with findall, on one thread; it is what a Python user would write. Both counts are
compared as a check.

Usage: PYTHONPATH=python /usr/bin/python3 bench/peers/listening_peers.py [--texts 200000]
"""
import argparse
import random
import re
import time

import numpy as np

from segcore import TopicSets, _native
from segcore._columns import texts_back_to_back

SYLLABLES = ["ka", "ro", "mi", "te", "lu", "sa", "no", "vi", "da", "pe", "zo", "ri"]
GAPS = [" ", " ", " ", " ", ", ", ". ", "! ", " #", " - ", "? "]


def workload(n, seed):
    rng = random.Random(seed)
    vocab = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(2000)]
    sets = {}
    for name in ("brand", "competitor", "product", "issue"):
        patterns = []
        for p in range(50):
            w = rng.choice(vocab)
            patterns.append(w if p < 30 else f"{w} {rng.choice(vocab)}" if p < 42 else f"#{w}")
        sets[name] = patterns
    texts = []
    for _ in range(n):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 14))]
        words = [w.capitalize() if rng.random() < 0.1 else w for w in words]
        texts.append("".join(w + (rng.choice(GAPS) if k + 1 < len(words) else "") for k, w in enumerate(words)))
    return sets, texts


# Python's \w is letters, numbers and '_' (not marks); the peer's patterns and texts are ASCII
# here, where the two classes agree.
def peer_regex(patterns):
    alts = []
    for p in patterns:
        tag = p.startswith("#")
        words = re.split(r"[^\w]+", p[1:] if tag else p)
        alts.append((len(words), ("#" if tag else "") + r"\W+".join(map(re.escape, words))))
    alts.sort(key=lambda a: -a[0])
    return re.compile(r"(?<!\w)(?:" + "|".join(a for _, a in alts) + r")(?!\w)", re.IGNORECASE)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--no-peer", action="store_true", help="time segcore only")
    args = ap.parse_args()
    sets, texts = workload(args.texts, args.seed)
    data, offsets = texts_back_to_back(texts, "texts")
    n = len(texts)
    print(f"{n:,} texts, {len(data) / n:.1f} bytes on average; {len(sets)} sets of 50 patterns")
    compiled = TopicSets(sets)
    match = _native.checked("segcore_listening_match")
    counts = np.zeros((n, len(sets)), dtype=np.uint32)
    for threads in (1, 2):
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            match(compiled._handle, data, _native.pointer(offsets), n, threads, _native.pointer(counts))
            best = min(best, time.perf_counter() - start)
        print(f"segcore (RE2::Set), {threads} thread(s): {best:.3f} s, {n / best:,.0f} texts/s")
    if args.no_peer:
        return
    regexes = [peer_regex(p) for p in sets.values()]
    start = time.perf_counter()
    theirs = np.array([[len(r.findall(t)) for r in regexes] for t in texts], dtype=np.uint32)
    seconds = time.perf_counter() - start
    print(f"Python re (one pattern per set, findall), 1 thread: {seconds:.3f} s, {n / seconds:,.0f} texts/s")
    print(f"counts equal: {bool((theirs == counts).all())} ({int(counts.sum()):,} matches)")


if __name__ == "__main__":
    main()
