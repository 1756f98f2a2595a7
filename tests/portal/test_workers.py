"""Several workers: two real ``crimeplan serve`` processes on one PostgreSQL store, behind Debian's
nginx running deploy/nginx.conf, as docs/scale.md describes. Both serve the same figures, nginx
alternates between them, a deliverable update saved and approved through one is seen by the other,
a load written while they run changes what both serve, and concurrent writers through nginx lose nothing.

No port can be raced for. Each worker is started with ``--port 0``: it binds a port the OS chooses
and prints it (``crimeplan portal: http://127.0.0.1:PORT/``) only once it holds it. nginx cannot
listen on port 0, so it is given a port the OS has just handed out and released; if anything takes
that port first, nginx's bind fails with "Address already in use", nginx exits, and it is started
again on a new port (``test_nginx_moves_on_when_its_port_is_taken`` proves it). nginx is taken as
started only once it has written its pid file, which it does after binding: from then on the port
is nginx's, so no request can reach another server. The servers of this module stay on one xdist
worker (``xdist_group``; ``make test`` runs pytest with ``--dist loadgroup``)."""

from __future__ import annotations

import getpass
import itertools
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest

from crimeplan.loads import ingest_police_uk
from crimeplan.periods import add_months
from crimeplan.store import open_store
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import users
from tests.conftest import CITY_2017, ROOT, fresh_postgres_url, require_real_data
from tests.workflow.conftest import PLAN, SETTINGS
from tests.workflow.web import PASSWORD, csrf_of

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("portal-workers")]

MONTHS = 13  # City of London 2014-09 .. 2015-09; the next month is loaded while the workers run
SECRET = "several-workers-test-secret"  # CRIMEPLAN_SESSION_SECRET, the same for every worker
WORKER_ENV = {"CRIMEPLAN_SESSION_SECRET": SECRET, "CRIMEPLAN_COOKIE_SECURE": "false",
              "CRIMEPLAN_CLIENT_ATTEMPTS_PER_MINUTE": "1000", "PYTHONPATH": str(ROOT)}
WORKP = f"?plan={PLAN.id}"  # the workflow's deliverables are the West Midlands plan's; pages use police-uk
PAGES = ("/", "/overview.json", "/milestones.json", "/outcomes.json", "/status.json", "/areas.json")
WRITERS, SAVES_EACH, MAX_TRIES = 10, 3, 40
CONTENDED = ("B1", "B2", "B3")  # few, so writers collide and versions are refused and retried
START_SECONDS = 90  # for a worker to open and migrate the store, bind and answer, on a loaded machine
WRITE_SECONDS = 240  # for all the writers together
NGINX_ATTEMPTS = 5  # ports tried before giving up (each lost race costs nginx's own 5 binds, 2.5 s)
FORCE = "city-of-london"
TEMPLATE = ROOT / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"\$\{?(CRIMEPLAN_[A-Z0-9_]+)\}?")  # ${NAME} or $NAME, as envsubst reads them
ANNOUNCED = re.compile(rb"crimeplan portal: http://127\.0\.0\.1:(\d+)/")
# deploy/nginx.conf's log format ends with: "$http_user_agent" upstream=$upstream_addr upstream_status=$upstream_status
LOGGED = re.compile(r'"(?P<agent>[^"]*)" upstream=(?P<upstream>.*) upstream_status=(?P<status>.*)$')
# The main context a deployment takes from Debian's /etc/nginx/nginx.conf; here everything is under the
# test's own folder, in the foreground. One worker process: one round-robin state, so requests alternate
# strictly. Its workers run as the test's own user (ignored, with a warning, unless that is root), so they
# can write in the test's folder.
NGINX_MAIN = """\
daemon off;
worker_processes 1;
user {user};
pid {folder}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/crimeplan.conf;
}}
"""


@dataclass(frozen=True)
class Nginx:
    proc: subprocess.Popen
    port: int
    folder: Path
    refused: tuple[int, ...]  # ports it could not bind (taken first by something else)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return (self.folder / "nginx.log").read_text(errors="replace")

    def answered_by(self, agent: str, requests: int) -> list[tuple[str, str]]:
        """(upstream, upstream status) of each request sent with this User-Agent, once nginx has logged
        all ``requests`` of them (it logs a request just after the client has its answer)."""
        deadline = time.monotonic() + 30
        while True:
            rows = [(m["upstream"], m["status"]) for line in (self.folder / "access.log").read_text().splitlines()
                    if (m := LOGGED.search(line)) and m["agent"] == agent]
            if len(rows) >= requests or time.monotonic() > deadline:
                assert len(rows) == requests, (agent, len(rows), requests)
                return rows
            time.sleep(0.05)


@dataclass(frozen=True)
class Cluster:
    url: str
    ports: list[int]
    nginx: Nginx
    spare: list[Path]  # police.uk files not loaded yet

    @property
    def bases(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.ports]


def _nginx_binary() -> str:
    found = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    assert found, "nginx is missing: run `bash scripts/system-packages.sh` (make test does)"
    return found


def _ports_just_released() -> Iterator[int]:
    """Ports the OS hands out for port 0, each released at once for nginx to bind (it may lose it)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        yield port


def _filled(template: str, values: dict[str, str]) -> str:
    """The template with its CRIMEPLAN_… values filled in, as `envsubst '$CRIMEPLAN_…'` does (docs/scale.md)."""
    assert set(PLACEHOLDER.findall(template)) == set(values), sorted(values)  # every value it has, no more
    return PLACEHOLDER.sub(lambda m: values[m[1]], template)


def _nginx_started(proc: subprocess.Popen, pid_file: Path) -> bool:
    """True once nginx has written its pid file, which it does after binding its port; False if it exited."""
    deadline = time.monotonic() + START_SECONDS
    while proc.poll() is None:
        if pid_file.exists() and pid_file.read_text().strip() == str(proc.pid):
            return True
        assert time.monotonic() < deadline, f"nginx neither started nor exited in {START_SECONDS} s"
        time.sleep(0.05)
    return False


def _start_nginx(folder: Path, worker_ports: list[int], candidates: Iterator[int]) -> Nginx:
    """nginx running deploy/nginx.conf in front of the workers, on the first candidate port it can bind."""
    refused: list[int] = []
    for attempt, port in enumerate(itertools.islice(candidates, NGINX_ATTEMPTS)):
        here = folder / f"attempt{attempt}"
        here.mkdir(parents=True)
        values = {"CRIMEPLAN_LISTEN": f"127.0.0.1:{port}", "CRIMEPLAN_ACCESS_LOG": str(here / "access.log"),
                  "CRIMEPLAN_WORKER_1": str(worker_ports[0]), "CRIMEPLAN_WORKER_2": str(worker_ports[1])}
        (here / "crimeplan.conf").write_text(_filled(TEMPLATE.read_text(), values))
        (here / "nginx.conf").write_text(NGINX_MAIN.format(folder=here, user=getpass.getuser()))
        with open(here / "nginx.log", "wb") as out:
            proc = subprocess.Popen([_nginx_binary(), "-p", f"{here}/", "-c", str(here / "nginx.conf"), "-e", "stderr"],
                                    stdout=out, stderr=subprocess.STDOUT)
        if _nginx_started(proc, here / "nginx.pid"):
            return Nginx(proc, port, here, tuple(refused))
        log = (here / "nginx.log").read_text(errors="replace")
        assert "Address already in use" in log, f"nginx exited with {proc.returncode}: {log[-2000:]}"
        refused.append(port)
    raise AssertionError(f"nginx could bind none of the ports {refused}")


def _stop_nginx(nginx: Nginx) -> None:
    nginx.proc.terminate()  # SIGTERM: nginx's fast shutdown
    try:
        nginx.proc.wait(20)
    except subprocess.TimeoutExpired:
        nginx.proc.kill()
        nginx.proc.wait(10)
        raise AssertionError(f"nginx did not stop on SIGTERM: {nginx.log()[-1000:]}") from None
    assert nginx.proc.returncode == 0, nginx.log()[-2000:]


def _announced_port(proc: subprocess.Popen, log: Path) -> int:
    """The port a worker started with --port 0 prints once it has bound it."""
    deadline = time.monotonic() + START_SECONDS
    while not (found := ANNOUNCED.search(log.read_bytes())):
        assert proc.poll() is None, f"worker exited: {log.read_text()[-2000:]}"
        assert time.monotonic() < deadline, f"worker announced no port in {START_SECONDS} s: {log.read_text()}"
        time.sleep(0.1)
    return int(found[1])


def _wait_until_serving(procs: list[subprocess.Popen], bases: list[str], logs: list[Path]) -> None:
    """A worker listens on its bound socket once uvicorn's event loop runs: until then connections are retried."""
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


def _stop_workers(procs: list[subprocess.Popen], logs: list[Path]) -> None:
    logs = logs[:len(procs)]  # the workers started
    for proc in procs:
        proc.terminate()
    stuck = []
    for proc, log in zip(procs, logs, strict=True):
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
            stuck.append(log)
    assert not stuck, f"workers did not stop on SIGTERM: {[log.read_text()[-1000:] for log in stuck]}"
    for proc, log in zip(procs, logs, strict=True):  # uvicorn shuts down, then re-raises the signal it caught
        assert proc.returncode in (0, -signal.SIGTERM), log.read_text()[-2000:]


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
    logs = [folder / f"worker{i}.log" for i in range(2)]
    procs = []
    try:
        for log in logs:
            with open(log, "wb") as out:
                procs.append(subprocess.Popen(
                    [sys.executable, "-m", "crimeplan", "--db", url, "serve", "--host", "127.0.0.1",
                     "--port", "0", "--plan", "police-uk"],
                    env={**os.environ, **WORKER_ENV}, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT))
        ports = [_announced_port(proc, log) for proc, log in zip(procs, logs, strict=True)]
        assert len(set(ports)) == 2, ports
        _wait_until_serving(procs, [f"http://127.0.0.1:{p}" for p in ports], logs)
        nginx = _start_nginx(folder / "nginx", ports, _ports_just_released())
        try:
            yield Cluster(url, ports, nginx, files[MONTHS:])
        finally:
            _stop_nginx(nginx)
    finally:
        _stop_workers(procs, logs)


def _get(url: str, agent: str = "crimeplan-test") -> httpx.Response:
    r = httpx.get(url, timeout=60, headers={"User-Agent": agent})
    assert r.status_code == 200, (url, r.status_code, r.text[:500])
    return r


def _body(r: httpx.Response):
    return r.json() if r.headers["content-type"].startswith("application/json") else r.text


def _client(base: str | None = None, **options) -> httpx.Client:
    """A client that opens a new connection per request, so it never reuses one the server is closing."""
    return httpx.Client(base_url=base or "", timeout=60, follow_redirects=False,
                        limits=httpx.Limits(max_keepalive_connections=0), **options)


def _sign_in(c: httpx.Client, base: str, username: str) -> str:
    page = c.get(base + "/login")
    form = {"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
    r = c.post(base + "/login", data=form)
    assert r.status_code == 303, r.text[:500]
    return csrf_of(c.get(base + "/workflow" + WORKP).text)


def _worker_of(cluster: Cluster, upstream: str) -> int:
    """Which worker nginx sent a request to; one address only (a second would mean nginx retried)."""
    one = re.fullmatch(r"127\.0\.0\.1:(\d+)", upstream)
    assert one and int(one[1]) in cluster.ports, upstream
    return cluster.ports.index(int(one[1]))


def test_both_workers_and_nginx_serve_the_same_pages(cluster):
    one, two = ({p: _body(_get(base + p)) for p in PAGES} for base in cluster.bases)
    for page in PAGES:
        assert one[page] == two[page], page
    assert one["/milestones.json"]["area"] == f"force:{FORCE}" and one["/milestones.json"]["rows"]
    agent = f"pages-{time.time_ns()}"
    for _ in range(2):
        for page in PAGES:
            assert _body(_get(cluster.nginx.url + page, agent)) == one[page], page
    answered = cluster.nginx.answered_by(agent, len(PAGES) * 2)
    assert {status for _, status in answered} == {"200"}, answered
    workers = [_worker_of(cluster, upstream) for upstream, _ in answered]
    assert Counter(workers) == {0: len(PAGES), 1: len(PAGES)}, workers  # round robin: half each


def test_nginx_moves_on_when_its_port_is_taken(cluster, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:  # a port held by someone else when nginx binds
        held = taken.getsockname()[1]
        nginx = _start_nginx(tmp_path, cluster.ports, itertools.chain([held], _ports_just_released()))
        try:
            assert nginx.refused == (held,) and nginx.port != held
            assert "Address already in use" in (tmp_path / "attempt0" / "nginx.log").read_text()
            assert _get(nginx.url + "/status.json").json() == _get(cluster.bases[0] + "/status.json").json()
        finally:
            _stop_nginx(nginx)


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
                         headers={"X-CSRF-Token": a_token}, json={"decision": "approve", "version": version + 1})
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
        # a briefing date after the data is answered, its figures marked incomplete (never a number)
        assert r.status_code == 200 and r.json()["complete"] is False
        assert new_month in r.json()["missing_months"]
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
        again = _get(base + f"/milestones.json?briefing_date={briefing}").json()
        assert again.pop("data_end") > before[base]["data_end"]   # the store's data now end a month later
        assert again == {k: v for k, v in before[base].items() if k != "data_end"}


def test_concurrent_writers_through_nginx_lose_nothing(cluster):
    """Which writer wins each version, and how often each retries, changes from run to run; every
    assertion below holds whatever the order."""
    with open_store(cluster.url, migrate=False) as s:
        start_versions = {d: dl.get_deliverable(s, PLAN.id, d).version for d in CONTENDED}
        start_history = len(dl.history(s, PLAN.id))
    agent = f"writers-{time.time_ns()}"
    saved: list[tuple[str, str, int]] = []
    requests, conflicts, errors = [0], [0], []
    lock = threading.Lock()

    def count(_request: httpx.Request) -> None:
        with lock:
            requests[0] += 1

    def writer(k: int) -> None:
        rng = random.Random(k)
        try:
            with _client(cluster.nginx.url, headers={"User-Agent": agent}, event_hooks={"request": [count]}) as c:
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
            with lock:
                errors.append(repr(exc))

    threads = [threading.Thread(target=writer, args=(k,), daemon=True) for k in range(WRITERS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + WRITE_SECONDS
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    assert not [t.name for t in threads if t.is_alive()], f"writers still running after {WRITE_SECONDS} s"
    assert errors == [], (errors, cluster.nginx.log()[-2000:])
    assert len(saved) == WRITERS * SAVES_EACH
    answered = cluster.nginx.answered_by(agent, requests[0])  # every request nginx passed on, once
    assert not [row for row in answered if not row[1].isdigit() or int(row[1]) >= 500], answered
    per_worker = Counter(_worker_of(cluster, upstream) for upstream, _ in answered)
    assert abs(per_worker[0] - per_worker[1]) <= 1, per_worker  # strict round robin: both took half
    print(f"{len(saved)} saves through nginx, {conflicts[0]} refused as conflicts and retried; "
          f"requests per worker {dict(per_worker)}")
    with open_store(cluster.url, migrate=False) as s:
        updates = [u for u in dl.history(s, PLAN.id) if u.deliverable_id in CONTENDED]
        stored = Counter((u.deliverable_id, u.text, u.update_id) for u in updates)
        assert set(stored) == set(saved) and set(stored.values()) == {1}  # each accepted save once, no others
        assert len(dl.history(s, PLAN.id)) == start_history + len(saved)
        grown = sum(dl.get_deliverable(s, PLAN.id, d).version - start_versions[d] for d in CONTENDED)
        assert grown == len(saved)  # one version per accepted save: none applied twice, none lost
