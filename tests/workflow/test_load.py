"""Load: 20 people save updates through two real portal workers (uvicorn on 127.0.0.1, each with its
own PostgreSQL connection, as behind a proxy) while others read; every save a worker accepted is in
the store afterwards, nothing else is, and each refused save got its text back."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field

import httpx
import pytest
import uvicorn

from crimeplan.portal.app import build_app
from crimeplan.portal.auth import SESSION_COOKIE
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import users
from tests.conftest import fresh_postgres_url
from tests.workflow.conftest import PLAN, SETTINGS
from tests.workflow.web import PASSWORD, csrf_of

pytestmark = pytest.mark.postgres
WRITERS, READERS, SAVES_EACH, MAX_TRIES = 20, 5, 4, 20
SIGN_IN_TRIES = 10
DELIVERABLES = ("A1", "A2", "B1", "B2", "B3")  # few, so writers collide and conflicts happen


@pytest.fixture
def server():
    url = fresh_postgres_url()
    settings = SETTINGS.with_(cookie_secure=False)
    with open_store(url) as s:
        dl.ensure_plan(s, PLAN)
        for k in range(WRITERS + READERS):
            users.add_user(s, f"user{k:02d}", "analyst" if k < WRITERS else "viewer", actor="setup",
                           settings=settings, password=PASSWORD)
    servers, threads, bases = [], [], []
    for _ in range(2):  # two workers sharing the database, sessions and the signing key
        app = build_app(PortalSettings(db=url, plan=PLAN.id), settings)
        srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on"))
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        servers.append(srv)
        threads.append(thread)
    deadline = time.monotonic() + 20
    while not all(srv.started for srv in servers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(srv.started for srv in servers)
    bases = [f"http://127.0.0.1:{srv.servers[0].sockets[0].getsockname()[1]}" for srv in servers]
    yield bases, url
    for srv in servers:
        srv.should_exit = True
    for thread in threads:
        thread.join(20)


def _signed_in(base: str, username: str) -> tuple[httpx.Client, str]:
    c = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    for _ in range(SIGN_IN_TRIES):  # 25 users at once fill the hashing queue: a 429 says when to try again
        page = c.get("/login")
        r = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)})
        if r.status_code != 429:
            break
        time.sleep(float(r.headers["Retry-After"]))
    assert r.status_code == 303 and c.cookies.get(SESSION_COOKIE), r.status_code
    return c, csrf_of(c.get("/workflow").text)


@dataclass
class _Tally:
    """What the threads saw, shared under ``lock``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    saved: list[tuple[str, str]] = field(default_factory=list)
    reads: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)


def _save(c: httpx.Client, token: str, did: str, text: str, tally: _Tally) -> None:
    """Save one update, fetching the version again after each conflict (whose answer keeps the text)."""
    for _ in range(MAX_TRIES):
        version = c.get(f"/api/workflow/deliverables/{did}").json()["version"]
        r = c.post(f"/api/workflow/deliverables/{did}/updates", json={"text": text, "version": version},
                   headers={"X-CSRF-Token": token})
        if r.status_code == 201:
            with tally.lock:
                tally.saved.append((did, text))
            return
        assert r.status_code == 409, r.text
        assert r.json()["error"]["kept"]["text"] == text  # refused text comes back
        with tally.lock:
            tally.conflicts += 1


def _writer(bases: list[str], k: int, tally: _Tally) -> None:
    rng = random.Random(k)
    try:
        c, token = _signed_in(bases[k % 2], f"user{k:02d}")
        for n in range(SAVES_EACH):
            _save(c, token, rng.choice(DELIVERABLES), f"user{k:02d} update {n}", tally)
        c.close()
    except Exception as exc:  # noqa: BLE001 - a thread reports any failure to the test below
        tally.errors.append(repr(exc))


def _reader(bases: list[str], k: int, tally: _Tally) -> None:
    try:
        c, _ = _signed_in(bases[k % 2], f"user{WRITERS + k:02d}")
        while not tally.stop.is_set():
            for path in ("/workflow", "/api/workflow/deliverables", "/public/deliverables.json"):
                assert c.get(path).status_code == 200
                with tally.lock:
                    tally.reads += 1
        c.close()
    except Exception as exc:  # noqa: BLE001 - reported to the test below
        tally.errors.append(repr(exc))


def test_twenty_writers_and_readers_lose_nothing(server):
    bases, url = server
    tally = _Tally()
    readers = [threading.Thread(target=_reader, args=(bases, k, tally)) for k in range(READERS)]
    writers = [threading.Thread(target=_writer, args=(bases, k, tally)) for k in range(WRITERS)]
    for t in readers + writers:
        t.start()
    for t in writers:
        t.join(240)
    tally.stop.set()
    for t in readers:
        t.join(60)
    assert tally.errors == []
    assert tally.reads >= READERS
    saved = tally.saved
    assert len(saved) == WRITERS * SAVES_EACH
    print(f"{len(saved)} saves, {tally.conflicts} refused as conflicts and retried")
    with open_store(url, migrate=False) as s:
        stored = {(u.deliverable_id, u.text) for u in dl.history(s, PLAN.id)}
        assert stored == set(saved) and len(dl.history(s, PLAN.id)) == len(saved)
        versions = sum(dl.get_deliverable(s, PLAN.id, d).version - 1 for d in DELIVERABLES)
        assert versions == len(saved)  # one version per accepted save: none applied twice, none lost
