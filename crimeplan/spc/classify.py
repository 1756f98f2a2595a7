"""Precedence, direction and point type (spc-method.md §1.4)."""

from __future__ import annotations

from collections.abc import Sequence

#: outside limits > trend > 2-of-3 > shift > common cause.
PRECEDENCE = ("outside_limits", "trend", "two_in_three", "shift")

_POINT_TYPES = {
    ("high", "increase"): "special_cause_improvement",
    ("low", "increase"): "special_cause_concern",
    ("high", "decrease"): "special_cause_concern",
    ("low", "decrease"): "special_cause_improvement",
    ("high", "neutral"): "special_cause_neutral_high",
    ("low", "neutral"): "special_cause_neutral_low",
}


def point_rule(outside: bool, trend_direction: int, two_in_three: bool, shift: bool) -> str | None:
    """The single label of a point, by precedence; None for common cause."""
    fired = {"outside_limits": outside, "trend": trend_direction != 0,
             "two_in_three": two_in_three, "shift": shift}
    for rule in PRECEDENCE:
        if fired[rule]:
            return rule
    return None


def point_direction(rule: str | None, side: int, trend_direction: int) -> str | None:
    """'high'/'low' from the trend's direction for a trend point, otherwise the side of the mean."""
    if rule is None:
        return None
    d = trend_direction if rule == "trend" else side
    return "high" if d > 0 else "low" if d < 0 else None


def point_type(direction: str | None, improvement_direction: str) -> str:
    if direction is None:
        return "common_cause"
    return _POINT_TYPES[(direction, improvement_direction)]


def classify(point_sides: Sequence[int], outside: Sequence[bool], trend: Sequence[int],
             two_in_three: Sequence[bool], shift: Sequence[bool],
             improvement_direction: str) -> list[tuple[str | None, str | None, str]]:
    """(rule, direction, point_type) for each point."""
    out = []
    for s, o, t, w, sh in zip(point_sides, outside, trend, two_in_three, shift, strict=True):
        rule = point_rule(o, t, w, sh)
        direction = point_direction(rule, s, t)
        out.append((rule, direction, point_type(direction, improvement_direction)))
    return out
