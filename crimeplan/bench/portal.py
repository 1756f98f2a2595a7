"""The portal benchmark: p50/p95 latency and throughput of ``crimeplan serve`` under closed-loop
users (wrk when installed, else an asyncio httpx generator), beside the raw time of the queries
under its pages and a floor server that does no work, loaded the same way in the same run.

The task runs in its own process (``crimeplan.bench.process``), whose peak memory is reported:
it imports what it uses inside itself, so the process loads nothing else."""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from crimeplan.bench.measurement import PORTAL_USERS, Measurement
from crimeplan.bench.process import run_task

USERS = (20, 100)
PORTAL_SECONDS = 10.0
PORTAL_MAX_ROWS = 10_000_000
"""The portal is loaded up to this size (its target is set at 10 million records; its pages are
cached, so larger stores change only their first, uncached answers)."""

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
    import httpx  # in the task's process only (its peak memory is measured)

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
    from crimeplan.metrics import compute_plan  # in the task's process only (its peak memory is measured)
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
    import asyncio  # in the task's process only (its peak memory is measured)

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
    import asyncio  # in the task's process only (its peak memory is measured)

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


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, max(0, math.ceil(q * len(values)) - 1))]



def portal_steps(db: str, rows: int, log) -> list[Measurement]:
    """The portal's latency at each number of users and its first answers (none when it fails)."""
    try:
        w = run_task("portal", db=db, users=list(USERS), floor=False)
    except RuntimeError as exc:
        log(f"  portal skipped: {exc}")
        return []
    out = [Measurement(PORTAL_USERS.format(n), u["requests"], PORTAL_SECONDS, peak_mb=w["peak_mb"],
                       extra={k: round(v, 1) if isinstance(v, float) else v for k, v in u.items()})
           for n, u in w["users"].items()]
    return [*out, Measurement("portal, first (uncached) answers", 0, 0.0, peak_mb=w["peak_mb"],
                              extra={f"ms {p}": v for p, v in w["first_ms"].items()})]
