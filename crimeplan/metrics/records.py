"""The facts every metric counts: the monthly cube, or the records as they stood at a past load.

Every metric is a sum of ``n`` over rows chosen by month, area, offence, flags and outcome, so it
reads the same columns from either source:

* now (``as_at=None``): the monthly cube (crimeplan.metrics.cube), kept in step by every load;
* "as at" load L: the records loaded at or before L and not superseded by then (a reload marks
  the rows it replaces with its own load id instead of deleting them), each counted once, with
  ``outcome_month`` derived from ``outcome_date``. The cube has no load history, so these views
  read the records.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from crimeplan.metrics.cube import asb_cube_table, cube_table
from crimeplan.store import Store
from crimeplan.store.queries.cube import ASB_CUBE_COLUMNS, CRIME_CUBE_COLUMNS

FACT_TABLES = ("crimes", "asb")


def table(store: Store, name: str, as_at: int | None = None) -> ir.Table:
    if name not in FACT_TABLES:
        raise ValueError(f"{name} is not a fact table")
    if as_at is None:
        return cube_table(store) if name == "crimes" else asb_cube_table(store)
    t = store.ibis().table(name)
    t = t.filter(t.load_id <= as_at, t.superseded_by.isnull() | (t.superseded_by > as_at))
    if name == "crimes":
        t = t.mutate(outcome_month=t.outcome_date.truncate("M").cast("date"), n=ibis.literal(1, "int64"))
        return t.select(*CRIME_CUBE_COLUMNS)
    return t.mutate(n=ibis.literal(1, "int64")).select(*ASB_CUBE_COLUMNS)
