"""Board calendar and due dates: pure rules, then the stored calendar."""

from __future__ import annotations

from datetime import date

import pytest

from crimeplan.errors import ConfigError
from crimeplan.workflow import calendar
from tests.workflow.conftest import PLAN

MEETINGS = (date(2014, 1, 14), date(2014, 3, 11), date(2014, 5, 13), date(2014, 7, 8), date(2014, 9, 9))


def test_default_calendar_is_every_two_months_from_the_plan_year():
    days = calendar.default_meetings(date(2013, 4, 1), date(2014, 3, 31))
    assert days == (date(2013, 4, 1), date(2013, 6, 1), date(2013, 8, 1), date(2013, 10, 1), date(2013, 12, 1),
                    date(2014, 2, 1))


@pytest.mark.parametrize("last,cadence,expected", [
    (date(2014, 1, 20), "quarterly", date(2014, 5, 13)),   # due 20 April: the next board is 13 May
    (date(2013, 11, 30), "quarterly", date(2014, 3, 11)),
    (date(2014, 1, 14), "6-monthly", date(2014, 7, 8)),
    (date(2014, 1, 14), "monthly", date(2014, 3, 11)),
    (date(2014, 1, 14), None, date(2014, 3, 11)),           # no cadence: every meeting
    (None, "quarterly", date(2014, 1, 14)),                 # never updated: the first meeting
    (date(2014, 6, 1), "annual", None),                     # beyond the calendar
])
def test_next_due_is_the_first_meeting_after_the_cadence(last, cadence, expected):
    assert calendar.next_due(last, cadence, MEETINGS, date(2014, 1, 1)) == expected


def test_unknown_cadence_is_an_error():
    with pytest.raises(ConfigError, match="cadence: expected one of monthly"):
        calendar.cadence_months("fortnightly")


def test_stored_calendar_replaces_the_default_and_is_audited(store):
    default = calendar.meetings(store, PLAN)
    assert default[0] == date(2013, 4, 1) and default[1] == date(2013, 6, 1)
    calendar.set_meetings(store, PLAN, [date(2014, 5, 13), date(2014, 1, 14)], "analyst.one")
    assert calendar.meetings(store, PLAN) == (date(2014, 1, 14), date(2014, 5, 13))
    from crimeplan.workflow.audit import audit_entries
    (entry,) = audit_entries(store, action="calendar.set", include_loads=False)
    assert entry.after == ["2014-01-14", "2014-05-13"] and entry.before is None
