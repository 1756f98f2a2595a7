"""What is loaded: per force and month, rows by crime type and by outcome group; the load history.

The JSON form is a stable contract (docs/cli.md):
``{"forces": {FORCE: {"YYYY-MM": {"crimes": N, "asb": N, "by_type": {TYPE: N},
"by_outcome_group": {GROUP: N}, "unknown_outcome_labels": {LABEL: N}, "published": {...} | null}}},
"unknown_labels": {"outcome": {LABEL: N}}, "loads": [...]}``. ``by_type`` counts every row of the month
by its police.uk crime type label (anti-social behaviour included, so it sums to crimes + asb);
``by_outcome_group`` counts crimes by the outcome group of their outcome; ``unknown_outcome_labels``
names and counts the crimes whose label the reference does not know (group ``unknown``), and
``unknown_labels`` adds them up over the store. ``published`` is what police.uk published for the
force-month (crimes with an outcome, an LSOA and a Crime ID, ``outcomes_published``, the crime-type
scheme), or null for data loaded from records.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crimeplan import reference
from crimeplan.metrics.published import published_months
from crimeplan.store import Store, queries

NO_CATEGORY = "(no crime type)"


def load_status(store: Store) -> dict[str, Any]:
    """What the store holds, per force and month (the JSON contract above)."""
    forces: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)

    def month_entry(force: str, month: Any) -> dict[str, Any]:
        key = month.strftime("%Y-%m")
        return forces[force].setdefault(key, {"crimes": 0, "asb": 0, "by_type": {}, "by_outcome_group": {},
                                              "unknown_outcome_labels": {}, "published": None})

    for force, month, category, n in store.fetchall(queries.STATUS_CRIMES):
        entry = month_entry(force, month)
        entry["crimes"] += n
        label = category or NO_CATEGORY
        entry["by_type"][label] = entry["by_type"].get(label, 0) + n
    for force, month, label, outcome_type, n in store.fetchall(queries.STATUS_CRIME_OUTCOMES):
        entry = month_entry(force, month)
        group = outcome_group(label, outcome_type)
        entry["by_outcome_group"][group] = entry["by_outcome_group"].get(group, 0) + n
        if reference.is_unknown_outcome_label(label):
            entry["unknown_outcome_labels"][label] = entry["unknown_outcome_labels"].get(label, 0) + n
    for force, month, n in store.fetchall(queries.STATUS_ASB):
        entry = month_entry(force, month)
        entry["asb"] += n
        entry["by_type"][reference.ASB_LABEL] = entry["by_type"].get(reference.ASB_LABEL, 0) + n
    for (force, month), p in published_months(store).items():
        month_entry(force, month)["published"] = {
            "crimes": p.crimes, "with_outcome": p.with_outcome, "with_lsoa": p.with_lsoa,
            "with_crime_id": p.with_crime_id, "outcomes_published": p.outcomes_published,
            "lsoa_published": p.lsoa_published, "crime_types": p.crime_types}
    ordered = {f: {m: _sorted(forces[f][m]) for m in sorted(forces[f])} for f in sorted(forces)}
    unknown: dict[str, int] = {}
    for months in ordered.values():
        for entry in months.values():
            for label, n in entry["unknown_outcome_labels"].items():
                unknown[label] = unknown.get(label, 0) + n
    return {"forces": ordered, "unknown_labels": {"outcome": dict(sorted(unknown.items()))}, "loads": store.loads()}


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
            "by_outcome_group": dict(sorted(entry["by_outcome_group"].items())),
            "unknown_outcome_labels": dict(sorted(entry["unknown_outcome_labels"].items()))}
