"""Deliverable tracking and the update workflow: a lead drafts an update, an analyst (or OPCC
officer with the analyst role) approves it or returns it; only approved updates reach the board
paper and the public view, through the one rule of ``crimeplan.workflow.status``.

Two people, really (issue 19): every text of an update is kept as a revision with its author; only
the update's author edits it; the approver may be none of the revisions' authors and names the
deliverable version they read, so a text changed after they read it is refused (409).

A deliverable comes from the plan file (``ensure_plan`` copies new ones into the store) and may
then be edited by analysts. Each has a status (not started / on track / at risk / off track /
complete); a change of status needs a reason. An update is either progress (text, evidence links)
or "covered in another report", pointing to that paper. Every write names the deliverable version
it read (optimistic versioning): when another save came first it is refused with ``ConflictError``,
which carries the refused text so nobody loses their work.

This module is the workflow's one entry point: the records and their readers live in
``deliverable_reads``, the checked writes in ``deliverable_writes``; the plan file's deliverables
and the export are here.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from crimeplan.plan import Plan
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import status as rule
from crimeplan.workflow.audit import csv_cell, now, record_audit
from crimeplan.workflow.deliverable_reads import (
    APPROVED,
    COVERED,
    DRAFT,
    KINDS,
    MAX_EVIDENCE,
    MAX_LINE,
    MAX_TEXT,
    PROGRESS,
    RETURNED,
    Deliverable,
    DeliverableState,
    Revision,
    Update,
    deliverable_states,
    due,
    get_deliverable,
    get_update,
    history,
    list_deliverables,
    pending_updates,
    revisions,
)
from crimeplan.workflow.deliverable_writes import (
    add_update,
    edit_deliverable,
    edit_update,
    import_approved_updates,
    review_update,
)
from crimeplan.workflow.status import STATUSES, ApprovedUpdate

__all__ = ["APPROVED", "COVERED", "DRAFT", "EXPORT_COLUMNS", "KINDS", "MAX_EVIDENCE", "MAX_LINE", "MAX_TEXT",
           "PROGRESS", "RETURNED", "STATUSES", "ApprovedUpdate", "Deliverable", "DeliverableState", "Revision",
           "Update", "add_update", "deliverable_states", "due", "edit_deliverable", "edit_update", "ensure_plan",
           "export_rows", "get_deliverable", "get_update", "history", "import_approved_updates",
           "list_deliverables", "pending_updates", "review_update", "revisions", "rows_to_csv", "rule"]


# -- the plan file --------------------------------------------------------------------------------
def ensure_plan(store: Store, plan: Plan, actor: str = "plan") -> int:
    """Copy deliverables of the plan file that the store lacks (edits made since are kept); return how many."""
    with store.transaction():
        known = {r[0] for r in store.fetchall(q.DELIVERABLE_IDS, {"plan_id": plan.id})}
        added = 0
        for d in plan.deliverables.values():
            if d.id in known:
                continue
            row = {"plan_id": plan.id, "deliverable_id": d.id, "outcome": d.outcome, "title": d.title,
                   "lead": d.lead, "cadence": d.cadence, "covered_elsewhere": d.covered_elsewhere,
                   "status": "not_started", "status_reason": None, "version": 1, "updated_at": now(),
                   "updated_by": actor}
            if not store.fetchall(q.INSERT_DELIVERABLE, row):
                continue  # another writer added it since ``known`` was read
            record_audit(store, actor, "deliverable.add", f"deliverable:{plan.id}/{d.id}", None,
                         {k: v for k, v in row.items() if k not in ("updated_at",)})
            added += 1
    return added


# -- export ---------------------------------------------------------------------------------------
EXPORT_COLUMNS = ("deliverable_id", "outcome", "title", "lead", "cadence", "status", "next_due", "overdue",
                  "update_id", "kind", "state", "update_status", "status_reason", "text", "evidence",
                  "covered_in", "author", "created_at", "reviewed_by", "reviewed_at")


def export_rows(store: Store, plan: Plan, as_of: date, *, approved_only: bool = False) -> list[dict[str, Any]]:
    """One row per update (a deliverable with none gets one row), for CSV/JSON export."""
    states = {s.deliverable.deliverable_id: s for s in deliverable_states(store, plan, as_of)}
    updates: dict[str, list[Update]] = {}
    for entry in history(store, plan.id):
        if not approved_only or entry.state == APPROVED:
            updates.setdefault(entry.deliverable_id, []).append(entry)
    rows = []
    for did, s in states.items():
        d = s.deliverable
        base: dict[str, object] = {
            "deliverable_id": did, "outcome": d.outcome, "title": d.title, "lead": d.lead, "cadence": d.cadence,
            "status": s.status, "next_due": s.next_due.isoformat() if s.next_due else None, "overdue": s.overdue}
        for u in updates.get(did) or (None,):
            row = dict(base)
            if u is not None:
                row.update({"update_id": u.update_id, "kind": u.kind, "state": u.state, "update_status": u.status,
                            "status_reason": u.status_reason, "text": u.text, "evidence": " ".join(u.evidence),
                            "covered_in": u.covered_in, "author": u.author,
                            "created_at": u.created_at.isoformat(timespec="seconds"), "reviewed_by": u.reviewed_by,
                            "reviewed_at": u.reviewed_at.isoformat(timespec="seconds") if u.reviewed_at else None})
            rows.append({k: row.get(k) for k in EXPORT_COLUMNS})
    return rows


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row[k]) if isinstance(row[k], str) else ("" if row[k] is None else row[k])
                         for k in EXPORT_COLUMNS])
    return out.getvalue()
