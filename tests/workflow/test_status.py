"""The one rule for a deliverable's latest update, status and overdue flag (crimeplan.workflow.status),
and every caller agreeing with it: the workflow list, the public view and the paper."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crimeplan.errors import ConfigError
from crimeplan.plan import CADENCES
from crimeplan.report.updates import deliverable_status
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import public, status
from crimeplan.workflow.status import ApprovedUpdate
from tests.workflow.conftest import ANALYST_1, LEAD_A, PLAN, approve


def _update(day: datetime, state: str = "on_track", text: str = "t") -> ApprovedUpdate:
    return ApprovedUpdate("A1", text, state, day, "lp.lead", None, "analyst.one")


def test_cadences_are_the_plans_and_declared_once():
    import crimeplan.render.labels as labels
    import crimeplan.report.cadence as cadence
    import crimeplan.workflow.calendar as calendar

    assert set(status.CADENCE_MONTHS) == set(CADENCES)
    assert cadence.CADENCE_MONTHS is status.CADENCE_MONTHS  # the paper's name is the rule's
    assert not hasattr(labels, "CADENCE_MONTHS") and not hasattr(calendar, "CADENCE_MONTHS")
    with pytest.raises(ConfigError, match="cadence: expected one of monthly"):
        status.cadence_months("fortnightly")


@pytest.mark.parametrize("since, cadence, due", [
    (date(2014, 3, 20), "quarterly", date(2014, 6, 30)),   # March + 3 months: current to the end of June
    (date(2014, 1, 31), "monthly", date(2014, 2, 28)),
    (date(2013, 10, 1), "6-monthly", date(2014, 4, 30)),
    (date(2013, 4, 1), "annual", date(2014, 4, 30)),
    (date(2013, 4, 1), None, None),                         # no cadence: never due
])
def test_an_update_is_current_to_the_end_of_its_month_plus_the_cadence(since, cadence, due):
    assert status.due_date(since, cadence) == due
    if due is not None:
        assert not status.is_overdue(since, due, cadence)
        assert status.is_overdue(since, date.fromordinal(due.toordinal() + 1), cadence)


def test_the_latest_update_is_the_last_approved_on_or_before_the_date():
    march, may = _update(datetime(2014, 3, 28, 12), text="march"), _update(datetime(2025, 5, 2, 9), "complete", "may")
    # the case of issue 18: a new approval after the briefing date must not hide the one before it
    at_briefing = status.status_at("A1", "6-monthly", [march, may], date(2014, 4, 1), date(2013, 4, 1))
    assert at_briefing.latest == march and at_briefing.status == "on_track" and not at_briefing.overdue
    assert at_briefing.due == date(2014, 9, 30)
    later = status.status_at("A1", "6-monthly", [march, may], date(2025, 5, 2), date(2013, 4, 1))
    assert later.latest == may and later.status == "complete"
    before = status.status_at("A1", "6-monthly", [march, may], date(2014, 3, 27), date(2013, 4, 1))
    assert before.latest is None and before.status == "not_started" and before.overdue  # since April 2013
    assert not status.status_at("A1", "6-monthly", [], date(2013, 10, 31), date(2013, 4, 1)).overdue
    assert not status.status_at("A1", None, [], date(2020, 1, 1), date(2013, 4, 1)).overdue


def test_an_approval_today_keeps_the_earlier_update_at_the_briefing_date(store):
    from crimeplan.loads.demo import load_demo_updates

    load_demo_updates(store)
    draft = dl.add_update(store, PLAN.id, "A1", LEAD_A, text="Roll-out started", status="on_track")
    approve(store, draft.update_id, ANALYST_1)
    briefing = status.statuses(store, PLAN, date(2014, 4, 1))["A1"]
    assert briefing.latest is not None and briefing.latest.approved_at == datetime(2014, 3, 28, 12)
    assert "You Said, We Did" in briefing.latest.text and not briefing.overdue
    now = status.statuses(store, PLAN, date.today())["A1"]
    assert now.latest is not None and now.latest.text == "Roll-out started"
    assert (now.latest.author, now.latest.approved_by) == ("lp.lead", "analyst.one")


def test_workflow_public_and_paper_agree_for_every_deliverable_of_the_demo(store):
    from crimeplan.loads.demo import load_demo_updates
    from crimeplan.report.updates import latest_approved

    load_demo_updates(store)
    for day in (date(2014, 3, 20), date(2014, 4, 1), date(2014, 8, 1), date.today()):
        listed = {s.deliverable.deliverable_id: s for s in dl.deliverable_states(store, PLAN, day)}
        shown = {p.deliverable_id: p for p in public.public_deliverables(store, PLAN, day)}
        in_paper = latest_approved(store, PLAN.id, day)
        for did, d in PLAN.deliverables.items():
            paper = deliverable_status(d, in_paper.get(did), day, status.plan_start(PLAN))
            assert dl.STATUSES[listed[did].status] == shown[did].status, (day, did)
            assert (paper.status or "not_started") == listed[did].status, (day, did)
            assert paper.overdue == listed[did].overdue, (day, did)
    # the demo's imported statuses are shown, not "Not started" (issue 18: A2, B1, D2)
    at_april = {s.deliverable.deliverable_id: s.status for s in dl.deliverable_states(store, PLAN, date(2014, 4, 1))}
    assert (at_april["A2"], at_april["B1"], at_april["D2"]) == ("on_track", "complete", "complete")
    assert dl.get_deliverable(store, PLAN.id, "B1").status == "complete"   # the stored status follows the import
