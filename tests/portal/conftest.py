"""Portal fixtures: one demo store per session (the demo force plus fourteen real City of London
months, a lead, an analyst and an administrator), the app as served over it, a TestClient, and a live
server for the browser tests."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from crimeplan.loads import ingest_police_uk
from crimeplan.portal.app import build_app
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store
from crimeplan.surveys.demo import load_survey_demo
from crimeplan.workflow import users
from crimeplan.workflow.roles import ADMIN, ANALYST, LEAD
from crimeplan.workflow.settings import WorkflowSettings
from tests.conftest import CITY_2017, built_once, copy_store, require_real_data

CITY_MONTHS = 14  # 2014-09 .. 2015-10: enough for a year-to-date comparison and an SPC chart
WORKFLOW = WorkflowSettings(session_secret="portal-test-secret", cookie_secure=False, throttle_max_seconds=0.01,
                            client_attempts_per_minute=1000)
"""Plain-HTTP cookies: the live server is http://127.0.0.1."""
PEOPLE = {"lead": ("lp.lead", LEAD, "ACC Local Policing"), "analyst": ("analyst.one", ANALYST, None),
          "admin": ("admin.one", ADMIN, None)}
PASSWORD = "portal-test-password-1"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _build_portal(demo_file: Path, path: str) -> None:
    shutil.copyfile(demo_file, path)
    store = open_store(path)
    try:
        load_survey_demo(store)
        files = sorted(CITY_2017.glob("*-street.csv"))[:CITY_MONTHS]
        ingest_police_uk(store, [str(f) for f in files])
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
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the portal server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
