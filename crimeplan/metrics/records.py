"""The facts every metric counts: the monthly cube, or the records as they stood at a past load.

Every metric is a sum of ``n`` over rows chosen by month, area, offence, flags and outcome, so it
reads the same columns from either source:

* now (``as_at=None``): the monthly cube (crimeplan.metrics.cube), kept in step by every load;
* "as at" load L: the records loaded at or before L and not superseded by then (a reload marks
  the rows it replaces with its own load id instead of deleting them), each counted once, with
  ``outcome_month`` derived from ``outcome_date``. The cube has no load history, so these views
  read the records.

:func:`for_area` picks the coarsest source that answers for one area: the cell cube (crimes by
reporting cell) for the force or a reporting area now, unless a breakdown asks for small areas.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from crimeplan.metrics.areas import area_filter
from crimeplan.metrics.cube import SMALL_AREA_LEVELS, asb_cube_table, cell_cube_table, cube_table, stored_table
from crimeplan.metrics.results import Area
from crimeplan.store import Store
from crimeplan.store.queries.cube import ASB_CUBE_COLUMNS, CRIME_CUBE_COLUMNS

FACT_TABLES = ("crimes", "asb")


def table(store: Store, name: str, as_at: int | None = None) -> ir.Table:
    if name not in FACT_TABLES:
        raise ValueError(f"{name} is not a fact table")
    if as_at is None:
        return cube_table(store) if name == "crimes" else asb_cube_table(store)
    t = stored_table(name)
    t = t.filter(t.load_id <= as_at, t.superseded_by.isnull() | (t.superseded_by > as_at))
    if name == "crimes":
        t = t.mutate(outcome_month=t.outcome_date.truncate("M").cast("date"), n=ibis.literal(1, "int64"))
        return t.select(*CRIME_CUBE_COLUMNS)
    return t.mutate(n=ibis.literal(1, "int64")).select(*ASB_CUBE_COLUMNS)


def rows(store: Store, expr: ir.Table) -> list[dict[str, Any]]:
    """The rows of ``expr`` as ``{column: value}``, its SQL run on the store's connection. Not through
    the Ibis backend's ``execute``: that returns a pandas frame, and importing pandas costs a read
    command ~0.3 s (start-up speed)."""
    names = expr.columns
    return [dict(zip(names, row, strict=True))
            for row in store.fetch_compiled(str(ibis.to_sql(expr, dialect=store.dialect)))]


def scalar(store: Store, expr: ir.Scalar) -> Any:
    """The value of a scalar expression (None when it has no rows), as :func:`rows` runs it."""
    found = rows(store, expr.name("value").as_table())
    return found[0]["value"] if found else None


def for_area(store: Store, name: str, area: Area, as_at: int | None = None, level: str | None = None) -> ir.Table:
    """The facts of ``name`` inside ``area``: from the cell cube when the area is the force or a
    reporting area and any breakdown is by reporting areas (``level``), else as :func:`table`.
    Either answers every measure, rate and breakdown of the area alike (tests/cube)."""
    small = {area.level, level} & set(SMALL_AREA_LEVELS)
    t = cell_cube_table(store) if name == "crimes" and as_at is None and not small else table(store, name, as_at)
    return t.filter(area_filter(store, t, area))
