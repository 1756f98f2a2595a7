"""Draft → approve → the update on /deliverables and the overview, through the served app object
(``full_app``, what ``crimeplan serve`` runs) on the demo's data; and the same status on /workflow,
/public/deliverables and /deliverables for every deliverable (issue 18)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from starlette.testclient import TestClient

from crimeplan.loads.demo import load_demo_updates
from crimeplan.portal.app import full_app
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import users
from crimeplan.workflow.status import STATUSES
from tests.conftest import copy_store
from tests.workflow.conftest import PLAN, SETTINGS
from tests.workflow.web import PASSWORD, csrf_of

BRIEFING = "2014-04-01"   # the demo's briefing date: its data end in March 2014


@pytest.fixture(scope="module")
def served(tmp_path_factory, demo_file):
    path = copy_store(demo_file, tmp_path_factory.mktemp("served"))
    with open_store(path) as s:
        load_demo_updates(s)   # the paper's updates, approved in March 2014
        users.add_user(s, "lee.lead", "lead", actor="setup", settings=SETTINGS, password=PASSWORD,
                       lead_name="ACC Local Policing")
        users.add_user(s, "ann.analyst", "analyst", actor="setup", settings=SETTINGS, password=PASSWORD)
    app = full_app(PortalSettings(db=path, plan=PLAN.id))
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as c:
        yield app, c


def _sign_in(c: TestClient, username: str) -> str:
    page = c.get("/login")
    r = c.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text),
                               "next": "/workflow"})
    assert r.status_code == 303, r.text[:300]
    return csrf_of(c.get("/workflow").text)


def _a1_cell(html: str) -> str:
    row = BeautifulSoup(html, "html.parser").find("tr", id="deliverable-A1")
    assert row is not None
    return row.get_text(" ", strip=True)


TEXT = "Roll-out across all LPUs began in Sandwell in June 2014"


@pytest.fixture(scope="module")
def approved(served):
    """A lead drafts an update to A1 and an analyst approves it, by clicking through the forms; done once
    per worker that needs it, so each test below stands alone under any order or distribution."""
    app, c = served
    before = c.get(f"/deliverables.json?briefing_date={BRIEFING}").json()
    a1 = next(d for d in before["deliverables"] if d["id"] == "A1")
    assert a1["latest_update"]["date"] == "2014-03-28" and a1["overdue"] is False and a1["status"] == "On track"
    token = _sign_in(c, "lee.lead")
    version = dl.get_deliverable(app.state.portal.service.store, PLAN.id, "A1").version
    assert c.post("/workflow/deliverables/A1/updates", data={
        "csrf_token": token, "version": str(version), "text": TEXT, "status": "on_track"}).status_code == 303
    c.post("/logout", data={"csrf_token": token})
    token = _sign_in(c, "ann.analyst")
    page = c.get("/workflow/deliverables/A1").text
    version = re.search(r'action="/workflow/updates/(\d+)/review">\s*<input type="hidden" name="csrf_token" '
                        r'value="[^"]+"><input type="hidden" name="version" value="(\d+)"', page)
    assert version, "no review form"
    r = c.post(f"/workflow/updates/{version.group(1)}/review", data={
        "csrf_token": token, "decision": "approve", "version": version.group(2)})
    assert r.status_code == 303, r.text[:300]
    c.post("/logout", data={"csrf_token": token})
    return c


def test_an_approval_shows_at_its_date_and_keeps_the_one_before_at_earlier_briefing_dates(approved):
    c = approved
    # at the demo's briefing date the March update still shows (issue 18: it showed "No update recorded")
    at_briefing = c.get(f"/deliverables?briefing_date={BRIEFING}")
    assert at_briefing.status_code == 200
    cell = _a1_cell(at_briefing.text)
    assert "28 March 2014" in cell and "No update recorded" not in cell and "Overdue" not in cell
    overview = c.get(f"/overview.json?briefing_date={BRIEFING}").json()
    a1 = next(d for o in overview["outcomes"] for d in o["deliverables"] if d["id"] == "A1")
    assert a1["latest_update"]["date"] == "2014-03-28" and a1["overdue"] is False


def test_the_approved_update_shows_at_the_current_briefing_date(approved):
    c, text = approved, TEXT
    # at today's briefing date the new update is the one shown, with who wrote and who approved it
    today = date.today().isoformat()
    now = c.get(f"/deliverables?briefing_date={today}")
    assert now.status_code == 200, now.text[:500]
    cell = _a1_cell(now.text)
    assert text in cell and "Written by lee.lead, approved by ann.analyst" in cell
    overview = c.get(f"/overview.json?briefing_date={today}").json()
    a1 = next(d for o in overview["outcomes"] for d in o["deliverables"] if d["id"] == "A1")
    assert a1["latest_update"]["text"] == text and a1["latest_update"]["approved_by"] == "ann.analyst"


def test_the_same_status_on_workflow_public_and_deliverables_for_every_deliverable(served):
    app, c = served
    token = _sign_in(c, "ann.analyst")
    today = date.today().isoformat()
    listed = {d["deliverable_id"]: d for d in c.get(f"/workflow/deliverables.json?as_of={today}").json()[
        "deliverables"]}
    c.post("/logout", data={"csrf_token": token})
    public = {d["deliverable_id"]: d for d in c.get("/public/deliverables.json").json()["deliverables"]}
    portal = c.get(f"/deliverables.json?briefing_date={BRIEFING}").json()["deliverables"]
    assert set(listed) == set(public) == set(PLAN.deliverables)
    for did in PLAN.deliverables:
        assert STATUSES[listed[did]["status"]] == public[did]["status"], did
    # the demo's imported updates give A2, B1 and D2 their statuses everywhere (not "Not started")
    assert [public[d]["status"] for d in ("A2", "B1", "D2")] == ["On track", "Complete", "Complete"]
    assert {d["id"]: d["status"] for d in portal if d["id"] in ("A2", "B1", "D2")} == {
        "A2": "On track", "B1": "Complete", "D2": "Complete"}
