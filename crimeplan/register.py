"""The process-change register: why a series changed, and where its limits are recalculated.

Making Data Count teaches that a chart is rebased only once the cause of a shift is understood.
crimeplan makes that enforceable: SPC limits are recalculated ("rebased") only at a registered
change, each with a dated reason ("Operation Sentinel: domestic abuse reporting drive"); the engine
may *suggest* where a sustained shift begins (``crimeplan register suggest``) but never rebases on
its own. Charts annotate registered changes. An entry applies to one measure in one area, or to
every area (``*``); withdrawing an entry keeps it in the table (the audit trail) but stops its use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from crimeplan.errors import ConfigError, NotFoundError
from crimeplan.periods import month_start
from crimeplan.store import Store
from crimeplan.store.queries import register as q
from crimeplan.workflow.audit import record_audit

ALL_AREAS = "*"


@dataclass(frozen=True)
class ProcessChange:
    change_id: int
    measure: str
    area: str  # an area key such as force:west-midlands, or * for every area
    month: date
    reason: str
    rebase: bool
    created_at: datetime
    created_by: str

    def applies_to(self, measure: str, area_key: str) -> bool:
        return self.measure == measure and self.area in (ALL_AREAS, area_key)

    def to_dict(self) -> dict:
        return {"change_id": self.change_id, "measure": self.measure, "area": self.area,
                "month": self.month.isoformat(), "reason": self.reason, "rebase": self.rebase,
                "created_at": self.created_at.isoformat(timespec="seconds"), "created_by": self.created_by}


def add_change(store: Store, *, measure: str, area: str, month: date, reason: str, rebase: bool = True,
               created_by: str = "unknown") -> ProcessChange:
    if not reason.strip():
        raise ConfigError("reason: expected why the process changed (a rebase needs a recorded reason), got ''")
    with store.transaction():
        change_id = int(store.scalar(q.NEXT_CHANGE_ID))
        change = ProcessChange(change_id, measure, area, month_start(month), reason.strip(), rebase,
                               datetime.now(UTC).replace(tzinfo=None, microsecond=0), created_by)
        store.execute(q.INSERT_CHANGE, {**change.to_dict(), "month": change.month, "created_at": change.created_at})
        _audit(store, created_by, "register.add", change.to_dict(), None)
    return change


def withdraw_change(store: Store, change_id: int, *, by: str = "unknown") -> ProcessChange:
    with store.transaction():
        rows = store.fetchall(q.GET_CHANGE, {"change_id": change_id})
        if not rows:
            raise NotFoundError(f"no registered change {change_id} (see `crimeplan register list`)")
        store.execute(q.WITHDRAW_CHANGE, {"change_id": change_id, "withdrawn_by": by,
                                          "withdrawn_at": datetime.now(UTC).replace(tzinfo=None)})
        change = ProcessChange(*rows[0])
        _audit(store, by, "register.withdraw", None, change.to_dict())
    return change


def list_changes(store: Store, measure: str | None = None, area_key: str | None = None) -> list[ProcessChange]:
    changes = [ProcessChange(*row) for row in store.fetchall(q.LIST_CHANGES)]
    if measure is not None:
        changes = [c for c in changes if c.measure == measure and (area_key is None or c.applies_to(measure, area_key))]
    return changes


def _audit(store: Store, actor: str, action: str, after, before) -> None:
    """Record the change in the audit trail (in the caller's transaction)."""
    record_audit(store, actor, action, "process_change", before, after)
