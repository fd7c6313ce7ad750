import pathlib

import numpy as np
import pytest

import segcore

DATA = pathlib.Path(__file__).resolve().parents[2] / "data" / "cdnow_sample.csv"


def cdnow_transactions():
    rows = np.loadtxt(DATA, delimiter=",", skiprows=1, dtype=str)
    ids = rows[:, 1].astype(np.int64)
    dates = np.array([f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in rows[:, 2]], dtype="datetime64[D]")
    return ids, dates, rows[:, 4].astype(float)


@pytest.fixture(scope="module")
def cdnow():
    ids, dates, amount = cdnow_transactions()
    return segcore.summary_data_from_transactions(ids, dates, amount, time_unit_days=7,
                                                  calibration_end=np.datetime64("1997-09-30"))


def test_summary_matches_the_published_counts(cdnow):
    assert cdnow["customer_id"].shape == (2357,)
    assert (cdnow["frequency"] > 0).sum() == 946
    assert cdnow["frequency"].sum() == 2457
    assert cdnow["recency"][0] == pytest.approx(30.43, abs=0.005)
    assert cdnow["T"][0] == pytest.approx(38.86, abs=0.005)


def test_bgnbd_reproduces_the_paper(cdnow):
    bgf = segcore.BetaGeoFitter(n_threads=2).fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    p = bgf.params_
    assert [round(p[k], 3) for k in ("r", "alpha", "a", "b")] == [0.243, 4.414, 0.793, 2.426]
    assert round(bgf.log_likelihood_, 1) == -9582.4
    assert bgf.stop_reason_ == "converged" and bgf.n_iter_ > 0
    assert bgf.fit_message_.startswith("converged: gradient")
    assert all(0 < bgf.standard_errors_[k] < p[k] for k in p)
    alive = bgf.conditional_probability_alive(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert np.all((alive > 0) & (alive <= 1))
    assert bgf.conditional_probability_alive(0, 0, 10) == 1.0
    e = bgf.conditional_expected_number_of_purchases_up_to_time(39, cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert np.all(e >= 0)
    # Seen for no time = a new customer.
    assert bgf.conditional_expected_number_of_purchases_up_to_time(10, 0, 0, 0) == pytest.approx(
        bgf.expected_number_of_purchases_up_to_time(10), rel=1e-12)


def test_pareto_and_gamma_gamma_and_clv(cdnow):
    pnbd = segcore.ParetoNBDFitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert [round(pnbd.params_[k], 2) for k in ("r", "alpha", "s", "beta")] == [0.55, 10.58, 0.61, 11.67]
    assert round(pnbd.log_likelihood_, 1) == -9595.0
    ggf = segcore.GammaGammaFitter().fit(cdnow["frequency"], cdnow["monetary_value"])
    assert [round(ggf.params_[k], 2) for k in ("p", "q", "v")] == [6.25, 3.74, 15.44]
    clv = ggf.customer_lifetime_value(pnbd, cdnow["frequency"], cdnow["recency"], cdnow["T"],
                                      cdnow["monetary_value"], time=52, steps=12, discount_rate=0.01)
    assert clv.shape == (2357,) and np.all(clv > 0)


def test_bad_input_raises_with_the_reason():
    bgf = segcore.BetaGeoFitter()
    with pytest.raises(segcore.InvalidArgumentError, match="row 1: recency 9 exceeds T 8"):
        bgf.fit([1, 2], [5, 9], [10, 8])
    with pytest.raises(segcore.InvalidArgumentError, match="no customer"):
        bgf.fit([0, 0], [0, 0], [5, 6])
    with pytest.raises(segcore.NotFittedError):
        bgf.conditional_probability_alive([1], [1], [2])
    with pytest.raises(segcore.InvalidArgumentError, match="amount is nan"):
        segcore.summary_data_from_transactions([1, 1], [0, 86400], [5, float("nan")])


def test_non_convergence_is_an_error_not_nan(cdnow):
    bgf = segcore.BetaGeoFitter(max_iter=1)
    with pytest.raises(segcore.NotFittedError, match="not converged after 1 Newton steps"):
        bgf.fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    assert bgf.stop_reason_ == "max_iterations"
    assert "not converged after 1 Newton steps" in bgf.fit_message_
    assert not hasattr(bgf, "params_")
