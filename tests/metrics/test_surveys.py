"""Survey rates, tests of change and milestones on the demo survey data, on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from crimeplan.metrics.surveys import (
    milestone_status,
    pooled,
    rolling,
    survey_change,
    survey_milestones,
    survey_series,
)
from crimeplan.periods import Period
from crimeplan.plan import load_plan
from crimeplan.surveys.demo import load_survey_demo


@pytest.fixture
def surveys(store):
    load_survey_demo(store)
    return store


def test_milestones_carry_rolling_rates_intervals_pprime_spc_and_assurance(surveys):
    items = {m.milestone: m for m in survey_milestones(surveys, load_plan("wmp-2013-14"), date(2014, 4, 1))}
    crime, asb = items["satisfaction_crime"], items["satisfaction_asb"]
    assert (crime.current.positive, crime.current.n) == (2_011, 2_400)          # 83.8 % (paper)
    assert round(crime.current.rate * 100, 1) == 83.8 and round(asb.current.rate * 100, 1) == 77.7
    assert crime.current.low < crime.current.rate < crime.current.high < 0.88
    assert crime.status == "missed" and crime.target == 0.88
    assert crime.spc.groups[0].cl is not None and crime.spc.groups[0].sigma_z is not None   # Laney p′
    assert crime.assurance in ("consistent_pass", "consistent_fail", "inconsistent")
    assert len(crime.months) == 48 and crime.months[-1] == date(2014, 3, 1)
    # eight months below the average from April 2013: a run flagged as concern
    april = crime.months.index(date(2013, 4, 1))
    assert all(p.point_type == "special_cause_concern" for p in crime.spc.points[april:april + 8])
    assert max(crime.numerators[april:]) == 175                                    # Feb 2014, 87.5 %
    assert asb.comparator is None and "No national comparator" in asb.comparator_note
    assert crime.comparator is not None and crime.comparator_note is None
    assert crime.narrative.startswith("Satisfaction of victims of crime") and crime.narrative.count(".") >= 1
    assert crime.to_dict()["spc"]["points"]


def test_series_rolling_rates_and_the_confidence_waves(surveys):
    conf = survey_series(surveys, "confidence", "overall", "west-midlands")
    assert [round(p.rate * 100, 1) for p in conf.points[-2:]] == [82.4, 82.4]
    assert round(sum(p.rate for p in conf.points) / len(conf.points) * 100, 1) == 83.1
    asb = survey_series(surveys, "victim_satisfaction_asb", "overall", "west-midlands")
    march = asb.points[-1]
    assert (march.positive, march.n) == (160, 200)                                 # 80 % in March 2014
    assert asb.rolling[-1].n == 2_400 and asb.rolling[-1].periods == 12


def test_change_between_periods_uses_the_two_proportion_test(surveys):
    change = survey_change(surveys, "victim_satisfaction_crime", "overall", "west-midlands",
                           Period(date(2012, 4, 1), date(2013, 3, 31)), Period(date(2013, 4, 1), date(2014, 3, 31)))
    assert change.second.positive == 2_011 and change.first.n == 2_400
    assert change.test.difference < 0 and "not a significant change" in change.sentence()


def test_pure_helpers():
    rows = [(date(2013, m, 1), date(2013, m, 28), 100, 80) for m in range(1, 13)] + \
           [(date(2014, 1, 1), date(2014, 1, 31), 100, 90)]
    assert rolling(rows)[-1].positive == 11 * 80 + 90 and rolling(rows)[-1].periods == 12
    point = pooled(rows[:1])
    assert milestone_status(point, 0.5) == "met" and milestone_status(point, 0.95) == "missed"
    assert milestone_status(point, 0.8) == "uncertain"
