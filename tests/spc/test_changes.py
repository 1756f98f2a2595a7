import datetime as dt

import pytest

from crimeplan.errors import SpcError
from crimeplan.spc import suggest_step_changes

NOISE = [3, -2, 1, -4, 2, 0, -1, 4, -3, 2, -2, 1, 0, -1, 3]


def test_a_step_up_is_found_at_the_first_point_of_the_new_level():
    values = [100 + e for e in NOISE] + [130 + e for e in NOISE]
    [cand] = suggest_step_changes(values)
    assert (cand.index, cand.direction) == (15, "up")
    assert cand.before_mean == pytest.approx(100 + sum(NOISE) / 15)
    assert cand.after_mean == pytest.approx(130 + sum(NOISE) / 15)
    assert cand.reason.startswith("the mean of the 15 points from here (130.2) differs from the mean "
                                   "of the 15 points before (100.2); z = ")


def test_two_steps_are_both_found_with_dates():
    values = [100 + e for e in NOISE] + [130 + e for e in NOISE] + [90 + e for e in NOISE]
    dates = [dt.date(2011 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(45)]
    out = suggest_step_changes(values, dates)
    assert [(c.index, c.direction, c.date) for c in out] == [
        (15, "up", dt.date(2012, 7, 1)), (30, "down", dt.date(2013, 10, 1))]


def test_routine_variation_suggests_nothing():
    assert suggest_step_changes([100 + e for e in NOISE * 2]) == []
    assert suggest_step_changes([5] * 20) == []


def test_a_step_in_a_constant_series_is_exact():
    [cand] = suggest_step_changes([5] * 10 + [6] * 10)
    assert cand.index == 10 and "exact change" in cand.reason


def test_a_run_too_small_for_the_mean_test_is_suggested_by_the_run_rule():
    values = [14, 10] * 5 + [12.5, 12.6, 12.7, 12.5, 12.6, 12.7, 12.5]
    out = suggest_step_changes(values)
    assert [(c.index, c.direction) for c in out] == [(10, "up")]
    assert out[0].reason == "a run of 7 or more points above the mean (12.2) starts here"


def test_it_never_changes_its_input():
    values = [100 + e for e in NOISE] + [130 + e for e in NOISE]
    copy = list(values)
    suggest_step_changes(values)
    assert values == copy


def test_min_points_is_validated():
    with pytest.raises(SpcError) as e:
        suggest_step_changes([1, 2, 3], min_points=1)
    assert str(e.value) == "min_points: expected an integer >= 2, got 1"
