"""The paper's wording of a deliverable's cadence. The rule itself (cadence in months, due and
overdue) is ``crimeplan.workflow.status``, shared with the portal and the public view; its names
are re-exported here for the paper's modules."""

from __future__ import annotations

from datetime import date, datetime

from crimeplan.workflow.status import CADENCE_MONTHS, is_overdue, months_between

__all__ = ["CADENCE_MONTHS", "is_overdue", "last_updated", "months_between"]


def last_updated(approved_at: date | datetime) -> str:
    """ "Last updated in March 2014"."""
    return f"Last updated in {approved_at:%B %Y}"
