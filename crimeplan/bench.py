"""Benchmarks (``crimeplan bench``, ``make bench``): never part of the test suite.

Each measurement is printed beside a reference measured in the same run on the same files, as a
ratio, so results compare across machines: ingest is compared with a raw DuckDB ``read_csv`` of
the same files into a table.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv

from crimeplan.demo import police_uk_rows
from crimeplan.ingest.police_uk import ingest_police_uk
from crimeplan.store import open_store

ROWS_PER_FILE = 250_000


@dataclass(frozen=True)
class Measurement:
    name: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def write_police_uk_files(folder: Path, rows: int, force: str = "west-midlands") -> list[Path]:
    """Deterministic police.uk street files in the archive layout, ROWS_PER_FILE rows a month."""
    paths = []
    for i, start in enumerate(range(0, rows, ROWS_PER_FILE)):
        n = min(ROWS_PER_FILE, rows - start)
        month = f"{2010 + i // 12}-{i % 12 + 1:02d}"
        path = folder / month / f"{month}-{force}-street.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        pacsv.write_csv(police_uk_rows(n, seed=i, force=force, month=month), path)
        paths.append(path)
    return paths


def bench_ingest(rows: int, postgres_url: str | None = None) -> list[Measurement]:
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-") as tmp:
        folder = Path(tmp)
        files = write_police_uk_files(folder / "data", rows)
        out = []
        con = duckdb.connect(str(folder / "raw.duckdb"))
        started = time.perf_counter()
        con.execute("CREATE TABLE raw AS SELECT * FROM read_csv($files, header = true, all_varchar = true)",
                    {"files": [str(p) for p in files]})
        out.append(Measurement("raw DuckDB read_csv (reference)", rows, time.perf_counter() - started))
        con.close()
        targets = [("crimeplan ingest, DuckDB", str(folder / "store.duckdb"))]
        if postgres_url:
            targets.append(("crimeplan ingest, PostgreSQL", postgres_url))
        for name, url in targets:
            store = open_store(url)
            started = time.perf_counter()
            ingest_police_uk(store, [folder / "data"], loaded_by="bench")
            out.append(Measurement(name, rows, time.perf_counter() - started))
            store.close()
        return out


def report(measurements: list[Measurement]) -> str:
    reference = measurements[0]
    lines = [f"{'measurement':34} {'rows':>12} {'seconds':>9} {'rows/s':>12} {'× reference':>12}"]
    for m in measurements:
        ratio = m.rate / reference.rate if reference.rate else 0.0
        lines.append(f"{m.name:34} {m.rows:>12,} {m.seconds:>9.2f} {m.rate:>12,.0f} {ratio:>12.2f}")
    return "\n".join(lines)
