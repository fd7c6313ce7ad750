"""Model files from Python: every wrapped model saved and loaded back (file and bytes) gives
bit-identical results; damaged, foreign and missing files raise the matching errors."""
import os

import numpy as np
import pytest

import segcore

RNG = np.random.default_rng(7)
X = RNG.normal(size=(120, 4))


def round_trips(model, tmp_path):
    """The model loaded from a file and from bytes."""
    path = tmp_path / "model.segmodel"
    model.save(path)
    data = model.to_bytes()
    assert path.read_bytes() == data
    return type(model).load(path), type(model).from_bytes(data)


@pytest.mark.parametrize("cls", [segcore.StandardScaler, segcore.MinMaxScaler, segcore.RobustScaler])
def test_scalers(cls, tmp_path):
    s = cls(log1p=False).fit(X)
    for back in round_trips(s, tmp_path):
        assert type(back) is cls
        np.testing.assert_array_equal(back.transform(X), s.transform(X))
        np.testing.assert_array_equal(back.center_, s.center_)
    other = segcore.RobustScaler if cls is not segcore.RobustScaler else segcore.StandardScaler
    with pytest.raises(segcore.InvalidArgumentError, match="not a"):
        other.from_bytes(s.to_bytes())


def test_pca_kmeans_minibatch(tmp_path):
    p = segcore.PCA(n_components=2, whiten=True).fit(X)
    for back in round_trips(p, tmp_path):
        np.testing.assert_array_equal(back.transform(X), p.transform(X))
        assert back.n_components == 2

    km = segcore.KMeans(3, random_state=1).fit(X)
    for back in round_trips(km, tmp_path):
        np.testing.assert_array_equal(back.predict(X), km.predict(X))
        np.testing.assert_array_equal(back.transform(X), km.transform(X))
        assert back.inertia_ == km.inertia_ and back.n_clusters == 3
    with pytest.raises(segcore.InvalidArgumentError, match="not a MiniBatchKMeans"):
        segcore.MiniBatchKMeans.from_bytes(km.to_bytes())

    mb = segcore.MiniBatchKMeans(3, random_state=2).partial_fit(X[:60])
    back = segcore.MiniBatchKMeans.from_bytes(mb.to_bytes())
    mb.partial_fit(X[60:])
    back.partial_fit(X[60:])
    np.testing.assert_array_equal(back.cluster_centers_, mb.cluster_centers_)


def test_logistic_and_clv(tmp_path):
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    m = segcore.LogisticRegression(C=0.3).fit(X, y)
    for back in round_trips(m, tmp_path):
        np.testing.assert_array_equal(back.predict_proba(X), m.predict_proba(X))
        np.testing.assert_array_equal(back.coef_, m.coef_)

    bg = segcore.BetaGeoFitter().set_params(r=0.24, alpha=4.41, a=0.79, b=2.43)
    for back in round_trips(bg, tmp_path):
        assert back.params_ == bg.params_
        t = np.array([1.0, 10.0, 52.0])
        np.testing.assert_array_equal(back.expected_number_of_purchases_up_to_time(t),
                                      bg.expected_number_of_purchases_up_to_time(t))
    with pytest.raises(segcore.InvalidArgumentError, match="bgnbd"):
        segcore.ParetoNBDFitter.from_bytes(bg.to_bytes())
    gg = segcore.GammaGammaFitter().set_params(p=6.25, q=3.74, v=15.44)
    assert segcore.GammaGammaFitter.from_bytes(gg.to_bytes()).params_ == gg.params_
    assert segcore.model_info(gg.to_bytes())["kind"] == "gamma_gamma"


def test_rules_segment_sets_and_rfm_edges(tmp_path):
    cols = {"monetary": np.array([50.0, 700.0, 20.0]), "frequency": np.array([1, 9, 3], dtype=np.int64)}
    r = segcore.Rule("monetary > 40 and frequency < 5", cols)
    for back in round_trips(r, tmp_path):
        assert back.text == r.text and back.fields == r.fields
        np.testing.assert_array_equal(back.evaluate(cols), r.evaluate(cols))

    s = segcore.SegmentSet("mode exclusive\nfallback Other\nsegment Whale: monetary > 500\n"
                           "segment Regular: frequency >= 3\n", cols)
    for back in round_trips(s, tmp_path):
        assert back.names == s.names and back.fallback == "Other"
        np.testing.assert_array_equal(back.assign(cols), s.assign(cols))

    # 60 customers with 1 to 5 orders each, on different days: distinct quantile edges.
    cust = np.repeat(np.arange(60), [1 + i % 5 for i in range(60)])
    ts = (np.arange(cust.size) * 7 + cust * 86400 * 3).astype(np.int64)
    amt = RNG.uniform(1, 100, size=cust.size)
    p = segcore.Profiles.from_arrays(cust, ts, amt, np.arange(cust.size))
    res = p.rfm(bins=3, mode="quantile")
    path = tmp_path / "edges.segmodel"
    segcore.save_rfm_edges(res, path)
    bins, edges = segcore.load_rfm_edges(path)
    assert bins == 3
    for got, want in zip(edges, res.edges(3)):
        np.testing.assert_array_equal(got, want)
    assert segcore.load_rfm_edges(segcore.save_rfm_edges(res))[0] == 3
    p.rfm(bins=bins, mode="fixed", edges=edges)


def test_bad_files(tmp_path):
    s = segcore.StandardScaler().fit(X)
    data = bytearray(s.to_bytes())
    with pytest.raises(segcore.NotFittedError):
        segcore.StandardScaler().save(tmp_path / "x")
    with pytest.raises(segcore.NotFoundError):
        segcore.StandardScaler.load(tmp_path / "missing")
    with pytest.raises(segcore.CorruptDataError, match="truncated"):
        segcore.StandardScaler.from_bytes(bytes(data[:40]))
    data[50] ^= 1
    with pytest.raises(segcore.CorruptDataError, match="checksum"):
        segcore.StandardScaler.from_bytes(bytes(data))
    with pytest.raises(segcore.InvalidArgumentError, match="holds a scaler model, not a PCA model"):
        segcore.PCA.from_bytes(s.to_bytes())
    # A failed save leaves the old file whole and nothing else in the folder.
    path = tmp_path / "m.segmodel"
    s.save(path)
    before = path.read_bytes()
    os.mkdir(tmp_path / "taken")
    (tmp_path / "taken" / "f").write_bytes(b"x")
    with pytest.raises(segcore.SegcoreIOError):
        s.save(tmp_path / "taken")
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["m.segmodel", "taken"]
