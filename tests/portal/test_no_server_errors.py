"""The causes of 500s found in issue 19, item 7, against the app as served (``build_app``): each is
refused with 400 or 404 (or answered), never a 500."""

from __future__ import annotations

import shutil

import pytest
from starlette.testclient import TestClient

from crimeplan.portal.app import build_app
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store
from crimeplan.workflow import users
from crimeplan.workflow.deliverables import ensure_plan
from tests.workflow.conftest import PLAN, SETTINGS
from tests.workflow.web import PASSWORD, sign_in


@pytest.fixture(scope="module")
def served(portal_db, tmp_path_factory):
    path = str(tmp_path_factory.mktemp("no500") / "portal.duckdb")
    shutil.copy(portal_db, path)  # accounts are added: keep the shared store as it is
    with open_store(path) as s:
        ensure_plan(s, PLAN, actor="setup")
        users.add_user(s, "ann.analyst", "analyst", actor="setup", settings=SETTINGS, password=PASSWORD)
    app = build_app(PortalSettings(db=path, plan=PLAN.id))
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False,
                    follow_redirects=False) as c:
        yield c
    app.state.portal.service.close()


@pytest.mark.parametrize("url,status", [
    ("/?briefing_date=0001-01-01", 400),                                  # was OverflowError
    ("/measures/trc.json?briefing_date=0001-01-01", 400),
    ("/measures/trc.json?briefing_date=9999-12-31", 400),
    ("/public/areas.json?level=lsoa&parent=E09000001&start=2021-01-01&end=9999-12-31", 400),  # was ValueError
    ("/public/areas.json?level=lsoa&parent=E09000001&start=0001-01-01&end=2021-01-01", 400),
    ("/measures/detect_bdh.json?area=lsoa:E01009446", 404),               # was KeyError on the tester's data
])
def test_dates_out_of_range_and_unknown_areas_are_refused(served, url, status):
    r = served.get(url)
    assert r.status_code == status, r.text[:300]
    assert "expected a date from 1900-01-01" in r.text or status == 404


def test_a_rate_without_a_series_is_drawn_not_a_key_error(served):
    r = served.get("/measures/detect_bdh.json?briefing_date=2009-05-01")  # was KeyError: 'detect_bdh'
    assert r.status_code == 200 and r.json()


def test_signed_in_workflow_refuses_a_date_out_of_range(served):
    sign_in(served, "ann.analyst")
    r = served.get("/workflow?as_of=9999-01-01")
    assert r.status_code == 400 and "expected a date from 1900-01-01 to 2999-12-31" in r.text


@pytest.mark.parametrize("body", [b'{"text": "a \\ud800 b", "version": 1}', b'{"text": "a \\u0000 b", "version": 1}'])
def test_unstorable_characters_in_a_json_body_are_refused(served, body):
    token = sign_in(served, "ann.analyst")
    r = served.post("/api/workflow/deliverables/A1/updates", content=body,
                    headers={"content-type": "application/json", "x-csrf-token": token})
    assert r.status_code == 400 and "NUL or an unpaired surrogate" in r.text


def test_a_nul_in_form_text_is_refused_before_the_store(served):
    token = sign_in(served, "ann.analyst")
    r = served.post("/workflow/deliverables/A1/updates", data={"text": "a\x00b", "version": "1", "csrf_token": token})
    assert r.status_code == 400 and "NUL" in r.text
