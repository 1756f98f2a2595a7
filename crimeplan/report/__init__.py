"""The board paper ("Performance against the Milestones and Deliverables in the Police and Crime
Plan") in HTML, PDF and Word, rendered from the same ``PlanResult`` as the portal.

``build_report(result, …)`` gives the :class:`~crimeplan.report.context.ReportContext` (drafted,
numbered and number-checked); ``render(context, fmt)`` gives the file's bytes. See docs/report.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crimeplan.report.context import PaperData, ReportContext, build_context, gather
from crimeplan.report.texts import TextBlocks, load_texts

FORMATS = ("html", "pdf", "docx")


def build_report(result: Any, *, texts: TextBlocks | None = None, updates: dict[str, Any] | None = None,
                 loads: list[dict[str, Any]] | tuple = (), meeting_date: date | None = None,
                 as_at: int | None = None, data: PaperData | None = None) -> ReportContext:
    """The paper for ``result``; ``data`` (:func:`gather`) holds what it shows beyond the results (hate
    crime, funding, re-offending, confidence, authors). ``texts`` default to the plan's own."""
    return build_context(result, texts or load_texts(plan_file=result.plan.source_path), updates, loads=loads,
                         meeting_date=meeting_date, as_at=as_at, data=data)


def render(context: ReportContext, fmt: str) -> bytes:
    """The paper's file: ``html`` (standalone, UTF-8), ``pdf`` or ``docx``."""
    if fmt == "html":
        from crimeplan.report.html import render_html
        return render_html(context).encode("utf-8")
    if fmt == "pdf":
        from crimeplan.report.pdf import render_pdf
        return render_pdf(context)
    if fmt == "docx":
        from crimeplan.report.docx import render_docx
        return render_docx(context)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "PaperData", "ReportContext", "TextBlocks", "build_report", "gather", "load_texts", "render"]
