import pytest

from crimeplan.spc.icons import assurance_icon, variation_icon


@pytest.mark.parametrize("ptype, improvement, icon", [
    ("common_cause", "increase", "common_cause"),
    ("common_cause", "neutral", "common_cause"),
    ("special_cause_improvement", "increase", "improvement_high"),
    ("special_cause_improvement", "decrease", "improvement_low"),
    ("special_cause_concern", "increase", "concern_low"),
    ("special_cause_concern", "decrease", "concern_high"),
    ("special_cause_neutral_high", "neutral", "neutral_high"),
    ("special_cause_neutral_low", "neutral", "neutral_low"),
])
def test_variation_icon_table(ptype, improvement, icon):
    assert variation_icon(ptype, improvement) == icon


@pytest.mark.parametrize("target, improvement, icon", [
    (12, "increase", "consistent_fail"),
    (-1, "increase", "consistent_pass"),
    (5, "increase", "inconsistent"),
    (12, "decrease", "consistent_pass"),
    (-1, "decrease", "consistent_fail"),
    (5, "decrease", "inconsistent"),
    (12, "neutral", None),
    (None, "increase", None),
])
def test_assurance_icon_table(target, improvement, icon):
    assert assurance_icon(target, 0, 10, improvement) == icon


def test_a_target_exactly_on_a_limit_is_hit_and_miss():
    assert assurance_icon(10, 0, 10, "increase") == "inconsistent"
    assert assurance_icon(0, 0, 10, "decrease") == "inconsistent"


def test_no_assurance_without_limits():
    assert assurance_icon(5, float("nan"), float("nan"), "increase") is None
