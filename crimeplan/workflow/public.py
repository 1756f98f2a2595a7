"""What the public view may show: approved deliverable updates, and aggregate counts passed
through disclosure control. Never record-level data; hate-crime victim religion only as a
suppressed table of counts by religion and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crimeplan.errors import NotFoundError
from crimeplan.periods import FinancialYear, add_months, month_start
from crimeplan.plan import Plan
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import status as rule
from crimeplan.workflow.deliverables import STATUSES
from crimeplan.workflow.disclosure import SuppressedTable, suppress_table
from crimeplan.workflow.settings import WorkflowSettings

PUBLIC_LEVELS = ("force", "la", "lpu", "ward", "lsoa")
"""Area levels the public table may be asked for."""


@dataclass(frozen=True)
class PublicDeliverable:
    deliverable_id: str
    title: str
    lead: str
    status: str
    update: str | None
    updated: date | None
    covered_in: str | None

    def to_dict(self) -> dict:
        return {"deliverable_id": self.deliverable_id, "title": self.title, "lead": self.lead,
                "status": self.status, "update": self.update,
                "updated": self.updated.isoformat() if self.updated else None, "covered_in": self.covered_in}


def public_deliverables(store: Store, plan: Plan, as_of: date | None = None) -> list[PublicDeliverable]:
    """Every deliverable of the plan with its status and latest approved update at ``as_of`` (today),
    by the one rule of ``crimeplan.workflow.status`` (drafts never appear)."""
    states = rule.statuses(store, plan, as_of or date.today())
    out = []
    for d in plan.deliverables.values():
        s = states[d.id]
        a = s.latest
        out.append(PublicDeliverable(d.id, d.title, d.lead, STATUSES[s.status], a.text if a else None,
                                     a.approved_at.date() if a else None, a.covered_in if a else None))
    return out


def religion_table(store: Store, plan: Plan, settings: WorkflowSettings) -> SuppressedTable:
    """Religious hate crimes by the victim's (actual) religion and financial year: the plan's years
    and the year before, always suppressed (these are small, sensitive counts)."""
    if not plan.force:
        raise NotFoundError(f"plan {plan.id} names no force, so it has no hate-crime table")
    years = [FinancialYear(plan.years[0].start_year - 1), *plan.years] if plan.years else []
    if not years:
        raise NotFoundError(f"plan {plan.id} has no years")
    counts: dict[tuple[str, int], int] = {}
    window = {"force": plan.force, "start": years[0].start, "end": date.fromordinal(years[-1].end.toordinal() + 1)}
    for religion, fy, n in store.fetchall(q.HATE_RELIGION_BY_YEAR, window):
        counts[(religion, int(fy))] = int(n)
    religions = sorted({r for r, _ in counts})
    grid = [[counts.get((r, y.start_year), 0) for y in years] for r in religions] or [[0 for _ in years]]
    return suppress_table("Religious hate crimes by religion of the victim", religions or ["(none recorded)"],
                          [y.label for y in years], grid, settings.suppression_threshold, apply=True)


def area_table(store: Store, parent: str, level: str, start: date, end: date,
               settings: WorkflowSettings) -> SuppressedTable:
    """Crimes by area (at ``level``, within ``parent``) and police.uk category, months start..end;
    suppressed when ``level`` is a small-area level."""
    if level not in PUBLIC_LEVELS:
        raise NotFoundError(f"level: expected one of {', '.join(PUBLIC_LEVELS)}, got {level!r}")
    rows = store.fetchall(q.CRIMES_BY_AREA_CATEGORY, {"parent": parent, "level": level, "start": month_start(start),
                                                     "end": add_months(month_start(end), 1)})
    if not rows:
        raise NotFoundError(f"no crimes at level {level} within {parent!r} from {start} to {end}")
    names = {code: name for code, name, _, _ in rows}
    codes = sorted(names, key=lambda c: (names[c], c))
    categories = sorted({cat for _, _, cat, _ in rows})
    counts = {(code, cat): int(n) for code, _, cat, n in rows}
    grid = [[counts.get((c, k), 0) for k in categories] for c in codes]
    return suppress_table(f"Crimes by {level} and type, {start:%B %Y} to {end:%B %Y}", [names[c] for c in codes],
                          categories, grid, settings.suppression_threshold, apply=level in settings.small_levels)


def latest_month(store: Store) -> date | None:
    """The latest month with crimes loaded (current rows)."""
    return store.scalar(q.LATEST_CRIME_MONTH)
