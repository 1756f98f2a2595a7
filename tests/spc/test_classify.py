import pytest

from crimeplan.spc.classify import classify, point_direction, point_rule, point_type


@pytest.mark.parametrize("args, rule", [
    ((True, 1, True, True), "outside_limits"),
    ((False, -1, True, True), "trend"),
    ((False, 0, True, True), "two_in_three"),
    ((False, 0, False, True), "shift"),
    ((False, 0, False, False), None),
])
def test_precedence_is_outside_trend_two_in_three_shift(args, rule):
    assert point_rule(*args) == rule


def test_a_trend_point_takes_the_trend_direction_not_its_side():
    assert point_direction("trend", 1, -1) == "low"
    assert point_direction("shift", 1, -1) == "high"
    assert point_direction(None, 1, 0) is None


@pytest.mark.parametrize("direction, improvement, expected", [
    ("high", "increase", "special_cause_improvement"),
    ("low", "increase", "special_cause_concern"),
    ("high", "decrease", "special_cause_concern"),
    ("low", "decrease", "special_cause_improvement"),
    ("high", "neutral", "special_cause_neutral_high"),
    ("low", "neutral", "special_cause_neutral_low"),
    (None, "decrease", "common_cause"),
])
def test_point_type_table(direction, improvement, expected):
    assert point_type(direction, improvement) == expected


def test_a_falling_trend_above_the_mean_is_a_concern_when_increase_is_good():
    out = classify([1], [False], [-1], [False], [True], "increase")
    assert out == [("trend", "low", "special_cause_concern")]
