"""The board calendar: the meeting dates of a plan's board.

The meetings set for a plan (``crimeplan deliverables calendar --set …``), or by default one meeting
every ``board_every_months`` months (2) from the start of the plan's first financial year. When a
deliverable's update is due, and whether it is overdue, is decided by its cadence in months alone,
in ``crimeplan.workflow.status`` (the one rule the portal, the public view and the paper share).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from crimeplan.errors import ConfigError
from crimeplan.periods import add_months
from crimeplan.plan import Plan
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import status
from crimeplan.workflow.audit import record_audit

DEFAULT_EVERY_MONTHS = 2
"""Issue 7: the board meets every two months unless a calendar is set."""

HORIZON_YEARS = 3
"""How far beyond today (or the date asked about) the default calendar runs."""


def plan_start(plan: Plan) -> date:
    """The first meeting's date: the plan's start, or this financial year's for a plan without years."""
    return status.plan_start(plan) or date(date.today().year, 4, 1)


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
