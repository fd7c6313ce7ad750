"""`--topics` with `--text-col`: the listening columns the CLI joins to the profiles equal the
Python package's (TopicSets.match + listening_by_customer) with the profiles' windows, rows
after as_of left out; rules read them; a bad topic file names its line."""
import io

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
segcore = pytest.importorskip("segcore")
from segcore import listening  # noqa: E402

pytestmark = pytest.mark.skipif(not listening.available(), reason="this build of segcore has no RE2")

AS_OF = "2026-12-01"
TOPICS = {"brand": ["acme", "#acme", "acme corp"], "competitor": ["globex", "initech corp"],
          "issue": ["late delivery", "refund", "broken"]}
TEXTS = ["I love Acme!", "Globex was better, Initech-Corp too", "#acme rocks", "late delivery AGAIN, want a refund",
         "acmecorp is not acme corp", "", "broken broken broken", "nothing to say", "#acmefail globex"]


def _files(tmp_path, n=2000, seed=8):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-06-01").value // 10**9
    t = start + rng.integers(0, 200 * 86400, n)
    df = pd.DataFrame({"customer_id": [f"c{c}" for c in rng.integers(0, 90, n)],
                       "timestamp": pd.to_datetime(t, unit="s").strftime("%Y-%m-%d %H:%M:%S"),
                       "amount": rng.integers(0, 50, n), "comment": rng.choice(TEXTS, n)})
    df.to_csv(tmp_path / "t.csv", index=False)
    (tmp_path / "topics.txt").write_text("# the sets\n\n" + "".join(f"{k}: {', '.join(v)}\n" for k, v in TOPICS.items()))
    return pd.read_csv(tmp_path / "t.csv", keep_default_na=False)


def test_cli_listening_columns_equal_the_python_package(run, tmp_path):
    df = _files(tmp_path)
    p = run("profile", tmp_path / "t.csv", "--text-col", "comment", "--topics", tmp_path / "topics.txt",
            "--as-of", AS_OF, "--windows", "14,60", check=True)
    got = pd.read_csv(io.StringIO(p.stdout)).set_index("customer_id")
    codes, ids = pd.factorize(df["customer_id"])
    keep = (df["comment"] != "").to_numpy()
    counts = listening.TopicSets(TOPICS).match(list(df["comment"][keep]))
    t = pd.to_datetime(df["timestamp"]).astype("int64").to_numpy()[keep] // 10**9
    want = pd.DataFrame(listening.listening_by_customer(counts, codes[keep], t, as_of=pd.Timestamp(AS_OF),
                                                        windows=(14, 60), n_customers=len(ids)), index=ids)
    assert want.shape[1] == 3 * 4 and set(want.columns) <= set(got.columns)
    for col in want.columns:
        np.testing.assert_array_equal(got.loc[want.index, col].to_numpy(), want[col].to_numpy(), err_msg=col)
    assert want["mentions_issue"].sum() > want["mentioned_issue"].sum() > want["mentioned_issue_14d"].sum() > 0


def test_cli_listening_counts_over_more_rows_than_one_block(run, tmp_path):
    """Past 2^20 rows the CLI aggregates a block of rows at a time and adds the blocks up."""
    rng = np.random.default_rng(12)
    n = (1 << 20) + 50_000
    texts = np.array(["acme", "globex and acme", "", "late delivery", "nothing"])
    start = pd.Timestamp("2026-06-01").value // 10**9
    df = pd.DataFrame({"customer_id": rng.integers(0, 5000, n), "timestamp": start + rng.integers(0, 200 * 86400, n),
                       "amount": 1, "comment": texts[rng.integers(0, texts.size, n)]})
    df.to_csv(tmp_path / "big.csv", index=False)
    (tmp_path / "topics.txt").write_text("".join(f"{k}: {', '.join(v)}\n" for k, v in TOPICS.items()))
    p = run("profile", tmp_path / "big.csv", "--text-col", "comment", "--topics", tmp_path / "topics.txt",
            "--as-of", AS_OF, "--windows", "30", check=True)
    got = pd.read_csv(io.StringIO(p.stdout)).set_index("customer_id")
    codes, ids = pd.factorize(df["customer_id"])
    keep = df["comment"].to_numpy() != ""
    counts = listening.TopicSets(TOPICS).match(list(df["comment"][keep]), n_threads=2)
    want = pd.DataFrame(listening.listening_by_customer(counts, codes[keep], df["timestamp"].to_numpy()[keep],
                                                        as_of=pd.Timestamp(AS_OF), windows=(30,),
                                                        n_customers=len(ids)), index=ids)
    for col in want.columns:
        np.testing.assert_array_equal(got.loc[want.index, col].to_numpy(), want[col].to_numpy(), err_msg=col)


def test_rules_read_listening_columns(run, tmp_path):
    _files(tmp_path)
    (tmp_path / "r.rules").write_text("mode exclusive\nsegment Wavering: mentioned_competitor_30d >= 2\n")
    p = run("segment", "--rules", tmp_path / "r.rules", tmp_path / "t.csv", "--text-col", "comment",
            "--topics", tmp_path / "topics.txt", "--as-of", AS_OF, check=True)
    seg = pd.read_csv(io.StringIO(p.stdout))
    prof = pd.read_csv(io.StringIO(run("profile", tmp_path / "t.csv", "--text-col", "comment", "--topics",
                                       tmp_path / "topics.txt", "--as-of", AS_OF, check=True).stdout))
    wavering = set(prof.loc[prof["mentioned_competitor_30d"] >= 2, "customer_id"])
    assert wavering and set(seg.loc[seg["segment"] == "Wavering", "customer_id"]) == wavering


@pytest.mark.parametrize("topics,args,words", [
    ("brand: acme\n", [], "--topics goes with --text-col"),
    ("brand: acme\nno colon here\n", ["--text-col", "comment"], "topics.txt:2: expected 'name: pattern"),
    ("# nothing\n", ["--text-col", "comment"], "no topic sets"),
    ("9lives: acme\n", ["--text-col", "comment"], "9lives"),
    ("brand: acme\nbrand: globex\n", ["--text-col", "comment"], "brand"),
    ("brand: acme\nbrand_7d: globex\n", ["--text-col", "comment"],
     "sets 'brand' and 'brand_7d' both give a column mentioned_brand_7d"),
])
def test_topic_file_errors(run, tmp_path, topics, args, words):
    _files(tmp_path, n=40)
    (tmp_path / "topics.txt").write_text(topics)
    p = run("profile", tmp_path / "t.csv", "--topics", tmp_path / "topics.txt", *args)
    assert p.returncode != 0
    assert words in p.stderr, p.stderr
