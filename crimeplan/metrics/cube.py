"""The monthly cube: crimes counted by month × area × offence × flags × outcome (× outcome month).

Every figure the metrics show is a sum over the cube: a milestone is ``n`` summed over the rows a
measure's predicate selects, an outcome rate two such sums. The cube keeps the columns the
measures filter on, under the same names as ``crimes`` (so ``measure_predicate`` applies to it
unchanged) and replaces the day-level dates by months: ``month`` (recorded) and
``outcome_month``. Every reporting period is whole months (crimeplan.periods), so a filter on
months selects exactly the crimes the day-level filter would.

The cube is written once as an Ibis expression (:func:`cube_expr`) and runs unchanged on DuckDB,
PostgreSQL (compiled to SQL inside the store's transaction) and Apache Spark
(crimeplan.engines.spark). :func:`refresh_cube` rebuilds only the force-months a load touched.

Beside it, the cell cube: the same counts summed over reporting cells (:func:`cells_expr`), the
small areas that roll up to the same reporting areas. A refresh of every reporting area reads it
(crimeplan.metrics.refresh); it is kept in step with the cube by the same calls, and rebuilt
whole by :func:`rebuild_cells` when the area hierarchy changes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.types as ir

from crimeplan.periods import stored_date
from crimeplan.store import Store
from crimeplan.store.queries import cube as q
from crimeplan.store.schema import ASB, ASB_CUBE, CRIME_CELL_CUBE, CRIME_CUBE, CRIMES

if TYPE_CHECKING:
    import pyarrow as pa

DIMENSIONS: tuple[str, ...] = q.CRIME_CUBE_COLUMNS[:-1]
"""The cube's grouping columns: every column a measure, a rate or a breakdown filters on."""

ASB_DIMENSIONS: tuple[str, ...] = q.ASB_CUBE_COLUMNS[:-1]

SMALL_AREA_LEVELS: tuple[str, ...] = ("lsoa", "msoa")
"""Levels with thousands of small areas whose monthly counts are too small for useful SPC: they are
not reporting areas (every page still shows them one at a time, from the cube)."""

NOT_REPORTING_LEVELS: tuple[str, ...] = (*SMALL_AREA_LEVELS, "force")
"""Levels that are not reporting areas of a cell: small areas, and the force (counted by ``force``)."""

STORED_SCHEMAS: dict[str, ibis.Schema] = {
    **{t.name: ibis.schema(t.ibis_types()) for t in (CRIMES, ASB, CRIME_CUBE, CRIME_CELL_CUBE, ASB_CUBE)},
    "area_closure": ibis.schema({"descendant": "!string", "ancestor": "!string", "ancestor_level": "!string"}),
    "area_cells": ibis.schema({"area_code": "!string", "cell": "!string"}),   # migration 6
}
"""The tables the metrics read: the record and cube tables from their one declaration
(crimeplan.store.schema), the area closure and cells as migrated. tests/cube/test_cube.py checks each
against the table as migrated, on DuckDB and PostgreSQL."""


def stored_table(name: str) -> ir.Table:
    """A table of the store as an Ibis table, from its declared schema: compiled to SQL and run on the
    store's connection (crimeplan.metrics.records.rows), it needs no Ibis backend. Not the backend's
    ``table()``: that asks the database for the schema, and loading the backend and Arrow costs a read
    command ~0.2 s at start-up (issue 20)."""
    return ibis.table(STORED_SCHEMAS[name], name=name)


# -- the expressions (one definition, every engine) -------------------------------------------------
def cube_expr(crimes: ir.Table) -> ir.Table:
    """Crime counts ``n`` per combination of :data:`DIMENSIONS`, from record-level ``crimes``."""
    t = crimes.mutate(outcome_month=crimes.outcome_date.truncate("M").cast("date"))
    grouped = t.group_by(list(DIMENSIONS)).aggregate(n=t.count().cast("int64"))
    return grouped.select(*q.CRIME_CUBE_COLUMNS)


def asb_cube_expr(asb: ir.Table) -> ir.Table:
    """Anti-social behaviour counts ``n`` per force, month and area."""
    grouped = asb.group_by(list(ASB_DIMENSIONS)).aggregate(n=asb.count().cast("int64"))
    return grouped.select(*q.ASB_CUBE_COLUMNS)


def cells_expr(closure: ir.Table) -> ir.Table:
    """Every area code with its cell: the reporting areas it rolls up to (itself included when it is
    one), comma-joined in order. Areas that roll up to none (outside the hierarchy) have no cell."""
    c = closure.filter(~closure.ancestor_level.isin(NOT_REPORTING_LEVELS))
    return c.group_by(area_code=c.descendant).aggregate(cell=c.ancestor.group_concat(",", order_by=c.ancestor))


NO_CELL = ""
"""The cell of crimes located in an area that rolls up to no reporting area (the pages' "outside
the area's divisions"); crimes with no location have no cell (NULL)."""


def cell_cube_expr(cube: ir.Table, cells: ir.Table) -> ir.Table:
    """The crime cube summed by cell instead of area."""
    joined = cube.left_join(cells, cube.area_code == cells.area_code)
    joined = joined.mutate(cell=ibis.ifelse(joined.area_code.isnull(), ibis.null("string"),
                                            joined.cell.fill_null(NO_CELL)))
    grouped = joined.group_by(list(q.CELL_CUBE_COLUMNS[:-1])).aggregate(n=joined.n.sum().cast("int64"))
    return grouped.select(*q.CELL_CUBE_COLUMNS)


def force_months_filter(t: ir.Table, force_months: Iterable[tuple[str, date]]) -> ir.BooleanValue:
    """Rows of ``t`` in any of ``force_months`` (one ``isin`` of months per force)."""
    months_by_force: dict[str, set[date]] = {}
    for force, month in force_months:
        months_by_force.setdefault(force, set()).add(stored_date(month))
    predicate: ir.BooleanValue = ibis.literal(False)
    for force, months in sorted(months_by_force.items()):
        predicate = predicate | ((t.force == force) & t.month.isin(sorted(months)))
    return predicate


# -- the cube in the store ------------------------------------------------------------------------
def cube_table(store: Store) -> ir.Table:
    """The crime cube as an Ibis table: the columns of ``crimes`` the metrics use, with ``month``
    and ``outcome_month`` for the dates, and ``n`` crimes per row."""
    return stored_table("crime_cube")


def cell_cube_table(store: Store) -> ir.Table:
    """The crime cube by reporting cell (``cell`` in place of ``area_code``)."""
    return stored_table("crime_cell_cube")


def cell_areas(store: Store, levels: tuple[str, ...] | None = None) -> ir.Table:
    """(``key``, ``area``): each cell (``key``) with every reporting area it rolls up to, as
    ``level:code``; ``levels`` keeps only those levels."""
    cells, closure = stored_table("area_cells"), stored_table("area_closure")
    joined = cells.inner_join(closure, cells.area_code == closure.descendant)
    wanted = ~joined.ancestor_level.isin(NOT_REPORTING_LEVELS)
    if levels is not None:
        wanted = wanted & joined.ancestor_level.isin(list(levels))
    joined = joined.filter(wanted)
    return joined.select(key=joined.cell, area=joined.ancestor_level.concat(":", joined.ancestor)).distinct()


def asb_cube_table(store: Store) -> ir.Table:
    """Anti-social behaviour by force, month and area, with ``n`` incidents per row."""
    return stored_table("asb_cube")


@dataclass(frozen=True)
class CubeBuild:
    """What one build or refresh did."""

    engine: str
    scope: str
    force_months: int
    cube_rows: int
    records: int
    seconds: float

    def to_dict(self) -> dict[str, str | int | float]:
        return {"engine": self.engine, "scope": self.scope, "force_months": self.force_months,
                "cube_rows": self.cube_rows, "records": self.records, "seconds": round(self.seconds, 3)}


CUBE_CHUNK_RECORDS = 5_000_000
"""Records one statement of a full build groups at most (whole force-months): the cube has nearly
a row per record, so grouping 50 M records at once spilled its hash table and took memory up to
the store's ceiling; in chunks the memory stays that of one chunk whatever the number of records."""


def build_cube(store: Store) -> CubeBuild:
    """Rebuild the whole cube from the records, in one transaction, under the store's ceiling for loads
    (``Store.loading``: the records are read once)."""
    started = time.perf_counter()
    with store.loading(), store.transaction():
        store.execute(q.CLEAR_CRIME_CUBE)
        store.execute(q.CLEAR_ASB_CUBE)
        store.mark_written("crime_cube", "asb_cube")
        crimes = _crimes()
        for pairs in chunks(store.fetchall(q.CURRENT_RECORDS_BY_FORCE_MONTH), CUBE_CHUNK_RECORDS):
            chunk = crimes.filter(force_months_filter(crimes, pairs))
            store.execute(q.INSERT_CRIME_CUBE + _sql(store, cube_expr(chunk)))
        store.execute(q.INSERT_ASB_CUBE + _sql(store, asb_cube_expr(_asb())))
        _write_cells(store)
        months = len(store.fetchall(q.CRIME_CUBE_FORCE_MONTHS))
        return _record(store, "full", months, started)


def chunks(counts: Iterable[tuple[str, date, int]], limit: int) -> list[list[tuple[str, date]]]:
    """``(force, month, records)`` in order, cut into runs of force-months of at most ``limit``
    records (a force-month with more is a run of its own)."""
    runs: list[list[tuple[str, date]]] = []
    size = limit
    for force, month, records in counts:
        if size + records > limit:
            runs.append([])
            size = 0
        runs[-1].append((force, month))
        size += records
    return runs


def refresh_cube(store: Store, force_months: Iterable[tuple[str, date | str]]) -> CubeBuild:
    """Rebuild the cube rows of ``force_months`` (``(force, month)`` pairs, month a date or
    ``YYYY-MM``) from the records, in the caller's transaction if there is one. A force-month
    with no records left loses its cube rows."""
    started = time.perf_counter()
    pairs = sorted({(force, stored_date(month)) for force, month in force_months})
    with store.transaction():
        if not pairs:
            return _record(store, "refresh", 0, started, write=False)
        for force, month in pairs:
            store.execute(q.DELETE_CRIME_CUBE_FORCE_MONTH, {"force": force, "month": month})
            store.execute(q.DELETE_ASB_CUBE_FORCE_MONTH, {"force": force, "month": month})
        crimes, asb = _crimes(), _asb()
        store.mark_written("crime_cube", "asb_cube")
        store.execute(q.INSERT_CRIME_CUBE + _sql(store, cube_expr(crimes.filter(force_months_filter(crimes, pairs)))))
        store.execute(q.INSERT_ASB_CUBE + _sql(store, asb_cube_expr(asb.filter(force_months_filter(asb, pairs)))))
        _refresh_cell_cube(store, pairs)
        return _record(store, "refresh", len(pairs), started)


def write_cube_dataset(store: Store, path: str | os.PathLike[str], engine: str, started: float) -> CubeBuild:
    """Replace the cube rows of every force-month in the Parquet cube at ``path`` (a file or
    folder of the cube's columns, built elsewhere, e.g. on Spark), streamed in batches, in one
    transaction."""
    import pyarrow.dataset as ds

    dataset = ds.dataset(str(path), format="parquet", schema=cube_arrow_schema())
    keys = dataset.to_table(columns=["force", "month"]).group_by(["force", "month"]).aggregate([])
    pairs = sorted(zip(keys.column("force").to_pylist(), keys.column("month").to_pylist(), strict=True))
    with store.transaction():
        for force, month in pairs:
            store.execute(q.DELETE_CRIME_CUBE_FORCE_MONTH, {"force": force, "month": month})
        store.append_batches("crime_cube", q.CRIME_CUBE_COLUMNS, dataset.to_batches(batch_size=250_000))
        _refresh_cell_cube(store, pairs)
        return _record(store, "full", len(pairs), started, engine=engine)


def rebuild_cells(store: Store) -> None:
    """Recompute the cells from the area hierarchy and the whole cell cube from the cube, in the
    caller's transaction (call after the area closure changes)."""
    with store.transaction():
        _write_cells(store)


def _write_cells(store: Store) -> None:
    store.execute(q.CLEAR_AREA_CELLS)
    store.execute(q.CLEAR_CELL_CUBE)
    store.mark_written("area_cells", "crime_cell_cube")
    store.execute(q.INSERT_AREA_CELLS + _sql(store, cells_expr(stored_table("area_closure"))))
    cells = cell_cube_expr(stored_table("crime_cube"), stored_table("area_cells"))
    store.execute(q.INSERT_CELL_CUBE + _sql(store, cells))


def _refresh_cell_cube(store: Store, pairs: list[tuple[str, date]]) -> None:
    for force, month in pairs:
        store.execute(q.DELETE_CELL_CUBE_FORCE_MONTH, {"force": force, "month": month})
    store.mark_written("crime_cell_cube")
    cube = stored_table("crime_cube")
    store.execute(q.INSERT_CELL_CUBE + _sql(store, cell_cube_expr(cube.filter(force_months_filter(cube, pairs)),
                                                                    stored_table("area_cells"))))


def ensure_cube(store: Store) -> CubeBuild | None:
    """Bring the cube up to date if its totals differ from the records' (a store opened for the
    first time since migration 5, or loads made before ingest refreshed the cube): refresh the
    stale force-months only. Returns what was done, or None when the cube was already in step."""
    crimes, asb = store.fetchall(q.COUNT_CURRENT_RECORDS)[0]
    counted = store.fetchall(q.COUNT_CRIME_CUBE)[0][1]
    asb_counted = store.fetchall(q.COUNT_ASB_CUBE)[0][1]
    if int(counted) == int(crimes) and int(asb_counted) == int(asb):
        if not cells_out_of_step(store):
            return None
        started = time.perf_counter()
        rebuild_cells(store)
        return _record(store, "cells", 0, started)
    stale = store.fetchall(q.STALE_FORCE_MONTHS)
    return refresh_cube(store, [(force, month) for _, force, month, _, _ in stale])


def cells_out_of_step(store: Store) -> bool:
    """The cells differ from the area hierarchy's, or the cell cube's totals from the cube's (a
    store written before migration 6, or areas changed by hand)."""
    if int(store.scalar(q.CELL_CUBE_OUT_OF_STEP)):
        return True
    kept = stored_table("area_cells")
    fresh = cells_expr(stored_table("area_closure")).cast(kept.schema())
    return any(int(store.fetch_compiled(_sql(store, d.count().name("n").as_table()))[0][0])
               for d in (fresh.difference(kept), kept.difference(fresh)))


def cube_status(store: Store) -> dict[str, Any]:
    """Rows and counts in the cube, the last builds, and any force-month the cube is stale for."""
    rows, counted = store.fetchall(q.COUNT_CRIME_CUBE)[0]
    asb_rows, asb_counted = store.fetchall(q.COUNT_ASB_CUBE)[0]
    builds = [dict(zip(("built_at", "engine", "scope", "force_months", "cube_rows", "records", "seconds"), r,
                       strict=True))
              for r in store.fetchall(q.LAST_CUBE_BUILDS)]
    for b in builds:
        b["built_at"] = b["built_at"].isoformat(timespec="seconds")
    stale = [{"kind": k, "force": f, "month": stored_date(m).isoformat()[:7], "records": int(r), "in_cube": int(c)}
             for k, f, m, r, c in store.fetchall(q.STALE_FORCE_MONTHS)]
    return {"crime_cube": {"rows": int(rows), "crimes": int(counted)},
            "asb_cube": {"rows": int(asb_rows), "incidents": int(asb_counted)},
            "stale": stale, "builds": builds}


# -- helpers ----------------------------------------------------------------------------------------
def _crimes() -> ir.Table:
    """The records as they stand now (rows superseded by a reload are not counted)."""
    t = stored_table("crimes")
    return t.filter(t.superseded_by.isnull())


def _asb() -> ir.Table:
    t = stored_table("asb")
    return t.filter(t.superseded_by.isnull())


def _sql(store: Store, expr: ir.Table) -> str:
    """The expression as one SELECT in the store's dialect (run on the store's own connection,
    so it joins the caller's transaction). Literals in it are months and force slugs read from
    the store, quoted by the compiler."""
    return str(ibis.to_sql(expr, dialect=store.dialect))


def _record(store: Store, scope: str, force_months: int, started: float, *, write: bool = True,
            engine: str | None = None) -> CubeBuild:
    rows, counted = store.fetchall(q.COUNT_CRIME_CUBE)[0]
    build = CubeBuild(engine=engine or store.dialect, scope=scope, force_months=force_months,
                      cube_rows=int(rows), records=int(counted), seconds=time.perf_counter() - started)
    if write:
        store.execute(q.RECORD_CUBE_BUILD, {
            "built_at": datetime.now(UTC).replace(tzinfo=None),
            **{k: getattr(build, k) for k in ("engine", "scope", "force_months", "cube_rows", "records", "seconds")}})
    return build


def cube_arrow_schema() -> pa.Schema:
    return CRIME_CUBE.arrow_schema()


