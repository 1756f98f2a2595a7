"""The overview: each outcome with its milestones (figure, variation, assurance, status) and deliverables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crimeplan.metrics import PlanResult
from crimeplan.metrics.results import Series
from crimeplan.plan import Milestone, Plan
from crimeplan.portal.pages.deliverables import DeliverableUpdates, DeliverableView, deliverable_view
from crimeplan.portal.pages.shapes import (
    Page,
    Row,
    Table,
    coverage_context,
    from_grid,
    iso,
    measure_href,
    period_text,
    signed,
)
from crimeplan.portal.params import Query
from crimeplan.render import labels
from crimeplan.render import tables as grids
from crimeplan.render.formatting import count, percent
from crimeplan.render.labels import Badge
from crimeplan.render.sparkline import Sparkline, sparkline


@dataclass(frozen=True)
class MilestoneView:
    title: str
    target: str
    href: str | None
    year_to_date: str        # the figure for the period ("70,851 (+1.8 %)")
    latest: str              # the latest month's figure ("5,812 in March 2014")
    variation: Badge
    assurance: Badge
    status: Badge
    note: str = ""
    values: tuple[Any, Any, Any] = (None, None, None)   # target, period figure, latest month: for the exports
    trend: Sparkline | None = None                      # the months behind the figure, drawn small


@dataclass(frozen=True)
class OutcomeView:
    id: str
    title: str
    lead: str | None
    milestones: tuple[MilestoneView, ...]
    deliverables: tuple[DeliverableView, ...]


def overview_page(q: Query, result: PlanResult, updates: DeliverableUpdates) -> Page:
    plan = q.plan
    states = updates.statuses(plan, q.briefing_date)
    outcomes = []
    for outcome in plan.outcomes.values():
        ms = tuple(milestone_view(q, result, m) for m in plan.milestones_for(outcome.id))
        ds = tuple(deliverable_view(d, states.get(d.id), updates.available) for d in plan.deliverables_for(outcome.id))
        outcomes.append(OutcomeView(outcome.id, outcome.title, outcome.lead, ms, ds))
    headings = ("Outcome", "Milestone", "Target", "Period figure", "Latest month", "Variation", "Assurance",
                "Status")
    rows = []
    for o in outcomes:
        for m in o.milestones:
            cells = (o.title, m.title, m.target, m.year_to_date, m.latest, m.variation.label, m.assurance.label,
                     m.status.label)
            rows.append(Row(cells, (*cells[:2], *m.values, *cells[5:]), m.href))
    table = Table("milestones", f"Milestones of {plan.title}, {result.area.name}", headings, tuple(rows))
    data = {"plan": plan.id, "plan_version": plan.version, "briefing_date": q.briefing_date.isoformat(),
            "area": q.area.key, "area_name": q.area.name, "view": q.view, "data_end": iso(result.data_end),
            "outcomes": [_outcome_dict(plan, o, result) for o in outcomes]}
    return Page("overview", plan.title, data, (table,),
                {"outcomes": outcomes, "summary": tuple(m for o in outcomes for m in o.milestones),
                 "rates": rate_summary(q, result), "period": period_text(q, result),
                 **coverage_context(result)})


def _outcome_dict(plan: Plan, o: OutcomeView, result: PlanResult) -> dict[str, Any]:
    rows = {r.title: r.to_dict() for r in result.milestones.rows}
    surveys = {s.milestone: s.to_dict() for s in result.surveys}
    return {"id": o.id, "title": o.title, "lead": o.lead,
            "milestones": [{"id": m.id, "title": m.title, "target": m.target_text,
                            "row": rows.get(m.title) or surveys.get(m.id)}
                           for m in plan.milestones_for(o.id)],
            "deliverables": [{"id": d.id, "title": d.title, "lead": d.lead, "cadence": d.cadence,
                              "covered_elsewhere": d.covered_elsewhere,
                              "latest_update": dv.update.to_dict() if dv.update else None, "overdue": dv.overdue,
                              "status": dv.status}
                             for d, dv in zip(plan.deliverables_for(o.id), o.deliverables, strict=True)]}


def milestone_view(q: Query, result: PlanResult, m: Milestone) -> MilestoneView:
    target = percent(m.target, trim=True)   # "-5 %", as in the milestone table (the plan file may write "-5%")
    row = next((r for r in result.milestones.rows if r.title == m.title and r.measure == m.measure), None)
    if row is not None:
        series = result.series.get(row.measure)
        a = row.assurance or {}
        return MilestoneView(
            m.title, target, measure_href(q, row.measure),
            f"{count(row.current)} ({signed(percent(row.performance))} on {result.milestones.baseline_label})",
            _latest(series, count), labels.variation_badge(a.get("variation")),
            labels.assurance_badge(a.get("target_assurance")), labels.verdict_badge(a.get("verdict")),
            values=(m.target, row.current, _latest_value(series)), trend=_trend(series, count))
    rate_row = next((r for r in result.outcomes.rows if r.measure == m.rate), None) if m.rate else None
    if rate_row is not None:
        series = result.rate_series.get(rate_row.measure)
        return MilestoneView(m.title, target, measure_href(q, rate_row.measure), percent(rate_row.rate),
                             _latest(series, percent), labels.variation_badge(series.spc.variation if series else None),
                             labels.assurance_badge(series.spc.assurance if series else None), labels.NO_DATA,
                             values=(m.target, rate_row.rate, _latest_value(series)), trend=_trend(series, percent))
    survey = next((s for s in result.surveys if s.milestone == m.id), None)
    if survey is not None:
        c = survey.current
        rates = survey.monthly_rates
        last_rate = rates[-1] if rates else None
        latest = f"{percent(last_rate)} in {survey.months[-1]:%B %Y}" if last_rate is not None else "-"
        return MilestoneView(
            m.title, target, measure_href(q, survey.survey_measure),
            f"{percent(c.rate)} (95 % interval {percent(c.low)} to {percent(c.high)}; rolling 12 months, "
            f"{count(c.n)} respondents)", latest, labels.variation_badge(survey.variation),
            labels.assurance_badge(survey.assurance), labels.survey_status_badge(survey.status),
            survey.comparator_note or "",
            (m.target, c.rate, last_rate), sparkline(survey.months, rates, percent))
    if m.survey:
        note = "No survey results are loaded for this area (crimeplan surveys load)."
    elif m.area:
        note = f"Measured in {m.area.replace('_', ' ')}: that set of areas is not defined in the store."
    else:
        note = "Not in the plan's milestone table."
    return MilestoneView(m.title, target, None, "-", "-", labels.NO_DATA, labels.NO_DATA, labels.NO_DATA, note)


def _latest(series: Series | None, fmt: Callable[[Any], str]) -> str:
    if series is None or not series.months:
        return "-"
    return f"{fmt(series.values[-1])} in {series.months[-1]:%B %Y}"


def _trend(series: Series | None, fmt: Callable[[Any], str]) -> Sparkline | None:
    if series is None:
        return None
    return sparkline(series.months, series.values, fmt, missing=(*series.possible_gaps, *series.not_loaded))


def _latest_value(series: Series | None) -> Any:
    return series.values[-1] if series is not None and series.values else None


def rate_summary(q: Query, result: PlanResult) -> Table:
    return from_grid(grids.outcome_table(result.outcomes), "outcomes",
                     [measure_href(q, r.measure) for r in result.outcomes.rows])
