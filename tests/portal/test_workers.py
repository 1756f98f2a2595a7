"""Several workers: two real ``crimeplan serve`` processes on one PostgreSQL store, behind a
round-robin proxy (tests/portal/proxy.py), as docs/scale.md describes. Both serve the same figures,
a deliverable update saved and approved through one is seen by the other, a load written while they
run changes what both serve, and concurrent writers through the proxy lose nothing."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest

from crimeplan.ingest.police_uk import ingest_police_uk
from crimeplan.periods import add_months
from crimeplan.store import open_store
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import users
from tests.conftest import CITY_2017, ROOT, fresh_postgres_url, require_real_data
from tests.portal.proxy import RoundRobinProxy
from tests.workflow.conftest import PLAN, SETTINGS
from tests.workflow.web import PASSWORD, csrf_of

pytestmark = pytest.mark.postgres

MONTHS = 13  # City of London 2014-09 .. 2015-09; the next month is loaded while the workers run
SECRET = "several-workers-test-secret"  # CRIMEPLAN_SESSION_SECRET, the same for every worker
WORKER_ENV = {"CRIMEPLAN_SESSION_SECRET": SECRET, "CRIMEPLAN_COOKIE_SECURE": "false",
              "CRIMEPLAN_CLIENT_ATTEMPTS_PER_MINUTE": "1000", "PYTHONPATH": str(ROOT)}
WORKP = f"?plan={PLAN.id}"  # the workflow's deliverables are the West Midlands plan's; pages use police-uk
PAGES = ("/", "/overview.json", "/milestones.json", "/outcomes.json", "/status.json", "/areas.json")
WRITERS, SAVES_EACH, MAX_TRIES = 10, 3, 40
CONTENDED = ("B1", "B2", "B3")  # few, so writers collide and versions are refused and retried
START_SECONDS = 90
FORCE = "city-of-london"


@dataclass
class Cluster:
    url: str
    bases: list[str]
    proxy: RoundRobinProxy
    spare: list[Path]  # police.uk files not loaded yet


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(procs: list[subprocess.Popen], bases: list[str], logs: list[Path]) -> None:
    deadline = time.monotonic() + START_SECONDS
    waiting = set(range(len(bases)))
    while waiting:
        for i in sorted(waiting):
            assert procs[i].poll() is None, f"worker {i} exited: {logs[i].read_text()[-2000:]}"
            try:
                if httpx.get(bases[i] + "/status.json", timeout=30).status_code == 200:
                    waiting.discard(i)
            except httpx.TransportError:
                pass
        assert time.monotonic() < deadline, f"workers {sorted(waiting)} did not answer in {START_SECONDS} s"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    require_real_data()
    files = sorted(CITY_2017.glob("*-street.csv"))
    url = fresh_postgres_url()
    with open_store(url) as s:
        ingest_police_uk(s, [str(f) for f in files[:MONTHS]])
        dl.ensure_plan(s, PLAN, actor="setup")
        people = [("lee.lead", "lead", "ACC Local Policing"), ("ann.analyst", "analyst", None),
                  *((f"writer{k:02d}", "analyst", None) for k in range(WRITERS))]
        for name, role, lead in people:
            users.add_user(s, name, role, actor="setup", settings=SETTINGS, password=PASSWORD, lead_name=lead)
    folder = tmp_path_factory.mktemp("workers")
    ports = [_free_port(), _free_port()]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    logs = [folder / f"worker{i}.log" for i in range(2)]
    procs = []
    for port, log in zip(ports, logs):
        with open(log, "wb") as out:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "crimeplan", "--db", url, "serve", "--host", "127.0.0.1",
                 "--port", str(port), "--plan", "police-uk"],
                env={**os.environ, **WORKER_ENV}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT))
    try:
        _wait_until_serving(procs, bases, logs)
        with RoundRobinProxy([("127.0.0.1", p) for p in ports]) as proxy:
            yield Cluster(url, bases, proxy, files[MONTHS:])
    finally:
        for proc in procs:
            proc.terminate()
        stuck = []
        for proc, log in zip(procs, logs):
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
                stuck.append(log)
        assert not stuck, f"workers did not stop on SIGTERM: {[log.read_text()[-1000:] for log in stuck]}"
        for proc, log in zip(procs, logs):  # uvicorn shuts down, then re-raises the signal it caught
            assert proc.returncode in (0, -signal.SIGTERM), log.read_text()[-2000:]


def _get(url: str) -> httpx.Response:
    """One request on a new connection (through the proxy: the next worker in turn)."""
    r = httpx.get(url, timeout=60)
    assert r.status_code == 200, (url, r.status_code, r.text[:500])
    return r


def _body(r: httpx.Response):
    return r.json() if r.headers["content-type"].startswith("application/json") else r.text


def _client(base: str | None = None) -> httpx.Client:
    """A client that opens a new connection per request, so through the proxy it alternates workers."""
    return httpx.Client(base_url=base or "", timeout=60, follow_redirects=False,
                        limits=httpx.Limits(max_keepalive_connections=0))


def _sign_in(c: httpx.Client, base: str, username: str) -> str:
    page = c.get(base + "/login")
    form = {"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
    r = c.post(base + "/login", data=form)
    assert r.status_code == 303, r.text[:500]
    return csrf_of(c.get(base + "/workflow" + WORKP).text)


def test_both_workers_and_the_proxy_serve_the_same_pages(cluster):
    one, two = ({p: _body(_get(base + p)) for p in PAGES} for base in cluster.bases)
    for page in PAGES:
        assert one[page] == two[page], page
    assert one["/milestones.json"]["area"] == f"force:{FORCE}" and one["/milestones.json"]["rows"]
    before = list(cluster.proxy.connections)
    for _ in range(3):  # each request a new connection: the proxy alternates, so both workers answer
        for page in PAGES:
            assert _body(_get(cluster.proxy.url + page)) == one[page], page
    sent = [after - b for after, b in zip(cluster.proxy.connections, before)]
    assert sent == [len(PAGES) * 3 // 2] * 2, sent  # one new connection per request, alternating


def test_an_update_approved_through_one_worker_is_seen_by_the_other(cluster):
    first, second = cluster.bases
    text = f"Hate crime reporting centre opened (worker test {time.time_ns()})"
    with _client() as lead, _client() as analyst:
        token = _sign_in(lead, first, "lee.lead")
        version = lead.get(f"{first}/api/workflow/deliverables/A1{WORKP}").json()["version"]
        r = lead.post(f"{first}/api/workflow/deliverables/A1/updates{WORKP}", headers={"X-CSRF-Token": token},
                      json={"text": text, "status": "on_track", "reason": "Centre open", "version": version})
        assert r.status_code == 201, r.text
        update_id = r.json()["update_id"]
        a_token = _sign_in(analyst, second, "ann.analyst")  # then approves through the first worker:
        # a session made on one worker is good on the other (shared store and signing key)
        pending = analyst.get(f"{second}/workflow/review.json{WORKP}").json()
        assert [u["text"] for u in pending if u["update_id"] == update_id] == [text]
        assert text not in _get(f"{second}/public/deliverables.json{WORKP}").text  # drafts are not public
        r = analyst.post(f"{first}/api/workflow/updates/{update_id}/review",
                         headers={"X-CSRF-Token": a_token}, json={"decision": "approve"})
        assert r.status_code == 200 and r.json()["state"] == dl.APPROVED, r.text
        for base in (second, first):
            shown = analyst.get(f"{base}/api/workflow/deliverables/A1{WORKP}").json()
            assert shown["status"] == "on_track" and text in [u["text"] for u in shown["updates"]], base
            assert shown["version"] == version + 2  # the draft and the approval
            page = analyst.get(f"{base}/workflow/deliverables/A1{WORKP}")
            assert page.status_code == 200 and text in page.text
            public = _get(f"{base}/public/deliverables.json{WORKP}").json()
            a1 = next(d for d in public["deliverables"] if d["deliverable_id"] == "A1")
            assert a1["status"] == "On track" and text in str(a1)


def test_a_load_while_serving_changes_what_both_workers_serve(cluster):
    first, second = cluster.bases
    loaded = sorted(_get(first + "/status.json").json()["forces"][FORCE])
    new_month = cluster.spare[0].name[:7]
    assert f"{new_month}-01" == add_months(date.fromisoformat(loaded[-1] + "-01"), 1).isoformat()
    briefing, later = f"{new_month}-01", add_months(date.fromisoformat(f"{new_month}-01"), 1).isoformat()
    before = {}
    for base in cluster.bases:  # each worker computes and caches the figures of the data it has
        before[base] = _get(base + "/milestones.json").json()
        assert before[base]["briefing_date"] == briefing
        assert _get(base + "/milestones.json").json() == before[base]
        r = httpx.get(base + f"/milestones.json?briefing_date={later}", timeout=60)
        assert r.status_code == 400 and "outside the data" in r.json()["error"]["message"]
    with open_store(cluster.url, migrate=False) as s:
        ingest_police_uk(s, [str(cluster.spare[0])], loaded_by="worker test")
    status = {base: _get(base + "/status.json").json() for base in cluster.bases}
    assert status[first] == status[second] and new_month in status[first]["forces"][FORCE]
    added = status[first]["forces"][FORCE][new_month]["crimes"]
    after = {base: _get(base + "/milestones.json").json() for base in cluster.bases}
    assert after[first] == after[second] and after[first]["briefing_date"] == later  # the new default date
    for base in cluster.bases:
        assert _get(base + f"/milestones.json?briefing_date={later}").json() == after[base]
        current = {r["measure"]: r["current"] for r in after[base]["rows"]}
        was = {r["measure"]: r["current"] for r in before[base]["rows"]}
        assert current["all_crime"] == was["all_crime"] + added, base  # the new month is counted
        # the earlier briefing date reads the same months as before the load
        assert _get(base + f"/milestones.json?briefing_date={briefing}").json() == before[base]


def test_concurrent_writers_through_the_proxy_lose_nothing(cluster):
    with open_store(cluster.url, migrate=False) as s:
        start_versions = {d: dl.get_deliverable(s, PLAN.id, d).version for d in CONTENDED}
        start_history = len(dl.history(s, PLAN.id))
    base = cluster.proxy.url
    saved: list[tuple[str, str, int]] = []
    conflicts, errors = [0], []
    lock = threading.Lock()
    before = list(cluster.proxy.connections)

    def writer(k: int) -> None:
        rng = random.Random(k)
        try:
            with _client(base) as c:
                token = _sign_in(c, "", f"writer{k:02d}")
                for n in range(SAVES_EACH):
                    did, text = rng.choice(CONTENDED), f"writer{k:02d} update {n}"
                    for _ in range(MAX_TRIES):
                        version = c.get(f"/api/workflow/deliverables/{did}{WORKP}").json()["version"]
                        r = c.post(f"/api/workflow/deliverables/{did}/updates{WORKP}",
                                   headers={"X-CSRF-Token": token}, json={"text": text, "version": version})
                        if r.status_code == 201:
                            with lock:
                                saved.append((did, text, r.json()["update_id"]))
                            break
                        assert r.status_code == 409, r.text
                        assert r.json()["error"]["kept"]["text"] == text  # a refused save gets its text back
                        with lock:
                            conflicts[0] += 1
                        time.sleep(rng.random() * 0.05)
                    else:
                        raise AssertionError(f"{text}: refused {MAX_TRIES} times")
        except Exception as exc:  # noqa: BLE001 - each thread reports its failure to the test
            errors.append(repr(exc))

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [], (errors, cluster.proxy.connect_errors)
    assert len(saved) == WRITERS * SAVES_EACH
    sent = [after - b for after, b in zip(cluster.proxy.connections, before)]
    assert min(sent) > WRITERS * SAVES_EACH // 2, sent  # both workers took a share of the writes
    print(f"{len(saved)} saves through the proxy, {conflicts[0]} refused as conflicts and retried; "
          f"connections per worker {sent}")
    with open_store(cluster.url, migrate=False) as s:
        updates = [u for u in dl.history(s, PLAN.id) if u.deliverable_id in CONTENDED]
        stored = Counter((u.deliverable_id, u.text, u.update_id) for u in updates)
        assert set(stored) == set(saved) and set(stored.values()) == {1}  # each accepted save once, no others
        assert len(dl.history(s, PLAN.id)) == start_history + len(saved)
        grown = sum(dl.get_deliverable(s, PLAN.id, d).version - start_versions[d] for d in CONTENDED)
        assert grown == len(saved)  # one version per accepted save: none applied twice, none lost
