"""lifetimes' own estimation tests (tests/test_estimation.py of CamDavidsonPilon/lifetimes, the
BG/NBD, Pareto/NBD and Gamma-Gamma cases) run against segcore.clv: same data, same expected
values, same tolerances. Cases for features segcore does not have, and the reasons, are listed in
docs/COMPATIBILITY.md ("Ported from lifetimes: test_estimation.py")."""
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
    """lifetimes' load_cdnow_summary(): ID, frequency, recency, T (weeks)."""
    _, x, tx, T = _columns("cdnow_customers_summary.csv")
    return {"frequency": x, "recency": tx, "T": T}


@pytest.fixture(scope="module")
def cdnow_customers_with_monetary_value():
    """lifetimes' load_cdnow_summary_data_with_monetary_value(): x, t_x, T, zbar renamed."""
    _, x, tx, T, zbar = _columns("cdnow_customers_summary_with_transactions.csv")
    return {"frequency": x, "recency": tx, "T": T, "monetary_value": zbar}


@pytest.fixture(scope="module")
def bgf(cdnow_customers):
    c = cdnow_customers
    return segcore.BetaGeoFitter().fit(c["frequency"], c["recency"], c["T"])


@pytest.fixture(scope="module")
def ptf(cdnow_customers):
    c = cdnow_customers
    return segcore.ParetoNBDFitter().fit(c["frequency"], c["recency"], c["T"])


def _params(model, *names):
    return np.array([model.params_[n] for n in names])


def _valid_grid(step_range):
    """lifetimes' (frequency, recency, T) loops, split into the histories segcore accepts and
    those it refuses: x = 0 with t_x > 0, or x > 0 with t_x = 0, cannot happen in summary data
    (docs/CLV.md, input rules)."""
    valid, invalid = [], []
    for x in step_range:
        for tx in step_range:
            for T in range(tx, 100, 10):
                (valid if (x == 0) == (tx == 0) else invalid).append((float(x), float(tx), float(T)))
    return np.array(valid).T, np.array(invalid).T


# ---------------------------------------------------------------- TestGammaGammaFitter

class TestGammaGammaFitter:
    def test_params_out_is_close_to_Hardie_paper(self, cdnow_customers_with_monetary_value):
        c = cdnow_customers_with_monetary_value
        returning = c["frequency"] > 0
        ggf = segcore.GammaGammaFitter().fit(c["frequency"][returning], c["monetary_value"][returning])
        expected = np.array([6.25, 3.74, 15.44])
        npt.assert_array_almost_equal(expected, _params(ggf, "p", "q", "v"), decimal=2)

    def test_conditional_expected_average_profit(self, cdnow_customers_with_monetary_value):
        ggf = segcore.GammaGammaFitter().set_params(p=6.25, q=3.74, v=15.44)
        c = cdnow_customers_with_monetary_value
        estimates = ggf.conditional_expected_average_profit(c["frequency"][:10], c["monetary_value"][:10])
        # from Hardie's spreadsheet, http://brucehardie.com/notes/025/
        expected = np.array([24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17])
        npt.assert_allclose(estimates, expected, atol=0.1)

    def test_params_out_is_close_to_Hardie_paper_with_q_constraint(self, cdnow_customers_with_monetary_value):
        c = cdnow_customers_with_monetary_value
        returning = c["frequency"] > 0
        ggf = segcore.GammaGammaFitter(q_constraint=True).fit(c["frequency"][returning], c["monetary_value"][returning])
        expected = np.array([6.25, 3.74, 15.44])
        npt.assert_array_almost_equal(expected, _params(ggf, "p", "q", "v"), decimal=2)

    def test_negative_log_likelihood_is_inf_when_q_constraint_true_and_q_lt_one(self):
        """lifetimes checks that its private likelihood is infinite at q < 1 under the
        constraint, so that its optimiser never goes there. segcore's public counterpart: on mean
        spends whose unconstrained optimum has q < 1 (no population mean spend: NaN for a
        customer without repeat purchases), the constrained fit ends at q just above 1, says
        the fit is degenerate, and gives every customer a finite expected spend."""
        rng = np.random.default_rng(5)
        rates = rng.gamma(0.5, 1 / 10.0, 3000)
        x = rng.integers(1, 7, rates.size).astype(float)
        m = np.array([rng.gamma(4.0, 1 / r, int(n)).mean() for r, n in zip(rates, x)])
        free = segcore.GammaGammaFitter().fit(x, m)
        assert free.params_["q"] < 1
        with pytest.warns(segcore.ClvValueWarning):
            assert np.isnan(free.conditional_expected_average_profit(0, 0.0))
        with pytest.warns(segcore.DegenerateFitWarning, match="population mean does not exist"):
            bound = segcore.GammaGammaFitter(q_constraint=True).fit(x, m)
        assert 1 < bound.params_["q"] < 1.001 and bound.degenerate_
        assert np.isfinite(bound.conditional_expected_average_profit(np.append(x, 0), np.append(m, 0.0))).all()

    @pytest.mark.parametrize("hours_per_day", [1, 24], ids=["freq_D", "freq_H"])
    def test_customer_lifetime_value_with_bgf(self, cdnow_customers_with_monetary_value, hours_per_day):
        """lifetimes compares GammaGammaFitter.customer_lifetime_value with its utility that sums
        monthly steps (30 days, or 720 hours for freq="H") of spend x (predict(i) - predict(i-1)),
        discounted by 1.01 per month over 12 months; here that sum is recomputed from segcore's
        own predictions."""
        c = cdnow_customers_with_monetary_value
        ggf = segcore.GammaGammaFitter().set_params(p=6.25, q=3.74, v=15.44)
        bgf = segcore.BetaGeoFitter().fit(c["frequency"], c["recency"], c["T"])
        step = 30 * hours_per_day
        clv = ggf.customer_lifetime_value(bgf, c["frequency"], c["recency"], c["T"], c["monetary_value"],
                                          time=12 * step, steps=12, discount_rate=0.01)
        spend = ggf.conditional_expected_average_profit(c["frequency"], c["monetary_value"])
        previous, expected = np.zeros_like(spend), np.zeros_like(spend)
        for month in range(1, 13):
            now = bgf.conditional_expected_number_of_purchases_up_to_time(month * step, c["frequency"],
                                                                         c["recency"], c["T"])
            expected += spend * (now - previous) / 1.01 ** month
            previous = now
        npt.assert_allclose(clv, expected, rtol=1e-12)


# ---------------------------------------------------------------- TestParetoNBDFitter

class TestParetoNBDFitter:
    OVERFLOW_PARAMS = dict(r=10.465, alpha=7.98565181e-03, s=3.0516, beta=2.820)

    def test_overflow_error(self):
        """lifetimes checks its private log A0 at these extreme histories is finite and < 0;
        segcore's public counterpart is P(alive), which contains A0: it must be finite, in [0, 1]
        and, for 500 purchases in the first week then 36 silent weeks, close to 0."""
        ptf = segcore.ParetoNBDFitter().set_params(**self.OVERFLOW_PARAMS)
        freq = np.array([400.0, 500.0, 500.0])
        rec = np.array([5.0, 1.0, 4.0])
        age = np.array([6.0, 37.0, 37.0])
        p = ptf.conditional_probability_alive(freq, rec, age)
        assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
        assert np.all(p[1:] < 1e-6)

    def test_params_out_is_close_to_Hardie_paper(self, ptf):
        expected = np.array([0.553, 10.578, 0.606, 11.669])
        npt.assert_array_almost_equal(expected, _params(ptf, "r", "alpha", "s", "beta"), decimal=2)

    def test_expectation_returns_same_value_as_R_BTYD(self, ptf):
        """From https://cran.r-project.org/web/packages/BTYD/BTYD.pdf"""
        expected = np.array([0.00000000, 0.05077821, 0.09916088, 0.14542507, 0.18979930,
                             0.23247466, 0.27361274, 0.31335159, 0.35181024, 0.38909211])
        actual = ptf.expected_number_of_purchases_up_to_time(np.arange(10))
        npt.assert_allclose(expected, actual, atol=0.01)

    def test_conditional_expectation_returns_same_value_as_R_BTYD(self, ptf):
        """From the BTYD walkthrough (cran.r-project.org/web/packages/BTYD/vignettes)."""
        actual = ptf.conditional_expected_number_of_purchases_up_to_time(52, 26.00, 30.86, 31)
        assert abs(25.46 - actual) < 0.01

    def test_conditional_expectation_underflow(self):
        """A small change of input must not change the result much (no underflow)."""
        ptf = segcore.ParetoNBDFitter().set_params(alpha=10.58, beta=11.67, r=0.55, s=0.61)
        left = ptf.conditional_expected_number_of_purchases_up_to_time(10, 132, 200, 200)
        right = ptf.conditional_expected_number_of_purchases_up_to_time(10, 133, 200, 200)
        assert abs(left - right) < 0.05

    def test_conditional_probability_alive_is_between_0_and_1(self, ptf):
        valid, invalid = _valid_grid(range(0, 100, 10))
        p = ptf.conditional_probability_alive(*valid)
        assert np.all((0.0 <= p) & (p <= 1.0))
        for x, tx, T in invalid.T:  # lifetimes answers these; segcore names the bad row
            with pytest.raises(segcore.InvalidArgumentError, match="row 0"):
                ptf.conditional_probability_alive(x, tx, T)

    def test_conditional_probability_alive(self):
        """Target taken from page 8 of the BTYD walkthrough."""
        ptf = segcore.ParetoNBDFitter().set_params(r=0.5534, alpha=10.5802, s=0.6061, beta=11.6562)
        assert abs(ptf.conditional_probability_alive(26.00, 30.86, 31.00) - 0.9979) < 0.001

    def test_conditional_probability_alive_overflow_error(self):
        ptf = segcore.ParetoNBDFitter().set_params(**self.OVERFLOW_PARAMS)
        freq = np.array([40.0, 50.0, 50.0])
        rec = np.array([5.0, 1.0, 4.0])
        age = np.array([6.0, 37.0, 37.0])
        p = ptf.conditional_probability_alive(freq, rec, age)
        assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))

    def test_conditional_probability_of_n_purchases_up_to_time_is_between_0_and_1(self, ptf):
        """lifetimes draws 5 values of each of frequency, recency, age - recency, t and n
        unseeded; seeded here, and all 3,125 combinations in broadcast calls. Histories segcore
        refuses (x = 0 with t_x > 0, or the reverse) are checked to be refused; t = 0 gives
        exactly 0 or 1 (lifetimes: 0)."""
        rng = np.random.RandomState(0)
        freq, rec, gap = rng.choice(100, 5), rng.choice(100, 5), rng.choice(100, 5)
        t, n = rng.choice(100, 5), rng.choice(10, 5)
        x, tx, extra, tt, nn = (a.ravel().astype(float) for a in np.meshgrid(freq, rec, gap, t, n, indexing="ij"))
        valid = (x == 0) == (tx == 0)
        p = ptf.conditional_probability_of_n_purchases_up_to_time(nn[valid], tt[valid], x[valid], tx[valid],
                                                                   tx[valid] + extra[valid])
        assert np.all((0.0 <= p) & (p <= 1.0))
        i = np.flatnonzero(~valid)
        if i.size:
            with pytest.raises(segcore.InvalidArgumentError, match="row 0"):
                ptf.conditional_probability_of_n_purchases_up_to_time(nn[i[0]], tt[i[0]], x[i[0]], tx[i[0]],
                                                                      tx[i[0]] + extra[i[0]])

    def test_conditional_probability_of_n_purchases_up_to_time_adds_up_to_1(self, ptf):
        """lifetimes' sampled histories (seeded here), the sum over n = 0..19 to 2 decimals;
        histories segcore refuses are left out, as above."""
        rng = np.random.RandomState(1)
        checked = 0
        for freq in rng.choice(10, 5):
            for recency in rng.choice(9, 5):
                for age in rng.choice(np.arange(recency, 10, 1), 5):
                    if (freq == 0) != (recency == 0):
                        continue
                    for t in 1 + rng.choice(9, 5):
                        total = np.sum(ptf.conditional_probability_of_n_purchases_up_to_time(
                            np.arange(0, 20, 1), t, freq, recency, age))
                        npt.assert_almost_equal(total, 1.0, decimal=2)
                        checked += 1
        assert checked > 0

    def test_fit_with_and_without_weights(self, cdnow_customers, ptf):
        keys, weights = _grouped(cdnow_customers)
        pnbd = segcore.ParetoNBDFitter().fit(*keys, weights=weights)
        npt.assert_array_almost_equal(_params(ptf, "r", "alpha", "s", "beta"),
                                      _params(pnbd, "r", "alpha", "s", "beta"), decimal=2)


def _grouped(c):
    """lifetimes' groupby(['frequency', 'recency', 'T']).size(): distinct rows and their counts."""
    rows = np.stack([c["frequency"], c["recency"], c["T"]], axis=1)
    distinct, counts = np.unique(rows, axis=0, return_counts=True)
    return distinct.T, counts.astype(float)


# ---------------------------------------------------------------- TestBetaGeoFitter

class TestBetaGeoFitter:
    def test_params_out_is_close_to_Hardie_paper(self, bgf):
        expected = np.array([0.243, 4.414, 0.793, 2.426])
        npt.assert_array_almost_equal(expected, _params(bgf, "r", "alpha", "a", "b"), decimal=3)

    def test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet(self, bgf):
        actual = bgf.conditional_expected_number_of_purchases_up_to_time(39, 2, 30.43, 38.86)
        assert abs(1.226 - actual) < 0.001

    def test_expectation_returns_same_value_Hardie_excel_sheet(self, bgf):
        times = np.array([0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00])
        expected = np.array([0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576])
        npt.assert_array_almost_equal(bgf.expected_number_of_purchases_up_to_time(times), expected, decimal=3)

    def test_conditional_probability_alive_returns_1_if_no_repeat_purchases(self, bgf):
        # lifetimes asks (0, 1, 1); a customer without repeat purchases has recency 0 (both
        # summaries say so), and segcore refuses the inconsistent row rather than guess.
        assert bgf.conditional_probability_alive(0, 0, 1) == 1.0
        with pytest.raises(segcore.InvalidArgumentError):
            bgf.conditional_probability_alive(0, 1, 1)

    def test_conditional_probability_alive_is_between_0_and_1(self, bgf):
        valid, invalid = _valid_grid(range(0, 100, 10))
        p = bgf.conditional_probability_alive(*valid)
        assert np.all((0 <= p) & (p <= 1.0))
        for x, tx, T in invalid.T:
            with pytest.raises(segcore.InvalidArgumentError, match="row 0"):
                bgf.conditional_probability_alive(x, tx, T)

    def test_penalizer_term_will_shrink_coefs_to_0(self, cdnow_customers, bgf):
        c = cdnow_customers
        params_1 = _params(bgf, "r", "alpha", "a", "b")
        params_2 = _params(segcore.BetaGeoFitter(penalizer_coef=0.1).fit(c["frequency"], c["recency"], c["T"]),
                           "r", "alpha", "a", "b")
        assert np.all(params_2 < params_1)
        params_3 = _params(segcore.BetaGeoFitter(penalizer_coef=10).fit(c["frequency"], c["recency"], c["T"]),
                           "r", "alpha", "a", "b")
        assert np.all(params_3 < params_2)

    def test_probability_of_n_purchases_up_to_time_same_as_R_BTYD(self):
        """See https://cran.r-project.org/web/packages/BTYD/BTYD.pdf"""
        bgf = segcore.BetaGeoFitter().set_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        # probability that a customer will make 10 repeat transactions in the time interval (0,2]
        assert abs(1.07869e-07 - bgf.probability_of_n_purchases_up_to_time(2, 10)) < 10e-5
        # probability that a customer will make no repeat transactions in the time interval (0,39]
        assert abs(0.5737864 - bgf.probability_of_n_purchases_up_to_time(39, 0)) < 10e-5
        # PMF
        expected = np.array([0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638,
                             0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260])
        actual = np.array([bgf.probability_of_n_purchases_up_to_time(30, n) for n in range(11, 21)])
        npt.assert_array_almost_equal(expected, actual, decimal=5)

    def test_scaling_inputs_gives_same_or_similar_results(self, cdnow_customers, bgf):
        c, scale = cdnow_customers, 10
        large = segcore.BetaGeoFitter().fit(c["frequency"], scale * c["recency"], scale * c["T"])
        assert abs(large.conditional_probability_alive(1, scale * 1, scale * 2)
                   - bgf.conditional_probability_alive(1, 1, 2)) < 10e-5
        assert abs(large.conditional_probability_alive(1, scale * 2, scale * 10)
                   - bgf.conditional_probability_alive(1, 2, 10)) < 10e-5

    def test_save_load_bgnbd(self, bgf, tmp_path):
        """lifetimes pickles the fitter; segcore saves the fitted parameters (not the data, not
        the diagnostics: docs/MODEL_FILES.md)."""
        path = tmp_path / "betageo_fitter.segm"
        bgf.save(str(path))
        bgf_new = segcore.BetaGeoFitter.load(str(path))
        assert bgf_new.penalizer_coef == bgf.penalizer_coef
        assert bgf_new.params_ == bgf.params_
        assert (bgf_new.conditional_expected_number_of_purchases_up_to_time(1, 1, 2, 5)
                == bgf.conditional_expected_number_of_purchases_up_to_time(1, 1, 2, 5))
        assert bgf_new.expected_number_of_purchases_up_to_time(1) == bgf.expected_number_of_purchases_up_to_time(1)

    def test_no_runtime_warnings_high_frequency(self, bgf):
        with np.errstate(all="raise"):
            p_alive = bgf.conditional_probability_alive(1000, 10, 100)
        assert p_alive == 0.0

    def test_using_weights_col_gives_correct_results(self, cdnow_customers, bgf):
        keys, weights = _grouped(cdnow_customers)
        assert np.any(weights > 1)
        bgf_weights = segcore.BetaGeoFitter(penalizer_coef=0.0).fit(*keys, weights=weights)
        npt.assert_almost_equal(_params(bgf, "r", "alpha", "a", "b"), _params(bgf_weights, "r", "alpha", "a", "b"),
                                decimal=4)
