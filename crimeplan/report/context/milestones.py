"""The milestone and outcome tables, and each milestone's section: its row, SPC chart, assurance
and narrative."""

from __future__ import annotations

from dataclasses import replace

from crimeplan.metrics.results import MilestoneRow, PlanResult, Series
from crimeplan.plan import Milestone
from crimeplan.render import tables
from crimeplan.render.formatting import count, percent
from crimeplan.render.formatting import number as fmt_number
from crimeplan.report.context.breakdowns import by_area_hidden
from crimeplan.report.context.data import AreaSetMilestone
from crimeplan.report.context.markup import para, runs
from crimeplan.report.context.model import CHART_SIZE, Block, Figure, Heading, Table, long_date
from crimeplan.report.context.surveys import survey_blocks
from crimeplan.report.context.words import level_name, measure_title, narrative_in_area_set

CHART_Y_LABEL = "offences a month"

VARIATION_TEXT = {
    "common_cause": "common-cause variation only (no signal)",
    "improvement_high": "special-cause variation: an improvement (high)",
    "improvement_low": "special-cause variation: an improvement (low)",
    "concern_high": "special-cause variation: a concern (high)",
    "concern_low": "special-cause variation: a concern (low)",
    "neutral_high": "special-cause variation (high)",
    "neutral_low": "special-cause variation (low)",
}
ASSURANCE_TEXT = {
    "consistent_pass": "the process as it runs now will meet the milestone consistently",
    "consistent_fail": "the process as it runs now cannot meet the milestone: the monthly level needed lies "
                       "outside its process limits",
    "inconsistent": "the process as it runs now may or may not meet the milestone: the monthly level needed "
                    "lies within its process limits",
}
VERDICT_TEXT = {
    "met_consistently": "met consistently",
    "met_by_chance": "met, but within routine variation",
    "missed_by_chance": "missed, but within routine variation",
    "not_met_consistently": "not met",
}
METHOD_NOTE = ("Statistical process control: XmR chart of monthly counts (process mean and limits at "
               "±2.66 average moving ranges), special-cause rules of NHS England's Making Data Count "
               "(crimeplan docs/spc.md).")
TARGET_NOTE = ("Target = previous year × (1 + milestone), rounded down; variance = this year − target; "
               "performance = change ÷ previous year.")


def performance_tables(result: PlanResult, small_levels: frozenset[str] = frozenset()) -> list[Block]:
    ms = tables.milestone_table(result.milestones)
    oc = tables.outcome_table(result.outcomes)
    basis = {r.basis for r in result.outcomes.rows}
    area_level = level_name(result.outcomes.breakdown_level)
    return [
        para(f"As at {long_date(result.briefing_date)} the performance position for all reduction milestones "
             f"is shown in [[table:milestones]] ({tables.VIEW_NAMES[result.view]}, "
             f"{result.milestones.current_period.label()} against {result.milestones.baseline_period.label()})."
             f"^[{TARGET_NOTE}]", "tables"),
        _grid_table(ms, "milestones", f"Force objectives: {ms.title}", _notes(ms)),
        para("[[table:outcomes]] shows the outcome (detection) rates: "
             + ("outcomes in the period ÷ crimes recorded in the period"
                if basis == {"period"} else "outcomes of the crimes recorded in the period")
             + (". Their breakdown by clear-up is in [[table:by_clear_up]] ([[appendix:breakdowns]])."
                if by_area_hidden(result, small_levels) else
                f". Their breakdowns by {area_level} and by clear-up are in "
                f"[[table:by_area]] and [[table:by_clear_up]] ([[appendix:breakdowns]])."), "tables"),
        _grid_table(oc, "outcomes", f"Being productive and efficient: {oc.title}", _notes(oc)),
    ]


def _notes(grid: tables.Grid) -> str:
    """A table's coverage notes as the note under it ("Insufficient data: …")."""
    return " ".join(f"{n[:1].upper()}{n[1:]}." for n in grid.notes)


def _grid_table(grid: tables.Grid, key: str, caption: str, note: str = "") -> Table:
    numeric = tuple(i > 0 for i in range(len(grid.headings)))
    return Table(caption, grid.headings, grid.rows, numeric, anchor=f"table:{key}", note=runs(note))


# ---- a milestone


def milestone_blocks(result: PlanResult, milestone: Milestone, row: MilestoneRow | None,
                     measured: AreaSetMilestone | None = None) -> list[Block]:
    """A milestone's heading, narrative, row, chart and assurance; ``measured`` when the milestone is
    measured in its own set of areas (the priority areas), else the force's table."""
    group = f"milestone:{milestone.id}"
    target = percent(milestone.target, trim=True)
    heading = Heading(f"{result.milestones.current_label} milestone: {milestone.title}"
                      + (f" ({target})" if milestone.kind == "change" else ""),
                      3, lead=f"(Lead {milestone.lead}{' – ' + milestone.cadence if milestone.cadence else ''})",
                      anchor=group, groups=(group,))
    survey = next((s for s in result.surveys if s.milestone == milestone.id), None)
    if row is None and survey is not None:
        return [heading, *survey_blocks(result, survey, group)]
    if row is None:
        return [heading, para(no_figures(milestone, result.area.level), group, numbered=False, style="note")]
    table = measured.table if measured else result.milestones
    grid = tables.milestone_table(replace(table, rows=(row,)))
    out: list[Block] = [heading]
    if measured:
        out.append(para(area_set_sentence(measured), group, numbered=False, style="note"))
    narrative = (narrative_in_area_set(row.narrative, measure_title(result, row), table.area.name) if measured
                 else row.narrative)
    if narrative:
        out.append(para(" ".join(narrative), group))
    headings = (table.area.name, *grid.headings[1:]) if measured else grid.headings
    out.append(Table(f"{milestone.title}: {table.current_label} against {table.baseline_label}", headings,
                     grid.rows, tuple(i > 0 for i in range(len(grid.headings))), anchor=f"table:{group}",
                     groups=(group,)))
    series = table.series.get(row.measure)
    if series is not None:
        out.append(milestone_figure(result, milestone, row, series, group, table.area.name))
    if row.assurance:
        out.append(para(assurance_text(row, result.milestones.baseline_label), group))
    return out


def area_set_sentence(measured: AreaSetMilestone) -> str:
    """Which areas a set's figures join: "The figures below are those of the 10 priority areas combined
    (Birmingham East priority area, …), not of the force as a whole." """
    name = measured.table.area.name
    parts = f" ({', '.join(measured.parts)})" if measured.parts else ""
    return (f"The figures below are those of the {count(len(measured.parts))} {name.lower()} combined{parts}, "
            "not of the force as a whole." if measured.parts else
            f"The figures below are those of the {name.lower()}, not of the force as a whole.")


def milestone_figure(result: PlanResult, milestone: Milestone, row: MilestoneRow, series: Series,
                     group: str, area_name: str | None = None) -> Figure:
    from crimeplan.render.chartcache import cached_chart_svg
    from crimeplan.spc import spc_chart_text

    measure = result.plan.measures[row.measure]
    monthly_target = (row.assurance or {}).get("monthly_target")
    place = area_name or result.area.name
    title = f"{measure.title}, {place}"
    months = list(series.months)
    svg = cached_chart_svg(series.spc, dates=months, title=title, y_label=CHART_Y_LABEL, target=monthly_target,
                           **CHART_SIZE)
    span = f"{months[0]:%B %Y} to {months[-1]:%B %Y}"
    caption = (f"{measure.title}: {measure.unit} a month, {span}, with the process mean and limits"
               + (f" and the monthly level that meets the milestone ({fmt_number(monthly_target)})"
                  if monthly_target is not None else ""))
    alt = f"SPC chart of {measure.title} a month in {place}, {span}."
    description = spc_chart_text(series.spc, months, title, target=monthly_target)
    return Figure(caption, svg, alt, description, anchor=f"figure:{group}", groups=(group,))


def assurance_text(row: MilestoneRow, baseline_label: str = "last year") -> str:
    a = row.assurance or {}
    p = row.projection or {}
    parts = [f"**Assurance.** The latest month shows {VARIATION_TEXT.get(a.get('variation', ''), 'no SPC verdict')}."]
    ended = p.get("projected_total") is not None and not p.get("months_remaining")
    if a.get("process_mean") is not None:
        limits = (f"The process averages {fmt_number(a['process_mean'])} a month (process limits "
                  f"{fmt_number(a['lpl'])} to {fmt_number(a['upl'])})")
        parts.append(f"{limits} against the {fmt_number(a['monthly_target'])} a month the milestone needed." if ended
                     else f"{limits}; the milestone needs {fmt_number(a['monthly_target'])} a month, so "
                          f"{ASSURANCE_TEXT.get(a.get('target_assurance', ''), 'no assurance can be given')}.")
    if ended:
        parts.append(year_end_sentence(row, baseline_label))
    elif p.get("projected_total") is not None:
        parts.append(f"With {count(p.get('months_remaining') or 0)} months to go, the year is projected at "
                     f"{fmt_number(p['projected_total'])} against a target of {count(p['target_total'])}: "
                     f"{VERDICT_TEXT.get(p.get('verdict', ''), 'no verdict')}.")
    if a.get("signal") and a.get("signal_reason"):
        parts.append(f"Against last year's process, {a['signal_reason']}.")
    return " ".join(parts) + f"^[{METHOD_NOTE}]"


def year_end_sentence(row: MilestoneRow, baseline_label: str) -> str:
    """A finished year judged as finished: "The year ended at 174,526, 2.3 % above 2012/13, against a
    target of 162,103: the milestone was not met." """
    if row.current is None or row.target is None or row.performance is None:
        return "The year has ended; its figures are incomplete, so the milestone cannot be judged."
    side = "above" if row.performance > 0 else "below" if row.performance < 0 else "level with"
    increase = row.milestone is not None and row.milestone > 0
    verdict = "met" if (row.current >= row.target if increase else row.current <= row.target) else "not met"
    return (f"The year ended at {count(row.current)}, {percent(abs(row.performance))} {side} {baseline_label}, "
            f"against a target of {count(row.target)}: the milestone was {verdict}.")


def no_figures(milestone: Milestone, paper_level: str = "force") -> str:
    """Why a milestone has no figures, in the board's words (never the plan's identifiers)."""
    if milestone.area and paper_level != "force":
        return ("This milestone is measured across the force's own set of areas, not within one area: its "
                "figures are in the force's paper.")
    if milestone.area:
        return ("No figures yet: the areas this milestone is measured in are not defined in the area data "
                "loaded for this paper.")
    if milestone.survey:
        return "No figures yet: no survey results are loaded for this milestone."
    return "No figures yet: the results for this milestone are not loaded."
