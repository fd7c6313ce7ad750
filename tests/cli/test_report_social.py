"""The report's social section: `segcore run` with --interaction-col, --text-col, --target-col
and --topics records each social measure's mean per RFM segment, the top influencers and the
listening counts (run.json "social"), equal to a pandas recomputation from the run's own
profiles.csv and rfm.csv, and the page shows them; a run without those flags has none."""
import json

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
segcore = pytest.importorskip("segcore")
from segcore import listening  # noqa: E402

TEXTS = ["love it", "terrible service", "Globex is cheaper", "acme rocks", "", "meh, acme again"]


def _events(path, n=6000, seed=4):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2025-01-01").value // 10**9
    customer = rng.integers(0, 250, n)
    df = pd.DataFrame({
        "customer_id": [f"c{c}" for c in customer],
        "timestamp": pd.to_datetime(start + rng.integers(0, 330 * 86400, n), unit="s").strftime("%Y-%m-%d %H:%M:%S"),
        "amount": np.round(rng.gamma(2.0, 20.0, n), 2),
        "kind": rng.choice(["view", "like", ""], n),
        "comment": rng.choice(TEXTS, n),
        "mentioned": np.where(rng.random(n) < 0.3, [f"c{int(x)}" for x in rng.pareto(1.2, n) * 4 % 250], ""),
    })
    df.to_csv(path, index=False)


def test_run_records_and_shows_social_measures(run, tmp_path):
    _events(tmp_path / "e.csv")
    (tmp_path / "topics.txt").write_text("brand: acme\ncompetitor: globex\n")
    args = ["--interaction-col", "kind", "--text-col", "comment", "--target-col", "mentioned"]
    if listening.available():
        args += ["--topics", tmp_path / "topics.txt"]
    run("run", tmp_path / "e.csv", *args, "--output", tmp_path / "out", check=True)
    record = json.loads((tmp_path / "out" / "run.json").read_text())["social"]
    profiles = pd.read_csv(tmp_path / "out" / "profiles.csv", keep_default_na=False, na_values=[""])
    rfm = pd.read_csv(tmp_path / "out" / "rfm.csv", keep_default_na=False)
    assert list(profiles["customer_id"]) == list(rfm["customer_id"])
    measures = record["measures"]
    want = ["n_interactions", "engagement_rate", "weekend_share", "sentiment_texts", "sentiment_mean_compound",
            "sentiment_negative_share", "pagerank", "audience"]
    assert measures[:8] == want
    if listening.available():
        assert measures[8:] == ["mentioned_brand", "mentioned_competitor"]
    means = profiles[measures].groupby(rfm["segment"]).mean()
    sizes = rfm["segment"].value_counts()
    for g in record["by_segment"]:
        assert g["customers"] == sizes.get(g["segment"], 0)
        if g["customers"]:
            got = np.array([np.nan if v is None else v for v in g["means"]], dtype=float)
            np.testing.assert_allclose(got, means.loc[g["segment"]].to_numpy(float), rtol=1e-9, err_msg=g["segment"])
    top = profiles.sort_values("pagerank", ascending=False, kind="stable").head(10)
    assert [t["customer"] for t in record["top_influencers"]] == list(top["customer_id"])
    assert [t["audience"] for t in record["top_influencers"]] == list(top["audience"])
    assert record["top_influencers"][0]["audience"] > 3
    for entry in record["listening"]:
        assert entry["mentions"] == profiles[f"mentions_{entry['set']}"].sum()
        assert entry["customers"] == (profiles[f"mentioned_{entry['set']}"] > 0).sum()
    page = (tmp_path / "out" / "report.html").read_text()
    assert '<section id="social">' in page and "Top influencers" in page
    assert f"<td>{top['customer_id'].iloc[0]}</td>" in page
    # The page is rendered from the record alone, again.
    run("report", tmp_path / "out", "--output", tmp_path / "again.html", check=True)
    assert (tmp_path / "again.html").read_text() == page


def test_run_without_social_flags_has_no_social_section(run, tmp_path):
    _events(tmp_path / "e.csv", n=2000)
    run("run", tmp_path / "e.csv", "--output", tmp_path / "out", check=True)
    assert json.loads((tmp_path / "out" / "run.json").read_text())["social"] is None
    assert 'id="social"' not in (tmp_path / "out" / "report.html").read_text()


def test_carried_text_columns_named_like_social_measures_are_not_read_as_numbers(run, tmp_path):
    """A text column carried with --attribute-cols and named audience or pagerank crashed the
    run record (a text column read as numbers); it is no social measure."""
    _events(tmp_path / "e.csv", n=1500)
    df = pd.read_csv(tmp_path / "e.csv", keep_default_na=False)
    df.rename(columns={"kind": "audience", "comment": "pagerank"}).to_csv(tmp_path / "t.csv", index=False)
    run("run", tmp_path / "t.csv", "--attribute-cols", "audience,pagerank", "--output", tmp_path / "out", check=True)
    assert json.loads((tmp_path / "out" / "run.json").read_text())["social"] is None
