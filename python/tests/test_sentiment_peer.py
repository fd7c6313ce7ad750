"""segcore's sentiment scores against the vader-sentiment JavaScript port of VADER (npm), on the
reference's example sentences and on 12,000 generated ones.

The port follows an earlier release of the reference (github.com/cjhutto/vaderSentiment) and
differs from its 3.3 rules, which segcore follows, in known places (docs/guides/sentiment.md):
case-sensitive negation and "but", no "no" rule, no "without doubt" rule, "never so" 1.5
instead of 1.25, fewer boosters, other idioms, one-letter words dropped, no emoji lexicon. The
generated class leaves those inputs out and draws everything else: lexicon words (plain, ALL
CAPS), emoticons, fillers, emoji, negations 1 to 3 words back, boosters and dampeners (ALL
CAPS too), "kind of" / "sort of", "least", "but", exclamation and question marks.

Runs where Node and the port are installed (tools/bootstrap --peers); skips saying so elsewhere.
"""
import json
import pathlib
import random
import shutil
import subprocess

import numpy as np
import pytest

import segcore

ROOT = pathlib.Path(__file__).resolve().parents[2]
PEER = ROOT / "bench" / "peers" / "vader"
LEXICON = ROOT / "data" / "sentiment" / "vader_lexicon.txt"


def _peer_missing():
    if shutil.which("node") is None:
        return "Node is not installed (tools/bootstrap --peers)"
    if not (PEER / "node_modules" / "vader-sentiment").is_dir():
        return "the vader-sentiment npm package is not installed in bench/peers/vader (tools/bootstrap --peers)"
    return None


pytestmark = pytest.mark.skipif(_peer_missing() is not None, reason=str(_peer_missing()))


def peer_compound(texts):
    run = subprocess.run(["node", str(PEER / "score.js")], input=json.dumps(texts), capture_output=True,
                         text=True, check=True, timeout=600)
    return np.array(json.loads(run.stdout))


EXAMPLES = [  # the reference's demo sentences
    "VADER is smart, handsome, and funny.", "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.", "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "The book was good.", "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.", "Today SUX!",
    "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!", "Not bad at all",
    "Sentiment analysis has never been good.", "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.", "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.", "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!", "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.", "Not such a badass after all.",
    "Without a doubt, an excellent idea.",
]
# Where the port departs from the reference's 3.3 rules, with the reason (read in its source).
PORT_DIFFERS = {
    "Today only kinda sux! But I'll get by, lol": "the port finds only 'but' and 'BUT', not 'But'",
    "Not bad at all": "the port's negation words are matched case-sensitively ('Not')",
    "Not such a badass after all.": "the port's negation words are matched case-sensitively ('Not')",
    "Without a doubt, excellent idea.": "the port lacks the reference's 'without doubt' rule",
    "Without a doubt, an excellent idea.": "the port lacks the reference's 'without doubt' rule",
}


def _without_emoji():
    """The shipped valence lexicon alone: the port has no emoji lexicon."""
    return segcore.SentimentLexicon(LEXICON)


def test_reference_examples_against_the_port():
    ours = _without_emoji().score(EXAMPLES)["compound"]
    theirs = peer_compound(EXAMPLES)
    for text, a, b in zip(EXAMPLES, ours, theirs):
        if text in PORT_DIFFERS:
            assert abs(a - b) > 1e-4, f"{text!r} now agrees with the port: {PORT_DIFFERS[text]} no longer holds"
        else:
            assert abs(a - b) <= 1e-4, f"{text!r}: segcore {a:.6f}, port {b:.4f}"


# Words whose rules the port does not share: reference-only boosters, idiom words, "no", "this",
# "doubt", "never" (its "never so" scalar differs).
_LEFT_OUT = set("""considerable enormous exceptional extreme frackin fracking fuckin fuggin fugging incredible major
    total tremendous utter marginal occasional scarce slight no nor or this doubt never without the shit bomb bad ass
    badass bus stop yeah right kiss death die beating heart broken cut mustard hand mouth kind sort of least but so
    just enough""".split())
_BOOSTERS = """absolutely amazingly awfully completely considerably decidedly deeply effing enormously entirely
    especially exceptionally extremely fabulously flipping flippin fricking frickin frigging friggin fully fucking
    greatly hella highly hugely incredibly intensely majorly more most particularly purely quite really remarkably
    substantially thoroughly totally tremendously uber unbelievably unusually utterly very almost barely hardly kinda
    kindof less little marginally occasionally partly scarcely slightly somewhat sorta sortof""".split()
_NEGATIONS = """aint arent cannot cant couldnt darent didnt doesnt ain't aren't can't couldn't daren't didn't doesn't
    dont hadnt hasnt havent isnt mightnt mustnt neither don't hadn't hasn't haven't isn't mightn't mustn't neednt
    needn't none nope not nothing nowhere oughtnt shant shouldnt uhuh wasnt werent oughtn't shan't shouldn't uh-uh
    wasn't weren't wont wouldnt won't wouldn't rarely seldom despite""".split()
# Emoji outside the Basic Multilingual Plane: the port counts UTF-16 units and drops tokens of
# one unit (such as U+2764), where the reference counts characters and keeps them.
_EMOJI = ["\U0001F600", "\U0001F621", "\U0001F498", "\U0001F48B", "\U0001F44D", "\U0001F622"]
_PUNCT = [".", "!", "?", ",", ";", ":", "!!", "!!!", "??", "???", "?!?", "!?!"]


def _vocabulary():
    words, emoticons = [], []
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        token = line.split("\t", 1)[0]
        if token in _LEFT_OUT or token in _BOOSTERS or token in _NEGATIONS:
            continue
        if len(token) >= 3 and token.isascii() and token.isalpha() and token.islower():
            words.append(token)
        elif len(token) >= 2 and token.isascii() and " " not in token and not any(c.isalpha() for c in token):
            emoticons.append(token)
    return words, emoticons


def _but_lookup_may_differ(text, valence):
    """After "but", the reference finds each rescaled value again by its first equal value in
    the list (so a later value equal to an earlier, already rescaled one rescales the earlier
    position instead); the port rescales by position. Sentences where that can happen (equal
    or half-equal valences) are left out, and so are those with both "but" and "BUT", which the
    port looks for in that order."""
    tokens = [t.strip("!?.,;:") for t in text.split()]
    lowered = [t.lower() for t in tokens]
    if "but" not in lowered:
        return False
    if "but" in tokens and "BUT" in tokens:
        return True
    values = [abs(valence[t]) for t in lowered if t in valence]
    return len(values) != len(set(values)) or any(a * 0.5 == b or a == b * 0.5 for a in values for b in values)


def _sentences(n, seed):
    rng = random.Random(seed)
    words, emoticons = _vocabulary()
    valence = {}
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        token, value = line.split("\t")[:2]
        valence[token] = float(value)
    out = []
    for _ in range(n):
        tokens, used = [], set()
        for _ in range(rng.randint(1, 14)):
            r = rng.random()
            if r < 0.40:
                w = rng.choice(words)
                if rng.random() < 0.15:
                    w = w.upper()
                if rng.random() < 0.15:
                    w += rng.choice(_PUNCT)
            elif r < 0.48:
                w = rng.choice(emoticons)
            elif r < 0.58:
                w = "zq" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 6)))
            elif r < 0.63:
                w = rng.choice(_EMOJI)
            elif r < 0.73:
                w = rng.choice(_NEGATIONS)
            elif r < 0.83:
                w = rng.choice(_BOOSTERS)
                if w not in ("so",) and rng.random() < 0.2:
                    w = w.upper()
            elif r < 0.87:
                w = rng.choice(["kind of", "sort of", "at least", "least"])
            elif r < 0.93:
                w = rng.choice(["but", "BUT"])
            else:  # punctuation after the last word
                if tokens and tokens[-1].isalpha() and len(tokens[-1]) >= 3:
                    tokens[-1] += rng.choice(_PUNCT)
                continue
            tokens.append(w)
            used.add(w)
        text = " ".join(tokens)
        if _but_lookup_may_differ(text, valence):
            continue
        out.append(text)
    return out


def test_generated_sentences_against_the_port():
    texts = _sentences(16000, seed=22)
    assert len(texts) >= 10_000
    ours = _without_emoji().score(texts, n_threads=2)["compound"]
    theirs = peer_compound(texts)
    bad = [(t, a, b) for t, a, b in zip(texts, ours, theirs) if abs(a - b) > 1e-4]
    assert not bad, f"{len(bad)} of {len(texts)} differ, e.g. {bad[:5]}"
    # The class is not degenerate: most sentences carry sentiment, of both signs.
    assert (ours > 0.05).mean() > 0.3 and (ours < -0.05).mean() > 0.2
