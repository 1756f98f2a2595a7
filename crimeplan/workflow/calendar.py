"""The board calendar and when a deliverable's next update is due.

An update is due at the board meeting nearest the date the cadence asks for (the last approved
update plus the cadence: monthly 1, quarterly 3, 6-monthly 6, annual 12 months), among the
meetings after that update: a quarterly update approved on 20 January is due at the 13 May board
rather than 11 March. A deliverable never updated is due at the first meeting of the plan's first
year; one without a cadence at every meeting. When no meetings are set for a plan, the default is one meeting every
``board_every_months`` months (2) from the start of the plan's first financial year.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from crimeplan.errors import ConfigError
from crimeplan.periods import add_months
from crimeplan.plan import Plan
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow.audit import record_audit

CADENCE_MONTHS = {"monthly": 1, "quarterly": 3, "6-monthly": 6, "annual": 12}
"""Reporting cadences of docs/plan-format.md, in months."""

DEFAULT_EVERY_MONTHS = 2
"""Issue 7: the board meets every two months unless a calendar is set."""

HORIZON_YEARS = 3
"""How far beyond today (or the date asked about) the default calendar runs."""


def cadence_months(cadence: str | None) -> int:
    """Months between updates; 0 for a deliverable reported at every meeting (no cadence)."""
    if not cadence:
        return 0
    try:
        return CADENCE_MONTHS[cadence]
    except KeyError:
        raise ConfigError(f"cadence: expected one of {', '.join(CADENCE_MONTHS)}, got {cadence!r}") from None


def plan_start(plan: Plan) -> date:
    return plan.years[0].start if plan.years else date(date.today().year, 4, 1)


def default_meetings(start: date, until: date, every_months: int = DEFAULT_EVERY_MONTHS) -> tuple[date, ...]:
    if every_months < 1:
        raise ConfigError(f"board_every_months: expected at least 1, got {every_months}")
    out, k = [], 0
    while (day := add_months(start, k * every_months)) <= until:
        out.append(day)
        k += 1
    return tuple(out)


def meetings(store: Store, plan: Plan, *, until: date | None = None,
             every_months: int = DEFAULT_EVERY_MONTHS) -> tuple[date, ...]:
    """The plan's board meetings in date order: those set, or the default calendar."""
    rows = store.fetchall(q.LIST_MEETINGS, {"plan_id": plan.id})
    if rows:
        return tuple(r[0] for r in rows)
    start = plan_start(plan)
    horizon = add_months(max(until or start, date.today(), start), 12 * HORIZON_YEARS)
    return default_meetings(start, horizon, every_months)


def set_meetings(store: Store, plan: Plan, dates: Iterable[date], actor: str) -> tuple[date, ...]:
    new = tuple(sorted(set(dates)))
    if not new:
        raise ConfigError("board calendar: expected at least one meeting date, got none")
    with store.transaction():
        before = [r[0] for r in store.fetchall(q.LIST_MEETINGS, {"plan_id": plan.id})]
        store.execute(q.CLEAR_MEETINGS, {"plan_id": plan.id})
        for day in new:
            store.execute(q.INSERT_MEETING, {"plan_id": plan.id, "meeting_date": day})
        record_audit(store, actor, "calendar.set", f"board_calendar:{plan.id}", before or None, list(new))
    return new


def next_due(last_update: date | None, cadence: str | None, calendar: Sequence[date], start: date) -> date | None:
    """The board meeting the next update is due at: of the meetings after the last update, the one
    nearest the date the cadence asks for (the earlier on a tie). None when that date is beyond the
    calendar's last meeting (the calendar needs extending)."""
    months = cadence_months(cadence)
    if last_update is None:
        return next((m for m in calendar if m >= start), None)
    later = [m for m in calendar if m > last_update]
    if months == 0:
        return later[0] if later else None
    wanted = add_months(last_update, months)
    if not later or wanted > later[-1]:
        return None
    return min(later, key=lambda m: (abs((m - wanted).days), m))
