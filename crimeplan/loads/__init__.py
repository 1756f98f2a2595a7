"""Loads as the CLI runs them: an ingest (crimeplan.ingest) with the cube (crimeplan.metrics.cube)
kept in step, in the load's one transaction.

Ingest sits below the metrics and does not know the cube: each ingest takes the tables derived
from the records (crimeplan.store.derived.DerivedTables) from its caller. These functions are the
ingest functions with :data:`CUBE` given, under the same names and arguments otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from crimeplan.ingest import areas, police_uk, records
from crimeplan.ingest import demo as demo_ingest
from crimeplan.metrics.cube import rebuild_cells, refresh_cube
from crimeplan.progress import LoadProgress
from crimeplan.store import Store
from crimeplan.store.derived import ForceMonth


class CubeInStep:
    """The cube as a load's derived tables: the force-months a load touched are refreshed, and
    the reporting cells rebuilt when the area hierarchy changes."""

    def records_changed(self, store: Store, force_months: Sequence[ForceMonth]) -> None:
        refresh_cube(store, force_months)

    def areas_changed(self, store: Store) -> None:
        rebuild_cells(store)


CUBE = CubeInStep()


def ingest_police_uk(store: Store, paths: Sequence[str | Path], *, force: str | None = None,
                     loaded_by: str = "unknown", progress: LoadProgress | None = None) -> police_uk.IngestSummary:
    """crimeplan.ingest.police_uk.ingest_police_uk, the cube refreshed batch by batch (under the store's
    ceiling for loads, ``Store.loading``)."""
    with store.loading():
        return police_uk.ingest_police_uk(store, paths, derived=CUBE, force=force, loaded_by=loaded_by,
                                          progress=progress)


def ingest_records(store: Store, path: str | Path, *, force: str | None = None, loaded_by: str = "unknown") -> dict:
    """crimeplan.ingest.records.ingest_records, the cube refreshed for the force-months loaded (under the
    store's ceiling for loads, ``Store.loading``)."""
    with store.loading():
        return records.ingest_records(store, path, derived=CUBE, force=force, loaded_by=loaded_by)


def ingest_areas(store: Store, path: str | Path, *, loaded_by: str = "unknown") -> dict:
    """crimeplan.ingest.areas.ingest_areas, the cube's reporting cells rebuilt."""
    return areas.ingest_areas(store, path, derived=CUBE, loaded_by=loaded_by)


def replace_areas(store: Store, table: pa.Table) -> None:
    """crimeplan.ingest.demo.replace_areas, the cube's reporting cells rebuilt."""
    demo_ingest.replace_areas(store, table, derived=CUBE)


__all__ = ["CUBE", "CubeInStep", "ingest_areas", "ingest_police_uk", "ingest_records", "replace_areas"]
