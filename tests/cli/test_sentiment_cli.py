"""`--text-col`: the sentiment columns the CLI joins to the profiles equal the Python package's
(segcore.SentimentLexicon().score + segcore.sentiment_by_customer) on generated texts with
emoji, blanks and rows after as_of (one definition across the layers); rules read them."""
import io

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
segcore = pytest.importorskip("segcore")

AS_OF = "2026-12-01"
TEXTS = ["I love it!", "Terrible, never again \U0001F621", "ok I guess", "NOT good at all...",
         "great service \U0001F602\U0001F44D", "meh", "The delivery was late but the staff were GREAT!!",
         "worst purchase ever", "", "  ", "so so", "\"quoted, with a comma\" and a smile :)"]


def _csv(path, n=2500, seed=3):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-06-01").value // 10**9
    t = start + rng.integers(0, 200 * 86400, n)  # some after as_of
    df = pd.DataFrame({
        "customer_id": [f"c{c}" for c in rng.integers(0, 120, n)],
        "timestamp": pd.to_datetime(t, unit="s").strftime("%Y-%m-%d %H:%M:%S"),
        "amount": rng.integers(0, 90, n),
        "comment": rng.choice(TEXTS, n),
    })
    df.to_csv(path, index=False)
    return df


def _expected(df):
    codes, ids = pd.factorize(df["customer_id"])
    t = pd.to_datetime(df["timestamp"]).astype("int64").to_numpy() // 10**9
    blank = df["comment"].fillna("").str.strip() == ""  # empty, or spaces only: no text
    keep = (~blank).to_numpy() & (t <= pd.Timestamp(AS_OF).value // 10**9)
    compound = segcore.SentimentLexicon().score(list(df["comment"][keep]))["compound"]
    agg = segcore.sentiment_by_customer(compound, codes[keep], t[keep], n_customers=len(ids))
    return pd.DataFrame({f"sentiment_{k}": v for k, v in agg.items()}, index=ids)


def test_cli_sentiment_columns_equal_the_python_package(run, tmp_path):
    df = _csv(tmp_path / "t.csv")
    p = run("profile", tmp_path / "t.csv", "--text-col", "comment", "--as-of", AS_OF, "--threads", "2", check=True)
    got = pd.read_csv(io.StringIO(p.stdout), keep_default_na=False, na_values=[""],
                      float_precision="round_trip").set_index("customer_id")
    want = _expected(pd.read_csv(tmp_path / "t.csv", keep_default_na=False)).loc[got.index]
    assert "comment" not in got.columns  # the carried text is not a feature
    np.testing.assert_array_equal(got["sentiment_texts"].to_numpy(), want["sentiment_texts"].to_numpy())
    assert want["sentiment_texts"].sum() < len(df)  # blanks and rows after as_of were left out
    for col in ("sentiment_mean_compound", "sentiment_negative_share", "sentiment_trend_per_day"):
        np.testing.assert_array_equal(got[col].to_numpy(float), want[col].to_numpy(float), err_msg=col)
    assert (got["sentiment_mean_compound"] > 0).any() and (got["sentiment_mean_compound"] < 0).any()
    # One thread gives the same bytes.
    one = run("profile", tmp_path / "t.csv", "--text-col", "comment", "--as-of", AS_OF, "--threads", "1", check=True)
    assert one.stdout == p.stdout
    # Asked for as an attribute too, the text stays.
    both = run("profile", tmp_path / "t.csv", "--text-col", "comment", "--attribute-cols", "comment", check=True)
    assert "comment" in both.stdout.splitlines()[0].split(",")


def test_rules_read_sentiment_columns(run, tmp_path):
    _csv(tmp_path / "t.csv")
    want = _expected(pd.read_csv(tmp_path / "t.csv", keep_default_na=False))
    cut = round(float(want["sentiment_mean_compound"].median()), 3)  # about half the customers
    (tmp_path / "r.rules").write_text(f"mode exclusive\nsegment Unhappy: sentiment_mean_compound < {cut}\n")
    p = run("segment", "--rules", tmp_path / "r.rules", tmp_path / "t.csv", "--text-col", "comment",
            "--as-of", AS_OF, check=True)
    seg = pd.read_csv(io.StringIO(p.stdout))
    unhappy = set(want.index[want["sentiment_mean_compound"] < cut])
    assert unhappy and set(seg.loc[seg["segment"] == "Unhappy", "customer_id"]) == unhappy


@pytest.mark.parametrize("args,words", [
    (["--text-col", "nope"], "column 'nope' is not in the header"),
])
def test_sentiment_flag_errors(run, tmp_path, args, words):
    _csv(tmp_path / "t.csv", n=50)
    p = run("profile", tmp_path / "t.csv", *args)
    assert p.returncode != 0
    assert words in p.stderr
