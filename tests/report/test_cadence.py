from datetime import date, datetime

import pytest

from crimeplan.report.cadence import CADENCE_MONTHS, is_overdue, last_updated, months_between


def test_cadences_are_the_plans():
    from crimeplan.plan import CADENCES
    assert set(CADENCE_MONTHS) == set(CADENCES)
    assert CADENCE_MONTHS == {"monthly": 1, "quarterly": 3, "6-monthly": 6, "annual": 12}


def test_months_between_counts_calendar_months():
    assert months_between(date(2014, 3, 31), date(2014, 6, 1)) == 3
    assert months_between(date(2013, 12, 1), date(2014, 1, 31)) == 1
    assert months_between(date(2014, 4, 1), date(2014, 4, 30)) == 0


@pytest.mark.parametrize("approved, briefing, cadence, overdue", [
    (date(2014, 3, 20), date(2014, 4, 1), "quarterly", False),
    (date(2014, 1, 5), date(2014, 4, 1), "quarterly", False),    # 3 months: still current
    (date(2013, 12, 31), date(2014, 4, 1), "quarterly", True),   # 4 months
    (date(2014, 2, 1), date(2014, 4, 1), "monthly", True),
    (date(2014, 3, 1), date(2014, 4, 1), "monthly", False),
    (date(2013, 10, 1), date(2014, 4, 1), "6-monthly", False),
    (date(2013, 9, 30), date(2014, 4, 1), "6-monthly", True),
    (date(2013, 4, 1), date(2014, 4, 1), "annual", False),
    (date(2013, 3, 31), date(2014, 4, 1), "annual", True),
    (date(2010, 1, 1), date(2014, 4, 1), None, False),            # no cadence: never overdue
])
def test_is_overdue(approved, briefing, cadence, overdue):
    assert is_overdue(approved, briefing, cadence) is overdue


def test_datetimes_and_wording():
    assert is_overdue(datetime(2013, 10, 2, 9, 30), date(2014, 4, 1), "quarterly")
    assert last_updated(date(2014, 3, 5)) == "Last updated in March 2014"
