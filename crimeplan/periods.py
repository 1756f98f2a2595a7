"""Reporting periods: financial years, year-to-date windows, rolling and daily windows.

Pure date arithmetic, no I/O. Every window is a :class:`Period` with an *inclusive* end, so
``Period(date(2013, 4, 1), date(2014, 3, 31))`` is the whole of financial year 2013/14.

The rules come from the board paper (seed): the financial year runs April to March; the
year-to-date at a briefing date runs from 1 April to the end of the last complete month before
the briefing date, and is compared with the same months a year earlier.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import overload

from crimeplan.errors import ConfigError

FINANCIAL_YEAR_START_MONTH = 4
"""April: the UK public-sector financial year runs 1 April to 31 March."""

EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2999, 12, 31)
"""The dates a user may give (issue 19): crime recording began long after 1900, and every period
worked out from a date (years back, months ahead) stays inside what ``datetime.date`` holds
(years 1 to 9999), so 0001-01-01 or 9999-12-31 are refused at the boundary rather than overflowing."""
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FY_LABEL = re.compile(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})")


# --------------------------------------------------------------------------- parsing


def parse_date(text: str | date) -> date:
    """Parse an ISO ``YYYY-MM-DD`` date; anything else raises ``ValueError``.

    A ``date`` passes through unchanged (a ``datetime`` does not: it carries a time).
    """
    if isinstance(text, date) and not isinstance(text, datetime):
        return text
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text.strip()):
        raise ValueError(f"expected a date as YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"expected a real calendar date as YYYY-MM-DD, got {text!r}") from None


def stored_date(value: object) -> date:
    """A date as a store hands it back: a ``date``; a ``datetime`` (PostgreSQL through a view, a
    pandas ``Timestamp``) as its date; text ``YYYY-MM-DD…`` or a month ``YYYY-MM`` (its 1st)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()[:10]
    return date.fromisoformat(text if len(text) > 7 else text + "-01")


# --------------------------------------------------------------------------- month arithmetic


@overload
def date_option(name: str, text: str | None, default: date) -> date: ...
@overload
def date_option(name: str, text: str | None, default: None = None) -> date | None: ...
def date_option(name: str, text: str | None, default: date | None = None) -> date | None:
    """A date a user gave under ``name`` (a command-line option, a query parameter): ``default``
    when blank, else strict ``YYYY-MM-DD``, refused with a ConfigError that names the option."""
    if not text:
        return default
    try:
        day = parse_date(text)
    except ValueError as exc:
        raise ConfigError(f"{name}: {exc}") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ConfigError(f"{name}: expected a date from {EARLIEST_DATE} to {LATEST_DATE}, got {day}")
    return day


def required_date_option(name: str, text: str | None) -> date:
    """A date the user must give (``--briefing-date``): as ``date_option``, and a blank one refused."""
    day = date_option(name, text)
    if day is None:
        raise ConfigError(f"{name}: expected a date as YYYY-MM-DD, got {text!r}")
    return day


def month_start(day: date) -> date:
    """First day of the month containing ``day``."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """Last day of the month containing ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_month_end(day: date) -> bool:
    return day == month_end(day)


def add_months(day: date, months: int) -> date:
    """Move ``day`` by whole months, clamping the day of month (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def months_between(start: date, end: date) -> int:
    """Number of calendar months from ``start``'s month to ``end``'s month (days ignored).

    ``months_between(date(2013, 4, 1), date(2014, 3, 31)) == 11``; add one for the number of
    months a window spans (see :attr:`Period.month_count`).
    """
    return (end.year - start.year) * 12 + (end.month - start.month)


def month_starts(start: date, end: date) -> tuple[date, ...]:
    """First day of every month touched by ``start``..``end`` (inclusive), in order."""
    if end < start:
        return ()
    first = month_start(start)
    return tuple(add_months(first, i) for i in range(months_between(start, end) + 1))


def shift_years(day: date, years: int) -> date:
    """Same calendar day ``years`` away; 29 February becomes 28 February in a common year."""
    return add_months(day, 12 * years)


def _shift_keeping_month_end(day: date, months: int) -> date:
    """Shift by months; a month-end stays a month-end (29 Feb 2016 - 12 → 28 Feb 2015 and
    28 Feb 2015 + 12 → 29 Feb 2016), so whole months map to whole months."""
    if is_month_end(day):
        return month_end(add_months(month_start(day), months))
    return add_months(day, months)


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True, order=True)
class Period:
    """A closed date interval ``start``..``end`` (both days included)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if not isinstance(self.start, date) or not isinstance(self.end, date):
            raise ValueError(f"a period needs two dates, got {self.start!r} and {self.end!r}")
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        """Number of days, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def is_whole_months(self) -> bool:
        """True when the period starts on a 1st and ends on a month end."""
        return self.start.day == 1 and is_month_end(self.end)

    @property
    def months(self) -> tuple[date, ...]:
        """First day of every month the period touches (the keys of a monthly cube)."""
        return month_starts(self.start, self.end)

    @property
    def month_count(self) -> int:
        return months_between(self.start, self.end) + 1

    def label(self) -> str:
        """Human label: "Apr 2013 – Mar 2014" for whole months, else "1 Apr 2014 – 28 Apr 2014"."""
        if self.is_whole_months:
            first = f"{calendar.month_abbr[self.start.month]} {self.start.year}"
            last = f"{calendar.month_abbr[self.end.month]} {self.end.year}"
            return first if first == last else f"{first} – {last}"
        return f"{_day_label(self.start)} – {_day_label(self.end)}"

    def shift_days(self, days: int) -> Period:
        return Period(self.start + timedelta(days=days), self.end + timedelta(days=days))


def _day_label(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


@dataclass(frozen=True, order=True)
class FinancialYear:
    """The financial year starting 1 April ``start_year`` (``FinancialYear(2013)`` is 2013/14)."""

    start_year: int

    def __post_init__(self) -> None:
        if isinstance(self.start_year, bool) or not isinstance(self.start_year, int):
            raise ValueError(f"expected a year as an integer, got {self.start_year!r}")
        if not 1900 <= self.start_year <= 2999:
            raise ValueError(f"expected a year between 1900 and 2999, got {self.start_year!r}")

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        """The financial year ``day`` falls in."""
        return cls(day.year if day.month >= FINANCIAL_YEAR_START_MONTH else day.year - 1)

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Parse "2013/14" (also "2013-14" and "2013/2014"); the second year must follow the first."""
        match = _FY_LABEL.fullmatch(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"expected a financial year like 2013/14, got {text!r}")
        first, second = int(match.group(1)), match.group(2)
        expected = str(first + 1) if len(second) == 4 else f"{(first + 1) % 100:02d}"
        if second != expected:
            raise ValueError(
                f"expected a financial year like {first}/{(first + 1) % 100:02d}, got {text!r}"
            )
        return cls(first)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return date(self.start_year, FINANCIAL_YEAR_START_MONTH, 1)

    @property
    def end(self) -> date:
        return add_months(self.start, 12) - timedelta(days=1)

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    @property
    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def quarters(self) -> tuple[Period, Period, Period, Period]:
        """The four quarters (Q1 = April–June)."""
        q = [Period(add_months(self.start, 3 * i), add_months(self.start, 3 * i + 3) - timedelta(days=1))
             for i in range(4)]
        return (q[0], q[1], q[2], q[3])

    def __contains__(self, day: object) -> bool:
        return day in self.period

    def __str__(self) -> str:
        return self.label


# --------------------------------------------------------------------------- windows at a briefing date


def last_complete_month(briefing_date: date) -> Period:
    """The last calendar month that ended before ``briefing_date``."""
    end = month_start(briefing_date) - timedelta(days=1)
    return Period(month_start(end), end)


def ytd_window(briefing_date: date) -> Period:
    """Year to date: 1 April to the end of the last complete month before ``briefing_date``.

    A briefing on 1 April (or any day in April) gives the whole previous financial year:
    the paper's "Briefing Date: 1 April 2014" covers 2013-04-01..2014-03-31.
    """
    end = last_complete_month(briefing_date).end
    return Period(FinancialYear.containing(end).start, end)


def baseline_window(period: Period) -> Period:
    """The same months (or days) one year earlier; leap-day safe.

    Whole months map to whole months (a window ending 29 Feb 2016 compares with one ending
    28 Feb 2015); other days move back one calendar year, 29 February becoming 28 February.
    """
    return Period(_shift_keeping_month_end(period.start, -12), _shift_keeping_month_end(period.end, -12))


def rolling_12_months(briefing_date: date) -> Period:
    """The twelve complete months ending with the last complete month before ``briefing_date``."""
    end = last_complete_month(briefing_date).end
    return Period(add_months(month_start(end), -11), end)


def financial_quarter(day: date) -> Period:
    """The financial quarter (Q1 = April–June) containing ``day``."""
    offset = (day.month - FINANCIAL_YEAR_START_MONTH) % 3
    start = add_months(month_start(day), -offset)
    return Period(start, add_months(start, 3) - timedelta(days=1))


def last_complete_quarter(briefing_date: date) -> Period:
    """The last financial quarter that ended before ``briefing_date``."""
    current = financial_quarter(briefing_date)
    return financial_quarter(current.start - timedelta(days=1))


# --------------------------------------------------------------------------- daily windows (CompStat style)

DAYS_PER_WINDOW = 28
"""CompStat reports use 28-day windows: four whole weeks, so weekdays line up."""
DAYS_PER_DAILY_QUARTER = 91
"""Thirteen weeks: a "quarter" of daily data that keeps weekdays aligned."""
DAYS_PER_ALIGNED_YEAR = 364
"""Fifty-two weeks: the same window last year, on the same weekdays."""


def trailing_days(as_of: date, days: int) -> Period:
    """The ``days`` complete days ending the day before ``as_of``."""
    if days < 1:
        raise ValueError(f"expected a positive number of days, got {days!r}")
    end = as_of - timedelta(days=1)
    return Period(end - timedelta(days=days - 1), end)


def window_28_days(as_of: date) -> Period:
    """The 28 complete days before ``as_of``."""
    return trailing_days(as_of, DAYS_PER_WINDOW)


def windows_28_days(as_of: date, count: int) -> tuple[Period, ...]:
    """``count`` consecutive 28-day windows, oldest first, the last ending the day before ``as_of``."""
    if count < 1:
        raise ValueError(f"expected a positive number of windows, got {count!r}")
    last = window_28_days(as_of)
    return tuple(last.shift_days(-DAYS_PER_WINDOW * i) for i in reversed(range(count)))


def quarter_91_days(as_of: date) -> Period:
    """The 91 complete days (13 weeks) before ``as_of``."""
    return trailing_days(as_of, DAYS_PER_DAILY_QUARTER)


def same_weekdays_last_year(period: Period) -> Period:
    """``period`` moved back 52 weeks (364 days), so it covers the same weekdays."""
    return period.shift_days(-DAYS_PER_ALIGNED_YEAR)
