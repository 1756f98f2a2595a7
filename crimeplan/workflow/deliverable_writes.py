"""Writing deliverables and their updates: drafting, editing, reviewing and importing updates, and
editing a deliverable, each checked, versioned (a save names the version it read) and audited."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from crimeplan.errors import ConfigError
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import status as rule
from crimeplan.workflow.audit import now, record_audit
from crimeplan.workflow.deliverable_reads import (
    APPROVED,
    COVERED,
    DRAFT,
    MAX_EVIDENCE,
    MAX_LINE,
    MAX_TEXT,
    PROGRESS,
    RETURNED,
    Deliverable,
    Update,
    get_deliverable,
    get_update,
    history,
    revisions,
)
from crimeplan.workflow.errors import ConflictError, PermissionDenied
from crimeplan.workflow.roles import APPROVE, EDIT_DELIVERABLE, Actor, may_draft, require
from crimeplan.workflow.status import STATUSES


# -- validation -----------------------------------------------------------------------------------
def _line(name: str, value: str | None, *, required: bool = False) -> str | None:
    text = " ".join((value or "").split())
    if required and not text:
        raise ConfigError(f"{name}: expected some text, got nothing")
    if len(text) > MAX_LINE:
        raise ConfigError(f"{name}: expected at most {MAX_LINE} characters, got {len(text)}")
    return text or None


def _status(value: str) -> str:
    key = (value or "").strip().lower().replace(" ", "_").replace("-", "_")
    if key not in STATUSES:
        raise ConfigError(f"status: expected one of {', '.join(STATUSES)}, got {value!r}")
    return key


def _evidence(links: Any) -> tuple[str, ...]:
    out = []
    for link in links or ():
        link = (link or "").strip()
        if not link:
            continue
        parts = urlsplit(link)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(link) > MAX_LINE:
            raise ConfigError(f"evidence: expected an http(s):// link of at most {MAX_LINE} characters, "
                              f"got {link[:80]!r}")
        out.append(link)
    if len(out) > MAX_EVIDENCE:
        raise ConfigError(f"evidence: expected at most {MAX_EVIDENCE} links, got {len(out)}")
    return tuple(out)


def _content(current: Deliverable, *, text: str | None, status: str | None, reason: str | None,
             evidence: Any, covered_in: str | None) -> dict[str, Any]:
    """The validated content of an update, as stored."""
    covered = _line("covered_in", covered_in)
    body = (text or "").strip()
    if len(body) > MAX_TEXT:
        raise ConfigError(f"text: expected at most {MAX_TEXT:,} characters, got {len(body):,}")
    if not body and not covered:
        raise ConfigError("text: expected the progress made (or covered_in naming the report that covers it)")
    if not body:
        body = f"Covered in {covered}"
    new_status = _status(status) if status else current.status
    why = _line("reason", reason)
    if new_status != current.status and not why:
        raise ConfigError(f"reason: status of {current.deliverable_id} changes from "
                          f"{STATUSES[current.status].lower()} to {STATUSES[new_status].lower()}; "
                          f"expected the reason for the change")
    return {"kind": COVERED if covered else PROGRESS, "body": body, "status": new_status, "status_reason": why,
            "evidence": json.dumps(list(_evidence(evidence))), "covered_in": covered}


def _claim(store: Store, d: Deliverable, expected_version: int | None, actor: Actor, kept: dict) -> int:
    """Take the next version of the deliverable, or refuse when another save came first."""
    version = d.version if expected_version is None else int(expected_version)
    rows = store.fetchall(q.BUMP_DELIVERABLE, {"plan_id": d.plan_id, "deliverable_id": d.deliverable_id,
                                               "version": version, "updated_at": now(), "updated_by": actor.name})
    if not rows:
        _refuse(store, d, version, kept)
    return int(rows[0][0])


def _refuse(store: Store, d: Deliverable, version: int, kept: dict) -> None:
    latest = get_deliverable(store, d.plan_id, d.deliverable_id)
    raise ConflictError(
        f"deliverable {d.deliverable_id} was changed by {latest.updated_by} at "
        f"{latest.updated_at:%d %b %Y %H:%M} after you opened it (version {latest.version}, yours {version}); "
        f"nothing was saved: your text is kept, compare it with the latest and save again",
        kept=kept, current_version=latest.version)


def _may_draft(actor: Actor, d: Deliverable) -> None:
    if not may_draft(actor.role, actor.lead_name, d.lead):
        raise PermissionDenied(f"{actor.name} ({actor.role}) may not write updates for {d.deliverable_id}, "
                               f"led by {d.lead}")


# -- writing --------------------------------------------------------------------------------------
def add_update(store: Store, plan_id: str, deliverable_id: str, actor: Actor, *, text: str | None = None,
               status: str | None = None, reason: str | None = None, evidence: Any = (),
               covered_in: str | None = None, expected_version: int | None = None) -> Update:
    """Draft an update (it reaches the paper only once approved)."""
    kept = {"text": text, "status": status, "reason": reason, "evidence": list(evidence or ()),
            "covered_in": covered_in}
    with store.transaction():
        d = get_deliverable(store, plan_id, deliverable_id)
        _may_draft(actor, d)
        content = _content(d, text=text, status=status, reason=reason, evidence=evidence, covered_in=covered_in)
        _claim(store, d, expected_version, actor, kept)
        update_id = int(store.scalar(q.NEXT_UPDATE_ID))
        row = {"update_id": update_id, "plan_id": plan_id, "deliverable_id": deliverable_id, **content,
               "author": actor.name, "created_at": now(), "state": DRAFT, "reviewed_by": None,
               "reviewed_at": None, "review_note": None}
        store.execute(q.INSERT_UPDATE, row)
        _add_revision(store, update_id, 1, content, actor.name)
        update = get_update(store, update_id)
        record_audit(store, actor.name, "update.draft", d.entity, None, update.to_dict())
    return update


def _add_revision(store: Store, update_id: int, revision: int, content: dict[str, Any], author: str) -> None:
    store.execute(q.INSERT_REVISION, {"update_id": update_id, "revision": revision, **content, "author": author,
                                      "created_at": now()})


def import_approved_updates(store: Store, plan_id: str, rows: list[dict[str, Any]], actor: Actor) -> int:
    """Bring in approved updates kept elsewhere (a previous system, or a past paper), with their own
    dates: each row has ``deliverable`` and ``approved_at``, an ``author``, and ``text`` and/or
    ``covered_in`` (optionally ``status``). Each is audited; updates already imported are skipped."""
    imported = 0
    with store.transaction():
        existing = {(u.deliverable_id, u.reviewed_at) for u in history(store, plan_id)}
        for row in rows:
            d = get_deliverable(store, plan_id, str(row["deliverable"]))
            when = row["approved_at"]
            when = when if isinstance(when, datetime) else datetime(when.year, when.month, when.day, 12)
            if (d.deliverable_id, when) in existing:
                continue
            content = _content(d, text=row.get("text"), status=row.get("status"),
                               reason=row.get("reason") or ("imported" if row.get("status") else None),
                               evidence=row.get("evidence", ()), covered_in=row.get("covered_in"))
            update_id = int(store.scalar(q.NEXT_UPDATE_ID))
            store.execute(q.INSERT_UPDATE, {
                "update_id": update_id, "plan_id": plan_id, "deliverable_id": d.deliverable_id, **content,
                "author": str(row.get("author") or actor.name), "created_at": when, "state": APPROVED,
                "reviewed_by": actor.name, "reviewed_at": when, "review_note": "imported"})
            store.execute(q.INSERT_REVISION, {"update_id": update_id, "revision": 1, **content,
                                              "author": str(row.get("author") or actor.name), "created_at": when})
            record_audit(store, actor.name, "update.import", d.entity, None, get_update(store, update_id).to_dict())
            imported += 1
        _status_from_latest(store, plan_id)
    return imported


def _status_from_latest(store: Store, plan_id: str) -> None:
    """Each deliverable's stored status becomes that of its latest approved update (imports come with
    their own dates, so the one just imported need not be the latest)."""
    for did, updates in rule.approved_updates(store, plan_id).items():
        latest = updates[-1]
        store.execute(q.SET_DELIVERABLE_STATUS, {"plan_id": plan_id, "deliverable_id": did, "status": latest.status,
                                                 "status_reason": None})


def edit_update(store: Store, update_id: int, actor: Actor, *, text: str | None = None, status: str | None = None,
                reason: str | None = None, evidence: Any = (), covered_in: str | None = None,
                expected_version: int | None = None) -> Update:
    """Change a draft or returned update (it goes back to draft) as its next revision; only its author
    may. Approved updates are history."""
    kept = {"text": text, "status": status, "reason": reason, "evidence": list(evidence or ()),
            "covered_in": covered_in}
    with store.transaction():
        before = get_update(store, update_id)
        d = get_deliverable(store, before.plan_id, before.deliverable_id)
        _may_draft(actor, d)
        if actor.name != before.author:
            raise PermissionDenied(f"update {update_id}: drafted by {before.author}, so only they may edit it; "
                                   f"{actor.name} may return it with a note or write an update of their own")
        if before.state == APPROVED:
            raise ConfigError(f"update {update_id}: approved updates cannot change; add a new update instead")
        content = _content(d, text=text, status=status, reason=reason, evidence=evidence, covered_in=covered_in)
        _claim(store, d, expected_version, actor, kept)
        store.execute(q.EDIT_UPDATE, {"update_id": update_id, **content, "state": DRAFT})
        _add_revision(store, update_id, before.revision + 1, content, actor.name)
        after = get_update(store, update_id)
        record_audit(store, actor.name, "update.edit", d.entity, before.to_dict(), after.to_dict())
    return after


def review_update(store: Store, update_id: int, actor: Actor, *, approve: bool, note: str | None = None,
                  expected_version: int | None = None) -> Update:
    """Approve a draft (the deliverable takes its status) or return it to its author with a note.

    Approving names the deliverable version the reviewer read (``expected_version``): without it the
    approval is refused, and with an older one (the text changed since) it is a ``ConflictError``.
    Nobody who wrote any revision of the update may review it."""
    require(actor.role, APPROVE)
    if approve and expected_version is None:
        raise ConfigError(f"version: expected the version of the deliverable you read, to approve update "
                          f"{update_id} as you read it")
    with store.transaction():
        before = get_update(store, update_id)
        d = get_deliverable(store, before.plan_id, before.deliverable_id)
        if before.state != DRAFT:
            raise ConfigError(f"update {update_id}: expected a draft awaiting review, got one {before.state}")
        writers = {before.author} | {r.author for r in revisions(store, update_id)}
        if actor.name in writers:
            raise PermissionDenied(f"update {update_id}: {actor.name} wrote (a revision of) it, so may not review "
                                   f"it; another analyst must")
        why = _line("note", note)
        if not approve and not why:
            raise ConfigError("note: expected what the author should change, got nothing")
        if approve and before.status != d.status and not before.status_reason:
            raise ConfigError(f"update {update_id}: status of {d.deliverable_id} would change from "
                              f"{STATUSES[d.status].lower()} to {STATUSES[before.status].lower()} "
                              f"with no reason; return it for a reason")
        _claim(store, d, expected_version, actor, {"note": note})
        store.execute(q.REVIEW_UPDATE, {"update_id": update_id, "state": APPROVED if approve else RETURNED,
                                        "reviewed_by": actor.name, "reviewed_at": now(), "review_note": why})
        if approve:
            store.execute(q.SET_DELIVERABLE_STATUS, {"plan_id": d.plan_id, "deliverable_id": d.deliverable_id,
                                                     "status": before.status, "status_reason": before.status_reason})
        after = get_update(store, update_id)
        record_audit(store, actor.name, "update.approve" if approve else "update.return", d.entity,
                     before.to_dict(), after.to_dict())
    return after


def edit_deliverable(store: Store, plan_id: str, deliverable_id: str, actor: Actor, *,
                     expected_version: int | None = None, **changes: str | None) -> Deliverable:
    """Change a deliverable's title, lead, cadence or covered-elsewhere pointer (analysts)."""
    require(actor.role, EDIT_DELIVERABLE)
    allowed = ("title", "lead", "cadence", "covered_elsewhere")
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ConfigError(f"expected changes to {', '.join(allowed)}, got {', '.join(sorted(unknown))}")
    with store.transaction():
        d = get_deliverable(store, plan_id, deliverable_id)
        values = {k: getattr(d, k) for k in allowed}
        for key, value in changes.items():
            if value is not None:
                values[key] = _line(key, value, required=key in ("title", "lead"))
        if values["cadence"]:
            rule.cadence_months(values["cadence"])
        version = d.version if expected_version is None else int(expected_version)
        rows = store.fetchall(q.EDIT_DELIVERABLE, {**values, "plan_id": plan_id, "deliverable_id": deliverable_id,
                                                   "version": version, "updated_at": now(), "updated_by": actor.name})
        if not rows:
            _refuse(store, d, version, dict(changes))
        after = get_deliverable(store, plan_id, deliverable_id)
        record_audit(store, actor.name, "deliverable.edit", d.entity, d.to_dict(), after.to_dict())
    return after
