"""The sign-in flood benchmark (issue 19: "sign-in floods do not slow signed-in users by more than
2x"): a signed-in user's API request on ``crimeplan serve``, timed with no sign-in traffic (the
reference) and while anonymous clients post wrong passwords as fast as they are answered, in
alternating rounds of the same run so that the machine's load falls on both alike.

The server is a real ``crimeplan serve`` process on a port the OS chooses, on a fresh store holding
the demo plan's deliverables and one analyst account."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from crimeplan.bench.measurement import PLAN, Measurement
from crimeplan.plan import load_plan
from crimeplan.store import open_store
from crimeplan.workflow import users
from crimeplan.workflow.deliverables import ensure_plan
from crimeplan.workflow.settings import load_settings

FLOODERS = 4
"""Anonymous clients posting wrong passwords at once (the attack issue 19 measured: four loops)."""
ROUNDS = 4
"""Alternating quiet and flooded rounds; the result is the median of the rounds' ratios."""
REQUESTS_PER_ROUND = 40
SIGNED_IN_PATH = "/api/workflow/deliverables"
USER, PASSWORD = "bench.analyst", "a long benchmark password"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+")


def bench_signin(rounds: int = ROUNDS) -> list[Measurement]:
    """The signed-in request's median time while flooded, beside its median with no flood."""
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-") as tmp:
        db = str(Path(tmp) / "signin.duckdb")
        with open_store(db) as store:
            ensure_plan(store, load_plan(PLAN), actor="bench")
            users.add_user(store, USER, "analyst", actor="bench", settings=load_settings(), password=PASSWORD)
        server = _serve(db)
        try:
            base = _address(server)
            quiet, flooded, attempts = _rounds(base, rounds)
        finally:
            server.terminate()
            server.wait(30)
    ratios = [f / q for q, f in zip(quiet, flooded, strict=True)]
    return [Measurement(f"signed-in {SIGNED_IN_PATH}, {FLOODERS} sign-in floods", REQUESTS_PER_ROUND * rounds,
                        statistics.median(flooded), reference="the same request, no sign-in traffic",
                        reference_seconds=statistics.median(quiet),
                        extra={"median ms": round(statistics.median(flooded) * 1000, 1),
                               "reference median ms": round(statistics.median(quiet) * 1000, 1),
                               "slow-down (median of rounds)": round(statistics.median(ratios), 2),
                               "flood attempts answered": attempts, "rounds": rounds})]


def _serve(db: str) -> subprocess.Popen:
    env = {**os.environ, "CRIMEPLAN_COOKIE_SECURE": "false"}
    return subprocess.Popen([sys.executable, "-m", "crimeplan", "--db", db, "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def _address(server: subprocess.Popen) -> str:
    assert server.stdout is not None
    for line in server.stdout:
        match = _ADDRESS.search(line)
        if match:
            threading.Thread(target=server.stdout.read, daemon=True).start()  # keep the pipe drained
            return match.group(0)
    raise RuntimeError("crimeplan serve ended before it printed its address")


def _csrf(client: httpx.Client) -> str:
    match = _CSRF.search(client.get("/login").text)
    if match is None:
        raise RuntimeError("the sign-in page has no CSRF field")
    return match.group(1)


def _median_seconds(client: httpx.Client) -> float:
    times = []
    for _ in range(REQUESTS_PER_ROUND):
        started = time.perf_counter()
        response = client.get(SIGNED_IN_PATH)
        times.append(time.perf_counter() - started)
        response.raise_for_status()
    return statistics.median(times)


def _flood(base: str, stop: threading.Event, answered: list[int], n: int) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        while not stop.is_set():
            client.post("/login", data={"username": USER, "password": f"wrong password {n}",
                                        "csrf_token": _csrf(client)})
            answered.append(1)


def _rounds(base: str, rounds: int) -> tuple[list[float], list[float], int]:
    quiet: list[float] = []
    flooded: list[float] = []
    answered: list[int] = []
    with httpx.Client(base_url=base, timeout=120) as me:
        signed = me.post("/login", data={"username": USER, "password": PASSWORD, "csrf_token": _csrf(me)})
        if signed.status_code != 303:
            raise RuntimeError(f"the benchmark's sign-in was answered {signed.status_code}")
        _median_seconds(me)  # warm
        for _ in range(rounds):
            quiet.append(_median_seconds(me))
            stop = threading.Event()
            flooders = [threading.Thread(target=_flood, args=(base, stop, answered, n)) for n in range(FLOODERS)]
            for t in flooders:
                t.start()
            time.sleep(1.0)
            flooded.append(_median_seconds(me))
            stop.set()
            for t in flooders:
                t.join(150)
    return quiet, flooded, len(answered)
