"""p, Laney p', u and u' charts (spc-method.md §1.8).

Per point i with numerator y_i and denominator n_i:

* p chart: p_bar = sum(y)/sum(n) over the baseline, sigma_i = sqrt(p_bar(1 - p_bar)/n_i),
  limits p_bar +/- 3 sigma_i clipped to [0, 1], near lines +/- 2 sigma_i (clipped too).
* p' (Laney): z_i = (p_i - p_bar)/sigma_i over the baseline; sigma_z = AMR(z)/1.128, the moving
  ranges of z screened at 3.267 x when screening is on; limits p_bar +/- 3 sigma_i sigma_z.
* u chart: u_bar = sum(y)/sum(n), sigma_i = sqrt(u_bar/n_i), lower limits clipped at 0.
* u': the same Laney correction on the u chart.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from crimeplan.spc import constants as c
from crimeplan.spc.limits import average_moving_range, moving_ranges

NAN = float("nan")


@dataclass(frozen=True)
class AttributeLimits:
    """Centre line and per-point limits of one facet x period of a p/p'/u/u' chart."""

    cl: float
    rates: tuple[float, ...]
    lcl: tuple[float, ...]
    ucl: tuple[float, ...]
    near_lcl: tuple[float, ...]
    near_ucl: tuple[float, ...]
    sigma_z: float | None          # None for the plain p and u charts
    mean_denominator: float        # the limits shown at group level use this denominator
    lpl: float                     # limits at mean_denominator (indicative, for icons)
    upl: float
    near_lpl: float
    near_upl: float


def laney_sigma_z(z: Sequence[float], *, screen_outliers: bool = True) -> float:
    """Mean moving range of z (screened at 3.267 x when on) / 1.128."""
    return average_moving_range(moving_ranges(z), screen_outliers=screen_outliers) / c.D2


def attribute_limits(numerators: Sequence[float], denominators: Sequence[float], *, chart: str,
                     fix_after_n_points: int | None = None,
                     screen_outliers: bool = True,
                     excluded: Collection[int] = ()) -> AttributeLimits:
    """chart is one of 'p', 'pprime', 'u', 'uprime'.

    ``excluded`` (0-based positions) are left out of the centre line and of Laney's sigma_z (as
    qicharts2's ``exclude``); they still get limits at their own denominator.
    """
    k = fix_after_n_points or len(numerators)
    base = [i for i in range(min(k, len(numerators))) if i not in excluded]
    base_y, base_n = [numerators[i] for i in base], [denominators[i] for i in base]
    cl = math.fsum(base_y) / math.fsum(base_n)
    proportion = chart in ("p", "pprime")

    def sigma(n: float) -> float:
        return math.sqrt(cl * (1 - cl) / n) if proportion else math.sqrt(cl / n)

    rates = tuple(y / n for y, n in zip(numerators, denominators, strict=True))
    sigma_z = None
    if chart in ("pprime", "uprime"):
        z = []
        for y, n in zip(base_y, base_n, strict=True):
            s = sigma(n)
            z.append((y / n - cl) / s if s > 0 else 0.0)
        sigma_z = laney_sigma_z(z, screen_outliers=screen_outliers)
    factor = 1.0 if sigma_z is None else sigma_z

    def bounds(n: float, sigmas: float) -> tuple[float, float]:
        half = sigmas * sigma(n) * factor
        if math.isnan(half):
            return NAN, NAN
        lo, hi = max(0.0, cl - half), cl + half
        if proportion:
            hi = min(1.0, hi)
        return lo, hi

    lim = [bounds(n, c.ATTRIBUTE_LIMIT_SIGMAS) for n in denominators]
    near = [bounds(n, c.ATTRIBUTE_NEAR_SIGMAS) for n in denominators]
    mean_n = math.fsum(base_n) / len(base_n)
    lpl, upl = bounds(mean_n, c.ATTRIBUTE_LIMIT_SIGMAS)
    near_lpl, near_upl = bounds(mean_n, c.ATTRIBUTE_NEAR_SIGMAS)
    return AttributeLimits(
        cl=cl, rates=rates, lcl=tuple(a for a, _ in lim), ucl=tuple(b for _, b in lim),
        near_lcl=tuple(a for a, _ in near), near_ucl=tuple(b for _, b in near), sigma_z=sigma_z,
        mean_denominator=mean_n, lpl=lpl, upl=upl, near_lpl=near_lpl, near_upl=near_upl)
