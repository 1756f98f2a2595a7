"""Helpers for the portal tests: an app on a fresh store with one account per role, and sign-in."""

from __future__ import annotations

import re

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


def make_app(url: str, settings=SETTINGS):
    with open_store(url) as s:
        ensure_plan(s, PLAN, actor="setup")
        for role, (name, lead) in ACCOUNTS.items():
            users.add_user(s, name, role, actor="setup", settings=settings, password=PASSWORD, lead_name=lead)
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
