"""Suggest where a step change (a sustained shift in level) begins. It only suggests; it never rebases.

Two detectors, both documented in docs/spc.md:

1. **Mean difference** (binary segmentation): within a segment, try every split leaving at least
   ``min_points`` points on each side; the split with the largest
   z = |mean_after - mean_before| / (sigma * sqrt(1/n_before + 1/n_after)) is a candidate when
   z > 3 (``STEP_CHANGE_Z``). sigma = screened AMR / 1.128 of the whole series. Each side is
   then searched again.
2. **Run**: within each segment, a run of at least ``min_points`` consecutive points on one
   side of the segment's mean that does not start at the segment's first point.

A run candidate within ``min_points`` of a mean-difference candidate is dropped (the same change).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c
from crimeplan.spc.inputs import number_list, parse_date
from crimeplan.spc.limits import average_moving_range, mean, moving_ranges


@dataclass(frozen=True)
class StepChangeCandidate:
    index: int                  # 0-based: the first point of the new level
    date: date | None
    direction: str              # "up" or "down"
    before_mean: float          # mean from the previous candidate (or the start) to index - 1
    after_mean: float           # mean from index to the next candidate (or the end)
    reason: str


def suggest_step_changes(values: Sequence[float], dates: Sequence[Any] | None = None, *,
                         min_points: int = c.SHIFT_POINTS,
                         screen_outliers: bool = True) -> list[StepChangeCandidate]:
    x = number_list(values, "values")
    if not isinstance(min_points, int) or isinstance(min_points, bool) or min_points < 2:
        raise SpcError(f"min_points: expected an integer >= 2, got {min_points!r}")
    parsed = None
    if dates is not None:
        if len(dates) != len(x):
            raise SpcError(f"dates: expected {len(x)} entries (one per value), got {len(dates)}")
        parsed = [parse_date(d, f"dates[{i}]") for i, d in enumerate(dates)]

    sigma = average_moving_range(moving_ranges(x), screen_outliers=screen_outliers) / c.D2
    reasons: dict[int, str] = {}
    _segment(x, 0, len(x), min_points, sigma, reasons)
    cuts = sorted(reasons)
    bounds = [0] + cuts + [len(x)]
    for a, b in pairwise(bounds):
        seg = x[a:b]
        m = mean(seg)
        run_start, run_len, side = 0, 0, 0  # run_start is set by the first point, before it is read
        for i, v in enumerate(seg):
            s = (v > m) - (v < m)
            if s != 0 and s == side:
                run_len += 1
            else:
                side, run_len, run_start = s, (1 if s else 0), i
            if run_len == min_points and run_start > 0:
                k = a + run_start
                if all(abs(k - j) >= min_points for j in cuts):
                    where = "above" if side > 0 else "below"
                    reasons[k] = (f"a run of {min_points} or more points {where} the mean "
                                  f"({_fmt(m)}) starts here")
    cuts = sorted(reasons)
    bounds = [0] + cuts + [len(x)]
    out = []
    for j, k in enumerate(cuts):
        before, after = mean(x[bounds[j]:k]), mean(x[k:bounds[j + 2]])
        out.append(StepChangeCandidate(
            index=k, date=parsed[k] if parsed else None, direction="up" if after > before else "down",
            before_mean=before, after_mean=after, reason=reasons[k]))
    return out


def _segment(x: list[float], a: int, b: int, min_points: int, sigma: float, reasons: dict[int, str]) -> None:
    best_k, best_score = None, 0.0
    for k in range(a + min_points, b - min_points + 1):
        m1, m2 = mean(x[a:k]), mean(x[k:b])
        score = abs(m2 - m1) / math.sqrt(1 / (k - a) + 1 / (b - k))   # z without sigma, to rank
        if score > best_score:
            best_k, best_score = k, score
    if best_k is None:
        return
    best_z = best_score / sigma if sigma > 0 else math.inf
    if best_z <= c.STEP_CHANGE_Z:
        return
    n1, n2 = best_k - a, b - best_k
    z_text = "an exact change in a constant series" if math.isinf(best_z) else f"z = {best_z:.1f}"
    reasons[best_k] = (f"the mean of the {n2} points from here ({_fmt(mean(x[best_k:b]))}) differs "
                       f"from the mean of the {n1} points before ({_fmt(mean(x[a:best_k]))}); "
                       f"{z_text}")
    _segment(x, a, best_k, min_points, sigma, reasons)
    _segment(x, best_k, b, min_points, sigma, reasons)


def _fmt(v: float) -> str:
    return f"{v:,.1f}"
