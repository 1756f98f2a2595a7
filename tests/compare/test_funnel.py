"""Funnel limits against an independent numpy computation."""

from __future__ import annotations

import numpy as np
import pytest

from crimeplan.compare.funnel import OUTER_Z, funnel

COUNTS = [26_826, 27_886, 13_872, 42_796, 46_574, 52_534]
POPS_K = [1_097.497, 1_222.416, 545.474, 1_381.189, 1_343.601, 1_420.853]
CODES = ["a", "b", "c", "d", "e", "f"]


def test_u_chart_limits_and_calls_equal_an_independent_computation():
    f = funnel(CODES, CODES, COUNTS, POPS_K, chart="u")
    y, n = np.array(COUNTS, float), np.array(POPS_K)
    centre = y.sum() / n.sum()
    ucl = centre + 3.090232 * np.sqrt(centre / n)
    lcl = centre - 3.090232 * np.sqrt(centre / n)
    assert f.centre == pytest.approx(centre)
    assert [p.ucl998 for p in f.points] == pytest.approx(list(ucl))
    assert [p.lcl998 for p in f.points] == pytest.approx(list(lcl))
    rate = y / n
    expected = ["above" if r > u else "below" if r < lo else "within" for r, u, lo in zip(rate, ucl, lcl, strict=False)]
    assert [p.position for p in f.points] == expected


def test_laney_u_prime_inflates_limits_by_sigma_z_of_size_ordered_z_scores():
    f = funnel(CODES, CODES, COUNTS, POPS_K, chart="uprime")
    y, n = np.array(COUNTS, float), np.array(POPS_K)
    order = np.argsort(n)
    centre = y.sum() / n.sum()
    z = ((y / n - centre) / np.sqrt(centre / n))[order]
    mr = np.abs(np.diff(z))
    kept = mr[mr < 3.267 * mr.mean()]                 # screened moving ranges
    sigma_z = kept.mean() / 1.128
    assert f.sigma_z == pytest.approx(sigma_z)
    assert f.points[0].ucl998 == pytest.approx(centre + OUTER_Z * np.sqrt(centre / n[0]) * sigma_z)
    assert all(p.position == "within" for p in f.points)


def test_p_chart_is_clipped_to_0_1_and_curve_spans_the_units():
    f = funnel(["x", "y", "z"], ["x", "y", "z"], [9, 50, 480], [10, 60, 500], chart="p", scale=100)
    assert all(0 <= p.lcl998 <= p.ucl998 <= 100 for p in f.points)
    assert f.curve[0].denominator < 10 and f.curve[-1].denominator > 500
    assert f.curve[0].ucl998 - f.curve[0].lcl998 > f.curve[-1].ucl998 - f.curve[-1].lcl998   # a funnel
    with pytest.raises(ValueError, match="at least 2"):
        funnel(["x"], ["x"], [1], [2])
