"""Board calendar: the default meetings, then the stored calendar (due dates: test_status.py)."""

from __future__ import annotations

from datetime import date

from crimeplan.workflow import calendar
from tests.workflow.conftest import PLAN


def test_default_calendar_is_every_two_months_from_the_plan_year():
    days = calendar.default_meetings(date(2013, 4, 1), date(2014, 3, 31))
    assert days == (date(2013, 4, 1), date(2013, 6, 1), date(2013, 8, 1), date(2013, 10, 1), date(2013, 12, 1),
                    date(2014, 2, 1))


def test_stored_calendar_replaces_the_default_and_is_audited(store):
    default = calendar.meetings(store, PLAN)
    assert default[0] == date(2013, 4, 1) and default[1] == date(2013, 6, 1)
    calendar.set_meetings(store, PLAN, [date(2014, 5, 13), date(2014, 1, 14)], "analyst.one")
    assert calendar.meetings(store, PLAN) == (date(2014, 1, 14), date(2014, 5, 13))
    from crimeplan.workflow.audit import audit_entries
    (entry,) = audit_entries(store, action="calendar.set", include_loads=False)
    assert entry.after == ["2014-01-14", "2014-05-13"] and entry.before is None
