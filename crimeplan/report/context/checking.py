"""The number check's view of the paper: the figures of the results (facts), the survey subjects,
and the finished paper's passages and tables."""

from __future__ import annotations

from collections.abc import Mapping

from crimeplan.metrics.results import MilestoneTable, PlanResult
from crimeplan.plan import Plan
from crimeplan.report import numbercheck as nc
from crimeplan.report.context.data import AreaSetMilestone
from crimeplan.report.context.model import Heading, Paragraph, ReportContext, Table
from crimeplan.report.context.words import in_area_set


def facts(result: PlanResult, area_sets: Mapping[str, AreaSetMilestone] | None = None) -> list[nc.Fact]:
    """The values the number check compares prose with: every figure of the result's tables, and of
    the milestones measured in their own areas under their own names ("… in the priority areas")."""
    out = _milestone_facts(result.plan, result.milestones)
    for measured in (area_sets or {}).values():
        out += _milestone_facts(result.plan, measured.table, measured.table.area.name)
    return out + _outcome_facts(result)


def _milestone_facts(plan: Plan, table: MilestoneTable, area_set: str | None = None) -> list[nc.Fact]:
    out: list[nc.Fact] = []
    for row in table.rows:
        measure = plan.measures.get(row.measure)
        title = measure.title if measure else row.title
        short = (row.measure.upper(),) if row.measure.isalpha() and len(row.measure) <= 4 else ()
        if area_set:
            title, short = in_area_set(title, area_set), ()
        names = (title, *short)
        given = [("count", row.baseline, (table.baseline_label,)), ("count", row.current, (table.current_label,)),
                 ("difference", row.difference, (table.current_label, table.baseline_label))]
        out += [nc.Fact(title, names, kind, value, *periods) for kind, value, periods in given if value is not None]
        if row.performance is not None:
            out.append(nc.Fact(title, names, "change", row.performance, table.current_label, table.baseline_label))
    return out


def _outcome_facts(result: PlanResult) -> list[nc.Fact]:
    plan, table = result.plan, result.milestones
    out: list[nc.Fact] = []
    for outcome in result.outcomes.rows:
        rate = plan.rates.get(outcome.measure)
        numerator_measure = plan.measures.get(rate.numerator_measure) if rate else None
        numerator = numerator_measure.title if numerator_measure else None
        names = (outcome.title,) + ((numerator,) if numerator else ())
        out += [nc.Fact(outcome.title, names, kind, value, table.current_label)
                for kind, value in (("recorded", outcome.recorded), ("detected", outcome.detected))
                if value is not None]
        if outcome.rate is not None:
            out.append(nc.Fact(outcome.title, names, "rate", outcome.rate, table.current_label))
    return out


def subjects(plan: Plan) -> list[nc.Subject]:
    return [nc.Subject.from_title(s.title, s.title) for s in plan.surveys.values()]


def check_document(context: ReportContext) -> nc.CheckDocument:
    passages: list[nc.Passage] = []
    check_tables: list[nc.TableText] = []
    last = None
    for section in context.sections:
        heading, group = section.heading, section.anchor
        for block in section.blocks:
            if isinstance(block, Heading):
                heading, group = f"{block.text} {block.lead or ''}".strip(), block.anchor or block.text
            elif isinstance(block, Paragraph):
                where = f"paragraph {block.number}" if block.number else f"the note in {section.heading!r}"
                passages.append(nc.Passage(where, block.text, block.number, heading, group))
                last = block.number or last
            elif isinstance(block, Table):
                check_tables.append(nc.TableText(block.label, (block.headings,), block.rows, last, block.caption))
    labels = frozenset([t.label for t in context.tables] + [f.label for f in context.figures])
    return nc.CheckDocument(tuple(passages), tuple(check_tables), labels)


def check(context: ReportContext, result: PlanResult,
          area_sets: Mapping[str, AreaSetMilestone] | None = None) -> list[nc.NumberWarning]:
    return nc.check(check_document(context), facts(result, area_sets), subjects(result.plan))
