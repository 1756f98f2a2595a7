"""The benchmark suite (``crimeplan bench run``, ``crimeplan bench ingest``): every benchmark at each
size on generated data, its results as JSON with the machine and commit they were measured on."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from crimeplan.bench import answers, cube, ingest, paper, reference, refresh
from crimeplan.bench.data import write_police_uk_files, write_record_files
from crimeplan.bench.measurement import DEMO_TITLE, Measurement, markdown_table
from crimeplan.bench.portal import PORTAL_MAX_ROWS, portal_steps
from crimeplan.bench.process import run_task

SIZES = (1_000_000, 10_000_000, 50_000_000)
QUICK_SIZES = (1_000_000,)


def bench_ingest(rows: int, postgres_url: str | None = None) -> list[Measurement]:
    """police.uk ingest rows/s on DuckDB (and PostgreSQL) beside raw DuckDB read_csv and pandas."""
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-") as tmp:
        folder = Path(tmp)
        files = [str(p) for p in write_police_uk_files(folder / "data", rows)]
        return ingest.police_uk_steps(folder, files, rows, postgres_url)


def bench_size(rows: int, *, spark_master: str | None, portal: bool, report: bool,
               postgres_url: str | None = None, log=print) -> list[Measurement]:
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-") as tmp:
        folder = Path(tmp)
        out = _ingest_steps(folder, rows, postgres_url, log)
        db = str(folder / "store.duckdb")
        run_task("load_demo_areas", db=db)
        log(f"[{rows:,}] cube")
        group_by, ref_seconds = reference.group_by(db, rows)
        out += [group_by, cube.store_step(db, rows, ref_seconds)]
        if spark_master:
            out += cube.spark_steps(db, str(folder / "records" / "parquet"), rows, ref_seconds, spark_master, log)
        log(f"[{rows:,}] full plan refresh")
        out.append(refresh.refresh_step(db, rows, ref_seconds))
        if portal and rows <= PORTAL_MAX_ROWS:
            log(f"[{rows:,}] portal")
            out += portal_steps(db, rows, log)
            log(f"[{rows:,}] first answers and charts")
            out += answers.first_answer_steps(db, rows, log) + answers.chart_steps(db, log)
        if report:
            out += paper.paper_steps(db, rows, log)
    return out


def bench_demo(*, report: bool, shared: str | None = None, log=print) -> list[Measurement]:
    """What a user of `make demo`'s store waits for: command start-up, first answers at every level,
    charts and the paper (issue 20's targets "on the demo")."""
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-demo-") as tmp:
        db = str(Path(tmp) / "demo.duckdb")
        log("[demo] building the demo store")
        run_task("demo_store", db=db, shared=shared)
        log("[demo] start-up, first answers, charts")
        out = answers.startup_steps(db, log) + answers.first_answer_steps(db, 0, log) + answers.chart_steps(db, log)
        if report:
            out += paper.paper_steps(db, 0, log)
    return out


def _ingest_steps(folder: Path, rows: int, postgres_url: str | None, log) -> list[Measurement]:
    """Both ingests on files generated into ``folder``; the records are left in ``folder/store.duckdb``
    (and as Parquet in ``folder/records/parquet``), the input CSV files deleted."""
    log(f"[{rows:,}] generating police.uk files")
    files = [str(p) for p in write_police_uk_files(folder / "data", rows)]
    log(f"[{rows:,}] ingest police.uk")
    out = ingest.police_uk_steps(folder, files, rows, postgres_url)
    for name in files:
        os.remove(name)
    log(f"[{rows:,}] generating canonical records")
    csvs, _ = write_record_files(folder / "records", rows)
    out += ingest.records_steps(folder, [str(p) for p in csvs], rows, str(folder / "store.duckdb"), log)
    for f in csvs:
        os.remove(f)
    return out


def machine() -> dict:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = platform.processor() or ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem, 1), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def run_suite(sizes: tuple[int, ...], out_dir: Path, *, spark_master: str | None, portal: bool = True,
              report: bool = True, postgres_url: str | None = None, shared: str | None = None,
              log=print) -> dict:
    results: dict[str, Any] = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "commit": _commit(),
               "machine": machine(), "duckdb": duckdb.__version__, "sizes": {}}
    started = time.perf_counter()

    def stamped(message: str) -> None:   # minutes since the start: where the suite's time goes
        log(f"{(time.perf_counter() - started) / 60:5.1f} min {message}")

    if portal:
        demo = bench_demo(report=report, shared=shared, log=stamped)
        results["demo"] = [m.to_dict() for m in demo]
        log(markdown_table(demo, 0, DEMO_TITLE))

    for rows in sizes:
        ms = bench_size(rows, spark_master=spark_master, portal=portal, report=report,
                        postgres_url=postgres_url if rows == sizes[0] else None, log=stamped)
        results["sizes"][str(rows)] = [m.to_dict() for m in ms]
        log(markdown_table(ms, rows))
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"bench-{datetime.now():%Y%m%d-%H%M%S}-{results['commit'] or 'nogit'}.json"
    results["minutes"] = round((time.perf_counter() - started) / 60, 1)
    path.write_text(json.dumps(results, indent=2))
    results["path"] = str(path)
    return results


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None
