"""The overview's sparklines: scaled into the box, broken where months are missing, described in words."""

from __future__ import annotations

from datetime import date

from crimeplan.render.formatting import count
from crimeplan.render.sparkline import SPARK_HEIGHT, SPARK_PAD, SPARK_WIDTH, sparkline

MONTHS = tuple(date(2013, m, 1) for m in range(4, 13)) + tuple(date(2014, m, 1) for m in range(1, 4))


def _points(segment: str) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in segment.split()]


def test_the_line_spans_the_box_with_the_highest_month_at_the_top():
    values = [5000 + 100 * i for i in range(12)]
    values[5] = 9000
    s = sparkline(MONTHS, values, count)
    assert s is not None and len(s.segments) == 1
    points = _points(s.segments[0])
    assert points[0][0] == SPARK_PAD and points[-1][0] == SPARK_WIDTH - SPARK_PAD
    assert min(p[1] for p in points) == points[5][1] == SPARK_PAD        # 9,000 highest, drawn at the top
    assert max(p[1] for p in points) == points[0][1] == SPARK_HEIGHT - SPARK_PAD
    assert s.last == points[-1]
    assert s.description == ("Monthly figures from April 2013 to March 2014: lowest 5,000, highest 9,000, "
                             "latest 6,100 in March 2014.")


def test_missing_months_break_the_line_and_are_said():
    values: list[float | None] = [10.0] * 12
    values[3] = None
    s = sparkline(MONTHS, values, count, missing=(MONTHS[8],))
    assert s is not None and [len(_points(seg)) for seg in s.segments] == [3, 4, 3]
    assert s.description.endswith("Some months are not loaded and are left out.")
    # a flat series is drawn along the bottom, not divided by zero
    assert {y for seg in s.segments for _, y in _points(seg)} == {SPARK_HEIGHT - SPARK_PAD}


def test_fewer_than_two_months_with_figures_draw_nothing():
    assert sparkline(MONTHS[:1], [4.0], count) is None
    assert sparkline(MONTHS[:3], [None, 4.0, None], count) is None
