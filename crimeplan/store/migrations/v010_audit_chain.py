"""Version 10: the audit trail becomes tamper-evident (issue 19): ``entry_hash`` chains each entry
to the one before (``crimeplan.store.audit_chain``), filled here for the entries already there.

On PostgreSQL the append-only trigger (version 3) is set aside for the fill, inside the migration's
transaction, by the owner role that runs migrations; the app role may not do so (it owns nothing).
"""

from __future__ import annotations

from typing import Any

from crimeplan.store.audit_chain import chain_hash
from crimeplan.store.migrations.base import Migration

_ROWS = """SELECT audit_id, changed_at, actor, action, entity, before_value, after_value FROM audit_log
    ORDER BY audit_id"""
_FILL = "UPDATE audit_log SET entry_hash = :entry_hash WHERE audit_id = :audit_id"
_TRIGGER_OFF = "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"
_TRIGGER_ON = "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"


def fill_hashes(store: Any) -> None:
    rows = store.fetchall(_ROWS)
    if not rows:
        return
    if store.dialect == "postgres":
        store.execute(_TRIGGER_OFF)
    previous = None
    for row in rows:
        previous = chain_hash(previous, *row)
        store.execute(_FILL, {"entry_hash": previous, "audit_id": row[0]})
    if store.dialect == "postgres":
        store.execute(_TRIGGER_ON)


MIGRATION = Migration(10, "audit trail hash chain", (
    "ALTER TABLE audit_log ADD COLUMN entry_hash TEXT",
), step=fill_hashes)
