"""Variation and assurance icons (spc-method.md §1.5, §1.6)."""

from __future__ import annotations

import math

_VARIATION = {
    ("common_cause", "increase"): "common_cause",
    ("common_cause", "decrease"): "common_cause",
    ("common_cause", "neutral"): "common_cause",
    ("special_cause_improvement", "increase"): "improvement_high",
    ("special_cause_improvement", "decrease"): "improvement_low",
    ("special_cause_concern", "increase"): "concern_low",
    ("special_cause_concern", "decrease"): "concern_high",
    ("special_cause_neutral_high", "neutral"): "neutral_high",
    ("special_cause_neutral_low", "neutral"): "neutral_low",
}


def variation_icon(latest_point_type: str, improvement_direction: str) -> str:
    """The icon of the chart's latest point, whatever rule fired."""
    return _VARIATION[(latest_point_type, improvement_direction)]


def assurance_icon(target: float | None, lpl: float, upl: float, improvement_direction: str) -> str | None:
    """consistent_pass / consistent_fail / inconsistent, with strict comparisons.

    None when there is no target, the direction is neutral, or the limits are undefined (NaN).
    A target exactly on a limit is inconsistent (hit and miss).
    """
    if target is None or improvement_direction == "neutral":
        return None
    if lpl is None or upl is None or math.isnan(lpl) or math.isnan(upl):
        return None
    if target > upl:
        return "consistent_fail" if improvement_direction == "increase" else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if improvement_direction == "increase" else "consistent_fail"
    return "inconsistent"
