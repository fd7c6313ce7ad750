"""`--target-col`: the influence columns the CLI joins to the profiles equal the Python
package's InfluenceGraph over the same edges (PageRank to the bit, degrees, reach, audience,
tiers), with targets that are no customer, blanks and rows after as_of; rules read them."""
import io

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
segcore = pytest.importorskip("segcore")
from segcore import social  # noqa: E402

AS_OF = "2026-12-01"


def _csv(path, n=4000, seed=9):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-06-01").value // 10**9
    t = start + rng.integers(0, 200 * 86400, n)
    who = rng.integers(0, 300, n)
    # Targets drawn with a skew, some of them accounts that are no customer, some blank.
    target = np.where(rng.random(n) < 0.15, "", np.array([f"c{int(x)}" for x in rng.pareto(1.0, n) * 3 % 300]))
    target = np.where(rng.random(n) < 0.1, np.array([f"@brand{i % 4}" for i in range(n)]), target)
    df = pd.DataFrame({"customer_id": [f"c{c}" for c in who],
                       "timestamp": pd.to_datetime(t, unit="s").strftime("%Y-%m-%d %H:%M:%S"),
                       "amount": rng.integers(0, 50, n), "mentioned": target})
    df.to_csv(path, index=False)
    return pd.read_csv(path, keep_default_na=False)


def _expected(df):
    customers = pd.unique(df["customer_id"])
    t = pd.to_datetime(df["timestamp"]).astype("int64").to_numpy() // 10**9
    edges = df[(df["mentioned"] != "") & (t <= pd.Timestamp(AS_OF).value // 10**9)]
    g = social.InfluenceGraph(source=edges["customer_id"].to_numpy(object),
                              target=edges["mentioned"].to_numpy(object), nodes=customers)
    out = g.degrees()[["in_degree", "out_degree", "reach", "audience"]]
    out["pagerank"] = g.pagerank(n_threads=2)
    out["influencer_tier"] = g.influencer_tiers()
    return out


def test_cli_influence_columns_equal_the_python_package(run, tmp_path):
    df = _csv(tmp_path / "g.csv")
    p = run("profile", tmp_path / "g.csv", "--target-col", "mentioned", "--as-of", AS_OF, check=True)
    got = pd.read_csv(io.StringIO(p.stdout), float_precision="round_trip").set_index("customer_id")
    want = _expected(df).loc[got.index]
    assert "mentioned" not in got.columns
    np.testing.assert_array_equal(got["pagerank"].to_numpy(), want["pagerank"].to_numpy())
    for col in ("in_degree", "out_degree", "reach", "audience"):
        np.testing.assert_array_equal(got[col].to_numpy(), want[col].to_numpy().astype(np.int64), err_msg=col)
    assert list(got["influencer_tier"]) == list(want["influencer_tier"])
    assert got["audience"].max() > 5 and (got["out_degree"] > got["reach"]).any()  # parallel edges
    # PageRank over customers and the accounts that are none sums to 1, so customers hold less.
    assert 0.5 < got["pagerank"].sum() < 1


def test_rules_read_influence_columns(run, tmp_path):
    df = _csv(tmp_path / "g.csv")
    want = _expected(df)
    cut = float(np.quantile(want["pagerank"], 0.9))
    (tmp_path / "r.rules").write_text(f"mode exclusive\nsegment Voices: pagerank >= {cut!r}\n")
    p = run("segment", "--rules", tmp_path / "r.rules", tmp_path / "g.csv", "--target-col", "mentioned",
            "--as-of", AS_OF, check=True)
    seg = pd.read_csv(io.StringIO(p.stdout))
    voices = set(want.index[(want["pagerank"] >= cut) & want.index.isin(df["customer_id"])])
    assert voices and set(seg.loc[seg["segment"] == "Voices", "customer_id"]) == voices
