"""Intervals checked against scipy (an independent implementation) and against their definitions."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from crimeplan.intervals import (
    gamma_p,
    poisson_interval,
    rate_interval,
    two_proportion_test,
    wilson_interval,
)


@pytest.mark.parametrize("k", [0, 1, 2, 5, 17, 57, 300, 2_011, 26_826, 233_393])
def test_exact_poisson_limits_equal_scipy_chi_square_quantiles(k):
    got = poisson_interval(k)
    low = stats.chi2.ppf(0.025, 2 * k) / 2 if k else 0.0
    high = stats.chi2.ppf(0.975, 2 * k + 2) / 2
    assert got.low == pytest.approx(low, rel=1e-9, abs=1e-12)
    assert got.high == pytest.approx(high, rel=1e-9)


@pytest.mark.parametrize("k", [1, 3, 12, 80])
def test_exact_limits_meet_their_definition_in_poisson_tail_sums(k):
    got = poisson_interval(k, confidence=0.9)
    assert stats.poisson.sf(k - 1, got.low) == pytest.approx(0.05, rel=1e-7)   # P(X >= k; low)
    assert stats.poisson.cdf(k, got.high) == pytest.approx(0.05, rel=1e-7)     # P(X <= k; high)


def test_byar_is_close_to_exact_for_large_counts_and_wider_apart_for_small():
    big_exact, big_byar = poisson_interval(1_000), poisson_interval(1_000, method="byar")
    assert big_byar.low == pytest.approx(big_exact.low, rel=1e-4)
    assert big_byar.high == pytest.approx(big_exact.high, rel=1e-4)
    assert abs(poisson_interval(1, method="byar").low - poisson_interval(1).low) > 0.01


def test_gamma_p_matches_scipy_on_both_branches():
    for a, x in [(0.5, 0.2), (3, 1.0), (3, 9.0), (5_000, 4_900), (5_000, 5_150)]:
        assert gamma_p(a, x) == pytest.approx(stats.gamma.cdf(x, a), rel=1e-9)


def test_rate_interval_scales_count_limits_to_per_thousand():
    r = rate_interval(26_826, 1_097_497)
    assert r.estimate == pytest.approx(26_826 / 1_097_497 * 1000)
    assert r.low == pytest.approx(stats.chi2.ppf(0.025, 2 * 26_826) / 2 / 1_097_497 * 1000, rel=1e-9)
    with pytest.raises(ValueError, match="positive exposure"):
        rate_interval(5, 0)
    with pytest.raises(ValueError, match="whole number"):
        poisson_interval(-1)


def test_wilson_interval_matches_scipy_binomtest():
    for x, n in [(2_011, 2_400), (175, 200), (0, 20), (20, 20)]:
        ours = wilson_interval(x, n)
        ref = stats.binomtest(x, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert (ours.low, ours.high) == pytest.approx((ref.low, ref.high), abs=1e-12)
    # the domain note: 83.8 % at n = 300 is about ±4.2 points
    half = (wilson_interval(251, 300).high - wilson_interval(251, 300).low) / 2
    assert half == pytest.approx(0.042, abs=0.002)


def test_two_proportion_test_matches_a_hand_computed_pooled_z():
    t = two_proportion_test(2_055, 2_400, 2_011, 2_400)
    p = (2_055 + 2_011) / 4_800
    z = (2_011 / 2_400 - 2_055 / 2_400) / math.sqrt(p * (1 - p) * (2 / 2_400))
    assert t.z == pytest.approx(z)
    assert t.p_value == pytest.approx(2 * stats.norm.sf(abs(z)))
    assert not t.significant and t.difference_low < 0 < t.difference_high
    assert two_proportion_test(160, 200, 190, 200).significant
