"""The cube on both stores: it counts every record once, checked against an independent Arrow
group-by; a refresh of some force-months equals a full rebuild; a refresh joins the caller's
transaction; status names the force-months a load has not yet been counted for."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from crimeplan.demo import generate_records
from crimeplan.metrics import cube
from crimeplan.metrics.cube import DIMENSIONS, build_cube, cube_status, ensure_cube, refresh_cube
from crimeplan.store.queries import cube as q
from crimeplan.store.schema import ASB_COLUMNS, CRIME_COLUMNS

RECORDS = 6_000


def add_records(store, table: pa.Table, load_id: int = 1) -> None:
    table = table.append_column("load_id", pa.array([load_id] * table.num_rows, pa.int32()))
    store.append_batches("crimes", CRIME_COLUMNS, iter(table.select(list(CRIME_COLUMNS)).to_batches()))


def add_asb(store, force: str, months: list[date], per_month: int) -> None:
    rows = [{"force": force, "month": m, "area_code": f"WMDEMO000{i % 3}" if i % 4 else None, "load_id": 1}
            for m in months for i in range(per_month)]
    store.append_batches("asb", ASB_COLUMNS, iter([pa.RecordBatch.from_pylist(rows, schema=pa.schema([
        ("force", pa.string()), ("month", pa.date32()), ("area_code", pa.string()), ("load_id", pa.int32())]))]))


def expected_cube(records: pa.Table) -> dict[tuple, int]:
    """The cube computed independently of Ibis and SQL: an Arrow group-by of the records."""
    months = records.column("outcome_date").to_pylist()
    outcome_month = pa.array([d.replace(day=1) if d else None for d in months], pa.date32())
    t = records.append_column("outcome_month", outcome_month)
    grouped = t.group_by(list(DIMENSIONS), use_threads=False).aggregate([([], "count_all")])
    return {tuple(row[c] for c in DIMENSIONS): row["count_all"] for row in grouped.to_pylist()}


def cube_rows(store) -> dict[tuple, int]:
    cols = ", ".join(q.CRIME_CUBE_COLUMNS)
    out: dict[tuple, int] = {}
    for row in store.fetchall(f"SELECT {cols} FROM crime_cube"):
        key = tuple(row[:-1])
        assert key not in out, f"cube row repeated: {key}"
        out[key] = int(row[-1])
    return out


@pytest.mark.parametrize("chunk", [None, 1_500])
def test_cube_counts_every_record_once(store, monkeypatch, chunk):
    if chunk:  # a full build in chunks of force-months (about 1,000 records a month here)
        monkeypatch.setattr(cube, "CUBE_CHUNK_RECORDS", chunk)
    records = generate_records(RECORDS, seed=3, force="west-midlands", start="2013-01-01", months=6)
    add_records(store, records)
    add_records(store, generate_records(500, seed=4, force="city-of-london", start="2013-02-01", months=2))
    add_asb(store, "west-midlands", [date(2013, 1, 1), date(2013, 2, 1)], 10)
    build = build_cube(store)
    assert build.records == RECORDS + 500
    got = {k: v for k, v in cube_rows(store).items() if k[0] == "west-midlands"}
    assert got == expected_cube(records)
    assert len(got) < RECORDS   # it is a cube: some records share a row
    asb = store.fetchall("SELECT month, area_code, n FROM asb_cube ORDER BY month, area_code NULLS FIRST")
    assert [r[2] for r in asb] == [3, 3, 2, 2] * 2
    assert cube_status(store)["stale"] == []


def test_chunks_cut_force_months_by_records():
    counts = [("a", date(2013, m, 1), n) for m, n in ((1, 4), (2, 4), (3, 9), (4, 1))] + [("b", date(2013, 1, 1), 2)]
    assert cube.chunks(counts, 8) == [[("a", date(2013, 1, 1)), ("a", date(2013, 2, 1))], [("a", date(2013, 3, 1))],
                                      [("a", date(2013, 4, 1)), ("b", date(2013, 1, 1))]]
    assert cube.chunks([], 8) == []


def test_refresh_of_reloaded_months_equals_full_rebuild(store):
    add_records(store, generate_records(RECORDS, seed=5, force="west-midlands", start="2013-01-01", months=6))
    build_cube(store)
    # a reload of March 2013: its records are superseded (kept, marked) by different ones
    march = {"force": "west-midlands", "month": date(2013, 3, 1)}
    store.execute("UPDATE crimes SET superseded_by = 2 WHERE force = :force AND month = :month", march)
    again = generate_records(3_000, seed=6, force="west-midlands", start="2013-03-01", months=1)
    add_records(store, again, load_id=2)
    stale = cube_status(store)["stale"]
    assert [(s["force"], s["month"], s["records"]) for s in stale] == [("west-midlands", "2013-03", 3_000)]
    result = refresh_cube(store, [("west-midlands", "2013-03")])
    assert result.force_months == 1 and result.scope == "refresh"
    refreshed = cube_rows(store)
    assert cube_status(store)["stale"] == []
    build_cube(store)
    assert refreshed == cube_rows(store)
    assert sum(v for k, v in refreshed.items() if k[1] == date(2013, 3, 1)) == 3_000


def test_refresh_joins_the_callers_transaction(duck):
    add_records(duck, generate_records(2_000, seed=7, force="west-midlands", start="2013-01-01", months=2))
    build_cube(duck)
    before = cube_rows(duck)
    with pytest.raises(RuntimeError):
        with duck.transaction():
            duck.execute("DELETE FROM crimes WHERE month = :month", {"month": date(2013, 1, 1)})
            refresh_cube(duck, [("west-midlands", date(2013, 1, 1))])
            assert sum(cube_rows(duck).values()) < 2_000   # inside: the month is gone from the cube
            raise RuntimeError("the load failed")
    assert cube_rows(duck) == before   # rolled back with the load


def test_refresh_of_a_month_with_no_records_left_empties_it(duck):
    add_records(duck, generate_records(1_000, seed=8, force="west-midlands", start="2013-01-01", months=2))
    build_cube(duck)
    duck.execute("DELETE FROM crimes WHERE month = :month", {"month": date(2013, 2, 1)})
    refresh_cube(duck, [("west-midlands", date(2013, 2, 1))])
    months = {k[1] for k in cube_rows(duck)}
    assert months == {date(2013, 1, 1)}
    assert refresh_cube(duck, []).force_months == 0


def test_ensure_cube_counts_loads_made_before_the_cube(duck):
    add_records(duck, generate_records(1_500, seed=9, force="west-midlands", start="2013-01-01", months=3))
    add_asb(duck, "west-midlands", [date(2013, 2, 1)], 5)
    done = ensure_cube(duck)
    assert done is not None and done.force_months == 3 and done.records == 1_500
    assert cube_status(duck)["stale"] == [] and cube_status(duck)["asb_cube"]["incidents"] == 5
    assert ensure_cube(duck) is None   # in step: nothing to do


@pytest.mark.parametrize("name", sorted(cube.STORED_SCHEMAS))
def test_the_tables_the_metrics_read_are_declared_as_migrated(store, name):
    """The metrics read the store through declared schemas (``stored_table``), not the database's:
    each must be the table as migrated, as the Ibis backend reads it (nullability aside: a declared
    NOT NULL only narrows the type)."""
    migrated = store.ibis().table(name).schema()
    declared = cube.stored_table(name).schema()
    assert list(declared.names) == list(migrated.names)
    assert {n: t.copy(nullable=True) for n, t in declared.items()} == \
        {n: t.copy(nullable=True) for n, t in migrated.items()}
