"""The audit trail: who changed what, when, and the values before and after.

``record_audit`` is the one way in, for every module that changes plan, targets, deliverable
updates, register entries, users or data. The table is append-only: crimeplan holds no UPDATE or
DELETE statement for it, and on PostgreSQL a trigger refuses both (migration v003). Each entry's
hash chains it to the one before (``crimeplan.store.audit_chain``, migration v010), so
``verify_chain`` finds a change, deletion or insertion made by anyone holding the database. Data loads are
kept in their own ``loads`` table by the ingest modules; ``audit_entries(..., include_loads=True)``
lists them in the same trail.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crimeplan.encoding import json_default
from crimeplan.store import Store
from crimeplan.store.audit_chain import chain_hash
from crimeplan.store.queries import workflow as q

LOAD_ACTION = "data.load"


@dataclass(frozen=True)
class AuditEntry:
    audit_id: int | None  # None for a data load shown from the load history
    at: datetime
    actor: str
    action: str
    entity: str
    before: Any
    after: Any

    def to_dict(self) -> dict[str, Any]:
        return {"audit_id": self.audit_id, "at": self.at.isoformat(timespec="seconds"), "actor": self.actor,
                "action": self.action, "entity": self.entity, "before": self.before, "after": self.after}


def now() -> datetime:
    """UTC now, naive, to the second: how every workflow timestamp is stored."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, default=json_default)


def record_audit(store: Store, actor: str, action: str, entity: str, before: Any, after: Any) -> int:
    """Append one entry (``before``/``after`` as JSON-able values, None for none); return its id.

    Joins the caller's transaction when there is one, so the change and its record commit together.
    """
    with store.transaction():
        if store.dialect == "postgres":
            store.execute(q.AUDIT_CHAIN_LOCK_PG)
        previous = store.scalar(q.LAST_AUDIT_HASH)
        audit_id = int(store.scalar(q.NEXT_AUDIT_ID))
        values: dict[str, Any] = {"audit_id": audit_id, "changed_at": now(), "actor": actor or "unknown",
                                  "action": action, "entity": entity, "before_value": _json(before),
                                  "after_value": _json(after)}
        store.execute(q.INSERT_AUDIT, {**values, "entry_hash": chain_hash(previous, **values)})
    return audit_id


@dataclass(frozen=True)
class ChainCheck:
    """What ``verify_chain`` found: the entries read, the last hash, and the first bad entry."""

    entries: int
    head: str | None
    bad_entry: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_chain(store: Store, head: str | None = None) -> ChainCheck:
    """Walk the trail in id order and recompute each hash. The first entry whose stored hash differs
    from the recomputed one was changed, or an entry just before it was deleted or inserted; a
    timestamp earlier than the one before is back-dated. ``head`` (a hash noted earlier, e.g. from
    the last run) must still be in the chain, which catches the end being cut off or rewritten."""
    previous: str | None = None
    last_at: datetime | None = None
    seen_head = head is None
    count = 0
    for audit_id, at, actor, action, entity, before, after, stored in store.fetchall(q.LIST_AUDIT_CHAIN):
        count += 1
        expected = chain_hash(previous, audit_id, at, actor, action, entity, before, after)
        if stored is None:
            return ChainCheck(count, previous, int(audit_id), "has no hash (written outside crimeplan)")
        if stored != expected:
            return ChainCheck(count, previous, int(audit_id), "does not match its hash: it was changed, or an "
                              "entry just before it was deleted or inserted")
        if last_at is not None and at < last_at:
            return ChainCheck(count, previous, int(audit_id), f"is dated {at:%Y-%m-%d %H:%M:%S}, before the entry "
                              "ahead of it (back-dated)")
        previous, last_at = stored, at
        seen_head = seen_head or stored == head
    if not seen_head:
        return ChainCheck(count, previous, None, f"no longer holds the entry with hash {head}: entries at the "
                          "end were deleted or the trail was rewritten")
    return ChainCheck(count, previous)


def audit_entries(store: Store, *, actor: str | None = None, entity: str | None = None, action: str | None = None,
                  since: datetime | None = None, include_loads: bool = True) -> list[AuditEntry]:
    """Entries in time order; ``entity`` and ``action`` match a prefix (``deliverable:wmp-2013-14``)."""
    rows = store.fetchall(q.LIST_AUDIT, {"actor": actor, "entity": entity or None, "action": action or None,
                                         "since": since})
    entries = [AuditEntry(int(r[0]), r[1], r[2], r[3], r[4], _load(r[5]), _load(r[6])) for r in rows]
    if include_loads and _matches_loads(entity, action):
        for row in store.fetchall(q.LIST_LOADS_AS_AUDIT):
            load_id, at, by, kind, source, force, months, loaded, replaced, rejected = row
            if (actor and by != actor) or (since and at < since):
                continue
            entries.append(AuditEntry(None, at, by, LOAD_ACTION, f"load:{load_id}", None, {
                "kind": kind, "source": source, "force": force, "months": [m for m in (months or "").split(",") if m],
                "rows_loaded": loaded, "rows_replaced": replaced, "rows_rejected": rejected}))
        entries.sort(key=lambda e: (e.at, e.audit_id or 0))
    return entries


def _matches_loads(entity: str | None, action: str | None) -> bool:
    entity_ok = not entity or "load:".startswith(entity) or entity.startswith("load:")
    return entity_ok and (not action or LOAD_ACTION.startswith(action))


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def to_json(entries: list[AuditEntry]) -> str:
    return json.dumps([e.to_dict() for e in entries], indent=2)


def to_csv(entries: list[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["audit_id", "at", "actor", "action", "entity", "before", "after"])
    for e in entries:
        writer.writerow([csv_cell(e.audit_id), e.at.isoformat(timespec="seconds"), csv_cell(e.actor), e.action,
                         csv_cell(e.entity), csv_cell(_json(e.before)), csv_cell(_json(e.after))])
    return out.getvalue()


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


PLAN_ACTION = "plan.version"


def plan_snapshot(plan) -> dict[str, Any]:
    """What the audit keeps of a plan: its version and checksum, every milestone's target and lead,
    every deliverable's lead and cadence."""
    return {"version": plan.version, "checksum": plan.checksum,
            "milestones": {m.id: {"title": m.title, "target": m.target_text or m.target, "lead": m.lead}
                           for m in plan.milestones.values()},
            "deliverables": {d.id: {"title": d.title, "lead": d.lead, "cadence": d.cadence}
                             for d in plan.deliverables.values()}}


def note_plan(store: Store, plan, actor: str) -> bool:
    """Record the plan in the audit trail the first time it is used and whenever its file changed
    since (a new target, lead or cadence): before and after are the two snapshots. Returns whether
    an entry was written."""
    entity = f"plan:{plan.id}"
    earlier = [e for e in audit_entries(store, entity=entity, action=PLAN_ACTION, include_loads=False)
               if e.entity == entity]
    before = earlier[-1].after if earlier else None
    after = plan_snapshot(plan)
    if before is not None and before.get("checksum") == after["checksum"]:
        return False
    record_audit(store, actor, PLAN_ACTION, entity, before, after)
    return True
