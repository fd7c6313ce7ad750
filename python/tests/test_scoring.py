import numpy as np
import pytest

import segcore


def _data(n=2000, seed=0):
    rng = np.random.default_rng(seed)
    spend = rng.lognormal(4, 1, n)
    spend[rng.random(n) < 0.05] = np.nan
    return {"recency": rng.integers(0, 400, n), "spend": spend, "visits": rng.integers(0, 17, n).astype(float)}


def test_fitted_parameters_and_scores_match_numpy():
    d = _data()
    m = segcore.WeightedScore({"recency": -1.0, "spend": 0.5, "visits": 0.25},
                              normalize={"recency": "zscore", "spend": "minmax", "visits": "none"}, bias=0.1).fit(d)
    p = m.params_
    np.testing.assert_allclose(p["recency"]["center"], np.mean(d["recency"]), rtol=1e-13)
    np.testing.assert_allclose(p["recency"]["scale"], np.std(d["recency"]), rtol=1e-13)
    np.testing.assert_allclose(p["spend"]["center"], np.nanmin(d["spend"]), rtol=0)
    np.testing.assert_allclose(p["spend"]["scale"], np.nanmax(d["spend"]) - np.nanmin(d["spend"]), rtol=1e-15)
    assert (p["visits"]["center"], p["visits"]["scale"]) == (0.0, 1.0)
    want = (0.1 - (d["recency"] - p["recency"]["center"]) / p["recency"]["scale"]
            + 0.5 * (d["spend"] - p["spend"]["center"]) / p["spend"]["scale"] + 0.25 * d["visits"])
    got = m.score(d)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert np.isnan(got).sum() == np.isnan(d["spend"]).sum() > 0
    np.testing.assert_array_equal(m.score(d, n_threads=3), got)
    filled = m.score(d, missing_as_zero=True)
    gap = np.isnan(d["spend"])
    np.testing.assert_allclose(filled[~gap], got[~gap], rtol=0)
    rest = 0.1 - (d["recency"] - p["recency"]["center"]) / p["recency"]["scale"] + 0.25 * d["visits"]
    np.testing.assert_allclose(filled[gap], rest[gap], rtol=1e-12)  # the missing term adds nothing
    i = int(np.flatnonzero(~gap)[0])
    assert m.score_one({k: v[i] for k, v in d.items()}) == got[i]
    assert np.isnan(m.score_one({"recency": 3, "visits": 1}))


def test_parameters_are_reused_on_new_rows():
    m = segcore.WeightedScore({"recency": -2.0, "visits": 1.0}).fit(_data(seed=1))
    again = segcore.WeightedScore.from_params(m.params_, bias=m.bias)
    fresh = _data(300, seed=2)
    np.testing.assert_array_equal(again.score(fresh), m.score(fresh))
    refit = segcore.WeightedScore({"recency": -2.0, "visits": 1.0}).fit(fresh)
    assert refit.params_["recency"]["center"] != m.params_["recency"]["center"]


def test_against_scikit_learn_scalers():
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    d = _data(seed=3)
    x = np.column_stack([d["recency"].astype(float), d["visits"]])
    z = segcore.WeightedScore({"recency": 1.0}).fit(d).score(d)
    np.testing.assert_allclose(z, preprocessing.StandardScaler().fit_transform(x)[:, 0], rtol=1e-12, atol=1e-12)
    mm = segcore.WeightedScore({"visits": 1.0}, normalize="minmax").fit(d).score(d)
    np.testing.assert_allclose(mm, preprocessing.MinMaxScaler().fit_transform(x)[:, 1], rtol=1e-12, atol=1e-15)


def test_bad_input_is_named():
    d = _data(10)
    with pytest.raises(segcore.NotFoundError, match="no column 'spnd'"):
        segcore.WeightedScore({"spnd": 1.0}).fit(d)
    with pytest.raises(segcore.InvalidArgumentError, match="'flat' has zero variance"):
        segcore.WeightedScore({"flat": 1.0}).fit({"flat": np.ones(5)})
    with pytest.raises(segcore.InvalidArgumentError, match="normalize for 'spend' is 'robust'"):
        segcore.WeightedScore({"spend": 1.0}, normalize="robust")
    with pytest.raises(segcore.InvalidArgumentError, match="is text"):
        segcore.WeightedScore({"city": 1.0}).fit({"city": np.array(["a", "b"])})
    with pytest.raises(segcore.NotFittedError):
        segcore.WeightedScore({"spend": 1.0}).score(d)
    with pytest.raises(segcore.InvalidArgumentError, match="strictly ascending; edge 1 \\(0.2\\) is not above edge 0"):
        segcore.ScoreBands([0.5, 0.2], ["Low", "Medium", "High"])
    with pytest.raises(segcore.InvalidArgumentError, match="3 names for 1 edges"):
        segcore.ScoreBands([0.5], ["Low", "Medium", "High"])


def test_bands_over_scores_and_a_dataframe():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"spend": [5.0, 50.0, 500.0, None], "visits": [1, 2, 9, 4]})
    m = segcore.WeightedScore({"spend": 1.0, "visits": 1.0}, normalize="minmax").fit(df)
    s = m.score(df)
    bands = segcore.ScoreBands([0.5, 1.5], ["Low", "Medium", "High"])
    assert list(bands.assign(s)) == ["Low", "Low", "High", None]
    np.testing.assert_array_equal(bands.assign_codes([0.5, 1.5, 1.51, np.nan]), [1, 1, 2, -1])
