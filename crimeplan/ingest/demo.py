"""Loading the demo force's data (crimeplan.demo) into a store, as one load, replacing any earlier
demo. Generating it and seeding the demo's register and updates is crimeplan.loads.demo's."""

from __future__ import annotations

import pyarrow as pa

from crimeplan.demo import DEMO_FORCE, DemoData
from crimeplan.ingest.areas import rebuild_closure
from crimeplan.store import LoadRecord, Store, queries
from crimeplan.store.derived import DerivedTables
from crimeplan.store.schema import CRIME_COLUMNS

BATCH_ROWS = 250_000


def replace_areas(store: Store, areas: pa.Table, *, derived: DerivedTables) -> None:
    """Write the demo's areas (``code``, ``name``, ``level``, ``parent_code``) and their links, and
    rebuild what depends on them (the closure, then ``derived``), in the caller's transaction."""
    with store.transaction():
        store.append_batches("area_stage", ("code", "name", "level"),
                             iter(areas.select(["code", "name", "level"]).to_batches()))
        links = [{"child_code": c, "parent_code": p, "valid_from": None, "valid_to": None}
                 for c, p in zip(areas.column("code").to_pylist(), areas.column("parent_code").to_pylist(),
                                 strict=True) if p]
        store.append_batches("area_parent_stage", ("child_code", "parent_code", "valid_from", "valid_to"),
                             iter([pa.RecordBatch.from_pylist(links, schema=pa.schema([
                                 ("child_code", pa.string()), ("parent_code", pa.string()),
                                 ("valid_from", pa.date32()), ("valid_to", pa.date32())]))]))
        for statement in queries.AREAS_REPLACE:
            store.execute(statement)
        rebuild_closure(store, derived)


def ingest_demo(store: Store, data: DemoData, *, derived: DerivedTables, loaded_by: str = "unknown") -> dict:
    """Replace the demo force's records, areas and populations by ``data`` in one load; ``derived``
    (the cube) is told the force-months replaced and the areas changed."""
    records, seed = data.records, data.seed
    with store.transaction():
        load_id = store.new_load_id()
        replaced = store.scalar(queries.COUNT_CRIMES_FORCE, {"force": DEMO_FORCE})
        earlier = [(f, m) for f, m in store.fetchall(queries.FORCE_MONTHS_OF, {"force": DEMO_FORCE})]
        store.execute(queries.SUPERSEDE_CRIMES_FORCE, {"force": DEMO_FORCE, "load_id": load_id})
        table = records.append_column("load_id", pa.array([load_id] * records.num_rows, pa.int32()))
        table = table.select(list(CRIME_COLUMNS))
        loaded = store.append_batches("crimes", CRIME_COLUMNS, iter(table.to_batches(BATCH_ROWS)))
        replace_areas(store, data.areas, derived=derived)
        store.execute(queries.POPULATION_STAGE_CREATE)
        population = data.population.append_column(
            "load_id", pa.array([load_id] * data.population.num_rows, pa.int32()))
        store.append_batches("_population_stage", ("area_code", "year", "population", "load_id"),
                             iter(population.to_batches()))
        for statement in queries.POPULATION_REPLACE:
            store.execute(statement)
        months = sorted({m.strftime("%Y-%m") for m in records.column("month").to_pylist()})
        derived.records_changed(store, earlier + [(DEMO_FORCE, m) for m in months])
        store.record_load(load_id, LoadRecord(
            kind="demo", source=f"crimeplan.demo seed {seed}", checksum=f"seed:{seed}", force=DEMO_FORCE,
            months=(months[0], months[-1]), rows_in=records.num_rows, rows_loaded=loaded, rows_replaced=replaced,
            rows_rejected=0, details={"areas": data.areas.num_rows, "population_rows": data.population.num_rows},
            loaded_by=loaded_by))
    return {"force": DEMO_FORCE, "records": loaded, "replaced": replaced, "areas": data.areas.num_rows}
