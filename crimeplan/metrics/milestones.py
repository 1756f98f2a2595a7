"""The milestone table: year to date against the same months last year against a % target.

Rules checked against the board paper (DESIGN.md): target = floor(baseline × (1 + milestone));
variance = current − target; performance = (current − baseline) ÷ baseline. Values are kept
unrounded; rounding is display only.
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import Any

import ibis

from crimeplan import spc
from crimeplan.errors import MetricError
from crimeplan.metrics import records
from crimeplan.metrics.areas import with_division
from crimeplan.metrics.coverage import area_forces, coverage, loaded_everywhere, loaded_months, possible_gaps
from crimeplan.metrics.measures import is_asb, measure_predicate
from crimeplan.metrics.results import Area, Coverage, MilestoneRow, MilestoneTable, Series
from crimeplan.metrics.series import analyse_series, monthly_counts
from crimeplan.periods import Period, baseline_window, rolling_12_months, ytd_window
from crimeplan.plan import Milestone, Plan
from crimeplan.register import list_changes
from crimeplan.spc.narrative import describe_possible_gaps
from crimeplan.store import Store


def milestone_target(baseline: int, milestone: Fraction) -> int:
    return math.floor(Fraction(baseline) * (1 + milestone))


def milestone_row(milestone: Milestone, baseline: int, current: int, coverage: Coverage | None = None,
                  baseline_label: str = "", current_label: str = "", possible_gaps: tuple[date, ...] = (),
                  **extra: Any) -> MilestoneRow:
    """A milestone's row. With ``coverage`` incomplete, the window counts that are not whole and
    every figure built on them are None and the row carries the "insufficient data" note instead
    of its assurance and projection."""
    gaps = tuple(m.isoformat()[:7] for m in possible_gaps)
    measure, share = milestone.measure or milestone.id, float(milestone.target_exact)
    if coverage is not None and not coverage.complete:
        note = coverage.note or ""
        return MilestoneRow(
            measure=measure, title=milestone.title, milestone=share, lead=milestone.lead, possible_gaps=gaps,
            baseline=baseline if coverage.window_complete(baseline_label) else None,
            current=current if coverage.window_complete(current_label) else None,
            difference=None, target=None, performance=None, variance=None,
            narrative=(note[:1].upper() + note[1:] + ".",), complete=False,
            missing_months=coverage.missing_months, coverage_note=note)
    target = milestone_target(baseline, milestone.target_exact)
    return MilestoneRow(
        measure=measure, title=milestone.title, milestone=share, lead=milestone.lead, possible_gaps=gaps,
        baseline=baseline, current=current, difference=current - baseline, target=target,
        performance=(current - baseline) / baseline if baseline else None, variance=current - target, **extra)


def table_milestones(plan: Plan, kind: str = "milestones") -> list[Milestone]:
    for table in plan.tables.values():
        if table.kind == kind:
            return [plan.milestones[row] for row in table.rows]
    return [m for m in plan.milestones.values() if m.kind == "change" and m.measure]


def counts(store: Store, plan: Plan, measure_ids: list[str], area: Area,
           periods: dict[str, Period], *, as_at: int | None = None) -> dict[tuple[str, str], int]:
    """{(measure, period name): count} from one scan of the records (and one of ASB if asked for)."""
    found = _grouped_counts(store, plan, measure_ids, area, periods, None, as_at).get(area.code, {})
    return {(m, p): found.get((m, p), 0) for m in measure_ids for p in periods}


def counts_by_area(store: Store, plan: Plan, measure_ids: list[str], area: Area, level: str,
                   periods: dict[str, Period], *, as_at: int | None = None) -> dict[str, dict[tuple[str, str], int]]:
    """{area code at ``level`` under ``area``: {(measure, period name): count}}, every area of the
    level in one grouped scan (the area page's table; a query per area took seconds for a local
    authority's 600 neighbourhoods). An area with no records in the periods is absent: it counts 0.
    Records outside every area of the level are under ``NO_LOCATION`` or ``OUTSIDE``."""
    return _grouped_counts(store, plan, measure_ids, area, periods, level, as_at)


def _grouped_counts(store: Store, plan: Plan, measure_ids: list[str], area: Area, periods: dict[str, Period],
                    level: str | None, as_at: int | None) -> dict[str, dict[tuple[str, str], int]]:
    """Counts of each measure in each period, by ``division``: the area at ``level`` under ``area``
    (``level`` None: ``area`` itself, one group)."""
    first = min(p.start for p in periods.values())
    last = max(p.end for p in periods.values())
    out: dict[str, dict[tuple[str, str], int]] = {}
    crime_ids = [m for m in measure_ids if not is_asb(plan.measures[m])]
    asb_ids = [m for m in measure_ids if is_asb(plan.measures[m])]
    for name, ids in (("crimes", crime_ids), ("asb", asb_ids)):
        if not ids:
            continue
        t = records.for_area(store, name, area, as_at, level)
        t = t.filter(t.month.between(first, last))
        t = with_division(store, t, area, level) if level else t.mutate(division=ibis.literal(area.code))
        aggs = {}
        for i, measure_id in enumerate(ids):
            predicate = measure_predicate(t, plan.measures[measure_id], last) if name == "crimes" else None
            for period_name, period in periods.items():
                in_period = t.month.between(period.start, period.end)  # periods are whole months
                aggs[f"m{i}_{period_name}"] = ibis.ifelse(in_period if predicate is None else predicate & in_period,
                                                          t.n, 0).sum()
        for row in records.rows(store, t.group_by("division").aggregate(**aggs)):
            found = out.setdefault(row["division"], {})
            found.update({(m, p): int(row[f"m{i}_{p}"] or 0) for i, m in enumerate(ids) for p in periods})
    return out


def milestone_table(store: Store, plan: Plan, briefing_date: date, area: Area, *,
                    with_spc: bool = True, view: str = "ytd", as_at: int | None = None,
                    milestones: list[Milestone] | None = None) -> MilestoneTable:
    """The milestone table; with ``with_spc`` every row also carries its SPC assurance, a year-end
    projection and the drafted narrative (a milestone is never shown without its process).
    ``view`` is ``ytd`` (the paper's) or ``rolling12`` (the 12 months to the last complete month).
    ``milestones`` replaces the plan's milestone table (one measured in its own area set)."""
    current = current_window(briefing_date, view)
    baseline = baseline_window(current)
    rows = [m for m in (table_milestones(plan) if milestones is None else milestones) if m.measure]
    measure_ids = list(dict.fromkeys(m.measure for m in rows if m.measure))
    if not measure_ids:
        raise MetricError(f"plan {plan.id} has no count milestones to tabulate")
    numbers = counts(store, plan, measure_ids, area, {"current": current, "baseline": baseline}, as_at=as_at)
    current_label, baseline_label = period_label(current, view), period_label(baseline, view)
    forces = area_forces(store, area, as_at)
    loaded_by_force = loaded_months(store, forces, as_at)
    cover = coverage(loaded_by_force, ((baseline_label, baseline), (current_label, current)), forces)
    loaded = loaded_everywhere(loaded_by_force)
    history: tuple[date, ...] = ()
    values: dict[str, tuple[int, ...]] = {}
    if with_spc:
        history, values = monthly_counts(store, plan, measure_ids, area, current.end, as_at=as_at)
    table_rows, series = spc_rows(plan, rows, history, values, numbers, current, view, cover, loaded,
                                  tuple(list_changes(store)) if with_spc else (), area.key)
    return MilestoneTable(
        plan=plan.id, briefing_date=briefing_date, area=area, current_period=current, baseline_period=baseline,
        current_label=current_label, baseline_label=baseline_label,
        rows=tuple(table_rows), series=series, view=view, coverage=cover)


def spc_rows(plan: Plan, milestones: list[Milestone], history: tuple[date, ...], values: dict[str, tuple[int, ...]],
             totals: dict[tuple[str, str], int], current: Period, view: str, cover: Coverage, loaded: set[date],
             changes: tuple[Any, ...], area_key: str) -> tuple[list[MilestoneRow], dict[str, Series]]:
    """The rows of ``milestones`` from their window totals and (when ``history`` is given) their
    monthly series: each measure's SPC chart of the two years compared (months not loaded and
    possible gaps left out), assurance, projection and narrative when the months are all loaded.
    One function for one area (``milestone_table``) and for every area (crimeplan.metrics.refresh)."""
    baseline = baseline_window(current)
    baseline_label = period_label(baseline, view)
    window = tuple(m for m in history if m >= baseline.start)  # the two years the milestone compares
    skip = len(history) - len(window)
    series: dict[str, Series] = {}
    for m in dict.fromkeys(ms.measure for ms in milestones if ms.measure):
        if history and sum(d in loaded for d in window) >= 2:
            series[m] = analyse_series(plan, m, window, values[m][skip:], loaded=loaded,
                                       changes=tuple(c for c in changes if c.applies_to(m, area_key)))
    rows = []
    for ms in milestones:
        measure = ms.measure or ""
        base, cur = totals[(measure, "baseline")], totals[(measure, "current")]
        gaps: tuple[date, ...] = ()
        extra: dict[str, Any] = {}
        if history:
            gaps = tuple(d for d in possible_gaps(window, values[measure][skip:], loaded)
                         if d in baseline or d in current)
            in_year = [v for d, v in zip(window, values[measure][skip:], strict=True) if d in current]
            if cover.complete:
                extra = _process(plan, ms, series.get(measure), current, base, cur, baseline_label,
                                 spc.describe_seasonality(values[measure], history), in_year)
        rows.append(milestone_row(ms, base, cur, cover, baseline_label, period_label(current, view), gaps, **extra))
    return rows, series


def _process(plan: Plan, milestone: Milestone, series: Series | None, current: Period, baseline_total: int,
             current_total: int, baseline_label: str, seasonal: str | None = None,
             in_year: list[int] | None = None) -> dict[str, Any]:
    """Assurance, projection and narrative of one milestone from its monthly SPC series.

    ``in_year`` is every month of the current window (a possible gap counted as it stands), so the
    months remaining are the year's, not the chart's."""
    if series is None or milestone.measure is None:
        return {}
    measure = plan.measures[milestone.measure]
    result = series.spc
    latest = result.groups[-1]
    if in_year is None:
        in_year = [int(v) for d, v in zip(series.months, series.values, strict=True) if d in current]
    last_year = [v for d, v in zip(series.months, series.values, strict=True)
                 if baseline_window(current).start <= d <= baseline_window(current).end
                 and d not in series.possible_gaps]   # a possible gap is on the chart, not in the baseline
    direction = measure.improvement_direction if measure.improvement_direction != "neutral" else "decrease"
    target_total = milestone_target(baseline_total, milestone.target_exact)
    months_in_year = 12
    projection = spc.project_year_end(in_year[:months_in_year], months_in_year, latest.mean, latest.amr,
                                      baseline_total, target_total, direction,
                                      baseline_values=last_year if len(last_year) >= 2 else None,
                                      first_month=next((d for d in series.months if d in current), None))
    monthly_target = target_total / months_in_year
    assurance = {
        "variation": result.variation,
        "target_assurance": spc.target_assurance(monthly_target, latest.lpl, latest.upl, direction),
        "monthly_target": monthly_target, "process_mean": latest.mean, "lpl": latest.lpl, "upl": latest.upl,
        "signal": projection.signal, "signal_reason": projection.signal_reason, "verdict": projection.verdict,
    }
    narrative = spc.describe_milestone(measure.title, baseline_total, current_total, baseline_label,
                                       series=result, dates=list(series.months), unit=measure.unit,
                                       registered_changes=series.annotations)
    if seasonal and seasonal not in narrative:
        narrative.append(seasonal)
    if series.possible_gaps:
        narrative.append(describe_possible_gaps(series.possible_gaps))
    return {"assurance": assurance, "projection": {
        "projected_total": projection.projected_total, "low": projection.low, "high": projection.high,
        "target_total": target_total, "probability_of_meeting": projection.probability_of_meeting,
        "verdict": projection.verdict, "months_remaining": projection.months_remaining},
        "narrative": tuple(narrative)}


VIEWS = ("ytd", "rolling12")


def current_window(briefing_date: date, view: str) -> Period:
    if view == "ytd":
        return ytd_window(briefing_date)
    if view == "rolling12":
        return rolling_12_months(briefing_date)
    raise MetricError(f"unknown period view {view!r}; expected one of {', '.join(VIEWS)}")


def period_label(period: Period, view: str = "ytd") -> str:
    """"2013/14" for a financial year to date (the paper's column headings), else the months."""
    if view != "ytd":
        return period.label()
    start = period.start
    fy = start.year if start.month >= 4 else start.year - 1
    return f"{fy}/{(fy + 1) % 100:02d}"
