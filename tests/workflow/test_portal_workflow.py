"""The workflow pages: role matrix, drafting and approval through forms, conflicts, public view."""

from __future__ import annotations

import pytest

from crimeplan.portal.workflow_routes import ROLE_ROUTES
from crimeplan.store import open_store
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow.roles import LEAD, Actor, allows, may_draft
from tests.workflow.conftest import PLAN
from tests.workflow.web import ACCOUNTS, client, make_app, sign_in

DRAFTING = {"/workflow/deliverables/{deliverable_id}/updates", "/api/workflow/deliverables/{deliverable_id}/updates"}
EDITING = "/workflow/updates/{update_id:int}/edit"   # only the update's author: the matrix's is lee.lead


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory):
    """One DuckDB-backed app for the read-mostly tests of this module (the matrix runs on both stores)."""
    app = make_app(str(tmp_path_factory.mktemp("wf") / "store.duckdb"))
    yield app
    app.state.portal.service.close()


def _fill(path: str, update_id: int) -> str:
    return (path.replace("{deliverable_id}", "A1").replace("{update_id:int}", str(update_id))
            .replace("{username}", "spare").replace("{action}", "disable"))


def _expected(role: str, method: str, path: str, permission: str) -> bool:
    if path in DRAFTING:  # the route lets any signed-in user try; drafting needs lead of A1 or analyst
        lead = ACCOUNTS[role][1]
        return allows(role, permission) and may_draft(role, lead, "ACC Local Policing")
    if path == EDITING:
        return role == "lead"
    return allows(role, permission)


def test_role_matrix_every_route_every_role(store_url):
    app = make_app(store_url)
    with open_store(store_url, migrate=False) as s:
        from crimeplan.workflow import users
        from tests.workflow.conftest import SETTINGS
        users.add_user(s, "spare", "viewer", actor="setup", settings=SETTINGS, password="another long password")
        author = Actor(ACCOUNTS["lead"][0], LEAD, ACCOUNTS["lead"][1])
        update_id = dl.add_update(s, PLAN.id, "A1", author, text="lead's draft").update_id
    seen = set()
    for role, (username, _) in ACCOUNTS.items():
        with client(app) as c:
            token = sign_in(c, username)
            for method, path, permission in ROLE_ROUTES:
                url = _fill(path, update_id)
                if method == "GET":
                    r = c.get(url)
                elif path.startswith("/api/"):
                    r = c.post(url, json={"text": f"by {role}", "decision": "return", "note": "n"},
                               headers={"X-CSRF-Token": token})
                else:
                    r = c.post(url, data={"csrf_token": token, "text": f"by {role}", "decision": "return",
                                          "note": "more detail", "username": f"new.{role}", "role": "viewer",
                                          "title": "A1 title"})
                allowed = _expected(role, method, path, permission)
                assert (r.status_code != 403) == allowed, f"{role} {method} {url}: {r.status_code} {r.text[:300]}"
                assert r.status_code < 500, f"{role} {method} {url}: {r.status_code}"
                seen.add((role, allowed))
    assert {("viewer", False), ("viewer", True), ("admin", True), ("admin", False), ("lead", True),
            ("analyst", True)} <= seen
    app.state.portal.service.close()


def test_signed_out_users_reach_no_workflow_route(shared_app):
    with client(shared_app) as c:
        for method, path, _ in ROLE_ROUTES:
            r = c.request(method, _fill(path, 1))
            assert r.status_code in (303, 401), (method, path, r.status_code)


def test_lead_drafts_analyst_approves_and_the_public_sees_only_the_approved(shared_app):
    with client(shared_app) as lead, client(shared_app) as analyst, client(shared_app) as public:
        token = sign_in(lead, "lee.lead")
        page = lead.get("/workflow/deliverables/A2")
        assert page.status_code == 200 and "Write an update" in page.text
        version = dl.get_deliverable(_store(shared_app), PLAN.id, "A2").version
        r = lead.post("/workflow/deliverables/A2/updates", data={
            "csrf_token": token, "version": str(version), "text": "Perceived religion now recorded <b>live</b>",
            "status": "on_track", "reason": "System change live", "evidence": "https://example.org/a\nhttps://example.org/b"})
        assert r.status_code == 303
        assert "Perceived religion" not in public.get("/public/deliverables").text
        a_token = sign_in(analyst, "ann.analyst")
        review = analyst.get("/workflow/review")
        assert "Perceived religion now recorded &lt;b&gt;live&lt;/b&gt;" in review.text  # escaped
        (pending,) = [u for u in dl.pending_updates(_store(shared_app), PLAN.id)   # other tests' drafts aside
                      if u.text == "Perceived religion now recorded <b>live</b>"]
        assert pending.evidence == ("https://example.org/a", "https://example.org/b")
        version = dl.get_deliverable(_store(shared_app), PLAN.id, "A2").version
        r = analyst.post(f"/workflow/updates/{pending.update_id}/review", data={"csrf_token": a_token,
                                                                                "decision": "approve",
                                                                                "version": str(version)})
        assert r.status_code == 303
        shown = public.get("/public/deliverables")
        assert shown.status_code == 200 and "Perceived religion now recorded &lt;b&gt;live&lt;/b&gt;" in shown.text
        data = public.get("/public/deliverables.json").json()
        a2 = next(d for d in data["deliverables"] if d["deliverable_id"] == "A2")
        assert a2["status"] == "On track" and "lee.lead" not in str(data)  # no author names in public
        listed = lead.get("/workflow")
        assert "A2" in listed.text and "On track" in listed.text
        # and the board paper takes the same approved update (crimeplan.report renders this status)
        from datetime import date

        from crimeplan.report.updates import deliverable_status, latest_approved
        approved = latest_approved(_store(shared_app), PLAN.id, date.today())["A2"]
        in_paper = deliverable_status(PLAN.deliverables["A2"], approved, date.today())
        assert in_paper.paragraphs == ("Perceived religion now recorded <b>live</b>",) and not in_paper.overdue


def test_second_save_is_refused_and_the_form_keeps_the_text(shared_app):
    with client(shared_app) as first, client(shared_app) as second:
        t1, t2 = sign_in(first, "lee.lead"), sign_in(second, "ann.analyst")
        version = dl.get_deliverable(_store(shared_app), PLAN.id, "A1").version
        assert first.post("/workflow/deliverables/A1/updates", data={
            "csrf_token": t1, "version": str(version), "text": "first to save"}).status_code == 303
        r = second.post("/workflow/deliverables/A1/updates", data={
            "csrf_token": t2, "version": str(version), "text": "my long careful update"})
        assert r.status_code == 409
        assert "someone else saved first" in r.text and "my long careful update</textarea>" in r.text
        api = second.post("/api/workflow/deliverables/A1/updates", json={"text": "api text", "version": version},
                          headers={"X-CSRF-Token": t2})
        assert api.status_code == 409 and api.json()["error"]["kept"]["text"] == "api text"


def test_public_tables_suppress_small_counts(shared_app):
    from crimeplan.workflow.disclosure import SUPPRESSED_SYMBOL
    with client(shared_app) as public:
        r = public.get("/public/hate-crime.json")
        assert r.status_code == 200
        table = r.json()
        assert table["threshold"] == 5
        for row in table["cells"]:
            assert all(v is None or v == 0 or v >= 5 for v in row)
        page = public.get("/public/hate-crime")
        assert page.status_code == 200 and "<caption" in page.text
        assert SUPPRESSED_SYMBOL in page.text or table["suppressed"] == 0


def test_public_pages_need_no_sign_in_and_have_no_record_level_data(shared_app):
    with client(shared_app) as public:
        for path in ("/public", "/public/deliverables", "/public/hate-crime"):
            r = public.get(path)
            assert r.status_code == 200 and "crime_id" not in r.text


def _store(app):
    return app.state.portal.service.store
