"""Ingest benchmarks: ``crimeplan ingest police-uk`` and ``crimeplan ingest records`` on DuckDB (and
PostgreSQL), beside raw DuckDB ``read_csv`` and pandas ``read_csv`` of the same files.

The tasks run in their own process (``crimeplan.bench.process``), whose peak memory is reported:
each imports what it uses inside itself, so the process loads nothing else."""

from __future__ import annotations

import os
import time
from pathlib import Path

from crimeplan.bench.measurement import INGEST_POLICE_UK, INGEST_POLICE_UK_PG, INGEST_RECORDS, Measurement
from crimeplan.bench.process import run_task
from crimeplan.bench.reference import pandas_read, raw_read


# -- tasks (each runs in a child process: python -m crimeplan.bench TASK JSON) -------------------------
def task_ingest_police_uk(folder: str, db: str) -> dict:
    from crimeplan.loads import ingest_police_uk  # in the task's process only (its peak memory is measured)
    from crimeplan.store import open_store
    store = open_store(db)
    started = time.perf_counter()
    summary = ingest_police_uk(store, [folder], loaded_by="bench")
    seconds = time.perf_counter() - started
    rows = sum(f["rows_in"] for f in summary.files)
    store.close()
    return {"seconds": seconds, "rows": rows}


def task_ingest_records(files: list[str], db: str) -> dict:
    from crimeplan.loads import ingest_records  # in the task's process only (its peak memory is measured)
    from crimeplan.store import open_store
    store = open_store(db)
    started = time.perf_counter()
    rows = sum(ingest_records(store, f, loaded_by="bench")["rows_in"] for f in files)
    seconds = time.perf_counter() - started
    store.close()
    return {"seconds": seconds, "rows": rows}


def task_load_demo_areas(db: str) -> dict:
    """The demo force's area hierarchy (the records' LSOAs roll up to LPUs, LAs and the force)."""
    from crimeplan.demo import generate_demo  # in the task's process only (its peak memory is measured)
    from crimeplan.loads import replace_areas
    from crimeplan.store import open_store
    areas = generate_demo(2014).areas
    store = open_store(db)
    started = time.perf_counter()
    replace_areas(store, areas)
    store.close()
    return {"seconds": time.perf_counter() - started, "rows": areas.num_rows}


# -- steps of the suite ------------------------------------------------------------------------------
def police_uk_steps(folder: Path, files: list[str], rows: int, postgres_url: str | None) -> list[Measurement]:
    """The police.uk files in ``folder / "data"`` ingested on DuckDB (and PostgreSQL), beside the references."""
    raw = raw_read(folder, files)
    out = [Measurement("raw DuckDB read_csv, police.uk", rows, raw["seconds"], peak_mb=raw["peak_mb"]),
           *pandas_read("police.uk", files, rows, raw["seconds"])]
    targets = [(INGEST_POLICE_UK, str(folder / "puk.duckdb"))]
    if postgres_url:
        targets.append((INGEST_POLICE_UK_PG, postgres_url))
    for name, url in targets:
        r = run_task("ingest_police_uk", folder=str(folder / "data"), db=url)
        out.append(Measurement(name, rows, r["seconds"], "raw DuckDB read_csv", raw["seconds"], r["peak_mb"]))
    if (folder / "puk.duckdb").exists():
        os.remove(folder / "puk.duckdb")
    return out


def records_steps(folder: Path, csv_names: list[str], rows: int, db: str, log) -> list[Measurement]:
    """The canonical record files ingested into the store ``db``, beside the references."""
    raw = raw_read(folder, csv_names)
    pandas = pandas_read("records", csv_names, rows, raw["seconds"])
    log(f"[{rows:,}] ingest records")
    r = run_task("ingest_records", files=csv_names, db=db)
    return [Measurement("raw DuckDB read_csv, records", rows, raw["seconds"], peak_mb=raw["peak_mb"]),
            *pandas,
            Measurement(INGEST_RECORDS, rows, r["seconds"], "raw DuckDB read_csv", raw["seconds"], r["peak_mb"])]
