"""Approved deliverable updates for the paper, by the one rule of ``crimeplan.workflow.status``.

``latest_approved(store, plan_id, briefing_date)`` gives each deliverable's latest update approved
on or before the paper's briefing date; ``deliverable_status`` words it, with the overdue flag of the
same rule the portal and the public view use. Without an update the paper shows the plan's
``covered_elsewhere`` text or "No approved update yet".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from crimeplan.plan import Deliverable
from crimeplan.report.cadence import last_updated
from crimeplan.store import Store
from crimeplan.workflow import status as rule
from crimeplan.workflow.status import ApprovedUpdate

NO_UPDATE = "No approved update yet."


@dataclass(frozen=True)
class DeliverableStatus:
    """What the paper says about one deliverable."""

    deliverable: Deliverable
    paragraphs: tuple[str, ...]      # the approved update's text, one entry per paragraph
    note: str | None                 # "Last updated in March 2014", "Covered in …", "No approved update yet."
    status: str | None = None
    author: str | None = None
    approved_at: date | None = None
    overdue: bool = False
    approved_by: str | None = None
    covered_in: str | None = None    # the report that covers it, when the update says so


def latest_approved(store: Store, plan_id: str, briefing_date: date) -> dict[str, ApprovedUpdate]:
    """Each deliverable's latest update approved on or before the briefing date."""
    return rule.latest_approved(store, plan_id, briefing_date)


def deliverable_status(deliverable: Deliverable, update: ApprovedUpdate | None, briefing_date: date,
                       start: date | None = None) -> DeliverableStatus:
    """Pure: the paper's text for a deliverable from its latest approved update at the briefing date
    (if any); overdue by ``crimeplan.workflow.status`` (from ``start``, the plan's, when never updated)."""
    if update is not None and update.approved_at.date() > briefing_date:
        update = None  # approved after the briefing date: not this paper's
    if update is None:
        note = deliverable.covered_elsewhere or NO_UPDATE
        return DeliverableStatus(deliverable, (), note, overdue=rule.is_overdue(start, briefing_date,
                                                                                 deliverable.cadence))
    approved = update.approved_at.date() if isinstance(update.approved_at, datetime) else update.approved_at
    overdue = rule.is_overdue(approved, briefing_date, deliverable.cadence)
    notes = []
    covered = f"Covered in {update.covered_in}" if update.covered_in else None
    if covered:
        notes.append(covered)
    if overdue:
        notes.append(last_updated(approved) if not notes else last_updated(approved).lower())
    # an update that only says where the item is covered is that note, not a paragraph beside it,
    # and its progress status belongs to the paper that covers it
    paragraphs = tuple(p for p in split_paragraphs(update.text or "") if p != covered)
    return DeliverableStatus(deliverable, paragraphs, "; ".join(notes) or None,
                             update.status if paragraphs else None, update.author, approved, overdue,
                             update.approved_by, update.covered_in)


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines; lines inside one are joined."""
    blocks, current = [], []
    for line in text.splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    return tuple(blocks)
