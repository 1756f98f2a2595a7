"""A possible gap (a value that may be data not published) is plotted, excluded from the centre
line, limits and runs, and never judged: no rule, no special-cause type, not in the icons."""

from __future__ import annotations

import pytest

from crimeplan.errors import SpcError
from crimeplan.spc import analyse, mark_possible_gaps, spc_chart_svg, spc_chart_text

VALUES = [52.0, 48, 55, 50, 47, 53, 49, 51, 54, 46, 50, 52, 0]   # the last month counted 0


def test_an_excluded_zero_is_judged_outside_the_limits_but_a_possible_gap_is_not():
    judged = analyse(VALUES, improvement_direction="decrease", exclude=[12])
    assert judged.points[12].point_type == "special_cause_improvement"  # what exclude alone says
    assert judged.variation == "improvement_low"
    gap = mark_possible_gaps(judged, [12])
    point = gap.points[12]
    assert (point.rule, point.direction, point.point_type, point.excluded) == (None, None, "possible_gap", True)
    assert gap.variation == "common_cause" and gap.by_facet["all"].variation == "common_cause"  # from point 12
    assert gap.groups == judged.groups and gap.points[:12] == judged.points[:12]
    assert gap.to_dict()["points"][12]["point_type"] == "possible_gap"
    text = spc_chart_text(gap, [f"2020-{m:02d}" for m in range(1, 13)] + ["2021-01"])
    assert "No special-cause variation." in text
    assert "Possible gap in the data: January 2021 (0), plotted but left out of the mean and limits" in text
    assert "Possible gap (not judged)" in spc_chart_svg(gap)


def test_only_an_excluded_point_can_be_a_possible_gap():
    with pytest.raises(SpcError, match="possible_gaps: point 3 must be excluded"):
        mark_possible_gaps(analyse(VALUES, exclude=[12]), [3])
    plain = analyse(VALUES)
    assert mark_possible_gaps(plain, []) is plain
