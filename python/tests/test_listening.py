"""segcore.listening: set counts equal an independent recount with Python's re (explicit
word-boundary look-arounds over Unicode categories) on generated texts; thread counts; the
per-customer sums against pandas; rules over the result columns; bad input."""
import re
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest

import segcore
from segcore import InvalidArgumentError, TopicSets, listening_by_customer
from segcore.listening import available

pytestmark = pytest.mark.skipif(not available(), reason="this build of segcore has no RE2 (libre2-dev)")


def _word_class():
    """A regex class of the word characters: Unicode letters, marks and numbers, and '_'."""
    ranges, start = [], None
    for cp in range(sys.maxunicode + 2):
        word = cp <= sys.maxunicode and (unicodedata.category(chr(cp))[0] in "LMN" or cp == ord("_"))
        if word and start is None:
            start = cp
        elif not word and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}" if cp - 1 > start
                          else re.escape(chr(start)))
            start = None
    return "".join(ranges)


WORD = _word_class()
# In a pattern, whitespace and ASCII other than letters, digits and '_' separate words.
PATTERN_GAP = re.compile(r"[\s\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]+")


def reference_count(patterns, text):
    """A set's count: non-overlapping matches, leftmost first, and at one place the pattern with
    the most words (the longest match there: two patterns matching at one place in the same
    number of words match the same text)."""
    alts = []
    for p in patterns:
        p = p.strip()
        tag = p.startswith("#")
        words = PATTERN_GAP.split(p[1:] if tag else p)
        alts.append((len(words), ("#" if tag else "") + f"[^{WORD}]+".join(re.escape(w) for w in words)))
    alts.sort(key=lambda a: -a[0])
    body = "|".join(f"(?:{a})" for _, a in alts)
    return len(re.findall(f"(?<![{WORD}])(?:{body})(?![{WORD}])", text, flags=re.IGNORECASE))


VOCAB = ["acme", "Acme", "ACME", "globex", "Globex", "initech", "corp", "late", "delivery", "refund",
         "café", "CAFÉ", "cafe\u0301", "δέλτα", "ΔΈΛΤΑ", "москва", "Москва", "東京", "駅", "x", "a1", "_",
         "2024", "٣", "service", "customer", "Customer", "wifi", "wi", "fi"]
GAPS = [" ", "  ", ", ", "-", "...", "!", "\n", "\t", "#", " #", "\u00a0", "\U0001F600", "’", "/", "(", ")", "",
        "", "_"]


def generated_texts(rng, n):
    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rng.integers(0, 14)):
            parts.append(VOCAB[rng.integers(len(VOCAB))])
            parts.append(GAPS[rng.integers(len(GAPS))])
        texts.append("".join(parts))
    return texts


SETS = {
    "brand": ["acme", "#acme", "acme corp", "Acme-Corp service"],
    "competitor": ["globex", "initech", "#globex"],
    "issues": ["late delivery", "refund", "customer service", "wi-fi", "#late"],
    "unicode": ["café", "δέλτα", "Москва", "東京", "東京 駅", "٣"],
    "tokens": ["a1", "x", "2024", "_", "x x"],
}


def test_counts_equal_python_re_on_generated_texts():
    rng = np.random.default_rng(20261207)
    texts = generated_texts(rng, 4000)
    sets = TopicSets(SETS)
    assert len(sets) == 5 and sets.n_patterns == sum(len(p) for p in SETS.values())
    got = sets.match(texts)
    total = 0
    for name, patterns in SETS.items():
        expected = np.array([reference_count(patterns, t) for t in texts], dtype=np.uint32)
        mismatch = np.flatnonzero(got[name] != expected)
        assert mismatch.size == 0, (name, texts[mismatch[0]], got[name][mismatch[0]], expected[mismatch[0]])
        total += int(expected.sum())
        assert expected.max() >= 2  # each set is found, some texts more than once
    assert total > 4000


def test_counts_do_not_depend_on_threads():
    rng = np.random.default_rng(5)
    texts = generated_texts(rng, 6000)
    sets = TopicSets(SETS)
    one = sets.match(texts, n_threads=1)
    for threads in (2, 3, None):
        other = sets.match(texts, n_threads=threads)
        for name in SETS:
            np.testing.assert_array_equal(other[name], one[name])


def test_pandas_in_and_out_and_per_customer_sums():
    rng = np.random.default_rng(9)
    n = 3000
    day = 86400
    as_of = 1_700_000_000
    df = pd.DataFrame({
        "text": generated_texts(rng, n),
        "customer": rng.integers(0, 50, n),
        # Whole days for half the texts: some fall on a window's edge exactly.
        "time": as_of - rng.integers(-5, 120, n) * day - rng.integers(0, 2, n) * rng.integers(0, day, n),
    })
    sets = TopicSets(SETS)
    counts = sets.match(df["text"], n_threads=2)
    per = pd.DataFrame(listening_by_customer(counts, df["customer"], df["time"], as_of=as_of, n_customers=50))
    kept = df[df["time"] <= as_of]
    for name in SETS:
        c = pd.Series(counts[name], index=df.index)[kept.index].astype(np.int64)
        mentions = c.groupby(kept["customer"]).sum().reindex(range(50), fill_value=0)
        texts = (c > 0).groupby(kept["customer"]).sum().reindex(range(50), fill_value=0)
        np.testing.assert_array_equal(per[f"mentions_{name}"], mentions)
        np.testing.assert_array_equal(per[f"mentioned_{name}"], texts)
        for w in (7, 30, 90):
            recent = (c > 0) & (kept["time"] > as_of - w * day)
            expected = recent.groupby(kept["customer"]).sum().reindex(range(50), fill_value=0)
            np.testing.assert_array_equal(per[f"mentioned_{name}_{w}d"], expected)
    # datetime64 times and the default as_of (the latest time + 1 day) give the same counts.
    times = pd.to_datetime(df["time"], unit="s").to_numpy()
    again = listening_by_customer(counts, df["customer"], times, n_customers=50, windows=(30,))
    latest = int(df["time"].max()) + day
    recent = (pd.Series(counts["brand"]) > 0) & (df["time"] > latest - 30 * day)
    np.testing.assert_array_equal(again["mentioned_brand_30d"],
                                  recent.groupby(df["customer"]).sum().reindex(range(50), fill_value=0))


def test_a_rule_over_listening_and_sentiment_columns():
    texts = ["Globex was great, acme is awful", "I hate that acme refund took ages", "globex fine",
             "Initech and Globex are both terrible", "love it"]
    customer = np.array([0, 0, 1, 2, 3])
    day = 86400
    time = np.array([100, 99, 20, 95, 100]) * day
    counts = TopicSets({"competitor": ["globex", "initech"]}).match(texts)
    listening = listening_by_customer(counts, customer, time, as_of=100 * day + 1)
    scores = segcore.SentimentLexicon().score(texts)["compound"]
    mood = segcore.sentiment_by_customer(scores, customer, time)
    columns = {"mentioned_competitor_30d": listening["mentioned_competitor_30d"].astype(np.int64),
               "sentiment_mean": mood["mean_compound"]}
    rule = segcore.Rule("mentioned_competitor_30d > 0 and sentiment_mean < 0", columns)
    expected = (columns["mentioned_competitor_30d"] > 0) & (columns["sentiment_mean"] < 0)
    np.testing.assert_array_equal(rule.evaluate(columns), expected)
    assert expected.tolist() == [True, False, True, False]  # customer 1's mention is 80 days old


def test_bad_input_is_a_clear_error():
    with pytest.raises(InvalidArgumentError, match="set 0 has an empty name"):
        TopicSets({"": ["acme"]})
    with pytest.raises(InvalidArgumentError, match=r"set 'brand' pattern 1 \(''\): the pattern is empty"):
        TopicSets({"brand": ["acme", ""]})
    with pytest.raises(InvalidArgumentError, match="has no patterns"):
        TopicSets({"brand": []})
    with pytest.raises(InvalidArgumentError, match="a hashtag is '#' and one word"):
        TopicSets({"brand": ["#acme fail"]})
    with pytest.raises(InvalidArgumentError, match="without NUL"):
        TopicSets({"brand": ["ac\0me"]})
    with pytest.raises(InvalidArgumentError, match="list of patterns"):
        TopicSets({"brand": "acme"})
    with pytest.raises(InvalidArgumentError, match="invalid UTF-8"):
        TopicSets({"brand": ["ac\udcffme"]})
    sets = TopicSets({"brand": ["acme"]})
    with pytest.raises(InvalidArgumentError, match="text 1: invalid UTF-8 at byte 2"):
        sets.match(["acme", b"ok\xc3"])
    with pytest.raises(InvalidArgumentError, match=r"texts\[0\] is a NoneType"):
        sets.match([None])
    with pytest.raises(InvalidArgumentError, match="n_threads"):
        sets.match(["acme"], n_threads=0)
    counts = sets.match(["acme"])
    with pytest.raises(InvalidArgumentError, match="must be equal"):
        listening_by_customer(counts, [0, 1], [0])
    with pytest.raises(InvalidArgumentError, match="window_days"):
        listening_by_customer(counts, [0], [0], windows=(0,))
    assert sets.match([])["brand"].size == 0


def test_set_names_whose_columns_collide_are_refused():
    """Sets "brand" and "brand_7d" would both give mentioned_brand_7d: refused, not one dropped."""
    counts = {"brand": np.array([1, 0], np.uint32), "brand_7d": np.array([0, 2], np.uint32)}
    with pytest.raises(InvalidArgumentError, match="'brand' and 'brand_7d' both give a column 'mentioned_brand_7d'"):
        listening_by_customer(counts, [0, 1], [0, 86400], windows=(7,))
    assert "mentioned_brand_7d" in listening_by_customer(counts, [0, 1], [0, 86400], windows=(30,))
