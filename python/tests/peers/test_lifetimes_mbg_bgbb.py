"""lifetimes' own tests of ModifiedBetaGeoFitter and BetaGeoBetaBinomFitter (tests/test_estimation.py
of CamDavidsonPilon/lifetimes, classes TestModifiedBetaGammaFitter and TestBetaGeoBetaBinomFitter)
run against segcore.clv: same data, same expected values, same tolerances. Where lifetimes asks
about a history segcore refuses (x = 0 with t_x > 0), the test says so and asks the valid one."""
import pathlib

import numpy as np
import numpy.testing as npt
import pytest

import segcore

DATA = pathlib.Path(__file__).resolve().parent / "data"


def _columns(name):
    table = np.loadtxt(DATA / name, delimiter=",", skiprows=1)
    return [table[:, j] for j in range(table.shape[1])]


@pytest.fixture(scope="module")
def cdnow_customers():
    _, x, tx, T = _columns("cdnow_customers_summary.csv")
    return x, tx, T


@pytest.fixture(scope="module")
def donations():
    """lifetimes' load_donations(): frequency, recency, periods, weights (Fader, Hardie and Shang 2010)."""
    x, tx, n, w = _columns("donations.csv")
    return x, tx, n, w


@pytest.fixture(scope="module")
def mbgf(cdnow_customers):
    return segcore.ModifiedBetaGeoFitter().fit(*cdnow_customers)


@pytest.fixture(scope="module")
def bbtf(donations):
    x, tx, n, w = donations
    return segcore.BetaGeoBetaBinomFitter().fit(x, tx, n, w)


def _params(model, *names):
    return np.array([model.params_[n] for n in names])


# ---------------------------------------------------------------- TestModifiedBetaGammaFitter

class TestModifiedBetaGeoFitter:
    def test_params_out_is_close_to_BTYDplus(self, mbgf):
        """See https://github.com/mplatzer/BTYDplus"""
        expected = np.array([0.525, 6.183, 0.891, 1.614])
        npt.assert_array_almost_equal(expected, _params(mbgf, "r", "alpha", "a", "b"), decimal=3)

    def test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet(self, mbgf):
        actual = mbgf.conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86)
        assert abs(1.226 - actual) < 0.05

    def test_expectation_returns_same_value_Hardie_excel_sheet(self, mbgf):
        times = np.array([0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00])
        expected = np.array([0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576])
        npt.assert_allclose(mbgf.expected_number_of_purchases_up_to_time(times), expected, rtol=0.05)

    def test_conditional_probability_alive_returns_lessthan_1_if_no_repeat_purchases(self, mbgf):
        # lifetimes asks (0, 1, 1); without repeat purchases recency is 0, and segcore refuses
        # the inconsistent row.
        assert mbgf.conditional_probability_alive(0, 0, 1) < 1.0
        with pytest.raises(segcore.InvalidArgumentError):
            mbgf.conditional_probability_alive(0, 1, 1)

    def test_conditional_probability_alive_is_between_0_and_1(self, mbgf):
        for i in range(0, 100, 10):
            for j in range(0, 100, 10):
                for k in range(j, 100, 10):
                    if (i == 0) != (j == 0):
                        continue  # not a history (see above)
                    assert 0 <= mbgf.conditional_probability_alive(i, j, k) <= 1.0

    def test_penalizer_term_will_shrink_coefs_to_0(self, cdnow_customers, mbgf):
        params_1 = np.array(list(mbgf.params_.values()))
        params_2 = np.array(list(segcore.ModifiedBetaGeoFitter(penalizer_coef=0.1).fit(*cdnow_customers)
                                 .params_.values()))
        assert params_2.sum() < params_1.sum()
        params_3 = np.array(list(segcore.ModifiedBetaGeoFitter(penalizer_coef=100).fit(*cdnow_customers)
                                 .params_.values()))
        assert params_3.sum() < params_2.sum()

    def test_scaling_inputs_gives_same_or_similar_results(self, cdnow_customers, mbgf):
        x, tx, T = cdnow_customers
        scale = 10
        large = segcore.ModifiedBetaGeoFitter().fit(x, scale * tx, scale * T)
        assert abs(large.conditional_probability_alive(1, scale * 1, scale * 2)
                   - mbgf.conditional_probability_alive(1, 1, 2)) < 10e-2
        assert abs(large.conditional_probability_alive(1, scale * 2, scale * 10)
                   - mbgf.conditional_probability_alive(1, 2, 10)) < 10e-2


# ---------------------------------------------------------------- TestBetaGeoBetaBinomFitter

class TestBetaGeoBetaBinomFitter:
    def test_params_out_is_close_to_Hardie_paper(self, bbtf):
        expected = np.array([1.204, 0.750, 0.657, 2.783])
        npt.assert_array_almost_equal(expected, _params(bbtf, "alpha", "beta", "gamma", "delta"), decimal=2)

    def test_prob_alive_is_close_to_Hardie_paper_table_6(self, bbtf, donations):
        """Table 6: P(Alive in 2002) as a Function of Recency and Frequency"""
        x, tx, n, _ = donations
        prob_alive = bbtf.conditional_probability_alive(1, x, tx, n)
        # Expected probabilities for last year 1995-0 repeat, 1999-2 repeat, 2001-6 repeat
        expected = np.array([0.11, 0.59, 0.93])
        prob_list = np.array([prob_alive[(x == 0) & (tx == 0)][0], prob_alive[(x == 2) & (tx == 4)][0],
                              prob_alive[(x == 6) & (tx == 6)][0]])
        npt.assert_array_almost_equal(expected, prob_list, decimal=2)

    def test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet(self, bbtf, donations):
        """Total from Hardie's Conditional Expectations (II) sheet."""
        x, tx, n, w = donations
        pred_purchases = bbtf.conditional_expected_number_of_purchases_up_to_time(5, x, tx, n) * w
        npt.assert_almost_equal(12884.2, pred_purchases.sum(), decimal=0)

    def test_fit_with_and_without_weights(self, bbtf, donations):
        x, tx, n, w = donations
        reps = w.astype(int)
        exploded = segcore.BetaGeoBetaBinomFitter().fit(np.repeat(x, reps), np.repeat(tx, reps), np.repeat(n, reps))
        assert reps.sum() == 11104
        npt.assert_array_almost_equal(_params(exploded, "alpha", "beta", "gamma", "delta"),
                                      _params(bbtf, "alpha", "beta", "gamma", "delta"), decimal=4)


# ---------------------------------------------------------------- conditional_probability_alive_matrix

@pytest.mark.parametrize("cls", [segcore.BetaGeoFitter, segcore.ModifiedBetaGeoFitter, segcore.ParetoNBDFitter])
def test_conditional_probability_alive_matrix(cls, cdnow_customers):
    """lifetimes' test of each fitter: Z[t_x][x] is P(alive | x, t_x, max T). lifetimes also
    fills the cells that are not histories (x = 0 with t_x > 0 and the reverse); segcore leaves
    them NaN."""
    model = cls().fit(*cdnow_customers)
    Z = model.conditional_probability_alive_matrix()
    max_t = int(cdnow_customers[2].max())
    assert Z.shape == (max_t + 1, int(cdnow_customers[0].max()) + 1)
    if cls is segcore.BetaGeoFitter:
        assert Z[0][0] == 1
    for t_x in range(Z.shape[0]):
        for x in range(Z.shape[1]):
            if (x == 0) != (t_x == 0):
                assert np.isnan(Z[t_x][x])
            else:
                assert Z[t_x][x] == model.conditional_probability_alive(x, t_x, max_t)


def test_expected_purchases_in_n_periods_returns_same_value_as_Hardie_excel_sheet(bbtf):
    """lifetimes' TestBetaGeoBetaBinomFitter: total expected from Hardie's In-Sample Fit sheet."""
    expected = np.array([3454.9, 1253.1])  # Cells C18 and C24
    got = bbtf.expected_number_of_transactions_in_first_n_periods(6)
    npt.assert_almost_equal(expected, np.array([got[0], got[6]]), decimal=0)
    assert sum(got.values()) == pytest.approx(11104, rel=1e-12)  # every frequency 0..6 is in the data


@pytest.mark.parametrize("which", ["mbgf", "bbtf"])
def test_save_load(which, request, tmp_path):
    """As lifetimes' test_save_load_bgnbd: parameters, options and predictions survive a model file."""
    model = request.getfixturevalue(which)
    path = tmp_path / "model.segm"
    model.save(str(path))
    loaded = type(model).load(str(path))
    assert loaded.params_ == model.params_
    assert loaded.penalizer_coef == model.penalizer_coef
    assert segcore.model_info(str(path))["kind"] == {"mbgf": "mbgnbd", "bbtf": "bgbb"}[which]
    assert (loaded.conditional_expected_number_of_purchases_up_to_time(1, 1, 2, 5)
            == model.conditional_expected_number_of_purchases_up_to_time(1, 1, 2, 5))
    assert loaded.expected_number_of_purchases_up_to_time(3) == model.expected_number_of_purchases_up_to_time(3)
    assert "loaded from a model file" in repr(loaded)
    other = segcore.BetaGeoFitter
    with pytest.raises(segcore.InvalidArgumentError):
        other.load(str(path))
