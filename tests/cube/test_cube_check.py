"""The cube's check on open runs once per load (issue 20, start-up): the first open after a load
checks (and repairs) the cube and keeps a marker; later opens only read the marker; the next load
makes the check run again."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from crimeplan.demo import generate_records
from crimeplan.metrics.cube import cube_status
from crimeplan.metrics.cube_check import cube_checked, ensure_cube_once
from crimeplan.store.base import LoadRecord
from crimeplan.store.schema import CRIME_COLUMNS


def load(store, rows: int, seed: int, start: str) -> None:
    """Records written without refreshing the cube, as a store from before the cube was."""
    load_id = store.new_load_id()
    table = generate_records(rows, seed=seed, force="west-midlands", start=start, months=1)
    table = table.append_column("load_id", pa.array([load_id] * table.num_rows, pa.int32()))
    with store.transaction():
        store.record_load(load_id, LoadRecord("records", f"test-{seed}", str(seed), "west-midlands", (start[:7],),
                                              rows, rows, 0, 0, loaded_by="test"))
        store.append_batches("crimes", CRIME_COLUMNS, iter(table.select(list(CRIME_COLUMNS)).to_batches()))


def test_the_check_runs_once_per_load(duck):
    load(duck, 800, seed=3, start="2013-01-01")
    assert not cube_checked(duck)
    done = ensure_cube_once(duck)
    assert done is not None and done.records == 800          # the first open repaired the cube
    assert cube_checked(duck) and ensure_cube_once(duck) is None

    duck.execute("DELETE FROM crime_cube")                     # out of step, but no load since the check:
    assert ensure_cube_once(duck) is None                      # the open does not look
    assert cube_status(duck)["crime_cube"]["crimes"] == 0

    load(duck, 300, seed=4, start="2013-02-01")                # a load: the next open checks again
    assert not cube_checked(duck)
    done = ensure_cube_once(duck)
    assert done is not None and cube_status(duck)["crime_cube"]["crimes"] == 1_100
    assert cube_status(duck)["stale"] == []
    assert {m for _, m in duck.fetchall("SELECT force, month FROM crime_cube")} == {date(2013, 1, 1),
                                                                                     date(2013, 2, 1)}


def test_a_new_schema_version_checks_again(duck):
    load(duck, 200, seed=5, start="2013-03-01")
    ensure_cube_once(duck)
    assert cube_checked(duck)
    duck.execute("UPDATE cube_checks SET schema_version = schema_version - 1")  # checked before a migration
    assert not cube_checked(duck)
    assert ensure_cube_once(duck) is None and cube_checked(duck)               # in step: marker renewed
