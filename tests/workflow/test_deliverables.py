"""Deliverables: copied from the plan, drafted by their lead, approved by another person, versioned."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crimeplan.errors import ConfigError, NotFoundError
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow.audit import audit_entries
from crimeplan.workflow.deliverables import ApprovedUpdate
from crimeplan.workflow.errors import ConflictError, PermissionDenied
from crimeplan.workflow.status import latest_approved as latest_approved_at
from tests.workflow.conftest import ANALYST_1, ANALYST_2, LEAD_A, LEAD_F, PLAN, VIEWER_1, approve


def latest_approved(store, plan_id):
    return latest_approved_at(store, plan_id, date.today())


def test_plan_deliverables_are_copied_once_and_analyst_edits_survive(wstore):
    ds = dl.list_deliverables(wstore, PLAN.id)
    assert [d.deliverable_id for d in ds] == sorted(PLAN.deliverables)
    a1 = dl.get_deliverable(wstore, PLAN.id, "A1")
    assert (a1.lead, a1.cadence, a1.status, a1.version) == ("ACC Local Policing", "6-monthly", "not_started", 1)
    dl.edit_deliverable(wstore, PLAN.id, "A1", ANALYST_1, expected_version=1, cadence="quarterly")
    assert dl.ensure_plan(wstore, PLAN) == 0
    assert dl.get_deliverable(wstore, PLAN.id, "A1").cadence == "quarterly"
    f1 = dl.get_deliverable(wstore, PLAN.id, "F1")
    assert f1.covered_elsewhere == "Last updated in ACC Crime Portfolio paper March 2014"


def test_only_approved_updates_reach_latest_approved(wstore):
    draft = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="Study concluded; roll-out from June",
                          status="on_track", reason="Study reported", evidence=["https://example.org/bmg"])
    assert draft.state == dl.DRAFT and draft.evidence == ("https://example.org/bmg",)
    assert latest_approved(wstore, PLAN.id) == {}
    approved = approve(wstore, draft.update_id, ANALYST_1)
    got = latest_approved(wstore, PLAN.id)
    assert set(got) == {"A1"}
    a1 = got["A1"]
    assert isinstance(a1, ApprovedUpdate) and isinstance(a1.approved_at, datetime)
    assert (a1.text, a1.status, a1.author, a1.covered_in) == ("Study concluded; roll-out from June", "on_track",
                                                              "lp.lead", None)
    assert a1.approved_at == approved.reviewed_at
    assert dl.get_deliverable(wstore, PLAN.id, "A1").status == "on_track"
    with pytest.raises(AttributeError):
        a1.text = "changed"  # frozen


def test_latest_is_the_last_approved_and_covered_points_to_the_paper(wstore):
    first = dl.add_update(wstore, PLAN.id, "F1", LEAD_F, text="Gangs work continues", status="on_track", reason="ok")
    approve(wstore, first.update_id, ANALYST_1)
    second = dl.add_update(wstore, PLAN.id, "F1", LEAD_F, covered_in="ACC Crime Portfolio paper, March 2014")
    assert second.kind == dl.COVERED and second.text == "Covered in ACC Crime Portfolio paper, March 2014"
    approve(wstore, second.update_id, ANALYST_2)
    third = dl.add_update(wstore, PLAN.id, "F1", LEAD_F, text="not yet approved")
    assert third.state == dl.DRAFT
    latest = latest_approved(wstore, PLAN.id)["F1"]
    assert latest.covered_in == "ACC Crime Portfolio paper, March 2014" and latest.status == "on_track"


def test_a_status_change_needs_a_reason(wstore):
    with pytest.raises(ConfigError, match="reason: status of A1 changes from not started to at risk"):
        dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="slipping", status="at_risk")
    same = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="no change", status="not_started")
    assert same.status_reason is None


def test_leads_draft_only_their_own_and_nobody_approves_their_own(wstore):
    with pytest.raises(PermissionDenied, match="led by ACC Crime"):
        dl.add_update(wstore, PLAN.id, "F1", LEAD_A, text="not mine")
    with pytest.raises(PermissionDenied):
        dl.add_update(wstore, PLAN.id, "A1", VIEWER_1, text="viewers read")
    joint = dl.add_update(wstore, PLAN.id, "D3", LEAD_A, text="joint lead: Alethea Fuller and ACC Local Policing")
    with pytest.raises(PermissionDenied, match="may not approve"):
        approve(wstore, joint.update_id, LEAD_A)
    own = dl.add_update(wstore, PLAN.id, "A2", ANALYST_1, text="analyst's own draft")
    with pytest.raises(PermissionDenied, match="may not review it"):
        approve(wstore, own.update_id, ANALYST_1)
    with pytest.raises(PermissionDenied):
        dl.edit_deliverable(wstore, PLAN.id, "A1", LEAD_A, lead="someone else")


def test_returned_update_is_edited_and_resubmitted(wstore):
    draft = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="first go")
    with pytest.raises(ConfigError, match="note"):
        dl.review_update(wstore, draft.update_id, ANALYST_1, approve=False)
    returned = dl.review_update(wstore, draft.update_id, ANALYST_1, approve=False, note="Add the BMG report link")
    assert returned.state == dl.RETURNED and latest_approved(wstore, PLAN.id) == {}
    edited = dl.edit_update(wstore, draft.update_id, LEAD_A, text="second go",
                            evidence=["https://example.org/bmg-report"])
    assert edited.state == dl.DRAFT and edited.text == "second go"
    approve(wstore, draft.update_id, ANALYST_1)
    with pytest.raises(ConfigError, match="approved updates cannot change"):
        dl.edit_update(wstore, draft.update_id, LEAD_A, text="rewrite history")
    assert [u.state for u in dl.history(wstore, PLAN.id, "A1")] == ["approved"]


def test_second_save_from_a_stale_version_is_refused_and_keeps_the_text(wstore):
    version = dl.get_deliverable(wstore, PLAN.id, "A1").version
    dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="first writer", expected_version=version)
    with pytest.raises(ConflictError, match="was changed by lp.lead") as caught:
        dl.add_update(wstore, PLAN.id, "A1", ANALYST_1, text="second writer's careful prose",
                      expected_version=version)
    assert caught.value.kept["text"] == "second writer's careful prose"
    assert caught.value.current_version == version + 1 and caught.value.http_status == 409
    assert [u.text for u in dl.history(wstore, PLAN.id, "A1")] == ["first writer"]


@pytest.mark.parametrize("field,value,message", [
    ("evidence", ["javascript:alert(1)"], "evidence: expected an http"),
    ("evidence", ["https://x.org/" + "a" * 600], "evidence"),
    ("text", "", "text: expected the progress made"),
    ("text", "x" * (dl.MAX_TEXT + 1), "at most"),
    ("status", "fine", "status: expected one of"),
    ("covered_in", "y" * 501, "covered_in"),
])
def test_bad_content_is_refused_with_a_message_and_nothing_saved(wstore, field, value, message):
    args = {"text": "ok", field: value}
    with pytest.raises(ConfigError, match=message):
        dl.add_update(wstore, PLAN.id, "A1", LEAD_A, **args)
    assert dl.history(wstore, PLAN.id, "A1") == []
    assert dl.get_deliverable(wstore, PLAN.id, "A1").version == 1


def test_unknown_things_are_not_found(wstore):
    with pytest.raises(NotFoundError):
        dl.add_update(wstore, PLAN.id, "ZZ9", LEAD_A, text="x")
    with pytest.raises(NotFoundError):
        approve(wstore, 999, ANALYST_1)
    with pytest.raises(NotFoundError):
        dl.get_deliverable(wstore, "no-such-plan", "A1")


def test_every_change_is_in_the_audit_trail_with_before_and_after(wstore):
    draft = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="audited", status="on_track", reason="r")
    approve(wstore, draft.update_id, ANALYST_1)
    dl.edit_deliverable(wstore, PLAN.id, "A1", ANALYST_1, lead="ACC Local Policing and ACC Crime")
    entries = audit_entries(wstore, entity="deliverable:wmp-2013-14/A1", include_loads=False)
    assert [e.action for e in entries] == ["deliverable.add", "update.draft", "update.approve", "deliverable.edit"]
    approval = entries[2]
    assert approval.actor == "analyst.one" and approval.before["state"] == "draft"
    assert approval.after["state"] == "approved"
    edit = entries[3]
    assert (edit.before["lead"], edit.after["lead"]) == ("ACC Local Policing", "ACC Local Policing and ACC Crime")


def test_due_and_overdue_follow_the_cadence_in_months(wstore):
    # never updated: A1 (6-monthly) counts from the plan's start, 1 April 2013: current to 31 October 2013
    states = {s.deliverable.deliverable_id: s for s in dl.deliverable_states(wstore, PLAN, date(2014, 2, 1))}
    assert states["A1"].next_due == date(2013, 10, 31) and states["A1"].overdue
    assert not states["A1"].last_approved and states["A1"].status == "not_started"
    early = {s.deliverable.deliverable_id: s for s in dl.deliverable_states(wstore, PLAN, date(2013, 10, 31))}
    assert not early["A1"].overdue
    due = dl.due(wstore, PLAN, date(2014, 2, 1))
    assert "A1" in {s.deliverable.deliverable_id for s in due}
    assert all(s.next_due <= date(2014, 2, 1) for s in due)
    # an approval today makes it current for six months from this month
    draft = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="Study concluded")
    approve(wstore, draft.update_id, ANALYST_1)
    today = {s.deliverable.deliverable_id: s for s in dl.deliverable_states(wstore, PLAN, date.today())}["A1"]
    assert today.last_approved and not today.overdue and today.next_due > date.today()


def test_export_has_one_row_per_update_and_approved_only_filters(wstore):
    first = dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="=HYPERLINK(\"http://evil\")")
    approve(wstore, first.update_id, ANALYST_1)
    dl.add_update(wstore, PLAN.id, "A1", LEAD_A, text="draft")
    rows = dl.export_rows(wstore, PLAN, date(2014, 5, 13))
    a1 = [r for r in rows if r["deliverable_id"] == "A1"]
    assert [r["state"] for r in a1] == ["approved", "draft"]
    assert len(rows) == len(PLAN.deliverables) + 1
    only = dl.export_rows(wstore, PLAN, date(2014, 5, 13), approved_only=True)
    assert [r["state"] for r in only if r["deliverable_id"] == "A1"] == ["approved"]
    text = dl.rows_to_csv(rows)
    assert "'=HYPERLINK" in text  # a spreadsheet shows it as text rather than running it


def test_importing_the_papers_updates_keeps_their_dates_and_is_idempotent(store):
    from datetime import datetime

    from crimeplan.loads.demo import load_demo_updates
    from crimeplan.workflow.audit import audit_entries
    assert load_demo_updates(store) == 9
    assert load_demo_updates(store) == 0  # already imported
    approved = latest_approved(store, "wmp-2013-14")
    assert approved["A1"].approved_at == datetime(2014, 3, 28, 12)
    assert approved["F1"].covered_in == "ACC Crime Portfolio paper, March 2014"
    assert "Nissan Leaf" in approved["D2"].text
    assert sum(e.action == "update.import" for e in audit_entries(store, include_loads=False)) == 9
