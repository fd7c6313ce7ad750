#!/usr/bin/env python3
"""Sentiment throughput: segcore's scorer on 1 and 2 threads against the vader-sentiment
JavaScript port (bench/peers/vader, installed by tools/bootstrap --peers) on the same short
texts (social-media length: 1 to 14 tokens of lexicon words, fillers, negations, boosters,
emoticons, emoji, punctuation).

segcore is timed on its C entry point (segcore_sentiment_score) over texts already encoded
back to back, best of --repeat runs; the port on its scoring loop only (score.js reports it),
not on reading its JSON input. The scores of both are compared as a check.

Usage: PYTHONPATH=python /usr/bin/python3 bench/peers/sentiment_peers.py [--texts 1000000]
"""
import argparse
import ctypes
import json
import pathlib
import random
import shutil
import subprocess
import time

import numpy as np

import segcore
from segcore import _native

ROOT = pathlib.Path(__file__).resolve().parents[2]


def texts(n, seed):
    rng = random.Random(seed)
    lexicon = [line.split("\t", 1)[0] for line in
               (ROOT / "data" / "sentiment" / "vader_lexicon.txt").read_text(encoding="utf-8").splitlines()]
    words = [w for w in lexicon if w.isalpha() and w.islower()]
    emoticons = [w for w in lexicon if " " not in w and not any(c.isalpha() for c in w)]
    extra = ["not", "never", "isn't", "very", "really", "kinda", "but", "least", "the", "and", "it", "was",
             "\U0001F600", "\U0001F622"]
    out = []
    for _ in range(n):
        k = rng.randint(1, 14)
        tokens = []
        for _ in range(k):
            r = rng.random()
            w = rng.choice(words) if r < 0.45 else rng.choice(extra) if r < 0.85 else rng.choice(emoticons)
            if rng.random() < 0.05:
                w = w.upper()
            tokens.append(w)
        text = " ".join(tokens)
        if rng.random() < 0.3:
            text += rng.choice(["!", "!!", "?", ".", "??"])
        out.append(text)
    return out


def time_segcore(lex, data, offsets, n, threads, repeat):
    fn = _native.checked("segcore_sentiment_score")
    compound = np.empty(n)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(lex._handle, data, _native.pointer(offsets), n, threads, _native.pointer(compound), None, None, None)
        best = min(best, time.perf_counter() - start)
    return best, compound


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--no-peer", action="store_true", help="time segcore only (the port takes minutes)")
    args = ap.parse_args()
    items = texts(args.texts, args.seed)
    encoded = [t.encode() for t in items]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    data = b"".join(encoded)
    print(f"{len(items):,} texts, {len(data) / len(items):.1f} bytes on average")
    lex = segcore.SentimentLexicon()
    ours = None
    for threads in (1, 2):
        seconds, ours = time_segcore(lex, data, offsets, len(items), threads, args.repeat)
        print(f"segcore, {threads} thread(s): {seconds:.3f} s, {len(items) / seconds:,.0f} texts/s")
    peer = ROOT / "bench" / "peers" / "vader"
    if args.no_peer:
        return
    if shutil.which("node") and (peer / "node_modules" / "vader-sentiment").is_dir():
        run = subprocess.run(["node", str(peer / "score.js")], input=json.dumps(items), capture_output=True,
                             text=True, check=True)
        seconds = float(run.stderr.split()[-1])
        theirs = np.array(json.loads(run.stdout))
        print(f"vader-sentiment (JavaScript port, 1 thread): {seconds:.3f} s, {len(items) / seconds:,.0f} texts/s")
        agree = np.abs(ours - theirs) <= 1e-4
        print(f"scores within 1e-4 of the port: {agree.mean():.2%} (the rest: the port's known departures, "
              "docs/guides/sentiment.md)")
    else:
        print("vader-sentiment port not installed (tools/bootstrap --peers): no peer timing")


if __name__ == "__main__":
    main()
