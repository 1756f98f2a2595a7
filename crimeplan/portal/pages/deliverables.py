"""The deliverables page: each deliverable's latest approved update, status and overdue flag at the
briefing date, by the one rule of ``crimeplan.workflow.status`` (through ``DeliverableUpdates``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from crimeplan.plan import Deliverable, Plan
from crimeplan.portal.pages.shapes import Page, Row, Table
from crimeplan.portal.params import Query
from crimeplan.portal.service import PortalService
from crimeplan.workflow import status as status_rule
from crimeplan.workflow.status import NOT_STARTED, STATUSES, StatusAt


@dataclass(frozen=True)
class DeliverableUpdate:
    """A deliverable's latest approved update at the page's briefing date (crimeplan.workflow.status)."""

    deliverable: str
    date: date
    text: str
    author: str | None = None
    approved_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"deliverable": self.deliverable, "date": self.date.isoformat(), "text": self.text,
                "author": self.author, "approved_by": self.approved_by}


class DeliverableUpdates(Protocol):
    """Where deliverables' statuses come from: ``statuses(plan, as_of)`` gives each deliverable's latest
    approved update, status and overdue flag at the briefing date, by the one rule of
    ``crimeplan.workflow.status``. ``available`` is False while no update store is plugged in (the
    overdue flag is then unknown rather than raised for everything)."""

    available: bool

    def statuses(self, plan: Plan, as_of: date) -> Mapping[str, StatusAt]: ...


class ApprovedUpdates:
    """The portal's ``DeliverableUpdates``: the approved updates in the portal's store."""

    available = True

    def __init__(self, service: PortalService) -> None:
        self.service = service

    def statuses(self, plan: Plan, as_of: date) -> Mapping[str, StatusAt]:
        with self.service._lock:
            return status_rule.statuses(self.service.store, plan, as_of)


@dataclass(frozen=True)
class DeliverableView:
    id: str
    title: str
    lead: str
    cadence: str
    covered_elsewhere: str | None
    update: DeliverableUpdate | None
    overdue: bool | None     # None: no update store to say
    status: str | None = None  # "On track"; None: no update store to say


def deliverable_view(d: Deliverable, state: StatusAt | None, available: bool) -> DeliverableView:
    latest = state.latest if state else None
    update = (DeliverableUpdate(d.id, latest.approved_at.date(), latest.text, latest.author, latest.approved_by)
              if latest else None)
    return DeliverableView(d.id, d.title, d.lead, d.cadence or "not set", d.covered_elsewhere, update,
                           (state.overdue if state else False) if available else None,
                           (state.status_label if state else STATUSES[NOT_STARTED]) if available else None)


def deliverables_page(q: Query, updates: DeliverableUpdates) -> Page:
    plan = q.plan
    states = updates.statuses(plan, q.briefing_date)
    views = []
    for outcome in plan.outcomes.values():
        for d in plan.deliverables_for(outcome.id):
            views.append((outcome, deliverable_view(d, states.get(d.id), updates.available)))
    headings = ("Outcome", "Deliverable", "Lead", "Cadence", "Status", "Latest update", "Overdue")
    rows = []
    for outcome, v in views:
        latest = (f"{v.update.date:%-d %B %Y}: {v.update.text}" if v.update else
                  f"Covered elsewhere: {v.covered_elsewhere}" if v.covered_elsewhere else "No update recorded")
        overdue = {True: "Overdue", False: "No", None: "Not tracked"}[v.overdue]
        rows.append(Row((outcome.title, v.title, v.lead, v.cadence, v.status or "Not tracked", latest, overdue),
                        (outcome.id, v.title, v.lead, v.cadence, v.status, latest, v.overdue)))
    table = Table("deliverables", f"Deliverables of {plan.title}", headings, tuple(rows))
    grouped = [(o, [v for oo, v in views if oo.id == o.id]) for o in plan.outcomes.values()]
    data = {"plan": plan.id, "briefing_date": q.briefing_date.isoformat(), "updates_available": updates.available,
            "deliverables": [{"id": v.id, "outcome": o.id, "title": v.title, "lead": v.lead, "cadence": v.cadence,
                              "covered_elsewhere": v.covered_elsewhere,
                              "latest_update": v.update.to_dict() if v.update else None, "overdue": v.overdue,
                              "status": v.status}
                             for o, v in views]}
    return Page("deliverables", "Deliverables", data, (table,),
                {"grouped": [(o, vs) for o, vs in grouped if vs], "updates_available": updates.available})
