"""Comparisons from the store: forces on police.uk (or force) records, areas inside a force, and
forces in the Home Office recorded-crime table. Each returns a ``Comparison``.

**Period** (records): the months ``start..end`` (default: the 12 months to the latest month
loaded for the units), restricted to the months **every** unit has data for, so no unit is
compared on fewer months than another; the months left out are named in the notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from crimeplan.compare.comparison import Comparison, build_comparison
from crimeplan.compare.peers import PeerGroup
from crimeplan.compare.units import (
    UnitCount,
    excluded_divisions,
    latest_month,
    monthly_division_counts,
    monthly_force_counts,
    names_for,
    population_of,
    prc_force_totals,
)
from crimeplan.errors import MetricError, NotFoundError
from crimeplan.levels import level_name
from crimeplan.metrics.results import Area
from crimeplan.periods import FinancialYear, Period, add_months, month_end, month_starts
from crimeplan.plan import Plan
from crimeplan.spc.narrative import month_label

SOURCE_RECORDS = "police.uk street-level crimes (or force records)"
SOURCE_PRC = "Home Office police recorded crime by police force area"
DEFAULT_MONTHS = 12


def _measure(plan: Plan, measure_id: str):
    try:
        return plan.measures[measure_id]
    except KeyError:
        raise NotFoundError(f"unknown measure {measure_id!r}; plan {plan.id} has " + ", ".join(plan.measures)) \
            from None


def _window(start: date | None, end: date) -> tuple[date, date]:
    first = start or add_months(end, -(DEFAULT_MONTHS - 1))
    if first > end:
        raise MetricError(f"the period starts ({first}) after it ends ({end})")
    return first, end


def _common_months(by_unit: dict[str, dict[date, int]], units: Sequence[str], months: Sequence[date]
                   ) -> tuple[tuple[date, ...], list[str]]:
    common, notes = [], []
    for m in months:
        missing = [u for u in units if not by_unit.get(u, {}).get(m)]
        if len(missing) == len(units):
            continue                      # outside the data loaded for every unit
        if missing:
            notes.append(f"{month_label(m)} left out: no data for {', '.join(missing)}")
        else:
            common.append(m)
    return tuple(common), notes


def _label(months: Sequence[date]) -> str:
    return Period(months[0], month_end(months[-1])).label()


def compare_forces(store, group: PeerGroup, plan: Plan, measure_id: str, *, start: date | None = None,
                   end: date | None = None, **options) -> Comparison:
    """Rates per 1,000 for the forces of ``group`` from the crime records loaded."""
    measure = _measure(plan, measure_id)
    last = end or latest_month(store, group.members)
    first, last = _window(start, last)
    counts = monthly_force_counts(store, group.members, measure, first, last)
    months, notes = _common_months(counts, group.members, month_starts(first, last))
    if not months:
        raise NotFoundError(f"no month in {Period(first, month_end(last)).label()} has data for every force of "
                            f"{group.group_id}: " + "; ".join(notes))
    names = names_for(store, group.members)
    units = [UnitCount(f, names[f], sum(counts[f].get(m, 0) for m in months),
                       population_of(store, f, months[-1].year)) for f in group.members]
    return build_comparison(units, subject=measure.title, source=SOURCE_RECORDS, period_label=_label(months),
                            level="force", start=months[0], end=month_end(months[-1]), months=months,
                            group=group, focal=group.focal, notes=notes, **options)


def _nothing_below(store, force: Area, year: int) -> str:
    """Why a force with no areas below it in the data (British Transport Police's crimes carry no
    neighbourhood; any force before its area lookup is loaded) cannot be compared within, and whether
    it can be compared with other forces per 1,000 residents."""
    reason = (f"{force.name} has no areas below the force in the data loaded (its crimes carry no "
              "neighbourhood, or no area lookup is loaded for it), so nothing within it can be compared")
    if population_of(store, force.code, year) is None:
        reason += ("; no resident population is loaded for it either, so it cannot be ranked against other "
                   "forces per 1,000 residents")
    return reason


def compare_areas(store, parent: Area, level: str, plan: Plan, measure_id: str, *, start: date | None = None,
                  end: date | None = None, focal: str | None = None, **options) -> Comparison:
    """Rates per 1,000 for the areas at ``level`` inside ``parent`` (e.g. the LPUs of a force)."""
    measure = _measure(plan, measure_id)
    if level == parent.level:
        raise NotFoundError(_nothing_below(store, parent, (end or date.today()).year))
    force = parent.code if parent.level == "force" else None
    last = end or latest_month(store, [force] if force else [plan.force or ""])
    first, last = _window(start, last)
    counts = monthly_division_counts(store, parent, level, measure, first, last)
    left_apart = excluded_divisions()
    divisions = sorted(d for d in counts if d not in left_apart)
    if len(divisions) < 2:
        raise NotFoundError(f"{parent.name} has fewer than 2 areas at level {level!r} with data")
    months = tuple(m for m in month_starts(first, last) if any(counts[d].get(m) for d in divisions))
    if not months:
        raise NotFoundError(f"no data for {parent.name} in {Period(first, month_end(last)).label()}")
    notes = []
    for d in left_apart:
        n = sum(counts.get(d, {}).get(m, 0) for m in months)
        if n:
            notes.append(f"{n:,} records {d} are not in any {level_name(level)} and are left out of the comparison")
    names = names_for(store, divisions)
    units = [UnitCount(d, names[d], sum(counts[d].get(m, 0) for m in months),
                       population_of(store, d, months[-1].year)) for d in divisions]
    return build_comparison(units, subject=measure.title, source=SOURCE_RECORDS, period_label=_label(months),
                            level=level, start=months[0], end=month_end(months[-1]), months=months,
                            focal=focal, notes=notes, **options)


def compare_prc(store, financial_year: str, *, group: PeerGroup | None = None, offence_group: str | None = None,
                **options) -> Comparison:
    """Rates per 1,000 from the Home Office table: the forces of ``group``, or every force loaded."""
    try:
        fy = FinancialYear.parse(financial_year)
    except ValueError as exc:
        raise MetricError(str(exc)) from None
    rows = prc_force_totals(store, fy.label, offence_group)
    by_force = {f: (name, total, quarters) for f, name, total, quarters in rows}
    members = list(group.members) if group else list(by_force)
    missing = [m for m in members if m not in by_force]
    if missing:
        raise NotFoundError(f"no Home Office recorded crime for {', '.join(missing)} in {fy.label}")
    notes = [f"{by_force[f][0]}: {by_force[f][2]} of 4 quarters published" for f in members if by_force[f][2] != 4]
    names = names_for(store, members)
    units = [UnitCount(f, names[f], by_force[f][1], population_of(store, f, fy.end.year)) for f in members]
    subject = offence_group or "Recorded crime"
    return build_comparison(units, subject=subject, source=SOURCE_PRC, period_label=fy.label, level="force",
                            start=fy.start, end=fy.end, months=fy.period.months, group=group,
                            focal=group.focal if group else None, notes=notes, **options)
