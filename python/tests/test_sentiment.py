"""segcore.sentiment: the Python layer over the C ABI (lexicon files, errors, threads) and the
per-customer aggregates against a pandas recomputation."""
import numpy as np
import pandas as pd
import pytest

import segcore
from segcore import InvalidArgumentError, NotFoundError, SentimentLexicon, sentiment_by_customer


def test_shipped_lexicon_scores_the_published_example():
    lex = SentimentLexicon()
    assert len(lex) > 7000 and lex.emoji_count > 1000
    s = lex.score(["VADER is smart, handsome, and funny.", b"The book was good.", ""])
    assert abs(s["compound"][0] - 0.8316) <= 0.5e-4
    assert abs(s["compound"][1] - 0.4404) <= 0.5e-4
    assert s["compound"][2] == 0 and s["neu"][2] == 0
    np.testing.assert_allclose(s["pos"][:2] + s["neu"][:2] + s["neg"][:2], 1, atol=1e-12)


def test_shipped_emoji_read_as_their_names():
    """The reference README's emoji example scores as published with the shipped lexicons."""
    s = SentimentLexicon().score(["Catch utf-8 emoji such as \U0001F498 and \U0001F48B and \U0001F601"])
    assert abs(s["compound"][0] - 0.7003) <= 0.5e-4


def test_lexicon_and_emoji_files(tmp_path):
    (tmp_path / "lex.txt").write_text("qzgood\t2.0\nqzbad\t-1.5\n", encoding="utf-8")
    (tmp_path / "emoji.txt").write_text("\U0001F600\tqzgood face\n", encoding="utf-8")
    lex = SentimentLexicon(tmp_path / "lex.txt", emoji_path=tmp_path / "emoji.txt")
    assert len(lex) == 2 and lex.emoji_count == 1
    s = lex.score(["qzgood", "\U0001F600", "not qzbad"])["compound"]
    assert s[0] == pytest.approx(2 / np.sqrt(4 + 15), abs=1e-15)
    assert s[1] == s[0]
    assert s[2] == pytest.approx(1.11 / np.sqrt(1.11 ** 2 + 15), abs=1e-12)
    (tmp_path / "broken.txt").write_text("qzgood\t2.0\nqzbad -1.5\n", encoding="utf-8")
    with pytest.raises(InvalidArgumentError, match="broken.txt:2:"):
        SentimentLexicon(tmp_path / "broken.txt")
    with pytest.raises(NotFoundError):
        SentimentLexicon(tmp_path / "missing.txt")


def test_bad_texts_and_threads():
    lex = SentimentLexicon()
    with pytest.raises(InvalidArgumentError, match="text 1"):
        lex.score(["fine", b"\xff\xfe"])
    with pytest.raises(InvalidArgumentError):
        lex.score([3])
    with pytest.raises(InvalidArgumentError):
        lex.score(["x"], n_threads=0)
    rng = np.random.default_rng(5)
    words = ["good", "bad", "not", "very", "BUT", "but", "great!", "zzz", ":)", "kind of", "least", "NO"]
    texts = [" ".join(rng.choice(words, size=rng.integers(0, 12))) for _ in range(20011)]
    one = lex.score(texts, n_threads=1)
    for threads in (2, 3, None):
        many = lex.score(texts, n_threads=threads)
        for k in one:
            assert one[k].tobytes() == many[k].tobytes()


def test_aggregates_against_pandas():
    rng = np.random.default_rng(7)
    n = 20000
    df = pd.DataFrame({"customer": rng.integers(0, 300, n), "compound": rng.uniform(-1, 1, n),
                       "time": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 400 * 86400, n), unit="s")})
    df.loc[::13, "compound"] = -0.05
    got = sentiment_by_customer(df["compound"].to_numpy(), df["customer"].to_numpy(),
                                df["time"].to_numpy(), n_customers=301)
    days = (df["time"] - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86400

    def slope(g):
        x, y = days[g.index], g["compound"]
        return ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()

    grouped = df.groupby("customer")
    expect = pd.DataFrame({"texts": grouped.size(), "mean": grouped["compound"].mean(),
                           "neg": grouped["compound"].apply(lambda c: (c <= -0.05).mean()),
                           "trend": grouped.apply(slope)}).reindex(range(301))
    np.testing.assert_array_equal(got["texts"][:300], expect["texts"][:300].to_numpy())
    assert got["texts"][300] == 0 and np.isnan(got["mean_compound"][300])
    np.testing.assert_allclose(got["mean_compound"], expect["mean"], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(got["negative_share"][:300], expect["neg"][:300].to_numpy())
    np.testing.assert_allclose(got["trend_per_day"][:300], expect["trend"][:300], rtol=1e-8, atol=1e-15)
    with pytest.raises(InvalidArgumentError, match="customer"):
        sentiment_by_customer([0.1], [5], [0], n_customers=2)
    with pytest.raises(InvalidArgumentError, match="compound"):
        sentiment_by_customer([1.5], [0], [0])
