"""``crimeplan report --as-at LOAD`` keeps every measure that existed at that load (issue 17 item 7):
the survey milestones from the results loaded by then, none from later loads."""

from __future__ import annotations

from crimeplan.metrics import compute_plan
from crimeplan.plan import load_plan
from crimeplan.report import build_report, gather
from crimeplan.report.context import Paragraph
from tests.report.conftest import BRIEFING, MEETING

SURVEY_MILESTONES = {"satisfaction_crime", "satisfaction_asb"}


def _load_ids(store) -> dict[str, int]:
    """The first load of each kind."""
    out: dict[str, int] = {}
    for load in sorted(store.loads(), key=lambda x: x["load_id"]):
        out.setdefault(load["kind"], load["load_id"])
    return out


def test_as_at_keeps_the_survey_milestones_loaded_by_then(demo_store, result):
    plan = load_plan("wmp-2013-14")
    latest = max(load["load_id"] for load in demo_store.loads())
    at_latest = compute_plan(plan, demo_store, BRIEFING, as_at=latest)
    assert {s.milestone for s in at_latest.surveys} == SURVEY_MILESTONES
    assert [s.current for s in at_latest.surveys] == [s.current for s in result.surveys]
    before_surveys = min(load_id for kind, load_id in _load_ids(demo_store).items() if "survey" in kind) - 1
    assert compute_plan(plan, demo_store, BRIEFING, as_at=before_surveys).surveys == ()


def test_the_as_at_paper_prints_the_satisfaction_milestones(demo_store):
    plan = load_plan("wmp-2013-14")
    latest = max(load["load_id"] for load in demo_store.loads())
    at = compute_plan(plan, demo_store, BRIEFING, as_at=latest)
    paper = build_report(at, loads=demo_store.loads(), meeting_date=MEETING, as_at=latest, data=gather(demo_store, at))
    for milestone in SURVEY_MILESTONES:
        text = " ".join(b.text for _, b in paper.blocks()
                        if isinstance(b, Paragraph) and f"milestone:{milestone}" in b.groups)
        assert "satisfaction" in text.lower() and "No figures" not in text
