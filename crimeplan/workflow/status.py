"""The one rule for a deliverable's latest update, status and overdue flag at a date.

Every page that shows a deliverable calls this module: the portal's ``/deliverables`` and overview,
the signed-in ``/workflow`` pages, the public view and the board paper (issues 16 and 18).

- **Latest update at a date**: the latest *approved* update approved on or before that date (the
  briefing date of a paper or page, or today). Drafts and returned updates never count, and an
  update approved after the date does not hide the one before it.
- **Status at a date**: the status that update set; "not started" when there is none.
- **Due and overdue**: an update approved in month M with a cadence of k months is current for
  briefing dates up to the end of month M + k (an update approved in March with a quarterly cadence
  is current to 30 June, overdue from 1 July). A deliverable never updated counts from the start
  of the plan's first year. A deliverable without a cadence is never overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from crimeplan.errors import ConfigError
from crimeplan.periods import add_months, month_start
from crimeplan.plan import Plan
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q

CADENCE_MONTHS = {"monthly": 1, "quarterly": 3, "6-monthly": 6, "annual": 12}
"""Reporting cadences of docs/plan-format.md (crimeplan.plan.CADENCES), in months between updates."""

STATUSES = {"not_started": "Not started", "on_track": "On track", "at_risk": "At risk",
            "off_track": "Off track", "complete": "Complete"}
"""Status of a deliverable (issue 7), id → label."""

NOT_STARTED = "not_started"
"""The status of a deliverable with no approved update at the date."""


@dataclass(frozen=True)
class ApprovedUpdate:
    """An approved update of a deliverable, as the paper, the portal and the public view show it."""

    deliverable_id: str
    text: str
    status: str
    approved_at: datetime
    author: str
    covered_in: str | None
    approved_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "approved_at": self.approved_at.isoformat(timespec="seconds")}


@dataclass(frozen=True)
class StatusAt:
    """A deliverable at a date: its latest approved update then, the status it set, the last day that
    update is current (``due``) and whether the date is past it."""

    deliverable_id: str
    cadence: str | None
    latest: ApprovedUpdate | None
    status: str
    due: date | None
    overdue: bool

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


# -- pure rules -----------------------------------------------------------------------------------
def cadence_months(cadence: str | None) -> int:
    """Months between updates; 0 for a deliverable without a cadence."""
    if not cadence:
        return 0
    try:
        return CADENCE_MONTHS[cadence]
    except KeyError:
        raise ConfigError(f"cadence: expected one of {', '.join(CADENCE_MONTHS)}, got {cadence!r}") from None


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from ``earlier``'s month to ``later``'s (March → June is 3)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def due_date(since: date | datetime, cadence: str | None) -> date | None:
    """The last day an update made on ``since`` is current: the end of month M + k; None without a cadence."""
    months = cadence_months(cadence)
    if not months:
        return None
    return add_months(month_start(_day(since)), months + 1) - timedelta(days=1)


def is_overdue(since: date | datetime | None, briefing_date: date, cadence: str | None) -> bool:
    """True when the briefing date is past the due date of an update made on ``since`` (the latest
    approved update, or the plan's start when there is none). Never without a cadence or a start."""
    if since is None:
        return False
    due = due_date(since, cadence)
    return due is not None and briefing_date > due


def latest_on_or_before(updates: Iterable[ApprovedUpdate], day: date) -> ApprovedUpdate | None:
    """The update approved last on or before ``day`` (the later id wins a tie: the order given)."""
    latest = None
    for u in updates:
        if _day(u.approved_at) <= day and (latest is None or u.approved_at >= latest.approved_at):
            latest = u
    return latest


def status_at(deliverable_id: str, cadence: str | None, updates: Iterable[ApprovedUpdate], day: date,
              start: date | None) -> StatusAt:
    """The rule: a deliverable's latest approved update, status, due date and overdue flag at ``day``."""
    latest = latest_on_or_before(updates, day)
    since = latest.approved_at if latest else start
    due = due_date(since, cadence) if since is not None else None
    return StatusAt(deliverable_id, cadence, latest, latest.status if latest else NOT_STARTED, due,
                    is_overdue(since, day, cadence))


def plan_start(plan: Plan) -> date | None:
    """The start of the plan's first financial year (None for a plan without years)."""
    return plan.years[0].start if plan.years else None


# -- from the store -------------------------------------------------------------------------------
def approved_updates(store: Store, plan_id: str) -> dict[str, list[ApprovedUpdate]]:
    """Deliverable id → its approved updates, in order of approval."""
    out: dict[str, list[ApprovedUpdate]] = {}
    for did, body, status, approved_at, author, kind, covered_in, approved_by in store.fetchall(
            q.APPROVED_UPDATES, {"plan_id": plan_id}):
        out.setdefault(did, []).append(ApprovedUpdate(did, body, status, approved_at, author,
                                                      covered_in if kind == "covered" else None, approved_by))
    return out


def latest_approved(store: Store, plan_id: str, as_of: date) -> dict[str, ApprovedUpdate]:
    """Deliverable id → its latest update approved on or before ``as_of`` (the paper's briefing date)."""
    out = {}
    for did, updates in approved_updates(store, plan_id).items():
        latest = latest_on_or_before(updates, as_of)
        if latest is not None:
            out[did] = latest
    return out


def cadences(store: Store, plan: Plan) -> dict[str, str | None]:
    """Each deliverable's cadence: the store's (analysts may change it), else the plan file's."""
    out = {d.id: d.cadence for d in plan.deliverables.values()}
    out.update({did: cadence for did, cadence in store.fetchall(q.DELIVERABLE_CADENCES, {"plan_id": plan.id})})
    return out


def statuses(store: Store, plan: Plan, as_of: date) -> dict[str, StatusAt]:
    """Every deliverable of the plan (file and store) at ``as_of``, by the one rule."""
    updates = approved_updates(store, plan.id)
    start = plan_start(plan)
    return {did: status_at(did, cadence, updates.get(did, ()), as_of, start)
            for did, cadence in sorted(cadences(store, plan).items())}

