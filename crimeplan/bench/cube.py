"""Cube benchmarks: the monthly cube built by the store (DuckDB) and by Spark, beside one
hand-written DuckDB ``GROUP BY`` of the same records; the Spark build is checked against the store's.

The tasks run in their own process (``crimeplan.bench.process``), whose peak memory is reported:
each imports what it uses inside itself, so the process loads nothing else."""

from __future__ import annotations

from crimeplan.bench.measurement import CUBE_DUCKDB, CUBE_SPARK, Measurement
from crimeplan.bench.process import run_task


# -- tasks (each runs in a child process: python -m crimeplan.bench TASK JSON) -------------------------
def task_cube_store(db: str) -> dict:
    from crimeplan.metrics.cube import build_cube  # in the task's process only (its peak memory is measured)
    from crimeplan.store import open_store
    store = open_store(db)
    build = build_cube(store)
    store.close()
    return {"seconds": build.seconds, "rows": build.records, "cube_rows": build.cube_rows}


def task_cube_spark(db: str, source: str, master: str) -> dict:
    """The Spark build, checked against the cube the store built (kept aside first)."""
    from crimeplan.engines.spark import build_cube_spark  # in the task's process only (its peak memory is measured)
    from crimeplan.store import open_store
    from crimeplan.store.queries import cube as q
    store = open_store(db)
    store.execute(q.BENCH_KEEP_CUBE)
    build = build_cube_spark(store, source, master)
    differences = int(store.scalar(q.BENCH_CUBE_DIFFERENCES))
    store.execute(q.BENCH_DROP_KEPT_CUBE)
    store.close()
    return {"seconds": build.seconds, "rows": build.records, "cube_rows": build.cube_rows,
            "rows_differing_from_duckdb_cube": differences}


# -- steps of the suite ------------------------------------------------------------------------------
def store_step(db: str, rows: int, reference_seconds: float) -> Measurement:
    cube = run_task("cube_store", db=db)
    return Measurement(CUBE_DUCKDB, rows, cube["seconds"], "hand-written GROUP BY",
                       reference_seconds, cube["peak_mb"], {"cube_rows": cube["cube_rows"]})


def spark_steps(db: str, parquet: str, rows: int, reference_seconds: float, master: str, log) -> list[Measurement]:
    """The Spark build from the Parquet files in ``parquet`` (none when it fails: the run goes on)."""
    log(f"[{rows:,}] cube on Spark {master}")
    try:
        s = run_task("cube_spark", db=db, source=parquet, master=master)
    except RuntimeError as exc:
        log(f"  Spark cube build failed: {exc}")
        return []
    return [Measurement(f"{CUBE_SPARK} {master}", rows, s["seconds"], "hand-written GROUP BY", reference_seconds,
                        s["peak_mb"], {"cube_rows": s["cube_rows"],
                                       "rows_differing_from_duckdb_cube": s["rows_differing_from_duckdb_cube"]})]
