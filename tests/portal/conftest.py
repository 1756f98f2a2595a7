"""Portal fixtures: one demo store per session (the demo force plus fourteen real City of London
months, a lead, an analyst and an administrator), the app as served over it, a TestClient, and a live
server for the browser tests."""

from __future__ import annotations

import contextlib
import csv
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crimeplan.loads import ingest_areas, ingest_police_uk
from crimeplan.portal.app import build_app
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store
from crimeplan.surveys.demo import load_survey_demo
from crimeplan.workflow import users
from crimeplan.workflow.roles import ADMIN, ANALYST, LEAD
from crimeplan.workflow.settings import WorkflowSettings
from tests.conftest import CITY_2017, LSOA_LOOKUP, built_once, copy_store, require_real_data

CITY_MONTHS = 14  # 2014-09 .. 2015-10: enough for a year-to-date comparison and an SPC chart
WORKFLOW = WorkflowSettings(session_secret="portal-test-secret", cookie_secure=False, throttle_max_seconds=0.01,
                            client_attempts_per_minute=1000)
"""Plain-HTTP cookies: the live server is http://127.0.0.1."""
PEOPLE = {"lead": ("lp.lead", LEAD, "ACC Local Policing"), "analyst": ("analyst.one", ANALYST, None),
          "admin": ("admin.one", ADMIN, None)}
PASSWORD = "portal-test-password-1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def city_lsoas(path: Path) -> Path:
    """The rows of the real LSOA lookup for City of London (its 6 LSOAs in its one local authority),
    so the City has every area level, as West Midlands has (its plan is police-uk)."""
    with LSOA_LOOKUP.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([rows[0], *(r for r in rows[1:] if r[-1] == "City of London")])
    return path


def _build_portal(demo_file: Path, path: str) -> None:
    shutil.copyfile(demo_file, path)
    store = open_store(path)
    try:
        load_survey_demo(store)
        files = sorted(CITY_2017.glob("*-street.csv"))[:CITY_MONTHS]
        ingest_police_uk(store, [str(f) for f in files])
        ingest_areas(store, city_lsoas(Path(path).with_name("city-lsoas.csv")))
        for username, role, lead in PEOPLE.values():
            users.add_user(store, username, role, actor="setup", settings=WORKFLOW, password=PASSWORD,
                           lead_name=lead)
    finally:
        store.close()


@pytest.fixture(scope="session")
def portal_db(tmp_path_factory, demo_file) -> str:
    """Built once per run (the demo, its surveys, City of London, the people), a copy per xdist worker."""
    require_real_data()
    built = built_once(tmp_path_factory, "portal", lambda path: _build_portal(demo_file, path))
    return copy_store(built, tmp_path_factory.mktemp("portal"), "portal.duckdb")


@pytest.fixture(scope="session")
def app(portal_db):
    app = build_app(PortalSettings(db=portal_db, plan="wmp-2013-14"), WORKFLOW)
    yield app
    app.state.portal.service.close()


@pytest.fixture(scope="session")
def client(app):
    from starlette.testclient import TestClient

    with TestClient(app, raise_server_exceptions=True) as c:
        yield c


@pytest.fixture(scope="session")
def live_url(app):
    with served(app) as url:
        yield url


@contextlib.contextmanager
def served(app) -> Iterator[str]:
    """``app`` served by uvicorn on 127.0.0.1 in a thread, as its base URL, until the block ends."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # the OS chooses the port and the server keeps this socket (no probe, then bind)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the portal server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive(), "the portal server did not stop"
    sock.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright, one for the session (the browser tests)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, live_url: str, who: str, then: str = "/workflow") -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{live_url}/login?next={then}")
    page.get_by_label("User name").fill(PEOPLE[who][0])
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.url.startswith(live_url + then), page.url


def sign_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


