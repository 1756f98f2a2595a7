"""Reporting cells on both stores: each small area's cell is the set of reporting areas above it
(checked against a walk up the demo's parent links); the cell cube is the cube summed by cell
(checked against a Python sum of the cube); both follow a change of the hierarchy and a reload;
``ensure_cube`` repairs a cell cube out of step."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pyarrow as pa

from crimeplan.demo import generate_demo, generate_records
from crimeplan.loads import replace_areas
from crimeplan.metrics.cube import SMALL_AREA_LEVELS, build_cube, ensure_cube, refresh_cube
from crimeplan.store.queries import cube as q
from tests.cube.test_cube import add_records, cube_rows

AREAS = generate_demo(2014).areas


def expected_cells(areas: pa.Table) -> dict[str, str]:
    """Walk each area's parents: its cell is itself (if a reporting area) and every reporting area
    above it, below the force, sorted and comma-joined."""
    rows = {r["code"]: r for r in areas.to_pylist()}
    cells = {}
    for code in rows:
        found, at = [], code
        while at:
            if rows[at]["level"] not in (*SMALL_AREA_LEVELS, "force"):
                found.append(at)
            at = rows[at]["parent_code"]
        if found:
            cells[code] = ",".join(sorted(found))
    return cells


def cell_cube(store) -> Counter:
    cols = ", ".join(q.CELL_CUBE_COLUMNS)
    return Counter({tuple(r[:-1]): int(r[-1]) for r in store.fetchall(f"SELECT {cols} FROM crime_cell_cube")})


def summed_by_cell(store) -> Counter:
    """The cube summed by cell in Python, from the cells the store holds."""
    cells = dict(store.fetchall("SELECT area_code, cell FROM area_cells"))
    out: Counter = Counter()
    for key, n in cube_rows(store).items():
        cell = None if key[2] is None else cells.get(key[2], "")   # "": located, in no reporting area
        out[(key[0], key[1], cell, *key[3:])] += n
    return out


def test_cells_and_cell_cube_match_an_independent_count(store):
    add_records(store, generate_records(4_000, seed=11, force="west-midlands", start="2013-01-01", months=4))
    replace_areas(store, AREAS)
    build_cube(store)
    assert dict(store.fetchall("SELECT area_code, cell FROM area_cells")) == expected_cells(AREAS)
    got = cell_cube(store)
    assert got == summed_by_cell(store)
    assert sum(got.values()) == 4_000
    assert len(got) < len(cube_rows(store))   # cells are coarser than areas
    assert len({k[2] for k in got}) <= len(set(expected_cells(AREAS).values())) + 2   # + none, no location


def test_cells_follow_a_change_of_hierarchy_and_a_reload(store):
    add_records(store, generate_records(3_000, seed=12, force="west-midlands", start="2013-01-01", months=3))
    replace_areas(store, AREAS)
    build_cube(store)
    # move one LSOA to another LPU: its cell changes, and so does the cell cube
    rows = AREAS.to_pylist()
    lsoa = next(r for r in rows if r["level"] == "lsoa")
    lpus = [r["code"] for r in rows if r["level"] == "lpu"]
    lsoa["parent_code"] = next(c for c in lpus if c != lsoa["parent_code"])
    moved = pa.Table.from_pylist(rows, schema=AREAS.schema)
    replace_areas(store, moved)
    assert dict(store.fetchall("SELECT area_code, cell FROM area_cells")) == expected_cells(moved)
    assert cell_cube(store) == summed_by_cell(store)
    # a reload of one month: the refresh keeps the cell cube in step
    store.execute("UPDATE crimes SET superseded_by = 2 WHERE month = :month", {"month": date(2013, 2, 1)})
    add_records(store, generate_records(700, seed=13, force="west-midlands", start="2013-02-01", months=1), 2)
    refresh_cube(store, [("west-midlands", "2013-02")])
    assert cell_cube(store) == summed_by_cell(store)
    superseded = store.scalar("SELECT count(*) FROM crimes WHERE superseded_by = 2")
    assert 0 < superseded < 3_000
    assert sum(cell_cube(store).values()) == 3_000 - superseded + 700


def test_ensure_cube_repairs_a_cell_cube_out_of_step(duck):
    add_records(duck, generate_records(1_000, seed=14, force="west-midlands", start="2013-01-01", months=2))
    replace_areas(duck, AREAS)
    build_cube(duck)
    kept = cell_cube(duck)
    duck.execute("DELETE FROM crime_cell_cube")
    done = ensure_cube(duck)
    assert done is not None and done.scope == "cells"
    assert cell_cube(duck) == kept
    duck.execute("DELETE FROM area_cells WHERE cell LIKE :c", {"c": "%"})   # cells lost, cube intact
    assert ensure_cube(duck) is not None
    assert cell_cube(duck) == kept and ensure_cube(duck) is None
