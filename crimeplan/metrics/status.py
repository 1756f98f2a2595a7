"""What is loaded: per force and month, rows by crime type and by outcome group; the load history.

The JSON form is a stable contract (docs/cli.md):
``{"forces": {FORCE: {"YYYY-MM": {"crimes": N, "asb": N, "by_type": {TYPE: N},
"by_outcome_group": {GROUP: N}}}}, "loads": [...]}``. ``by_type`` counts every row of the month
by its police.uk crime type label (anti-social behaviour included, so it sums to crimes + asb);
``by_outcome_group`` counts crimes by the outcome group of their outcome.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crimeplan import reference
from crimeplan.store import Store, queries

NO_CATEGORY = "(no crime type)"


def load_status(store: Store) -> dict[str, Any]:
    forces: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)

    def month_entry(force: str, month) -> dict[str, Any]:
        key = month.strftime("%Y-%m")
        return forces[force].setdefault(key, {"crimes": 0, "asb": 0, "by_type": {}, "by_outcome_group": {}})

    for force, month, category, n in store.fetchall(queries.STATUS_CRIMES):
        entry = month_entry(force, month)
        entry["crimes"] += n
        label = category or NO_CATEGORY
        entry["by_type"][label] = entry["by_type"].get(label, 0) + n
    for force, month, label, outcome_type, n in store.fetchall(queries.STATUS_CRIME_OUTCOMES):
        entry = month_entry(force, month)
        group = outcome_group(label, outcome_type)
        entry["by_outcome_group"][group] = entry["by_outcome_group"].get(group, 0) + n
    for force, month, n in store.fetchall(queries.STATUS_ASB):
        entry = month_entry(force, month)
        entry["asb"] += n
        entry["by_type"][reference.ASB_LABEL] = entry["by_type"].get(reference.ASB_LABEL, 0) + n
    ordered = {f: {m: _sorted(forces[f][m]) for m in sorted(forces[f])} for f in sorted(forces)}
    return {"forces": ordered, "loads": store.loads()}


def outcome_group(label: str | None, outcome_type: int | None) -> str:
    """The outcome group of a crime: from its police.uk label, else its Home Office type."""
    if label:
        return reference.outcome_group_for_label(label)
    if outcome_type is not None:
        known = reference.OUTCOME_TYPES.get(outcome_type)
        return _slug(known.group) if known else "unknown"
    return reference.outcome_group_for_label("")


def _slug(name: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _sorted(entry: dict[str, Any]) -> dict[str, Any]:
    return {**entry, "by_type": dict(sorted(entry["by_type"].items())),
            "by_outcome_group": dict(sorted(entry["by_outcome_group"].items()))}
