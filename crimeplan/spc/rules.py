"""The special-cause rules (spc-method.md §1.3): one pure function per rule over lists.

Each function works on one facet x period, so no rule can cross a rebase boundary.
Limits are per point (lists) so that p and u charts with varying denominators share the rules.
NaN limits never fire.
"""

from __future__ import annotations

from collections.abc import Sequence


def sides(values: Sequence[float], centre: float | Sequence[float]) -> list[int]:
    """+1 above, -1 below, 0 exactly on the centre line."""
    cs = _per_point(centre, len(values))
    return [(v > m) - (v < m) for v, m in zip(values, cs, strict=True)]


def outside_limits(values: Sequence[float], lpl: float | Sequence[float],
                   upl: float | Sequence[float]) -> list[bool]:
    """Strictly above the UPL or below the LPL; a point on a limit is inside."""
    lo, hi = _per_point(lpl, len(values)), _per_point(upl, len(values))
    return [v > u or v < lo_ for v, lo_, u in zip(values, lo, hi, strict=True)]


def shift(point_sides: Sequence[int], n: int = 7) -> list[bool]:
    """Every point of any window of n consecutive points with the same non-zero side."""
    flags = [False] * len(point_sides)
    run = 0
    for i, s in enumerate(point_sides):
        run = run + 1 if s != 0 and i > 0 and s == point_sides[i - 1] else (1 if s != 0 else 0)
        if run >= n:
            for j in range(i - n + 1, i + 1):
                flags[j] = True
    return flags


def trend(values: Sequence[float], n: int = 7) -> list[int]:
    """Direction of the trend each point belongs to: +1 rising, -1 falling, 0 none.

    A window of n points with n - 1 strictly rising (or falling) steps qualifies; a tie breaks it.
    A point in a trend takes the step to the next point when that point is also in a trend
    (and the step is not a tie), otherwise the step from the previous point. This resolves a
    peak shared by a rising and a falling trend (spc-method.md §1.4).
    """
    m = len(values)
    steps = [0] + [(values[i] > values[i - 1]) - (values[i] < values[i - 1]) for i in range(1, m)]
    member = [False] * m
    run, prev = 0, 0
    for i in range(1, m):
        s = steps[i]
        run = run + 1 if s != 0 and s == prev else (1 if s != 0 else 0)
        prev = s
        if run >= n - 1:
            for j in range(i - n + 1, i + 1):
                member[j] = True
    out = [0] * m
    for i in range(m):
        if not member[i]:
            continue
        if i + 1 < m and member[i + 1] and steps[i + 1] != 0:
            out[i] = steps[i + 1]
        else:
            out[i] = steps[i]
    return out


def close_to_limits(values: Sequence[float], near_lpl: float | Sequence[float],
                    near_upl: float | Sequence[float], lpl: float | Sequence[float],
                    upl: float | Sequence[float], *, count_beyond_limits: bool = False) -> list[bool]:
    """Beyond a 2-sigma line; with count_beyond_limits False (profile ptd) not beyond the limit."""
    m = len(values)
    nlo, nhi = _per_point(near_lpl, m), _per_point(near_upl, m)
    lo, hi = _per_point(lpl, m), _per_point(upl, m)
    out = []
    for v, a, b, l_, u in zip(values, nlo, nhi, lo, hi, strict=True):
        if count_beyond_limits:
            out.append(v > b or v < a)
        else:
            out.append((b < v <= u) or (l_ <= v < a))
    return out


def two_in_three(point_sides: Sequence[int], close: Sequence[bool]) -> list[bool]:
    """Close points of any 3-window whose points share a non-zero side and >= 2 are close."""
    m = len(point_sides)
    flags = [False] * m
    for i in range(m - 2):
        w = range(i, i + 3)
        s = point_sides[i]
        if s == 0 or any(point_sides[j] != s for j in w):
            continue
        if sum(bool(close[j]) for j in w) >= 2:
            for j in w:
                if close[j]:
                    flags[j] = True
    return flags


def _per_point(x: float | Sequence[float], m: int) -> list[float]:
    if isinstance(x, (int, float)):
        return [float(x)] * m
    if len(x) != m:
        raise ValueError("per-point limits must have one value per point")
    return [float(v) for v in x]
