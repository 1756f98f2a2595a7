"""The record tables as metrics see them: the current rows, or the rows as they stood at a past load.

A reload marks the rows it replaces with its own load id (``superseded_by``) instead of deleting
them, so ``as_at=L`` gives exactly what the store held right after load L: rows loaded at or
before L and not superseded by then.
"""

from __future__ import annotations

import ibis.expr.types as ir

from crimeplan.store import Store

VERSIONED_TABLES = ("crimes", "asb", "outcomes")


def table(store: Store, name: str, as_at: int | None = None) -> ir.Table:
    if name not in VERSIONED_TABLES:
        raise ValueError(f"{name} is not a versioned record table")
    t = store.ibis().table(name)
    if as_at is None:
        return t.filter(t.superseded_by.isnull())
    return t.filter(t.load_id <= as_at, t.superseded_by.isnull() | (t.superseded_by > as_at))
