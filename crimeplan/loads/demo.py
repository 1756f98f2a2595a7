"""The demo as ``crimeplan demo`` builds it: the synthetic force's data (crimeplan.demo) loaded
with the cube in step, and the board paper's explained step changes and deliverable updates."""

from __future__ import annotations

from datetime import date
from importlib import resources

import yaml

from crimeplan.demo import DEMO_FORCE, generate_demo
from crimeplan.funding import load_funding
from crimeplan.indicators import load_indicators
from crimeplan.ingest.demo import ingest_demo
from crimeplan.loads import CUBE, ingest_areas
from crimeplan.plan import load_plan
from crimeplan.register import add_change, list_changes
from crimeplan.store import Store
from crimeplan.workflow.deliverables import ensure_plan, import_approved_updates
from crimeplan.workflow.roles import Actor

DEMO_PLAN = "wmp-2013-14"
"""The packaged plan the demo's updates belong to (crimeplan/plans/wmp-2013-14)."""

DEMO_CHANGES = (  # the step changes the board paper explains (paragraphs 75, 81, 111)
    ("vwi", "2013-07-01", "Operation Sentinel: domestic abuse reporting drive"),
    ("shoplifting", "2012-11-01", "Rise in shop theft seen nationally; Operation Simul"),
    ("vehicle", "2012-12-01", "Step change down in vehicle crime"),
)


def load_demo(store: Store, *, seed: int = 2014, loaded_by: str = "unknown") -> dict:
    """Generate the demo force from ``seed`` and load it, replacing any earlier demo."""
    return ingest_demo(store, generate_demo(seed), derived=CUBE, loaded_by=loaded_by)


def register_demo_changes(store: Store, *, created_by: str = "demo") -> int:
    """Register the paper's explained step changes for the demo force (once; skipped if present)."""
    area = f"force:{DEMO_FORCE}"
    existing = {(c.measure, c.area, c.month) for c in list_changes(store)}
    added = 0
    for measure, month, reason in DEMO_CHANGES:
        when = date.fromisoformat(month)
        if (measure, area, when) not in existing:
            add_change(store, measure=measure, area=area, month=when, reason=reason, created_by=created_by)
            added += 1
    return added


def load_demo_updates(store: Store, *, actor_name: str = "demo") -> int:
    """The paper's deliverable updates for the demo plan, approved with their own dates."""
    plan = load_plan(DEMO_PLAN)
    ensure_plan(store, plan, actor_name)
    rows = yaml.safe_load(resources.files("crimeplan").joinpath(f"plans/{DEMO_PLAN}/updates.yaml").read_text("utf-8"))
    return import_approved_updates(store, plan.id, rows, Actor(actor_name, "analyst"))


DEMO_REFERENCE_FILES = ("priority-areas.csv", "funding.csv", "reoffending.csv", "csew-confidence.csv")
"""The demo plan's reference data the board paper shows: its priority areas (the areas the milestone
"Reduce crime in high crime priority areas" is measured in, chosen by crimeplan.demo.priority), the
Community Safety Fund table, the re-offending ranks and the national confidence figure
(crimeplan/plans/wmp-2013-14)."""


def load_demo_references(store: Store, *, loaded_by: str = "demo") -> int:
    """Load the demo plan's priority areas, funding table and published indicators; the number of
    files loaded."""
    plan = load_plan(DEMO_PLAN)
    folder = resources.files("crimeplan").joinpath(f"plans/{DEMO_PLAN}")
    for name in DEMO_REFERENCE_FILES:
        path = str(folder.joinpath(name))
        if name == "priority-areas.csv":
            ingest_areas(store, path, loaded_by=loaded_by)
        elif name == "funding.csv":
            load_funding(store, path, plan=plan, loaded_by=loaded_by)
        else:
            load_indicators(store, path, loaded_by=loaded_by)
    return len(DEMO_REFERENCE_FILES)


__all__ = ["DEMO_CHANGES", "load_demo", "load_demo_references", "load_demo_updates", "register_demo_changes"]
