"""When a deliverable's update is due: its reporting cadence in months.

Pure functions of dates. An update approved in month M with a cadence of k months covers the
paper up to the end of month M + k; a paper whose briefing date falls after that shows
"last updated in <month of the update>".
"""

from __future__ import annotations

from datetime import date, datetime

CADENCE_MONTHS = {"monthly": 1, "quarterly": 3, "6-monthly": 6, "annual": 12}
"""The plan's cadences (crimeplan.plan.CADENCES) as months between updates."""


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s (March → June is 3)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def is_overdue(approved_at: date | datetime, briefing_date: date, cadence: str | None) -> bool:
    """True when the latest approved update is older than its cadence at the briefing date.

    The briefing date reports on the months before it, so an update approved in March with a
    quarterly cadence is current for papers briefed up to the end of June and overdue from July.
    A deliverable without a cadence is never overdue."""
    months = CADENCE_MONTHS.get(cadence or "")
    if months is None:
        return False
    day = approved_at.date() if isinstance(approved_at, datetime) else approved_at
    return months_between(day, briefing_date) > months


def last_updated(approved_at: date | datetime) -> str:
    """ "Last updated in March 2014"."""
    return f"Last updated in {approved_at:%B %Y}"
