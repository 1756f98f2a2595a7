"""What a user waits for (issue 20): a command's start-up, each page's first answer at each area
level, and a chart's render time, each beside its reference measured in the same run.

* **Start-up**: ``crimeplan --help`` and the read commands (``status``, ``milestones``, ``outcomes``)
  timed as a user runs them, in a new process each time (the median of ``STARTUP_REPEATS``), beside
  ``python -c "import duckdb"``. A command's start-up overhead is its time less the time of its work,
  measured by invoking the same command inside an already started Python (``click``'s runner, its
  modules imported by a first run on a copy of the store).
* **First answers**: every page type at the force and one area of each level below it, signed in as
  an analyst (sub-force pages are not public when the area breaks down into small areas). Each page
  is asked of a new portal (``build_app``: its caches empty, as after a load) in a process where the
  portal and the chart renderer have already run, as in a running server. Reference: the
  ``compute_plan`` under the page, called directly for the same area.
* **Charts**: every milestone's SPC chart rendered in a new process: the first (the renderer, a
  JavaScript engine, starts) and each later one.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from crimeplan import settings
from crimeplan.bench.measurement import (
    BRIEFING,
    CHARTS,
    FIRST_ANSWERS,
    NOTHING_STORED,
    PLAN,
    SERVER_ERRORS,
    STARTUP,
    Measurement,
)
from crimeplan.bench.process import run_task

STARTUP_REPEATS = 5
"""New processes timed per command; the median is reported (one slow start on a shared machine
should not decide a target)."""

READ_COMMANDS = {
    "status": ["status", "--format", "json"],
    "milestones": ["milestones", "--plan", PLAN, "--briefing-date", BRIEFING.isoformat(), "--format", "json"],
    "outcomes": ["outcomes", "--plan", PLAN, "--briefing-date", BRIEFING.isoformat(), "--format", "json"],
}
"""The read commands whose start-up is measured (issue 20 item 1), and their arguments."""

PAGES = ("/", "/milestones", "/outcomes", "/area", "/measures/{measure}", "/measures/{measure}/chart.svg",
         "/compare", "/deliverables", "/surveys", "/status", "/areas")
"""Every page type of the portal (its exports answer from the same results)."""

ANALYST, PASSWORD = "bench.analyst", "a long benchmark password"
FORCE = "west-midlands"



# -- the demo store ------------------------------------------------------------------------------
def task_demo_store(db: str, shared: str | None = None) -> dict:
    """The store `make demo` builds: the demo force, and (when the real data folder is there) City of
    London's police.uk months and the national LSOA lookup (its 35,000 areas matter to the portal)."""
    started = time.perf_counter()
    _cli(db, "demo", "--no-serve")
    real = Path(shared or "") / "data" / "real"
    city = real / "policeuk_city-of-london_street_2014-09_to_2021-12" / "from_joshiain-LondonCrimeViz"
    lookup = real / "reference_lsoa-to-force-lookup_census2011-population" / "PoliceforceLSOA.csv"
    if shared and city.is_dir() and lookup.is_file():
        _cli(db, "ingest", "police-uk", str(city))
        _cli(db, "ingest", "areas", str(lookup))
    return {"seconds": time.perf_counter() - started, "rows": 0, "real_data": bool(shared and lookup.is_file())}


def _cli(db: str, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "crimeplan", "--db", db, *args], check=True, capture_output=True)


# -- start-up ------------------------------------------------------------------------------------
def _median_wall(argv: list[str], env: dict[str, str], repeats: int = STARTUP_REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


WORK_TIMER = """import json, sys, time
from click.testing import CliRunner
from crimeplan.cli import cli
warm, db, args = sys.argv[1], sys.argv[2], sys.argv[3:]
runner = CliRunner()
runner.invoke(cli, ["--db", warm, *args], catch_exceptions=False)
started = time.perf_counter()
done = runner.invoke(cli, ["--db", db, *args], catch_exceptions=False)
print(json.dumps({"seconds": time.perf_counter() - started, "exit_code": done.exit_code}))
"""
"""A command's work: invoked once on a copy of the store (its modules imported, as in a started
Python), then timed on the store itself (run as a script: the benchmark does not import the CLI)."""

STORED_COMMANDS = ("milestones", "outcomes")
"""The read commands that keep their results between processes (crimeplan.commands.stored_results):
timed with a results folder (the first of the runs stores, the later ones read: the median is a
run that reads) and again with ``results_cache=off``, as the first run after a load computes."""

def task_startup(db: str) -> dict:
    """Each command's median wall time in new processes, and the time of its work alone."""
    reference = _median_wall([sys.executable, "-c", "import duckdb"], dict(os.environ))
    folder = Path(db).with_name("startup-results")
    stored = {**os.environ, settings.BY_NAME["results_cache"].env: str(folder)}
    out: dict[str, Any] = {"reference_seconds": reference,
                           "help_seconds": _median_wall([sys.executable, "-m", "crimeplan", "--help"], stored)}
    warm = str(Path(db).with_name("startup-warm.duckdb"))
    shutil.copyfile(db, warm)
    for name, args in READ_COMMANDS.items():
        out[name] = _command(name, args, db, warm, stored)
        if name in STORED_COMMANDS:
            off = {**os.environ, settings.BY_NAME["results_cache"].env: "off"}
            out[name + NOTHING_STORED] = _command(name, args, db, warm, off)
    Path(warm).unlink()
    shutil.rmtree(folder, ignore_errors=True)
    return out


def _command(name: str, args: list[str], db: str, warm: str, env: dict[str, str]) -> dict[str, float]:
    import json

    wall = _median_wall([sys.executable, "-m", "crimeplan", "--db", db, *args], env)
    timed = subprocess.run([sys.executable, "-c", WORK_TIMER, warm, db, *args], check=True, capture_output=True,
                           text=True, env=env)
    work = json.loads(timed.stdout.strip().splitlines()[-1])
    if work["exit_code"] != 0:
        raise RuntimeError(f"crimeplan {name} failed (exit {work['exit_code']})")
    return {"seconds": wall, "work_seconds": work["seconds"], "overhead_seconds": max(0.0, wall - work["seconds"])}


def startup_steps(db: str, log) -> list[Measurement]:
    try:
        r = run_task("startup", db=db)
    except RuntimeError as exc:
        log(f"  start-up skipped: {exc}")
        return []
    ref, reference = r["reference_seconds"], 'python -c "import duckdb"'
    out = [Measurement(STARTUP.format("crimeplan --help"), 0, r["help_seconds"], reference, ref)]
    for name in [n for c in READ_COMMANDS for n in (c, c + NOTHING_STORED) if n in r]:
        c = r[name]
        out.append(Measurement(STARTUP.format(f"crimeplan {name}"), 0, c["seconds"], reference, ref,
                               extra={"overhead s": round(c["overhead_seconds"], 3),
                                      "work s": round(c["work_seconds"], 3)}))
    return out


# -- first answers -------------------------------------------------------------------------------
def task_add_analyst(db: str) -> dict:
    """An analyst account to sign in with (sub-force pages need one once small areas are loaded)."""
    from crimeplan.store import open_store
    from crimeplan.workflow import users
    from crimeplan.workflow.settings import load_settings

    with open_store(db) as store:
        if users.find_user(store, ANALYST) is None:
            users.add_user(store, ANALYST, "analyst", actor="bench", settings=load_settings(), password=PASSWORD)
    return {"seconds": 0.0, "rows": 0}


def _areas_by_level(db: str) -> dict[str, str]:
    """The force and the first area (by name) of each level under it, as ``LEVEL:CODE``; of the small
    areas (which the national lookup lists whether or not they have data), the first with crimes."""
    from crimeplan.portal.catalogue import build_catalogue
    from crimeplan.store import open_store
    from crimeplan.store.queries.cube import BENCH_AREAS_WITH_RECORDS

    with open_store(db) as store:
        force = build_catalogue(store).force(FORCE)
        with_records = {row[0] for row in store.fetchall(BENCH_AREAS_WITH_RECORDS, {"force": FORCE})}
    if force is None:
        raise RuntimeError(f"no {FORCE} data in the store")
    chosen = {level: next((a for a in areas if a.code in with_records), areas[0]) for level, areas in force.levels()}
    return {"force": f"force:{FORCE}", **{level: f"{level}:{area.code}" for level, area in chosen.items()}}


def _client(app, cookies=None):
    from starlette.testclient import TestClient

    return TestClient(app, base_url="https://testserver", follow_redirects=False, cookies=cookies)


def _sign_in(app) -> dict[str, str]:
    """The session cookies of the analyst signed in once (sessions live in the store: every portal on it
    built with the same workflow settings, and so the same signing key, accepts them)."""
    import re

    with _client(app) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        if token is None:
            raise RuntimeError("no sign-in form")
        r = client.post("/login", data={"username": ANALYST, "password": PASSWORD, "csrf_token": token.group(1),
                                        "next": "/"})
        if r.status_code != 303:
            raise RuntimeError(f"sign-in answered {r.status_code}")
        return dict(client.cookies)


def task_first_answers(db: str) -> dict:
    """Each page's first answer at each level (ms), each from a new portal, beside compute_plan."""
    from crimeplan.metrics.compute import compute_plan  # in the task's process only
    from crimeplan.plan import load_plan
    from crimeplan.portal.app import build_app
    from crimeplan.portal.service import PortalSettings
    from crimeplan.store import open_store
    from crimeplan.workflow.settings import load_settings

    plan = load_plan(PLAN)
    settings = load_settings()   # one session signing key for every portal below
    measure = next(m.measure for m in plan.milestones.values() if m.measure)
    levels = _areas_by_level(db)
    reference: dict[str, float] = {}
    with open_store(db) as store:
        compute_plan(plan, store, BRIEFING, levels["force"])   # imports and first queries, as a running server
        for level, area in levels.items():
            started = time.perf_counter()
            compute_plan(plan, store, BRIEFING, area)
            reference[level] = time.perf_counter() - started
    _start_chart_renderer()   # a running server has drawn a chart before: time the pages, not its start
    answers: dict[str, dict[str, float]] = {}
    statuses: dict[str, dict[str, int]] = {}
    cookies = None
    for level, area in levels.items():
        answers[level], statuses[level] = {}, {}
        for page in PAGES:
            app = build_app(PortalSettings(db=db, plan=PLAN), settings)
            try:
                cookies = cookies or _sign_in(app)
                with _client(app, cookies) as client:
                    url = page.format(measure=measure) + f"?area={area}&briefing_date={BRIEFING.isoformat()}"
                    started = time.perf_counter()
                    status = client.get(url).status_code
                    ms = 1000 * (time.perf_counter() - started)
            finally:
                app.state.portal.service.close()
            path = page.format(measure=measure)
            answers[level][path], statuses[level][path] = round(ms, 1), status
    return {"seconds": 0.0, "rows": 0, "areas": levels, "answers": answers, "statuses": statuses,
            "reference": reference}


def _start_chart_renderer() -> None:
    """Start vl-convert's JavaScript engine with a chart of no page (the charts' own cache, keyed by
    content, stays empty for the pages' charts)."""
    import vl_convert

    vl_convert.vegalite_to_svg({"data": {"values": [{"x": 0}]}, "mark": "point",
                                "encoding": {"x": {"field": "x", "type": "quantitative"}}})


def first_answer_steps(db: str, rows: int, log) -> list[Measurement]:
    """One measurement per level: its slowest page's first answer, every page's in the notes."""
    try:
        run_task("add_analyst", db=db)
        r = run_task("first_answers", db=db)
    except RuntimeError as exc:
        log(f"  first answers skipped: {exc}")
        return []
    out = []
    for level, pages in r["answers"].items():
        extra: dict[str, Any] = {"area": r["areas"][level], **{f"ms {p}": v for p, v in pages.items()}}
        other = {p: s for p, s in r["statuses"][level].items() if s != 200}   # e.g. 404: too few months for a chart
        extra.update({f"HTTP {p}": s for p, s in other.items()})
        extra[SERVER_ERRORS] = sum(s >= 500 for s in other.values())
        out.append(Measurement(FIRST_ANSWERS.format(level), rows, max(pages.values(), default=0) / 1000,
                               "compute_plan for the area", r["reference"][level], r["peak_mb"], extra))
    return out


# -- charts --------------------------------------------------------------------------------------
def task_charts(db: str) -> dict:
    """Every milestone's SPC chart rendered in this new process: the first, then the others (ms)."""
    from crimeplan.metrics.compute import compute_plan  # in the task's process only
    from crimeplan.plan import load_plan
    from crimeplan.spc.chart import spc_chart_svg
    from crimeplan.store import open_store

    plan = load_plan(PLAN)
    with open_store(db) as store:
        result = compute_plan(plan, store, BRIEFING, None)
    times = []
    for series in result.series.values():
        if series.spc is None:
            continue
        started = time.perf_counter()
        spc_chart_svg(series.spc, dates=list(series.months), title=series.measure, y_label="offences a month")
        times.append(1000 * (time.perf_counter() - started))
    if len(times) < 2:
        raise RuntimeError("fewer than two SPC series to draw")
    return {"seconds": sum(times) / 1000, "rows": len(times), "first_ms": times[0],
            "later_median_ms": statistics.median(times[1:]), "later_max_ms": max(times[1:])}


def chart_steps(db: str, log) -> list[Measurement]:
    try:
        r = run_task("charts", db=db)
    except RuntimeError as exc:
        log(f"  charts skipped: {exc}")
        return []
    return [Measurement(CHARTS, r["rows"], r["later_max_ms"] / 1000, "the first chart (the renderer starts)",
                        r["first_ms"] / 1000, r["peak_mb"],
                        {"first ms": round(r["first_ms"], 1), "later median ms": round(r["later_median_ms"], 1),
                         "later max ms": round(r["later_max_ms"], 1)})]
