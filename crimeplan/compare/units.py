"""Counts and resident populations of the units being compared, read from the store.

Units are forces (police.uk crimes or the Home Office recorded-crime table) or the areas one
level below an area (LPUs or local authorities of a force). A unit's population is **its own
figure if one is loaded, otherwise the sum of the LSOAs under it** (Census 2011 LSOA and PFA
files load with ``crimeplan ingest population``). The year used is the latest loaded on or before
the period's last year, else the earliest loaded; each unit records the year and the basis.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crimeplan.errors import NotFoundError
from crimeplan.forces import FORCES
from crimeplan.metrics import records
from crimeplan.metrics.areas import NO_LOCATION, OUTSIDE, area_filter, area_names, with_division
from crimeplan.metrics.measures import is_asb, measure_predicate
from crimeplan.metrics.results import Area
from crimeplan.periods import stored_date
from crimeplan.plan import Measure
from crimeplan.store import Store
from crimeplan.store.queries import comparisons as q

#: What each population layout (``crimeplan ingest population``) counts.
LAYOUTS = {"census-pfa": "Census {year} usual residents by police force area",
           "census-lsoa": "Census {year} usual residents by LSOA",
           "canonical": "resident population {year}"}


@dataclass(frozen=True)
class Population:
    value: int
    year: int
    basis: str          # "own figure" or "sum of N LSOAs"
    source: str = ""    # what the figure is and the file it was loaded from

    @property
    def citation(self) -> str:
        """e.g. "Census 2011 usual residents by police force area (force-demographics.csv)"."""
        return self.source or f"population {self.year}"


def _source(year: int, label: str | None, details: str | None) -> str:
    layout = None
    if details:
        try:
            layout = json.loads(details).get("layout")
        except (ValueError, AttributeError):
            layout = None
    what = LAYOUTS.get(layout or "", "resident population {year}").format(year=year)
    return f"{what} ({Path(label).name})" if label else what


@dataclass(frozen=True)
class UnitCount:
    code: str
    name: str
    count: int
    population: Population | None


def population_of(store: Store, code: str, year: int) -> Population | None:
    own = [(int(y), (int(p), s, d)) for y, p, s, d in store.fetchall(q.OWN_POPULATION, {"code": code})]
    if own:
        y, (p, label, details) = _pick(own, year)
        return Population(p, y, "own figure", _source(y, label, details))
    summed = {int(y): (int(p), int(n), s, d) for y, p, n, s, d in store.fetchall(q.LSOA_POPULATION, {"code": code})}
    if not summed:
        return None
    y, (p, n, label, details) = _pick(list(summed.items()), year)
    return Population(p, y, f"sum of {n:,} LSOAs", _source(y, label, details))


def _pick(rows: list, year: int):
    before = [r for r in rows if r[0] <= year]
    return max(before, key=lambda r: r[0]) if before else min(rows, key=lambda r: r[0])


# --------------------------------------------------------------------------- police.uk / force records


def monthly_force_counts(store: Store, forces: Sequence[str], measure: Measure, start: date,
                         end: date) -> dict[str, dict[date, int]]:
    """Counts of ``measure`` per force and month in ``start..end`` (current rows only)."""
    if is_asb(measure):
        t = records.table(store, "asb")
        t = t.filter(t.force.isin(list(forces)), t.month >= start, t.month <= end)
    else:
        t = records.table(store, "crimes")
        t = t.filter(t.force.isin(list(forces)), t.month >= start, t.month <= end)
        t = t.filter(measure_predicate(t, measure, end))
    out: dict[str, dict[date, int]] = {f: {} for f in forces}
    for row in records.rows(store, t.group_by(["force", "month"]).aggregate(n=t.n.sum())):
        out[row["force"]][stored_date(row["month"])] = int(row["n"])
    return out


def monthly_division_counts(store: Store, parent: Area, level: str, measure: Measure, start: date,
                            end: date) -> dict[str, dict[date, int]]:
    """Counts per division at ``level`` under ``parent`` and month; NO_LOCATION/OUTSIDE kept apart."""
    table = "asb" if is_asb(measure) else "crimes"
    t = records.table(store, table)
    t = t.filter(area_filter(store, t, parent), t.month >= start, t.month <= end)
    if table == "crimes":
        t = t.filter(measure_predicate(t, measure, end))
    t = with_division(store, t, parent, level)
    out: dict[str, dict[date, int]] = {}
    for row in records.rows(store, t.group_by(["division", "month"]).aggregate(n=t.n.sum())):
        out.setdefault(row["division"], {})[stored_date(row["month"])] = int(row["n"])
    return out


def latest_month(store: Store, forces: Sequence[str]) -> date:
    t = records.table(store, "crimes")
    value = records.scalar(store, t.filter(t.force.isin(list(forces))).month.max())
    if value is None:
        raise NotFoundError("no crimes loaded for " + ", ".join(forces)
                            + "; load police.uk files with `crimeplan ingest police-uk`")
    return stored_date(value)


def names_for(store: Store, codes: Sequence[str]) -> dict[str, str]:
    known = area_names(store)
    return {c: known.get(c) or FORCES.get(c, c) for c in codes}


def excluded_divisions() -> tuple[str, str]:
    return NO_LOCATION, OUTSIDE




# --------------------------------------------------------------------------- Home Office PRC


def prc_force_totals(store: Store, financial_year: str, offence_group: str | None = None,
                     offence_code: str | None = None) -> list[tuple[str, str, int, int]]:
    """(force slug, force name as published, offences, quarters present) for a financial year."""
    rows = store.fetchall(q.PRC_FORCE_TOTALS, {"financial_year": financial_year, "offence_group": offence_group,
                                               "offence_code": offence_code})
    if not rows:
        years = [r[0] for r in store.fetchall(q.PRC_YEARS)]
        raise NotFoundError(f"no Home Office recorded crime for {financial_year}"
                            + (f" in offence group {offence_group!r}" if offence_group else "")
                            + f"; loaded years: {', '.join(years) or 'none'} "
                            "(load with `crimeplan ingest home-office-prc FILE`)")
    return [(f, n, int(c), int(k)) for f, n, c, k in rows]
