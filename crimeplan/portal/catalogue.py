"""What the store holds, as the portal's controls need it: forces, their areas by level, the months
loaded per force and the latest load. Built from metrics calls only (no SQL here), once per load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from crimeplan.levels import level_title
from crimeplan.metrics.areas import descendants, forces_loaded, resolve_area
from crimeplan.metrics.results import Area
from crimeplan.metrics.status import load_status
from crimeplan.periods import add_months
from crimeplan.store import Store

level_name = level_title
"""A level's display name, from the one table (crimeplan.levels.LEVEL_NAMES); the pages import it here."""

MAX_AREAS_PER_FORCE = 5000
"""A guard for national lookups: a force's area tree is walked to at most this many areas."""

@dataclass(frozen=True)
class ForceAreas:
    """One loaded force: its area, the months loaded and its descendants in walk order."""

    force: Area
    first_month: date | None
    last_month: date | None
    areas: tuple[tuple[Area, int], ...] = ()   # (area, depth below the force), breadth first

    @property
    def default_briefing_date(self) -> date | None:
        """The first day after the latest loaded month."""
        return add_months(self.last_month, 1) if self.last_month else None

    def levels(self) -> list[tuple[str, list[Area]]]:
        """The areas under the force grouped by level, levels in the order they first appear."""
        out: dict[str, list[Area]] = {}
        for area, _ in self.areas:
            out.setdefault(area.level, []).append(area)
        return [(level, sorted(items, key=lambda a: a.name)) for level, items in out.items()]


@dataclass(frozen=True)
class Catalogue:
    load_id: int | None
    forces: tuple[ForceAreas, ...]
    status: dict[str, Any] = field(default_factory=dict)

    def force(self, slug: str) -> ForceAreas | None:
        return next((f for f in self.forces if f.force.code == slug), None)

    def force_of(self, area: Area) -> ForceAreas | None:
        """The loaded force an area belongs to (None when it is in no loaded force's tree)."""
        for f in self.forces:
            if area.level == "force" and f.force.code == area.code:
                return f
            if any(a.key == area.key for a, _ in f.areas):
                return f
        return None

    @cached_property
    def force_codes(self) -> dict[str, str | None]:
        """{area key: the code of the loaded force whose tree holds it, None when two forces' trees do}."""
        codes: dict[str, str | None] = {}
        for f in self.forces:
            for key in {f.force.key, *(a.key for a, _ in f.areas)}:
                codes[key] = f.force.code if codes.get(key, f.force.code) == f.force.code else None
        return codes


def latest_load_id(store: Store) -> int | None:
    return store.latest_load_id()


def build_catalogue(store: Store) -> Catalogue:
    status = load_status(store)
    forces = []
    for slug in forces_loaded(store):
        months = sorted(status["forces"].get(slug, {}))
        first = date.fromisoformat(months[0] + "-01") if months else None
        last = date.fromisoformat(months[-1] + "-01") if months else None
        force = resolve_area(store, f"force:{slug}")
        forces.append(ForceAreas(force, first, last, descendants(store, force, MAX_AREAS_PER_FORCE)))
    return Catalogue(latest_load_id(store), tuple(forces), status)

