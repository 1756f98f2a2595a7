from datetime import date, datetime

import pytest

from crimeplan.periods import (
    FINANCIAL_YEAR_START_MONTH,
    FinancialYear,
    Period,
    add_months,
    baseline_window,
    financial_quarter,
    last_complete_quarter,
    month_end,
    month_starts,
    months_between,
    parse_date,
    quarter_91_days,
    rolling_12_months,
    same_weekdays_last_year,
    shift_years,
    window_28_days,
    windows_28_days,
    ytd_window,
)

FY_2013 = Period(date(2013, 4, 1), date(2014, 3, 31))


def test_financial_year_start_month_is_april():
    assert FINANCIAL_YEAR_START_MONTH == 4


def test_financial_year_label_and_bounds():
    fy = FinancialYear(2013)
    assert fy.label == "2013/14" and str(fy) == "2013/14"
    assert (fy.start, fy.end) == (date(2013, 4, 1), date(2014, 3, 31))
    assert fy.period == FY_2013
    assert fy.previous.label == "2012/13" and fy.next.label == "2014/15"
    assert FinancialYear(1999).label == "1999/00"


@pytest.mark.parametrize("day, start_year", [
    (date(2014, 3, 31), 2013), (date(2014, 4, 1), 2014), (date(2014, 1, 1), 2013), (date(2013, 12, 31), 2013),
])
def test_financial_year_containing(day, start_year):
    assert FinancialYear.containing(day) == FinancialYear(start_year)
    assert day in FinancialYear(start_year)


@pytest.mark.parametrize("text", ["2013/14", "2013-14", "2013/2014", " 2013 / 14 "])
def test_financial_year_parse(text):
    assert FinancialYear.parse(text) == FinancialYear(2013)


@pytest.mark.parametrize("text", ["2013/15", "2013", "13/14", "", "2013/14/15"])
def test_financial_year_parse_rejects(text):
    with pytest.raises(ValueError, match="expected a financial year like"):
        FinancialYear.parse(text)


def test_financial_year_quarters():
    q1, q2, q3, q4 = FinancialYear(2015).quarters()
    assert q1 == Period(date(2015, 4, 1), date(2015, 6, 30))
    assert q4 == Period(date(2016, 1, 1), date(2016, 3, 31))  # leap year: 91 days
    assert q4.days == 91


@pytest.mark.parametrize("briefing, expected", [
    # The paper: "Briefing Date : 1 April 2014" gives the whole of 2013/14.
    (date(2014, 4, 1), FY_2013),
    # Mid-April: the last complete month is still March.
    (date(2014, 4, 15), FY_2013),
    (date(2014, 4, 30), FY_2013),
    # The board met on 13 May 2014: April only.
    (date(2014, 5, 13), Period(date(2014, 4, 1), date(2014, 4, 30))),
    (date(2014, 5, 1), Period(date(2014, 4, 1), date(2014, 4, 30))),
    (date(2013, 11, 5), Period(date(2013, 4, 1), date(2013, 10, 31))),
    # Calendar year boundary: January briefing covers April..December.
    (date(2014, 1, 1), Period(date(2013, 4, 1), date(2013, 12, 31))),
    (date(2014, 3, 31), Period(date(2013, 4, 1), date(2014, 2, 28))),
    # Leap year: February 2016 has 29 days.
    (date(2016, 3, 10), Period(date(2015, 4, 1), date(2016, 2, 29))),
])
def test_ytd_window(briefing, expected):
    assert ytd_window(briefing) == expected


def test_ytd_window_is_whole_months():
    window = ytd_window(date(2013, 11, 5))
    assert window.is_whole_months and window.month_count == 7
    assert window.months[0] == date(2013, 4, 1) and window.months[-1] == date(2013, 10, 1)
    assert window.label() == "Apr 2013 – Oct 2013"


@pytest.mark.parametrize("period, expected", [
    (FY_2013, Period(date(2012, 4, 1), date(2013, 3, 31))),
    # Whole months ending on a leap day map to whole months a year earlier...
    (Period(date(2015, 4, 1), date(2016, 2, 29)), Period(date(2014, 4, 1), date(2015, 2, 28))),
    # ...and a February ending in a common year maps onto the leap February before it.
    (Period(date(2016, 4, 1), date(2017, 2, 28)), Period(date(2015, 4, 1), date(2016, 2, 29))),
    # Daily windows move back one calendar year; the leap day becomes 28 February.
    (Period(date(2016, 2, 29), date(2016, 3, 5)), Period(date(2015, 2, 28), date(2015, 3, 5))),
    (Period(date(2014, 1, 1), date(2014, 1, 1)), Period(date(2013, 1, 1), date(2013, 1, 1))),
])
def test_baseline_window(period, expected):
    assert baseline_window(period) == expected


def test_baseline_of_ytd_matches_paper_columns():
    current = ytd_window(date(2014, 4, 1))
    assert baseline_window(current) == FinancialYear(2012).period


@pytest.mark.parametrize("briefing, expected", [
    (date(2014, 4, 1), FY_2013),
    (date(2014, 1, 20), Period(date(2013, 1, 1), date(2013, 12, 31))),
    (date(2016, 3, 1), Period(date(2015, 3, 1), date(2016, 2, 29))),
])
def test_rolling_12_months(briefing, expected):
    window = rolling_12_months(briefing)
    assert window == expected and window.month_count == 12


def test_financial_quarters_of_a_day():
    assert financial_quarter(date(2014, 2, 14)) == Period(date(2014, 1, 1), date(2014, 3, 31))
    assert financial_quarter(date(2014, 4, 1)) == Period(date(2014, 4, 1), date(2014, 6, 30))
    assert last_complete_quarter(date(2014, 4, 1)) == Period(date(2014, 1, 1), date(2014, 3, 31))
    assert last_complete_quarter(date(2014, 1, 15)) == Period(date(2013, 10, 1), date(2013, 12, 31))


def test_28_day_windows():
    window = window_28_days(date(2014, 3, 1))
    assert window == Period(date(2014, 2, 1), date(2014, 2, 28)) and window.days == 28
    series = windows_28_days(date(2014, 3, 1), 3)
    assert series[-1] == window
    assert [w.days for w in series] == [28, 28, 28]
    assert all(a.end.toordinal() + 1 == b.start.toordinal() for a, b in zip(series, series[1:], strict=False))
    assert quarter_91_days(date(2014, 4, 1)).days == 91
    last_year = same_weekdays_last_year(window)
    assert last_year.start.weekday() == window.start.weekday() and last_year.days == 28


def test_month_arithmetic():
    assert add_months(date(2014, 1, 31), 1) == date(2014, 2, 28)
    assert add_months(date(2016, 1, 31), 1) == date(2016, 2, 29)
    assert add_months(date(2014, 3, 15), -15) == date(2012, 12, 15)
    assert add_months(date(2013, 12, 1), 1) == date(2014, 1, 1)
    assert shift_years(date(2016, 2, 29), -1) == date(2015, 2, 28)
    assert month_end(date(2100, 2, 3)) == date(2100, 2, 28)  # 2100 is not a leap year
    assert months_between(date(2013, 4, 1), date(2014, 3, 31)) == 11
    assert months_between(date(2014, 3, 1), date(2013, 4, 1)) == -11
    assert month_starts(date(2013, 12, 15), date(2014, 2, 1)) == (
        date(2013, 12, 1), date(2014, 1, 1), date(2014, 2, 1))


def test_period_rules():
    with pytest.raises(ValueError, match="cannot end"):
        Period(date(2014, 4, 2), date(2014, 4, 1))
    assert date(2014, 3, 31) in FY_2013 and date(2014, 4, 1) not in FY_2013
    assert Period(date(2014, 4, 1), date(2014, 4, 28)).label() == "1 Apr 2014 – 28 Apr 2014"
    assert str(FY_2013) == "2013-04-01..2014-03-31"


def test_parse_date_accepts_iso_only():
    assert parse_date("2014-04-01") == date(2014, 4, 1)
    assert parse_date(date(2014, 4, 1)) == date(2014, 4, 1)


@pytest.mark.parametrize("text", [
    "01/04/2014", "2014-4-1", "20140401", "2014-04-01T00:00", "", None, 20140401, datetime(2014, 4, 1),
])
def test_parse_date_rejects_other_forms(text):
    with pytest.raises(ValueError, match=r"expected a date as YYYY-MM-DD, got"):
        parse_date(text)


def test_parse_date_rejects_impossible_day():
    with pytest.raises(ValueError, match="expected a real calendar date as YYYY-MM-DD, got '2014-02-29'"):
        parse_date("2014-02-29")


def test_date_option_names_the_option_and_defaults_when_blank():
    from datetime import date

    import pytest

    from crimeplan.errors import ConfigError
    from crimeplan.periods import date_option

    assert date_option("--briefing-date", "2014-04-01") == date(2014, 4, 1)
    assert date_option("as_of", "", date(2020, 1, 1)) == date(2020, 1, 1)
    assert date_option("--published", None) is None
    with pytest.raises(ConfigError, match=r"^--briefing-date: expected a real calendar date"):
        date_option("--briefing-date", "2014-13-01")
