"""Page models: what each portal page shows, built from the metrics' result objects.

A :class:`Page` carries three views of one result: ``context`` (display objects for the template,
every number already formatted by ``crimeplan.render.formatting``), ``data`` (the JSON, from the
results' ``to_dict``) and ``tables`` (every table on the page, with display cells for HTML and the
unrounded values behind them for CSV and Excel). Templates only lay these out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from crimeplan.errors import NotFoundError
from crimeplan.metrics import PlanResult
from crimeplan.metrics.milestones import milestone_row, period_label
from crimeplan.metrics.results import MilestoneRow, OutcomeRow, Series
from crimeplan.periods import baseline_window
from crimeplan.plan import Deliverable, Milestone, Plan
from crimeplan.portal.catalogue import Catalogue, level_name
from crimeplan.portal.params import VIEW_NAMES, Query
from crimeplan.portal.service import PortalService
from crimeplan.render import labels
from crimeplan.render import tables as grids
from crimeplan.render.formatting import count, number, percent
from crimeplan.render.labels import Badge
from crimeplan.spc import describe_series, spc_chart_text
from crimeplan.workflow.status import NOT_STARTED, STATUSES, StatusAt

RATE_DECIMALS = 3
"""Rates are proportions (0.124): the chart's text alternative gives them to three decimals."""


# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]           # display text, one per heading
    raw: tuple[Any, ...]             # the unrounded values, for CSV and Excel
    href: str | None = None          # link of the first cell


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    headings: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: tuple[bool, ...] = ()   # right-aligned columns

    def is_numeric(self, i: int) -> bool:
        return self.numeric[i] if i < len(self.numeric) else False


@dataclass(frozen=True)
class Page:
    template: str
    title: str
    data: dict[str, Any]
    tables: tuple[Table, ...] = ()
    context: dict[str, Any] = field(default_factory=dict)

    def table(self, table_id: str | None) -> Table:
        if not self.tables:
            raise NotFoundError(f"the page {self.title!r} has no table to export")
        if not table_id:
            return self.tables[0]
        for t in self.tables:
            if t.id == table_id:
                return t
        raise NotFoundError(f"unknown table {table_id!r}; this page has " + ", ".join(t.id for t in self.tables))


def from_grid(grid: grids.Grid, table_id: str, hrefs: Sequence[str | None] = ()) -> Table:
    hrefs = list(hrefs) + [None] * (len(grid.rows) - len(hrefs))
    rows = tuple(Row(cells, raw, href) for cells, raw, href in zip(grid.rows, grid.raw, hrefs, strict=True))
    return Table(table_id, grid.title, grid.headings, rows, (False,) + (True,) * (len(grid.headings) - 1))


def measure_href(q: Query, measure_id: str) -> str:
    return f"/measures/{measure_id}?{q.qs()}"


def chart_src(q: Query, measure_id: str) -> str:
    return f"/measures/{measure_id}/chart.svg?{q.qs()}"


def period_text(q: Query, result: PlanResult) -> str:
    return f"{VIEW_NAMES[q.view]}: {result.milestones.current_period.label()}"


# --------------------------------------------------------------------------- overview


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


@dataclass(frozen=True)
class DeliverableView:
    id: str
    title: str
    lead: str
    cadence: str
    covered_elsewhere: str | None
    update: DeliverableUpdate | None
    overdue: bool | None     # None: no update store to say
    status: str | None = None  # "On track"; None: no update store to say


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
            rows.append(Row(cells, cells, m.href))
    table = Table("milestones", f"Milestones of {plan.title}, {result.area.name}", headings, tuple(rows))
    data = {"plan": plan.id, "plan_version": plan.version, "briefing_date": q.briefing_date.isoformat(),
            "area": q.area.key, "area_name": q.area.name, "view": q.view, "data_end": _iso(result.data_end),
            "outcomes": [_outcome_dict(plan, o, result) for o in outcomes]}
    return Page("overview", plan.title, data, (table,),
                {"outcomes": outcomes, "rates": _rate_summary(q, result), "period": period_text(q, result),
                 **coverage_context(result)})


def coverage_context(result: PlanResult) -> dict[str, Any]:
    """What a page says before its figures: a briefing date after the data, and rows with no figure."""
    notice = result.milestones.data_notice
    notes = grids.milestone_table(result.milestones).notes + grids.outcome_table(result.outcomes).notes
    return {"data_notice": _sentence(notice) if notice else None,
            "coverage_notes": tuple(dict.fromkeys(_sentence(n) for n in notes))}


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def _outcome_dict(plan: Plan, o: OutcomeView, result: PlanResult) -> dict[str, Any]:
    rows = {r.title: r for r in result.milestones.rows}
    return {"id": o.id, "title": o.title, "lead": o.lead,
            "milestones": [{"id": m.id, "title": m.title, "target": m.target_text,
                            "row": rows[m.title].to_dict() if m.title in rows else None}
                           for m in plan.milestones_for(o.id)],
            "deliverables": [{"id": d.id, "title": d.title, "lead": d.lead, "cadence": d.cadence,
                              "covered_elsewhere": d.covered_elsewhere,
                              "latest_update": dv.update.to_dict() if dv.update else None, "overdue": dv.overdue,
                              "status": dv.status}
                             for d, dv in zip(plan.deliverables_for(o.id), o.deliverables, strict=True)]}


def milestone_view(q: Query, result: PlanResult, m: Milestone) -> MilestoneView:
    target = m.target_text or percent(m.target, trim=True)
    row = next((r for r in result.milestones.rows if r.title == m.title and r.measure == m.measure), None)
    if row is not None:
        series = result.series.get(row.measure)
        a = row.assurance or {}
        return MilestoneView(
            m.title, target, measure_href(q, row.measure),
            f"{count(row.current)} ({_signed(percent(row.performance))} on {result.milestones.baseline_label})",
            _latest(series, count), labels.variation_badge(a.get("variation")),
            labels.assurance_badge(a.get("target_assurance")), labels.verdict_badge(a.get("verdict")))
    rate_row = next((r for r in result.outcomes.rows if r.measure == m.rate), None) if m.rate else None
    if rate_row is not None:
        series = result.rate_series.get(rate_row.measure)
        return MilestoneView(m.title, target, measure_href(q, rate_row.measure), percent(rate_row.rate),
                             _latest(series, percent), labels.variation_badge(series.spc.variation if series else None),
                             labels.assurance_badge(series.spc.assurance if series else None), labels.NO_DATA)
    survey = next((s for s in result.surveys if s.milestone == m.id), None)
    if survey is not None:
        c = survey.current
        latest = (f"{percent(survey.numerators[-1] / survey.denominators[-1])} in {survey.months[-1]:%B %Y}"
                  if survey.months and survey.denominators[-1] else "-")
        return MilestoneView(
            m.title, target, None,
            f"{percent(c.rate)} (95 % interval {percent(c.low)} to {percent(c.high)}; rolling 12 months, "
            f"{count(c.n)} respondents)", latest, labels.variation_badge(survey.variation),
            labels.assurance_badge(survey.assurance), labels.survey_status_badge(survey.status),
            survey.comparator_note or "")
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


def _signed(text: str) -> str:
    return text if text.startswith(("-", "0 ")) or text == "-" else "+" + text


def _rate_summary(q: Query, result: PlanResult) -> Table:
    return from_grid(grids.outcome_table(result.outcomes), "outcomes",
                     [measure_href(q, r.measure) for r in result.outcomes.rows])


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --------------------------------------------------------------------------- deliverables


@dataclass(frozen=True)
class DeliverableUpdate:
    """A deliverable's latest approved update at the page's briefing date (crimeplan.workflow.status)."""

    deliverable: str
    date: date
    text: str
    author: str | None = None
    approved_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"deliverable": self.deliverable, "date": self.date.isoformat(), "text": self.text,
                "author": self.author, "approved_by": self.approved_by}


class DeliverableUpdates(Protocol):
    """Where deliverables' statuses come from: ``statuses(plan, as_of)`` gives each deliverable's latest
    approved update, status and overdue flag at the briefing date, by the one rule of
    ``crimeplan.workflow.status``. ``available`` is False while no update store is plugged in (the
    overdue flag is then unknown rather than raised for everything)."""

    available: bool

    def statuses(self, plan: Plan, as_of: date) -> Mapping[str, StatusAt]: ...


class NoUpdates:
    available = False

    def statuses(self, plan: Plan, as_of: date) -> Mapping[str, StatusAt]:
        return {}


def deliverable_view(d: Deliverable, state: StatusAt | None, available: bool) -> DeliverableView:
    latest = state.latest if state else None
    update = (DeliverableUpdate(d.id, latest.approved_at.date(), latest.text, latest.author, latest.approved_by)
              if latest else None)
    return DeliverableView(d.id, d.title, d.lead, d.cadence or "not set", d.covered_elsewhere, update,
                           (state.overdue if state else False) if available else None,
                           (state.status_label if state else STATUSES[NOT_STARTED]) if available else None)


def deliverables_page(q: Query, updates: DeliverableUpdates) -> Page:
    plan = q.plan
    states = updates.statuses(plan, q.briefing_date)
    views = []
    for outcome in plan.outcomes.values():
        for d in plan.deliverables_for(outcome.id):
            views.append((outcome, deliverable_view(d, states.get(d.id), updates.available)))
    headings = ("Outcome", "Deliverable", "Lead", "Cadence", "Status", "Latest update", "Overdue")
    rows = []
    for outcome, v in views:
        latest = (f"{v.update.date:%-d %B %Y}: {v.update.text}" if v.update else
                  f"Covered elsewhere: {v.covered_elsewhere}" if v.covered_elsewhere else "No update recorded")
        overdue = {True: "Overdue", False: "No", None: "Not tracked"}[v.overdue]
        rows.append(Row((outcome.title, v.title, v.lead, v.cadence, v.status or "Not tracked", latest, overdue),
                        (outcome.id, v.title, v.lead, v.cadence, v.status, latest, v.overdue)))
    table = Table("deliverables", f"Deliverables of {plan.title}", headings, tuple(rows))
    grouped = [(o, [v for oo, v in views if oo.id == o.id]) for o in plan.outcomes.values()]
    data = {"plan": plan.id, "briefing_date": q.briefing_date.isoformat(), "updates_available": updates.available,
            "deliverables": [{"id": v.id, "outcome": o.id, "title": v.title, "lead": v.lead, "cadence": v.cadence,
                              "covered_elsewhere": v.covered_elsewhere,
                              "latest_update": v.update.to_dict() if v.update else None, "overdue": v.overdue,
                              "status": v.status}
                             for o, v in views]}
    return Page("deliverables", "Deliverables", data, (table,),
                {"grouped": [(o, vs) for o, vs in grouped if vs], "updates_available": updates.available})


# --------------------------------------------------------------------------- milestone and outcome tables


def milestones_page(q: Query, result: PlanResult) -> Page:
    table = from_grid(grids.milestone_table(result.milestones), "milestones",
                      [measure_href(q, r.measure) for r in result.milestones.rows])
    badges = [(r, labels.variation_badge((r.assurance or {}).get("variation")),
               labels.assurance_badge((r.assurance or {}).get("target_assurance")),
               labels.verdict_badge((r.assurance or {}).get("verdict"))) for r in result.milestones.rows]
    return Page("milestones", "Milestones", result.milestones.to_dict(), (table,),
                {"badges": badges, "period": period_text(q, result), "table": table, **coverage_context(result)})


@dataclass(frozen=True)
class OutcomeDrill:
    row: OutcomeRow
    cells: tuple[str, ...]
    href: str
    chart_src: str | None
    chart_text: str
    by_area: Table | None
    by_clear_up: Table


def outcomes_page(q: Query, result: PlanResult) -> Page:
    main = _rate_summary(q, result)
    drills = []
    for row, shown in zip(result.outcomes.rows, main.rows, strict=True):
        series = result.rate_series.get(row.measure)
        drills.append(OutcomeDrill(
            row, shown.cells, measure_href(q, row.measure), chart_src(q, row.measure) if series else None,
            spc_chart_text(series.spc, list(series.months), row.title, decimals=RATE_DECIMALS)
            if series else "Too few months for a chart.",
            area_rates_table(row, result.outcomes.breakdown_level), clear_up_table(row)))
    extra = [t for d in drills for t in (d.by_area, d.by_clear_up) if t is not None]
    return Page("outcomes", "Outcome rates", result.outcomes.to_dict(), (main, *extra),
                {"drills": drills, "table": main, "period": period_text(q, result),
                 "basis": {r.basis for r in result.outcomes.rows}})


def area_rates_table(row: OutcomeRow, level: str | None) -> Table | None:
    if not row.by_area:
        return None
    rows = tuple(Row((a.name, count(a.recorded), count(a.detected), percent(a.rate)),
                     (a.name, a.recorded, a.detected, a.rate)) for a in row.by_area)
    return Table(f"{row.measure}-by-area", f"{row.title}: breakdown by {level_name(level or 'area').lower()}",
                 ("Area", "Recorded", "Detected", "Rate"), rows, (False, True, True, True))


def clear_up_table(row: OutcomeRow) -> Table:
    total = sum(row.by_outcome_type.values())
    rows = tuple(Row((labels.outcome_type(k), count(n), percent(n / total if total else None)),
                     (labels.outcome_type(k), n, n / total if total else None))
                 for k, n in row.by_outcome_type.items())
    title = "outcomes of the crimes recorded in the period" if row.basis == "cohort" \
        else "outcomes recorded in the period"
    return Table(f"{row.measure}-by-clear-up", f"{row.title}: breakdown by clear-up ({title})",
                 ("Outcome", "Crimes", "Share"), rows, (False, True, True))


# --------------------------------------------------------------------------- measure


def measure_page(q: Query, result: PlanResult, service: PortalService, measure_id: str) -> Page:
    plan = q.plan
    if measure_id not in plan.measures and measure_id not in plan.rates:
        raise NotFoundError(f"unknown measure {measure_id!r}; plan {plan.id} has "
                            + ", ".join([*plan.measures, *plan.rates]))
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
            narrative += describe_series(series.spc, list(series.months))
        tables.append(numbers_table(series, title, is_rate))
    data = {"measure": measure_id, "title": title, "kind": "rate" if is_rate else "count", "plan": plan.id,
            "briefing_date": q.briefing_date.isoformat(), "area": q.area.key, "area_name": q.area.name,
            "view": q.view, "milestone": milestone.to_dict() if milestone else None,
            "outcome": outcome.to_dict() if outcome else None, "series": series.to_dict() if series else None,
            "narrative": narrative}
    context = {
        "measure_id": measure_id, "heading": title, "is_rate": is_rate, "narrative": narrative,
        "chart_src": chart_src(q, measure_id) if series else None,
        "chart_text": spc_chart_text(series.spc, list(series.months), title,
                                     decimals=RATE_DECIMALS if is_rate else None) if series else "",
        "variation": labels.variation_badge(series.spc.variation if series else None),
        "assurance": labels.assurance_badge(((milestone.assurance or {}).get("target_assurance"))
                                            if milestone else (series.spc.assurance if series else None)),
        "status": labels.verdict_badge((milestone.assurance or {}).get("verdict")) if milestone else None,
        "period": period_text(q, result),
        "sections": [(_section_heading(t, is_rate), t) for t in tables],
    }
    return Page("measure", title, data, tuple(tables), context)


def _section_heading(t: Table, is_rate: bool) -> str:
    if t.id == "comparison":
        return "Rate in the period" if is_rate else "Against the same months a year before"
    if t.id.endswith("by-area"):
        return "Breakdown by area"
    if t.id == "numbers":
        return "The numbers behind the chart"
    return "Breakdown by clear-up"


def _no_milestone(measure_id: str, title: str) -> Milestone:
    """A 0 % milestone, so metrics' milestone_row gives difference and performance of a measure without one."""
    return Milestone(id=measure_id, outcome="", title=title, measure=measure_id, rate=None, kind="change",
                     target=0.0, lead="", target_text="0%")


def _count_comparison(q: Query, service: PortalService, measure_id: str, title: str,
                      milestone_shown: MilestoneRow | None) -> tuple[Table, MilestoneRow]:
    numbers = service.period_counts(q.plan, (measure_id,), q.briefing_date, q.area, q.view)
    m = _plan_milestone(q.plan, milestone_shown) or _no_milestone(measure_id, title)
    row = milestone_row(m, numbers[(measure_id, "baseline")], numbers[(measure_id, "current")])
    current, baseline = _windows(q)
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


def _windows(q: Query):
    from crimeplan.metrics.milestones import current_window

    current = current_window(q.briefing_date, q.view)
    return current, baseline_window(current)


def _change_sentence(row: MilestoneRow, title: str, unit: str) -> str:
    from crimeplan.spc import describe_change

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
    m = _plan_milestone(q.plan, milestone_shown) or _no_milestone(measure_id, title)
    rows = []
    for area in subs:
        n = service.period_counts(q.plan, (measure_id,), q.briefing_date, area, q.view)
        r = milestone_row(m, n[(measure_id, "baseline")], n[(measure_id, "current")])
        cells = [area.name, count(r.baseline), count(r.current), count(r.difference), percent(r.performance)]
        raw: list[Any] = [area.name, r.baseline, r.current, r.difference, r.performance]
        if milestone_shown is not None:
            cells += [count(r.target), count(r.variance)]
            raw += [r.target, r.variance]
        rows.append(Row(tuple(cells), tuple(raw), f"/measures/{measure_id}?{q.qs(area=area.key)}"))
    current, baseline = _windows(q)
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


# --------------------------------------------------------------------------- areas


def area_page(q: Query, result: PlanResult, service: PortalService) -> Page:
    subs = service.sub_areas(q.area)
    measures = tuple(dict.fromkeys(r.measure for r in result.milestones.rows))
    tables: list[Table] = []
    current, baseline = _windows(q)
    if subs and measures:
        headings = ["Area"] + [f"{q.plan.measures[m].title}" for m in measures]
        rows = []
        for area in subs:
            n = service.period_counts(q.plan, measures, q.briefing_date, area, q.view)
            cells: list[str] = [area.name]
            raw: list[object] = [area.name]
            for m in measures:
                r = milestone_row(_no_milestone(m, m), n[(m, "baseline")], n[(m, "current")])
                cells.append(f"{count(r.current)} ({_signed(percent(r.performance))})")
                raw.append(r.current)
            rows.append(Row(tuple(cells), tuple(raw), f"/area?{q.qs(area=area.key)}"))
        tables.append(Table("milestones-by-area",
                            f"Milestone measures by {level_name(subs[0].level).lower()}, {current.label()} "
                            f"(change on {baseline.label()})", tuple(headings), tuple(rows),
                            (False,) + (True,) * len(measures)))
    out = result.outcomes
    if out.breakdown_level and out.rows and out.rows[0].by_area:
        names = [a.name for a in out.rows[0].by_area]
        headings = ["Area"] + [r.title for r in out.rows]
        rows = []
        for i, name in enumerate(names):
            cells = [name] + [f"{percent(r.by_area[i].rate)} ({count(r.by_area[i].detected)} of "
                              f"{count(r.by_area[i].recorded)})" for r in out.rows]
            rows.append(Row(tuple(cells), tuple([name] + [r.by_area[i].rate for r in out.rows])))
        tables.append(Table("rates-by-area", f"Outcome rates by {level_name(out.breakdown_level).lower()}, "
                            f"{out.current_period.label()}", tuple(headings), tuple(rows),
                            (False,) + (True,) * len(out.rows)))
    milestones = from_grid(grids.milestone_table(result.milestones), "milestones",
                           [measure_href(q, r.measure) for r in result.milestones.rows])
    tables.insert(0, milestones)
    data = {"area": q.area.key, "area_name": q.area.name, "level": q.area.level,
            "force": q.force.force.key, "sub_areas": [{"area": a.key, "name": a.name} for a in subs],
            "milestones": result.milestones.to_dict(), "outcomes_by_area": result.outcomes.to_dict()}
    return Page("area", q.area.name, data, tuple(tables),
                {"sub_areas": subs, "level": level_name(q.area.level), "period": period_text(q, result)})


def areas_page(q: Query, catalogue: Catalogue, next_path: str) -> Page:
    groups = []
    rows = []
    for f in catalogue.forces:
        levels = [(level_name(level), [(a, f"{next_path}?{q.qs(area=a.key)}") for a in items])
                  for level, items in f.levels()]
        groups.append((f, f"{next_path}?{q.qs(area=f.force.key)}", levels))
        rows.append(Row((f.force.name, "Force", f.force.key), (f.force.name, "force", f.force.key)))
        for level, items in f.levels():
            rows += [Row((a.name, level_name(level), a.key), (a.name, level, a.key)) for a in items]
    table = Table("areas", "Areas with crimes loaded, by force and level", ("Area", "Level", "Code"), tuple(rows))
    data = {"forces": [{"force": f.force.key, "name": f.force.name,
                        "areas": [{"area": a.key, "name": a.name, "level": a.level} for a, _ in f.areas]}
                       for f in catalogue.forces]}
    return Page("areas", "Change area", data, (table,), {"groups": groups})


# --------------------------------------------------------------------------- data status


def status_page(catalogue: Catalogue) -> Page:
    status = catalogue.status
    month_rows = []
    for force, months in status["forces"].items():
        for month, entry in months.items():
            month_rows.append(Row((force, month, count(entry["crimes"]), count(entry["asb"])),
                                  (force, month, entry["crimes"], entry["asb"])))
    months = Table("months", "Crimes and anti-social behaviour loaded per force and month",
                   ("Force", "Month", "Crimes", "Anti-social behaviour"), tuple(month_rows),
                   (False, False, True, True))
    quality = quality_table(status)
    load_rows = []
    for load in status["loads"]:
        span = " to ".join(dict.fromkeys(load.get("months") or [])) or "-"
        cells = (str(load["load_id"]), load["kind"], load["source"], load.get("force") or "-", span,
                 count(load.get("rows_loaded")), count(load.get("rows_replaced")), load.get("loaded_at") or "-",
                 load.get("loaded_by") or "-")
        raw = (load["load_id"], load["kind"], load["source"], load.get("force"), span, load.get("rows_loaded"),
               load.get("rows_replaced"), load.get("loaded_at"), load.get("loaded_by"))
        load_rows.append(Row(cells, raw))
    loads = Table("loads", "Load history: what was loaded, from where and when",
                  ("Load", "Kind", "Source", "Force", "Months", "Rows loaded", "Rows replaced", "Loaded at",
                   "Loaded by"), tuple(load_rows), (True, False, False, False, False, True, True, False, False))
    summary = [(f.force.name, f.force.code, f.first_month, f.last_month,
                sum(e["crimes"] for e in status["forces"].get(f.force.code, {}).values()))
               for f in catalogue.forces]
    summary_table = Table("forces", "Forces loaded", ("Force", "First month", "Latest month", "Crimes"),
                          tuple(Row((name, f"{first:%B %Y}" if first else "-", f"{last:%B %Y}" if last else "-",
                                     count(total)), (code, _iso(first), _iso(last), total))
                                for name, code, first, last, total in summary), (False, False, False, True))
    return Page("status", "Data status", status, (summary_table, quality, loads, months), {})


def _yes_no(value: bool | None) -> str:
    return "-" if value is None else "Yes" if value else "No"


def quality_table(status: Mapping[str, Any]) -> Table:
    """The data-quality view: per force and month, what police.uk published (outcomes, locations) and
    every outcome label the reference data does not know, with its count (never silently dropped)."""
    rows = []
    for force, months in status["forces"].items():
        for month, entry in months.items():
            published = entry.get("published") or {}
            unknown = entry.get("unknown_outcome_labels") or {}
            named = "; ".join(f"{label} ({count(n)})" for label, n in sorted(unknown.items())) or "None"
            outcomes, lsoa = published.get("outcomes_published"), published.get("lsoa_published")
            rows.append(Row((force, month, _yes_no(outcomes), _yes_no(lsoa), named),
                            (force, month, outcomes, lsoa, json.dumps(unknown, sort_keys=True))))
    return Table("quality", "Data quality: what was published and labels not recognised per force and month",
                 ("Force", "Month", "Outcomes published", "Locations published", "Outcome labels not recognised"),
                 tuple(rows), (False, False, False, False, False))
