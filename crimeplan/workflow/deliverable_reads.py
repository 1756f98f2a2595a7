"""Deliverables and their updates as read from the store: the frozen records pages and papers are
given, and the readers (crimeplan.workflow.deliverables holds the whole workflow)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from crimeplan.errors import NotFoundError
from crimeplan.plan import Plan
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import status as rule
from crimeplan.workflow.status import ApprovedUpdate

PROGRESS, COVERED = "progress", "covered"
KINDS = {PROGRESS: "Progress update", COVERED: "Covered in another report"}
DRAFT, APPROVED, RETURNED = "draft", "approved", "returned"

MAX_TEXT = 20_000
"""Longest update text accepted (characters): several pages of a board paper."""
MAX_EVIDENCE = 10
MAX_LINE = 500
"""Longest single-line field (reason, paper reference, evidence link, title, lead)."""


@dataclass(frozen=True)
class Update:
    update_id: int
    plan_id: str
    deliverable_id: str
    kind: str
    text: str
    status: str
    status_reason: str | None
    evidence: tuple[str, ...]
    covered_in: str | None
    author: str
    created_at: datetime
    state: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    revision: int = 1

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["evidence"] = list(self.evidence)
        for key in ("created_at", "reviewed_at"):
            out[key] = out[key].isoformat(timespec="seconds") if out[key] else None
        return out


@dataclass(frozen=True)
class Revision:
    """One text of an update, with who wrote it and when."""

    update_id: int
    revision: int
    text: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class Deliverable:
    plan_id: str
    deliverable_id: str
    outcome: str
    title: str
    lead: str
    cadence: str | None
    covered_elsewhere: str | None
    status: str
    status_reason: str | None
    version: int
    updated_at: datetime
    updated_by: str

    @property
    def entity(self) -> str:
        return f"deliverable:{self.plan_id}/{self.deliverable_id}"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["updated_at"] = self.updated_at.isoformat(timespec="seconds")
        return out


@dataclass(frozen=True)
class DeliverableState:
    """A deliverable as a page shows it at a date, by the rule of ``crimeplan.workflow.status``: its
    status and last approved update then, the last day that update is current (``next_due``),
    whether that is past, and how many drafts await review."""

    deliverable: Deliverable
    status: str
    last_approved: ApprovedUpdate | None
    next_due: date | None
    overdue: bool
    pending: int

    def to_dict(self) -> dict[str, Any]:
        last = self.last_approved
        return {**self.deliverable.to_dict(), "status": self.status,
                "last_approved": None if last is None else last.to_dict(),
                "next_due": self.next_due.isoformat() if self.next_due else None,
                "overdue": self.overdue, "pending": self.pending}


# -- reading ----------------------------------------------------------------------------------------
def _deliverable(row: tuple[Any, ...]) -> Deliverable:
    return Deliverable(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], int(row[9]),
                       row[10], row[11])


def _update(row: tuple[Any, ...]) -> Update:
    return Update(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], tuple(json.loads(row[7])),
                  row[8], row[9], row[10], row[11], row[12], row[13], row[14], int(row[15] or 1))


def get_deliverable(store: Store, plan_id: str, deliverable_id: str) -> Deliverable:
    rows = store.fetchall(q.GET_DELIVERABLE, {"plan_id": plan_id, "deliverable_id": deliverable_id})
    if not rows:
        raise NotFoundError(f"plan {plan_id} has no deliverable {deliverable_id!r}")
    return _deliverable(rows[0])


def list_deliverables(store: Store, plan_id: str) -> list[Deliverable]:
    return [_deliverable(r) for r in store.fetchall(q.LIST_DELIVERABLES, {"plan_id": plan_id})]


def get_update(store: Store, update_id: int) -> Update:
    rows = store.fetchall(q.GET_UPDATE, {"update_id": update_id})
    if not rows:
        raise NotFoundError(f"no deliverable update {update_id}")
    return _update(rows[0])


def history(store: Store, plan_id: str, deliverable_id: str | None = None) -> list[Update]:
    """Every update (drafts, returned and approved), oldest first."""
    return [_update(r) for r in store.fetchall(q.LIST_UPDATES, {"plan_id": plan_id,
                                                                "deliverable_id": deliverable_id})]


def pending_updates(store: Store, plan_id: str) -> list[Update]:
    """Drafts awaiting review, oldest first."""
    return [_update(r) for r in store.fetchall(q.LIST_UPDATES_IN_STATE, {"plan_id": plan_id, "state": DRAFT})]


def revisions(store: Store, update_id: int) -> list[Revision]:
    """Every text of an update, first draft first."""
    return [Revision(int(r[0]), int(r[1]), r[3], r[8], r[9])
            for r in store.fetchall(q.LIST_REVISIONS, {"update_id": update_id})]


def deliverable_states(store: Store, plan: Plan, as_of: date) -> list[DeliverableState]:
    """Every deliverable of the plan at ``as_of``: status, last approved update, due date and overdue
    flag by the one rule (``crimeplan.workflow.status``), and drafts awaiting review."""
    pending: dict[str, int] = {}
    for u in pending_updates(store, plan.id):
        pending[u.deliverable_id] = pending.get(u.deliverable_id, 0) + 1
    states = rule.statuses(store, plan, as_of)
    out = []
    for d in list_deliverables(store, plan.id):
        s = states[d.deliverable_id]
        out.append(DeliverableState(d, s.status, s.latest, s.due, s.overdue, pending.get(d.deliverable_id, 0)))
    return out


def due(store: Store, plan: Plan, as_of: date, *, within_days: int = 0) -> list[DeliverableState]:
    """Deliverables overdue at ``as_of`` or due within ``within_days`` after it, soonest first."""
    horizon = date.fromordinal(as_of.toordinal() + within_days)
    states = [s for s in deliverable_states(store, plan, as_of)
              if s.next_due is not None and s.next_due <= horizon and s.status != "complete"]
    return sorted(states, key=lambda s: (s.next_due, s.deliverable.deliverable_id))
