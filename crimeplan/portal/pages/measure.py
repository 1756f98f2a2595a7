"""A measure's page: its chart, the comparison with the baseline, breakdowns and the numbers behind the chart."""

from __future__ import annotations

from typing import Any

from crimeplan.errors import NotFoundError
from crimeplan.metrics import PlanResult
from crimeplan.metrics.milestones import current_window, milestone_row, period_label
from crimeplan.metrics.results import MilestoneRow, OutcomeRow, Series
from crimeplan.periods import Period, baseline_window
from crimeplan.plan import Milestone, Plan
from crimeplan.portal.catalogue import level_name
from crimeplan.portal.pages.outcomes import area_rates_table, clear_up_table
from crimeplan.portal.pages.shapes import (
    PERCENT_DECIMALS,
    RATE_UNIT,
    Page,
    Row,
    Table,
    chart_src,
    first_sentence,
    in_percent,
    period_text,
)
from crimeplan.portal.pages.survey_measure import survey_measure_page
from crimeplan.portal.params import VIEW_NAMES, Query
from crimeplan.portal.service import PortalService
from crimeplan.render import labels
from crimeplan.render.formatting import count, number, percent
from crimeplan.spc import describe_change, describe_not_loaded, describe_series, spc_chart_text


def measure_page(q: Query, result: PlanResult, service: PortalService, measure_id: str) -> Page:
    plan = q.plan
    if measure_id in plan.surveys:
        return survey_measure_page(q, result, measure_id)
    if measure_id not in plan.measures and measure_id not in plan.rates:
        raise NotFoundError(f"unknown measure {measure_id!r}; plan {plan.id} has "
                            + ", ".join([*plan.measures, *plan.rates, *plan.surveys]))
    is_rate = measure_id in plan.rates
    title = (plan.rates if is_rate else plan.measures)[measure_id].title
    series = service.measure_series(plan, measure_id, q.briefing_date, q.area, q.view)
    tables: list[Table] = []
    narrative: list[str] = []
    milestone = next((r for r in result.milestones.rows if r.measure == measure_id), None)
    outcome = next((r for r in result.outcomes.rows if r.measure == measure_id), None)
    if is_rate:
        comparison = _rate_comparison(title, result, outcome)
        if outcome is not None:
            by_area = area_rates_table(outcome, result.outcomes.breakdown_level)
            tables += [comparison, *( [by_area] if by_area else []), clear_up_table(outcome)]
        else:
            tables.append(comparison)
    else:
        comparison, counts_row = _count_comparison(q, service, measure_id, title, milestone)
        tables.append(comparison)
        by_area = _area_counts_table(q, service, measure_id, title, milestone)
        if by_area is not None:
            tables.append(by_area)
        for r in result.outcomes.rows:
            if plan.rates[r.measure].numerator_measure == measure_id:
                tables.append(clear_up_table(r))
        narrative = list(milestone.narrative) if milestone and milestone.narrative else [
            _change_sentence(counts_row, title, plan.measures[measure_id].unit)]
    if series is not None:
        if not narrative or (milestone is None):
            narrative += (describe_series(in_percent(series.spc), list(series.months), per_period=RATE_UNIT,
                                          decimals=PERCENT_DECIMALS)
                          if is_rate else describe_series(series.spc, list(series.months)))
        if series.not_loaded:
            narrative.append(describe_not_loaded(series.not_loaded))
        tables.append(numbers_table(series, title, is_rate))
    data = {"measure": measure_id, "title": title, "kind": "rate" if is_rate else "count", "plan": plan.id,
            "briefing_date": q.briefing_date.isoformat(), "area": q.area.key, "area_name": q.area.name,
            "view": q.view, "milestone": milestone.to_dict() if milestone else None,
            "outcome": outcome.to_dict() if outcome else None, "series": series.to_dict() if series else None,
            "narrative": narrative}
    context = {
        "measure_id": measure_id, "heading": title, "is_rate": is_rate, "narrative": narrative,
        "chart_src": chart_src(q, measure_id) if series else None,
        "chart_text": first_sentence(_chart_text(series, title, is_rate)) if series else ("", ""),
        "variation": labels.variation_badge(series.spc.variation if series else None),
        "assurance": labels.assurance_badge(((milestone.assurance or {}).get("target_assurance"))
                                            if milestone else (series.spc.assurance if series else None)),
        "status": labels.verdict_badge((milestone.assurance or {}).get("verdict")) if milestone else None,
        "period": period_text(q, result),
        "sections": [(_section_heading(t, is_rate), t) for t in tables],
    }
    return Page("measure", title, data, tuple(tables), context)


def _chart_text(series: Series, title: str, is_rate: bool) -> str:
    """The chart's text alternative; a rate's in % (as its chart)."""
    if is_rate:
        return spc_chart_text(in_percent(series.spc), list(series.months), f"{title} (%)",
                              decimals=PERCENT_DECIMALS)
    return spc_chart_text(series.spc, list(series.months), title)


def _section_heading(t: Table, is_rate: bool) -> str:
    if t.id == "comparison":
        return "Rate in the period" if is_rate else "Against the same months a year before"
    if t.id.endswith("by-area"):
        return "Breakdown by area"
    if t.id == "numbers":
        return "The numbers behind the chart"
    return "Breakdown by clear-up"


def no_milestone(measure_id: str, title: str) -> Milestone:
    """A 0 % milestone, so metrics' milestone_row gives difference and performance of a measure without one."""
    return Milestone(id=measure_id, outcome="", title=title, measure=measure_id, rate=None, kind="change",
                     target=0.0, lead="", target_text="0%")


def _count_comparison(q: Query, service: PortalService, measure_id: str, title: str,
                      milestone_shown: MilestoneRow | None) -> tuple[Table, MilestoneRow]:
    numbers = service.period_counts(q.plan, (measure_id,), q.briefing_date, q.area, q.view)
    m = _plan_milestone(q.plan, milestone_shown) or no_milestone(measure_id, title)
    row = milestone_row(m, numbers[(measure_id, "baseline")], numbers[(measure_id, "current")])
    current, baseline = windows(q)
    headings = [f"Baseline ({baseline.label()})", f"Current ({current.label()})", "Difference", "Performance"]
    cells = [count(row.baseline), count(row.current), count(row.difference), percent(row.performance)]
    raw: list[Any] = [row.baseline, row.current, row.difference, row.performance]
    if milestone_shown is not None:
        headings += ["Milestone", "Target", "Variance"]
        cells += [percent(row.milestone, trim=True), count(row.target), count(row.variance)]
        raw += [row.milestone, row.target, row.variance]
    table = Table("comparison", f"{title}: {VIEW_NAMES[q.view].lower()} against the same months a year before",
                  ("Measure", *headings), (Row((title, *cells), (title, *raw)),), (False,) + (True,) * len(headings))
    return table, row


def _plan_milestone(plan: Plan, shown: MilestoneRow | None) -> Milestone | None:
    if shown is None:
        return None
    return next((m for m in plan.milestones.values() if m.title == shown.title and m.measure == shown.measure), None)


def windows(q: Query) -> tuple[Period, Period]:
    """The current window and its baseline (the same months a year before)."""
    current = current_window(q.briefing_date, q.view)
    return current, baseline_window(current)


def _change_sentence(row: MilestoneRow, title: str, unit: str) -> str:
    if row.baseline is None or row.current is None:  # a window not whole: the row's note says what is missing
        return " ".join(row.narrative)
    return describe_change(title, row.baseline, row.current, "the same months a year before", unit)


def _rate_comparison(title: str, result: PlanResult, row: OutcomeRow | None) -> Table:
    headings = ("Measure", "Recorded", "Detected", "Rate", "Basis", "Cohort: positive so far", "Cohort: still open",
                "Cohort rate")
    if row is None:
        return Table("comparison", f"{title}: not in the plan's outcome table", headings, ())
    c = row.cohort
    cells = (row.title, count(row.recorded), count(row.detected), percent(row.rate), row.basis, count(c.positive),
             count(c.open), percent(c.rate))
    raw = (row.title, row.recorded, row.detected, row.rate, row.basis, c.positive, c.open, c.rate)
    return Table("comparison", f"{title}: {result.outcomes.current_period.label()}", headings,
                 (Row(cells, raw),), (False, True, True, True, False, True, True, True))


def _area_counts_table(q: Query, service: PortalService, measure_id: str, title: str,
                       milestone_shown: MilestoneRow | None) -> Table | None:
    subs = service.sub_areas(q.area)
    if not subs:
        return None
    m = _plan_milestone(q.plan, milestone_shown) or no_milestone(measure_id, title)
    rows = []
    for area, n in service.sub_area_counts(q.plan, (measure_id,), q.briefing_date, q.area, q.view):
        r = milestone_row(m, n[(measure_id, "baseline")], n[(measure_id, "current")])
        cells = [area.name, count(r.baseline), count(r.current), count(r.difference), percent(r.performance)]
        raw: list[Any] = [area.name, r.baseline, r.current, r.difference, r.performance]
        if milestone_shown is not None:
            cells += [count(r.target), count(r.variance)]
            raw += [r.target, r.variance]
        rows.append(Row(tuple(cells), tuple(raw), f"/measures/{measure_id}?{q.qs(area=area.key)}"))
    current, baseline = windows(q)
    headings = ["Area", period_label(baseline, q.view), period_label(current, q.view), "Difference", "Performance"]
    if milestone_shown is not None:
        headings += ["Target", "Variance"]
    level = level_name(subs[0].level).lower()
    return Table("by-area", f"{title}: breakdown by {level}", tuple(headings), tuple(rows),
                 (False,) + (True,) * (len(headings) - 1))


def numbers_table(series: Series, title: str, is_rate: bool) -> Table:
    fmt = percent if is_rate else count
    limit = percent if is_rate else number
    headings = ("Month", "Value") + (("Outcomes", "Crimes") if series.denominators else ()) + (
        "Average", "Lower limit", "Upper limit", "Point type", "Signal")
    rows = []
    points = series.spc.facet_points()
    for i, (month, value, p) in enumerate(zip(series.months, series.values, points, strict=True)):
        extra_cells = (count(series.numerators[i]), count(series.denominators[i])) if series.denominators else ()
        extra_raw = (series.numerators[i], series.denominators[i]) if series.denominators else ()
        cells = (f"{month:%B %Y}", fmt(value), *extra_cells, limit(p.centre), limit(p.lpl), limit(p.upl),
                 labels.point_type(p.point_type), labels.rule(p.rule))
        raw = (month.isoformat(), value, *extra_raw, _nan(p.centre), _nan(p.lpl), _nan(p.upl), p.point_type,
               p.rule or "")
        rows.append(Row(cells, raw))
    return Table("numbers", f"{title}: the numbers behind the chart", headings, tuple(rows),
                 (False,) + (True,) * (len(headings) - 3) + (False, False))


def _nan(x: float | None) -> float | None:
    return None if x is None or x != x else x
