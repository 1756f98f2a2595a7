"""Loading the demo force (crimeplan.demo) into a store, as one load, replacing any earlier demo."""

from __future__ import annotations

import pyarrow as pa

from crimeplan.demo import DEMO_FORCE, DemoData, generate_demo
from crimeplan.ingest.areas import rebuild_closure
from crimeplan.metrics.cube import refresh_cube
from crimeplan.store import LoadRecord, Store, queries
from crimeplan.store.schema import CRIME_COLUMNS

BATCH_ROWS = 250_000


def replace_areas(store: Store, areas: pa.Table) -> None:
    """Write the demo's areas (``code``, ``name``, ``level``, ``parent_code``) and their links, and
    rebuild what depends on them, in the caller's transaction."""
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
        rebuild_closure(store)


def load_demo(store: Store, *, seed: int = 2014, loaded_by: str = "unknown") -> dict:
    data: DemoData = generate_demo(seed)
    records = data.records
    with store.transaction():
        load_id = store.new_load_id()
        replaced = store.scalar(queries.COUNT_CRIMES_FORCE, {"force": DEMO_FORCE})
        earlier = [(f, m) for f, m in store.fetchall(queries.FORCE_MONTHS_OF, {"force": DEMO_FORCE})]
        store.execute(queries.SUPERSEDE_CRIMES_FORCE, {"force": DEMO_FORCE, "load_id": load_id})
        table = records.append_column("load_id", pa.array([load_id] * records.num_rows, pa.int32()))
        table = table.select(list(CRIME_COLUMNS))
        loaded = store.append_batches("crimes", CRIME_COLUMNS, iter(table.to_batches(BATCH_ROWS)))
        replace_areas(store, data.areas)
        store.execute(queries.POPULATION_STAGE_CREATE)
        population = data.population.append_column(
            "load_id", pa.array([load_id] * data.population.num_rows, pa.int32()))
        store.append_batches("_population_stage", ("area_code", "year", "population", "load_id"),
                             iter(population.to_batches()))
        for statement in queries.POPULATION_REPLACE:
            store.execute(statement)
        months = sorted({m.strftime("%Y-%m") for m in records.column("month").to_pylist()})
        refresh_cube(store, earlier + [(DEMO_FORCE, m) for m in months])
        store.record_load(load_id, LoadRecord(
            kind="demo", source=f"crimeplan.demo seed {seed}", checksum=f"seed:{seed}", force=DEMO_FORCE,
            months=(months[0], months[-1]), rows_in=records.num_rows, rows_loaded=loaded, rows_replaced=replaced,
            rows_rejected=0, details={"areas": data.areas.num_rows, "population_rows": data.population.num_rows},
            loaded_by=loaded_by))
    return {"force": DEMO_FORCE, "records": loaded, "replaced": replaced, "areas": data.areas.num_rows}


DEMO_CHANGES = (  # the step changes the board paper explains (paragraphs 75, 81, 111)
    ("vwi", "2013-07-01", "Operation Sentinel: domestic abuse reporting drive (paper para 81)"),
    ("shoplifting", "2012-11-01", "Rise in shop theft seen nationally; Operation Simul (paper para 111)"),
    ("vehicle", "2012-12-01", "Step change down in vehicle crime (paper para 75)"),
)


def register_demo_changes(store: Store, *, created_by: str = "demo") -> int:
    """Register the paper's explained step changes for the demo force (once; skipped if present)."""
    from datetime import date

    from crimeplan.register import add_change, list_changes

    area = f"force:{DEMO_FORCE}"
    existing = {(c.measure, c.area, c.month) for c in list_changes(store)}
    added = 0
    for measure, month, reason in DEMO_CHANGES:
        when = date.fromisoformat(month)
        if (measure, area, when) not in existing:
            add_change(store, measure=measure, area=area, month=when, reason=reason, created_by=created_by)
            added += 1
    return added


def load_demo_updates(store: Store, *, actor_name: str = "demo") -> int:
    """The paper's deliverable updates for the demo plan, approved with their own dates."""
    from importlib import resources

    import yaml

    from crimeplan.plan import load_plan
    from crimeplan.workflow.deliverables import ensure_plan, import_approved_updates
    from crimeplan.workflow.roles import Actor

    plan = load_plan("wmp-2013-14")
    ensure_plan(store, plan, actor_name)
    rows = yaml.safe_load(resources.files("crimeplan").joinpath("plans/wmp-2013-14/updates.yaml").read_text("utf-8"))
    return import_approved_updates(store, plan.id, rows, Actor(actor_name, "analyst"))
