"""A sparkline: a measure's months drawn as a small line, with the words that say what it shows.

The overview's summary (issue 18) puts one beside each milestone, in the Making Data Count style of a
glance at the trend before the figures. The line is decoration for sighted readers; its description is
the text alternative (WCAG 1.1.1), so it names the first and last months, the lowest and highest values
and the latest. Months not loaded break the line rather than being drawn as figures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

SPARK_WIDTH = 120
SPARK_HEIGHT = 28
SPARK_PAD = 3
"""The drawing's size in CSS pixels, and the room kept round the line so its stroke is not clipped."""


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    segments: tuple[str, ...]   # SVG polyline points, one string per run of loaded months
    last: tuple[float, float]   # where the latest month is drawn (a dot marks it)
    description: str


def sparkline(months: Sequence[date], values: Sequence[float | None], fmt: Callable[[float], str],
              *, missing: Sequence[date] = ()) -> Sparkline | None:
    """The line through ``values`` (None, or a month in ``missing``, breaks it); None when fewer than two
    months have figures, as there is no trend to draw."""
    gaps = set(missing)
    known = [(i, v) for i, (m, v) in enumerate(zip(months, values, strict=True))
             if v is not None and m not in gaps]
    if len(known) < 2:
        return None
    low, high = min(v for _, v in known), max(v for _, v in known)
    span_x = max(len(months) - 1, 1)
    span_y = (high - low) or 1.0

    def point(i: int, v: float) -> tuple[float, float]:
        x = SPARK_PAD + (SPARK_WIDTH - 2 * SPARK_PAD) * i / span_x
        y = SPARK_HEIGHT - SPARK_PAD - (SPARK_HEIGHT - 2 * SPARK_PAD) * (v - low) / span_y
        return round(x, 1), round(y, 1)

    segments: list[list[tuple[float, float]]] = []
    previous = None
    for i, v in known:
        if previous is None or i != previous + 1:
            segments.append([])
        segments[-1].append(point(i, v))
        previous = i
    last_i, last_v = known[-1]
    gap_note = " Some months are not loaded and are left out." if len(known) < len(months) else ""
    description = (f"Monthly figures from {months[0]:%B %Y} to {months[-1]:%B %Y}: lowest {fmt(low)}, "
                   f"highest {fmt(high)}, latest {fmt(last_v)} in {months[last_i]:%B %Y}.{gap_note}")
    return Sparkline(SPARK_WIDTH, SPARK_HEIGHT,
                     tuple(" ".join(f"{x},{y}" for x, y in s) for s in segments),
                     point(last_i, last_v), description)
