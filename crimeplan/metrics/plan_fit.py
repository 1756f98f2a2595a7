"""Which shipped plan fits the data loaded: read before a command has a plan, so it reads the load
history alone (no query layer; crimeplan.commands.stored_results can then answer without one)."""

from __future__ import annotations

from crimeplan.store import Store

DEFAULT_PLAN = "wmp-2013-14"
"""The plan of a force's own records (the demo's board paper)."""
POLICE_UK_PLAN = "police-uk"
"""The plan of police.uk data: its measures are police.uk crime types and outcome categories."""
CRIME_DATA_KINDS = ("police-uk-street", "police-uk-outcomes", "records", "demo")
"""Load kinds that bring crimes or their outcomes (crimeplan.ingest)."""


def default_plan(store: Store, area: str | None = None) -> str:
    """The plan that fits the data: police-uk when the force of ``area`` (``force:SLUG``), or every
    force loaded when no force is given, has only police.uk data; else the demo's plan."""
    force = area.partition(":")[2] if area and area.startswith("force:") else None
    kinds = {str(load["kind"]) for load in store.loads() if load["kind"] in CRIME_DATA_KINDS
             and (force is None or force in str(load.get("force") or "").split(","))}
    return POLICE_UK_PLAN if kinds and all(k.startswith("police-uk") for k in kinds) else DEFAULT_PLAN
