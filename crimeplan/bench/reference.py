"""The references the benchmarks are measured beside, in the same run on the same files: raw DuckDB
``read_csv`` of the input files, pandas ``read_csv`` of them, and one hand-written DuckDB
``GROUP BY`` of the records (the cube build's and the full refresh's reference).

The tasks run in their own process (``crimeplan.bench.process``), whose peak memory is reported:
each imports what it uses inside itself, so the process loads nothing else."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crimeplan.bench.measurement import Measurement
from crimeplan.bench.process import run_task

if TYPE_CHECKING:
    import duckdb

PANDAS_MAX_ROWS = 1_000_000
"""The pandas reference is left out above this: raw DuckDB is the reference the targets name, and
pandas took 38 s at 10 million rows (about five minutes at 50) of a suite that must end within 30."""


def _first(cur: duckdb.DuckDBPyConnection) -> Any:
    """The first value of the one row a query returns."""
    row = cur.fetchone()
    assert row is not None, "the query returns one row"
    return row[0]


# -- tasks (each runs in a child process: python -m crimeplan.bench TASK JSON) -------------------------
def task_raw_duckdb_csv(files: list[str], db: str) -> dict:
    import duckdb  # in the task's process only (its peak memory is measured)

    from crimeplan.store.queries import cube as q
    con = duckdb.connect(db)
    started = time.perf_counter()
    con.execute(q.BENCH_RAW_READ_CSV, {"files": files})
    seconds = time.perf_counter() - started
    rows = _first(con.execute(q.BENCH_RAW_COUNT))
    con.close()
    return {"seconds": seconds, "rows": rows}


def task_pandas_csv(files: list[str]) -> dict:
    import pandas as pd  # optional (the `bench` extra), in the task's process only
    rows = 0
    started = time.perf_counter()
    for f in files:
        rows += len(pd.read_csv(f, dtype=str, keep_default_na=False))
    return {"seconds": time.perf_counter() - started, "rows": rows}


def task_reference_group_by(db: str) -> dict:
    import duckdb  # in the task's process only (its peak memory is measured)

    from crimeplan.store.queries import cube as q
    con = duckdb.connect(db)
    started = time.perf_counter()
    con.execute(q.BENCH_REFERENCE_GROUP_BY)
    seconds = time.perf_counter() - started
    rows = _first(con.execute(q.BENCH_RECORDS_COUNT))
    con.execute(q.BENCH_DROP_REFERENCE)
    con.close()
    return {"seconds": seconds, "rows": rows}


# -- steps of the suite ------------------------------------------------------------------------------
def raw_read(folder: Path, files: list[str]) -> dict:
    """Raw DuckDB ``read_csv`` of ``files`` into a scratch database, deleted afterwards."""
    raw = run_task("raw_duckdb_csv", files=files, db=str(folder / "raw.duckdb"))
    os.remove(folder / "raw.duckdb")
    return raw


def pandas_read(kind: str, files: list[str], rows: int, raw_seconds: float) -> list[Measurement]:
    if rows > PANDAS_MAX_ROWS:
        return []
    pandas = run_task("pandas_csv", files=files)
    return [Measurement(f"pandas read_csv, {kind}", rows, pandas["seconds"], "raw DuckDB read_csv", raw_seconds,
                        pandas["peak_mb"])]


def group_by(db: str, rows: int) -> tuple[Measurement, float]:
    """The hand-written ``GROUP BY`` of the records: its measurement and its seconds."""
    ref = run_task("reference_group_by", db=db)
    return Measurement("hand-written DuckDB GROUP BY", rows, ref["seconds"], peak_mb=ref["peak_mb"]), ref["seconds"]
