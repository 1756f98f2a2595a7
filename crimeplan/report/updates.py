"""Approved deliverable updates for the paper, from the update workflow when it is installed.

``crimeplan.workflow.deliverables.latest_approved(store, plan_id)`` gives the latest approved
update of each deliverable (built by the update workflow). It is imported lazily: without it, or
without an update for a deliverable, the paper shows the plan's ``covered_elsewhere`` text or
"No approved update yet".
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crimeplan.plan import Deliverable
from crimeplan.report.cadence import is_overdue, last_updated

NO_UPDATE = "No approved update yet."
WORKFLOW_MODULE = "crimeplan.workflow.deliverables"


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


def latest_approved(store: Any, plan_id: str) -> dict[str, Any]:
    """The workflow's latest approved updates, or {} when the workflow is not installed."""
    try:
        module = importlib.import_module(WORKFLOW_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and WORKFLOW_MODULE.startswith(exc.name):
            return {}
        raise
    return dict(module.latest_approved(store, plan_id))


def deliverable_status(deliverable: Deliverable, update: Any | None, briefing_date: date) -> DeliverableStatus:
    """Pure: the paper's text for a deliverable from its latest approved update (if any)."""
    if update is None:
        note = deliverable.covered_elsewhere or NO_UPDATE
        return DeliverableStatus(deliverable, (), note)
    approved = update.approved_at.date() if isinstance(update.approved_at, datetime) else update.approved_at
    overdue = is_overdue(approved, briefing_date, deliverable.cadence)
    notes = []
    if update.covered_in:
        notes.append(f"Covered in {update.covered_in}")
    if overdue:
        notes.append(last_updated(approved))
    return DeliverableStatus(deliverable, split_paragraphs(update.text or ""), "; ".join(notes) or None,
                             update.status, update.author, approved, overdue)


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
