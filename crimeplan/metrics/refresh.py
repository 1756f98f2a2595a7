"""Every milestone, outcome rate and SPC series for every area of a plan, in a handful of queries.

``compute_plan`` answers one area (what a page or a paper shows). A board pack, a nightly refresh
or a cache warm-up needs every area at once: rather than one set of queries per area, the cell cube
(the monthly cube summed by reporting cell, crimeplan.metrics.cube) is summed once by (cell, month)
for every measure and rate denominator and by (cell, outcome month) for every rate numerator, and
those sums are rolled up to every reporting area; the force totals come from the same sums grouped
by force (so crimes with no location count for their force). Small areas (LSOAs, MSOAs), when
asked for by ``levels``, are summed from the cube by area the same way. Everything after that is
the same pure code the single-area tables use (``milestone_row``, the SPC series, assurance,
projection and narrative), so the figures are identical — a test checks it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import ibis
import ibis.expr.types as ir

from crimeplan.metrics import records
from crimeplan.metrics.coverage import area_force_map, coverage, loaded_everywhere, loaded_months
from crimeplan.metrics.cube import SMALL_AREA_LEVELS, cell_areas, cell_cube_table, stored_table
from crimeplan.metrics.measures import is_asb, measure_predicate, positive_outcome_predicate
from crimeplan.metrics.milestones import current_window, period_label, spc_rows, table_milestones
from crimeplan.metrics.outcomes import rate, table_rates
from crimeplan.metrics.results import MilestoneRow, Series
from crimeplan.periods import Period, baseline_window, month_starts, stored_date
from crimeplan.plan import Plan, RateMeasure
from crimeplan.register import list_changes
from crimeplan.store import Store


@dataclass(frozen=True)
class AreaRates:
    rate: str
    recorded: int
    detected: int
    value: float | None


@dataclass(frozen=True)
class AreaFigures:
    area: str  # the area key, e.g. force:west-midlands or la:E08000025
    milestones: tuple[MilestoneRow, ...]
    rates: tuple[AreaRates, ...]
    series: dict[str, Series]


def refresh_plan(store: Store, plan: Plan, briefing_date: date, *, view: str = "ytd",
                 levels: tuple[str, ...] | None = None) -> dict[str, AreaFigures]:
    current = current_window(briefing_date, view)
    baseline = baseline_window(current)
    milestones = [m for m in table_milestones(plan) if m.measure]
    measure_ids = list(dict.fromkeys(m.measure for m in milestones if m.measure))
    rates = table_rates(plan)
    crime_measures = [m for m in measure_ids if not is_asb(plan.measures[m])]
    for r in rates:
        for m in (r.numerator_measure, r.denominator_measure):
            if m not in crime_measures:
                crime_measures.append(m)

    monthly = _monthly(store, plan, crime_measures, rates, current.end, levels)
    if any(is_asb(plan.measures[m]) for m in measure_ids):
        for key, asb_months in _asb_monthly(store, current.end, levels).items():
            for m in measure_ids:
                if is_asb(plan.measures[m]):
                    monthly[key]["measures"][m].update(asb_months)
    outcomes = _outcome_months(store, plan, rates, current, levels)

    changes = tuple(list_changes(store))
    windows = ((period_label(baseline, view), baseline), (period_label(current, view), current))
    forces_of = area_force_map(store)
    all_forces = tuple(sorted({f for f in forces_of.values()} | {k.partition(":")[2] for k in monthly
                                                                 if k.startswith("force:")}))
    loaded_by_force = loaded_months(store, all_forces)
    out = {}
    for key, data in monthly.items():
        seen = [d for values in data["measures"].values() for d in values]
        if not seen:
            continue
        level, _, code = key.partition(":")
        forces = (code,) if level == "force" else ((forces_of[code],) if code in forces_of else all_forces)
        cover = coverage(loaded_by_force, windows, forces)
        loaded = loaded_everywhere({f: loaded_by_force[f] for f in forces})
        history = month_starts(min(seen), current.end)
        values = {m: tuple(data["measures"][m].get(d, 0) for d in history) for m in measure_ids}
        totals = {(m, name): _total(data["measures"][m], period)
                  for m in measure_ids for name, period in (("baseline", baseline), ("current", current))}
        rows, series = spc_rows(plan, milestones, history, values, totals, current, view, cover, loaded, changes, key)
        area_rates = []
        for r in rates:
            recorded = _total(data["measures"][r.denominator_measure], current)
            detected = (_total(outcomes[key][r.id], current) if not r.positive_outcome_labels
                        else _total(data["positive"][r.id], current))
            area_rates.append(AreaRates(r.id, recorded, detected, rate(detected, recorded)))
        out[key] = AreaFigures(key, tuple(rows), tuple(area_rates), series)
    return out


def _total(by_month: dict[date, int], period: Period) -> int:
    return sum(n for d, n in by_month.items() if period.start <= d <= period.end)


def _crime_source(store: Store, levels: tuple[str, ...] | None) -> tuple[ir.Table, str, ir.Table]:
    """Where crimes are summed: the cell cube when only reporting areas are wanted (a few rows per
    cell), else the cube by area; with the column naming each row's place and its roll-up."""
    if levels is None or not set(levels) & set(SMALL_AREA_LEVELS):
        return cell_cube_table(store), "cell", cell_areas(store, levels)
    return records.table(store, "crimes"), "area_code", _closure_areas(store, levels)


def _closure_areas(store: Store, levels: tuple[str, ...] | None) -> ir.Table:
    """(``key``, ``area``): every area code with itself and every area above it, as ``level:code``."""
    closure = stored_table("area_closure")
    level = closure.ancestor_level
    closure = closure.filter(level != "force", ~level.isin(SMALL_AREA_LEVELS) if levels is None else level.isin(levels))
    return closure.select(key=closure.descendant, area=closure.ancestor_level.concat(":", closure.ancestor))


def _grouped(store: Store, t: ir.Table, place: str, areas: ir.Table, keys: list[str],
             aggs: dict[str, ir.Scalar]) -> list[tuple[str, dict[str, Any]]]:
    """Run ``aggs`` grouped by force and by every area in ``areas`` (``key`` → ``area``): summed once
    by each row's ``place``, then those sums rolled up, so the measures' filters run once per row of
    ``t`` rather than once per row and area."""
    base = t.group_by(["force", place, *keys]).aggregate(**aggs)
    by_force = base.group_by([("force:" + base.force).name("area"), *keys]).aggregate(
        **{name: base[name].sum() for name in aggs})
    joined = base.inner_join(areas, base[place] == areas.key)
    by_area = joined.group_by(["area", *keys]).aggregate(**{name: joined[name].sum() for name in aggs})
    return [(row["area"], row) for row in records.rows(store, by_area.union(by_force.cast(by_area.schema())))]


def _monthly(store: Store, plan: Plan, measure_ids: list[str], rates: list[RateMeasure], end: date,
             levels: tuple[str, ...] | None) -> dict[str, dict[str, dict[str, dict[date, int]]]]:
    t, place, areas = _crime_source(store, levels)
    t = t.filter(t.month <= end)
    aggs = {f"m{i}": ibis.ifelse(measure_predicate(t, plan.measures[m], end), t.n, 0).sum()
            for i, m in enumerate(measure_ids)}
    cohort = [r for r in rates if r.positive_outcome_labels]
    for j, r in enumerate(cohort):
        aggs[f"p{j}"] = ibis.ifelse(measure_predicate(t, plan.measures[r.numerator_measure], end)
                                    & positive_outcome_predicate(t, None, r.positive_outcome_labels), t.n, 0).sum()
    out: dict[str, dict[str, dict[str, dict[date, int]]]] = defaultdict(
        lambda: {"measures": defaultdict(dict), "positive": defaultdict(dict)})
    for key, row in _grouped(store, t, place, areas, ["month"], aggs):
        month = stored_date(row["month"])
        for i, m in enumerate(measure_ids):
            out[key]["measures"][m][month] = int(row[f"m{i}"] or 0)
        for j, r in enumerate(cohort):
            out[key]["positive"][r.id][month] = int(row[f"p{j}"] or 0)
    return out


def _asb_monthly(store: Store, end: date, levels: tuple[str, ...] | None) -> dict[str, dict[date, int]]:
    a = records.table(store, "asb")
    a = a.filter(a.month <= end)
    out: dict[str, dict[date, int]] = defaultdict(dict)
    for key, row in _grouped(store, a, "area_code", _closure_areas(store, levels), ["month"], {"n": a.n.sum()}):
        out[key][stored_date(row["month"])] = int(row["n"] or 0)
    return out


def _outcome_months(store: Store, plan: Plan, rates: list[RateMeasure], current: Period,
                    levels: tuple[str, ...] | None) -> dict[str, dict[str, dict[date, int]]]:
    """Positive outcomes dated in each month of the period (the paper's detections)."""
    dated = [r for r in rates if not r.positive_outcome_labels]
    out: dict[str, dict[str, dict[date, int]]] = defaultdict(lambda: defaultdict(dict))
    if not dated:
        return out
    t, place, areas = _crime_source(store, levels)
    t = t.filter(t.outcome_month.between(current.start, current.end))
    aggs = {f"d{i}": ibis.ifelse(measure_predicate(t, plan.measures[r.numerator_measure], current.end)
                                 & positive_outcome_predicate(t, r.positive_outcomes, None), t.n, 0).sum()
            for i, r in enumerate(dated)}
    for key, row in _grouped(store, t, place, areas, ["outcome_month"], aggs):
        for i, r in enumerate(dated):
            out[key][r.id][stored_date(row["outcome_month"])] = int(row[f"d{i}"] or 0)
    return out
