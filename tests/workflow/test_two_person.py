"""Approvals take two people (issue 19): revisions with their authors, only the author edits a draft,
no author of any revision approves, approval names the version read; a refused edit keeps its text."""

from __future__ import annotations

import html
import json

import pytest

from crimeplan.store import open_store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow.errors import ConflictError, PermissionDenied
from crimeplan.workflow.roles import LEAD, Actor
from tests.workflow.conftest import ANALYST_1, ANALYST_2, LEAD_A, PLAN, approve
from tests.workflow.web import client, make_app, sign_in

LEE = Actor("lee.lead", LEAD, "ACC Local Policing")   # the web tests' lead account, same lead name as LEAD_A


def test_each_text_is_a_revision_with_its_author(wstore):
    draft = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="first go")
    dl.review_update(wstore, draft.update_id, ANALYST_1, approve=False, note="Add the report")
    edited = dl.edit_update(wstore, draft.update_id, LEAD_A, text="second go")
    assert (edited.revision, edited.text, edited.state) == (2, "second go", dl.DRAFT)
    revisions = dl.revisions(wstore, draft.update_id)
    assert [(r.revision, r.text, r.author) for r in revisions] == [(1, "first go", "lp.lead"),
                                                                   (2, "second go", "lp.lead")]
    approved = approve(wstore, draft.update_id, ANALYST_2)
    latest = dl.rule.latest_approved(wstore, PLAN.id, approved.reviewed_at.date())["A1"]
    assert (latest.text, latest.author, latest.approved_by) == ("second go", "lp.lead", "analyst.two")


def test_only_the_author_edits_a_draft(wstore):
    draft = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="lead's words")
    with pytest.raises(PermissionDenied, match="only they may edit it"):
        dl.edit_update(wstore, draft.update_id, ANALYST_1, text="analyst's words")
    with pytest.raises(PermissionDenied, match="only they may edit it"):
        dl.edit_update(wstore, draft.update_id, LEE, text="another lead's words")
    assert dl.get_update(wstore, draft.update_id).text == "lead's words"
    assert [r.author for r in dl.revisions(wstore, draft.update_id)] == ["lp.lead"]


def test_no_author_of_any_revision_approves_and_approval_names_the_version(wstore):
    draft = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="lead's words")
    # a revision by someone else (as kept from before the rule): its author may not approve
    content = {"kind": dl.PROGRESS, "body": "analyst's words", "status": "not_started", "status_reason": None,
               "evidence": json.dumps([]), "covered_in": None}
    wstore.execute(q.INSERT_REVISION, {"update_id": draft.update_id, "revision": 2, **content,
                                       "author": ANALYST_1.name, "created_at": draft.created_at})
    with pytest.raises(PermissionDenied, match="analyst.one wrote"):
        approve(wstore, draft.update_id, ANALYST_1)
    version = dl.get_deliverable(wstore, PLAN.id, "A1").version
    with pytest.raises(Exception, match="version: expected the version of the deliverable you read") as caught:
        dl.review_update(wstore, draft.update_id, ANALYST_2, approve=True)
    assert caught.value.http_status == 400
    dl.edit_update(wstore, draft.update_id, LEAD_A, text="changed after the reviewer read it")
    with pytest.raises(ConflictError):
        dl.review_update(wstore, draft.update_id, ANALYST_2, approve=True, expected_version=version)
    assert dl.get_update(wstore, draft.update_id).state == dl.DRAFT


@pytest.fixture
def web(store_url):
    app = make_app(store_url)
    with open_store(store_url, migrate=False) as s:
        update_id = dl.add_update(s, PLAN.id, "A1", LEE, text="Lee's own draft").update_id
    yield app, update_id
    app.state.portal.service.close()


def _version(app) -> int:
    return dl.get_deliverable(app.state.portal.service.store, PLAN.id, "A1").version


def test_the_four_bypasses_are_refused_over_http(web):
    app, update_id = web
    with client(app) as analyst, client(app) as lead:
        a_token, l_token = sign_in(analyst, "ann.analyst"), sign_in(lead, "lee.lead")
        # 1. an analyst edits a lead's draft (to approve their own words as the lead's)
        r = analyst.post(f"/workflow/updates/{update_id}/edit", data={
            "csrf_token": a_token, "version": str(_version(app)), "text": "analyst's words"})
        assert r.status_code == 403, r.text[:300]
        # 2. a lead edits another author's draft
        other = dl.add_update(app.state.portal.service.store, PLAN.id, "A1", LEAD_A, text="lp.lead's draft")
        r = lead.post(f"/workflow/updates/{other.update_id}/edit", data={
            "csrf_token": l_token, "version": str(_version(app)), "text": "lee's words"})
        assert r.status_code == 403, r.text[:300]
        # 3. approval through the JSON API without naming the version read
        r = analyst.post(f"/api/workflow/updates/{update_id}/review", json={"decision": "approve"},
                         headers={"X-CSRF-Token": a_token})
        assert r.status_code == 400 and "version" in r.json()["error"]["message"]
        # 4. approval of a text changed after it was read
        read = _version(app)
        assert lead.post(f"/workflow/updates/{update_id}/edit", data={
            "csrf_token": l_token, "version": str(read), "text": "Lee's second thoughts"}).status_code == 303
        r = analyst.post(f"/api/workflow/updates/{update_id}/review", json={"decision": "approve", "version": read},
                         headers={"X-CSRF-Token": a_token})
        assert r.status_code == 409
        store = app.state.portal.service.store
        assert dl.get_update(store, update_id).state == dl.DRAFT
        assert [r.text for r in dl.revisions(store, update_id)] == ["Lee's own draft", "Lee's second thoughts"]
        assert {u.text for u in dl.history(store, PLAN.id, "A1")} == {"Lee's second thoughts", "lp.lead's draft"}
        # and as read now, it is approved, showing who wrote it and who approved it
        r = analyst.post(f"/api/workflow/updates/{update_id}/review",
                         json={"decision": "approve", "version": _version(app)}, headers={"X-CSRF-Token": a_token})
        assert r.status_code == 200 and r.json()["reviewed_by"] == "ann.analyst"
        page = lead.get("/workflow/deliverables/A1").text
        assert "Written by lee.lead (revision 2); approved by ann.analyst" in page


def test_a_refused_edit_keeps_the_submitted_text_in_the_form(web):
    app, update_id = web
    with client(app) as lead:
        token = sign_in(lead, "lee.lead")
        stale = _version(app)
        page = lead.get("/workflow/deliverables/A1").text
        assert f'action="/workflow/updates/{update_id}/edit"' in page   # the author may edit their draft
        dl.add_update(app.state.portal.service.store, PLAN.id, "A1", LEAD_A, text="someone saved first")
        mine = "My careful <rewrite>\nof the draft & more"
        r = lead.post(f"/workflow/updates/{update_id}/edit", data={
            "csrf_token": token, "version": str(stale), "text": mine, "reason": "kept reason"})
        assert r.status_code == 409 and "your text is kept" in r.text
        textarea = f'name="text" rows="10" cols="80" maxlength="20000">{html.escape(mine, quote=True)}</textarea>'
        assert textarea.replace("&#x27;", "'") in r.text.replace("&#39;", "'")
        assert 'value="kept reason"' in r.text
        assert dl.get_update(app.state.portal.service.store, update_id).text == "Lee's own draft"
        # saving again from the page that came back (it carries the current version) works
        fresh = _version(app)
        assert f'name="version" value="{fresh}"' in r.text
        again = lead.post(f"/workflow/updates/{update_id}/edit", data={
            "csrf_token": token, "version": str(fresh), "text": mine})
        assert again.status_code == 303
        assert dl.get_update(app.state.portal.service.store, update_id).text == mine.replace("\r\n", "\n")
