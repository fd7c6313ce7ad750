"""segcore's statistical tests against scipy.stats (within 1e-9).

Skipped, with the reason, when scipy is not installed.
"""
import numpy as np
import pytest

import segcore

stats = pytest.importorskip("scipy.stats", reason="scipy is not installed: the statistical tests are not compared")


def close(ours, theirs, rel=1e-9, abs_=1e-300):
    assert ours == pytest.approx(theirs, rel=rel, abs=abs_)


@pytest.mark.parametrize("seed", range(4))
def test_anova_equals_f_oneway(seed):
    rng = np.random.default_rng(seed)
    k = 2 + seed
    labels = rng.integers(0, k, 600)
    X = rng.normal(size=(600, 5)) + labels[:, None] * np.array([0.0, 0.05, 0.2, 1.0, 3.0])
    f, p = segcore.anova_oneway(X, labels)
    for j in range(5):
        ref = stats.f_oneway(*[X[labels == g, j] for g in range(k)])
        close(f[j], ref.statistic)
        close(p[j], ref.pvalue)


def test_anova_constant_columns_follow_scipy():
    labels = np.array([0, 0, 1, 1, 2, 2])
    X = np.column_stack([np.ones(6), labels.astype(float), [1, 2, 3, 4, 5, 7.0]])
    f, p = segcore.anova_oneway(X, labels)
    assert np.isnan(f[0]) and np.isnan(p[0])        # equal everywhere
    assert np.isinf(f[1]) and p[1] == 0.0           # constant within groups, not across
    with pytest.warns(Warning):
        ref = stats.f_oneway(*[X[labels == g, 1] for g in range(3)])
    assert np.isinf(ref.statistic) and ref.pvalue == 0.0
    with pytest.raises(segcore.InvalidArgumentError, match="at least 2"):
        segcore.anova_oneway(X, np.zeros(6, dtype=int))


@pytest.mark.parametrize("shape", [(2, 2), (3, 4), (2, 5), (6, 3)])
@pytest.mark.parametrize("correction", [True, False])
def test_chi2_equals_chi2_contingency(shape, correction):
    rng = np.random.default_rng(sum(shape))
    table = rng.integers(1, 60, size=shape).astype(float)
    chi2, p, dof, expected = segcore.chi2_contingency(table, correction)
    ref = stats.chi2_contingency(table, correction=correction)
    close(chi2, ref[0])
    close(p, ref[1])
    assert dof == ref[2]
    np.testing.assert_allclose(expected, ref[3], rtol=1e-12)


def test_chi2_from_attributes_and_bad_tables():
    rng = np.random.default_rng(7)
    seg = rng.integers(0, 4, 2000)
    channel = np.where(rng.random(2000) < 0.3, seg % 3, rng.integers(0, 3, 2000))
    chi2, p, dof, _ = segcore.chi2_independence(seg, channel)
    table = np.zeros((4, 3))
    np.add.at(table, (seg, channel), 1)
    ref = stats.chi2_contingency(table)
    close(chi2, ref[0])
    close(p, ref[1])
    with pytest.raises(segcore.InvalidArgumentError, match="sums to 0"):
        segcore.chi2_contingency([[1, 0], [2, 0]])
    with pytest.raises(segcore.InvalidArgumentError, match="counts must be finite"):
        segcore.chi2_contingency([[1, -1], [2, 3]])


@pytest.mark.parametrize("seed", range(5))
def test_welch_equals_ttest_ind(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(10, 2, 40 + 30 * seed)
    b = rng.normal(10.5, 4, 25 + 50 * seed)
    r = segcore.welch_ttest(a, b, confidence=0.9)
    ref = stats.ttest_ind(b, a, equal_var=False)
    close(r.statistic, ref.statistic)
    close(r.p_value, ref.pvalue)
    va, vb = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
    df = (va + vb) ** 2 / (va ** 2 / (a.size - 1) + vb ** 2 / (b.size - 1))
    close(r.df, df)
    half = stats.t.ppf(0.95, df) * np.sqrt(va + vb)
    close(r.ci_low, b.mean() - a.mean() - half)
    close(r.ci_high, b.mean() - a.mean() + half)
    close(r.lift, (b.mean() - a.mean()) / a.mean())


def test_two_proportion_test_equals_the_normal_formula():
    for xa, na, xb, nb in [(120, 1000, 150, 1000), (5, 80, 17, 95), (3000, 100000, 3300, 100000)]:
        r = segcore.two_proportion_test(xa, na, xb, nb, confidence=0.95)
        pa, pb, pool = xa / na, xb / nb, (xa + xb) / (na + nb)
        z = (pb - pa) / np.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
        close(r.statistic, z)
        close(r.p_value, 2 * stats.norm.sf(abs(z)))
        half = stats.norm.ppf(0.975) * np.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
        close(r.ci_low, pb - pa - half)
        close(r.ci_high, pb - pa + half)
        close(r.lift, (pb - pa) / pa)
    with pytest.raises(segcore.InvalidArgumentError, match="not counts within"):
        segcore.two_proportion_test(11, 10, 1, 10)


def test_extreme_p_values_keep_relative_precision():
    rng = np.random.default_rng(3)
    a, b = rng.normal(0, 1, 500), rng.normal(1.2, 1, 500)
    r = segcore.welch_ttest(a, b)
    ref = stats.ttest_ind(b, a, equal_var=False)
    assert ref.pvalue < 1e-50
    close(r.p_value, ref.pvalue, rel=1e-9)
