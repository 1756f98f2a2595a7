"""Drafting: the paper's sections in order, from the results, the text blocks and the deliverables'
statuses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from crimeplan.metrics.results import MilestoneRow, PlanResult
from crimeplan.plan import Milestone, Plan
from crimeplan.report.context.breakdowns import breakdowns, by_area_hidden
from crimeplan.report.context.data import PaperData
from crimeplan.report.context.deliverables import deliverable_blocks
from crimeplan.report.context.markup import para, runs
from crimeplan.report.context.matrix import summary_section
from crimeplan.report.context.milestones import milestone_blocks, performance_tables
from crimeplan.report.context.model import Block, Bullets, Section, long_date
from crimeplan.report.context.placement import after_deliverable, outcome_opening
from crimeplan.report.context.summary import executive_summary
from crimeplan.report.texts import TextBlocks
from crimeplan.report.updates import DeliverableStatus


def text_fields(result: PlanResult) -> dict[str, Any]:
    plan: Plan = result.plan
    current = result.milestones.current_period
    whole_year = current.month_count == 12 and current.start.month == 4
    return {
        "plan_title": plan.title, "plan_year": plan.years[0].label if plan.years else result.milestones.current_label,
        "board": plan.board or "Board", "force_name": _force_name(result), "area": result.area.name,
        "outcome_count": len(plan.outcomes), "briefing_date": long_date(result.briefing_date),
        "data_end": f"{result.data_end:%B %Y}" if result.data_end else "no data",
        "period_phrase": "end of year" if whole_year else f"year to date (to {current.end:%B %Y})",
    }


def _force_name(result: PlanResult) -> str:
    if result.area.level == "force":
        return result.area.name
    return (result.plan.force or "the force").replace("-", " ").title()


def draft(result: PlanResult, texts: TextBlocks, statuses: dict[str, DeliverableStatus],
          data: PaperData | None = None) -> list[Section]:
    data = data or PaperData()
    plan: Plan = result.plan
    rows = {r.measure: r for r in result.milestones.rows}
    home = _tables_home(plan, result)
    sections = [
        summary_section(result, data),
        Section("Purpose of report", "purpose", tuple(para(t) for t in texts.purpose)),
        Section("Executive summary", "summary",
                tuple(para(t) for t in texts.executive_summary) + executive_summary(result, statuses)),
        Section("Background", "background", background(plan, texts)),
    ]
    for outcome in plan.outcomes.values():
        blocks: list[Block] = outcome_opening(outcome, data)
        if outcome.id == home:
            blocks += performance_tables(result, data.small_levels)
        for milestone in plan.milestones_for(outcome.id):
            blocks += _milestone(result, milestone, rows, data)
        for deliverable in plan.deliverables_for(outcome.id):
            blocks += deliverable_blocks(statuses[deliverable.id]) + after_deliverable(deliverable, data)
        if not blocks:
            blocks.append(para("The plan sets no milestones or deliverables under this outcome.", numbered=False,
                               style="note"))
        title = f"{outcome.id} {outcome.title}" if len(outcome.id) == 1 else outcome.title
        lead = f" (Lead {outcome.lead})" if outcome.lead else ""
        sections.append(Section(title + lead, f"outcome:{outcome.id}",
                                tuple(_tag(b, f"outcome:{outcome.id}") for b in blocks)))
    sections += [
        Section("Financial implications", "financial", tuple(para(t) for t in texts.financial)),
        Section("Legal implications", "legal", tuple(para(t) for t in texts.legal)),
        Section("Recommendations", "recommendations", tuple(para(t) for t in texts.recommendations)),
        Section("Authors", "authors", tuple(para(t, numbered=False) for t in data.authors or texts.authors)),
        Section("Breakdown by clear-up" if by_area_hidden(result, data.small_levels)
                else "Breakdowns by area and by clear-up", "appendix:breakdowns", breakdowns(result, data.small_levels),
                appendix="A"),
        Section("Data sources, load dates and plan version", "appendix:sources", (), appendix="B"),
    ]
    return sections


def _tag(block: Block, group: str) -> Block:
    return replace(block, groups=(group, *block.groups)) if hasattr(block, "groups") else block


def _milestone(result: PlanResult, milestone: Milestone, rows: dict[str, MilestoneRow],
               data: PaperData) -> list[Block]:
    """A milestone's blocks: from the force's milestone table, or from its own areas' (the priority areas)."""
    measured = data.area_sets.get(milestone.id)
    if measured is not None and measured.table.rows:
        return milestone_blocks(result, milestone, measured.table.rows[0], measured)
    return milestone_blocks(result, milestone, _row_for(milestone, rows))


def _row_for(milestone: Milestone, rows: dict[str, MilestoneRow]) -> MilestoneRow | None:
    row = rows.get(milestone.measure or "")
    return row if row is not None and row.title == milestone.title else None


def _tables_home(plan: Plan, result: PlanResult) -> str | None:
    """The outcome whose section carries the milestone and outcome tables: the one most of the
    table's milestones belong to (outcome E in the paper)."""
    votes: dict[str, int] = defaultdict(int)
    by_title = {m.title: m for m in plan.milestones.values()}
    for row in result.milestones.rows:
        if row.title in by_title:
            votes[by_title[row.title].outcome] += 1
    if not votes:
        return next(iter(plan.outcomes), None)
    return max(votes, key=lambda k: (votes[k], -list(plan.outcomes).index(k)))



def background(plan: Plan, texts: TextBlocks) -> tuple[Block, ...]:
    out: list[Block] = []
    first, rest = texts.background[:1], texts.background[1:]
    out += [para(t) for t in first]
    items = []
    for o in plan.outcomes.values():
        label = f"{o.id} {o.title}" if len(o.id) == 1 else o.title
        items.append(runs(f"{label}[[(outcome:{o.id})]]"))
    out.append(Bullets(tuple(items)))
    out += [para(t) for t in rest]
    return tuple(out)


