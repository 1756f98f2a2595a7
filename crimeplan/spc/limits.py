"""Centre line, moving ranges, screening and XmR process limits (spc-method.md §1.2)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from crimeplan.spc import constants as c

NAN = float("nan")


@dataclass(frozen=True)
class XmrLimits:
    """Limits of one facet x period. NaN when undefined (a single point)."""

    mean: float
    amr: float
    lpl: float
    upl: float
    near_lpl: float
    near_upl: float
    n_baseline: int


def mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values) if values else NAN


def moving_ranges(values: Sequence[float]) -> list[float]:
    """|x_i - x_{i-1}| for i >= 1: len(values) - 1 values."""
    return [abs(values[i] - values[i - 1]) for i in range(1, len(values))]


def average_moving_range(mrs: Sequence[float], *, screen_outliers: bool = True) -> float:
    """AMR; with screening, keep MRs strictly below 3.267 x AMR0 (once). AMR0 = 0 skips screening."""
    if not mrs:
        return NAN
    amr0 = mean(mrs)
    if not screen_outliers or amr0 == 0:
        return amr0
    kept = [mr for mr in mrs if mr < c.MR_SCREEN_MULTIPLIER * amr0]
    return mean(kept)


def xmr_limits(values: Sequence[float], *, fix_after_n_points: int | None = None,
               screen_outliers: bool = True, profile: str = "ptd") -> XmrLimits:
    """Mean and limits from the baseline (first k points when fixed, otherwise all).

    The multipliers of the AMR are the profile's (``constants.XMR_MULTIPLIERS``): 2.66 and 1.7733
    for ``ptd``/``mdc2023``, 3/d2 and 2/d2 for ``qic``.
    """
    base = list(values[:fix_after_n_points]) if fix_after_n_points else list(values)
    centre = mean(base)
    amr = average_moving_range(moving_ranges(base), screen_outliers=screen_outliers)
    limit, near_limit = c.XMR_MULTIPLIERS[profile]
    half = limit * amr
    near = near_limit * amr
    return XmrLimits(mean=centre, amr=amr, lpl=centre - half, upl=centre + half,
                     near_lpl=centre - near, near_upl=centre + near, n_baseline=len(base))
