import math
from datetime import date

import pytest

from crimeplan.errors import SpcError
from crimeplan.spc import project_year_end, target_assurance

AMR = 11.28                 # sigma = AMR / 1.128 = 10 a month


def project(target, values=(100,) * 6, direction="decrease", **kw):
    return project_year_end(list(values), 12, 100, AMR, 1200, target, direction, **kw)


def test_projection_and_interval_by_hand():
    p = project(1100)
    half = 1.96 * math.sqrt(6) * 10
    assert (p.actual_to_date, p.months_remaining, p.projected_total) == (600, 6, 1200)
    assert p.low == pytest.approx(1200 - half) and p.high == pytest.approx(1200 + half)


@pytest.mark.parametrize("target, verdict", [
    (1300, "met_consistently"), (1200, "met_by_chance"), (1180, "missed_by_chance"),
    (1100, "not_met_consistently"),
])
def test_verdicts_for_a_reduction_target(target, verdict):
    assert project(target).verdict == verdict


def test_verdicts_for_an_increase_target():
    assert project(1100, direction="increase").verdict == "met_consistently"
    assert project(1300, direction="increase").verdict == "not_met_consistently"


def test_probability_of_meeting_is_a_normal_approximation():
    assert project(1200).probability_of_meeting == pytest.approx(0.5)
    sd = math.sqrt(6) * 10
    expected = 0.5 * (1 + math.erf((1180 - 1200) / sd / math.sqrt(2)))
    assert project(1180).probability_of_meeting == pytest.approx(expected)
    assert project(1180, direction="increase").probability_of_meeting == pytest.approx(1 - expected)


def test_a_complete_year_has_no_interval():
    p = project(1150, values=[100] * 11 + [90])
    assert p.low == p.high == p.projected_total == 1190
    assert p.verdict == "not_met_consistently" and p.probability_of_meeting == 0.0


def test_a_year_like_last_year_is_not_a_signal():
    p = project(1100, values=[104, 96, 103, 97, 100, 101])
    assert not p.signal and p.signal_reason is None
    assert p.projected_change == 1 and p.projected_change_pct == pytest.approx(100 / 1200)


def test_a_higher_year_is_a_signal_against_last_years_process():
    p = project(1100, values=[120] * 6)        # z = 20 / (10 * sqrt(1/6 + 1/12)) = 4
    assert p.signal
    assert p.signal_reason == "this year's monthly average differs from last year's by 4.0 standard errors"
    spike = project(1100, values=[100, 140])
    assert spike.signal and spike.signal_reason == "month 2 of the year is outside last year's process limits"
    named = project(1100, values=[100, 140], first_month=date(2013, 4, 1))   # the paper names the month
    assert named.signal_reason == "May 2013 is outside last year's process limits"


def test_signal_against_last_years_values():
    p = project(1100, values=[101, 102, 101, 102, 101, 102, 101], baseline_values=[100, 99] * 6)
    assert p.signal and p.signal_reason.startswith("7 or more consecutive months")


def test_no_amr_gives_no_interval():
    p = project_year_end([100] * 6, 12, 100, None, 1200, 1300, "decrease")
    assert p.low is None and p.probability_of_meeting is None and p.verdict == "met_by_chance"


def test_projection_errors():
    with pytest.raises(SpcError) as e:
        project_year_end([1], 12, 100, 1, 1200, 1100, "neutral")
    assert str(e.value) == "improvement_direction: expected increase or decrease for a target, got 'neutral'"
    with pytest.raises(SpcError) as e:
        project_year_end([1] * 13, 12, 100, 1, 1200, 1100, "decrease")
    assert str(e.value) == "months_elapsed_values: expected at most 12 values, got 13"


def test_target_assurance_is_strict():
    assert target_assurance(1500, 1400, 1600, "decrease") == "inconsistent"
    assert target_assurance(1600, 1400, 1600, "decrease") == "inconsistent"
    assert target_assurance(1601, 1400, 1600, "decrease") == "consistent_pass"
    assert target_assurance(1399, 1400, 1600, "decrease") == "consistent_fail"
