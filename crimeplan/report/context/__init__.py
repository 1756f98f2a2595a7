"""The board paper as a document: a frozen :class:`ReportContext` built from a ``PlanResult``.

The paper shows the same result objects as the portal (``compute_plan``): every figure is a
field of a result, shown with ``crimeplan.render.formatting`` / ``crimeplan.render.tables``.
The renderers (``html``, ``pdf``, ``docx``) only lay the context out.

Building happens in two steps:

1. :func:`~crimeplan.report.context.draft.draft` writes the sections in order: title block,
   purpose, executive summary, background, one section per strategic outcome (milestones with
   their table row, SPC chart, assurance and narrative; deliverables with their latest approved
   update), implications, recommendations, authors, and the appendices (breakdowns; data
   sources). Text may carry cross-references as ``[[key]]`` (a table, a figure, a milestone's or
   a deliverable's paragraphs, an appendix), footnotes as ``^[text]`` and ``**bold**``.
2. :func:`~crimeplan.report.context.numbering.number` numbers paragraphs continuously, then
   tables, figures and footnotes in reading order, and resolves every cross-reference.

The number check (``numbercheck``) then reads the finished context.

Modules: ``model`` (the document's dataclasses), ``markup``, ``words``, ``draft`` (the order of
sections), one module per part of the paper (``summary``, ``milestones``, ``surveys``,
``deliverables``, ``breakdowns``, ``sources``), ``numbering`` and ``checking``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from crimeplan.metrics.results import PlanResult
from crimeplan.plan import Plan
from crimeplan.report.context.checking import check, check_document, facts, subjects
from crimeplan.report.context.data import PaperData, gather
from crimeplan.report.context.draft import draft, text_fields
from crimeplan.report.context.markup import para, runs
from crimeplan.report.context.model import (
    Block,
    Bullets,
    Figure,
    Heading,
    Paragraph,
    ReportContext,
    Run,
    Section,
    Source,
    Table,
    long_date,
    plain,
)
from crimeplan.report.context.numbering import number
from crimeplan.report.context.sources import source, with_sources_table
from crimeplan.report.texts import TextBlocks
from crimeplan.report.updates import deliverable_status
from crimeplan.workflow.status import plan_start


def build_context(result: PlanResult, texts: TextBlocks, updates: dict[str, Any] | None = None, *,
                  loads: Sequence[dict[str, Any]] = (), meeting_date: date | None = None,
                  as_at: int | None = None, data: PaperData | None = None) -> ReportContext:
    """The whole paper for ``result``: drafted, numbered, and number-checked."""
    plan: Plan = result.plan
    statuses = {d.id: deliverable_status(d, (updates or {}).get(d.id), result.briefing_date, plan_start(plan))
                for d in plan.deliverables.values()}
    filled = texts.filled(text_fields(result))
    sections = draft(result, filled, statuses, data)
    numbered, footnotes = number(sections)
    context = ReportContext(
        title=filled.title, board=plan.board or "Board", meeting_date=meeting_date or result.briefing_date,
        briefing_date=result.briefing_date, area=result.area.name, plan_id=plan.id, plan_version=plan.version,
        plan_checksum=plan.checksum, plan_citation=plan.citation, sections=numbered, footnotes=footnotes,
        sources=tuple(source(load) for load in loads), as_at=as_at)
    context = replace(context, warnings=tuple(check(context, result, data.area_sets if data else None)))
    return with_sources_table(context)


__all__ = ["Block", "Bullets", "Figure", "Heading", "PaperData", "Paragraph", "ReportContext", "Run", "Section",
           "Source", "Table", "build_context", "check", "check_document", "draft", "facts", "gather", "long_date",
           "number", "para", "plain", "runs", "subjects", "text_fields"]
