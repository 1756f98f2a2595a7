"""Helpers for the portal tests: an app on a fresh store with one account per role, and sign-in."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from starlette.testclient import TestClient

from crimeplan.portal.app import build_app
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store
from crimeplan.workflow import users
from crimeplan.workflow.deliverables import ensure_plan
from tests.workflow.conftest import PLAN, SETTINGS

PASSWORD = "a long test password"
ACCOUNTS = {  # role -> (username, lead name)
    "viewer": ("vic.viewer", None),
    "lead": ("lee.lead", "ACC Local Policing"),
    "analyst": ("ann.analyst", None),
    "admin": ("ada.admin", None),
}
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


_TEMPLATES: dict[str, Path] = {}
"""Per settings, a DuckDB store as ``_fill`` leaves a new one, made once per test process and copied for
each later new store: its four argon2 hashes and the plan's copy cost about a second of CPU per test."""
_TEMPLATE_DIR = tempfile.TemporaryDirectory(prefix="crimeplan-web-")


def _fill(url: str, settings) -> None:
    with open_store(url) as s:
        ensure_plan(s, PLAN, actor="setup")
        for role, (name, lead) in ACCOUNTS.items():
            users.add_user(s, name, role, actor="setup", settings=settings, password=PASSWORD, lead_name=lead)


def make_app(url: str, settings=SETTINGS):
    key = repr(settings)
    new_file = "://" not in url and not Path(url).exists()
    if new_file and key in _TEMPLATES:
        shutil.copyfile(_TEMPLATES[key], url)
    else:
        _fill(url, settings)
        if new_file:
            assert not Path(f"{url}.wal").exists(), f"{url} was left open"
            _TEMPLATES[key] = Path(_TEMPLATE_DIR.name) / f"{len(_TEMPLATES)}.duckdb"
            shutil.copyfile(url, _TEMPLATES[key])
    return build_app(PortalSettings(db=url, plan=PLAN.id), settings)


def client(app) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False)


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def sign_in(c: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the form; return the session's CSRF token."""
    page = c.get("/login")
    assert page.status_code == 200
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(page.text),
                               "next": "/workflow"})
    assert r.status_code == 303, r.text[:500]
    return csrf_of(c.get("/workflow").text)
