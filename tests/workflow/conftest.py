"""Workflow fixtures: the shipped plan's deliverables copied into a fresh store, and people."""

from __future__ import annotations

import pytest

from crimeplan.plan import load_plan
from crimeplan.workflow.deliverables import ensure_plan
from crimeplan.workflow.roles import ADMIN, ANALYST, LEAD, VIEWER, Actor
from crimeplan.workflow.settings import WorkflowSettings

PLAN = load_plan("wmp-2013-14")
LEAD_A = Actor("lp.lead", LEAD, "ACC Local Policing")      # leads A1, A2, D3 (joint) …
LEAD_F = Actor("crime.lead", LEAD, "ACC Crime")            # leads F1 …
ANALYST_1 = Actor("analyst.one", ANALYST)
ANALYST_2 = Actor("analyst.two", ANALYST)
VIEWER_1 = Actor("viewer.one", VIEWER)
ADMIN_1 = Actor("admin.one", ADMIN)
SETTINGS = WorkflowSettings(session_secret="test-secret", cookie_secure=True, throttle_failures=3,
                            throttle_max_seconds=0.01, client_attempts_per_minute=1000)


def approve(store, update_id: int, actor: Actor, **kwargs):
    """Approve an update as read now: naming the deliverable's current version."""
    from crimeplan.workflow import deliverables as dl

    update = dl.get_update(store, update_id)
    version = dl.get_deliverable(store, update.plan_id, update.deliverable_id).version
    return dl.review_update(store, update_id, actor, approve=True, expected_version=version, **kwargs)


@pytest.fixture
def wstore(store):
    ensure_plan(store, PLAN, actor="setup")
    return store


@pytest.fixture
def wduck(duck):
    ensure_plan(duck, PLAN, actor="setup")
    return duck
