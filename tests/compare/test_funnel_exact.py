"""Exact funnel limits (Spiegelhalter 2005) against scipy, and the over-dispersion estimates against an
independent numpy computation of Spiegelhalter's formulae."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from crimeplan.compare.distributions import (
    binomial_cdf,
    binomial_limit,
    binomial_quantile,
    poisson_cdf,
    poisson_limit,
    poisson_quantile,
)
from crimeplan.compare.funnel import funnel
from crimeplan.compare.overdispersion import estimate, winsorise


def spiegelhalter(dist, p: float, n: float) -> float:
    """The interpolated p-limit (Spiegelhalter 2005, Appendix A.1.1) from scipy's ppf and cdf."""
    r = dist.ppf(p)
    upper, lower = dist.cdf(r), dist.cdf(r - 1)
    return max(0.0, r - (upper - p) / (upper - lower)) / n


@pytest.mark.parametrize("mu", [0.4, 3.7, 25.0, 412.5, 61_234.0])
def test_poisson_cdf_quantile_and_limit_equal_scipy(mu):
    for r in {0, 1, int(mu), int(mu + 3 * mu ** 0.5)}:
        assert poisson_cdf(r, mu) == pytest.approx(stats.poisson.cdf(r, mu), rel=1e-9, abs=1e-12)
    for p in (0.001, 0.025, 0.975, 0.999):
        assert poisson_quantile(p, mu) == stats.poisson.ppf(p, mu)
        n = 7.375 if mu < 1 else 1_000.0
        theta = mu / n
        assert poisson_limit(p, theta, n) == pytest.approx(spiegelhalter(stats.poisson(mu), p, n), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("n, theta", [(50, 0.215), (400, 0.031), (12_000, 0.62), (250_000, 0.004)])
def test_binomial_cdf_quantile_and_limit_equal_scipy(n, theta):
    for r in {0, int(n * theta), int(n * theta) + 7}:
        assert binomial_cdf(r, n, theta) == pytest.approx(stats.binom.cdf(r, n, theta), rel=1e-8, abs=1e-12)
    for p in (0.001, 0.025, 0.975, 0.999):
        assert binomial_quantile(p, n, theta) == stats.binom.ppf(p, n, theta)
        assert binomial_limit(p, theta, n) == pytest.approx(spiegelhalter(stats.binom(n, theta), p, n), rel=1e-8)


COUNTS = [26_826, 27_886, 13_872, 42_796, 46_574, 52_534, 3_100, 9_950, 15_000, 21_000]
POPS_K = [1_097.497, 1_222.416, 545.474, 1_381.189, 1_343.601, 1_420.853, 120.0, 500.0, 610.0, 905.0]
CODES = [f"u{i}" for i in range(len(COUNTS))]


def test_an_exact_poisson_funnel_puts_each_unit_against_scipy_limits():
    f = funnel(CODES, CODES, COUNTS, POPS_K, chart="u", limits="exact")
    theta = sum(COUNTS) / sum(POPS_K)
    assert f.centre == pytest.approx(theta)
    for p, y, n in zip(f.points, COUNTS, POPS_K, strict=True):
        mu = theta * n
        assert p.ucl998 == pytest.approx(spiegelhalter(stats.poisson(mu), 0.999, n), rel=1e-9)
        assert p.lcl95 == pytest.approx(spiegelhalter(stats.poisson(mu), 0.025, n), rel=1e-9)
        assert p.position == ("above" if y / n > p.ucl998 else "below" if y / n < p.lcl998 else "within")
    d = f.to_dict()
    assert d["limits"]["method"] == "exact" and d["limits"]["distribution"] == "Poisson"
    assert "exact Poisson limits" in d["method"] and "no time-series rules" in d["signals"]


def independent_overdispersion(y, n, theta):
    y, n = np.asarray(y, float), np.asarray(n, float)
    se = np.sqrt(theta / n)
    z = (y / n - theta) / se
    k = len(z)
    q = int(k * 0.1)
    zs = np.sort(z)
    zw = np.clip(z, zs[q], zs[k - q - 1])
    phi = np.mean(zw ** 2)
    w = 1 / se ** 2
    tau2 = max(0.0, (k * phi - (k - 1)) / (w.sum() - (w ** 2).sum() / w.sum()))
    return phi, tau2, se


def test_multiplicative_and_additive_overdispersion_follow_spiegelhalter():
    theta = sum(COUNTS) / sum(POPS_K)
    phi, tau2, se = independent_overdispersion(COUNTS, POPS_K, theta)
    mult = funnel(CODES, CODES, COUNTS, POPS_K, limits="exact", overdispersion="multiplicative")
    add = funnel(CODES, CODES, COUNTS, POPS_K, limits="exact", overdispersion="additive")
    assert mult.overdispersion.phi == pytest.approx(phi) and mult.overdispersion.applied
    assert add.overdispersion.tau2 == pytest.approx(tau2) and add.overdispersion.overdispersed
    assert mult.overdispersion.chi2_95 == pytest.approx(stats.chi2.ppf(0.95, len(COUNTS) - 1))
    for pm, pa, s in zip(mult.points, add.points, se, strict=True):
        assert pm.ucl998 == pytest.approx(theta + 3.090232 * s * np.sqrt(phi))
        assert pa.lcl95 == pytest.approx(max(0.0, theta - 1.959964 * np.sqrt(s ** 2 + tau2)))
    plain = funnel(CODES, CODES, COUNTS, POPS_K, limits="exact")
    assert len(plain.outliers) > len(add.outliers)          # the widened funnel flags fewer units
    assert "additive random effects" in add.describe() and "winsorised at 10%" in add.describe()


def test_winsorising_moves_the_most_extreme_tenth_at_each_end():
    z = list(range(20))
    zw, q = winsorise(z)
    assert q == 2 and zw[:3] == [2, 2, 2] and zw[-3:] == [17, 17, 17]
    assert winsorise([1.0, 5.0])[1] == 0


def test_no_adjustment_without_overdispersion():
    od = estimate([0.1, -0.2, 0.3, -0.1, 0.0], [1.0] * 5, "additive")
    assert od.phi < 1 and not od.applied and od.inflate(2.0) == 2.0


def test_a_unit_left_out_of_the_target_is_still_plotted_and_judged():
    codes = CODES + ["city"]
    counts, pops = COUNTS + [650], POPS_K + [7.375]
    f = funnel(codes, codes, counts, pops, limits="exact", exclude_from_target={"city"}, off_scale={"city"})
    assert f.centre == pytest.approx(sum(COUNTS) / sum(POPS_K))
    city = f.points[-1]
    assert not city.in_target and city.off_scale and city.position == "above"
    assert f.to_dict()["target_excludes"] == ["city"] and "without city (still plotted)" in f.describe()
    with pytest.raises(ValueError, match="Laney"):
        funnel(CODES, CODES, COUNTS, POPS_K, chart="uprime", overdispersion="additive")
