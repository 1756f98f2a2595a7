"""Benchmarks (``crimeplan bench``, ``make bench``): never part of the test suite.

Each measurement is printed beside a reference measured in the same run on the same files, as a
ratio, so results compare across machines and commits:

=========================== =====================================================================
measurement                 reference
=========================== =====================================================================
ingest police.uk / records  raw DuckDB ``read_csv`` of the same files into a table; pandas
                            ``read_csv`` of the same files
cube build (DuckDB, Spark)  one hand-written DuckDB ``GROUP BY`` of the records
full plan refresh           the same hand-written ``GROUP BY`` (every milestone, outcome rate and
                            SPC series of the demo plan for every area)
portal latency              none (p50/p95 and requests/s at 20 and 100 concurrent users)
=========================== =====================================================================

Every measurement runs in its own Python process, which reports its wall time and its peak
resident memory (VmHWM; the Spark JVMs and the portal server, separate processes, are not
counted). Data sets are generated deterministically into a temporary folder and deleted afterwards.
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

ROWS_PER_FILE = 250_000
"""police.uk rows per monthly file (a big force publishes ~25,000 a month; files this size keep
the number of files small at 50 million rows)."""

CHUNK_ROWS = 2_500_000
"""Canonical records per generated file (bounds the generator's memory)."""

DEMO_MONTHS = 60
DEMO_START = date(2009, 4, 1)
"""The demo force's five financial years, April 2009 – March 2014 (crimeplan.demo)."""

BRIEFING = date(2014, 4, 1)
PLAN = "wmp-2013-14"
SIZES = (1_000_000, 10_000_000, 50_000_000)
QUICK_SIZES = (1_000_000,)
USERS = (20, 100)
PORTAL_SECONDS = 10.0
PANDAS_MAX_ROWS = 1_000_000
"""The pandas reference is left out above this: raw DuckDB is the reference the targets name, and
pandas took 38 s at 10 million rows (about five minutes at 50) of a suite that must end within 30."""
PORTAL_MAX_ROWS = 10_000_000
"""The portal is loaded up to this size (its target is set at 10 million records; its pages are
cached, so larger stores change only their first, uncached answers)."""


# Names of the measurements the targets are judged on (crimeplan.bench_report).
INGEST_POLICE_UK = "crimeplan ingest police-uk, DuckDB"
INGEST_RECORDS = "crimeplan ingest records, DuckDB"
CUBE_DUCKDB = "cube build, DuckDB"
CUBE_SPARK = "cube build, Spark"
PLAN_REFRESH = "full plan refresh (refresh_plan, every area)"
PORTAL_USERS = "portal, {} users"
TARGET_P95 = "p95_ms / and /milestones"   # the key _load_users gives p95 over TARGET_PATHS
"""The portal's p95 over the pages its target names (TARGET_PATHS)."""


@dataclass(frozen=True)
class Measurement:
    name: str
    rows: int
    seconds: float
    reference: str | None = None
    reference_seconds: float | None = None
    peak_mb: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def ratio(self) -> float | None:
        """Time of the reference ÷ time of this (1.0 = as fast; 0.5 = half the speed)."""
        if not self.reference_seconds or not self.seconds:
            return None
        return self.reference_seconds / self.seconds

    def to_dict(self) -> dict:
        return {**asdict(self), "rate": round(self.rate), "ratio": self.ratio}


# -- data sets ------------------------------------------------------------------------------------
def write_police_uk_files(folder: Path, rows: int, force: str = "west-midlands") -> list[Path]:
    """Deterministic police.uk street files in the archive layout, ROWS_PER_FILE rows a month."""
    jobs = []
    for i, start in enumerate(range(0, rows, ROWS_PER_FILE)):
        month = f"{2010 + i // 12}-{i % 12 + 1:02d}"
        jobs.append((folder / month / f"{month}-{force}-street.csv", min(ROWS_PER_FILE, rows - start), i, force, month))
    return _in_parallel(_write_police_uk_file, jobs)


def _write_police_uk_file(path: Path, n: int, seed: int, force: str, month: str) -> Path:
    import pyarrow.csv as pacsv

    from crimeplan.demo import police_uk_rows
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


PARQUET_ROW_GROUP = 262_144
"""Rows per Parquet row group of the generated records: Spark reads a row group per task, so a 1 M
file of one row group kept one of the two executors idle."""


def _write_record_file(folder: Path, i: int, n: int, first: int, months: int, force: str) -> tuple[Path, Path]:
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from crimeplan.demo import generate_records
    from crimeplan.periods import add_months
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
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        return list(pool.map(fn, *zip(*jobs, strict=True)))


def _first(cur: duckdb.DuckDBPyConnection) -> Any:
    """The first value of the one row a query returns."""
    row = cur.fetchone()
    assert row is not None, "the query returns one row"
    return row[0]


# -- tasks (each runs in a child process: python -m crimeplan.bench TASK JSON) -------------------------
def task_raw_duckdb_csv(files: list[str], db: str) -> dict:
    import duckdb

    from crimeplan.store.queries import cube as q
    con = duckdb.connect(db)
    started = time.perf_counter()
    con.execute(q.BENCH_RAW_READ_CSV, {"files": files})
    seconds = time.perf_counter() - started
    rows = _first(con.execute(q.BENCH_RAW_COUNT))
    con.close()
    return {"seconds": seconds, "rows": rows}


def task_pandas_csv(files: list[str]) -> dict:
    import pandas as pd
    rows = 0
    started = time.perf_counter()
    for f in files:
        rows += len(pd.read_csv(f, dtype=str, keep_default_na=False))
    return {"seconds": time.perf_counter() - started, "rows": rows}


def task_ingest_police_uk(folder: str, db: str) -> dict:
    from crimeplan.loads import ingest_police_uk
    from crimeplan.store import open_store
    store = open_store(db)
    started = time.perf_counter()
    summary = ingest_police_uk(store, [folder], loaded_by="bench")
    seconds = time.perf_counter() - started
    rows = sum(f["rows_in"] for f in summary.files)
    store.close()
    return {"seconds": seconds, "rows": rows}


def task_ingest_records(files: list[str], db: str) -> dict:
    from crimeplan.loads import ingest_records
    from crimeplan.store import open_store
    store = open_store(db)
    started = time.perf_counter()
    rows = sum(ingest_records(store, f, loaded_by="bench")["rows_in"] for f in files)
    seconds = time.perf_counter() - started
    store.close()
    return {"seconds": seconds, "rows": rows}


def task_load_demo_areas(db: str) -> dict:
    """The demo force's area hierarchy (the records' LSOAs roll up to LPUs, LAs and the force)."""
    from crimeplan.demo import generate_demo
    from crimeplan.loads import replace_areas
    from crimeplan.store import open_store
    areas = generate_demo(2014).areas
    store = open_store(db)
    started = time.perf_counter()
    replace_areas(store, areas)
    store.close()
    return {"seconds": time.perf_counter() - started, "rows": areas.num_rows}


def task_reference_group_by(db: str) -> dict:
    import duckdb

    from crimeplan.store.queries import cube as q
    con = duckdb.connect(db)
    started = time.perf_counter()
    con.execute(q.BENCH_REFERENCE_GROUP_BY)
    seconds = time.perf_counter() - started
    rows = _first(con.execute(q.BENCH_RECORDS_COUNT))
    con.execute(q.BENCH_DROP_REFERENCE)
    con.close()
    return {"seconds": seconds, "rows": rows}


def task_cube_store(db: str) -> dict:
    from crimeplan.metrics.cube import build_cube
    from crimeplan.store import open_store
    store = open_store(db)
    build = build_cube(store)
    store.close()
    return {"seconds": build.seconds, "rows": build.records, "cube_rows": build.cube_rows}


def task_cube_spark(db: str, source: str, master: str) -> dict:
    """The Spark build, checked against the cube the store built (kept aside first)."""
    from crimeplan.engines.spark import build_cube_spark
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


def task_plan_refresh(db: str, plan: str = PLAN) -> dict:
    """Every milestone, outcome rate and SPC series of ``plan`` for every area (refresh_plan)."""
    from crimeplan.metrics.refresh import refresh_plan
    from crimeplan.plan import load_plan
    from crimeplan.store import open_store
    store = open_store(db)
    the_plan = load_plan(plan)
    started = time.perf_counter()
    figures = refresh_plan(store, the_plan, BRIEFING)
    seconds = time.perf_counter() - started
    rows = store.count("crimes")
    store.close()
    series = sum(len(f.series) for f in figures.values())
    return {"seconds": seconds, "rows": rows, "areas": len(figures), "series": series, "failed": {}}


PORTAL_PATHS = ["/", "/milestones", "/outcomes", "/measures/vwi", "/measures/vwi/chart.svg"]

FLOOR_BYTES = 30_000
"""Size of the floor server's constant answer: about an overview page."""

FLOOR_APP = """import uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route
BODY = b"x" * {size}
def page(request):
    return Response(BODY, media_type="text/html")
uvicorn.run(Starlette(routes=[Route("/{path:path}", page)]), host="127.0.0.1", port={port}, log_level="warning")
"""
"""The floor: the same server stack (uvicorn, Starlette, a sync endpoint in the thread pool)
answering a constant page with no work at all, loaded the same way in the same run."""


def task_portal(db: str, users: list[int], seconds: float = PORTAL_SECONDS, floor: bool = True) -> dict:
    """p50/p95 latency and throughput of `crimeplan serve` on 127.0.0.1 for each number of users
    (closed loop: each user asks again as soon as it is answered), overall and per page; the first
    (uncached) answer of each page; and, as references measured in the same run, the raw time of
    the queries under the pages (``compute_plan`` called directly, and the data-version query every
    page request makes) and the floor (``FLOOR_APP`` under the same load). The references are also
    copied into each ``users`` entry, so the suite prints them beside the portal's figures."""
    queries = _portal_query_times(db)   # before the server starts: DuckDB lets one process open the file
    serve = f"from crimeplan.portal.app import serve; serve(db={db!r}, host='127.0.0.1', port={{port}})"
    first_ms, out = _portal_run(serve, users, seconds, first=True)
    reference = {"compute_plan_ms": queries["compute_plan_first_ms"], "data_version_ms": queries["data_version_ms"]}
    if floor:
        _, floors = _portal_run(FLOOR_APP.replace("{size}", str(FLOOR_BYTES)), users, seconds, first=False)
        for n, f in floors.items():
            out[n].update({"floor_p50_ms": f["p50_ms"], "floor_p95_ms": f["p95_ms"],
                           "floor_requests_per_s": f["requests_per_s"]})
    for entry in out.values():
        entry.update(reference)
    return {"seconds": seconds * len(users) * (2 if floor else 1), "rows": 0, "users": out, "first_ms": first_ms,
            "queries": queries}


def _portal_run(code: str, users: list[int], seconds: float, *, first: bool) -> tuple[dict, dict]:
    """Start ``code`` (with ``{port}`` filled in) in a new Python, time each page's first answer
    (when ``first``), then load it with each number of users."""
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-c", code.replace("{port}", str(port))],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/static/portal.css", timeout=60).status_code < 500:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the portal did not start")
            time.sleep(0.5)
        first_ms: dict = {}
        with httpx.Client(timeout=600) as client:
            for p in PORTAL_PATHS:   # warm every page once: its first, uncached answer
                started = time.perf_counter()
                status = client.get(base + p).status_code
                if first:
                    first_ms[p] = round(1000 * (time.perf_counter() - started), 1) if status < 400 else f"HTTP {status}"
        return first_ms, {str(n): _load_users(base, n, seconds) for n in users}
    finally:
        server.terminate()
        server.wait(timeout=30)


PORTAL_VERSION_READS = 200
"""Data-version queries timed for the reference (each well under a millisecond)."""


def _portal_query_times(db: str) -> dict:
    """The queries under the overview and milestone pages, timed directly: ``compute_plan`` for the
    page's default plan, area and briefing date (first call, then again), and the data version."""
    from crimeplan.metrics import compute_plan
    from crimeplan.portal.params import parse_query
    from crimeplan.portal.service import PortalService, PortalSettings

    service = PortalService(PortalSettings(db=db))
    try:
        q = parse_query({}, service)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            compute_plan(q.plan, service.store, q.briefing_date, q.area, view=q.view)
            times.append(round(1000 * (time.perf_counter() - started), 1))
        started = time.perf_counter()
        for _ in range(PORTAL_VERSION_READS):
            service.data_version()
        version_ms = 1000 * (time.perf_counter() - started) / PORTAL_VERSION_READS
        return {"compute_plan_first_ms": times[0], "compute_plan_again_ms": times[1],
                "data_version_ms": round(version_ms, 3), "area": q.area.key,
                "briefing_date": q.briefing_date.isoformat()}
    finally:
        service.close()


TARGET_PATHS = ("/", "/milestones")
"""The pages the portal's latency target names (issue 5: the overview and the milestone page)."""

WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "errors": %%d, "seconds": %%f, "p50_ms": %%f, "p95_ms": %%f}\\n',
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""
"""wrk's Lua: the paths in turn, then one JSON line of the totals (wrk times in microseconds)."""


def _load_users(base: str, users: int, seconds: float) -> dict:
    """The load of ``users`` closed-loop users: with wrk (one thread, written in C, so the load
    generator takes little of the two cores from the server) when it is installed, over every
    page and then over the target pages alone; else with the asyncio httpx generator below."""
    import asyncio
    import shutil

    if not shutil.which("wrk"):
        return {**asyncio.run(_load(base, PORTAL_PATHS, users, seconds)), "generator": "httpx"}
    every = _wrk(base, PORTAL_PATHS, users, seconds)
    target = _wrk(base, TARGET_PATHS, users, seconds)
    return {**every, "generator": "wrk", **{f"{k} {' and '.join(TARGET_PATHS)}": v for k, v in target.items()
                                              if k in ("p50_ms", "p95_ms", "requests_per_s")}}


def _wrk(base: str, paths: tuple[str, ...] | list[str], users: int, seconds: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    try:
        done = subprocess.run(["wrk", "-t1", f"-c{users}", f"-d{max(1, round(seconds))}s", "--timeout", "60s",
                               "-s", f.name, base + "/"], capture_output=True, text=True, check=True)
    finally:
        os.remove(f.name)
    line = next(x for x in done.stdout.splitlines() if x.startswith("{"))
    r = json.loads(line)
    return {"requests": r["requests"], "errors": r["errors"], "requests_per_s": r["requests"] / r["seconds"],
            "p50_ms": r["p50_ms"], "p95_ms": r["p95_ms"]}


async def _load(base: str, paths: list[str], users: int, seconds: float) -> dict:
    import asyncio

    import httpx

    latencies: list[float] = []
    by_path: dict[str, list[float]] = {p: [] for p in paths}
    errors = 0
    stop = time.monotonic() + seconds

    async def user(i: int, client: httpx.AsyncClient) -> None:
        nonlocal errors
        k = i
        while time.monotonic() < stop:
            path = paths[k % len(paths)]
            started = time.perf_counter()
            try:
                r = await client.get(base + path)
                if r.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - started)
            by_path[path].append(latencies[-1])
            k += 1

    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        await asyncio.gather(*(user(i, client) for i in range(users)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    per_path = {}   # flat numeric keys ("p95_ms /milestones"), as the suite rounds every value
    for path, values in by_path.items():
        values.sort()
        per_path[f"p50_ms {path}"] = 1000 * _quantile(values, 0.50)
        per_path[f"p95_ms {path}"] = 1000 * _quantile(values, 0.95)
    return {"requests": len(latencies), "errors": errors, "requests_per_s": len(latencies) / elapsed,
            "p50_ms": 1000 * _quantile(latencies, 0.50), "p95_ms": 1000 * _quantile(latencies, 0.95),
            **per_path}


def task_report_pdf(db: str) -> dict:
    """The board paper as PDF through `crimeplan report` (when that command exists)."""
    out = Path(db).with_suffix(".pdf")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crimeplan", "--db", db, "report", "--plan", PLAN,
                           "--briefing-date", BRIEFING.isoformat(), "--format", "pdf", "--output", str(out)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError((done.stderr or done.stdout).strip().splitlines()[-1:] or "report failed")
    return {"seconds": seconds, "rows": 0, "bytes": out.stat().st_size}


TASKS = {name.removeprefix("task_"): fn for name, fn in dict(globals()).items() if name.startswith("task_")}


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]


def run_task(name: str, **kwargs) -> dict:
    """Run one task in a fresh Python process; its result with peak memory (MB) added."""
    done = subprocess.run([sys.executable, "-m", "crimeplan.bench", name, json.dumps(kwargs)],
                          capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"bench task {name} failed: {' | '.join(tail)}")
    return json.loads(lines[-1])


def _child(name: str, kwargs: str) -> None:
    result = TASKS[name](**json.loads(kwargs))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({**result, "peak_mb": round(_peak_rss_mb(), 1), "children_peak_mb": round(children, 1)},
                     default=str))


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started (VmHWM). Not getrusage's ru_maxrss,
    which on Linux keeps the parent's peak across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the suite ---------------------------------------------------------------------------------------
def bench_ingest(rows: int, postgres_url: str | None = None) -> list[Measurement]:
    """police.uk ingest rows/s on DuckDB (and PostgreSQL) beside raw DuckDB read_csv and pandas."""
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-") as tmp:
        folder = Path(tmp)
        files = [str(p) for p in write_police_uk_files(folder / "data", rows)]
        return _ingest_police_uk(folder, files, rows, postgres_url)


def _ingest_police_uk(folder: Path, files: list[str], rows: int, postgres_url: str | None) -> list[Measurement]:
    raw = run_task("raw_duckdb_csv", files=files, db=str(folder / "raw.duckdb"))
    os.remove(folder / "raw.duckdb")
    out = [Measurement("raw DuckDB read_csv, police.uk", rows, raw["seconds"], peak_mb=raw["peak_mb"]),
           *_pandas("police.uk", files, rows, raw["seconds"])]
    targets = [(INGEST_POLICE_UK, str(folder / "puk.duckdb"))]
    if postgres_url:
        targets.append(("crimeplan ingest police-uk, PostgreSQL", postgres_url))
    for name, url in targets:
        r = run_task("ingest_police_uk", folder=str(folder / "data"), db=url)
        out.append(Measurement(name, rows, r["seconds"], "raw DuckDB read_csv", raw["seconds"], r["peak_mb"]))
    if (folder / "puk.duckdb").exists():
        os.remove(folder / "puk.duckdb")
    return out


def _pandas(kind: str, files: list[str], rows: int, raw_seconds: float) -> list[Measurement]:
    if rows > PANDAS_MAX_ROWS:
        return []
    pandas = run_task("pandas_csv", files=files)
    return [Measurement(f"pandas read_csv, {kind}", rows, pandas["seconds"], "raw DuckDB read_csv", raw_seconds,
                        pandas["peak_mb"])]


def bench_size(rows: int, *, spark_master: str | None, portal: bool, report: bool,
               postgres_url: str | None = None, log=print) -> list[Measurement]:
    out: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-") as tmp:
        folder = Path(tmp)
        log(f"[{rows:,}] generating police.uk files")
        files = [str(p) for p in write_police_uk_files(folder / "data", rows)]
        log(f"[{rows:,}] ingest police.uk")
        out += _ingest_police_uk(folder, files, rows, postgres_url)
        for name in files:
            os.remove(name)
        log(f"[{rows:,}] generating canonical records")
        csvs, parquets = write_record_files(folder / "records", rows)
        csv_names = [str(p) for p in csvs]
        raw = run_task("raw_duckdb_csv", files=csv_names, db=str(folder / "raw.duckdb"))
        os.remove(folder / "raw.duckdb")
        pandas = _pandas("records", csv_names, rows, raw["seconds"])
        db = str(folder / "store.duckdb")
        log(f"[{rows:,}] ingest records")
        r = run_task("ingest_records", files=csv_names, db=db)
        out += [Measurement("raw DuckDB read_csv, records", rows, raw["seconds"], peak_mb=raw["peak_mb"]),
                *pandas,
                Measurement(INGEST_RECORDS, rows, r["seconds"], "raw DuckDB read_csv",
                            raw["seconds"], r["peak_mb"])]
        for f in csvs:
            os.remove(f)
        run_task("load_demo_areas", db=db)
        log(f"[{rows:,}] cube")
        ref = run_task("reference_group_by", db=db)
        out.append(Measurement("hand-written DuckDB GROUP BY", rows, ref["seconds"], peak_mb=ref["peak_mb"]))
        cube = run_task("cube_store", db=db)
        out.append(Measurement(CUBE_DUCKDB, rows, cube["seconds"], "hand-written GROUP BY",
                               ref["seconds"], cube["peak_mb"], {"cube_rows": cube["cube_rows"]}))
        if spark_master:
            log(f"[{rows:,}] cube on Spark {spark_master}")
            try:
                s = run_task("cube_spark", db=db, source=str(folder / "records" / "parquet"), master=spark_master)
            except RuntimeError as exc:
                log(f"  Spark cube build failed: {exc}")
                s = None
            if s:
                out.append(Measurement(f"{CUBE_SPARK} {spark_master}", rows, s["seconds"],
                                       "hand-written GROUP BY", ref["seconds"], s["peak_mb"],
                                       {"cube_rows": s["cube_rows"],
                                        "rows_differing_from_duckdb_cube": s["rows_differing_from_duckdb_cube"]}))
        log(f"[{rows:,}] full plan refresh")
        p = run_task("plan_refresh", db=db)
        out.append(Measurement(PLAN_REFRESH, rows, p["seconds"],
                               "hand-written GROUP BY", ref["seconds"], p["peak_mb"],
                               {"areas": p["areas"], "spc_series": p["series"]}))
        if portal and rows <= PORTAL_MAX_ROWS:
            log(f"[{rows:,}] portal")
            try:
                w = run_task("portal", db=db, users=list(USERS), floor=False)
                for n, u in w["users"].items():
                    out.append(Measurement(PORTAL_USERS.format(n), u["requests"], PORTAL_SECONDS, peak_mb=w["peak_mb"],
                                           extra={k: round(v, 1) if isinstance(v, float) else v
                                                  for k, v in u.items()}))
                out.append(Measurement("portal, first (uncached) answers", 0, 0.0, peak_mb=w["peak_mb"],
                                       extra={f"ms {p}": v for p, v in w["first_ms"].items()}))
            except RuntimeError as exc:
                log(f"  portal skipped: {exc}")
        if report:
            try:
                rp = run_task("report_pdf", db=db)
                out.append(Measurement("board paper PDF", rows, rp["seconds"], peak_mb=rp["peak_mb"]))
            except RuntimeError as exc:
                log(f"  board paper skipped: {exc}")
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
              report: bool = True, postgres_url: str | None = None, log=print) -> dict:
    import duckdb
    results: dict[str, Any] = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "commit": _commit(),
               "machine": machine(), "duckdb": duckdb.__version__, "sizes": {}}
    started = time.perf_counter()

    def stamped(message: str) -> None:   # minutes since the start: where the suite's time goes
        log(f"{(time.perf_counter() - started) / 60:5.1f} min {message}")

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


def markdown_table(measurements: list[Measurement], rows: int) -> str:
    lines = [f"\n{rows:,} records\n", "| measurement | rows | seconds | rows/s | reference | ref. s | speed vs ref. "
             "| peak MB | notes |", "|---|---:|---:|---:|---|---:|---:|---:|---|"]
    for m in measurements:
        notes = ", ".join(f"{k} {v:,}" if isinstance(v, (int, float)) else f"{k} {v}" for k, v in m.extra.items())
        lines.append(f"| {m.name} | {m.rows:,} | {m.seconds:.2f} | {m.rate:,.0f} | {m.reference or ''} | "
                     f"{'' if m.reference_seconds is None else f'{m.reference_seconds:.2f}'} | "
                     f"{'' if m.ratio is None else f'{m.ratio:.2f}'} | {m.peak_mb or ''} | {notes} |")
    return "\n".join(lines)


def report(measurements: list[Measurement]) -> str:
    """The ingest benchmark as text (``crimeplan bench ingest``)."""
    lines = [f"{'measurement':40} {'rows':>12} {'seconds':>9} {'rows/s':>12} {'× reference':>12} {'peak MB':>8}"]
    for m in measurements:
        ratio = "" if m.ratio is None else f"{m.ratio:.2f}"
        lines.append(f"{m.name:40} {m.rows:>12,} {m.seconds:>9.2f} {m.rate:>12,.0f} {ratio:>12} {m.peak_mb or 0:>8.0f}")
    return "\n".join(lines)


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent, check=True).stdout.strip() or None
    except (OSError, subprocess.CalledProcessError):
        return None


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])


def bench_spc(seed: int = 2014) -> list[Measurement]:
    """SPC for every measure and every rate × every area of the demo plan (XmR on the monthly
    counts, Laney u′ on the monthly detection rates), beside the grouped query that produces the
    monthly counts behind them (the reference, measured in the same run)."""
    import tempfile

    from crimeplan import spc
    from crimeplan.loads.demo import load_demo
    from crimeplan.metrics.milestones import current_window
    from crimeplan.metrics.outcomes import table_rates
    from crimeplan.metrics.refresh import _monthly, _outcome_months
    from crimeplan.plan import load_plan
    from crimeplan.store import open_store

    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-") as tmp:
        store = open_store(str(Path(tmp) / "demo.duckdb"))
        load_demo(store, seed=seed)
        plan = load_plan(PLAN)
        rates = table_rates(plan)
        period = current_window(BRIEFING, "ytd")
        started = time.perf_counter()
        monthly = _monthly(store, plan, list(plan.measures), rates, period.end, None)
        outcomes = _outcome_months(store, plan, rates, period, None)
        queried = time.perf_counter() - started
        store.close()
    started = time.perf_counter()
    analysed = 0
    for key, data in monthly.items():
        for measure, by_month in data["measures"].items():
            months = sorted(by_month)
            spc.analyse([by_month[m] for m in months], dates=[m.isoformat() for m in months],
                        improvement_direction=plan.measures[measure].improvement_direction)
            analysed += 1
        for r in rates:
            months = sorted(m for m in outcomes[key][r.id] if data["measures"][r.denominator_measure].get(m))
            if len(months) >= 2:
                spc.analyse(None, dates=[m.isoformat() for m in months], method="uprime",
                            numerators=[outcomes[key][r.id][m] for m in months],
                            denominators=[data["measures"][r.denominator_measure][m] for m in months])
                analysed += 1
    seconds = time.perf_counter() - started
    return [Measurement("grouped queries for every area's monthly counts (reference)", analysed, queried),
            Measurement(f"SPC of {analysed} series ({len(monthly)} areas × measures and rates)", analysed, seconds,
                        "grouped queries", queried)]
