"""The benchmark's data sets: deterministic police.uk street files and canonical records of the
demo force, written in parallel into a folder the run deletes afterwards."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from crimeplan.demo import generate_records, police_uk_rows
from crimeplan.periods import add_months

ROWS_PER_FILE = 250_000
"""police.uk rows per monthly file (a big force publishes ~25,000 a month; files this size keep
the number of files small at 50 million rows)."""

CHUNK_ROWS = 2_500_000
"""Canonical records per generated file (bounds the generator's memory)."""

DEMO_MONTHS = 60
DEMO_START = date(2009, 4, 1)
"""The demo force's five financial years, April 2009 – March 2014 (crimeplan.demo)."""

PARQUET_ROW_GROUP = 262_144
"""Rows per Parquet row group of the generated records: Spark reads a row group per task, so a 1 M
file of one row group kept one of the two executors idle."""


def write_police_uk_files(folder: Path, rows: int, force: str = "west-midlands") -> list[Path]:
    """Deterministic police.uk street files in the archive layout, ROWS_PER_FILE rows a month."""
    jobs = []
    for i, start in enumerate(range(0, rows, ROWS_PER_FILE)):
        month = f"{2010 + i // 12}-{i % 12 + 1:02d}"
        jobs.append((folder / month / f"{month}-{force}-street.csv", min(ROWS_PER_FILE, rows - start), i, force, month))
    return _in_parallel(_write_police_uk_file, jobs)


def _write_police_uk_file(path: Path, n: int, seed: int, force: str, month: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(police_uk_rows(n, seed=seed, force=force, month=month), path)
    return path


def record_chunks(rows: int) -> list[tuple[int, int, int]]:
    """(rows, first month index, months) per file: disjoint month ranges covering the demo's 60
    months, so each file is a force's whole extract for its months (a reload replaces by month)."""
    files = next(c for c in (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60) if rows / c <= CHUNK_ROWS or c == 60)
    span = DEMO_MONTHS // files
    base, extra = divmod(rows, files)
    return [(base + (i < extra), i * span, span) for i in range(files)]


def write_record_files(folder: Path, rows: int, force: str = "west-midlands") -> tuple[list[Path], list[Path]]:
    """Deterministic canonical records of the demo force (CSV for ingest, Parquet for Spark)."""
    (folder / "parquet").mkdir(parents=True, exist_ok=True)
    jobs = [(folder, i, n, first, months, force) for i, (n, first, months) in enumerate(record_chunks(rows))]
    written = _in_parallel(_write_record_file, jobs)
    return [csv for csv, _ in written], [parquet for _, parquet in written]


def _write_record_file(folder: Path, i: int, n: int, first: int, months: int, force: str) -> tuple[Path, Path]:
    table = generate_records(n, seed=i, force=force, start=add_months(DEMO_START, first), months=months)
    table = table.drop_columns(["month"])   # derived on load: not a column of the record format
    csv, parquet = folder / f"records-{i:02d}.csv", folder / "parquet" / f"records-{i:02d}.parquet"
    pacsv.write_csv(table, csv)
    pq.write_table(table, parquet, row_group_size=PARQUET_ROW_GROUP)
    return csv, parquet


def _in_parallel(fn, jobs: list[tuple]) -> list:
    """``fn(*job)`` for every job, on one process per core (files are independent and each is
    seeded by its own index, so the data sets are the same however many processes write them)."""
    if len(jobs) < 2:
        return [fn(*job) for job in jobs]
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        return list(pool.map(fn, *zip(*jobs, strict=True)))
