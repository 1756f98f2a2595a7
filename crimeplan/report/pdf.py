"""The paper as PDF: the print HTML through WeasyPrint (A4, running header and footer with page
numbers, footnotes at the foot of their page, vector SVG charts, no table or chart split across
pages when it fits on one)."""

from __future__ import annotations

from crimeplan.report.context import ReportContext
from crimeplan.report.html import render_html


def render_pdf(context: ReportContext) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=render_html(context, for_print=True)).write_pdf()
